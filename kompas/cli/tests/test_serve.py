"""`kompas serve`: it refuses settings unfit for production, then serves the app under gunicorn.

The servers run as a user starts them, `python -m kompas serve` in a process of its own, on
the test run's database engine: SQLite in a scratch folder, or the PostgreSQL database that
scripts/with-postgres names in KOMPAS_DATABASE_URL.
"""

from __future__ import annotations

import http.client
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from io import StringIO
from pathlib import Path

import pytest
from django.core import checks
from django.core.management import call_command
from django.core.management.base import CommandError

from kompas.cli.management.commands.serve import (
    Gunicorn,
    default_workers,
    gunicorn_settings,
    settings_problems,
)
from kompas.lib.tokens import new_token

STATIC = Path(__file__).resolve().parents[2] / "static"
PRODUCTION = {
    "KOMPAS_DEBUG": "0",
    "KOMPAS_SECRET_KEY": "k" * 20 + new_token() + "y" * 10,  # 62 characters
    "KOMPAS_ALLOWED_HOSTS": "127.0.0.1",
    "KOMPAS_BEHIND_TLS_PROXY": "1",
    "KOMPAS_TRUSTED_PROXIES": "127.0.0.1",  # the proxy in front, on the same machine
}
BEHIND_TLS = {"X-Forwarded-Proto": "https"}  # what the TLS proxy in front adds


def environment(data: Path, **variables: str) -> dict[str, str]:
    """The test run's environment without its KOMPAS_ settings, but with its database."""
    kept = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith("KOMPAS_") or name == "KOMPAS_DATABASE_URL"
    }
    return {**kept, "KOMPAS_DATA_DIR": str(data), **variables}


def kompas(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kompas", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


# --- refusing ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("variables", "named"),
    [
        ({"KOMPAS_DEBUG": "1"}, "KOMPAS_DEBUG is on"),
        ({"KOMPAS_SECRET_KEY": "insecure-development-key"}, "KOMPAS_SECRET_KEY is the development"),
        ({"KOMPAS_ALLOWED_HOSTS": ""}, "KOMPAS_ALLOWED_HOSTS must name"),
    ],
)
def test_it_refuses_to_start_and_names_the_variable(tmp_path, variables, named):
    done = kompas("serve", env=environment(tmp_path, **{**PRODUCTION, **variables}))
    assert done.returncode == 1
    assert "refusing to serve" in done.stderr
    assert named in done.stderr
    # only the one variable that is wrong, and nothing served or collected
    assert done.stderr.count("\n  - ") == 1
    assert not (tmp_path / "static").exists()


def test_it_names_a_missing_secret_key_without_a_traceback(tmp_path):
    without_key = {**PRODUCTION}
    del without_key["KOMPAS_SECRET_KEY"]
    done = kompas("serve", env=environment(tmp_path, **without_key))
    assert done.returncode == 1
    assert done.stderr == "kompas: KOMPAS_SECRET_KEY must be set when KOMPAS_DEBUG is off\n"


def test_it_finds_a_short_key_any_host_and_unset_hosts_unfit(settings):
    settings.DEBUG = False
    settings.SECRET_KEY = "s" * 49
    settings.ALLOWED_HOSTS = ["kompas.example", "*"]
    assert settings_problems({"KOMPAS_ALLOWED_HOSTS": "kompas.example,*"}) == [
        "KOMPAS_SECRET_KEY has 49 characters: use at least 50 random ones",
        "KOMPAS_ALLOWED_HOSTS must name the site's host names (comma-separated),"
        " not be empty or '*'",
    ]
    settings.ALLOWED_HOSTS = ["localhost", "127.0.0.1"]  # settings.py's default
    assert settings_problems({}) == [
        "KOMPAS_SECRET_KEY has 49 characters: use at least 50 random ones",
        "KOMPAS_ALLOWED_HOSTS is not set: name the host names the site answers",
    ]
    settings.SECRET_KEY = "s" * 50
    settings.ALLOWED_HOSTS = ["kompas.example"]
    assert settings_problems({"KOMPAS_ALLOWED_HOSTS": "kompas.example"}) == []


@contextmanager
def failing_check(message: str, *, deploy: bool) -> Iterator[None]:
    def check(**kwargs: object) -> list[checks.CheckMessage]:
        return [checks.Error(message, id="test.E001")]

    checks.register(check, deploy=deploy)
    try:
        yield
    finally:
        checks.registry.registry.registered_checks.discard(check)
        checks.registry.registry.deployment_checks.discard(check)


def test_it_refuses_to_start_on_an_error_of_the_deployment_checks(settings, monkeypatch):
    settings.DEBUG = False
    settings.SECRET_KEY = PRODUCTION["KOMPAS_SECRET_KEY"]
    settings.ALLOWED_HOSTS = ["kompas.example"]
    monkeypatch.setenv("KOMPAS_ALLOWED_HOSTS", "kompas.example")
    with (
        failing_check("the proxy is misconfigured", deploy=True),
        pytest.raises(CommandError, match=r"\(test.E001\) the proxy is misconfigured"),
    ):
        call_command("serve", stdout=StringIO(), stderr=StringIO())


def test_an_insecure_demo_still_refuses_a_broken_app():
    with (
        failing_check("a model is broken", deploy=False),
        pytest.raises(CommandError, match=r"\(test.E001\) a model is broken"),
    ):
        call_command("serve", "--insecure-demo", stdout=StringIO(), stderr=StringIO())


# --- gunicorn's settings ------------------------------------------------------------------


def test_gunicorn_takes_every_setting_and_believes_only_the_trusted_proxies(settings):
    settings.KOMPAS_TRUSTED_PROXIES = ["10.1.2.3", "192.168.0.0/16"]
    chosen = gunicorn_settings({"bind": "0.0.0.0:8080", "workers": 3, "threads": 2})
    cfg = Gunicorn(chosen).cfg  # gunicorn checks each value as it is set
    assert cfg.forwarded_allow_ips == ["10.1.2.3", "192.168.0.0/16"]
    assert (cfg.bind, cfg.workers, cfg.threads, cfg.worker_class_str) == (
        ["0.0.0.0:8080"],
        3,
        2,
        "gthread",
    )
    assert (cfg.timeout, cfg.graceful_timeout, cfg.keepalive, cfg.preload_app) == (30, 30, 5, True)
    assert "%(U)s" in cfg.access_log_format  # the path without its query string
    assert "%(h)s" not in cfg.access_log_format and "%(r)s" not in cfg.access_log_format
    settings.KOMPAS_TRUSTED_PROXIES = []
    assert "forwarded_allow_ips" not in gunicorn_settings({"bind": "", "workers": 1, "threads": 1})


def test_it_refuses_no_workers_or_no_threads():
    for option in ("--workers", "--threads"):
        with pytest.raises(CommandError, match="--workers and --threads must be at least 1"):
            call_command("serve", option, "0", "--insecure-demo", stdout=StringIO())


def test_it_starts_one_worker_per_core_plus_one_at_most_16(monkeypatch):
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1})
    assert default_workers() == 3  # bench/load.py's 3 x 2 threads on its two cores
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: set(range(64)))
    assert default_workers() == 16


# --- serving -----------------------------------------------------------------------------


@dataclass
class Server:
    port: int
    log: Path

    def get(self, path: str, **headers: str) -> tuple[int, http.client.HTTPMessage, bytes]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            connection.request("GET", path, headers=headers)
            reply = connection.getresponse()
            return reply.status, reply.headers, reply.read()
        finally:
            connection.close()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def serving(env: dict[str, str], *args: str) -> Iterator[Server]:
    """`kompas serve` on a free port until the block ends; then SIGTERM, which must stop
    gunicorn's master and every worker (its whole process group) with exit code 0."""
    port = free_port()
    log = Path(env["KOMPAS_DATA_DIR"]) / f"serve-{port}.log"
    with open(log, "w") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "kompas", "serve", "--bind", f"127.0.0.1:{port}", *args],
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        wait_until_listening(process, port, log)
        yield Server(port, log)
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            returncode = process.wait(timeout=40)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
            raise
    assert returncode == 0, log.read_text()
    with pytest.raises(ProcessLookupError):  # no worker outlived the master
        os.killpg(process.pid, 0)


def wait_until_listening(process: subprocess.Popen[bytes], port: int, log: Path) -> None:
    deadline = time.monotonic() + 120  # a first collectstatic compresses for seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"kompas serve stopped:\n{log.read_text()}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"kompas serve did not listen within 120 s:\n{log.read_text()}")


def test_it_migrates_then_serves_pages_and_static_files_as_an_insecure_demo(tmp_path):
    token = new_token()
    env = environment(tmp_path)
    with serving(env, "--insecure-demo", "--migrate", "--workers", "2") as server:
        status, _, page = server.get("/accounts/login/")
        assert status == 200
        assert b'name="password"' in page
        status, _, script = server.get("/static/kompas/autosave.js")
        assert status == 200
        assert script == (STATIC / "kompas" / "autosave.js").read_bytes()
        # an unknown link: looked up and counted as a failed guess, so the tables are there
        assert server.get(f"/s/{token}/page/1/?from={token}")[0] == 404
    # the test run's engine: SQLite in the data folder, or scripts/with-postgres's database
    assert (tmp_path / "kompas.sqlite3").exists() == ("KOMPAS_DATABASE_URL" not in os.environ)
    output = server.log.read_text()
    assert "WARNING: --insecure-demo" in output
    assert "KOMPAS_DEBUG is on" in output
    assert "with gunicorn: 2 worker processes x 2 threads" in output
    assert '"GET /s/<token>/page/1/" 404' in output  # the access log, masked
    assert token not in output


def test_it_serves_with_production_settings_behind_a_tls_proxy(tmp_path):
    token = new_token()
    env = environment(tmp_path, **PRODUCTION)
    with serving(env, "--migrate", "--workers", "1", "--threads", "4") as server:
        status, headers, _ = server.get("/accounts/login/")
        assert status == 301
        assert headers["Location"] == f"https://127.0.0.1:{server.port}/accounts/login/"
        status, headers, _ = server.get("/accounts/login/", **BEHIND_TLS)
        assert status == 200
        assert "max-age=" in headers["Strict-Transport-Security"]
        status, headers, _ = server.get(
            "/static/kompas/autosave.js", **BEHIND_TLS, **{"Accept-Encoding": "gzip"}
        )
        assert status == 200
        assert headers["Content-Encoding"] == "gzip"  # collected and compressed for WhiteNoise
        status, _, missing = server.get(f"/s/{token}/", **BEHIND_TLS)
        assert status == 404
        assert b"Traceback" not in missing and b"DEBUG" not in missing
    output = server.log.read_text()
    assert "with gunicorn: 1 worker process x 4 threads" in output
    assert "WARNING" not in output
    assert '"GET /s/<token>/" 404' in output
    assert "Not Found: /s/<token>/" in output  # Django's own log line, masked as well
    assert token not in output
