"""The profile section says which profile fits best without false certainty (issue 9, item 5).

The posteriors are hand-made: one dominant profile (0.999, as a respondent far inside one
profile gets from the shipped model), a close runner-up (0.55 against 0.40: at least half)
and a far one (0.80 against 0.15: less than half). Each is rendered in Dutch and English
as the web page's body and as the PDF's HTML (the PDF is made from that HTML); one test
also reads the real PDF with pdftotext.
"""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from kompas.psychometrics.instrument import get_instrument
from kompas.psychometrics.reference import REFERENCE_DIR, load_reference
from kompas.reports import services
from kompas.reports.report import Report, build_report
from kompas.reports.report_charts import draw_report_charts
from kompas.reports.tests.test_pages import pdf_text

KOMPAS = get_instrument("kompas-1")
REFERENCE = load_reference(REFERENCE_DIR / "kompas-1")
LANGUAGES = ("nl", "en")
TEMPLATES = ("reports/report_body.html", "reports/pdf.html")

DOMINANT = {"nerd": 0.999, "einzelganger": 0.0006, "security_seeker": 0.0002,
            "all_rounder": 0.0001, "status_seeker": 0.0001}  # fmt: skip
CLOSE = {"all_rounder": 0.55, "einzelganger": 0.40, "nerd": 0.03, "security_seeker": 0.01,
         "status_seeker": 0.01}  # fmt: skip
FAR = {"status_seeker": 0.80, "security_seeker": 0.15, "nerd": 0.03, "einzelganger": 0.01,
       "all_rounder": 0.01}  # fmt: skip

MORE_THAN_99 = {"nl": "meer dan 99%", "en": "more than 99%"}
MEANING = {
    "nl": "De percentages geven aan hoe goed je antwoorden bij elk profiel passen, vergeleken "
    "met de andere profielen. Ze zijn geen oordeel over jou.",
    "en": "The percentages say how well your answers fit each profile compared with the other "
    "profiles. They are not a verdict about you.",
}
COMES_CLOSE = {"nl": "komt dicht in de buurt", "en": "comes close"}
NAMES = {
    "nl": {"all_rounder": "Allrounder", "einzelganger": "Einzelgänger",
           "security_seeker": "Zekerheidszoeker", "status_seeker": "Statuszoeker"},
    "en": {"all_rounder": "All-rounder", "einzelganger": "Einzelgänger",
           "security_seeker": "Security seeker", "status_seeker": "Status seeker"},
}  # fmt: skip


def report_for(posterior: dict[str, float], language: str) -> Report:
    best = max(posterior, key=posterior.__getitem__)
    data: dict[str, Any] = {"profile": best, **{f"p_{p}": v for p, v in posterior.items()}}
    return build_report(data, KOMPAS, REFERENCE, language)


class _Text(HTMLParser):
    """The text a reader sees (element text, SVG text included), not attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


def rendered_html(posterior: dict[str, float], language: str, template: str) -> str:
    report = report_for(posterior, language)
    charts = draw_report_charts(report, REFERENCE)
    with translation.override(language):
        return render_to_string(template, {"report": report, "charts": charts})


def rendered(posterior: dict[str, float], language: str, template: str) -> str:
    """The visible text of the whole of `template` rendered for `posterior`."""
    return visible_text(rendered_html(posterior, language, template))


def profile_section(posterior: dict[str, float], language: str, template: str) -> str:
    """The visible text of the profile section (its chart included)."""
    html = rendered_html(posterior, language, template)
    start = html.index('<section class="report-section" id="profile"')
    return visible_text(html[start : html.index("</section>", start)])


@pytest.mark.parametrize("template", TEMPLATES)
@pytest.mark.parametrize("language", LANGUAGES)
def test_a_dominant_profile_shows_more_than_99_percent_and_no_runner_up(language, template):
    section = profile_section(DOMINANT, language, template)
    assert MORE_THAN_99[language] in section
    assert COMES_CLOSE[language] not in section
    assert report_for(DOMINANT, language).profile.runner_up is None


@pytest.mark.parametrize("template", TEMPLATES)
@pytest.mark.parametrize("language", LANGUAGES)
def test_no_100_or_0_percent_is_shown_for_a_dominant_profile(language, template):
    text = rendered(DOMINANT, language, template)
    assert "100%" not in text and "100 %" not in text
    section = profile_section(DOMINANT, language, template)
    # The four unlikely profiles are "less than 1%" (in the chart and the table), never "0%"
    # (the chart's axis starts at 0%, which is a scale, not a chance).
    assert section.count({"nl": "minder dan 1%", "en": "less than 1%"}[language]) == 8
    for name in NAMES[language].values():
        assert f"{name} 0%" not in section


@pytest.mark.parametrize("template", TEMPLATES)
@pytest.mark.parametrize("language", LANGUAGES)
def test_a_close_runner_up_is_shown_with_its_chance(language, template):
    section = profile_section(CLOSE, language, template)
    names = NAMES[language]
    sentence = {
        "nl": f"Het profiel {names['einzelganger']} komt dicht in de buurt: 40%, tegenover 55% "
        f"voor {names['all_rounder']}.",
        "en": f"The profile {names['einzelganger']} comes close: 40%, against 55% for "
        f"{names['all_rounder']}.",
    }[language]
    assert sentence in section


@pytest.mark.parametrize("template", TEMPLATES)
@pytest.mark.parametrize("language", LANGUAGES)
def test_a_far_runner_up_is_not_named_as_close(language, template):
    section = profile_section(FAR, language, template)
    assert COMES_CLOSE[language] not in section
    assert report_for(FAR, language).profile.runner_up is None


def test_the_runner_up_rule_is_at_least_half_the_best():
    at_half = {"nerd": 0.5, "all_rounder": 0.25, "einzelganger": 0.25}
    below_half = {"nerd": 0.52, "all_rounder": 0.25, "einzelganger": 0.23}
    runner_up = report_for(at_half, "en").profile.runner_up
    assert runner_up is not None and runner_up.label == "all_rounder"
    assert report_for(below_half, "en").profile.runner_up is None


@pytest.mark.parametrize("template", TEMPLATES)
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_meaning_of_the_percentages_is_said(language, template):
    for posterior in (DOMINANT, CLOSE, FAR):
        assert MEANING[language] in profile_section(posterior, language, template)


def test_einzelganger_is_spelled_with_an_umlaut_in_both_languages():
    for language in LANGUAGES:
        report = report_for(CLOSE, language)
        assert report.profile is not None
        names = {chance.label: chance.name for chance in report.profile.probabilities}
        assert names["einzelganger"] == "Einzelgänger", language
        for template in TEMPLATES:
            text = rendered(CLOSE, language, template)
            assert "Einzelgänger" in text and "Einzelganger" not in text, (language, template)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_pdf_reads_more_than_99_percent_and_never_100(language):
    report = report_for(DOMINANT, language)
    text = " ".join(
        pdf_text(services.report_pdf(report, draw_report_charts(report, REFERENCE))).split()
    )
    assert MORE_THAN_99[language] in text
    assert MEANING[language].split(".")[0] in text
    assert "100%" not in text and "Einzelgänger" in text
