"""Every kind of page works in Chromium under the Content-Security-Policy (issue 8, item 12).

The browser reports each thing the policy refuses twice: as a `securitypolicyviolation` event
in the page and as a console message naming the Content Security Policy. Both are collected
for every page of the journey, the report with its charts, the counsellor's sign-in and shared
report, and the API's Swagger UI; none may appear, and every document carries the header.
"""

from __future__ import annotations

from django.contrib.auth.models import User
from playwright.sync_api import ConsoleMessage, Page, expect
from playwright.sync_api import Response as PageResponse

from kompas.counselling.models import Counsellor
from kompas.lib.testing.browser import BrowserTestCase, Respondent, stored
from kompas.reports import services as reports
from kompas.surveys import services

# Playwright's own scripts are not the page's, so the policy does not stop this listener.
LISTEN_FOR_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.reportViolation(`${event.violatedDirective} refused ${event.blockedURI || "inline"}`
                         + ` at ${event.sourceFile}:${event.lineNumber}`);
});
"""
PASSWORD = "secret-enough-42"


class PagesUnderThePolicy(BrowserTestCase):
    def watched_page(self, language: str = "en") -> Page:
        """A page that records every refusal and every document's policy header."""
        self.refused: list[str] = []
        self.unpoliced: list[str] = []
        page = self.new_page(language)

        def violation(text: str) -> None:
            self.refused.append(text)

        def console(message: ConsoleMessage) -> None:
            if "Content Security Policy" in message.text:
                self.refused.append(f"console: {message.text}")

        def response(reply: PageResponse) -> None:
            is_document = reply.request.resource_type == "document"
            if is_document and "content-security-policy" not in reply.headers:
                self.unpoliced.append(reply.url)

        page.expose_function("reportViolation", violation)
        page.add_init_script(LISTEN_FOR_VIOLATIONS)
        page.on("console", console)
        page.on("response", response)
        return page

    def assert_nothing_refused(self, page: Page) -> None:
        page.wait_for_load_state("load")
        page.wait_for_timeout(300)  # reports of a refusal arrive asynchronously
        self.assertEqual(self.refused, [], "\n".join(self.refused))
        self.assertEqual(self.unpoliced, [])

    def test_the_watch_sees_what_the_policy_refuses(self):
        """An injected inline script is refused, and both kinds of report notice it."""
        page = self.watched_page()
        page.goto(self.url("cohort", self.cohort_token))
        page.evaluate(
            """() => {
            const script = document.createElement("script");
            script.textContent = "window.injected = true;";
            document.body.append(script);
        }"""
        )
        self.assertIsNone(page.evaluate("window.injected"))
        page.wait_for_timeout(300)  # reports of a refusal arrive asynchronously
        self.assertTrue(any(r.startswith("script-src") for r in self.refused), self.refused)
        self.assertTrue(any(r.startswith("console:") for r in self.refused), self.refused)

    def test_the_whole_journey_with_autosave_runs_without_a_refusal(self):
        page = self.watched_page("en")
        page.goto(self.url("cohort", self.cohort_token))
        bot = Respondent(page, "en")
        bot.choose_language()
        bot.give_consent()
        expect(page).to_have_url(self.url("page", bot.token, 1))
        self.assert_nothing_refused(page)

        page.goto(self.url("page", bot.token, 2))
        first = bot.visible_questions()[0]
        bot.answer(first)
        bot.wait_until_saved()  # autosave.js ran and the server stored the answer
        response = services.find_response(bot.token)
        assert response is not None
        self.assertEqual(services.answers_of(response), {first: stored(first)})
        self.assert_nothing_refused(page)

        self.answer_everything(response)
        page.goto(self.url("finish", bot.token))
        bot.submit_at_the_end()
        expect(page).to_have_url(self.url("reports:report", bot.token))
        self.assert_nothing_refused(page)
        self.assert_charts_are_drawn_in_colour(page)

    def assert_charts_are_drawn_in_colour(self, page: Page) -> None:
        """The charts' colours are presentation attributes, which the policy leaves alone."""
        expect(page.locator("figure.chart svg")).to_have_count(5)
        fills = page.locator("figure.chart svg path[fill]").evaluate_all(
            "paths => paths.map(p => getComputedStyle(p).fill)"
        )
        self.assertGreater(len(set(fills)), 3, "the charts are drawn in several colours")

    def test_the_counsellor_signs_in_and_reads_a_shared_report_without_a_refusal(self):
        response, _token = self.started_response("nl")
        self.answer_everything(response)
        services.complete(response)
        user = User.objects.create_user("anna", password=PASSWORD)
        anna = Counsellor.objects.create(user=user, institution=self.institution, name="Anna")
        shared = reports.share(response, anna)

        page = self.watched_page("nl")
        page.goto(self.url("reports:shared", shared.pk))
        page.locator("#id_username").fill("anna")
        page.locator("#id_password").fill(PASSWORD)
        with page.expect_navigation():
            page.locator("form button.primary").click()
        expect(page).to_have_url(self.url("reports:shared", shared.pk))
        self.assert_nothing_refused(page)
        self.assert_charts_are_drawn_in_colour(page)

    def test_the_api_docs_work_under_the_policy(self):
        page = self.watched_page()
        page.goto(self.live_server_url + "/api/v1/docs")
        expect(page.locator(".swagger-ui .info .title")).to_contain_text("Kompas")
        expect(page.locator(".opblock").first).to_be_visible()
        page.locator(".opblock-summary").first.click()  # an operation opens
        expect(page.locator(".opblock-body").first).to_be_visible()
        self.assert_nothing_refused(page)
