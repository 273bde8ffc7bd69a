"""A short text summary of a scored cohort (`kompas demo`)."""

from __future__ import annotations

import pandas as pd

from kompas.psychometrics.instrument import Instrument

__all__ = ["cohort_summary"]

_SMALLEST_GROUP = 10


def _shares(values: pd.Series) -> str:
    counts = values[values != ""].value_counts(normalize=True)
    return ", ".join(f"{name} {share:.0%}" for name, share in counts.items())


def cohort_summary(
    answers: pd.DataFrame, assessed: pd.DataFrame, instrument: Instrument, *, synthetic: bool
) -> list[str]:
    """Lines describing a scored cohort. Groups smaller than 10 are not shown; who counts as
    a woman or works in the technical sector is the instrument's `scoring.population`."""
    lines = [
        f"{len(assessed)} respondents"
        + (
            " (SYNTHETIC: generated, not real people; norms are synthetic too)" if synthetic else ""
        ),
        f"identity status: {_shares(assessed['identity_status'])}",
    ]
    if "profile" in assessed:
        lines.append(f"profile: {_shares(assessed['profile'])}")
    if "proto_shape" in assessed:
        lines.append(
            "prototypicality (shape r): median "
            f"{assessed['proto_shape'].median():.2f}, middle half "
            f"{assessed['proto_shape'].quantile(0.25):.2f} to "
            f"{assessed['proto_shape'].quantile(0.75):.2f}"
        )
    technical = instrument.group("technical_sector").members(answers)
    decided = technical | instrument.group("other_sector").members(answers)
    parts = []
    for name in ("women", "men"):
        members = decided & instrument.group(name).members(answers)
        if members.sum() >= _SMALLEST_GROUP:
            parts.append(f"{name} {technical[members].mean():.0%}")
    lines.append(f"intends or works in the technical sector, by gender: {', '.join(parts)}")
    if "profile" in assessed:
        parts = []
        for profile in sorted(set(assessed["profile"]) - {""}):
            members = decided & (assessed["profile"] == profile)
            if members.sum() >= _SMALLEST_GROUP:
                parts.append(f"{profile} {technical[members].mean():.0%}")
        lines.append(f"intends or works in the technical sector, by profile: {', '.join(parts)}")
    return lines
