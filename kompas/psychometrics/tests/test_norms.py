"""Norm sets: mean, SD, percentiles per scale and group; z-scores and percentiles."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from kompas.psychometrics.norms import ALL, NormSet, build_norms
from kompas.psychometrics.scoring import scale_scores
from kompas.psychometrics.tests.bfi import bfi, bfi_instrument, r_reference


def norms_of(frame: pd.DataFrame, **options) -> NormSet:
    return build_norms(frame, norm_id="t", instrument="t", synthetic=True, **options)


def test_it_uses_the_sample_sd_and_the_mid_rank_percentile():
    norms = norms_of(pd.DataFrame({"s": [1.0, 2.0, 3.0, 4.0]}))
    norm = norms.groups[ALL]["s"]
    assert norm.mean == 2.5
    assert norm.sd == pytest.approx(1.2909944, abs=1e-7)
    # 2 below and 1 equal out of 4: (2 + 0.5) / 4
    assert norm.percentile(np.array([3.0]))[0] == 62.5


def test_a_missing_score_stays_missing_in_z_and_percentile():
    norms = norms_of(pd.DataFrame({"s": [1.0, 2.0, 3.0]}))
    scores = pd.DataFrame({"s": [np.nan, 2.0]})
    assert norms.standardise(scores)["s"].isna().tolist() == [True, False]
    assert norms.standardise(scores, kind="percentile")["s"].isna().tolist() == [True, False]


def test_rows_are_standardised_against_their_own_group_with_all_as_fallback():
    scores = pd.DataFrame({"s": [1.0, 2.0, 3.0, 7.0, 8.0, 9.0]})
    groups = pd.Series([1, 1, 1, 2, 2, 2], name="bg_role")
    norms = norms_of(scores, groups=groups, min_group_size=3)
    probe = pd.DataFrame({"s": [2.0, 8.0, 8.0]})
    z = norms.standardise(probe, pd.Series([1, 2, 3]))["s"].tolist()
    assert z[:2] == [0.0, 0.0]
    assert z[2] == pytest.approx((8.0 - 5.0) / np.std([1, 2, 3, 7, 8, 9], ddof=1))
    assert norms.groups_used(probe.index, pd.Series([1, 2, 3])).tolist() == ["1", "2", ALL]


def test_a_group_smaller_than_the_minimum_gets_no_norms_of_its_own():
    norms = norms_of(
        pd.DataFrame({"s": [1.0, 2.0, 3.0, 4.0]}), groups=pd.Series([1, 1, 1, 2]), min_group_size=3
    )
    assert set(norms.groups) == {ALL, "1"}


def test_a_norm_set_survives_a_round_trip_through_json_data():
    norms = norms_of(pd.DataFrame({"s": [1.0, 2.0, 2.0, 5.0]}))
    again = NormSet.from_dict(norms.to_dict())
    assert again == norms
    assert again.synthetic is True


def test_it_refuses_an_empty_reference_cohort():
    with pytest.raises(ValueError, match="empty reference cohort"):
        norms_of(pd.DataFrame({"s": []}))


def test_z_scores_and_percentiles_match_r_on_bfi():
    """Reference: mean, sd() and mid-ranks in R, tests/r/scoring_bfi.R."""
    reference = r_reference("scoring_bfi")
    scores = scale_scores(bfi(), bfi_instrument())
    norms = norms_of(scores)
    np.testing.assert_allclose(
        [norms.groups[ALL][s].sd for s in scores.columns], reference["scale_sds"], rtol=1e-12
    )
    np.testing.assert_allclose(
        norms.standardise(scores.iloc[:20]).to_numpy(), reference["first_z"], atol=1e-12
    )
    agreeableness = norms.groups[ALL]["agreeableness"]
    np.testing.assert_allclose(
        agreeableness.percentile(np.array(reference["percentile_probe"])),
        reference["percentile_midrank"],
        atol=1e-9,
    )
