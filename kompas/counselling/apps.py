from __future__ import annotations

from django.apps import AppConfig


class CounsellingConfig(AppConfig):
    """Counsellors: the staff a respondent may share a report with."""

    name = "kompas.counselling"
    verbose_name = "Counselling"
