"""Prototypicality: shape, distance and distinctive similarity to a reference profile."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from kompas.psychometrics.prototypicality import Prototype, profile_correlation, prototypicality
from kompas.psychometrics.scoring import scale_scores
from kompas.psychometrics.tests.bfi import bfi, bfi_instrument, r_reference

THREE = Prototype("t", ("a", "b", "c"), (4.0, 4.0, 2.0), (3.0, 3.0, 3.0), (1.0, 1.0, 1.0), True)


def test_it_works_out_a_hand_checked_person():
    person = pd.DataFrame({"a": [5.0], "b": [4.0], "c": [1.0]})
    result = prototypicality(person, THREE).iloc[0]
    # deviations from the means: person (5/3, 2/3, -7/3), prototype (2/3, 2/3, -4/3)
    assert result["proto_shape"] == pytest.approx(14 / 3 / np.sqrt(26 / 3 * 8 / 3))
    assert result["proto_distance"] == pytest.approx(np.sqrt(2))
    # minus the normative profile: (2, 1, -2) against (1, 1, -1)
    assert result["proto_distinctive"] == pytest.approx(result["proto_shape"])


def test_being_exactly_average_is_not_distinctively_similar():
    average = pd.DataFrame({"a": [3.0], "b": [3.0], "c": [3.0]})
    assert np.isnan(prototypicality(average, THREE)["proto_distinctive"].iloc[0])


def test_missing_scales_are_left_out_and_too_few_give_nan():
    people = pd.DataFrame({"a": [5.0, np.nan], "b": [4.0, 4.0], "c": [1.0, np.nan]})
    result = prototypicality(people, THREE)
    assert not np.isnan(result["proto_distance"].iloc[0])
    assert result.iloc[1].isna().all()


@given(st.lists(st.floats(1, 5), min_size=3, max_size=8), st.floats(0.1, 3), st.floats(-2, 2))
def test_shape_ignores_the_level_and_spread_of_a_profile(profile, scale, shift):
    x = np.array(profile)
    reference = np.arange(len(profile), dtype=float)
    r1 = profile_correlation(x[None, :], reference)[0]
    r2 = profile_correlation((x * scale + shift)[None, :], reference)[0]
    if not np.isnan(r1) and np.ptp(x) > 1e-6:
        assert r2 == pytest.approx(r1, abs=1e-9)


def test_prototypicality_matches_r_on_bfi():
    """Reference: cor() and the Euclidean distance in R, tests/r/scoring_bfi.R; the prototype
    is the mean profile of bfi's men, the normative profile that of everyone."""
    reference = r_reference("scoring_bfi")
    scores = scale_scores(bfi(), bfi_instrument())
    prototype = Prototype.from_scores(
        scores,
        (bfi()["gender"] == 1).to_numpy(),
        prototype_id="men",
        synthetic=False,
        reference_group="bfi men",
    )
    np.testing.assert_allclose(prototype.profile, reference["prototype"], atol=1e-12)
    result = prototypicality(scores.iloc[:20], prototype)
    np.testing.assert_allclose(result["proto_shape"], reference["proto_shape"], atol=1e-12)
    np.testing.assert_allclose(
        result["proto_distinctive"], reference["proto_distinctive"], atol=1e-12
    )
    np.testing.assert_allclose(result["proto_distance"], reference["proto_distance"], atol=1e-12)


def test_a_prototype_needs_a_reference_group_of_at_least_ten():
    scores = pd.DataFrame({"a": range(20), "b": range(20), "c": range(20)}, dtype=float)
    with pytest.raises(ValueError, match="at least 10"):
        Prototype.from_scores(
            scores, np.arange(20) < 5, prototype_id="x", synthetic=True, reference_group="few"
        )
