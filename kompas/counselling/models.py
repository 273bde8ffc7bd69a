"""Counsellors (study-career counsellors, mentors, HR coaches) of an institution."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from kompas.cohorts.models import Institution


class Counsellor(models.Model):
    """A study-career counsellor, mentor or HR coach of one institution."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    institution = models.ForeignKey(
        Institution, on_delete=models.CASCADE, related_name="counsellors"
    )
    name = models.CharField(max_length=200)

    def __str__(self) -> str:
        return self.name
