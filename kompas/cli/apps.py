from __future__ import annotations

from django.apps import AppConfig


class CliConfig(AppConfig):
    """The command line: management commands that belong to no single app."""

    name = "kompas.cli"
    verbose_name = "Command line"
