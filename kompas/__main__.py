"""The `kompas` command: Django's management commands with the project's settings."""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kompas.settings")
    arguments = argv if argv is not None else sys.argv[1:]
    if arguments[:1] not in (["serve"], ["runserver"]):
        # Only requests must answer within seconds; a migration or an import may take long.
        os.environ.setdefault("KOMPAS_DB_STATEMENT_TIMEOUT", "0")
        os.environ.setdefault("KOMPAS_DB_LOCK_TIMEOUT", "0")
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    try:
        settings.INSTALLED_APPS  # noqa: B018 - reads the settings, which check the environment
    except ImproperlyConfigured as error:  # a message naming the variable, not a traceback
        sys.exit(f"kompas: {error}")
    execute_from_command_line(["kompas", *arguments])


if __name__ == "__main__":
    main()
