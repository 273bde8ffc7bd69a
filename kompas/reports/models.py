"""The reports respondents share with counsellors, reads of shared reports, and the cached
charts and PDFs of reports."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone

from kompas.counselling.models import Counsellor
from kompas.surveys.models import Response


class ShareQuerySet(models.QuerySet["Share"]):
    def active(self) -> ShareQuerySet:
        return self.filter(revoked_at__isnull=True)


class Share(models.Model):
    """A respondent's report shared with one counsellor, until the respondent revokes it."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="shares")
    counsellor = models.ForeignKey(Counsellor, on_delete=models.CASCADE, related_name="shares")
    shared_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = ShareQuerySet.as_manager()


class ReportRead(models.Model):
    """Append-only audit log: someone other than the respondent read an individual report."""

    share = models.ForeignKey(Share, on_delete=models.PROTECT, related_name="reads")
    reader = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    read_at = models.DateTimeField(default=timezone.now)
    what = models.CharField(max_length=20, default="report")


class RenderingQuerySet(models.QuerySet[Any]):
    def current(self, response: Response, language: str) -> Any:
        """The rendering of `response` in `language` made from its current result, or None."""
        return self.filter(
            response=response, language=language, result_computed_at=response.result.computed_at
        ).first()


class Rendering(models.Model):
    """Something made from a response's result in one language, kept in the database so every
    process serves it; valid while the result it was made from is unchanged."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="+")
    language = models.CharField(max_length=2)
    result_computed_at = models.DateTimeField()
    rendered_at = models.DateTimeField(default=timezone.now)

    objects = RenderingQuerySet.as_manager()

    class Meta:
        abstract = True


class ReportCharts(Rendering):
    """A report's drawn charts: {name: {"svg": ..., "alt": ...}} (`report_charts`)."""

    charts = models.JSONField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["response", "language"], name="one_set_of_charts_per_language"
            ),
        ]


class ReportPdf(Rendering):
    """A rendered PDF of a report."""

    pdf = models.BinaryField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["response", "language"], name="one_pdf_per_language"),
        ]
