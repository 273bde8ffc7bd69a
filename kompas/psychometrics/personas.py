"""The personas each identity status maps to, with their stories in Dutch and English.

Tim (achievement), Joost (foreclosure) and Luuk (moratorium) follow the "Mind the Gap!"
personas; Robin (searching moratorium) and Sam (diffusion) were written for Kompas, since
the source has none for these statuses. The texts live in `personas.yaml`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from kompas.psychometrics.identity import STATUSES

__all__ = ["Persona", "load_personas", "persona_for"]

PERSONAS_FILE = Path(__file__).resolve().parent / "personas.yaml"

Text = Mapping[str, str]


@dataclass(frozen=True)
class Persona:
    status: str
    name: str
    status_name: Text
    summary: Text
    story: Text
    choosing: Text
    helps: Text
    phases: Mapping[str, Text]


@cache
def load_personas() -> Mapping[str, Persona]:
    """Every persona by identity status."""
    raw = yaml.safe_load(PERSONAS_FILE.read_text(encoding="utf-8"))["personas"]
    missing = sorted(set(STATUSES) - set(raw))
    if missing:
        raise ValueError(f"{PERSONAS_FILE.name} has no persona for {', '.join(missing)}")
    return {
        status: Persona(
            status=status,
            name=spec["name"],
            status_name=spec["status"],
            summary=spec["summary"],
            story=spec["story"],
            choosing=spec["choosing"],
            helps=spec["helps"],
            phases=spec["phases"],
        )
        for status, spec in raw.items()
    }


def persona_for(status: str) -> Persona:
    """The persona of an identity status ("achievement" gives Tim)."""
    personas = load_personas()
    if status not in personas:
        raise ValueError(f"unknown identity status {status!r}; known: {', '.join(STATUSES)}")
    return personas[status]
