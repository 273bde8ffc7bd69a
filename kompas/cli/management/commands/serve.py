"""`kompas serve`: the web app under gunicorn, as it runs in production.

It refuses to start with settings that are only fit for a local run (debug pages on, the
development secret key, any host allowed) and on errors of Django's deployment checks;
`--insecure-demo` starts anyway, with a warning. Then it collects the static files (served
by WhiteNoise), migrates if asked and runs gunicorn in this process.
"""

from __future__ import annotations

import gc
import hashlib
import ipaddress
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import gunicorn
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core import checks
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connections
from django.urls import get_resolver
from gunicorn.app.base import BaseApplication
from gunicorn.glogging import Logger

from kompas.lib.logfilters import MaskTokens

DEVELOPMENT_SECRET_KEY = "insecure-development-key"  # settings.py's default with KOMPAS_DEBUG on
MINIMUM_SECRET_KEY_LENGTH = 50  # Django's deployment check (security.W009) asks as much
# The workers' heartbeat files, in memory rather than on a disk that may stall; gunicorn
# makes them itself with mkstemp, so a shared folder is safe.
HEARTBEATS = Path("/dev/shm")  # nosec B108
MAXIMUM_WORKERS = 16  # x 2 threads, each with a database connection: 32 of PostgreSQL's 100


def default_workers() -> int:
    """One worker per core plus one, as bench/load.py measures on two cores (3 x 2 threads):
    a worker waiting for the database leaves its core to another."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return min((cores or 1) + 1, MAXIMUM_WORKERS)


def settings_problems(environ: dict[str, str]) -> list[str]:
    """What makes the settings unfit for production, each naming its variable."""
    problems = []
    if settings.DEBUG:
        problems.append(
            "KOMPAS_DEBUG is on: set KOMPAS_DEBUG=0 (debug pages show code and settings)"
        )
    if settings.SECRET_KEY == DEVELOPMENT_SECRET_KEY:
        problems.append("KOMPAS_SECRET_KEY is the development key: set a long random one")
    elif len(settings.SECRET_KEY) < MINIMUM_SECRET_KEY_LENGTH:
        problems.append(
            f"KOMPAS_SECRET_KEY has {len(settings.SECRET_KEY)} characters: use at least"
            f" {MINIMUM_SECRET_KEY_LENGTH} random ones"
        )
    if "KOMPAS_ALLOWED_HOSTS" not in environ:
        problems.append("KOMPAS_ALLOWED_HOSTS is not set: name the host names the site answers")
    elif not settings.ALLOWED_HOSTS or "*" in settings.ALLOWED_HOSTS:
        problems.append(
            "KOMPAS_ALLOWED_HOSTS must name the site's host names (comma-separated),"
            " not be empty or '*'"
        )
    if (
        settings.SECURE_SSL_REDIRECT
        and not settings.SECURE_PROXY_SSL_HEADER
        and not settings.KOMPAS_TRUSTED_PROXIES
    ):  # gunicorn here speaks plain http only: a proxy in front must end TLS and say so
        problems.append(
            "KOMPAS_SSL_REDIRECT is on, but no proxy may tell the app that a request came over"
            " https, so every page would redirect to itself: set KOMPAS_TRUSTED_PROXIES to"
            " the TLS proxy's address and KOMPAS_BEHIND_TLS_PROXY=1"
        )
    return problems


def gunicorn_settings(options: dict[str, Any]) -> dict[str, Any]:
    """gunicorn's settings: gthread workers forked from this process, which has loaded the
    app and its views already, and logs without link tokens (`kompas.lib.logfilters`)
    or the visitors' addresses."""
    chosen: dict[str, Any] = {
        "bind": [options["bind"]],
        "workers": options["workers"],
        "worker_class": "gthread",
        "threads": options["threads"],
        "timeout": 30,
        "graceful_timeout": 30,
        "keepalive": 5,
        "preload_app": True,
        "proc_name": "kompas",
        "logger_class": GunicornLogger,
        "accesslog": "-",
        "access_log_format": '%(t)s "%(m)s %(U)s" %(s)s %(b)s %(M)sms',
        "errorlog": "-",
    }
    if gunicorn.version_info >= (25, 1):  # no runtime control socket, shared by every server
        chosen["control_socket_disable"] = True
    if HEARTBEATS.is_dir():
        chosen["worker_tmp_dir"] = str(HEARTBEATS)
    if settings.KOMPAS_TRUSTED_PROXIES:  # whose X-Forwarded-Proto says the request was HTTPS
        chosen["forwarded_allow_ips"] = ",".join(
            # gunicorn refuses a network written with host bits (10.0.0.5/24); Kompas not
            str(ipaddress.ip_network(proxy, strict=False)) if "/" in proxy else proxy
            for proxy in settings.KOMPAS_TRUSTED_PROXIES
        )
    return chosen


def static_sources_fingerprint() -> str:
    """What `collectstatic` would collect (every static file's path, size and modification
    time) and how (the storage backend), as one hash."""
    digest = hashlib.sha256(settings.STORAGES["staticfiles"]["BACKEND"].encode())
    for finder in finders.get_finders():
        for path, storage in finder.list([]):
            found = os.stat(storage.path(path))
            digest.update(f"\n{path} {found.st_size} {found.st_mtime_ns}".encode())
    return digest.hexdigest()


def collect_static_files() -> None:
    """`collectstatic`, unless nothing changed since the last run: compressing the API
    documentation's scripts takes seconds of CPU, on every start otherwise."""
    stamp = Path(settings.STATIC_ROOT) / ".collected"
    fingerprint = static_sources_fingerprint()
    if stamp.is_file() and stamp.read_text() == fingerprint:
        return
    call_command("collectstatic", interactive=False, verbosity=0)
    stamp.write_text(fingerprint)


class GunicornLogger(Logger):
    """gunicorn's logger with the link tokens masked in its access and error log, as
    `settings.LOGGING` masks them in Django's."""

    def setup(self, cfg: Any) -> None:
        super().setup(cfg)
        for log in (self.access_log, self.error_log):
            if not any(isinstance(each, MaskTokens) for each in log.filters):
                log.addFilter(MaskTokens())


class Gunicorn(BaseApplication):
    """gunicorn run inside this command, serving the WSGI app of `kompas.wsgi`."""

    def __init__(self, chosen: dict[str, Any]) -> None:
        self.chosen = chosen
        super().__init__()

    def load_config(self) -> None:
        for name, value in self.chosen.items():
            self.cfg.set(name, value)

    def load(self) -> Any:
        from kompas.wsgi import application

        return application


def refusal(problems: list[str], hint: str) -> CommandError:
    listed = "".join(f"\n  - {problem}" for problem in problems)
    return CommandError(f"refusing to serve with these settings:{listed}\n{hint}")


class Command(BaseCommand):
    help = "Serve the web app with gunicorn, refusing settings unfit for production."
    requires_system_checks: list[str] = []  # the deployment checks run in handle()

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--bind",
            default=os.environ.get("KOMPAS_BIND", "127.0.0.1:8000"),
            help="address:port to listen on (default: KOMPAS_BIND or 127.0.0.1:8000)",
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=default_workers(),
            help="worker processes (default: one per core plus one, at most 16)",
        )
        parser.add_argument(
            "--threads", type=int, default=2, help="threads per worker (default: 2)"
        )
        parser.add_argument(
            "--migrate", action="store_true", help="apply the database migrations first"
        )
        parser.add_argument(
            "--insecure-demo",
            action="store_true",
            help="start even with settings unfit for production (a local try-out only)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["workers"] < 1 or options["threads"] < 1:
            raise CommandError("--workers and --threads must be at least 1")
        self.refuse_unfit_settings(options["insecure_demo"])
        collect_static_files()
        if options["migrate"]:
            self.migrate()
        workers = options["workers"]
        self.stdout.write(
            f"Serving on http://{options['bind']}/ with gunicorn: {workers} worker"
            f" process{'es' if workers > 1 else ''} x {options['threads']} threads."
        )
        get_resolver().url_patterns  # noqa: B018 - every worker inherits the loaded views
        connections.close_all()  # no connection may be shared with the forked workers
        gc.freeze()  # the loaded app stays out of the workers' garbage collection: shared pages
        Gunicorn(gunicorn_settings(options)).run()

    def refuse_unfit_settings(self, insecure_demo: bool) -> None:
        problems = settings_problems(dict(os.environ))
        if problems and not insecure_demo:
            raise refusal(problems, "(--insecure-demo starts anyway, for a local try-out only)")
        # Django's checks load every view; the deployment checks only count in production.
        messages = [
            message
            for message in checks.run_checks(include_deployment_checks=not problems)
            if not message.is_silenced()
        ]
        errors = [str(message) for message in messages if message.level >= checks.ERROR]
        if errors:  # a broken app, not only an insecure one: no --insecure-demo either
            raise refusal(errors, "(Django's system checks; `kompas check --deploy` shows them)")
        if problems:
            self.stderr.write(
                "WARNING: --insecure-demo: serving with settings unfit for production:\n"
                + "\n".join(f"  - {problem}" for problem in problems)
                + "\nNever let anyone else use this server."
            )
        for message in messages:  # the warnings: the operator decides
            self.stderr.write(f"warning: {message}")

    def migrate(self) -> None:
        # In its own process: `kompas migrate` has no statement timeout, `kompas serve` has.
        # Without the request timeouts even when the environment sets them for the server.
        unlimited = {"KOMPAS_DB_STATEMENT_TIMEOUT": "0", "KOMPAS_DB_LOCK_TIMEOUT": "0"}
        done = subprocess.run(
            [sys.executable, "-m", "kompas", "migrate", "--noinput"],
            env={**os.environ, **unlimited},
        )
        if done.returncode != 0:
            raise CommandError("the migrations failed; not serving")
