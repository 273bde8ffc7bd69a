"""The whole assessment of a respondent, as `kompas score` writes it."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from kompas.psychometrics.assessment import assess
from kompas.psychometrics.instrument import get_instrument
from kompas.psychometrics.personas import load_personas, persona_for
from kompas.psychometrics.reference import REFERENCE_DIR, Reference, load_reference
from kompas.psychometrics.synthetic import generate_population

KOMPAS = get_instrument("kompas-1")
SHIPPED = load_reference(REFERENCE_DIR / "kompas-1")


@pytest.fixture(scope="module")
def population():
    return generate_population(KOMPAS, 3000, seed=99)


def respondent(commitment: int, exploration: int, reconsideration: int) -> pd.DataFrame:
    """One student answering every identity item at one level (reverse items mirrored)."""
    row = {q: np.nan for q in KOMPAS.numeric_items}
    row["bg_role"] = 1
    levels = {
        KOMPAS.scoring.identity_commitment: commitment,
        KOMPAS.scoring.identity_exploration: exploration,
        KOMPAS.scoring.identity_reconsideration: reconsideration,
    }
    for scale_id, level in levels.items():
        scale = KOMPAS.scales[scale_id]
        for item in scale.items:
            row[item] = 6 - level if item in scale.reverse else level
    return pd.DataFrame([row], index=pd.Index(["R1"], name="respondent"))


@pytest.mark.parametrize(
    ("levels", "status", "persona"),
    [
        ((5, 5, 1), "achievement", "Tim"),
        ((5, 1, 1), "foreclosure", "Joost"),
        ((1, 3, 5), "moratorium", "Luuk"),
        ((5, 5, 5), "searching_moratorium", "Robin"),
        ((1, 1, 2), "diffusion", "Sam"),
    ],
)
def test_a_clear_cut_respondent_gets_the_status_and_persona_of_that_pattern(
    levels, status, persona
):
    result = assess(respondent(*levels), KOMPAS, SHIPPED).iloc[0]
    assert result["identity_status"] == status
    assert result["persona"] == persona
    assert result["identity_method"] == "centroid"
    assert result[f"distance_{status}"] == min(
        result[f"distance_{s}"] for s in SHIPPED.centroids.centres
    )


def test_without_norms_the_status_falls_back_to_a_midpoint_split():
    result = assess(respondent(5, 5, 1), KOMPAS, Reference()).iloc[0]
    assert result["identity_status"] == "achievement"
    assert result["identity_method"] == "split_midpoint"
    assert "z_int_realistic" not in result.index
    assert not result["reference_synthetic"]


def test_without_centroids_the_status_falls_back_to_the_z0_split():
    reference = Reference(norms=SHIPPED.norms)
    result = assess(respondent(5, 1, 1), KOMPAS, reference).iloc[0]
    assert (result["identity_status"], result["identity_method"]) == ("foreclosure", "split_z0")


def test_profile_probabilities_sum_to_one_and_name_the_most_likely_profile(population):
    result = assess(population.answers, KOMPAS, SHIPPED)
    probabilities = result[[f"p_{label}" for label in SHIPPED.profiles.labels]]
    np.testing.assert_allclose(probabilities.sum(axis=1), 1.0)
    best = probabilities.idxmax(axis=1).str.removeprefix("p_")
    assert (best == result["profile"]).all()


def test_it_recovers_the_generating_status_and_profile_of_synthetic_respondents(population):
    result = assess(population.answers, KOMPAS, SHIPPED)
    truth = population.truth
    assert (result["identity_status"] == truth["true_status"]).mean() > 0.85
    assert (result["profile"] == truth["true_profile"]).mean() > 0.65
    nerds = truth["true_profile"] == "nerd"
    assert result.loc[nerds, "proto_shape"].mean() > result.loc[~nerds, "proto_shape"].mean()


def test_a_respondent_is_assessed_the_same_alone_as_in_a_cohort(population):
    together = assess(population.answers, KOMPAS, SHIPPED)
    alone = assess(population.answers.iloc[[17]], KOMPAS, SHIPPED)
    pd.testing.assert_frame_equal(alone, together.iloc[[17]])


def test_employees_get_a_first_job_phase_and_students_do_not(population):
    result = assess(population.answers, KOMPAS, SHIPPED)
    students = population.answers["bg_role"] == 1
    assert (result.loc[students, "phase_first_job"] == "").all()
    assert (result.loc[~students, "phase_first_job"] != "").mean() > 0.9


def test_z_scores_are_against_the_respondents_own_group():
    answers = respondent(3, 3, 3)
    as_employee = answers.assign(bg_role=2)
    student = assess(answers, KOMPAS, SHIPPED).iloc[0]
    employee = assess(as_employee, KOMPAS, SHIPPED).iloc[0]
    assert student["norm_group"] == "1"
    assert employee["norm_group"] == "2"
    assert student["id_commitment"] == employee["id_commitment"]
    assert student["z_id_commitment"] != employee["z_id_commitment"]


def test_every_status_has_a_persona_with_texts_in_both_languages():
    personas = load_personas()
    assert {p.name for p in personas.values()} == {"Tim", "Joost", "Luuk", "Robin", "Sam"}
    for persona in personas.values():
        for text in [
            persona.status_name,
            persona.summary,
            persona.story,
            persona.choosing,
            persona.helps,
            *persona.phases.values(),
        ]:
            assert text["nl"].strip() and text["en"].strip()
        assert set(persona.phases) == {p.id for p in KOMPAS.life_phases}


def test_an_unknown_status_has_no_persona():
    with pytest.raises(ValueError, match="unknown identity status 'lost'"):
        persona_for("lost")
