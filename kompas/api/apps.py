from __future__ import annotations

from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "kompas.api"
    verbose_name = "API"
