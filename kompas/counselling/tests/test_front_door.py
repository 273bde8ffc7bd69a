"""The front door (issue 9, item 10): `/` says what Kompas is, a counsellor who signs in lands
on the reports shared with them, and signing out works."""

from __future__ import annotations

import re
from typing import Any

from django.contrib.auth.models import User
from django.db import OperationalError
from django.test import RequestFactory, TestCase
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from playwright.sync_api import expect

from kompas.counselling.models import Counsellor
from kompas.lib import errors
from kompas.lib.testing.browser import BrowserTestCase, artifacts_folder
from kompas.reports import services as reports
from kompas.reports.models import ReportRead
from kompas.reports.tests.test_pages import ReportTestCase
from kompas.surveys import services as surveys

PASSWORD = "secret-enough-42"
#: A sentence of each part of the front page, as django.po and the template say it.
FRONT_PAGE = {
    "nl": [
        "Kompas is een open-source Carrière Kompas voor technische studenten en werknemers.",
        "Het meet je professionele identiteit",
        "Je begint via de link die je van je instelling krijgt",
        "Begeleiders loggen in om de rapporten te lezen",
    ],
    "en": [
        "Kompas is an open-source Career Compass for engineering students and employees.",
        "It measures your professional identity",
        "You start from the link your institution gives you",
        "Counsellors sign in to read the reports",
    ],
}
SIGN_IN = {"nl": "Inloggen", "en": "Sign in"}
SIGN_OUT = {"nl": "Uitloggen", "en": "Sign out"}


class TheFrontPage(TestCase):
    def front_page(self, language: str) -> Any:
        reply = self.client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE=language)
        self.assertEqual(reply.status_code, 200)
        self.assertContains(reply, f'<html lang="{language}"')
        return reply

    def test_it_is_at_the_root_of_the_site(self):
        self.assertEqual(reverse("home"), "/")

    def test_it_says_what_kompas_is_how_to_start_and_where_staff_sign_in(self):
        for language, other in (("nl", "en"), ("en", "nl")):
            reply = self.front_page(language)
            for sentence in FRONT_PAGE[language]:
                self.assertContains(reply, sentence)
            self.assertContains(
                reply, f'<a class="button" href="{reverse("login")}">{SIGN_IN[language]}</a>'
            )
            self.assertNotContains(reply, FRONT_PAGE[other][0])

    def test_dutch_is_the_default(self):
        reply = self.client.get(reverse("home"))
        self.assertContains(reply, FRONT_PAGE["nl"][0])

    def test_it_has_one_main_heading(self):
        for language in FRONT_PAGE:
            self.assertEqual(self.front_page(language).content.count(b"<h1"), 1)

    def test_its_language_switch_changes_the_language(self):
        switch = self.front_page("nl")
        self.assertContains(switch, f'action="{reverse("set_language")}"')
        self.assertContains(switch, 'name="language" value="en" lang="en">English</button>')
        reply = self.client.post(
            reverse("set_language"), {"language": "en", "next": "/"}, follow=True
        )
        self.assertEqual(reply.redirect_chain, [("/", 302)])
        self.assertContains(reply, FRONT_PAGE["en"][0])
        self.assertContains(reply, 'value="nl" lang="nl">Nederlands</button>')

    def test_a_visitor_sees_no_sign_out_button(self):
        self.assertNotContains(self.front_page("en"), "Sign out")

    def test_it_only_answers_get(self):
        self.assertEqual(self.client.post(reverse("home")).status_code, 405)


class SigningInAndOut(ReportTestCase):
    """Anna and Bert are counsellors of Hogeschool Oost, each with a report shared with them."""

    def setUp(self) -> None:
        super().setUp()
        self.anna = self.counsellor("Anna")
        self.bert = self.counsellor("Bert")
        self.annas_response = self.respond("nl")[0]
        self.berts_response = self.respond("en")[0]
        self.annas_share = reports.share(self.annas_response, self.anna)
        self.berts_share = reports.share(self.berts_response, self.bert)

    def sign_in(self, counsellor: Counsellor, language: str = "nl") -> Any:
        return self.client.post(
            reverse("login"),
            {"username": counsellor.user.get_username(), "password": PASSWORD},
            follow=True,
            HTTP_ACCEPT_LANGUAGE=language,
        )

    def shared_reports(self, language: str = "nl") -> Any:
        return self.client.get(reverse("shared_reports"), HTTP_ACCEPT_LANGUAGE=language)

    def test_a_counsellor_who_signs_in_lands_on_the_reports_shared_with_them(self):
        reply = self.sign_in(self.anna)
        self.assertEqual(reply.redirect_chain, [(reverse("shared_reports"), 302)])
        self.assertEqual(reply.status_code, 200)
        self.assertContains(reply, "<h1>Rapporten die met je gedeeld zijn</h1>", html=True)
        self.assertContains(reply, reverse("reports:shared", args=[self.annas_share.pk]))
        self.assertContains(reply, self.annas_response.respondent_key)
        self.assertContains(reply, self.cohort.name)

    def test_the_list_never_shows_another_counsellors_share(self):
        reply = self.sign_in(self.anna)
        self.assertNotContains(reply, self.berts_response.respondent_key)
        self.assertNotContains(reply, reverse("reports:shared", args=[self.berts_share.pk]))
        reply = self.sign_in(self.bert)
        self.assertContains(reply, self.berts_response.respondent_key)
        self.assertNotContains(reply, self.annas_response.respondent_key)

    def test_a_revoked_share_leaves_the_list(self):
        reports.revoke(self.annas_share)
        reply = self.sign_in(self.anna, "en")
        self.assertNotContains(reply, self.annas_response.respondent_key)
        self.assertContains(reply, "No one has shared a report with you yet.")

    def test_every_active_share_is_listed_newest_first(self):
        later = self.respond("nl")[0]
        reports.share(later, self.anna)
        content = self.sign_in(self.anna).content.decode()
        self.assertLess(
            content.index(later.respondent_key), content.index(self.annas_response.respondent_key)
        )

    def test_the_list_is_in_english_for_an_english_browser(self):
        reply = self.sign_in(self.anna, "en")
        self.assertContains(reply, "<h1>Reports shared with you</h1>", html=True)
        self.assertContains(reply, f"{self.cohort.name}, shared on ")

    def test_listing_reads_no_report_so_logs_nothing(self):
        self.sign_in(self.anna)
        self.assertFalse(ReportRead.objects.exists())

    def test_a_user_who_is_no_counsellor_lands_on_an_empty_list(self):
        User.objects.create_user("dirk", password=PASSWORD)
        reply = self.client.post(
            reverse("login"), {"username": "dirk", "password": PASSWORD}, follow=True
        )
        self.assertEqual(reply.status_code, 200)
        self.assertContains(reply, "Er heeft nog niemand een rapport met je gedeeld.")
        self.assertNotContains(reply, self.annas_response.respondent_key)
        self.assertNotContains(reply, self.berts_response.respondent_key)

    def test_a_visitor_is_sent_to_sign_in_first(self):
        url = reverse("shared_reports")
        reply = self.client.get(url)
        self.assertRedirects(reply, f"{reverse('login')}?next={url}")

    def test_a_signed_in_counsellor_has_a_sign_out_button_in_the_header(self):
        reply = self.sign_in(self.anna)
        header = reply.content.decode().split("</header>")[0]
        self.assertIn(f'<form class="sign-out" method="post" action="{reverse("logout")}">', header)
        self.assertIn("csrfmiddlewaretoken", header)
        self.assertIn(f'<button type="submit">{SIGN_OUT["nl"]}</button>', header)

    def test_signing_out_by_post_ends_the_session_and_shows_where_to_sign_in(self):
        self.sign_in(self.anna)
        reply = self.client.post(reverse("logout"), follow=True)
        self.assertEqual(reply.redirect_chain, [(reverse("login"), 302)])
        self.assertContains(reply, "<h1>Inloggen</h1>", html=True)
        self.assertNotIn("_auth_user_id", self.client.session)
        self.assertEqual(self.shared_reports().status_code, 302)

    def test_opening_the_sign_out_address_shows_the_button_and_keeps_the_session(self):
        self.sign_in(self.anna)
        reply = self.client.get(reverse("logout"), HTTP_ACCEPT_LANGUAGE="en")
        self.assertEqual(reply.status_code, 200)
        self.assertContains(reply, "<h1>Sign out</h1>", html=True)
        self.assertContains(reply, "You are signed in as anna.")
        main = reply.content.decode().split('<main id="main" tabindex="-1">')[1]
        self.assertIn(f'<form method="post" action="{reverse("logout")}">', main)
        self.assertIn("_auth_user_id", self.client.session)

    def test_opening_the_sign_out_address_when_signed_out_leads_to_sign_in(self):
        reply = self.client.get(reverse("logout"))
        self.assertRedirects(reply, reverse("login"))

    def test_a_404_offers_no_sign_out_form_so_every_404_is_the_same_page(self):
        self.sign_in(self.anna)
        first, second = (self.client.get("/no-such-page/") for _ in range(2))
        self.assertEqual(first.status_code, 404)
        self.assertNotContains(first, "sign-out", status_code=404)
        self.assertEqual(first.content, second.content)


class AnErrorPage(TestCase):
    def test_it_renders_without_the_session_when_the_database_is_down(self):
        def no_database() -> None:
            raise OperationalError("the database is down")

        request = RequestFactory().get("/")
        request.user = SimpleLazyObject(no_database)
        reply = errors.server_error(request)
        self.assertEqual(reply.status_code, 500)
        self.assertNotIn(b"sign-out", reply.content)


class TheFrontDoorInABrowser(BrowserTestCase):
    def test_the_front_page_and_the_list_pass_axe_and_fit_a_phone(self):
        user = User.objects.create_user("anna", password=PASSWORD)
        anna = Counsellor.objects.create(user=user, institution=self.institution, name="Anna")
        response = self.started_response("nl")[0]
        self.answer_everything(response)
        surveys.complete(response)
        reports.share(response, anna)
        folder = artifacts_folder("front-door")
        for language in FRONT_PAGE:
            page = self.new_page(language, width=390)
            page.goto(self.live_server_url + reverse("home"))
            expect(page.locator("h1")).to_have_count(1)
            self.assertEqual(self.axe_violations(page), [], language)
            page.screenshot(path=str(folder / f"home-{language}-390.png"), full_page=True)
            self.assertLessEqual(page.evaluate("document.documentElement.scrollWidth"), 390)
            with page.expect_navigation():
                page.get_by_role("link", name=re.compile("Inloggen|Sign in")).click()
            page.locator("#id_username").fill("anna")
            page.locator("#id_password").fill(PASSWORD)
            with page.expect_navigation():
                page.locator("form button.primary").click()
            expect(page).to_have_url(self.live_server_url + reverse("shared_reports"))
            expect(page.get_by_role("link", name=response.respondent_key)).to_be_visible()
            self.assertEqual(self.axe_violations(page), [], language)
            page.screenshot(path=str(folder / f"shared-{language}-390.png"), full_page=True)
            self.assertLessEqual(page.evaluate("document.documentElement.scrollWidth"), 390)
            with page.expect_navigation():
                page.locator("form.sign-out button").click()
            expect(page).to_have_url(self.live_server_url + reverse("login"))
            expect(page.locator("form.sign-out")).to_have_count(0)
