"""Scale scores: reverse keying, the mean of answered items, missing below min_answered."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from kompas.psychometrics.instrument import Scale
from kompas.psychometrics.scoring import MISSING, reverse_key, scale_scores, score_matrix
from kompas.psychometrics.tests.bfi import bfi, bfi_instrument, r_reference

ABC = Scale("abc", {}, "values", ("a", "b", "c"), frozenset({"c"}), 2, 1, 5)


def test_a_reversed_item_counts_as_min_plus_max_minus_its_value():
    # (4 + (1 + 5 - 2) + 3) / 3 = 11 / 3
    scores = score_matrix(np.array([[4.0, 3.0, 2.0]]), ["a", "b", "c"], [ABC])
    assert scores[0, 0] == 11 / 3


def test_a_missing_answer_is_left_out_of_the_mean():
    # b missing: (4 + 4) / 2
    assert score_matrix(np.array([[4.0, np.nan, 2.0]]), ["a", "b", "c"], [ABC])[0, 0] == 4.0


def test_the_score_is_missing_when_fewer_than_min_answered_items_are_answered():
    scores = score_matrix(np.array([[4.0, np.nan, np.nan]]), ["a", "b", "c"], [ABC])
    assert np.isnan(scores[0, 0])


def test_an_int8_matrix_with_the_missing_code_scores_like_floats_with_nan():
    floats = np.array([[4.0, np.nan, 2.0], [1.0, 5.0, 5.0], [np.nan, np.nan, 3.0]])
    codes = np.where(np.isnan(floats), MISSING, floats).astype(np.int8)
    expected = score_matrix(floats, ["a", "b", "c"], [ABC])
    np.testing.assert_array_equal(score_matrix(codes, ["a", "b", "c"], [ABC]), expected)
    np.testing.assert_array_equal(expected[:, 0], [4.0, 7 / 3, np.nan])


def test_columns_may_come_in_any_order_and_extra_columns_are_ignored():
    scores = score_matrix(np.array([[9.0, 2.0, 3.0, 4.0]]), ["x", "c", "b", "a"], [ABC])
    assert scores[0, 0] == 11 / 3


def test_it_names_the_items_the_answers_lack():
    try:
        score_matrix(np.array([[1.0, 2.0]]), ["a", "b"], [ABC])
    except ValueError as error:
        assert "item(s) c" in str(error)
    else:
        raise AssertionError("expected a ValueError")


@given(arrays(np.float64, st.integers(1, 20), elements=st.integers(1, 5).map(float)))
def test_reverse_keying_twice_is_the_identity(values):
    np.testing.assert_array_equal(reverse_key(reverse_key(values, 1, 5), 1, 5), values)


answers = arrays(
    np.float64,
    st.tuples(st.integers(1, 12), st.just(3)),
    elements=st.one_of(st.integers(1, 5).map(float), st.just(np.nan)),
)


@given(answers, answers)
@settings(max_examples=60)
def test_a_respondents_scores_do_not_depend_on_who_else_is_in_the_file(mine, others):
    alone = score_matrix(mine, ["a", "b", "c"], [ABC])
    together = score_matrix(np.vstack([others, mine, others]), ["a", "b", "c"], [ABC], chunk_rows=5)
    np.testing.assert_array_equal(together[len(others) : len(others) + len(mine)], alone)


@given(st.lists(st.integers(1, 5), min_size=3, max_size=3), st.integers(0, 2))
def test_a_missing_answer_never_shifts_a_score_of_identical_answers(values, dropped):
    # When every keyed answer is the same, leaving one out cannot move the mean.
    keyed = [values[0], values[0], 6 - values[0]]
    full = score_matrix(np.array([keyed], dtype=float), ["a", "b", "c"], [ABC])[0, 0]
    partial = np.array([keyed], dtype=float)
    partial[0, dropped] = np.nan
    assert score_matrix(partial, ["a", "b", "c"], [ABC])[0, 0] == full == values[0]


def test_scores_match_psych_score_items_on_bfi():
    """Reference: psych 2.2.9 scoreItems(impute="none"), tests/r/scoring_bfi.R."""
    reference = r_reference("scoring_bfi")
    scores = scale_scores(bfi(), bfi_instrument(min_answered=1))
    np.testing.assert_allclose(scores.iloc[:20].to_numpy(), reference["first_scores"], atol=1e-12)
    np.testing.assert_allclose(scores.mean().to_numpy(), reference["scale_means"], atol=1e-12)
    assert scores.notna().sum().tolist() == reference["n_scored"]


def test_scale_scores_keep_the_respondent_index():
    renamed = bfi().iloc[:2].set_axis(pd.Index(["R1", "R2"]))
    assert list(scale_scores(renamed, bfi_instrument()).index) == ["R1", "R2"]


@given(answers)
@settings(max_examples=80)
def test_a_missing_answer_is_never_counted_as_a_value(values):
    # The score is exactly the mean of the answered, keyed values: a missing answer neither
    # adds a value (as 0 or -1 would) nor a count.
    keyed = values.copy()
    keyed[:, 2] = 6 - keyed[:, 2]
    answered = (~np.isnan(keyed)).sum(axis=1)
    with np.errstate(invalid="ignore"):
        expected = np.where(answered >= 2, np.nansum(keyed, axis=1) / answered, np.nan)
    codes = np.where(np.isnan(values), MISSING, values).astype(np.int8)
    for matrix in (values, codes):
        np.testing.assert_allclose(score_matrix(matrix, ["a", "b", "c"], [ABC])[:, 0], expected)
