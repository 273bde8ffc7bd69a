"""The respondent journey in a real browser: Chromium driven by Playwright (issue 3).

Scripted respondents fill in the whole questionnaire with the mouse and with the keyboard
alone, stop halfway and come back, work with and without scripts; axe-core checks every kind
of page in both languages against WCAG 2.1 A/AA; the layout holds at 320 CSS px; screenshots
of the main pages land outside the repository for people to look at.
"""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from kompas.lib.testing.browser import (
    KINDS_OF_PAGE,
    KOMPAS,
    BrowserTestCase,
    Respondent,
    artifacts_folder,
    is_text,
    stored,
)
from kompas.surveys import services
from kompas.surveys.models import Answer, Response

SUBMIT = "form button.primary"
NEXT = "button[name=next]"


def page_number(page: Page) -> int | None:
    match = re.search(r"/page/(\d+)/(#.*)?$", page.url)
    return int(match.group(1)) if match else None


def expect_url(page: Page, url: str) -> None:
    """The page is at `url`; a fragment such as the skip link's #main may follow."""
    expect(page).to_have_url(re.compile("^" + re.escape(url) + "(#.*)?$"))


class JourneyInTheBrowser(BrowserTestCase):
    def assert_stored(self, response: Response, given: dict[str, str]) -> None:
        """The database holds exactly what the respondent gave, as given."""
        expected = {q: value if is_text(q) else int(value) for q, value in given.items()}
        self.assertEqual(services.answers_of(response), expected)

    def test_a_scripted_respondent_completes_it_from_the_cohort_link_and_sees_the_report(self):
        page = self.new_page("en")
        page.goto(self.url("cohort", self.cohort_token))
        bot = Respondent(page, "en")
        bot.choose_language()
        expect(page).to_have_url(re.compile(r"/consent/$"))
        bot.give_consent()
        pages = len(services.visible_pages(KOMPAS, {"bg_role": 1}))
        for number in range(1, pages + 1):
            self.assertEqual(page_number(page), number)
            bot.answer_page()
            bot.press_next()
        expect_url(page, self.url("finish", bot.token))
        progress = services.progress_of(KOMPAS, {q: 1 for q in bot.given})
        expect(page.locator("main")).to_contain_text(
            f"You answered {progress.total} of {progress.total} questions."
        )
        bot.submit_at_the_end()

        expect_url(page, self.url("reports:report", bot.token))
        expect(page.locator("h1")).to_have_text("Your Career Compass")
        expect(page.locator("#compass")).to_be_visible()
        response = Response.objects.get()
        self.assertTrue(response.is_completed)
        self.assertEqual(response.language, "en")
        self.assert_stored(response, bot.given)
        self.assertIsNotNone(response.result.data["int_realistic"])

    def test_a_respondent_who_stops_halfway_resumes_in_a_fresh_browser_with_every_answer(self):
        context = self.new_context("nl")
        page = context.new_page()
        page.goto(self.url("cohort", self.cohort_token))
        bot = Respondent(page, "nl")
        bot.choose_language()
        bot.give_consent()
        for _ in range(3):
            bot.answer_page()
            bot.press_next()
        autosaved = bot.visible_questions()[:3]
        for question in autosaved:  # given but never sent with the page button
            bot.answer(question)
            bot.wait_until_saved()
        resume_link = page.locator(".resume-link").get_attribute("href")
        context.close()

        page = self.new_page("nl")
        page.goto(str(resume_link))
        expect_url(page, self.url("page", bot.token, 4))
        for number in (4, 1, 2, 3):
            page.goto(self.url("page", bot.token, number))
            on_page = Respondent(page, "nl").visible_questions()
            for question in on_page:
                checked = page.locator(f"input[name='{question}']:checked")
                if question in bot.given:
                    expect(checked).to_have_value(bot.given[question])
                else:
                    expect(checked).to_have_count(0)
        self.assertEqual(len(services.answers_of(Response.objects.get())), len(bot.given))

    def test_a_respondent_completes_it_with_the_keyboard_alone(self):
        """Tab and Shift+Tab to move, Space and arrows in radio groups, Enter on buttons:
        every page, from the language choice to the report, without one mouse click."""
        page = self.new_page("nl")
        page.goto(self.url("cohort", self.cohort_token))
        bot = Respondent(page, "en")
        page.keyboard.press("Tab")
        self.assertIn("skip-link", bot.focused()["className"])
        page.keyboard.press("Enter")
        self.assertEqual(page.evaluate("document.activeElement.id"), "main")
        bot.tab_through_form(SUBMIT, {"language": "en"})
        bot.press_and_go("Enter")
        bot.tab_through_form(SUBMIT, {"feedback": "yes", "research": "yes", "linking": "no"})
        bot.press_and_go("Space")
        expect_url(page, self.url("page", bot.token, 1))
        while page_number(page) is not None:
            bot.tab_through_form(NEXT)
            if page_number(page) == 2:  # a change of mind: back to the last question
                page.keyboard.press("Shift+Tab")
                page.keyboard.press("Shift+Tab")
                focused = bot.focused()
                self.assertEqual(focused["name"], bot.visible_questions()[-1])
                other = "3" if focused["value"] != "3" else "2"
                bot.choose_with_arrows(focused, other)
                bot.given[focused["name"]] = other
                page.keyboard.press("Tab")
                page.keyboard.press("Tab")
                self.assertTrue(bot.focused(NEXT)["target"])
            bot.press_and_go("Enter")
        expect_url(page, self.url("finish", bot.token))
        bot.tab_through_form(SUBMIT)
        bot.press_and_go("Enter")

        expect_url(page, self.url("reports:report", bot.token))
        expect(page.locator("h1")).to_have_text("Your Career Compass")
        response = Response.objects.get()
        self.assertTrue(response.is_completed)
        self.assertEqual(services.consents_of(response)["linking"], False)
        self.assert_stored(response, bot.given)


class AutosaveAndNoScript(BrowserTestCase):
    def test_an_answer_is_stored_as_it_is_given_without_pressing_next(self):
        response, token = self.started_response("en")
        page = self.new_page("en")
        page.goto(self.url("page", token, 2))
        bot = Respondent(page, "en")
        first = bot.visible_questions()[0]
        bot.answer(first)
        bot.wait_until_saved()
        self.assertEqual(services.answers_of(response), {first: stored(first)})
        expect(page.locator("#progress-text")).to_contain_text("1 of")
        expect_url(page, self.url("page", token, 2))

    def test_without_javascript_pressing_next_saves_the_page(self):
        response, token = self.started_response("nl")
        page = self.new_page("nl", javascript=False)
        page.goto(self.url("page", token, 2))
        bot = Respondent(page, "nl")
        bot.answer_page()
        self.assertFalse(Answer.objects.exists())  # nothing is sent until the page is
        bot.press_next()
        expect_url(page, self.url("page", token, 3))
        answers = services.answers_of(response)
        self.assertEqual(answers, {q: stored(q) for q in bot.given})


class Accessibility(BrowserTestCase):
    def assert_no_wcag_violations(self, language: str) -> None:
        page = self.new_page(language)
        found = []
        for kind, open_kind in KINDS_OF_PAGE.items():
            open_kind(self, page, language)
            self.assertEqual(page.evaluate("document.documentElement.lang"), language)
            for violation in self.axe_violations(page):
                targets = [" ".join(map(str, node["target"])) for node in violation["nodes"]]
                found.append(f"{kind} ({language}): {violation['id']} on {', '.join(targets)}")
        self.assertEqual(found, [], "\n".join(found))

    def test_every_kind_of_page_passes_axe_for_wcag_21_aa_in_dutch(self):
        self.assert_no_wcag_violations("nl")

    def test_every_kind_of_page_passes_axe_for_wcag_21_aa_in_english(self):
        self.assert_no_wcag_violations("en")

    def test_every_kind_of_page_speaks_only_the_chosen_language(self):
        """Text that reads the same in Dutch and English is text nobody translated."""
        pages = {language: self.new_page(language) for language in ("nl", "en")}
        untranslated = []
        for kind, open_kind in KINDS_OF_PAGE.items():
            said = {}
            for language, page in pages.items():
                open_kind(self, page, language)
                said[language] = self.sentences(page)
            untranslated += [f"{kind}: {text}" for text in sorted(said["nl"] & said["en"])]
        self.assertEqual(untranslated, [], "\n".join(untranslated))

    def test_a_refused_answer_is_neither_selected_nor_counted_as_answered(self):
        page = self.new_page("en")
        KINDS_OF_PAGE["page-error"](self, page, "en")
        expect(page.locator("fieldset.has-error input:checked")).to_have_count(0)
        expect(page.locator("#progress-text")).to_contain_text(" 0 of ")
        self.assertFalse(Answer.objects.exists())

    def test_every_error_message_is_tied_to_its_field_and_linked_from_the_summary(self):
        page = self.new_page("en")
        for kind, field in [
            ("page-error", "fieldset.has-error"),
            ("consent-errors", "fieldset.has-error"),
            ("email-error", "#resume-email"),
        ]:
            KINDS_OF_PAGE[kind](self, page, "en")
            fields = page.locator(field).all()
            self.assertTrue(fields, f"{kind} shows no field in error")
            for element in fields:
                message = page.locator(f"#{element.get_attribute('aria-describedby')}")
                expect(message).to_have_class("error")
                expect(element).to_have_accessible_description(message.inner_text())
            for link in page.locator("#error-summary a").all():
                expect(page.locator(str(link.get_attribute("href")))).to_be_visible()


class SmallScreensAndScreenshots(BrowserTestCase):
    def test_no_page_scrolls_sideways_at_320_css_pixels(self):
        wide = []
        for language in ("nl", "en"):
            page = self.new_page(language, width=320)
            for kind, open_kind in KINDS_OF_PAGE.items():
                open_kind(self, page, language)
                width = page.evaluate("document.documentElement.scrollWidth")
                if width > 320:
                    wide.append(f"{kind} ({language}) is {width} px wide")
        self.assertEqual(wide, [])

    def test_screenshots_of_every_kind_of_page_are_kept_in_both_languages_at_two_widths(self):
        folder = artifacts_folder("screenshots")
        written = []
        for language in ("nl", "en"):
            page = self.new_page(language, width=360)
            for kind, open_kind in KINDS_OF_PAGE.items():
                open_kind(self, page, language)
                for width in (360, 1280):
                    page.set_viewport_size({"width": width, "height": 900})
                    path = folder / f"{kind}-{language}-{width}.png"
                    page.screenshot(path=path, full_page=True)
                    written.append(path)
                page.set_viewport_size({"width": 360, "height": 900})
        self.assertTrue(all(p.stat().st_size > 1000 for p in written))
        self.assertEqual(len(written), len(KINDS_OF_PAGE) * 4)
