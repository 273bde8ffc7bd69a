"""The forms of the respondent's pages: consent choices and a page of answers."""

from __future__ import annotations

from django.test import SimpleTestCase
from django.utils import translation

from kompas.psychometrics.instrument import get_instrument
from kompas.surveys import services
from kompas.surveys.forms import AutosaveForm, ConsentForm, EmailLinkForm, LanguageForm, PageForm

KOMPAS = get_instrument("kompas-1")
LIKERT_PAGE = next(p for p in KOMPAS.pages if all(KOMPAS.kind(q) == "likert" for q in p.questions))
TEXT_PAGE = next(p for p in KOMPAS.pages if any(KOMPAS.kind(q) == "text" for q in p.questions))
OPEN = next(q for q in TEXT_PAGE.questions if KOMPAS.kind(q) == "text")


class TheConsentForm(SimpleTestCase):
    def test_it_asks_every_purpose_but_sharing(self):
        self.assertEqual(list(ConsentForm().fields), ["feedback", "research", "linking"])

    def test_yes_and_no_become_choices(self):
        form = ConsentForm({"feedback": "yes", "research": "no", "linking": "no"})
        self.assertTrue(form.is_valid())
        self.assertEqual(form.choices(), {"feedback": True, "research": False, "linking": False})

    def test_a_missing_or_strange_choice_is_named(self):
        with translation.override("en"):
            form = ConsentForm({"feedback": "yes", "research": "maybe"})
            self.assertEqual(
                form.problems(), {"research": "Choose yes or no.", "linking": "Choose yes or no."}
            )
        self.assertEqual(form.chosen(), {"feedback": "yes", "research": "maybe", "linking": None})

    def test_it_shows_the_current_choices_before_anything_is_posted(self):
        form = ConsentForm.of({"feedback": True, "research": False})
        self.assertEqual(form.chosen(), {"feedback": "yes", "research": "no", "linking": None})


class ThePageForm(SimpleTestCase):
    def page(self, data: dict[str, str], page=LIKERT_PAGE) -> PageForm:
        return PageForm(KOMPAS, page, data)

    def test_it_has_a_field_per_question_of_the_page(self):
        self.assertEqual(list(self.page({}).fields), list(LIKERT_PAGE.questions))

    def test_codes_become_entries_with_the_sequence_number(self):
        first, second = LIKERT_PAGE.questions[:2]
        form = self.page({first: "4", second: "2"})
        self.assertTrue(form.is_valid())
        self.assertEqual(
            form.entries(7), [services.Entry(first, 4, 7), services.Entry(second, 2, 7)]
        )

    def test_a_value_that_is_not_a_number_and_one_out_of_range_are_explained(self):
        first, second = LIKERT_PAGE.questions[:2]
        with translation.override("en"):
            form = self.page({first: "x", second: "9"})
            self.assertEqual(
                form.problems(),
                {
                    first: "Choose one of the options.",
                    second: "This answer could not be saved: choose one of the options.",
                },
            )

    def test_an_empty_choice_keeps_the_stored_answer_and_an_emptied_text_clears_it(self):
        choice = next(q for q in TEXT_PAGE.questions if KOMPAS.kind(q) != "text")
        form = self.page({choice: "", OPEN: ""}, page=TEXT_PAGE)
        self.assertTrue(form.is_valid())
        self.assertEqual(form.entries(1), [services.Entry(OPEN, "", 1)])

    def test_too_long_a_text_is_refused(self):
        form = self.page({OPEN: "x" * (KOMPAS.items[OPEN].max_length + 1)}, page=TEXT_PAGE)
        self.assertIn(OPEN, form.problems())

    def test_a_missing_or_broken_sequence_number_is_zero(self):
        self.assertEqual(self.page({"seq": "12"}).sequence(), 12)
        self.assertEqual(self.page({"seq": "twelve"}).sequence(), 0)
        self.assertEqual(self.page({}).sequence(), 0)

    def test_previous_goes_back(self):
        self.assertTrue(self.page({"previous": "1"}).goes_back())
        self.assertFalse(self.page({"next": "1"}).goes_back())


class TheEmailLinkForm(SimpleTestCase):
    def test_it_takes_an_address_without_surrounding_blanks(self):
        form = EmailLinkForm({"email": " bo@example.nl "})
        self.assertTrue(form.is_valid())
        self.assertEqual((form.address(), form.error()), ("bo@example.nl", ""))

    def test_a_wrong_address_is_explained_and_shown_again(self):
        with translation.override("en"):
            form = EmailLinkForm({"email": "bo@ "})
            self.assertEqual(form.error(), "Enter a valid e-mail address, like name@example.nl.")
        self.assertEqual(form.address(), "bo@")


class TheAutosaveForm(SimpleTestCase):
    def test_it_keeps_the_raw_value_for_the_instrument_to_read(self):
        form = AutosaveForm({"item": OPEN, "value": "  Lego ", "seq": "7"})
        self.assertTrue(form.is_valid())
        self.assertEqual(form.cleaned_data, {"item": OPEN, "value": "  Lego ", "seq": 7})

    def test_it_refuses_a_sequence_that_is_no_number_or_out_of_bounds(self):
        for seq in ("", "x", "-1", str(services.MAX_SEQUENCE + 1)):
            form = AutosaveForm({"item": OPEN, "value": "1", "seq": seq})
            self.assertFalse(form.is_valid(), seq)
            self.assertTrue(form.problem().startswith("seq "), form.problem())


class TheLanguageForm(SimpleTestCase):
    def test_it_accepts_the_configured_languages_only(self):
        self.assertEqual(LanguageForm({"language": "en"}).language_or("nl"), "en")
        self.assertEqual(LanguageForm({"language": "de"}).language_or("nl"), "nl")
        self.assertEqual(LanguageForm({}).language_or("en"), "en")
