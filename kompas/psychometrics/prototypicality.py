"""Prototypicality: how close a person's profile is to a reference group's mean profile.

Three indices over the compass scales (Furr 2008; Cronbach & Gleser 1953):

- shape: the profile correlation ``r(x, p)`` between the person's scale scores ``x`` and the
  prototype's mean scores ``p``;
- distance: the Euclidean distance between the standardised profiles,
  ``sqrt(sum_j ((x_j - p_j) / sd_j)^2)``, rescaled to all scales when some are missing;
- distinctive similarity: the correlation after removing the normative profile ``m`` (the
  mean profile of all respondents), ``r(x - m, p - m)``. Raw similarity is confounded with
  simply being average; the distinctive index is not.

To read a distance, a prototype keeps the distances of its reference group's own members to
the reference profile (`Prototype.distances`, their mid-rank percentiles as for norms, see
`kompas.psychometrics.norms`): a person is "closer than N% of the reference group" with
``N = 100 - percentile(distance)`` (`Prototype.closer_than`), the share of members further
away plus half of those at the same distance (interpolated between the members' distances).

Prototypicality is information about resemblance, never a verdict or a selection tool.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import pandas as pd

from kompas.psychometrics.norms import ScaleNorm

__all__ = ["Prototype", "profile_correlation", "prototypicality"]

_MIN_SCALES = 3


@dataclass(frozen=True)
class Prototype:
    """The mean profile of a reference group next to the normative (all-respondent) profile."""

    id: str
    scales: tuple[str, ...]
    profile: tuple[float, ...]
    normative: tuple[float, ...]
    sd: tuple[float, ...]
    synthetic: bool
    reference_group: str = ""
    n: int = 0
    #: The distances of the reference group's members to the profile (None in older sets).
    distances: ScaleNorm | None = None

    def __post_init__(self) -> None:
        sizes = {len(self.scales), len(self.profile), len(self.normative), len(self.sd)}
        if len(sizes) != 1:
            raise ValueError("a prototype needs one profile, normative and sd value per scale")

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "synthetic": self.synthetic,
            "reference_group": self.reference_group,
            "n": self.n,
            "scales": list(self.scales),
            "profile": list(self.profile),
            "normative": list(self.normative),
            "sd": list(self.sd),
            **({"distances": self.distances.to_dict()} if self.distances else {}),
        }

    @classmethod
    def from_dict(cls, raw: Mapping[str, Any]) -> Prototype:
        return cls(
            id=str(raw["id"]),
            scales=tuple(raw["scales"]),
            profile=tuple(float(v) for v in raw["profile"]),
            normative=tuple(float(v) for v in raw["normative"]),
            sd=tuple(float(v) for v in raw["sd"]),
            synthetic=bool(raw["synthetic"]),
            reference_group=str(raw.get("reference_group", "")),
            n=int(raw.get("n", 0)),
            distances=ScaleNorm.from_dict(raw["distances"]) if "distances" in raw else None,
        )

    @classmethod
    def from_scores(
        cls,
        scores: pd.DataFrame,
        reference: np.ndarray,
        *,
        prototype_id: str,
        synthetic: bool,
        reference_group: str,
    ) -> Prototype:
        """Build from a cohort's scale scores and a boolean mask of the reference group,
        with the distances of the group's members (`with_distances`)."""
        mask = np.asarray(reference, dtype=bool)
        if mask.sum() < 10:
            raise ValueError(f"the reference group needs at least 10 respondents, has {mask.sum()}")
        prototype = cls(
            id=prototype_id,
            scales=tuple(scores.columns),
            profile=tuple(float(v) for v in scores[mask].mean()),
            normative=tuple(float(v) for v in scores.mean()),
            sd=tuple(float(v) for v in scores.std(ddof=1)),
            synthetic=synthetic,
            reference_group=reference_group,
            n=int(mask.sum()),
        )
        return prototype.with_distances(scores[mask])

    def with_distances(self, members: pd.DataFrame) -> Prototype:
        """This prototype with the distribution of `members`' distances to its profile.

        The distances are rounded to two decimals (the report shows one) so the stored
        distribution stays small; a person's distance is placed among them by interpolation.
        """
        distance = prototypicality(members, self)["proto_distance"].to_numpy()
        return replace(self, distances=ScaleNorm.from_scores(np.round(distance, 2)))

    def closer_than(self, distance: float | None) -> float | None:
        """The share (0-100) of the reference group further from the profile than `distance`,
        ties counted half: ``100 - `` the mid-rank percentile of `distance` among the members'
        distances, interpolated between them as for norms. None without a distance or without
        the members' distances.

        >>> members = pd.DataFrame({"a": [3.0, 4, 5, 3, 3], "b": [3.0] * 5, "c": [3.0, 3, 3, 5, 6]})
        >>> p = Prototype("p", ("a", "b", "c"), (3, 3, 3), (3, 3, 3), (1, 1, 1), True)
        >>> p = p.with_distances(members)  # members at distances 0, 1, 2, 2 and 3
        >>> p.closer_than(2.0), p.closer_than(2.5)  # 2: (1 further + 2 equal / 2) / 5
        (40.0, 25.0)
        """
        if distance is None or np.isnan(distance) or self.distances is None:
            return None
        return float(100.0 - self.distances.percentile(np.array([distance]))[0])


def profile_correlation(profiles: np.ndarray, reference: np.ndarray) -> np.ndarray:
    """Row-wise Pearson correlation of each profile with one reference profile.

    Missing scales are left out of that row's correlation; fewer than three observed scales,
    or a flat profile, gives NaN.

    >>> profile_correlation(np.array([[1.0, 2.0, 3.0], [3.0, 2.0, 1.0]]), np.array([1, 2, 4]))
    array([ 0.98198051, -0.98198051])
    """
    x = np.atleast_2d(np.asarray(profiles, dtype=np.float64))
    y = np.broadcast_to(np.asarray(reference, dtype=np.float64), x.shape)
    observed = ~np.isnan(x)
    count = observed.sum(axis=1)
    xs = np.where(observed, x, 0.0)
    ys = np.where(observed, y, 0.0)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean_x = xs.sum(axis=1) / count
        mean_y = ys.sum(axis=1) / count
        dx = np.where(observed, x - mean_x[:, None], 0.0)
        dy = np.where(observed, y - mean_y[:, None], 0.0)
        r = (dx * dy).sum(axis=1) / np.sqrt((dx**2).sum(axis=1) * (dy**2).sum(axis=1))
    r[count < _MIN_SCALES] = np.nan
    return np.asarray(r)


def prototypicality(scores: pd.DataFrame, prototype: Prototype) -> pd.DataFrame:
    """Shape, distance and distinctive similarity of every respondent to the prototype.

    `scores` holds raw scale scores with (at least) the prototype's scales as columns.
    Returns columns ``proto_shape``, ``proto_distance`` and ``proto_distinctive``.

    Example: with prototype (4, 4, 2), normative (3, 3, 3) and sd (1, 1, 1), a person at
    (5, 4, 1) has shape r = 0.97, distance sqrt(1 + 0 + 1) = 1.41 and distinctive r = 0.97.
    """
    missing = [s for s in prototype.scales if s not in scores.columns]
    if missing:
        raise ValueError(f"the scores have no column for scale(s) {', '.join(missing)}")
    x = scores[list(prototype.scales)].to_numpy(dtype=np.float64, na_value=np.nan)
    profile = np.asarray(prototype.profile)
    normative = np.asarray(prototype.normative)
    standardised = (x - profile) / np.asarray(prototype.sd)
    observed = (~np.isnan(x)).sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        distance = np.sqrt(np.nansum(standardised**2, axis=1) * x.shape[1] / observed)
    distance[observed < _MIN_SCALES] = np.nan
    return pd.DataFrame(
        {
            "proto_shape": profile_correlation(x, profile),
            "proto_distance": distance,
            "proto_distinctive": profile_correlation(x - normative, profile - normative),
        },
        index=scores.index,
    )
