"""The instrument format: the shipped kompas-1, and validation of a broken instrument file.

Each validation test starts from `minimal_instrument()`, a small valid instrument, breaks one
thing, writes it to a temporary `mini-1.yaml` and checks that the `InstrumentError` names the
file, the path inside it and what is wrong.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
import yaml

from kompas.psychometrics.instrument import (
    Condition,
    Instrument,
    InstrumentError,
    get_instrument,
    load_instrument,
)

FILE_NAME = "mini-1.yaml"

#: The scales of the five discs of the compass, as docs/instrument-kompas-1.md lists them.
FIVE_DISCS = {
    "interests": {
        "int_realistic",
        "int_investigative",
        "int_artistic",
        "int_social",
        "int_enterprising",
        "int_conventional",
    },
    "values": {
        "val_achievement",
        "val_independence",
        "val_recognition",
        "val_relationships",
        "val_support",
        "val_security",
    },
    "competencies": {
        "comp_analysis",
        "comp_design",
        "comp_tinkering",
        "comp_problem_solving",
        "comp_collaboration",
        "comp_project_management",
    },
    "personality": {
        "pers_extraversion",
        "pers_agreeableness",
        "pers_conscientiousness",
        "pers_emotional_stability",
        "pers_openness",
    },
    "goals": {
        "goal_management",
        "goal_specialist",
        "goal_research",
        "goal_entrepreneur",
        "goal_security",
        "goal_status",
    },
}


def text(words: str) -> dict[str, str]:
    return {"nl": f"{words} (nl)", "en": words}


def likert(item_id: str) -> dict[str, Any]:
    return {"id": item_id, "response_scale": "agree5", "text": text(item_id)}


def minimal_instrument() -> dict[str, Any]:
    """A small valid instrument: three identity scales of three items and one life phase."""
    scale_items = {scale: [f"{scale}_{n}" for n in (1, 2, 3)] for scale in ("com", "exp", "rec")}
    phase_items = ["lp_options", "lp_certainty", "lp_doubt", "lp_technical"]
    return {
        "id": "mini-1",
        "version": "1.0.0",
        "languages": ["nl", "en"],
        "title": text("Mini"),
        "discs": [
            {"id": "identity", "name": text("Identity")},
            {"id": "other", "name": text("Other")},
        ],
        "response_scales": {
            "agree5": {"labels": {code: text(f"level {code}") for code in range(1, 6)}},
            "agree7": {"labels": {code: text(f"level {code}") for code in range(1, 8)}},
        },
        "background": [
            {
                "id": "bg_role",
                "text": text("Role"),
                "values": {1: text("Student"), 2: text("Employee")},
            }
        ],
        "items": [
            *(likert(item) for items in scale_items.values() for item in items),
            *(likert(item) for item in phase_items),
            {"id": "lp_experience", "type": "text", "max_length": 200, "text": text("Story")},
        ],
        "scales": [
            {
                "id": "com",
                "disc": "identity",
                "name": text("Commitment"),
                "items": scale_items["com"],
                "reverse": ["com_3"],
            },
            {
                "id": "exp",
                "disc": "identity",
                "name": text("Exploration"),
                "items": scale_items["exp"],
            },
            {
                "id": "rec",
                "disc": "identity",
                "name": text("Reconsideration"),
                "items": scale_items["rec"],
            },
        ],
        "pages": [
            {"id": "p1", "title": text("One"), "questions": ["bg_role", *scale_items["com"]]},
            {
                "id": "p2",
                "title": text("Two"),
                "questions": [*scale_items["exp"], *scale_items["rec"]],
            },
            {
                "id": "p3",
                "title": text("Three"),
                "questions": [*phase_items, "lp_experience"],
                "when": {"question": "bg_role", "in": [2]},
            },
        ],
        "life_phases": [
            {
                "id": "first_job",
                "name": text("First job"),
                "exploration": "lp_options",
                "commitment": "lp_certainty",
                "reconsideration": "lp_doubt",
                "technical": "lp_technical",
                "experience": "lp_experience",
            },
        ],
        "scoring": {
            "identity": {"commitment": "com", "exploration": "exp", "reconsideration": "rec"},
            "compass_scales": ["com", "exp"],
            "profile_indicators": ["com", "rec"],
            "norm_group": "bg_role",
            "population": {"employee": {"question": "bg_role", "in": [2]}},
        },
    }


def write(tmp_path: Path, raw: object) -> Path:
    path = tmp_path / FILE_NAME
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    return path


def error_of(tmp_path: Path, breaking: Callable[[dict[str, Any]], object]) -> InstrumentError:
    """The error raised for the minimal instrument after `breaking` changed it in place."""
    raw = minimal_instrument()
    breaking(raw)
    with pytest.raises(InstrumentError) as caught:
        load_instrument(write(tmp_path, raw))
    return caught.value


def problems_of(tmp_path: Path, breaking: Callable[[dict[str, Any]], object]) -> list[str]:
    return error_of(tmp_path, breaking).problems


def item(raw: dict[str, Any], item_id: str) -> dict[str, Any]:
    return next(spec for spec in raw["items"] if spec["id"] == item_id)


@pytest.fixture(scope="module")
def kompas() -> Instrument:
    return get_instrument("kompas-1")


# The shipped kompas-1 ------------------------------------------------------------------------


def test_kompas_1_loads_by_its_id(kompas):
    assert (kompas.id, kompas.version, kompas.languages) == ("kompas-1", "1.0.0", ("nl", "en"))


def test_kompas_1_has_161_likert_items_6_open_items_11_background_questions_and_37_scales(
    kompas,
):
    types = [item.type for item in kompas.items.values()]
    assert (types.count("likert"), types.count("text")) == (161, 6)
    assert (len(kompas.background), len(kompas.scales)) == (11, 37)


def test_kompas_1_has_between_120_and_170_items_in_total(kompas):
    assert 120 <= len(kompas.items) <= 170


def test_kompas_1_declares_its_discs_in_the_order_of_the_report(kompas):
    assert list(kompas.discs) == [
        *FIVE_DISCS,
        "knowledge",
        "identification",
        "identity",
        "development",
    ]
    assert kompas.discs["values"].name == {
        "nl": "Wat je belangrijk vindt",
        "en": "What you find important",
    }


def test_kompas_1_says_which_background_answers_make_a_student_or_an_employee(kompas):
    assert kompas.group("student") == Condition("bg_role", frozenset({1}))
    assert kompas.group("employee") == Condition("bg_role", frozenset({2}))


def test_a_group_the_instrument_does_not_declare_is_a_value_error(kompas):
    with pytest.raises(ValueError, match=r"declares no group 'retired' under scoring.population"):
        kompas.group("retired")


def test_a_condition_tells_per_respondent_whether_it_holds():
    answers = pd.DataFrame({"bg_role": [1.0, 2.0, math.nan]})
    members = Condition("bg_role", frozenset({2})).members(answers)
    assert members.tolist() == [False, True, False]


def test_kompas_1_has_every_scale_of_the_five_discs(kompas):
    for disc, expected in FIVE_DISCS.items():
        assert {s.id for s in kompas.scales.values() if s.disc == disc} == expected, disc


def test_every_text_of_kompas_1_is_in_dutch_and_english(kompas):
    texts = [kompas.title]
    texts += [label for scale in kompas.response_scales.values() for label in scale.labels.values()]
    texts += [item.text for item in kompas.items.values()]
    for question in kompas.background.values():
        texts += [question.text, *question.values.values()]
    for scale in kompas.scales.values():
        texts += [scale.name, scale.description]
    for page in kompas.pages:
        texts += [page.title] + ([page.intro] if page.intro else [])
    texts += [phase.name for phase in kompas.life_phases]
    untranslated = [t for t in texts if set(t) != {"nl", "en"} or not all(t.values())]
    assert untranslated == []


def test_each_scale_of_kompas_1_reverses_only_its_own_items(kompas):
    for scale in kompas.scales.values():
        assert scale.reverse <= set(scale.items), scale.id


def test_each_disc_of_kompas_1_has_a_scale_with_a_reversed_item(kompas):
    discs = {scale.disc for scale in kompas.scales.values()}
    reversed_discs = {scale.disc for scale in kompas.scales.values() if scale.reverse}
    assert reversed_discs == discs
    assert set(FIVE_DISCS) <= discs


def test_every_scale_of_kompas_1_has_at_least_three_items(kompas):
    # docs/instrument-kompas-1.md lists no scale shorter than three items.
    assert {s.id: len(s.items) for s in kompas.scales.values() if len(s.items) < 3} == {}


def test_no_scale_of_kompas_1_needs_more_answers_than_it_has_items(kompas):
    for scale in kompas.scales.values():
        assert 1 <= scale.min_answered <= len(scale.items), scale.id


def test_the_first_job_page_of_kompas_1_is_shown_to_employees_only(kompas):
    pages = {page.id: page for page in kompas.pages}
    assert pages["p21_phase_first_job"].when == Condition("bg_role", frozenset({2}))
    phases = {phase.id: phase for phase in kompas.life_phases}
    assert phases["first_job"].when == Condition("bg_role", frozenset({2}))


def test_numeric_items_lists_the_likert_items_then_the_background_questions(kompas):
    likert_ids = [i.id for i in kompas.items.values() if i.type == "likert"]
    assert kompas.numeric_items == likert_ids + list(kompas.background)
    assert "lp_first_job_experience" not in kompas.numeric_items


def test_a_likert_item_takes_every_code_of_its_response_scale(kompas):
    assert kompas.value_range("int_realistic_1") == (1, 5)
    assert kompas.valid_values("int_realistic_1") == {1, 2, 3, 4, 5}


def test_a_background_question_takes_only_its_listed_codes(kompas):
    assert kompas.value_range("bg_gender") == (1, 9)
    assert kompas.valid_values("bg_gender") == {1, 2, 3, 9}


def test_an_open_question_has_no_value_range(kompas):
    with pytest.raises(ValueError, match="lp_first_job_experience is an open question"):
        kompas.value_range("lp_first_job_experience")


def test_to_dict_is_json_serialisable(kompas):
    assert json.loads(json.dumps(kompas.to_dict()))["id"] == "kompas-1"


def test_to_dict_lists_each_scale_with_its_keyed_items_min_answered_and_range(kompas):
    scales = {scale["id"]: scale for scale in kompas.to_dict()["scales"]}
    assert len(scales) == 37
    realistic = scales["int_realistic"]
    assert realistic["items"] == [
        {"id": "int_realistic_1", "reverse": False},
        {"id": "int_realistic_2", "reverse": False},
        {"id": "int_realistic_3", "reverse": False},
        {"id": "int_realistic_4", "reverse": True},
    ]
    assert (realistic["min_answered"], realistic["min"], realistic["max"]) == (3, 1, 5)


def test_an_unknown_instrument_id_names_the_shipped_instruments():
    with pytest.raises(ValueError, match=r"unknown instrument 'nope'.*kompas-1"):
        get_instrument("nope")


# The minimal instrument and defaults ------------------------------------------------------


def test_the_minimal_instrument_is_valid(tmp_path):
    instrument = load_instrument(write(tmp_path, minimal_instrument()))
    assert (instrument.id, instrument.source) == ("mini-1", FILE_NAME)
    assert instrument.items["lp_experience"].max_length == 200


def test_min_answered_defaults_to_half_the_items_rounded_up(tmp_path):
    raw = minimal_instrument()
    raw["scales"][1]["items"].append("lp_options")
    instrument = load_instrument(write(tmp_path, raw))
    assert instrument.scales["com"].min_answered == 2  # 3 items
    assert instrument.scales["exp"].min_answered == 2  # 4 items


def test_background_codes_need_not_be_consecutive(tmp_path):
    raw = minimal_instrument()
    raw["background"][0]["values"][9] = text("Prefer not to say")
    assert load_instrument(write(tmp_path, raw)).valid_values("bg_role") == {1, 2, 9}


# What an InstrumentError is ---------------------------------------------------------------


def test_an_instrument_error_is_a_value_error_with_its_source_and_problems(tmp_path):
    error = error_of(tmp_path, lambda raw: raw.update(version=1))
    assert isinstance(error, ValueError)
    assert error.source == FILE_NAME
    assert error.problems == ['version: must be a quoted version string such as "1.0.0"']


def test_the_message_names_the_file_the_path_and_what_is_wrong(tmp_path):
    error = error_of(tmp_path, lambda raw: raw["scales"][0]["items"].append("com_9"))
    assert (
        str(error)
        == f"{FILE_NAME} has 1 problem:\n  {FILE_NAME}: scales[0].items[3]: unknown item 'com_9'"
    )


def test_every_problem_is_reported_at_once(tmp_path):
    def break_three_things(raw):
        item(raw, "com_1")["text"].pop("en")
        raw["scales"][0]["min_answered"] = 4
        raw["scoring"]["norm_group"] = "bg_year"

    error = error_of(tmp_path, break_three_things)
    assert "has 3 problems" in str(error)
    assert error.problems == [
        "items[0].text: missing translation for 'en'",
        "scales[0].min_answered: must be between 1 and 3",
        "scoring.norm_group: unknown background question 'bg_year'",
    ]


# Validation, one broken thing per test ----------------------------------------------------


def test_it_reports_an_unknown_response_scale_on_an_item(tmp_path):
    problems = problems_of(tmp_path, lambda raw: item(raw, "com_1").update(response_scale="agree6"))
    assert "items[0].response_scale: unknown response scale 'agree6'" in problems


def test_it_does_not_call_an_item_with_an_unknown_response_scale_an_open_question(tmp_path):
    problems = problems_of(tmp_path, lambda raw: item(raw, "com_1").update(response_scale="agree6"))
    assert problems == ["items[0].response_scale: unknown response scale 'agree6'"]


def test_it_reports_an_unknown_item_in_a_scale(tmp_path):
    problems = problems_of(tmp_path, lambda raw: raw["scales"][0]["items"].append("com_9"))
    assert problems == ["scales[0].items[3]: unknown item 'com_9'"]


def test_it_reports_an_unknown_scale_in_scoring_identity(tmp_path):
    problems = problems_of(
        tmp_path, lambda raw: raw["scoring"]["identity"].update(exploration="explore")
    )
    assert problems == ["scoring.identity.exploration: unknown scale 'explore'"]


def test_it_asks_for_the_items_when_a_page_lists_a_scale(tmp_path):
    problems = problems_of(tmp_path, lambda raw: raw["pages"][1]["questions"].append("com"))
    assert problems == ["pages[1].questions[6]: 'com' is a scale; list its items instead"]


def test_it_reports_an_unknown_question_on_a_page(tmp_path):
    problems = problems_of(tmp_path, lambda raw: raw["pages"][0]["questions"].append("bg_age"))
    assert problems == ["pages[0].questions[4]: unknown question 'bg_age'"]


def test_it_reports_a_question_on_no_page(tmp_path):
    problems = problems_of(tmp_path, lambda raw: raw["pages"][1]["questions"].remove("rec_2"))
    assert problems == ["pages: question 'rec_2' is on no page"]


def test_it_reports_a_question_on_two_pages(tmp_path):
    problems = problems_of(tmp_path, lambda raw: raw["pages"][1]["questions"].append("com_1"))
    assert problems == ["pages[1].questions[6]: 'com_1' is already on pages[0]"]


def test_it_names_where_a_duplicate_item_id_was_first_used(tmp_path):
    problems = problems_of(tmp_path, lambda raw: item(raw, "rec_2").update(id="com_2"))
    assert "items[7].id: duplicate id 'com_2' (first used at items[1])" in problems


def test_an_item_may_not_reuse_the_id_of_a_background_question(tmp_path):
    problems = problems_of(tmp_path, lambda raw: item(raw, "rec_1").update(id="bg_role"))
    assert "items[6].id: duplicate id 'bg_role' (first used at background[0])" in problems


def test_it_reports_a_reverse_key_on_an_item_outside_the_scale(tmp_path):
    problems = problems_of(tmp_path, lambda raw: raw["scales"][1].update(reverse=["com_3"]))
    assert problems == ["scales[1].reverse[0]: 'com_3' is not one of the scale's items"]


def test_it_reports_a_reverse_key_on_an_open_question(tmp_path):
    def reverse_the_open_question(raw):
        raw["scales"][0]["items"].append("lp_experience")
        raw["scales"][0]["reverse"].append("lp_experience")

    assert problems_of(tmp_path, reverse_the_open_question) == [
        "scales[0].items[3]: lp_experience is an open question and cannot be scored",
        "scales[0].reverse[1]: lp_experience has no numeric scale to reverse",
    ]


def test_it_names_the_language_of_a_missing_translation(tmp_path):
    problems = problems_of(tmp_path, lambda raw: item(raw, "exp_2")["text"].pop("en"))
    assert problems == ["items[4].text: missing translation for 'en'"]


def test_it_reports_a_translation_into_a_language_not_in_languages(tmp_path):
    problems = problems_of(tmp_path, lambda raw: item(raw, "exp_2")["text"].update(de="Zwei"))
    assert problems == ["items[4].text: language 'de' is not in `languages`"]


def test_it_names_a_top_level_key_without_a_leading_dot(tmp_path):
    problems = problems_of(tmp_path, lambda raw: raw["title"].pop("nl"))
    assert problems == ["title: missing translation for 'nl'"]


def test_it_reports_scale_items_with_different_response_ranges(tmp_path):
    problems = problems_of(tmp_path, lambda raw: item(raw, "rec_3").update(response_scale="agree7"))
    assert problems == ["scales[2].items: items use different response ranges [(1, 5), (1, 7)]"]


def test_it_reports_min_answered_above_the_number_of_items(tmp_path):
    problems = problems_of(tmp_path, lambda raw: raw["scales"][2].update(min_answered=4))
    assert problems == ["scales[2].min_answered: must be between 1 and 3"]


def test_it_reports_a_condition_on_an_unknown_background_question(tmp_path):
    problems = problems_of(tmp_path, lambda raw: raw["pages"][2]["when"].update(question="bg_job"))
    assert problems == ["pages[2].when.question: unknown background question 'bg_job'"]


def test_it_reports_a_condition_on_an_unknown_value(tmp_path):
    problems = problems_of(tmp_path, lambda raw: raw["pages"][2]["when"].update({"in": [2, 3]}))
    assert problems == ["pages[2].when.in: bg_role has no value(s) [3]"]


def test_it_reports_non_consecutive_response_codes(tmp_path):
    problems = problems_of(tmp_path, lambda raw: raw["response_scales"]["agree7"]["labels"].pop(4))
    assert problems == ["response_scales.agree7.labels: codes must be consecutive whole numbers"]


def test_it_reports_a_response_scale_without_labels(tmp_path):
    problems = problems_of(tmp_path, lambda raw: raw["response_scales"]["agree5"].update(labels={}))
    assert "response_scales.agree5.labels: needs at least one value" in problems


def test_it_reports_a_scale_on_an_undeclared_disc(tmp_path):
    problems = problems_of(tmp_path, lambda raw: raw["scales"][0].update(disc="hobbies"))
    assert problems == ["scales[0].disc: must be one of identity, other, got 'hobbies'"]


def test_it_reports_an_instrument_without_discs(tmp_path):
    problems = problems_of(tmp_path, lambda raw: raw.pop("discs"))
    assert problems == ["discs: must be a list, got NoneType", "discs: needs at least one disc"]


def test_it_reports_a_population_group_on_an_unknown_value(tmp_path):
    problems = problems_of(
        tmp_path, lambda raw: raw["scoring"]["population"]["employee"].update({"in": [3]})
    )
    assert problems == ["scoring.population.employee.in: bg_role has no value(s) [3]"]


def test_the_population_is_optional(tmp_path):
    raw = minimal_instrument()
    raw["scoring"].pop("population")
    assert load_instrument(write(tmp_path, raw)).scoring.population == {}


def test_it_reports_a_norm_group_given_as_a_list(tmp_path):
    problems = problems_of(tmp_path, lambda raw: raw["scoring"].update(norm_group=["bg_role"]))
    assert problems == ["scoring.norm_group: must be the id of a background question"]


def test_it_reports_a_life_phase_whose_technical_item_is_an_open_question(tmp_path):
    problems = problems_of(
        tmp_path, lambda raw: raw["life_phases"][0].update(technical="lp_experience")
    )
    assert problems == [
        "life_phases[0].technical: lp_experience is an open question; needs a likert item"
    ]


# Files that are not an instrument at all --------------------------------------------------


def test_it_reports_a_file_that_is_not_valid_yaml(tmp_path):
    path = tmp_path / FILE_NAME
    path.write_text("id: mini-1\nitems: [unclosed\n", encoding="utf-8")
    with pytest.raises(InstrumentError) as caught:
        load_instrument(path)
    assert caught.value.source == FILE_NAME
    assert len(caught.value.problems) == 1
    assert caught.value.problems[0].startswith("is not valid YAML: ")


def test_it_reports_a_file_that_is_not_utf_8(tmp_path):
    path = tmp_path / FILE_NAME
    path.write_bytes("id: mini-1\ntitle: {nl: Carrière, en: Career}\n".encode("latin-1"))
    with pytest.raises(InstrumentError) as caught:
        load_instrument(path)
    assert caught.value.source == FILE_NAME
    assert "utf-8" in caught.value.problems[0].lower()


def test_it_reports_a_missing_file(tmp_path):
    path = tmp_path / "absent.yaml"
    with pytest.raises(InstrumentError) as caught:
        load_instrument(path)
    assert caught.value.source == str(path)
    assert caught.value.problems == ["cannot be read: No such file or directory"]


def test_it_reports_a_top_level_that_is_not_a_mapping(tmp_path):
    with pytest.raises(InstrumentError) as caught:
        load_instrument(write(tmp_path, ["id", "mini-1"]))
    assert caught.value.problems == ["the top level must be a mapping"]
