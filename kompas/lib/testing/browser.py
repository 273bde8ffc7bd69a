"""A real browser for the end-to-end tests: Debian's Chromium driven by Playwright's sync API.

`BrowserTestCase` serves the app (with its static files) on a live server, starts one Chromium
per test class and gives every test KompasTestCase's cohort and invitation. `Respondent` is
the scripted participant: it answers with the mouse or with the keyboard alone. The `open_*`
functions bring a page to each kind of screen of the journey, for axe, the 320 px check and
the screenshots.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any
from unittest import mock

from axe_playwright_python.sync_playwright import Axe
from django.contrib.staticfiles.testing import StaticLiveServerTestCase
from django.urls import reverse
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, sync_playwright

from kompas.cohorts.models import Cohort, Institution
from kompas.lib.testing import KompasTestCase
from kompas.psychometrics.instrument import get_instrument
from kompas.surveys import services
from kompas.surveys.models import Response

__all__ = [
    "KINDS_OF_PAGE",
    "KOMPAS",
    "BrowserTestCase",
    "Respondent",
    "artifacts_folder",
    "is_text",
    "planned_answer",
    "stored",
]

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
KOMPAS = get_instrument("kompas-1")
ALL_YES = {"feedback": "yes", "research": "yes", "linking": "yes"}
SAVED = {"nl": "Bewaard", "en": "Saved"}


def artifacts_folder(name: str) -> Path:
    """A folder outside the repository for what the tests leave behind for people to see."""
    default = Path(tempfile.gettempdir()) / "kompas-artifacts"
    folder = Path(os.environ.get("KOMPAS_ARTIFACTS", default)) / name
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def planned_answer(question: str) -> str:
    """What the scripted respondents answer: a student, first option for other background
    questions, a spread of 1-5 over the Likert items and a short story for open questions."""
    if question == "bg_role":
        return "1"
    if question in KOMPAS.background:
        return str(min(KOMPAS.background[question].values))
    if is_text(question):
        return "Ik bouwde bruggen van Lego."
    return str(1 + sum(map(ord, question)) % 5)


def is_text(question: str) -> bool:
    return KOMPAS.kind(question) == "text"


def stored(question: str) -> int | str:
    """The planned answer as the database holds it."""
    answer = planned_answer(question)
    return answer if is_text(question) else int(answer)


class BrowserTestCase(StaticLiveServerTestCase):
    """A live server with KompasTestCase's people and places, and one Chromium per class."""

    playwright: Playwright
    browser: Browser
    institution: Institution
    cohort: Cohort
    cohort_token: str
    invitation_token: str

    @classmethod
    def setUpClass(cls) -> None:
        if not CHROMIUM.exists():
            raise RuntimeError(f"{CHROMIUM} is missing: apt-get install chromium")
        super().setUpClass()
        # Playwright's sync API keeps an event loop in this thread; Django's guard against
        # database calls from async code would otherwise refuse the tests' own queries.
        cls.enterClassContext(mock.patch.dict(os.environ, {"DJANGO_ALLOW_ASYNC_UNSAFE": "true"}))
        cls.playwright = sync_playwright().start()
        cls.addClassCleanup(cls.playwright.stop)
        cls.browser = cls.playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS
        )
        cls.addClassCleanup(cls.browser.close)

    def setUp(self) -> None:
        # KompasTestCase's data, created per test: the live server only sees committed rows.
        KompasTestCase.setUpTestData.__func__(type(self))  # type: ignore[attr-defined]

    def new_context(
        self, language: str = "nl", width: int = 1280, javascript: bool = True
    ) -> BrowserContext:
        context = self.browser.new_context(
            viewport={"width": width, "height": 900},
            locale={"nl": "nl-NL", "en": "en-GB"}[language],
            java_script_enabled=javascript,
        )
        context.set_default_timeout(10_000)
        self.addCleanup(context.close)
        return context

    def new_page(self, language: str = "nl", width: int = 1280, javascript: bool = True) -> Page:
        return self.new_context(language, width, javascript).new_page()

    def url(self, name: str, *args: object) -> str:
        """The live address of a named URL, in the surveys app unless `name` says otherwise."""
        name = name if ":" in name else f"surveys:{name}"
        return self.live_server_url + reverse(name, args=args)

    # Shortcuts that put a respondent at a given point without clicking through the pages.

    def started_response(self, language: str, consent: bool = True) -> tuple[Response, str]:
        response, token = services.start_response(self.cohort, language)
        if consent:
            services.record_consent(response, {p: True for p in ALL_YES})
        return response, token

    def answer_everything(self, response: Response) -> None:
        answers: dict[str, object] = {"bg_role": 1}
        questions = [
            q
            for page in services.visible_pages(KOMPAS, answers)
            for q in services.visible_questions(KOMPAS, page, answers)
        ]
        services.save_answers(response, [services.Entry(q, stored(q), 1) for q in questions])

    def sentences(self, page: Page) -> set[str]:
        """The page's own words: the text of every element that holds text directly, at
        least 12 characters long, leaving out parts marked with a language of their own."""
        return set(
            page.evaluate(
                """() => [...document.body.querySelectorAll("*")]
                .filter(e => e.closest("[lang]") === document.documentElement
                             && !e.querySelector("[lang]")
                             && !["SCRIPT", "STYLE"].includes(e.tagName.toUpperCase())
                             && [...e.childNodes].some(n => n.nodeType === 3 && n.data.trim()))
                .map(e => e.textContent.replace(/\\s+/g, " ").trim())
                .filter(t => t.length >= 12)"""
            )
        )

    def axe_violations(self, page: Page) -> list[dict[str, Any]]:
        results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_21_AA}})
        return list(results.response["violations"])


class Respondent:
    """A scripted participant in one browser page, answering as `planned_answer` says."""

    def __init__(self, page: Page, language: str) -> None:
        self.page = page
        self.language = language
        self.given: dict[str, str] = {}

    @property
    def token(self) -> str:
        return self.page.url.split("/s/")[1].split("/")[0]

    def visible_questions(self) -> list[str]:
        ids = self.page.locator(".question:visible").evaluate_all("els => els.map(e => e.id)")
        return [i.removeprefix("q-") for i in ids]

    # With the mouse

    def choose_language(self) -> None:
        self.page.locator(f"label[for='language-{self.language}']").click()
        with self.page.expect_navigation():
            self.page.locator("form button.primary").click()

    def give_consent(self, choices: dict[str, str] = ALL_YES) -> None:
        for purpose, choice in choices.items():
            self.page.locator(f"label[for='{purpose}-{choice}']").click()
        with self.page.expect_navigation():
            self.page.locator("form button.primary").click()

    def answer(self, question: str) -> None:
        value = planned_answer(question)
        if is_text(question):
            self.page.locator(f"textarea#{question}").fill(value)
        else:
            self.page.locator(f"label[for='{question}-{value}']").click()
        self.given[question] = value

    def answer_page(self) -> None:
        """Answer every question in view; an answer may hide a question that follows."""
        for question in self.visible_questions():
            if self.page.locator(f"#q-{question}").is_visible():
                self.answer(question)

    def press_next(self) -> None:
        with self.page.expect_navigation():
            self.page.locator("button[name=next]").click()

    def wait_until_saved(self) -> None:
        status = self.page.locator("#save-status")
        status.filter(has_text=SAVED[self.language]).wait_for()

    def submit_at_the_end(self) -> None:
        with self.page.expect_navigation():
            self.page.locator("form button.primary").click()

    # With the keyboard alone

    def focused(self, target: str = "") -> dict[str, Any]:
        """What has focus: the element's kind, name, value and radio group, whether it shows
        its focus and whether it matches the CSS selector `target`."""
        return dict(
            self.page.evaluate(
                """(target) => {
                const e = document.activeElement;
                const style = getComputedStyle(e);
                return {
                  tag: e.tagName.toLowerCase(), type: e.type || "", name: e.name || "",
                  value: e.value || "", checked: !!e.checked, className: e.className || "",
                  outline: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0,
                  options: e.type === "radio"
                    ? [...document.getElementsByName(e.name)].map(r => r.value) : [],
                  target: target !== "" && e.matches(target),
                };
            }""",
                target,
            )
        )

    def choose_with_arrows(self, focused: dict[str, Any], value: str) -> None:
        """In a radio group, Space picks the focused option and arrows move the choice."""
        if not focused["checked"]:
            self.page.keyboard.press("Space")
        options = focused["options"]
        steps = options.index(value) - options.index(focused["value"])
        for _ in range(abs(steps)):
            self.page.keyboard.press("ArrowDown" if steps > 0 else "ArrowUp")

    def tab_through_form(self, stop_at: str, choices: dict[str, str] | None = None) -> None:
        """Tab through the page, answering every radio group and text field on the way
        (`choices` names the value per group; the others follow `planned_answer`), until the
        element matching the CSS selector `stop_at` has focus. Every element that takes
        focus must show it."""
        choices = choices or {}
        seen_groups: set[str] = set()
        for _ in range(200):
            self.page.keyboard.press("Tab")
            focused = self.focused(stop_at)
            if not focused["outline"]:
                raise AssertionError(f"focus is not visible on {focused}")
            if focused["target"]:
                return
            name = focused["name"]
            if name in seen_groups or not (focused["type"] == "radio" or name in KOMPAS.items):
                continue
            seen_groups.add(name)
            if name in choices:  # the language or a consent purpose
                self.choose_with_arrows(focused, choices[name])
                continue
            value = self.given[name] = planned_answer(name)
            if is_text(name):
                self.page.keyboard.type(value)
            else:
                self.choose_with_arrows(focused, value)
        raise AssertionError(f"{stop_at!r} never took focus in 200 presses of Tab")

    def press_and_go(self, key: str) -> None:
        """Press a key on the focused button and wait for the page it leads to."""
        with self.page.expect_navigation():
            self.page.keyboard.press(key)


def open_language_choice(case: BrowserTestCase, page: Page, language: str) -> None:
    page.goto(f"{case.url('cohort', case.cohort_token)}?language={language}")


def open_consent(case: BrowserTestCase, page: Page, language: str) -> None:
    _, token = case.started_response(language, consent=False)
    page.goto(case.url("consent", token))


def open_consent_with_errors(case: BrowserTestCase, page: Page, language: str) -> None:
    open_consent(case, page, language)
    page.locator("form button.primary").click()
    page.locator("#error-summary").wait_for()


def open_first_page(case: BrowserTestCase, page: Page, language: str) -> None:
    _, token = case.started_response(language)
    page.goto(case.url("page", token, 1))


def open_likert_page(case: BrowserTestCase, page: Page, language: str) -> None:
    _, token = case.started_response(language)
    page.goto(case.url("page", token, 2))


def open_page_with_an_error(case: BrowserTestCase, page: Page, language: str) -> None:
    """An answer out of range, as a tampered or stale form would send it."""
    open_likert_page(case, page, language)
    page.evaluate(
        """() => {
        const radio = document.querySelector("fieldset.question input[type=radio]");
        radio.value = "9";
        radio.checked = true;
    }"""
    )
    page.locator("button[name=next]").click()
    page.locator("#error-summary").wait_for()


def open_finish(case: BrowserTestCase, page: Page, language: str) -> None:
    response, token = case.started_response(language)
    case.answer_everything(response)
    page.goto(case.url("finish", token))


def open_report(case: BrowserTestCase, page: Page, language: str) -> None:
    response, token = case.started_response(language)
    case.answer_everything(response)
    services.complete(response)
    page.goto(case.url("reports:report", token))


def open_invalid_link(case: BrowserTestCase, page: Page, language: str) -> None:
    page.goto(case.url("start", "x" * 32))


def _send_link_to(case: BrowserTestCase, page: Page, language: str, address: str) -> None:
    open_consent(case, page, language)
    page.locator("#resume-email").fill(address)
    with page.expect_navigation():
        page.locator(".email-form button").click()


def open_email_sent(case: BrowserTestCase, page: Page, language: str) -> None:
    _send_link_to(case, page, language, "bo@example.nl")


def open_email_error(case: BrowserTestCase, page: Page, language: str) -> None:
    # The browser accepts an address without a dot in the domain; the server does not.
    _send_link_to(case, page, language, "bo@example")
    page.locator("#resume-email-error").wait_for()


#: Every kind of screen a respondent can meet, by name.
KINDS_OF_PAGE: dict[str, Callable[[BrowserTestCase, Page, str], None]] = {
    "language-choice": open_language_choice,
    "consent": open_consent,
    "consent-errors": open_consent_with_errors,
    "page-background": open_first_page,
    "page-likert": open_likert_page,
    "page-error": open_page_with_an_error,
    "finish": open_finish,
    "report": open_report,
    "invalid-link": open_invalid_link,
    "email-sent": open_email_sent,
    "email-error": open_email_error,
}
