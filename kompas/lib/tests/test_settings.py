"""Settings come from the environment; the database from one URL, read by dj-database-url."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.test import SimpleTestCase

from kompas.settings import database_from_url


class TheDatabaseUrl(SimpleTestCase):
    def test_it_reads_a_postgres_url_with_its_options(self):
        database = database_from_url(
            "postgres://kompas:p%40ss@db.example:5433/kompas?sslmode=require&connect_timeout=5"
        )
        self.assertEqual(
            {key: database[key] for key in ("ENGINE", "NAME", "USER", "PASSWORD", "HOST", "PORT")},
            {
                "ENGINE": "django.db.backends.postgresql",
                "NAME": "kompas",
                "USER": "kompas",
                "PASSWORD": "p@ss",
                "HOST": "db.example",
                "PORT": 5433,
            },
        )
        self.assertEqual(
            database["OPTIONS"],
            {
                "sslmode": "require",
                "connect_timeout": 5,
                "options": "-c statement_timeout=5000 -c lock_timeout=3000",
            },
        )

    def test_it_keeps_postgres_connections_open_for_a_minute(self):
        self.assertEqual(database_from_url("postgresql://kompas@localhost/k")["CONN_MAX_AGE"], 60)

    def test_it_reads_a_sqlite_path(self):
        database = database_from_url("sqlite:////srv/kompas/kompas.sqlite3")
        self.assertEqual(database["ENGINE"], "django.db.backends.sqlite3")
        self.assertEqual(database["NAME"], "/srv/kompas/kompas.sqlite3")
        self.assertEqual(database["CONN_MAX_AGE"], 0)

    def test_it_refuses_a_database_kompas_does_not_run_on_without_showing_the_password(self):
        with self.assertRaises(ImproperlyConfigured) as refused:
            database_from_url("mysql://kompas:secret@db.example/kompas")
        self.assertIn("got a mysql:// URL", str(refused.exception))
        self.assertIn("postgres://user:password@host:port/name", str(refused.exception))
        self.assertNotIn("secret", str(refused.exception))

    def test_it_refuses_what_is_not_a_url(self):
        with self.assertRaisesMessage(ImproperlyConfigured, "got no URL scheme"):
            database_from_url("kompas.sqlite3")


class TheDefaults(SimpleTestCase):
    def settings_in_a_fresh_process(self, **environment: str) -> dict[str, Any]:
        code = (
            "import json, kompas.settings as s\n"
            "print(json.dumps({'database': s.DATABASES['default'], 'debug': s.DEBUG}, default=str))"
        )
        variables = {k: v for k, v in os.environ.items() if not k.startswith("KOMPAS_")}
        reply = subprocess.run(
            [sys.executable, "-c", code],
            env={**variables, **environment},
            capture_output=True,
            text=True,
            check=True,
        )
        return json.loads(reply.stdout)

    def test_the_database_is_sqlite_in_the_data_folder(self):
        with tempfile.TemporaryDirectory() as data:
            found = self.settings_in_a_fresh_process(KOMPAS_DATA_DIR=data)
            self.assertEqual(
                found["database"],
                {
                    "ENGINE": "django.db.backends.sqlite3",
                    "NAME": str(Path(data, "kompas.sqlite3")),
                    "OPTIONS": {"timeout": 3, "transaction_mode": "IMMEDIATE"},
                    "TEST": found["database"]["TEST"],
                },
            )

    def test_the_url_wins_over_the_data_folder(self):
        with tempfile.TemporaryDirectory() as data:
            found = self.settings_in_a_fresh_process(
                KOMPAS_DATA_DIR=data, KOMPAS_DATABASE_URL="postgres://k@db.example/kompas"
            )
        self.assertEqual(found["database"]["HOST"], "db.example")
