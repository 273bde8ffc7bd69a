from __future__ import annotations

from django.apps import AppConfig


class ThrottlingConfig(AppConfig):
    name = "kompas.throttling"
    default_auto_field = "django.db.models.BigAutoField"
