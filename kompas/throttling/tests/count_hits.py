"""Run by the multi-process test: count `hits` token failures from one client in this process,
against the database in KOMPAS_DATABASE_URL, and print how many were allowed."""

from __future__ import annotations

import os
import sys

import django


def main(hits: int) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kompas.settings")
    django.setup()
    from kompas.throttling import limits

    allowed = sum(limits.allows("198.51.100.7", limits.TOKEN_FAILURES) for _ in range(hits))
    print(allowed)


if __name__ == "__main__":
    main(int(sys.argv[1]))
