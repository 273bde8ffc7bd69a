"""Autosave in a real browser when the network and the server fail (issue 8, items 2 and 3).

The page keeps every answer the server has not acknowledged, also across a reload, retries
with backoff instead of flooding, honours Retry-After, shows an invalid answer at its question,
lets the page submit carry what is unsaved, and lets the last click win across two tabs.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable

from playwright.sync_api import Page, Route, expect

from kompas.lib.testing.browser import BrowserTestCase, Respondent, stored
from kompas.surveys import services
from kompas.surveys.models import Response

SAVES = "**/save/"
NOT_STORED = {"nl": "nog niet opgeslagen", "en": "not stored yet"}


# Counts the page's save requests from inside the page: also those that never reach the
# network because the browser is offline.
def planned(questions: list[str]) -> dict[str, object]:
    """The database's copy of the scripted respondent's answers to `questions`."""
    return {q: stored(q) for q in questions}


COUNT_SAVES = """(() => {
  const fetch = window.fetch;
  window.saveRequests = 0;
  window.fetch = function (url, options) {
    if (String(url).endsWith("/save/")) { window.saveRequests += 1; }
    return fetch.call(this, url, options);
  };
})();"""


class AutosaveUnderFaults(BrowserTestCase):
    def open_likert_page(self, language: str = "nl") -> tuple[Response, Page, Respondent]:
        response, token = self.started_response(language)
        page = self.new_page(language)
        page.add_init_script(COUNT_SAVES)
        page.goto(self.url("page", token, 2))
        return response, page, Respondent(page, language)

    def answer_first(self, bot: Respondent, count: int) -> list[str]:
        questions = bot.visible_questions()[:count]
        for question in questions:
            bot.answer(question)
        return questions

    def answer_through(
        self,
        page: Page,
        response: Response,
        bot: Respondent,
        count: int,
        server: Callable[[Route], None],
    ) -> list[str]:
        """Answer `count` questions in English while `server` answers the saves; the page
        says they are not stored yet, and in the end they all are."""
        page.route(SAVES, server)
        questions = self.answer_first(bot, count)
        status = page.locator("#save-status")
        expect(status).to_contain_text(f"{count} answers are not stored")
        expect(status).to_have_css("position", "sticky")  # in view while the person scrolls
        self.wait_until_stored(page, response, planned(questions))
        expect(status).to_have_css("position", "static")
        return questions

    def save_requests(self, page: Page) -> int:
        return int(page.evaluate("window.saveRequests"))

    def wait_for(self, page: Page, condition: Callable[[], bool], seconds: float = 20) -> None:
        """Poll the database while the browser (and any route handler) keeps running."""
        deadline = time.monotonic() + seconds
        while not condition():
            if time.monotonic() > deadline:
                raise AssertionError(f"not true within {seconds} s: {condition.__doc__}")
            page.wait_for_timeout(100)

    def wait_until_stored(
        self, page: Page, response: Response, expected: dict[str, object]
    ) -> None:
        def all_stored() -> bool:
            """the answers are stored"""
            return services.answers_of(response) == expected

        self.wait_for(page, all_stored)

    def test_five_answers_given_during_a_minute_offline_are_stored_when_it_comes_back(self):
        response, page, bot = self.open_likert_page("nl")
        page.clock.install()
        page.context.set_offline(True)
        questions = self.answer_first(bot, 5)
        status = page.locator("#save-status")
        expect(status).to_contain_text("5 antwoorden zijn nog niet opgeslagen")
        expect(status).to_contain_text("offline")
        before = self.save_requests(page)
        for _ in range(60):  # a minute on the page's clock, a second at a time
            page.clock.run_for(1000)
        tried = self.save_requests(page) - before
        self.assertEqual(services.answers_of(response), {})
        self.assertGreaterEqual(tried, 2, "it keeps trying")
        self.assertLessEqual(tried, 10, "it backs off instead of flooding")

        page.context.set_offline(False)
        self.wait_until_stored(page, response, planned(questions))
        expect(status).to_have_text("Bewaard")
        self.assertEqual(page.evaluate("localStorage.length"), 0)

    def test_a_server_answering_500_for_six_seconds_gets_a_handful_of_requests(self):
        response, page, bot = self.open_likert_page("en")
        failing_until: list[float] = []
        failed = []

        def fail_for_six_seconds(route: Route) -> None:
            failing_until[:] = failing_until or [time.monotonic() + 6]
            if time.monotonic() < failing_until[0]:
                failed.append(route.request.url)
                route.fulfill(status=500, body="Server Error")
            else:
                route.continue_()

        self.answer_through(page, response, bot, 2, fail_for_six_seconds)
        self.assertGreaterEqual(len(failed), 2)
        self.assertLessEqual(len(failed), 10)

    def test_a_503_with_retry_after_is_waited_out_and_then_every_answer_is_stored(self):
        response, page, bot = self.open_likert_page("en")
        refused_at: list[float] = []

        def busy_for_three_requests(route: Route) -> None:
            if len(refused_at) < 3:
                refused_at.append(time.monotonic())
                route.fulfill(
                    status=503,
                    headers={"Retry-After": "1"},
                    json={"error": "the database is busy"},
                )
            else:
                route.continue_()

        questions = self.answer_through(page, response, bot, 3, busy_for_three_requests)
        gaps = [later - earlier for earlier, later in itertools.pairwise(refused_at)]
        self.assertTrue(all(gap >= 0.9 for gap in gaps), f"Retry-After: 1 honoured: {gaps}")
        self.assertLessEqual(self.save_requests(page), 3 + len(questions))

    def test_answers_not_stored_before_a_reload_are_put_back_and_sent_afterwards(self):
        response, page, bot = self.open_likert_page("nl")
        page.route(SAVES, lambda route: route.abort("internetdisconnected"))
        questions = self.answer_first(bot, 3)
        expect(page.locator("#save-status")).to_contain_text("3 antwoorden")

        page.reload()
        for question in questions:
            expect(page.locator(f"#{question}-{bot.given[question]}")).to_be_checked()
        expect(page.locator("#save-status")).to_contain_text("3 antwoorden zijn nog niet")
        self.assertEqual(services.answers_of(response), {})

        page.unroute(SAVES)
        self.wait_until_stored(page, response, planned(questions))
        expect(page.locator("#save-status")).to_have_text("Bewaard")
        self.assertEqual(page.evaluate("localStorage.length"), 0)

    def test_the_page_submit_carries_what_was_not_saved_and_then_the_device_forgets_it(self):
        response, page, bot = self.open_likert_page("en")
        page.route(SAVES, lambda route: route.abort("internetdisconnected"))
        bot.answer_page()
        expect(page.locator("#save-status")).to_contain_text(NOT_STORED["en"])
        bot.press_next()

        self.assertEqual(services.answers_of(response), {q: stored(q) for q in bot.given})
        self.assertEqual(page.evaluate("localStorage.length"), 0)
        page.wait_for_timeout(500)
        self.assertEqual(self.save_requests(page), 0, "nothing left to send on the next page")

    def test_an_invalid_answer_is_shown_at_its_question_and_passes_axe(self):
        response, page, bot = self.open_likert_page("nl")
        question = bot.visible_questions()[0]
        page.evaluate(f"document.getElementById('{question}-1').value = '9'")
        page.locator(f"label[for='{question}-1']").click()

        problem = page.locator(f"#q-{question} #{question}-save-problem")
        expect(problem).to_have_text(
            "Dit antwoord kon niet worden bewaard: kies een van de mogelijkheden."
        )
        expect(page.locator(f"#q-{question}")).to_have_attribute(
            "aria-describedby", f"{question}-save-problem"
        )
        expect(page.locator("#save-status")).to_have_text(
            "Een antwoord is niet geaccepteerd: zie de melding bij de vraag."
        )
        self.assertEqual(self.axe_violations(page), [])
        self.assertEqual(page.evaluate("localStorage.length"), 0)
        self.assertEqual(services.answers_of(response), {})

        page.locator(f"label[for='{question}-2']").click()
        self.wait_until_stored(page, response, {question: 2})
        expect(problem).to_have_count(0)
        expect(page.locator("#save-status")).to_have_text("Bewaard")

    def test_with_the_page_open_in_two_tabs_the_last_click_wins(self):
        response, token = self.started_response("nl")
        context = self.new_context("nl")
        tabs = [context.new_page(), context.new_page()]
        for tab in tabs:
            tab.goto(self.url("page", token, 2))
        question = Respondent(tabs[0], "nl").visible_questions()[0]

        for tab, value in ((tabs[0], "1"), (tabs[1], "2"), (tabs[0], "3")):
            tab.locator(f"label[for='{question}-{value}']").click()
            self.wait_until_stored(tab, response, {question: int(value)})
            expect(tab.locator("#save-status")).to_have_text("Bewaard")
        tabs[0].wait_for_timeout(1000)
        self.assertEqual(services.answers_of(response), {question: 3})

    def test_without_consent_the_page_says_so_and_keeps_the_answers_on_the_device(self):
        response, page, bot = self.open_likert_page("en")
        services.record_consent(response, dict.fromkeys(("feedback", "research", "linking"), False))
        questions = self.answer_first(bot, 2)
        expect(page.locator("#save-status")).to_have_text(
            "Your answers cannot be stored: consent is missing. They stay on this device."
        )
        page.wait_for_timeout(1500)
        self.assertEqual(self.save_requests(page), 1, "no retry can give consent")
        kept = page.evaluate("Object.keys(JSON.parse(localStorage.getItem(localStorage.key(0))))")
        self.assertEqual(sorted(kept), sorted(questions))

    def test_an_expired_page_says_reload_and_after_the_reload_every_answer_is_stored(self):
        response, page, bot = self.open_likert_page("en")
        page.context.clear_cookies()  # the CSRF cookie is gone: the page's token no longer holds
        questions = self.answer_first(bot, 2)
        expect(page.locator("#save-status")).to_have_text(
            "This page has expired. Reload it: your answers stay on this device and are sent again."
        )
        self.assertEqual(services.answers_of(response), {})
        page.reload()
        self.wait_until_stored(page, response, planned(questions))

    def test_after_the_final_submit_the_page_says_answers_can_no_longer_change(self):
        response, page, bot = self.open_likert_page("nl")
        self.answer_everything(response)
        services.complete(response)  # in another window, while this page was open
        self.answer_first(bot, 2)
        expect(page.locator("#save-status")).to_have_text(
            "Deze vragenlijst is al ingeleverd: antwoorden kunnen niet meer worden gewijzigd."
        )
        page.wait_for_timeout(1500)
        self.assertEqual(self.save_requests(page), 1)
        self.assertEqual(page.evaluate("localStorage.length"), 0)
