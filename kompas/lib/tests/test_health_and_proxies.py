"""`/healthz/` for a load balancer, and X-Forwarded-Proto believed from trusted proxies only."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from django.test import TestCase, override_settings

from kompas.lib.testing import KompasTestCase

HTTPS_ONLY = {
    "SECURE_SSL_REDIRECT": True,
    "SECURE_PROXY_SSL_HEADER": ("HTTP_X_FORWARDED_PROTO", "https"),
    "KOMPAS_TRUSTED_PROXIES": ["10.0.0.1"],
    "ALLOWED_HOSTS": ["kompas.example.nl"],
}


@override_settings(**HTTPS_ONLY)
class TheHealthCheck(TestCase):
    def test_a_probe_over_plain_http_by_ip_address_gets_200(self):
        reply = self.client.get("/healthz/", HTTP_HOST="10.0.0.7:8000")
        self.assertEqual(reply.status_code, 200)
        self.assertEqual(reply.json(), {"status": "ok"})
        self.assertEqual(reply["Cache-Control"], "no-store")

    def test_without_its_database_it_answers_503(self):
        # A real app whose PostgreSQL does not answer: nothing listens on port 1.
        code = (
            "import django, json\n"
            "django.setup()\n"
            "from django.test import Client\n"
            "reply = Client().get('/healthz/', HTTP_HOST='10.0.0.7')\n"
            "print(json.dumps([reply.status_code, reply.json(), reply['Retry-After']]))"
        )
        environment = {
            **{k: v for k, v in os.environ.items() if not k.startswith("KOMPAS_")},
            "DJANGO_SETTINGS_MODULE": "kompas.settings",
            "KOMPAS_DATABASE_URL": "postgres://kompas:none@127.0.0.1:1/kompas",
        }
        done = subprocess.run(
            [sys.executable, "-c", code], env=environment, capture_output=True, text=True
        )
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertEqual(json.loads(done.stdout), [503, {"status": "unavailable"}, "5"])

    def test_every_other_page_still_redirects_to_https(self):
        reply = self.client.get("/accounts/login/", HTTP_HOST="kompas.example.nl")
        self.assertEqual(reply.status_code, 301)
        self.assertEqual(reply["Location"], "https://kompas.example.nl/accounts/login/")


@override_settings(**HTTPS_ONLY)
class ForwardedProto(KompasTestCase):
    def get(self, remote: str) -> int:
        return self.client.get(
            "/accounts/login/",
            HTTP_HOST="kompas.example.nl",
            HTTP_X_FORWARDED_PROTO="https",
            REMOTE_ADDR=remote,
        ).status_code

    def test_the_trusted_proxy_says_the_request_came_over_https(self):
        self.assertEqual(self.get("10.0.0.1"), 200)

    def test_a_client_that_claims_https_itself_is_redirected(self):
        self.assertEqual(self.get("192.0.2.44"), 301)
