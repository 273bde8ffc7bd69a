"""Every page, the PDF and the API answer with the Content-Security-Policy and with
`Cache-Control: no-store`; the static files are cached as usual (issue 8, item 12)."""

from __future__ import annotations

from typing import Any

from django.test import Client, override_settings
from django.urls import reverse

from kompas.api.tests.test_respondent_api import API
from kompas.reports import services
from kompas.reports.tests.test_pages import ALL_YES, ReportTestCase

#: The policy as the settings spell it; django-csp writes the directives in any order.
POLICY = {
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'self'",
}


def directives(header: str) -> set[str]:
    return {part.strip() for part in header.split(";")}


class TheHeaders(ReportTestCase):
    def assert_private_and_policed(self, reply: Any, status: int = 200) -> None:
        self.assertEqual(reply.status_code, status, reply.content[:300])
        cache_control = {part.strip() for part in reply["Cache-Control"].split(",")}
        self.assertLessEqual({"no-store", "private"}, cache_control)
        self.assertEqual(directives(reply["Content-Security-Policy"]), POLICY)

    def get(self, name: str, *args: object) -> Any:
        return self.client.get(reverse(name, args=args))

    def test_the_policy_allows_no_inline_script_and_no_inline_style(self):
        policy = self.get("surveys:cohort", self.cohort_token)["Content-Security-Policy"]
        self.assertNotIn("unsafe-inline", policy)
        self.assertNotIn("unsafe-eval", policy)
        self.assertIn("script-src 'self'", policy)

    def test_the_respondents_pages_are_never_stored(self):
        _response, token = self.respond("en", submit=False)
        self.assert_private_and_policed(self.get("surveys:cohort", self.cohort_token))
        self.assert_private_and_policed(self.get("surveys:consent", token))
        self.assert_private_and_policed(self.get("surveys:page", token, 2))
        self.assert_private_and_policed(self.get("surveys:finish", token))
        self.assert_private_and_policed(self.get("surveys:start", token), 302)
        self.assert_private_and_policed(self.get("surveys:start", "x" * 32), 404)

    def test_an_autosave_reply_is_never_stored(self):
        _response, token = self.respond("en", submit=False)
        reply = self.client.post(
            reverse("surveys:save", args=[token]), {"item": "bg_role", "value": "1", "seq": "900"}
        )
        self.assert_private_and_policed(reply)

    def test_the_report_and_its_pdf_are_never_stored(self):
        _response, token = self.respond("nl")
        self.assert_private_and_policed(self.get("reports:report", token))
        reply = self.get("reports:pdf", token)
        self.assert_private_and_policed(reply)
        self.assertEqual(reply["Content-Type"], "application/pdf")

    def test_the_counsellors_shared_report_and_the_sign_in_pages_are_never_stored(self):
        response, _token = self.respond("nl")
        anna = self.counsellor("Anna")
        shared = services.share(response, anna)
        self.assert_private_and_policed(self.get("login"))
        self.assert_private_and_policed(self.get("password_reset"))
        self.client.force_login(anna.user)
        self.assert_private_and_policed(self.get("reports:shared", shared.pk))

    def test_every_api_answer_is_never_stored_errors_included(self):
        reply = self.client.post(
            API + "/responses",
            {"language": "en", "cohort_token": self.cohort_token, "consent": ALL_YES},
            content_type="application/json",
        )
        self.assert_private_and_policed(reply, 201)
        bearer = {"Authorization": f"Bearer {reply.json()['token']}"}
        self.assert_private_and_policed(self.client.get(API + "/response", headers=bearer))
        self.assert_private_and_policed(self.client.get(API + "/response"), 401)
        self.assert_private_and_policed(self.client.get(API + "/openapi.json"))
        self.assert_private_and_policed(self.client.get(API + "/docs"))

    @override_settings(WHITENOISE_USE_FINDERS=True)
    def test_a_static_file_is_served_by_whitenoise_with_its_own_cache_headers(self):
        reply = Client().get("/static/kompas/kompas.css")  # a new client reads the setting
        self.assertEqual(reply.status_code, 200)
        self.assertNotIn("no-store", reply.get("Cache-Control", ""))
        self.assertNotIn("Content-Security-Policy", reply)
