"""Settings, read from environment variables only.

Every variable is optional for a local run: the defaults give an embedded SQLite database in
the `data/` folder beside the working directory. Production sets at least KOMPAS_SECRET_KEY,
KOMPAS_DEBUG=0, KOMPAS_ALLOWED_HOSTS and KOMPAS_DATABASE_URL.
"""

from __future__ import annotations

import os
import tempfile
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from whitenoise.compress import Compressor

BASE_DIR = Path(__file__).resolve().parent


def env_str(name: str, default: str) -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    if raw.lower() in {"1", "true", "yes", "on"}:
        return True
    if raw.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), got {raw!r}")


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [part.strip() for part in raw.split(",") if part.strip()]


#: The databases Kompas runs and is tested on; dj-database-url knows more, none of them tried.
DATABASE_ENGINES = {"django.db.backends.sqlite3", "django.db.backends.postgresql"}


def database_from_url(url: str) -> dict[str, Any]:
    """Django's form of `sqlite:///path` or `postgres://user:password@host:port/name`; options
    in the query string (`?sslmode=require`) are kept. PostgreSQL connections stay open 60 s."""
    try:
        database: dict[str, Any] = {**dj_database_url.parse(url)}
    except ValueError:  # an unknown scheme, or not a URL at all
        database = {}
    if database.get("ENGINE") not in DATABASE_ENGINES:
        scheme = urlsplit(url).scheme
        raise ImproperlyConfigured(  # without the URL itself, which may hold a password
            "KOMPAS_DATABASE_URL must be sqlite:///path or "
            "postgres://user:password@host:port/name, got "
            + (f"a {scheme}:// URL" if scheme else "no URL scheme")
        )
    return with_timeouts(database)


def with_timeouts(database: dict[str, Any]) -> dict[str, Any]:
    """A stalled database answers "busy" within seconds rather than holding every worker:
    each statement may run KOMPAS_DB_STATEMENT_TIMEOUT seconds (default 5) and wait
    KOMPAS_DB_LOCK_TIMEOUT seconds (default 3) for a lock; 0 is no limit. The pages then
    answer 503 with Retry-After (`kompas.lib.unavailable`). A stale persistent connection
    (a restarted database) is noticed before use. SQLite begins every transaction with the
    write lock, so that a transaction that reads and then writes never deadlocks another."""
    statement = env_seconds("KOMPAS_DB_STATEMENT_TIMEOUT", 5)
    lock = env_seconds("KOMPAS_DB_LOCK_TIMEOUT", 3)
    options = database.setdefault("OPTIONS", {})
    if database["ENGINE"] == "django.db.backends.postgresql":
        database["CONN_MAX_AGE"] = 60
        database["CONN_HEALTH_CHECKS"] = True
        limits = f"-c statement_timeout={int(statement * 1000)} -c lock_timeout={int(lock * 1000)}"
        options["options"] = f"{options.get('options', '')} {limits}".strip()
    else:
        options.setdefault("timeout", lock or 20)
        options.setdefault("transaction_mode", "IMMEDIATE")
        # The tests' database is a file too: an in-memory one shared with the live server's
        # threads reports "locked" at once instead of waiting for the lock.
        test_file = Path(tempfile.gettempdir()) / f"kompas-test-{os.getpid()}.sqlite3"
        database.setdefault("TEST", {"NAME": str(test_file)})
    return database


def env_seconds(name: str, default: float) -> float:
    raw = os.environ.get(name)
    if raw is None:
        return default
    try:
        seconds = float(raw)
    except ValueError:
        seconds = -1
    if not 0 <= seconds <= 3600:
        raise ImproperlyConfigured(
            f"{name} must be a number of seconds from 0 to 3600, got {raw!r}"
        )
    return seconds


def env_int(name: str, default: int, lowest: int, highest: int) -> int:
    raw = os.environ.get(name)
    if raw is None:
        return default
    try:
        number = int(raw)
    except ValueError:
        number = lowest - 1
    if not lowest <= number <= highest:
        raise ImproperlyConfigured(
            f"{name} must be a whole number from {lowest} to {highest}, got {raw!r}"
        )
    return number


def env_origins(name: str) -> list[str]:
    """Origins as Django's CSRF_TRUSTED_ORIGINS wants them: with the scheme."""
    origins = env_list(name, [])
    for origin in origins:
        if not origin.startswith(("http://", "https://")):
            raise ImproperlyConfigured(
                f"{name} must list origins with their scheme, as https://kompas.example.nl, "
                f"got {origin!r}"
            )
    return origins


DATA_DIR = Path(env_str("KOMPAS_DATA_DIR", str(Path.cwd() / "data")))
DEBUG = env_bool("KOMPAS_DEBUG", True)
SECRET_KEY = env_str("KOMPAS_SECRET_KEY", "insecure-development-key" if DEBUG else "")
if not SECRET_KEY:
    raise ImproperlyConfigured("KOMPAS_SECRET_KEY must be set when KOMPAS_DEBUG is off")
ALLOWED_HOSTS = env_list("KOMPAS_ALLOWED_HOSTS", ["localhost", "127.0.0.1"])
# The reverse proxies (IPs or CIDRs) whose X-Forwarded-For is believed: the client is the
# right-most address in it that is not one of them. Empty: the client is REMOTE_ADDR.
KOMPAS_TRUSTED_PROXIES = env_list("KOMPAS_TRUSTED_PROXIES", [])
# Behind a proxy that ends TLS, the request is secure when the proxy says so; the proxy must
# set (or remove) X-Forwarded-Proto itself, or any client could claim https.
# Only the trusted proxies' header counts (kompas.throttling.clients.ProxyHeadersMiddleware).
if env_bool("KOMPAS_BEHIND_TLS_PROXY", False):
    if not KOMPAS_TRUSTED_PROXIES:
        raise ImproperlyConfigured(
            "KOMPAS_BEHIND_TLS_PROXY needs KOMPAS_TRUSTED_PROXIES: the address of the proxy "
            "whose X-Forwarded-Proto and X-Forwarded-For are believed, such as 127.0.0.1"
        )
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
CSRF_TRUSTED_ORIGINS = env_origins("KOMPAS_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "axes",  # counsellor login lockout, counted in its database tables
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_tasks",
    "django_tasks_db",  # the task queue's table; `kompas db_worker` runs what it holds
    "kompas.cohorts",
    "kompas.surveys",
    "kompas.counselling",
    "kompas.reports",
    "kompas.cli",
    "kompas.throttling",
    "ninja",  # serves the bundled Swagger UI for /api/v1/docs
    "kompas.api",
]

MIDDLEWARE = [
    # Before the https redirect and the Host check: a load balancer's probe of /healthz/.
    "kompas.lib.health.HealthMiddleware",
    "kompas.throttling.clients.ProxyHeadersMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # After WhiteNoise, which answers for the static files itself: every other response,
    # redirects and error pages too, gets the policy and is never stored by a cache.
    "csp.middleware.CSPMiddleware",
    "kompas.lib.nocache.NoStoreMiddleware",
    # Outside everything that can refuse with a page (bad Host, 404, 405): JSON under /api/.
    "kompas.api.middleware.JsonRefusalsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "kompas.lib.strict_forms.StrictFormEncodingMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
    # Last, so that it sees the views' database errors first.
    "kompas.lib.unavailable.DatabaseUnavailableMiddleware",
]

ROOT_URLCONF = env_str("KOMPAS_ROOT_URLCONF", "kompas.urls")  # benchmarks add a view

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

if "KOMPAS_DATABASE_URL" in os.environ:
    DATABASES = {"default": database_from_url(os.environ["KOMPAS_DATABASE_URL"])}
else:
    # The embedded default: SQLite in the data folder, which a fresh checkout lacks.
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": with_timeouts(
            {"ENGINE": "django.db.backends.sqlite3", "NAME": DATA_DIR / "kompas.sqlite3"}
        )
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", "Nederlands"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG
# Only a browser's developer tools fetch the API documentation's source maps (5 MB);
# compressing them took 10 of collectstatic's 14 s of CPU, so `kompas serve` started slowly.
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = [*Compressor.SKIP_COMPRESS_EXTENSIONS, "map"]

# Requests stay small: a page of answers is a few kilobytes.
DATA_UPLOAD_MAX_MEMORY_SIZE = 64 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 400
CSRF_FAILURE_VIEW = "kompas.lib.errors.csrf_failure"
SECURE_REFERRER_POLICY = "same-origin"
# No inline script or style anywhere, so an injected <script> or style= does nothing: the
# pages' one script is static/kompas/autosave.js, the charts' SVG uses presentation attributes
# and ninja's Swagger UI reads its settings from a JSON block. Browser-checked in
# kompas/lib/tests/test_browser_csp.py.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# autosave.js reads the token from the form's hidden field, never from the cookie.
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE = env_bool("KOMPAS_SECURE_COOKIES", not DEBUG)
# In production every page is https only (the links are bearer secrets), and browsers are
# told so for a year: HSTS cannot be taken back before it runs out, so start with a short
# KOMPAS_HSTS_SECONDS on a new host name.
SECURE_SSL_REDIRECT = env_bool("KOMPAS_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = env_int("KOMPAS_HSTS_SECONDS", 0 if DEBUG else 31536000, 0, 63072000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("KOMPAS_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("KOMPAS_HSTS_PRELOAD", not DEBUG)

# A resume link in an e-mail is a bearer secret: in production it goes out by SMTP, never to
# the console (that is, the logs).
EMAIL_BACKEND = env_str(
    "KOMPAS_EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env_str("KOMPAS_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("KOMPAS_EMAIL_PORT", 587, 1, 65535)
EMAIL_HOST_USER = env_str("KOMPAS_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("KOMPAS_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("KOMPAS_EMAIL_USE_TLS", True)
EMAIL_TIMEOUT = 10  # seconds; a stalled mail server must not hold the task worker for ever
DEFAULT_FROM_EMAIL = env_str("KOMPAS_FROM_EMAIL", "kompas@localhost")

# Slow or external work (e-mail) runs in the background, queued in the database.
TASKS = {"default": {"BACKEND": env_str("KOMPAS_TASKS_BACKEND", "django_tasks_db.DatabaseBackend")}}

LOGIN_URL = "/accounts/login/"
# Counsellor logins: after 10 wrong passwords for one account, or from one client (through
# the trusted proxies), that account or client is locked out for 15 minutes. The counts are
# rows in the database, shared by every process.
AUTHENTICATION_BACKENDS = [
    "kompas.throttling.backends.LoginLockout",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = 10
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_CLIENT_IP_CALLABLE = "kompas.throttling.clients.axes_client_ip"
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
LOGIN_REDIRECT_URL = "shared_reports"  # a counsellor lands on the reports shared with them
LOGOUT_REDIRECT_URL = LOGIN_URL  # a counsellor who signs out sees where to sign in again

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # Django logs the path of every 4xx and 5xx, and runserver every request line; a link
    # token in it is a bearer secret. Every handler masks them (kompas.lib.logfilters).
    "filters": {"without_tokens": {"()": "kompas.lib.logfilters.MaskTokens"}},
    "formatters": {
        "django.server": {  # as Django's own
            "()": "django.utils.log.ServerFormatter",
            "format": "[{server_time}] {message}",
            "style": "{",
        }
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["without_tokens"]},
        "django.server": {
            "class": "logging.StreamHandler",
            "formatter": "django.server",
            "filters": ["without_tokens"],
        },
    },
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        # Django's own configuration gives these two handlers without the filter: "django"
        # logs through the root's console instead, "django.server" through its own.
        "django": {"handlers": [], "level": "INFO"},
        "django.server": {"handlers": ["django.server"], "level": "INFO", "propagate": False},
        # WeasyPrint warns about every SVG presentation attribute it maps itself.
        "weasyprint": {"level": "ERROR"},
        "fontTools": {"level": "ERROR"},
    },
}
