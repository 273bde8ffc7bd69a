"""Finishing needs enough answers: the final submit, on the finish page and in the API, is
refused while a scale the respondent is asked has fewer answers than its `min_answered`
(kompas-1.yaml), naming the pages to go back to. Single questions may stay open."""

from __future__ import annotations

import re
import tempfile
from collections.abc import Mapping
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import yaml
from django.template.loader import render_to_string
from django.test import SimpleTestCase
from django.urls import reverse
from django.utils import translation

from kompas.cohorts.models import Cohort
from kompas.lib.testing import KompasTestCase
from kompas.psychometrics.instrument import INSTRUMENTS_DIR, Instrument, get_instrument
from kompas.surveys import services
from kompas.surveys.models import Response, Result

KOMPAS = get_instrument("kompas-1")
ALL_YES = {"feedback": True, "research": True, "linking": True}
STUDENT, EMPLOYEE = 1, 2
#: int_realistic has four items and needs three (kompas-1.yaml); _1 and _2 are on page 2
#: ("Interests (1 of 2)"), _3 and _4 on page 3 ("Interests (2 of 2)").
REALISTIC = KOMPAS.scales["int_realistic"]


def everything(instrument: Instrument, role: int) -> dict[str, int]:
    """A numeric answer to every question that applies to a student or an employee (the
    open questions are left open: they never count)."""
    answers: dict[str, int] = {"bg_role": role}
    for page in instrument.pages:
        if page.when is not None and not page.when.holds(answers):
            continue
        for question in page.questions:
            condition = instrument.condition(question)
            kind = instrument.kind(question)
            if kind == "text" or (condition is not None and not condition.holds(answers)):
                continue
            answers.setdefault(
                question, 4 if kind == "likert" else min(instrument.labels(question))
            )
    return answers


def pages_with_scale_items(instrument: Instrument) -> dict[int, str]:
    """Number and English title of each page everybody sees that holds a scale's question."""
    scored = {q for scale in instrument.scales.values() for q in scale.items}
    shown = [page for page in instrument.pages if page.when is None]
    return {
        number: page.title["en"]
        for number, page in enumerate(shown, start=1)
        if scored & set(page.questions)
    }


def to_answer_list(html: str) -> str:
    """The finish page's list of pages that still need answers ("" when there is none)."""
    found = re.search(r'<div class="error-summary" id="to-answer".*?</div>', html, re.S)
    return found.group(0) if found else ""


class FinishTestCase(KompasTestCase):
    response: Response
    token: str
    sequence: int

    def begin(self, cohort: Cohort | None = None, language: str = "en") -> None:
        self.response, self.token = services.start_response(cohort or self.cohort, language)
        services.record_consent(self.response, ALL_YES)
        self.sequence = 0

    def answer(self, answers: Mapping[str, int | None]) -> None:
        self.sequence += 1
        entries = [services.Entry(q, v, self.sequence) for q, v in answers.items()]
        services.save_answers(self.response, entries)

    def finish(self) -> Any:
        return self.client.post(reverse("surveys:finish", args=[self.token]))

    def finish_page(self) -> Any:
        return self.client.get(reverse("surveys:finish", args=[self.token]))

    def submit_over_api(self) -> Any:
        return self.client.post(
            "/api/v1/response/submit",
            "{}",
            content_type="application/json",
            headers={"Authorization": f"Bearer {self.token}"},
        )

    def link(self, number: int) -> str:
        return reverse("surveys:page", args=[self.token, number])

    def assert_not_submitted(self) -> None:
        self.response.refresh_from_db()
        self.assertIsNone(self.response.completed_at)
        self.assertFalse(Result.objects.filter(response=self.response).exists())

    def assert_submitted(self) -> None:
        self.response.refresh_from_db()
        self.assertIsNotNone(self.response.completed_at)
        self.assertTrue(Result.objects.filter(response=self.response).exists())


class AnEmptyQuestionnaire(FinishTestCase):
    def test_the_finish_page_refuses_it_with_a_link_to_each_page_to_answer(self) -> None:
        self.begin()
        reply = self.finish()
        self.assertEqual(reply.status_code, 400)
        listed = to_answer_list(reply.content.decode())
        self.assertIn("These pages still need answers", listed)
        expected = pages_with_scale_items(KOMPAS)
        self.assertIn(3, expected)
        for number, title in expected.items():
            self.assertIn(f'href="{self.link(number)}">Page {number}: {title}</a>', listed)
        self.assertEqual(listed.count("<li>"), len(expected))
        self.assert_not_submitted()

    def test_the_page_shows_the_list_before_the_submit_button_in_dutch_too(self) -> None:
        self.begin(language="nl")
        html = self.finish_page().content.decode()
        listed = to_answer_list(html)
        self.assertIn("Deze pagina's hebben nog antwoorden nodig", listed)
        self.assertIn(f'href="{self.link(3)}">Pagina 3: Interesses (2 van 2)</a>', listed)
        self.assertLess(html.index(listed), html.index('<button type="submit" class="primary">'))
        translation.activate("en")

    def test_the_api_refuses_it_naming_each_page_and_its_scales(self) -> None:
        self.begin()
        reply = self.submit_over_api()
        self.assertEqual(reply.status_code, 409, reply.content)
        body = reply.json()
        self.assertTrue(body["detail"].startswith("Nothing was submitted"), body["detail"])
        self.assertEqual(
            set(body["problems"]), {f"page {n}" for n in pages_with_scale_items(KOMPAS)}
        )
        self.assertIn("int_realistic", body["problems"]["page 3"])
        self.assert_not_submitted()


class AScaleOneAnswerShort(FinishTestCase):
    def setUp(self) -> None:
        self.begin()
        answers: dict[str, int | None] = dict(everything(KOMPAS, STUDENT))
        for question in ("int_realistic_3", "int_realistic_4"):  # 2 of 4 left, 3 needed
            del answers[question]
        self.answer(answers)

    def test_the_finish_page_refuses_it_naming_only_its_page(self) -> None:
        reply = self.finish()
        self.assertEqual(reply.status_code, 400)
        listed = to_answer_list(reply.content.decode())
        self.assertIn(f'href="{self.link(3)}">Page 3: Interests (2 of 2)</a>', listed)
        self.assertEqual(listed.count("<li>"), 1)
        self.assert_not_submitted()

    def test_the_api_refuses_it_naming_its_page_and_scale(self) -> None:
        reply = self.submit_over_api()
        self.assertEqual(reply.status_code, 409, reply.content)
        self.assertEqual(list(reply.json()["problems"]), ["page 3"])
        self.assertIn("int_realistic", reply.json()["problems"]["page 3"])
        self.assert_not_submitted()

    def test_exactly_min_answered_passes(self) -> None:
        self.assertEqual(self.submit_over_api().status_code, 409)
        self.answer({"int_realistic_3": 2})  # 3 of 4 answered: min_answered
        self.assertEqual(REALISTIC.min_answered, 3)
        self.assertEqual(to_answer_list(self.finish_page().content.decode()), "")
        reply = self.finish()
        self.assertRedirects(
            reply, reverse("reports:report", args=[self.token]), fetch_redirect_response=False
        )
        self.assert_submitted()


class ASkippedSingleQuestion(FinishTestCase):
    def test_one_question_open_in_every_scale_still_passes(self) -> None:
        self.begin()
        answers = everything(KOMPAS, STUDENT)
        for scale in KOMPAS.scales.values():
            self.assertLess(scale.min_answered, len(scale.items), scale.id)
            del answers[scale.items[0]]
        self.answer(dict(answers))
        self.assertEqual(services.pages_to_answer(KOMPAS, services.answers_of(self.response)), [])
        page = self.finish_page().content.decode()
        self.assertIn("Go to the first open question", page)
        self.assertEqual(to_answer_list(page), "")
        self.assertEqual(self.submit_over_api().status_code, 200)
        self.assert_submitted()


class AQuestionHiddenByACondition(FinishTestCase):
    """kompas-1 with its first realistic-interest question asked of students only."""

    students_only: Instrument

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        raw = yaml.safe_load((INSTRUMENTS_DIR / "kompas-1.yaml").read_text(encoding="utf-8"))
        for item in raw["items"]:
            if item["id"] == "int_realistic_1":
                item["when"] = {"question": "bg_role", "in": [STUDENT]}
        folder = Path(tempfile.mkdtemp(prefix="k"))  # short: instrument_id holds 50 characters
        path = folder / "k.yaml"
        path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
        cls.students_only = get_instrument(str(path))
        cls.cohort = Cohort.objects.create(
            institution=cls.institution,
            name="Werkenden 2026",
            instrument_id=str(path),
            instrument_version=cls.students_only.version,
            wave="start",
            population="employee",
        )

    def test_its_stored_answer_does_not_count_and_it_is_not_needed(self) -> None:
        self.assertIsNotNone(self.students_only.condition("int_realistic_1"))
        self.begin(self.cohort)
        # A response names the file it was given under (its id is the shipped one's).
        self.response.instrument_id = self.cohort.instrument_id
        self.response.save(update_fields=["instrument_id"])
        answers: dict[str, int | None] = dict(everything(self.students_only, STUDENT))
        del answers["int_realistic_4"]  # _1, _2 and _3 answered as a student: 3 of 4
        self.answer(answers)
        self.answer({"bg_role": EMPLOYEE})  # now _1 is not asked: 2 of the 3 asked count
        reply = self.submit_over_api()
        self.assertEqual(reply.status_code, 409, reply.content)
        self.assertEqual(list(reply.json()["problems"]), ["page 3"])
        self.assert_not_submitted()
        self.answer({"int_realistic_4": 3})  # 3 of the 3 asked; _1 stays unanswered for them
        self.assertEqual(self.finish().status_code, 302)
        self.assert_submitted()


class TheReportNeverSpeaksAboutWhatIsEmpty(SimpleTestCase):
    def render(self, **report: Any) -> str:
        fields = {"next_steps": (), "reflection": (), "strengths": (), "attention": ()}
        fields.update(report)
        with translation.override("en"):
            return render_to_string(
                "reports/report_body.html", {"report": SimpleNamespace(**fields), "charts": {}}
            )

    def test_without_next_steps_or_questions_there_is_no_next_steps_heading(self) -> None:
        html = self.render(missing=("Some scales have too few answers.",))
        self.assertNotIn('id="next-steps"', html)
        self.assertNotIn("Next steps", html)

    def test_questions_without_next_steps_stand_under_their_own_heading(self) -> None:
        html = self.render(reflection=("What did you enjoy?",))
        self.assertIn('<h2 id="next-steps-title">Questions to think about</h2>', html)
        self.assertNotIn("Next steps", html)

    def test_no_scale_stands_out_only_when_every_scale_has_a_score(self) -> None:
        self.assertIn("no scale stands out", self.render(missing=()))
        html = self.render(missing=("Some scales have too few answers.",))
        self.assertNotIn("no scale stands out", html)
        self.assertNotIn('id="strengths"', html)
