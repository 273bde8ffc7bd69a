"""Production settings from the environment: https only, HSTS, cookies, e-mail by SMTP, and a
clean `kompas check --deploy`."""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any
from unittest import mock

from django.core.exceptions import ImproperlyConfigured
from django.test import SimpleTestCase

from kompas.settings import env_int, env_origins

ROOT = Path(__file__).resolve().parents[3]
HTTPS_ONLY = [
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SESSION_COOKIE_SECURE",
]
MAIL_SERVER = [
    "EMAIL_HOST",
    "EMAIL_PORT",
    "EMAIL_HOST_USER",
    "EMAIL_HOST_PASSWORD",
    "EMAIL_USE_TLS",
]
SHOWN = [
    *HTTPS_ONLY,
    *MAIL_SERVER,
    "SECURE_PROXY_SSL_HEADER",
    "CSRF_TRUSTED_ORIGINS",
    "SECURE_CONTENT_TYPE_NOSNIFF",
    "SESSION_COOKIE_SAMESITE",
    "CSRF_COOKIE_SECURE",
    "CSRF_COOKIE_HTTPONLY",
    "EMAIL_BACKEND",
]


# The data folder of every subprocess; removed when the test process ends.
DATA = tempfile.TemporaryDirectory(prefix="kompas-production-")


def production(**environment: str) -> dict[str, str]:
    """A production-like environment, without the KOMPAS_ variables of this process."""
    return {
        **{k: v for k, v in os.environ.items() if not k.startswith(("KOMPAS_", "DJANGO_"))},
        "KOMPAS_DEBUG": "0",
        "KOMPAS_SECRET_KEY": secrets.token_urlsafe(48),  # 64 characters
        "KOMPAS_ALLOWED_HOSTS": "kompas.example.nl",
        "KOMPAS_DATA_DIR": DATA.name,
        **environment,
    }


def settings_in(environment: dict[str, str]) -> subprocess.CompletedProcess[str]:
    code = (
        "import json, os\n"
        "os.environ['DJANGO_SETTINGS_MODULE'] = 'kompas.settings'\n"
        "from django.conf import settings\n"
        f"print(json.dumps({{name: getattr(settings, name) for name in {SHOWN!r}}}))"
    )
    return subprocess.run(
        [sys.executable, "-c", code], env=environment, capture_output=True, text=True, cwd=ROOT
    )


def settings_with(**environment: str) -> dict[str, Any]:
    reply = settings_in(production(**environment))
    if reply.returncode:
        raise AssertionError(reply.stderr)
    found: dict[str, Any] = json.loads(reply.stdout)
    return found


class InProduction(SimpleTestCase):
    def test_every_page_is_https_only_with_hsts_for_a_year(self):
        found = settings_with()
        self.assertIs(found["SECURE_SSL_REDIRECT"], True)
        self.assertEqual(found["SECURE_HSTS_SECONDS"], 365 * 24 * 3600)
        self.assertIs(found["SECURE_HSTS_INCLUDE_SUBDOMAINS"], True)
        self.assertIs(found["SECURE_HSTS_PRELOAD"], True)
        self.assertIs(found["SECURE_CONTENT_TYPE_NOSNIFF"], True)

    def test_the_cookies_are_secure_lax_and_the_csrf_cookie_is_out_of_scripts_reach(self):
        found = settings_with()
        self.assertIs(found["SESSION_COOKIE_SECURE"], True)
        self.assertIs(found["CSRF_COOKIE_SECURE"], True)
        self.assertEqual(found["SESSION_COOKIE_SAMESITE"], "Lax")
        self.assertIs(found["CSRF_COOKIE_HTTPONLY"], True)

    def test_autosave_takes_the_csrf_token_from_the_form_not_the_cookie(self):
        # what makes CSRF_COOKIE_HTTPONLY safe
        script = (ROOT / "kompas/static/kompas/autosave.js").read_text()
        self.assertIn('form.querySelector("input[name=csrfmiddlewaretoken]")', script)
        self.assertNotIn("document.cookie", script)

    def test_each_part_can_be_turned_down(self):
        found = settings_with(
            KOMPAS_SSL_REDIRECT="0",
            KOMPAS_HSTS_SECONDS="300",
            KOMPAS_HSTS_INCLUDE_SUBDOMAINS="0",
            KOMPAS_HSTS_PRELOAD="false",
            KOMPAS_SECURE_COOKIES="0",
        )
        self.assertEqual(
            [found[name] for name in HTTPS_ONLY],
            [False, 300, False, False, False],
        )

    def test_behind_a_tls_proxy_its_forwarded_proto_says_https(self):
        self.assertIsNone(settings_with()["SECURE_PROXY_SSL_HEADER"])
        self.assertEqual(
            settings_with(KOMPAS_BEHIND_TLS_PROXY="1", KOMPAS_TRUSTED_PROXIES="127.0.0.1")[
                "SECURE_PROXY_SSL_HEADER"
            ],
            ["HTTP_X_FORWARDED_PROTO", "https"],
        )

    def test_a_tls_proxy_that_is_not_trusted_stops_the_start(self):
        reply = settings_in(production(KOMPAS_BEHIND_TLS_PROXY="1"))
        self.assertNotEqual(reply.returncode, 0)
        self.assertIn("KOMPAS_BEHIND_TLS_PROXY needs KOMPAS_TRUSTED_PROXIES", reply.stderr)

    def test_trusted_origins_are_read_as_a_list(self):
        self.assertEqual(settings_with()["CSRF_TRUSTED_ORIGINS"], [])
        found = settings_with(
            KOMPAS_CSRF_TRUSTED_ORIGINS="https://kompas.example.nl, https://*.hogeschool.nl"
        )
        self.assertEqual(
            found["CSRF_TRUSTED_ORIGINS"], ["https://kompas.example.nl", "https://*.hogeschool.nl"]
        )

    def test_a_wrong_value_stops_the_start_naming_the_variable(self):
        for variable, value in [
            ("KOMPAS_CSRF_TRUSTED_ORIGINS", "kompas.example.nl"),
            ("KOMPAS_HSTS_SECONDS", "a year"),
            ("KOMPAS_HSTS_SECONDS", "-1"),
            ("KOMPAS_EMAIL_PORT", "70000"),
            ("KOMPAS_SSL_REDIRECT", "maybe"),
            ("KOMPAS_BEHIND_TLS_PROXY", "2"),
        ]:
            with self.subTest(variable=variable, value=value):
                reply = settings_in(production(**{variable: value}))
                self.assertNotEqual(reply.returncode, 0)
                self.assertIn("ImproperlyConfigured", reply.stderr)
                self.assertIn(f"{variable} must", reply.stderr)
                self.assertIn(repr(value), reply.stderr)


class TheEmail(SimpleTestCase):
    def test_in_production_it_goes_by_smtp_with_tls_on_port_587(self):
        found = settings_with(KOMPAS_EMAIL_HOST="smtp.example.nl")
        self.assertEqual(found["EMAIL_BACKEND"], "django.core.mail.backends.smtp.EmailBackend")
        self.assertEqual(
            [found[name] for name in ["EMAIL_HOST", "EMAIL_PORT", "EMAIL_USE_TLS"]],
            ["smtp.example.nl", 587, True],
        )

    def test_the_mail_server_and_account_come_from_the_environment(self):
        found = settings_with(
            KOMPAS_EMAIL_HOST="mail.hogeschool.nl",
            KOMPAS_EMAIL_PORT="25",
            KOMPAS_EMAIL_HOST_USER="kompas",
            KOMPAS_EMAIL_HOST_PASSWORD="s3cret",
            KOMPAS_EMAIL_USE_TLS="0",
        )
        self.assertEqual(
            [found[name] for name in MAIL_SERVER],
            ["mail.hogeschool.nl", 25, "kompas", "s3cret", False],
        )

    def test_a_named_backend_still_wins(self):
        found = settings_with(KOMPAS_EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend")
        self.assertEqual(found["EMAIL_BACKEND"], "django.core.mail.backends.locmem.EmailBackend")

    def test_with_debug_on_it_stays_on_the_console_and_nothing_is_https_only(self):
        found = settings_with(KOMPAS_DEBUG="1")
        self.assertEqual(found["EMAIL_BACKEND"], "django.core.mail.backends.console.EmailBackend")
        self.assertEqual(
            [found[name] for name in HTTPS_ONLY],
            [False, 0, False, False, False],
        )


class TheHelpers(SimpleTestCase):
    def test_a_whole_number_within_its_bounds_is_read(self):
        with mock.patch.dict(os.environ, {"KOMPAS_X": "42"}):
            self.assertEqual(env_int("KOMPAS_X", 7, 0, 100), 42)
        with mock.patch.dict(os.environ, clear=False):
            os.environ.pop("KOMPAS_X", None)
            self.assertEqual(env_int("KOMPAS_X", 7, 0, 100), 7)

    def test_a_number_out_of_bounds_names_the_variable_the_bounds_and_the_value(self):
        for raw in ["101", "-1", "4.5", ""]:
            message = f"KOMPAS_X must be a whole number from 0 to 100, got {raw!r}"
            with (
                self.subTest(raw),
                mock.patch.dict(os.environ, {"KOMPAS_X": raw}),
                self.assertRaisesMessage(ImproperlyConfigured, message),
            ):
                env_int("KOMPAS_X", 7, 0, 100)

    def test_an_origin_without_its_scheme_is_refused_by_name(self):
        with (
            mock.patch.dict(os.environ, {"KOMPAS_O": "https://a.nl,b.nl"}),
            self.assertRaisesMessage(
                ImproperlyConfigured, "KOMPAS_O must list origins with their scheme"
            ) as refused,
        ):
            env_origins("KOMPAS_O")
        self.assertIn("got 'b.nl'", str(refused.exception))


def deploy_check(**environment: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kompas", "check", "--deploy", "--fail-level", "WARNING"],
        env=production(**environment),
        capture_output=True,
        text=True,
        cwd=ROOT,
    )


class TheDeployCheck(SimpleTestCase):
    def test_production_settings_pass_it_without_a_warning(self):
        reply = deploy_check()
        self.assertEqual(reply.returncode, 0, reply.stderr)
        self.assertIn("System check identified no issues", reply.stdout)
        self.assertNotIn("WARNINGS", reply.stdout + reply.stderr)

    def test_it_fails_without_hsts_or_the_https_redirect(self):
        for variable, warning in [
            ("KOMPAS_HSTS_SECONDS", "security.W004"),
            ("KOMPAS_SSL_REDIRECT", "security.W008"),
        ]:
            with self.subTest(variable):
                reply = deploy_check(**{variable: "0"})
                self.assertNotEqual(reply.returncode, 0)
                self.assertIn(warning, reply.stderr)
