"""The personal report in a real browser: Chromium driven by Playwright (issue 4).

axe-core checks the report page in both languages (with the sharing form, with a share to
revoke, with the sharing error) and the counsellor's shared-report page against WCAG 2.1 A/AA;
the report reads at 320 CSS px; a respondent shares the report with a counsellor, who logs in
and reads it until the respondent stops sharing; the PDF link downloads a PDF; screenshots of
the report of each persona land outside the repository for people to look at.
"""

from __future__ import annotations

import math
import re

from django.contrib.auth.models import User
from playwright.sync_api import Page, expect

from kompas.counselling.models import Counsellor
from kompas.lib.testing.browser import BrowserTestCase, artifacts_folder
from kompas.psychometrics.identity import STATUSES
from kompas.psychometrics.personas import load_personas
from kompas.reports import services as reports
from kompas.reports.models import ReportRead, Share
from kompas.reports.tests.test_model import status_respondent
from kompas.surveys import services
from kompas.surveys.models import ConsentRecord, Response

LANGUAGES = ("nl", "en")
PASSWORD = "secret-enough-42"
#: Tim (achievement), Joost (foreclosure), Luuk (moratorium), Robin, Sam: one per status.
PERSONAS = {status: load_personas()[status].name for status in STATUSES}
NOT_FOUND = {"nl": "Pagina niet gevonden", "en": "Page not found"}


class ReportInTheBrowser(BrowserTestCase):
    """The browser test case with completed respondents and counsellors to share with."""

    def respondent(self, language: str, status: str | None = None) -> tuple[Response, str]:
        """A completed response in `language`: the hand-made respondent of an identity
        status (as the report model's tests make them), or the scripted answers."""
        response, token = self.started_response(language)
        if status is None:
            self.answer_everything(response)
        else:
            _data, answers = status_respondent(status)
            entries = [
                services.Entry(item, int(value), 1)
                for item, value in answers.items()
                if not math.isnan(value)
            ]
            # The model's respondents answer every item, also those not asked of them.
            services.save_answers(response, entries, skip_hidden=True)
        services.complete(response)
        response.refresh_from_db()
        return response, token

    def counsellor(self, name: str) -> Counsellor:
        user = User.objects.create_user(name.lower(), password=PASSWORD)
        return Counsellor.objects.create(user=user, institution=self.institution, name=name)

    def open_report(self, page: Page, token: str) -> None:
        page.goto(self.url("reports:report", token))
        expect(page.locator("#compass")).to_be_visible()

    def share_in_the_page(self, page: Page, counsellor: Counsellor, tick: bool = True) -> None:
        page.locator("#counsellor").select_option(label=counsellor.name)
        if tick:
            page.locator("label[for='share-consent']").click()
        with page.expect_navigation():
            page.locator("#share form button[type=submit]").click()

    def log_in(self, page: Page, counsellor: Counsellor, url: str) -> None:
        """Ask for `url` as a visitor, get the login page, log in and land on `url`."""
        page.goto(url)
        expect(page).to_have_url(re.compile(r"/accounts/login/\?next="))
        page.locator("#id_username").fill(counsellor.user.get_username())
        page.locator("#id_password").fill(PASSWORD)
        with page.expect_navigation():
            page.locator("form button.primary").click()
        expect(page).to_have_url(url)

    def shared_url(self, share: Share) -> str:
        return self.url("reports:shared", share.pk)


class Accessibility(ReportInTheBrowser):
    def violations(self, page: Page, what: str) -> list[str]:
        found = []
        for violation in self.axe_violations(page):
            targets = [" ".join(map(str, node["target"])) for node in violation["nodes"]]
            found.append(f"{what}: {violation['id']} on {', '.join(targets)}")
        return found

    def assert_no_wcag_violations_on_the_report(self, language: str) -> None:
        anna = self.counsellor("Anna")
        _response, token = self.respondent(language)
        page = self.new_page(language)
        self.open_report(page, token)
        self.assertEqual(page.evaluate("document.documentElement.lang"), language)
        expect(page.locator("#counsellor")).to_be_visible()
        found = self.violations(page, f"report with the share form ({language})")
        self.share_in_the_page(page, anna, tick=False)
        expect(page.locator("#share-error")).to_be_visible()
        found += self.violations(page, f"report with the sharing error ({language})")
        self.share_in_the_page(page, anna)
        expect(page.locator("#share form.inline button")).to_be_visible()
        found += self.violations(page, f"report with a share to revoke ({language})")
        self.assertEqual(found, [], "\n".join(found))

    def test_the_report_passes_axe_for_wcag_21_aa_in_dutch(self):
        self.assert_no_wcag_violations_on_the_report("nl")

    def test_the_report_passes_axe_for_wcag_21_aa_in_english(self):
        self.assert_no_wcag_violations_on_the_report("en")

    def test_the_counsellors_shared_report_page_passes_axe_for_wcag_21_aa(self):
        found = []
        anna = self.counsellor("Anna")
        page = self.new_page("nl")
        for number, language in enumerate(LANGUAGES):
            response, _token = self.respondent(language)
            url = self.shared_url(reports.share(response, anna))
            if number == 0:
                self.log_in(page, anna, url)
            else:
                page.goto(url)
            expect(page.locator("#compass")).to_be_visible()
            found += self.violations(page, f"shared report ({language})")
        self.assertEqual(found, [], "\n".join(found))


class SmallScreens(ReportInTheBrowser):
    def test_the_report_does_not_scroll_sideways_at_320_css_pixels_in_either_language(self):
        self.counsellor("Anna")
        wide = []
        for language in LANGUAGES:
            _response, token = self.respondent(language)
            page = self.new_page(language, width=320)
            self.open_report(page, token)
            expect(page.locator("table.scores").first).to_be_visible()
            expect(page.locator("figure.chart svg").first).to_be_visible()
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > 320:
                wider = page.evaluate(
                    """() => [...document.querySelectorAll("main *")]
                    .filter(e => e.getBoundingClientRect().right > 320)
                    .map(e => e.tagName.toLowerCase() + (e.id ? "#" + e.id : "")
                              + (e.className && typeof e.className === "string"
                                 ? "." + e.className.split(" ").join(".") : ""))
                    .slice(0, 5)"""
                )
                wide.append(f"report ({language}) is {width} px wide: {', '.join(wider)}")
        self.assertEqual(wide, [], "\n".join(wide))


class SharingInTheBrowser(ReportInTheBrowser):
    def test_a_respondent_shares_with_a_counsellor_who_reads_it_until_sharing_stops(self):
        self.counsellor("Bert")
        anna = self.counsellor("Anna")
        response, token = self.respondent("en")
        student = self.new_page("en")
        self.open_report(student, token)
        self.share_in_the_page(student, anna)

        expect(student.locator("#share .shares")).to_contain_text("Shared with Anna")
        share = Share.objects.active().get()
        self.assertEqual((share.response, share.counsellor), (response, anna))
        self.assertTrue(ConsentRecord.objects.filter(response=response, purpose="sharing").exists())

        counsellor = self.new_page("en")
        self.log_in(counsellor, anna, self.shared_url(share))
        expect(counsellor.locator("h1")).to_have_text("Shared report")
        expect(counsellor.locator("main")).to_contain_text(response.respondent_key)
        expect(counsellor.locator("#compass-title")).to_have_text("Your compass")
        self.assertEqual(ReportRead.objects.filter(share=share, reader=anna.user).count(), 1)

        with student.expect_navigation():
            student.get_by_role("button", name="Stop sharing with Anna").click()
        expect(student.locator("#share .shares")).to_have_count(0)
        share.refresh_from_db()
        self.assertIsNotNone(share.revoked_at)

        reply = counsellor.goto(self.shared_url(share))
        assert reply is not None
        self.assertEqual(reply.status, 404)
        expect(counsellor.locator("h1")).to_have_text(NOT_FOUND["en"])
        expect(counsellor.locator("#compass")).to_have_count(0)
        self.assertEqual(ReportRead.objects.count(), 1)

    def test_sharing_without_ticking_the_box_shows_the_error_at_the_form_and_shares_nothing(self):
        anna = self.counsellor("Anna")
        _response, token = self.respondent("nl")
        page = self.new_page("nl")
        self.open_report(page, token)
        self.share_in_the_page(page, anna, tick=False)

        expect(page).to_have_url(re.compile(r"\?share=incomplete#share$"))
        error = page.locator("#share #share-error")
        expect(error).to_be_visible()
        expect(error).to_have_attribute("role", "alert")
        expect(error).to_contain_text("vink het vakje aan")
        # The message is part of the description of each control it is about.
        for control in ("#counsellor", "#share-consent"):
            expect(page.locator(control)).to_have_accessible_description(error.inner_text())
        expect(page.locator("#share .shares")).to_have_count(0)
        self.assertFalse(Share.objects.exists())
        self.assertFalse(ConsentRecord.objects.filter(purpose="sharing").exists())


class ThePdfLink(ReportInTheBrowser):
    def test_the_pdf_link_downloads_the_report_as_a_pdf_in_the_respondents_language(self):
        for language, filename in (("nl", "kompas-rapport.pdf"), ("en", "kompas-report.pdf")):
            _response, token = self.respondent(language)
            page = self.new_page(language)
            self.open_report(page, token)
            with page.expect_download(timeout=60_000) as downloading:
                page.locator(f"a[href$='{token}/report.pdf']").click()
            download = downloading.value
            self.assertIsNone(download.failure())
            self.assertEqual(download.suggested_filename, filename)
            with open(download.path(), "rb") as pdf:
                self.assertEqual(pdf.read(5), b"%PDF-")


class PersonaScreenshots(ReportInTheBrowser):
    def test_the_report_of_each_persona_is_kept_as_screenshots_in_both_languages(self):
        folder = artifacts_folder("screenshots")
        written = []
        for language in LANGUAGES:
            page = self.new_page(language, width=360)
            for status, persona in PERSONAS.items():
                response, token = self.respondent(language, status)
                self.assertEqual(response.result.data["identity_status"], status)
                self.open_report(page, token)
                expect(page.locator("#identity .lead")).to_contain_text(persona)
                expect(page.locator("#identity h3").first).to_contain_text(persona)
                for width in (360, 1280):
                    page.set_viewport_size({"width": width, "height": 900})
                    path = folder / f"report-{persona.lower()}-{language}-{width}.png"
                    page.screenshot(path=path, full_page=True)
                    written.append(path)
                page.set_viewport_size({"width": 360, "height": 900})
        self.assertEqual(len(written), len(PERSONAS) * len(LANGUAGES) * 2)
        self.assertTrue(all(path.stat().st_size > 10_000 for path in written))
