"""The journey's rules, each decided in one place for the pages and the API alike."""

from __future__ import annotations

from django.conf import settings
from django.test import SimpleTestCase
from django.utils import timezone

from kompas.api.api import api
from kompas.cohorts.models import Cohort, Invitation
from kompas.lib.testing import KompasTestCase, answer_the_rest
from kompas.psychometrics.instrument import get_instrument
from kompas.surveys import services
from kompas.surveys.models import ConsentRecord, Response
from kompas.surveys.presentation import question_of

KOMPAS = get_instrument("kompas-1")
ALL_YES = {"feedback": True, "research": True, "linking": True}
OPEN = next(i.id for i in KOMPAS.items.values() if i.type == "text")


class TheInstrumentDecidesHowAQuestionIsRead(SimpleTestCase):
    def test_each_question_has_one_kind(self):
        self.assertEqual(KOMPAS.kind("bg_role"), "choice")
        self.assertEqual(KOMPAS.kind("int_realistic_1"), "likert")
        self.assertEqual(KOMPAS.kind(OPEN), "text")
        with self.assertRaisesRegex(ValueError, "is not a question of kompas-1"):
            KOMPAS.kind("A1")

    def test_a_posted_code_is_a_number_and_a_posted_text_stays_text(self):
        self.assertEqual(KOMPAS.parse("bg_role", "2"), 2)
        self.assertIsNone(KOMPAS.parse("bg_role", ""))
        self.assertEqual(KOMPAS.parse(OPEN, " 12 "), " 12 ")
        with self.assertRaisesRegex(ValueError, "whole number"):
            KOMPAS.parse("int_realistic_1", "four")

    def test_only_the_codes_of_a_question_are_valid(self):
        low, high = KOMPAS.value_range("int_realistic_1")
        self.assertEqual(KOMPAS.clean("int_realistic_1", high), high)
        for wrong in (high + 1, low - 1, True, 3.0, "3"):
            with self.assertRaisesRegex(ValueError, f"from {low} to {high}"):
                KOMPAS.clean("int_realistic_1", wrong)

    def test_an_open_answer_is_trimmed_and_an_empty_one_is_none(self):
        self.assertEqual(KOMPAS.clean(OPEN, "  mijn stage  "), "mijn stage")
        self.assertIsNone(KOMPAS.clean(OPEN, "   "))
        with self.assertRaisesRegex(ValueError, "must be text"):
            KOMPAS.clean(OPEN, 3)
        with self.assertRaisesRegex(ValueError, "longer than"):
            KOMPAS.clean(OPEN, "x" * (KOMPAS.items[OPEN].max_length + 1))

    def test_one_function_builds_a_question_for_the_pages_and_the_api(self):
        question = question_of(KOMPAS, "bg_role", "en", 2)
        self.assertEqual(question.kind, "choice")
        self.assertEqual([o.value for o in question.options], sorted(KOMPAS.labels("bg_role")))
        self.assertEqual([o.value for o in question.options if o.checked], [2])
        self.assertEqual(question.answer, "2")
        text = question_of(KOMPAS, OPEN, "nl")
        self.assertEqual((text.options, text.answer), ((), ""))
        self.assertEqual(text.max_length, KOMPAS.items[OPEN].max_length)


class TheLanguagesComeFromTheSettings(SimpleTestCase):
    def test_the_services_and_the_api_offer_the_settings_languages(self):
        codes = [code for code, _ in settings.LANGUAGES]
        self.assertEqual(list(services.LANGUAGES), codes)
        schema = api.get_openapi_schema()["components"]["schemas"]["PageOut"]
        self.assertEqual(schema["properties"]["language"]["enum"], codes)


class TokenLookups(KompasTestCase):
    def test_an_open_cohort_is_found_by_its_link_and_a_closed_one_is_not(self):
        self.assertEqual(Cohort.objects.by_link(self.cohort_token), self.cohort)
        self.assertIsNone(Cohort.objects.by_link("x" * 32))
        self.cohort.closes_at = timezone.now()
        self.cohort.save()
        self.assertIsNone(Cohort.objects.by_link(self.cohort_token))

    def test_an_invitation_is_found_until_a_response_was_started_from_it(self):
        self.assertEqual(Invitation.objects.unused(self.invitation_token), self.invitation)
        services.start_response(self.cohort, "nl", invitation=self.invitation)
        self.assertIsNone(Invitation.objects.unused(self.invitation_token))

    def test_an_invitation_of_a_closed_cohort_is_not_found(self):
        self.cohort.closes_at = timezone.now()
        self.cohort.save()
        self.assertIsNone(Invitation.objects.unused(self.invitation_token))


class WhoMayAnswerAndWhoSeesTheReport(KompasTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.response, _ = services.start_response(self.cohort, "nl")

    def test_nobody_answers_before_consent(self):
        self.assertFalse(services.may_answer(self.response))

    def test_consent_for_feedback_or_research_lets_a_respondent_answer(self):
        for feedback, research in ((True, False), (False, True)):
            choices = {"feedback": feedback, "research": research, "linking": False}
            services.record_consent(self.response, choices)
            self.assertTrue(services.may_answer(self.response))
        services.record_consent(self.response, dict.fromkeys(ALL_YES, False))
        self.assertFalse(services.may_answer(self.response))

    def test_a_submitted_response_is_not_answered_again(self):
        services.record_consent(self.response, ALL_YES)
        answer_the_rest(self.response)
        services.complete(self.response)
        self.assertFalse(services.may_answer(self.response))

    def test_the_report_needs_the_submit_and_consent_for_feedback(self):
        services.record_consent(self.response, ALL_YES)
        self.assertFalse(services.may_show_report(self.response))
        answer_the_rest(self.response)
        services.complete(self.response)
        self.assertTrue(services.may_show_report(self.response))
        ConsentRecord.objects.create(
            response=self.response, purpose="feedback", granted=False, text_version="x"
        )
        self.assertFalse(services.chose_feedback(self.response))
        self.assertFalse(services.may_show_report(self.response))


class ChangingTheLanguage(KompasTestCase):
    def test_it_is_stored_on_the_response(self):
        response, _ = services.start_response(self.cohort, "nl")
        services.change_language(response, "en")
        self.assertEqual(Response.objects.get().language, "en")

    def test_an_unknown_language_is_refused(self):
        response, _ = services.start_response(self.cohort, "nl")
        with self.assertRaisesRegex(ValueError, "unknown language 'de'"):
            services.change_language(response, "de")
        self.assertEqual(Response.objects.get().language, "nl")
