"""Identity status (Marcia 1966) from commitment, exploration and reconsideration.

The three process dimensions are standardised (z-scores against the norms) and a respondent
gets the status of the nearest reference centroid, with the Euclidean distance to every
centroid. Reference centroids come from a cohort by Gore's two-step clustering: Ward's
hierarchical clustering chooses the starting centres, k-means refines them (Gore 2000;
Crocetti, Rubini & Meeus 2008 used it for U-MICS). A solution where more than 20% of the
respondents switch cluster between the two steps is suspect, so `derive_centroids` reports
that share.

Without centroids, `split_status` is the fallback: a z = 0 split on each dimension, read as

=========================  ==========  ===========  ===============
status                     commitment  exploration  reconsideration
=========================  ==========  ===========  ===============
achievement                high        high         low
searching_moratorium       high        high         high
foreclosure                high        low          (any)
moratorium                 low         high or reconsideration high
diffusion                  low         low          low
=========================  ==========  ===========  ===============
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from scipy.cluster.hierarchy import fcluster, linkage
from scipy.optimize import linear_sum_assignment
from sklearn.cluster import KMeans

__all__ = [
    "DIMENSIONS",
    "IDEAL_PATTERNS",
    "STATUSES",
    "Centroids",
    "TwoStepClusters",
    "derive_centroids",
    "identity_status",
    "life_phase_statuses",
    "split_status",
    "two_step_clustering",
]

STATUSES = ("achievement", "foreclosure", "moratorium", "searching_moratorium", "diffusion")
DIMENSIONS = ("commitment", "exploration", "reconsideration")

#: The sign pattern that names a cluster (commitment, exploration, reconsideration), after
#: Crocetti, Rubini & Meeus (2008), figure 1.
IDEAL_PATTERNS: Mapping[str, tuple[float, float, float]] = {
    "achievement": (1.0, 1.0, -0.5),
    "foreclosure": (0.5, -1.0, -0.5),
    "moratorium": (-1.0, 0.0, 1.0),
    "searching_moratorium": (0.5, 1.0, 1.0),
    "diffusion": (-1.0, -1.0, -0.5),
}


@dataclass(frozen=True)
class Centroids:
    """Reference centroids on standardised (commitment, exploration, reconsideration)."""

    id: str
    centres: Mapping[str, tuple[float, float, float]]
    synthetic: bool
    shares: Mapping[str, float]
    switched_share: float = 0.0
    description: str = ""

    def matrix(self) -> tuple[list[str], np.ndarray]:
        names = [s for s in STATUSES if s in self.centres]
        return names, np.array([self.centres[s] for s in names], dtype=np.float64)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "synthetic": self.synthetic,
            "description": self.description,
            "dimensions": list(DIMENSIONS),
            "centres": {k: list(v) for k, v in self.centres.items()},
            "shares": dict(self.shares),
            "switched_share": self.switched_share,
        }

    @classmethod
    def from_dict(cls, raw: Mapping[str, Any]) -> Centroids:
        return cls(
            id=str(raw["id"]),
            centres={k: (float(v[0]), float(v[1]), float(v[2])) for k, v in raw["centres"].items()},
            synthetic=bool(raw["synthetic"]),
            shares={k: float(v) for k, v in raw.get("shares", {}).items()},
            switched_share=float(raw.get("switched_share", 0.0)),
            description=str(raw.get("description", "")),
        )


def _as_dimensions(z: np.ndarray | pd.DataFrame) -> np.ndarray:
    array = np.asarray(z, dtype=np.float64)
    if array.ndim != 2 or array.shape[1] != 3:
        raise ValueError(
            "identity status needs respondents x 3 standardised scores "
            f"(commitment, exploration, reconsideration), got shape {array.shape}"
        )
    return array


def identity_status(
    z: np.ndarray | pd.DataFrame, centroids: Centroids
) -> tuple[np.ndarray, pd.DataFrame]:
    """The status of the nearest centroid and the distance to every centroid.

    ``distance_s = sqrt(sum_d (z_d - c_sd)^2)`` over the three dimensions. A row with any
    missing dimension gets status "" and NaN distances.

    Example: with centroids achievement (1, 1, -1) and diffusion (-1, -1, -1), a respondent at
    (0.8, 0.5, -1) is 0.54 from achievement and 2.34 from diffusion: achievement.
    """
    values = _as_dimensions(z)
    names, centres = centroids.matrix()
    distances = np.sqrt(((values[:, None, :] - centres[None, :, :]) ** 2).sum(axis=2))
    complete = ~np.isnan(values).any(axis=1)
    statuses = np.full(values.shape[0], "", dtype=object)
    if complete.any():
        statuses[complete] = np.asarray(names, dtype=object)[np.argmin(distances[complete], axis=1)]
    index = z.index if isinstance(z, pd.DataFrame) else None
    return statuses, pd.DataFrame(distances, columns=names, index=index)


def split_status(z: np.ndarray | pd.DataFrame, threshold: float = 0.0) -> np.ndarray:
    """The z = 0 (or median) split fallback; see the table in the module docstring."""
    values = _as_dimensions(z)
    commitment, exploration, reconsideration = (values[:, k] > threshold for k in range(3))
    statuses = np.select(
        [
            commitment & exploration & reconsideration,
            commitment & exploration,
            commitment,
            exploration | reconsideration,
        ],
        ["searching_moratorium", "achievement", "foreclosure", "moratorium"],
        default="diffusion",
    ).astype(object)
    statuses[np.isnan(values).any(axis=1)] = ""
    return statuses


@dataclass(frozen=True)
class TwoStepClusters:
    """The result of Gore's two-step clustering."""

    centres: np.ndarray
    labels: np.ndarray
    ward_labels: np.ndarray
    switched_share: float


def _triple(values: np.ndarray) -> tuple[float, float, float]:
    return float(values[0]), float(values[1]), float(values[2])


def two_step_clustering(values: np.ndarray, k: int, *, seed: int = 0) -> TwoStepClusters:
    """Ward's method cut at `k` clusters, then k-means from the Ward centres (Gore 2000).

    Step 1 is R's ``cutree(hclust(dist(x), "ward.D2"), k)``; step 2 is
    ``kmeans(x, centers = <Ward centres>, algorithm = "Lloyd")``. k-means keeps the order of
    its starting centres, so ``switched_share``, the share of rows whose cluster changed
    between the steps, compares like with like; above 0.20 the solution is suspect.
    """
    values = np.asarray(values, dtype=np.float64)
    ward = fcluster(linkage(values, method="ward"), t=k, criterion="maxclust") - 1
    starts = np.array([values[ward == c].mean(axis=0) for c in range(k)])
    kmeans = KMeans(
        n_clusters=k,
        init=starts,
        n_init=1,
        algorithm="lloyd",
        max_iter=300,
        tol=0.0,
        random_state=seed,
    ).fit(values)
    labels = np.asarray(kmeans.labels_)
    return TwoStepClusters(
        centres=np.asarray(kmeans.cluster_centers_),
        labels=labels,
        ward_labels=ward,
        switched_share=float(np.mean(ward != labels)),
    )


def derive_centroids(
    z: np.ndarray | pd.DataFrame,
    *,
    centroid_id: str,
    synthetic: bool,
    k: int = 5,
    seed: int = 0,
    description: str = "",
) -> Centroids:
    """Gore's two-step clustering of standardised scores into named status centroids.

    Step 1: Ward's method (``ward.D2`` in R's hclust) cut at k clusters gives the starting
    centres; step 2: k-means from those centres. Clusters are named by matching their
    centres to `IDEAL_PATTERNS` (Hungarian assignment on squared distance).
    `switched_share` is the share of respondents whose cluster changed between the steps.
    """
    values = _as_dimensions(z)
    values = values[~np.isnan(values).any(axis=1)]
    if k != len(STATUSES):
        raise ValueError(f"naming needs k = {len(STATUSES)} clusters, got {k}")
    if values.shape[0] < 10 * k:
        raise ValueError(f"need at least {10 * k} complete respondents, got {values.shape[0]}")
    clusters = two_step_clustering(values, k, seed=seed)
    ideal = np.array([IDEAL_PATTERNS[s] for s in STATUSES])
    cost = ((clusters.centres[:, None, :] - ideal[None, :, :]) ** 2).sum(axis=2)
    rows, cols = linear_sum_assignment(cost)
    centres = {STATUSES[c]: _triple(clusters.centres[r]) for r, c in zip(rows, cols, strict=True)}
    shares = {
        STATUSES[c]: float(np.mean(clusters.labels == r)) for r, c in zip(rows, cols, strict=True)
    }
    return Centroids(
        id=centroid_id,
        centres={s: centres[s] for s in STATUSES},
        synthetic=synthetic,
        shares={s: shares[s] for s in STATUSES},
        switched_share=clusters.switched_share,
        description=description,
    )


def life_phase_statuses(
    answers: pd.DataFrame,
    phases: Sequence[tuple[str, str, str, str]],
    *,
    midpoint: float = 3.0,
) -> pd.DataFrame:
    """A status per life phase from the phase's three single answers.

    `phases` lists ``(phase id, commitment item, exploration item, reconsideration item)``;
    the answers are split at the response scale's midpoint (a score above the midpoint is
    "high"), then read with the `split_status` table. A phase with an unanswered item (or
    one that did not apply) gets "". Single items are too coarse for centroids, and a phase
    status is meant to show the path, not a precise position.
    """
    result = pd.DataFrame(index=answers.index)
    for phase, commitment, exploration, reconsideration in phases:
        columns = [commitment, exploration, reconsideration]
        if any(c not in answers.columns for c in columns):
            result[phase] = ""
            continue
        values = answers[columns].to_numpy(dtype=np.float64, na_value=np.nan) - midpoint
        result[phase] = split_status(values)
    return result
