"""Norm sets: per scale (and per group) mean, SD and percentiles of a reference cohort.

A z-score places a score against the norm group's mean and standard deviation::

    z = (score - mean) / sd            (sd with n - 1 in the denominator, as R's sd())

A percentile is the mid-rank percentile of the reference distribution::

    percentile = 100 * (count(reference < score) + count(reference == score) / 2) / n

interpolated linearly between the distinct reference values (Crocker & Algina 1986, ch. 19).

A norm set holds an "all" group and, when built with a grouping column, one group per value
(e.g. students and employees). A group with fewer than `min_group_size` reference
respondents is not stored; scoring then falls back to "all" and says so.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

__all__ = ["ALL", "NormSet", "ScaleNorm", "build_norms"]

#: The name of the group holding the whole reference cohort.
ALL = "all"

_SUMMARY_PERCENTILES = (10, 25, 50, 75, 90)


@dataclass(frozen=True)
class ScaleNorm:
    """The reference distribution of one scale in one group."""

    n: int
    mean: float
    sd: float
    values: tuple[float, ...]
    midranks: tuple[float, ...]
    percentiles: Mapping[int, float]

    @classmethod
    def from_scores(cls, scores: np.ndarray) -> ScaleNorm:
        scores = np.asarray(scores, dtype=np.float64)
        scores = scores[~np.isnan(scores)]
        if scores.size < 2:
            raise ValueError("a norm needs at least two reference scores")
        # Means of a few items take few distinct values; rounding merges float noise.
        values, counts = np.unique(np.round(scores, 6), return_counts=True)
        below = np.cumsum(counts) - counts
        midranks = 100.0 * (below + counts / 2.0) / scores.size
        return cls(
            n=int(scores.size),
            mean=float(scores.mean()),
            sd=float(scores.std(ddof=1)),
            values=tuple(float(v) for v in values),
            midranks=tuple(float(m) for m in midranks),
            percentiles={p: float(np.percentile(scores, p)) for p in _SUMMARY_PERCENTILES},
        )

    def z(self, scores: np.ndarray) -> np.ndarray:
        """``(score - mean) / sd``."""
        return (np.asarray(scores, dtype=np.float64) - self.mean) / self.sd

    def percentile(self, scores: np.ndarray) -> np.ndarray:
        """Mid-rank percentile, interpolated between reference values; clipped to (0, 100)."""
        scores = np.asarray(scores, dtype=np.float64)
        edges_x = np.concatenate([[self.values[0] - 1e-9], self.values, [self.values[-1] + 1e-9]])
        edges_y = np.concatenate([[0.0], self.midranks, [100.0]])
        result = np.interp(scores, edges_x, edges_y)
        result[np.isnan(scores)] = np.nan
        return result

    def to_dict(self) -> dict[str, Any]:
        return {
            "n": self.n,
            "mean": self.mean,
            "sd": self.sd,
            "percentiles": {str(k): v for k, v in self.percentiles.items()},
            "values": list(self.values),
            "midranks": list(self.midranks),
        }

    @classmethod
    def from_dict(cls, raw: Mapping[str, Any]) -> ScaleNorm:
        return cls(
            n=int(raw["n"]),
            mean=float(raw["mean"]),
            sd=float(raw["sd"]),
            values=tuple(float(v) for v in raw["values"]),
            midranks=tuple(float(m) for m in raw["midranks"]),
            percentiles={int(k): float(v) for k, v in raw["percentiles"].items()},
        )


@dataclass(frozen=True)
class NormSet:
    """Versioned norms: `groups[group][column]` is a `ScaleNorm`."""

    id: str
    instrument: str
    synthetic: bool
    groups: Mapping[str, Mapping[str, ScaleNorm]]
    group_by: str | None = None
    description: str = ""
    metadata: Mapping[str, Any] = field(default_factory=dict)

    def group_for(self, group: object) -> str:
        """The stored group to use for `group` ("all" when it has no norms of its own)."""
        key = _group_key(group)
        return key if key in self.groups else ALL

    def standardise(
        self, scores: pd.DataFrame, groups: pd.Series | None = None, *, kind: str = "z"
    ) -> pd.DataFrame:
        """z-scores (kind "z") or percentiles (kind "percentile") of every normed column.

        Rows are standardised against their own group's norms when `groups` is given and the
        group has norms; otherwise against "all".
        """
        if kind not in {"z", "percentile"}:
            raise ValueError(f"kind must be 'z' or 'percentile', got {kind!r}")
        columns = [c for c in scores.columns if c in self.groups[ALL]]
        result = pd.DataFrame(np.nan, index=scores.index, columns=columns)
        used = self.groups_used(scores.index, groups)
        for group in used.unique():
            rows = (used == group).to_numpy()
            norms = self.groups[group]
            for column in columns:
                norm = norms.get(column) or self.groups[ALL][column]
                values = scores.loc[rows, column].to_numpy(dtype=np.float64)
                converted = norm.z(values) if kind == "z" else norm.percentile(values)
                result.loc[rows, column] = converted
        return result

    def groups_used(self, index: pd.Index, groups: pd.Series | None) -> pd.Series:
        """Per row, the norm group its scores are compared with."""
        if groups is None:
            return pd.Series(ALL, index=index)
        return groups.reindex(index).map(self.group_for).astype(str)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "instrument": self.instrument,
            "synthetic": self.synthetic,
            "description": self.description,
            "group_by": self.group_by,
            "metadata": dict(self.metadata),
            "groups": {
                group: {column: norm.to_dict() for column, norm in norms.items()}
                for group, norms in self.groups.items()
            },
        }

    @classmethod
    def from_dict(cls, raw: Mapping[str, Any]) -> NormSet:
        return cls(
            id=str(raw["id"]),
            instrument=str(raw["instrument"]),
            synthetic=bool(raw["synthetic"]),
            description=str(raw.get("description", "")),
            group_by=raw.get("group_by"),
            metadata=dict(raw.get("metadata", {})),
            groups={
                str(group): {c: ScaleNorm.from_dict(n) for c, n in norms.items()}
                for group, norms in raw["groups"].items()
            },
        )


def _group_key(group: object) -> str:
    if group is None or (isinstance(group, float) and np.isnan(group)):
        return ALL
    if isinstance(group, float) and group.is_integer():
        group = int(group)
    return str(group)


def build_norms(
    scores: pd.DataFrame,
    *,
    norm_id: str,
    instrument: str,
    synthetic: bool,
    groups: pd.Series | None = None,
    min_group_size: int = 50,
    description: str = "",
    metadata: Mapping[str, Any] | None = None,
) -> NormSet:
    """Build a norm set from reference scores (one column per scale).

    A group gets norms for the columns it has at least `min_group_size` scores on.

    Example: scores 1, 2, 3, 4 give mean 2.5, sd 1.29 (n - 1), and a score of 3 sits at the
    62.5th percentile (2 below, 1 equal: (2 + 0.5) / 4).
    """
    if scores.empty:
        raise ValueError("cannot build norms from an empty reference cohort")
    counts = scores.notna().sum()
    too_few = [str(c) for c in scores.columns if counts[c] < 2]
    if too_few:
        raise ValueError(f"column(s) {', '.join(too_few)} have fewer than two reference scores")
    stored: dict[str, dict[str, ScaleNorm]] = {
        ALL: {c: ScaleNorm.from_scores(scores[c].to_numpy()) for c in scores.columns}
    }
    if groups is not None:
        keys = groups.reindex(scores.index).map(_group_key)
        for key in sorted(set(keys) - {ALL}):
            members = scores[(keys == key).to_numpy()]
            # A column a group hardly answers (employee-only questions for students) keeps
            # only the overall norm.
            enough = [c for c in scores.columns if members[c].notna().sum() >= min_group_size]
            if enough:
                stored[key] = {c: ScaleNorm.from_scores(members[c].to_numpy()) for c in enough}
    return NormSet(
        id=norm_id,
        instrument=instrument,
        synthetic=synthetic,
        groups=stored,
        group_by=None if groups is None else str(groups.name),
        description=description,
        metadata=dict(metadata or {}),
    )
