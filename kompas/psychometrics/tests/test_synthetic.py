"""The synthetic population follows its documented generative model."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from kompas.psychometrics.instrument import get_instrument
from kompas.psychometrics.reliability import cronbach_alpha
from kompas.psychometrics.scoring import reverse_key, scale_scores
from kompas.psychometrics.synthetic import PROFILE_SHARES, STATUS_SHARES, generate_population

KOMPAS = get_instrument("kompas-1")


@pytest.fixture(scope="module")
def population():
    return generate_population(KOMPAS, 20_000, seed=11)


def test_the_profiles_come_in_their_shares_with_nerds_at_37_percent(population):
    shares = population.truth["true_profile"].value_counts(normalize=True)
    assert shares["nerd"] == pytest.approx(0.37, abs=0.015)
    for profile, share in PROFILE_SHARES.items():
        assert shares[profile] == pytest.approx(share, abs=0.015)


def test_identity_statuses_come_in_roughly_the_dutch_u_mics_shares(population):
    # Crocetti, Rubini & Meeus (2008): 10 / 32 / 20 / 10 / 28 %, tilted to foreclosure for Nerds.
    shares = population.truth["true_status"].value_counts(normalize=True)
    for status, share in STATUS_SHARES.items():
        assert shares[status] == pytest.approx(share, abs=0.04)


def test_nerds_are_more_often_men(population):
    woman = population.answers["bg_gender"] == 1
    profile = population.truth["true_profile"]
    assert woman[profile == "nerd"].mean() < woman[profile != "nerd"].mean() - 0.08


def test_students_and_employees_answer_their_own_questions(population):
    answers = population.answers
    students = answers["bg_role"] == 1
    assert students.mean() == pytest.approx(0.7, abs=0.02)
    assert answers.loc[students, "bg_years_working"].isna().all()
    assert answers.loc[~students, "bg_year"].isna().all()
    assert answers.loc[students, "lp_first_job_options"].isna().all()
    assert answers.loc[~students, "lp_first_job_options"].notna().mean() > 0.95


def test_every_answer_is_a_valid_code_or_missing(population):
    for question in KOMPAS.numeric_items:
        values = population.answers[question].dropna().unique()
        assert set(values) <= KOMPAS.valid_values(question), question


def test_about_one_percent_of_likert_answers_are_missing(population):
    likert = [
        i.id
        for i in KOMPAS.items.values()
        if i.is_numeric and i.when is None and not i.id.startswith("lp_first_job")
    ]
    assert population.answers[likert].isna().to_numpy().mean() == pytest.approx(0.01, abs=0.003)


def test_every_generated_scale_reaches_alpha_070(population):
    for scale in KOMPAS.scales.values():
        items = population.answers[list(scale.items)].to_numpy()
        keyed = np.column_stack(
            [
                reverse_key(items[:, k], scale.min, scale.max)
                if item in scale.reverse
                else items[:, k]
                for k, item in enumerate(scale.items)
            ]
        )
        assert cronbach_alpha(keyed) >= 0.70, scale.id


def test_the_profile_predicts_sector_choice_and_gender_matters_separately(population):
    answers, truth = population.answers, population.truth
    technical = truth["technical_sector"]
    nerd = truth["true_profile"] == "nerd"
    status_seeker = truth["true_profile"] == "status_seeker"
    assert technical[nerd].mean() > technical[status_seeker].mean() + 0.2
    woman = answers["bg_gender"] == 1
    man = answers["bg_gender"] == 2
    for profile in PROFILE_SHARES:
        same = truth["true_profile"] == profile
        assert technical[same & woman].mean() < technical[same & man].mean() - 0.08, profile


def test_the_same_seed_gives_the_same_population_and_another_seed_another():
    a = generate_population(KOMPAS, 500, seed=1).answers
    b = generate_population(KOMPAS, 500, seed=1).answers
    c = generate_population(KOMPAS, 500, seed=2).answers
    pd.testing.assert_frame_equal(a, b)
    assert not a.equals(c)


def test_identity_scales_differ_by_status_as_in_the_generative_model(population):
    scores = scale_scores(population.answers, KOMPAS)
    by_status = scores.groupby(population.truth["true_status"]).mean()
    assert (
        by_status.loc["achievement", "id_commitment"]
        > by_status.loc["diffusion", "id_commitment"] + 1
    )
    assert (
        by_status.loc["moratorium", "id_reconsideration"]
        > by_status.loc["foreclosure", "id_reconsideration"] + 1
    )


def test_it_refuses_an_empty_population():
    with pytest.raises(ValueError, match="n must be at least 1"):
        generate_population(KOMPAS, 0)
