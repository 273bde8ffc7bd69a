"""The report tells the person's own story (issue 9, item 3): per life phase the details
answered, as answer labels in the reader's language, and the key experience in the person's
own words (escaped); the day the questionnaire was completed; and, for whoever came through
an open cohort link, a reminder to keep the link, since it is the only way back."""

from __future__ import annotations

from datetime import UTC, datetime

from django.urls import reverse

from kompas.cohorts.models import Invitation
from kompas.reports.tests.test_pages import ALL_YES, ReportTestCase, pdf_text, synthetic_answers
from kompas.surveys import services as surveys
from kompas.surveys.models import Response

#: An open answer that HTML would run or misread if it were not escaped.
OWN_WORDS = "<script>alert(1)</script> Lego & Meccano with my grandfather"
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt; Lego &amp; Meccano with my grandfather"
#: Noon UTC, so the day is the same in every time zone the site might use.
COMPLETED = datetime(2026, 12, 2, 12, 0, tzinfo=UTC)
#: The childhood answers given below, as the agree5 labels of kompas-1.yaml.
DETAILS = {
    "nl": [
        ("Technische activiteiten", "Helemaal mee eens"),
        ("Afgewogen mogelijkheden", "Mee oneens"),
        ("Zekerheid", "Mee eens"),
        ("Twijfel", "Helemaal mee oneens"),
    ],
    "en": [
        ("Technical activities", "Strongly agree"),
        ("Options weighed", "Disagree"),
        ("Certainty", "Agree"),
        ("Doubt", "Strongly disagree"),
    ],
}
DATES = {"nl": "Ingevuld op 2 december 2026", "en": "Completed on 2 December 2026"}
KEEP = {"nl": "Bewaar je link", "en": "Keep your link"}


class OwnStoryTestCase(ReportTestCase):
    def tell(self, language: str, *, invited: bool = False) -> tuple[Response, str]:
        """A submitted response whose childhood answers and story are known."""
        if invited:
            invitation, token = Invitation.issue(self.cohort, "anna@example.nl")
            response = surveys.start_invited(invitation, language)
        else:
            response, token = surveys.start_response(self.cohort, language)
        surveys.record_consent(response, ALL_YES)
        entries = synthetic_answers()
        more = len(entries)
        own: dict[str, int | str] = {
            "lp_childhood_technical": 5,
            "lp_childhood_options": 2,
            "lp_childhood_certainty": 4,
            "lp_childhood_doubt": 1,
            "lp_childhood_experience": OWN_WORDS,
        }
        entries = [entry for entry in entries if entry.item not in own]
        entries += [
            surveys.Entry(item, value, more + k) for k, (item, value) in enumerate(own.items())
        ]
        surveys.save_answers(response, entries)
        surveys.complete(response)
        Response.objects.filter(pk=response.pk).update(completed_at=COMPLETED)
        return response, token

    def page(self, language: str, **kwargs: bool) -> str:
        _response, token = self.tell(language, **kwargs)
        reply = self.report_page(token)
        self.assertEqual(reply.status_code, 200)
        return " ".join(reply.content.decode().split())


class TheOwnWords(OwnStoryTestCase):
    def test_the_open_answer_shows_as_text_under_its_label(self):
        for language, label in (("nl", "In je eigen woorden"), ("en", "In your own words")):
            with self.subTest(language):
                html = self.page(language)
                self.assertIn(ESCAPED, html)
                self.assertNotIn("<script>alert(1)", html)
                self.assertIn(label, html)
                story = html[html.index('id="phase-childhood"') :]
                self.assertLess(story.index(label), story.index(ESCAPED))

    def test_the_pdf_holds_the_open_answer(self):
        _response, token = self.tell("nl")
        reply = self.client.get(reverse("reports:pdf", args=[token]))
        self.assertEqual(reply.status_code, 200)
        text = " ".join(pdf_text(bytes(reply.content)).split())
        self.assertIn("In je eigen woorden", text)
        self.assertIn(OWN_WORDS, text)


class ThePhaseDetails(OwnStoryTestCase):
    def test_they_show_as_answer_labels_in_the_readers_language(self):
        for language, details in DETAILS.items():
            with self.subTest(language):
                html = self.page(language)
                story = html[html.index('id="phase-childhood"') :]
                story = story[: story.index("</div>")]
                for term, answer in details:
                    self.assertIn(f"<dt>{term}</dt><dd>{answer}</dd>", story)

    def test_a_phase_without_answers_gets_no_heading(self):
        response, token = self.tell("en")
        phase_items = [i for i in surveys.answers_of(response) if i.startswith("lp_study_years")]
        self.assertTrue(phase_items)
        response.answers.filter(item__in=phase_items).delete()
        html = self.report_page(token).content.decode()
        self.assertIn('id="phase-childhood"', html)
        self.assertNotIn('id="phase-study_years"', html)


class TheCompletionDate(OwnStoryTestCase):
    def test_it_is_written_in_the_readers_language(self):
        for language, day in DATES.items():
            with self.subTest(language):
                self.assertIn(day, self.page(language))


class TheKeepYourLinkReminder(OwnStoryTestCase):
    def test_it_shows_for_an_open_link_with_the_link_and_the_mail_form(self):
        for language, heading in KEEP.items():
            with self.subTest(language):
                _response, token = self.tell(language)
                html = self.report_page(token).content.decode()
                self.assertIn(heading, html)
                self.assertIn(reverse("surveys:start", args=[token]), html)
                self.assertIn(f'action="{reverse("surveys:email", args=[token])}"', html)

    def test_it_does_not_show_for_a_personal_invitation(self):
        html = self.page("en", invited=True)
        self.assertNotIn(KEEP["en"], html)
        self.assertNotIn('id="keep-link"', html)
        self.assertIn(DATES["en"], html)  # the rest of the report is there
