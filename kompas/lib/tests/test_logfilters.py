"""No link token in any log line: Django's request log, runserver's and a traceback's."""

from __future__ import annotations

import io
import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from unittest import mock

from django.test import SimpleTestCase

from kompas.lib.logfilters import MaskTokens, mask_tokens
from kompas.lib.testing import KompasTestCase
from kompas.lib.tokens import new_token
from kompas.surveys import services

TOKEN = "J3kq9v_Zr2lFQm0oXpB8cT1uWy4sN6aD"  # new_token()'s form: 32 URL-safe characters


def record(msg: str, *args: object, exc_info: Any = None) -> logging.LogRecord:
    return logging.LogRecord("django.request", logging.WARNING, __file__, 1, msg, args, exc_info)


class MaskingText(SimpleTestCase):
    def test_it_masks_the_token_of_every_link_route(self):
        for path, masked in [
            (f"/s/{TOKEN}/", "/s/<token>/"),
            (f"/s/{TOKEN}/page/3/", "/s/<token>/page/3/"),
            (f"/s/{TOKEN}/report.pdf", "/s/<token>/report.pdf"),
            (f"/s/{TOKEN}/share/12/revoke/", "/s/<token>/share/12/revoke/"),
            (f"/c/{TOKEN}/", "/c/<token>/"),
            ("/s/short?x=1", "/s/<token>?x=1"),  # a guessed token is masked too
        ]:
            with self.subTest(path):
                self.assertEqual(mask_tokens(f"Not Found: {path}"), f"Not Found: {masked}")

    def test_it_masks_a_token_in_a_request_line_and_a_full_url(self):
        self.assertEqual(
            mask_tokens(f'"GET /s/{TOKEN}/consent/ HTTP/1.1" 404 2315'),
            '"GET /s/<token>/consent/ HTTP/1.1" 404 2315',
        )
        self.assertEqual(
            mask_tokens(f"sent https://kompas.example.nl/c/{TOKEN}/ to 3 people"),
            "sent https://kompas.example.nl/c/<token>/ to 3 people",
        )

    def test_it_masks_a_password_reset_token_but_keeps_the_account_and_the_next_step(self):
        self.assertEqual(
            mask_tokens("Bad Request: /accounts/reset/MQ/cz1b7x-0a1b2c3d4e5f60718293a4b5c6d7/"),
            "Bad Request: /accounts/reset/MQ/<token>/",
        )
        self.assertEqual(
            mask_tokens("/accounts/reset/MQ/set-password/"), "/accounts/reset/MQ/set-password/"
        )

    def test_it_masks_a_bearer_token_and_a_token_in_a_query_string(self):
        self.assertEqual(
            mask_tokens(f"Authorization: Bearer {TOKEN}, next"),
            "Authorization: Bearer <token>, next",
        )
        self.assertEqual(
            mask_tokens(f"authorization: bearer {TOKEN}"), "authorization: bearer <token>"
        )
        self.assertEqual(mask_tokens(f"/x?token={TOKEN}&a=1"), "/x?token=<token>&a=1")

    def test_it_masks_a_token_like_segment_on_any_route(self):
        self.assertEqual(mask_tokens(f"/api/v1/{new_token()}/x"), "/api/v1/<token>/x")

    def test_it_masks_a_token_on_its_own_as_in_an_exception_message(self):
        self.assertEqual(mask_tokens(f"no response for {TOKEN}."), "no response for <token>.")
        self.assertEqual(mask_tokens(f"token '{TOKEN}'"), "token '<token>'")

    def test_it_keeps_what_is_no_token(self):
        for text in [
            "in test_a_500_is_logged_with_its_traceback_without_the_token",  # no capitals
            f"stored as {'0f' * 32}",  # a token's hash: small letters and digits only
            "Not Found: /static/kompas/autosave.3f2a9c41d0be.js",
            "Not Found: /counsellor/reports/12/",
            "Internal Server Error: /accounts/login/",
            "/work/main/.venv/lib/python3.11/site-packages/django/core/handlers/base.py",
        ]:
            with self.subTest(text):
                self.assertEqual(mask_tokens(text), text)

    def test_masking_twice_changes_nothing_more(self):
        once = mask_tokens(f"Not Found: /s/{TOKEN}/ Bearer {TOKEN}")
        self.assertEqual(mask_tokens(once), once)
        self.assertEqual(once, "Not Found: /s/<token>/ Bearer <token>")


class TheFilter(SimpleTestCase):
    def test_it_formats_the_arguments_first_and_leaves_none(self):
        # Django's log_response: "%s: %s" with (reason, path)
        entry = record("%s: %s", "Not Found", f"/s/{TOKEN}/")
        self.assertTrue(MaskTokens().filter(entry))
        self.assertEqual((entry.msg, entry.args), ("Not Found: /s/<token>/", ()))
        self.assertEqual(entry.getMessage(), "Not Found: /s/<token>/")

    def test_it_masks_a_token_in_a_traceback(self):
        try:
            raise LookupError(f"no response for /s/{TOKEN}/")
        except LookupError:
            entry = record("Internal Server Error: %s", f"/s/{TOKEN}/", exc_info=sys.exc_info())
        MaskTokens().filter(entry)
        written = logging.Formatter().format(entry)
        self.assertIn("LookupError: no response for /s/<token>/", written)
        self.assertNotIn(TOKEN, written)

    def test_arguments_that_do_not_fit_the_message_are_kept_masked(self):
        entry = record("%s and %s", f"/s/{TOKEN}/")
        MaskTokens().filter(entry)
        self.assertEqual(entry.getMessage(), "%s and %s ('/s/<token>/',)")


class TheConfiguredLogs(KompasTestCase):
    """Requests through the test client; what the handlers of `settings.LOGGING` write."""

    def setUp(self) -> None:
        super().setUp()
        patcher = mock.patch("kompas.throttling.limits.clock", lambda: 1_800_000_000.0)
        patcher.start()
        self.addCleanup(patcher.stop)

    @contextmanager
    def console(self, logger: str = "") -> Iterator[io.StringIO]:
        """What the logger's configured handler writes (pytest adds handlers of its own)."""
        (handler,) = [
            each
            for each in logging.getLogger(logger).handlers
            if any(isinstance(the, MaskTokens) for the in each.filters)
        ]
        assert isinstance(handler, logging.StreamHandler)
        written = io.StringIO()
        earlier = handler.setStream(written)
        try:
            yield written
        finally:
            handler.setStream(earlier)

    def test_a_404_on_a_resume_link_is_logged_without_its_token(self):
        token = new_token()
        with self.console() as written:
            self.assertEqual(self.client.get(f"/s/{token}/page/2/").status_code, 404)
        self.assertIn("Not Found: /s/<token>/page/2/", written.getvalue())
        self.assertNotIn(token, written.getvalue())

    def test_a_429_after_many_guesses_is_logged_without_its_token(self):
        for _ in range(20):
            self.client.get(f"/c/{new_token()}/")
        token = new_token()
        with self.console() as written:
            self.assertEqual(self.client.get(f"/c/{token}/").status_code, 429)
        self.assertIn("Too Many Requests: /c/<token>/", written.getvalue())
        self.assertNotIn(token, written.getvalue())

    def test_a_400_on_a_save_is_logged_without_its_token(self):
        response, token = services.start_response(self.cohort, "nl")
        services.record_consent(response, dict.fromkeys(services.ASKED_PURPOSES, True))
        refused = {"item": "int_realistic_1", "value": "seven", "seq": "1"}
        with self.console() as written:
            self.assertEqual(self.client.post(f"/s/{token}/save/", refused).status_code, 400)
        self.assertIn("Bad Request: /s/<token>/save/", written.getvalue())
        self.assertNotIn(token, written.getvalue())

    def test_a_500_is_logged_with_its_traceback_without_the_token(self):
        token = new_token()
        self.client.raise_request_exception = False
        broken = mock.patch.object(
            services, "find_response", side_effect=RuntimeError(f"no look-up for {token}")
        )
        with self.console() as written, broken:
            self.assertEqual(self.client.get(f"/s/{token}/").status_code, 500)
        self.assertIn("Internal Server Error: /s/<token>/", written.getvalue())
        self.assertIn("RuntimeError: no look-up for <token>", written.getvalue())
        self.assertNotIn(token, written.getvalue())

    def test_the_development_servers_request_line_is_logged_without_its_token(self):
        with self.console("django.server") as written:
            # as django.core.servers.basehttp.WSGIRequestHandler.log_message
            logging.getLogger("django.server").warning(
                '"%s" %s %s', f"GET /s/{TOKEN}/ HTTP/1.1", "404", "2315",
                extra={"status_code": 404, "request": None},
            )  # fmt: skip
        self.assertIn('"GET /s/<token>/ HTTP/1.1" 404 2315', written.getvalue())
        self.assertNotIn(TOKEN, written.getvalue())
