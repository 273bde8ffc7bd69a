"""The report model, against hand-made respondents assessed with the shipped reference.

Each respondent answers so that their scale scores land at chosen z-scores against the
overall norms: a status respondent sits at 1.5 times that status's centroid, a profile
respondent at twice that profile's mean. The expected texts are read from advice.yaml
directly, so the tests check that the model picks the right ones, not the wording.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import replace
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
import yaml

from kompas.psychometrics.assessment import assess
from kompas.psychometrics.identity import STATUSES
from kompas.psychometrics.instrument import get_instrument
from kompas.psychometrics.norms import ALL
from kompas.psychometrics.personas import load_personas
from kompas.psychometrics.reference import REFERENCE_DIR, Reference, load_reference
from kompas.psychometrics.synthetic import PROFILES
from kompas.reports.report import build_report

KOMPAS = get_instrument("kompas-1")
REFERENCE = load_reference(REFERENCE_DIR / "kompas-1")
ADVICE = yaml.safe_load(
    (Path(__file__).resolve().parents[1] / "advice.yaml").read_text(encoding="utf-8")
)
LANGUAGES = ("nl", "en")
IDENTITY = ("id_commitment", "id_exploration_depth", "id_reconsideration")
STUDENT = 1


def answers_at(z: Mapping[str, float], role: float = STUDENT) -> dict[str, float]:
    """One respondent's answers whose scale scores are as close as whole answers allow to
    `z` (against the overall norms; 0 for scales not named)."""
    assert REFERENCE.norms is not None
    row = {question: math.nan for question in KOMPAS.numeric_items}
    for scale in KOMPAS.scales.values():
        norm = REFERENCE.norms.groups[ALL][scale.id]
        target = min(max(norm.mean + z.get(scale.id, 0.0) * norm.sd, scale.min), scale.max)
        count = len(scale.items)
        total = round(target * count)
        low, raised = divmod(total, count)
        for k, item in enumerate(scale.items):
            value = low + (1 if k < raised else 0)
            row[item] = scale.min + scale.max - value if item in scale.reverse else value
    for phase in KOMPAS.life_phases:
        row[phase.exploration], row[phase.commitment] = 4, 4
        row[phase.reconsideration], row[phase.technical] = 2, 4
    row["bg_role"] = role
    return row


def assessed(answers: Mapping[str, float]) -> dict[str, Any]:
    """The stored form of an assessment: one plain mapping, None for what is missing."""
    frame = pd.DataFrame([answers], index=pd.Index(["R1"], name="respondent"))
    row = assess(frame, KOMPAS, REFERENCE).iloc[0]
    plain: dict[str, Any] = {}
    for key, value in row.items():
        if isinstance(value, (float, np.floating)):
            plain[str(key)] = None if math.isnan(value) else float(value)
        else:
            plain[str(key)] = value.item() if isinstance(value, np.generic) else value
    return plain


@cache
def status_respondent(status: str) -> tuple[dict[str, Any], dict[str, float]]:
    assert REFERENCE.centroids is not None
    centre = REFERENCE.centroids.centres[status]
    answers = answers_at({s: 1.5 * float(c) for s, c in zip(IDENTITY, centre, strict=True)})
    return assessed(answers), answers


@cache
def profile_respondent(profile: str) -> dict[str, Any]:
    model = REFERENCE.profiles
    assert model is not None
    means = model.means[model.labels.index(profile)]
    return assessed(answers_at(dict(zip(model.indicators, 2.0 * means, strict=True))))


@cache
def average_respondent() -> dict[str, Any]:
    """Everyone's average: every z-score 0, so no scale stands out."""
    data = assessed(answers_at({}))
    return {key: 0.0 if key.startswith("z_") else value for key, value in data.items()}


# --- identity status ---------------------------------------------------------------------


@pytest.mark.parametrize("status", STATUSES)
def test_each_hand_made_respondent_gets_the_status_they_were_made_for(status):
    data, _answers = status_respondent(status)
    report = build_report(data, KOMPAS, REFERENCE, "en")
    assert report.identity is not None
    assert report.identity.status == status
    assert report.identity.persona == load_personas()[status].name


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("status", STATUSES)
def test_the_why_typical_and_helps_texts_are_the_statuss_in_the_report_language(status, language):
    data, _answers = status_respondent(status)
    identity = build_report(data, KOMPAS, REFERENCE, language).identity
    assert identity is not None
    advice = ADVICE["statuses"][status]
    assert identity.why == advice["why"][language]
    assert identity.typical == advice["typical"][language]
    assert identity.helps == advice["helps"][language]
    persona = load_personas()[status]
    assert identity.status_name == persona.status_name[language]
    assert identity.persona_story == persona.story[language]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("status", STATUSES)
def test_next_steps_are_the_statuss_steps_then_the_profiles_and_reflection_the_statuss(
    status, language
):
    data, _answers = status_respondent(status)
    report = build_report(data, KOMPAS, REFERENCE, language)
    assert report.profile is not None
    status_steps = [s[language] for s in ADVICE["statuses"][status]["next_steps"]]
    profile_steps = [s[language] for s in ADVICE["profiles"][report.profile.label]["next_steps"]]
    assert list(report.next_steps) == status_steps + profile_steps
    assert list(report.reflection) == [
        q[language] for q in ADVICE["statuses"][status]["reflection"]
    ]


def test_the_identity_section_carries_the_z_scores_and_distances_to_every_status():
    data, _answers = status_respondent("moratorium")
    identity = build_report(data, KOMPAS, REFERENCE, "nl").identity
    assert identity is not None
    assert identity.commitment_z == data["z_id_commitment"]
    assert identity.reconsideration_z == data["z_id_reconsideration"]
    assert set(identity.distances) == set(STATUSES)
    assert min(identity.distances, key=lambda s: identity.distances[s]) == "moratorium"


def test_the_life_phase_path_follows_the_instruments_phases_with_the_raw_answers():
    data, answers = status_respondent("achievement")
    trajectory = build_report(data, KOMPAS, REFERENCE, "en", answers=answers).trajectory
    assert [line.id for line in trajectory] == [phase.id for phase in KOMPAS.life_phases]
    first = trajectory[0]
    assert (first.exploration, first.commitment, first.reconsideration) == (4.0, 4.0, 2.0)
    assert first.status == data["phase_childhood"]
    assert first.name == KOMPAS.life_phases[0].name["en"]


# --- profile -----------------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("profile", PROFILES)
def test_each_hand_made_respondent_gets_the_profile_they_were_made_for(profile, language):
    report = build_report(profile_respondent(profile), KOMPAS, REFERENCE, language)
    section = report.profile
    assert section is not None
    assert section.label == profile
    assert section.name == ADVICE["profiles"][profile]["name"][language]
    assert section.description == ADVICE["profiles"][profile]["description"][language]
    profile_steps = [s[language] for s in ADVICE["profiles"][profile]["next_steps"]]
    assert list(report.next_steps[-len(profile_steps) :]) == profile_steps


@pytest.mark.parametrize("profile", PROFILES)
def test_profile_probabilities_cover_every_profile_most_likely_first(profile):
    section = build_report(profile_respondent(profile), KOMPAS, REFERENCE, "en").profile
    assert section is not None
    probabilities = [chance.probability for chance in section.probabilities]
    assert probabilities == sorted(probabilities, reverse=True)
    assert section.probabilities[0].label == profile
    assert {chance.label for chance in section.probabilities} == set(PROFILES)
    assert sum(probabilities) == pytest.approx(1.0)


# --- compass -----------------------------------------------------------------------------


def test_the_compass_shows_the_discs_in_order_with_the_instruments_scales():
    report = build_report(average_respondent(), KOMPAS, REFERENCE, "nl")
    assert [disc.id for disc in report.compass] == [
        "interests",
        "values",
        "competencies",
        "personality",
        "goals",
        "knowledge",
        "identification",
    ]
    assert [disc.name for disc in report.compass][:2] == ["Interesses", "Wat je belangrijk vindt"]
    shown = [line.id for disc in report.compass for line in disc.scales]
    assert sorted(shown) == sorted(KOMPAS.scoring.compass_scales)
    interests = report.compass[0].scales
    assert interests[0].name == KOMPAS.scales[interests[0].id].name["nl"]


@pytest.mark.parametrize("group", ["1", ALL])
def test_percentiles_come_from_the_respondents_norm_group(group):
    assert REFERENCE.norms is not None
    data, _answers = status_respondent("foreclosure")
    data = {**data, "norm_group": group}
    report = build_report(data, KOMPAS, REFERENCE, "en")
    for disc in report.compass:
        for line in disc.scales:
            norm = REFERENCE.norms.groups[group][line.id]
            assert line.percentile == pytest.approx(float(norm.percentile([line.score])[0]))


def test_a_score_above_the_whole_reference_group_is_near_the_hundredth_percentile():
    data, _answers = status_respondent("achievement")
    data = {**data, "int_realistic": 5.0}
    line = build_report(data, KOMPAS, REFERENCE, "en").compass[0].scales[0]
    assert line.id == "int_realistic"
    assert line.percentile is not None and line.percentile > 95


# --- strengths and points of attention --------------------------------------------------


def with_z(**z: float) -> dict[str, Any]:
    data = dict(average_respondent())
    data.update({f"z_{scale}": value for scale, value in z.items()})
    return data


@pytest.mark.parametrize("language", LANGUAGES)
def test_strengths_are_the_three_highest_scales_from_z_1_up_in_order(language):
    data = with_z(
        int_realistic=2.0, comp_analysis=1.5, goal_research=1.0, pers_openness=1.2, val_support=0.99
    )
    report = build_report(data, KOMPAS, REFERENCE, language)
    texts = ADVICE["scales"]
    assert report.strengths == tuple(
        texts[scale]["high"][language]
        for scale in ("int_realistic", "comp_analysis", "pers_openness")
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_points_of_attention_are_the_lowest_scales_from_z_minus_1_down_in_order(language):
    report = build_report(
        with_z(val_security=-1.0, goal_status=-2.5, int_social=-0.99), KOMPAS, REFERENCE, language
    )
    texts = ADVICE["scales"]
    assert report.attention == (
        texts["goal_status"]["low"][language],
        texts["val_security"]["low"][language],
    )
    assert report.strengths == ()


def test_bands_mark_high_middle_and_low_scales():
    report = build_report(with_z(int_realistic=1.0, int_social=-1.0), KOMPAS, REFERENCE, "en")
    bands = {line.id: line.band for line in report.compass[0].scales}
    assert (bands["int_realistic"], bands["int_social"], bands["int_artistic"]) == (
        "high",
        "low",
        "middle",
    )


# --- prototypicality ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("shape", "distinctive", "level"),
    [
        (0.1, 0.3, "high"),
        (0.9, 0.29, "middle"),
        (0.0, -0.29, "middle"),
        (0.9, -0.3, "low"),
        (0.3, None, "high"),  # without the distinctive part, the shape decides
        (-0.5, None, "low"),
    ],
)
@pytest.mark.parametrize("language", LANGUAGES)
def test_prototypicality_level_and_text_follow_the_thresholds(shape, distinctive, level, language):
    data = {**average_respondent(), "proto_shape": shape, "proto_distinctive": distinctive}
    section = build_report(data, KOMPAS, REFERENCE, language).prototypicality
    assert section is not None
    assert section.level == level
    assert section.text == ADVICE["prototypicality"][level][language]
    assert section.explanation == ADVICE["prototypicality"]["explanation"][language]
    assert REFERENCE.prototype is not None
    assert section.reference_group == REFERENCE.prototype.reference_group


def test_the_nerd_respondent_resembles_engineers_in_technical_roles_most():
    nerd = build_report(profile_respondent("nerd"), KOMPAS, REFERENCE, "en").prototypicality
    all_rounder = build_report(
        profile_respondent("all_rounder"), KOMPAS, REFERENCE, "en"
    ).prototypicality
    assert nerd is not None and all_rounder is not None
    assert (nerd.level, all_rounder.level) == ("high", "low")


# --- notes and fallbacks -----------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_shipped_synthetic_reference_is_named_in_a_note(language):
    report = build_report(average_respondent(), KOMPAS, REFERENCE, language)
    assert report.synthetic
    assert report.notes == (ADVICE["synthetic_note"][language],)


def test_real_norms_get_no_synthetic_note():
    assert REFERENCE.norms is not None
    real = Reference(norms=replace(REFERENCE.norms, synthetic=False))
    report = build_report(average_respondent(), KOMPAS, real, "en")
    assert not report.synthetic
    assert report.notes == ()


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_respondent_compared_with_everyone_though_the_norms_are_grouped_is_told_so(language):
    answers = answers_at({})
    answers["bg_role"] = math.nan
    data = assessed(answers)
    assert data["norm_group"] == ALL
    report = build_report(data, KOMPAS, REFERENCE, language)
    assert ADVICE["norm_fallback"][language] in report.notes


def test_a_respondent_with_norms_for_their_own_group_gets_no_fallback_note():
    data, _answers = status_respondent("diffusion")
    assert data["norm_group"] == "1"
    report = build_report(data, KOMPAS, REFERENCE, "en")
    assert ADVICE["norm_fallback"]["en"] not in report.notes


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_respondent_without_identity_scores_gets_the_rest_and_a_missing_note(language):
    answers = answers_at({})
    for scale in IDENTITY:
        for item in KOMPAS.scales[scale].items:
            answers[item] = math.nan
    report = build_report(assessed(answers), KOMPAS, REFERENCE, language)
    assert report.identity is None
    assert report.missing == (ADVICE["incomplete"][language],)
    assert report.profile is not None
    assert report.reflection == ()
    assert list(report.next_steps) == [
        s[language] for s in ADVICE["profiles"][report.profile.label]["next_steps"]
    ]


def test_a_complete_respondent_has_nothing_missing():
    data, _answers = status_respondent("achievement")
    assert build_report(data, KOMPAS, REFERENCE, "en").missing == ()


def test_without_a_reference_only_the_scores_are_shown_and_the_rest_is_missing():
    data, _answers = status_respondent("achievement")
    report = build_report(data, KOMPAS, Reference(), "en")
    assert (report.prototypicality, report.profile) == (None, None)
    assert report.notes == ()
    assert report.missing == (ADVICE["incomplete"]["en"],)
    assert all(line.percentile is None for disc in report.compass for line in disc.scales)


# --- change since the previous wave ------------------------------------------------------


def test_without_a_previous_wave_there_are_no_changes():
    assert build_report(average_respondent(), KOMPAS, REFERENCE, "en").changes is None


def test_changes_list_the_scales_that_moved_half_a_point_or_more_largest_first():
    now = {**average_respondent(), "int_realistic": 3.5, "goal_status": 2.0, "val_security": 3.0}
    previous = {**now, "int_realistic": 3.0, "goal_status": 3.25, "val_security": 3.49}
    changes = build_report(now, KOMPAS, REFERENCE, "nl", previous=previous).changes
    assert changes is not None
    assert [change.scale for change in changes] == ["goal_status", "int_realistic"]
    assert changes[0].difference == pytest.approx(-1.25)
    assert changes[1].difference == pytest.approx(0.5)
    assert changes[0].name == KOMPAS.scales["goal_status"].name["nl"]


def test_an_unchanged_respondent_has_an_empty_list_of_changes():
    now = average_respondent()
    assert build_report(now, KOMPAS, REFERENCE, "en", previous=now).changes == ()


# --- bad input ---------------------------------------------------------------------------


def test_an_unknown_language_is_refused_with_the_choices():
    with pytest.raises(ValueError, match=r"'de'.*'nl', 'en'"):
        build_report(average_respondent(), KOMPAS, REFERENCE, "de")


def test_answers_missing_as_nan_in_a_table_are_no_answers_in_the_trajectory():
    # bench/report.py and `kompas score` hand over a row of a DataFrame: NaN where unanswered.
    data, answers = status_respondent("achievement")
    phase = KOMPAS.life_phases[0]
    asked = [phase.exploration, phase.commitment, phase.reconsideration, phase.technical]
    row = {**answers, **dict.fromkeys([*asked, phase.experience], float("nan"))}
    report = build_report(data, KOMPAS, REFERENCE, "en", answers=row)
    line = next(line for line in report.trajectory if line.id == phase.id)
    assert (line.exploration, line.technical_label, line.experience) == (None, "", "")
