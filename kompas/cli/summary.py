"""A short text summary of a scored cohort (`kompas demo`)."""

from __future__ import annotations

import pandas as pd

__all__ = ["cohort_summary"]

_SMALLEST_GROUP = 10


def _shares(values: pd.Series) -> str:
    counts = values[values != ""].value_counts(normalize=True)
    return ", ".join(f"{name} {share:.0%}" for name, share in counts.items())


def cohort_summary(answers: pd.DataFrame, assessed: pd.DataFrame, *, synthetic: bool) -> list[str]:
    """Lines describing a scored cohort. Groups smaller than 10 are not shown."""
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
    decided = answers["bg_sector_technical"].isin([1, 2])
    technical = answers["bg_sector_technical"] == 1
    for label, column, codes in (("gender", "bg_gender", {1: "women", 2: "men"}),):
        parts = []
        for code, name in codes.items():
            members = decided & (answers[column] == code)
            if members.sum() >= _SMALLEST_GROUP:
                parts.append(f"{name} {technical[members].mean():.0%}")
        lines.append(f"intends or works in the technical sector, by {label}: {', '.join(parts)}")
    if "profile" in assessed:
        parts = []
        for profile in sorted(set(assessed["profile"]) - {""}):
            members = decided & (assessed["profile"] == profile)
            if members.sum() >= _SMALLEST_GROUP:
                parts.append(f"{profile} {technical[members].mean():.0%}")
        lines.append(f"intends or works in the technical sector, by profile: {', '.join(parts)}")
    return lines
