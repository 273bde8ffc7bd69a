"""The prototypicality section explains its numbers (issue 9, item 4).

- The constructed person lies a chosen number of standard deviations from the shipped
  reference profile on every scale (`OFFSETS`): the three smallest offsets are the scales
  closest to the profile, the three largest the ones that set the person apart.
- "Closer than N% of the reference group" is checked on a small constructed reference whose
  five members lie at distances 0, 1, 2, 2 and 3 from the profile (3, 3, 3) with SD 1; a
  person at distance 2 has one member further away and two at the same distance, so is
  closer than (1 + 2 / 2) / 5 = 40% of them (the mid-rank rule of `kompas.psychometrics.norms`).
- With the shipped (synthetic) reference the section says the reference group is synthetic,
  and keeps the text that it is information, not a verdict.

Each is rendered in Dutch and English as the web page's body and as the PDF's HTML.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import pytest
from django.template.loader import render_to_string
from django.utils import translation

from kompas.psychometrics.prototypicality import Prototype, prototypicality
from kompas.psychometrics.reference import Reference
from kompas.reports import services
from kompas.reports.report import Report, build_report
from kompas.reports.report_charts import draw_report_charts
from kompas.reports.tests.test_pages import pdf_text
from kompas.reports.tests.test_profile_wording import (
    KOMPAS,
    LANGUAGES,
    REFERENCE,
    TEMPLATES,
    visible_text,
)


def _shipped_prototype() -> Prototype:
    prototype = REFERENCE.prototype
    assert prototype is not None
    return prototype


PROTOTYPE = _shipped_prototype()

#: Offsets from the reference profile in standard deviations: three small, three large, the
#: rest between 0.5 and 2.0 (0.5 + 0.05 * position, alternating in sign).
CLOSEST = {"comp_design": 0.1, "int_social": -0.2, "goal_status": 0.3}
FURTHEST = {"val_security": -3.0, "pers_openness": 2.6, "ident_engineering": -2.2}
OFFSETS = {
    scale: {**CLOSEST, **FURTHEST}.get(scale, (0.5 + 0.05 * i) * (-1) ** i)
    for i, scale in enumerate(PROTOTYPE.scales)
}

#: The small constructed reference: profile (3, 3, 3), SD 1, members at distances 0, 1, 2, 2, 3.
SMALL_SCALES = ("int_realistic", "int_investigative", "int_artistic")
SMALL_MEMBERS = pd.DataFrame(
    [(3, 3, 3), (4, 3, 3), (3, 5, 3), (1, 3, 3), (3, 3, 6)], columns=SMALL_SCALES, dtype=float
)
SMALL = Prototype(
    "small", SMALL_SCALES, (3, 3, 3), (3, 3, 3), (1, 1, 1), synthetic=False
).with_distances(SMALL_MEMBERS)
AT_TWO = {"int_realistic": 3.0, "int_investigative": 3.0, "int_artistic": 5.0}  # distance 2

SYNTHETIC_NOTE = {
    "nl": "De referentiegroep is synthetisch: gegenereerde demonstratiegegevens, geen echte "
    "engineers.",
    "en": "The reference group is synthetic: generated demonstration data, not real engineers.",
}
NO_VERDICT = {"nl": "geen oordeel over jou", "en": "not a judgement of you"}
AND = {"nl": "en", "en": "and"}


def assessed(scores: dict[str, float], prototype: Prototype) -> dict[str, Any]:
    """The scale scores with the prototypicality indices `assess` would add."""
    indices = prototypicality(pd.DataFrame([scores]), prototype).iloc[0]
    return {**scores, **{str(key): value for key, value in indices.items()}}


def constructed() -> dict[str, Any]:
    scores = {
        scale: mean + OFFSETS[scale] * sd
        for scale, mean, sd in zip(PROTOTYPE.scales, PROTOTYPE.profile, PROTOTYPE.sd, strict=True)
    }
    return assessed(scores, PROTOTYPE)


def section_text(report: Report, reference: Reference, language: str, template: str) -> str:
    """The visible text of the prototypicality section (its chart included)."""
    charts = draw_report_charts(report, reference)
    with translation.override(language):
        html = render_to_string(template, {"report": report, "charts": charts})
    start = html.index('<section class="report-section" id="prototypicality"')
    return visible_text(html[start : html.index("</section>", start)])


def names(scales: list[str], language: str) -> str:
    """'A, B and C' by hand, with the scale names in `language`."""
    first, second, third = (KOMPAS.scales[scale].name[language] for scale in scales)
    return f"{first}, {second} {AND[language]} {third}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_model_names_the_three_closest_and_furthest_scales_in_order(language):
    section = build_report(constructed(), KOMPAS, REFERENCE, language).prototypicality
    assert section is not None
    # By hand from OFFSETS: |0.1| < |-0.2| < |0.3|, and |-3.0| > |2.6| > |-2.2|.
    assert [line.id for line in section.closest] == ["comp_design", "int_social", "goal_status"]
    assert [line.id for line in section.furthest] == [
        "val_security",
        "pers_openness",
        "ident_engineering",
    ]
    assert [line.difference for line in section.furthest] == pytest.approx([3.0, 2.6, 2.2])
    assert section.closest[0].name == KOMPAS.scales["comp_design"].name[language]


@pytest.mark.parametrize("template", TEMPLATES)
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_closest_and_furthest_scales_are_named_in_words(language, template):
    report = build_report(constructed(), KOMPAS, REFERENCE, language)
    text = section_text(report, REFERENCE, language, template)
    closest = names(["comp_design", "int_social", "goal_status"], language)
    furthest = names(["val_security", "pers_openness", "ident_engineering"], language)
    sentence = {
        "nl": f"Met je scores op {closest} zit je het dichtst bij het referentieprofiel; met je "
        f"scores op {furthest} wijk je er het meest van af.",
        "en": f"Your scores on {closest} are closest to the reference profile; your scores on "
        f"{furthest} set you apart from it most.",
    }[language]
    assert sentence in text


def test_closer_than_is_the_mid_rank_share_of_the_small_reference_further_away():
    data = assessed(AT_TWO, SMALL)
    assert data["proto_distance"] == pytest.approx(2.0)
    section = build_report(data, KOMPAS, Reference(prototype=SMALL), "en").prototypicality
    assert section is not None
    assert section.closer_than == pytest.approx(40.0)  # (1 further + 2 equal / 2) / 5
    assert section.synthetic is False
    # At the profile itself: 4 further + 1 equal / 2 = 90%; beyond the furthest member: 0%.
    assert SMALL.closer_than(0.0) == pytest.approx(90.0)
    assert SMALL.closer_than(3.5) == pytest.approx(0.0)


@pytest.mark.parametrize("template", TEMPLATES)
@pytest.mark.parametrize("language", LANGUAGES)
def test_closer_than_is_said_in_words_with_the_distance(language, template):
    reference = Reference(prototype=SMALL)
    report = build_report(assessed(AT_TWO, SMALL), KOMPAS, reference, language)
    text = section_text(report, reference, language, template)
    sentence = {
        "nl": "Je afstand tot het referentieprofiel is 2,0: je zit er dichter bij dan 40% van "
        "de referentiegroep.",
        "en": "Your distance to the reference profile is 2.0: you are closer to it than 40% of "
        "the reference group.",
    }[language]
    assert sentence in text
    # This small reference is not synthetic, so nothing says it is.
    assert SYNTHETIC_NOTE[language] not in text
    assert {"nl": "synthetisch", "en": "synthetic"}[language] not in text


@pytest.mark.parametrize("template", TEMPLATES)
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_shipped_reference_is_said_to_be_synthetic_and_no_verdict(language, template):
    assert PROTOTYPE.synthetic
    report = build_report(constructed(), KOMPAS, REFERENCE, language)
    assert report.prototypicality is not None and report.prototypicality.synthetic
    text = section_text(report, REFERENCE, language, template)
    assert SYNTHETIC_NOTE[language] in text
    assert NO_VERDICT[language] in text
    closer = {"nl": "van de synthetische referentiegroep", "en": "of the synthetic reference group"}
    assert closer[language] in text


def test_the_shipped_reference_places_a_distance_among_its_members():
    # The shipped prototype keeps its 2,739 synthetic engineers' distances: half of them lie
    # further than the median distance, none further than the largest.
    distances = PROTOTYPE.distances
    assert distances is not None and distances.n == PROTOTYPE.n
    assert PROTOTYPE.closer_than(distances.percentiles[50]) == pytest.approx(50.0, abs=1.0)
    assert PROTOTYPE.closer_than(distances.values[-1] + 1) == 0.0


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_pdf_names_the_scales_and_the_synthetic_group(language):
    report = build_report(constructed(), KOMPAS, REFERENCE, language)
    text = " ".join(
        pdf_text(services.report_pdf(report, draw_report_charts(report, REFERENCE))).split()
    )
    assert SYNTHETIC_NOTE[language] in text
    assert KOMPAS.scales["val_security"].name[language] in text
