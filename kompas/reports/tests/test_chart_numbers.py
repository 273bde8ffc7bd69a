"""Every number drawn on a report's charts is written as the reader's language writes it, as
in the report's tables (`kompas.lib.numbers.format_number`): a decimal comma in Dutch
("+0,30", "−1,3"), a decimal point in English, and a real minus sign (U+2212) in both (issue 9,
item 8: one language and one number format at a time)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import Any

import pytest
from django.utils import translation

from kompas.reports import services
from kompas.reports.drawing.svg import Chart
from kompas.reports.report import build_report
from kompas.reports.report_charts import draw_report_charts
from kompas.reports.tests.test_pages import ReportTestCase
from kompas.reports.tests.test_profile_wording import CLOSE, KOMPAS, REFERENCE
from kompas.reports.tests.test_prototypicality_wording import constructed

SVG_TEXT = "{http://www.w3.org/2000/svg}text"
MINUS = "\u2212"
DECIMAL = {"nl": ",", "en": "."}
OTHER = {"nl": ".", "en": ","}
#: Charts that print a number with decimals: the compass's z-scores, the identity plane's
#: doubt, the two resemblances.
WITH_DECIMALS = ("compass", "identity", "prototypicality")


def data() -> dict[str, Any]:
    """The constructed prototypicality respondent with z-scores (+0.30 and -1.26 alternating,
    so every chart has a positive and a negative number with decimals), an identity status and
    a close runner-up profile."""
    scoring = KOMPAS.scoring
    scales = [
        *scoring.compass_scales,
        scoring.identity_exploration,
        scoring.identity_commitment,
        scoring.identity_reconsideration,
    ]
    z = {f"z_{scale}": (0.3 if i % 2 == 0 else -1.26) for i, scale in enumerate(scales)}
    posterior = {f"p_{p}": v for p, v in CLOSE.items()}
    return {
        **constructed(),
        **z,
        "identity_status": "achievement",
        "profile": max(CLOSE, key=CLOSE.__getitem__),
        **posterior,
    }


def chart_texts(language: str) -> dict[str, list[str]]:
    """Each chart's <text> elements (``svg.fonttype`` none keeps text as text)."""
    report = build_report(data(), KOMPAS, REFERENCE, language)
    return {
        name: ["".join(element.itertext()) for element in ET.fromstring(chart.svg).iter(SVG_TEXT)]
        for name, chart in draw_report_charts(report, REFERENCE).items()
    }


@pytest.fixture(scope="module")
def texts() -> dict[str, dict[str, list[str]]]:
    return {language: chart_texts(language) for language in DECIMAL}


@pytest.mark.parametrize("language", DECIMAL)
def test_every_chart_that_shows_numbers_is_drawn(texts, language):
    assert set(WITH_DECIMALS) | {"profile"} <= set(texts[language])


@pytest.mark.parametrize("language", DECIMAL)
@pytest.mark.parametrize("name", WITH_DECIMALS)
def test_decimals_have_the_languages_mark(texts, language, name):
    numbers = [t for t in texts[language][name] if re.search(r"\d[.,]\d", t)]
    assert numbers, f"the {name} chart shows no number with decimals"
    mark = re.escape(DECIMAL[language])
    assert all(re.search(rf"\d{mark}\d", t) for t in numbers), numbers


@pytest.mark.parametrize("language", DECIMAL)
def test_no_chart_has_a_number_with_the_other_languages_mark(texts, language):
    other = re.escape(OTHER[language])
    wrong = {
        name: [t for t in lines if re.search(rf"\d{other}\d", t)]
        for name, lines in texts[language].items()
    }
    assert not any(wrong.values()), wrong


@pytest.mark.parametrize("language", DECIMAL)
def test_the_compass_prints_the_z_scores_as_the_table_does(texts, language):
    mark = DECIMAL[language]
    compass = texts[language]["compass"]
    assert f"+0{mark}3" in compass
    assert f"{MINUS}1{mark}3" in compass


@pytest.mark.parametrize("language", DECIMAL)
def test_negative_numbers_have_a_real_minus_sign_and_no_hyphen(texts, language):
    lines = [t for chart in texts[language].values() for t in chart]
    assert any(t.startswith(MINUS) and t[1:2].isdigit() for t in lines)
    assert not [t for t in lines if re.search(r"(^|\s)-\d", t)]


@pytest.mark.parametrize("language", DECIMAL)
def test_the_profile_chart_has_whole_percentages(texts, language):
    profile = texts[language]["profile"]
    assert "55%" in profile and "40%" in profile


class ChartsStoredPerLanguage(ReportTestCase):
    def test_a_dutch_and_an_english_report_of_one_response_do_not_share_charts(self):
        response, _ = self.respond("en")
        english = Chart(svg="<svg><text>+0.61</text></svg>", alt="English.")
        services.store_charts(response, "en", {"prototypicality": english})
        self.assertIsNone(services.cached_charts(response, "nl"))
        dutch = Chart(svg="<svg><text>+0,61</text></svg>", alt="Nederlands.")
        services.store_charts(response, "nl", {"prototypicality": dutch})
        self.assertEqual(services.cached_charts(response, "nl"), {"prototypicality": dutch})
        self.assertEqual(services.cached_charts(response, "en"), {"prototypicality": english})


@pytest.mark.parametrize(("language", "mark"), [("nl", ","), ("en", ".")])
def test_the_prototypicality_alt_text_has_two_decimals_as_its_chart_and_table(language, mark):
    report = build_report(data(), KOMPAS, REFERENCE, language)
    assert report.prototypicality is not None
    with translation.override(language):
        alt = draw_report_charts(report, REFERENCE)["prototypicality"].alt
    shape = f"{abs(report.prototypicality.shape):.2f}".replace(".", mark)
    assert shape in alt, alt
