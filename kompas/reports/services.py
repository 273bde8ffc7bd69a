"""Reports of completed responses: the model, its charts and PDF (rendered by pure functions,
stored in the database by the `store_` functions, read back by the `cached_` ones) and
sharing."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict

from django.contrib.auth.models import User
from django.contrib.staticfiles import finders
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from kompas.counselling.models import Counsellor
from kompas.reports.drawing.svg import Chart
from kompas.reports.models import Rendering, ReportCharts, ReportPdf, ReportRead, Share
from kompas.reports.report import Report, build_report
from kompas.surveys import services as surveys
from kompas.surveys.models import ConsentRecord, Response

__all__ = [
    "SHARING_CONSENT_VERSION",
    "cached_charts",
    "cached_pdf",
    "previous_response",
    "record_read",
    "render_pdf",
    "report_of",
    "report_pdf",
    "revoke",
    "share",
    "store_charts",
    "store_pdf",
]

SHARING_CONSENT_VERSION = "2026-11"
PRINT_CSS = "kompas/report-print.css"


def previous_response(response: Response) -> Response | None:
    """The same person's latest earlier completed response in their institution, when both
    responses consented to linking waves. Waves are linked through the personal invitation's
    e-mail address, which stays on the invitations, apart from the answers."""
    invitation = response.invitation
    if invitation is None or not invitation.email:
        return None
    if not surveys.consents_of(response).get("linking"):
        return None
    earlier = (
        Response.objects.filter(
            invitation__email__iexact=invitation.email,
            cohort__institution_id=response.cohort.institution_id,
            completed_at__lt=response.completed_at or timezone.now(),
        )
        .exclude(pk=response.pk)
        .order_by("-completed_at")
    )
    for candidate in earlier:
        if surveys.consents_of(candidate).get("linking") and hasattr(candidate, "result"):
            return candidate
    return None


def report_of(response: Response, language: str | None = None) -> Report:
    """The report of a completed response, in its language unless another is asked for."""
    if not response.is_completed:
        raise ValueError("the questionnaire has not been submitted yet")
    result = response.result
    previous = previous_response(response)
    return build_report(
        {**result.data, "respondent": response.respondent_key},
        surveys.instrument_of(response),
        surveys.reference_of(response.instrument_id),
        language or response.language,
        answers=surveys.answers_of(response),
        previous=previous.result.data if previous is not None else None,
        completed=timezone.localdate(response.completed_at) if response.completed_at else None,
    )


def cached_charts(response: Response, language: str) -> dict[str, Chart] | None:
    """The report's charts as stored for its current result in `language`, or None."""
    stored = ReportCharts.objects.current(response, language)
    if stored is None:
        return None
    return {name: Chart(**chart) for name, chart in stored.charts.items()}


def store_charts(response: Response, language: str, charts: Mapping[str, Chart]) -> None:
    """Keep the report's charts in `language` until its result changes."""
    _store(ReportCharts, response, language, charts={k: asdict(c) for k, c in charts.items()})


def cached_pdf(response: Response, language: str) -> bytes | None:
    """The report's PDF as stored for its current result in `language`, or None."""
    stored = ReportPdf.objects.current(response, language)
    return None if stored is None else bytes(stored.pdf)


def store_pdf(response: Response, language: str, pdf: bytes) -> None:
    """Keep the report's PDF in `language` until its result changes."""
    _store(ReportPdf, response, language, pdf=pdf)


def _store(model: type[Rendering], response: Response, language: str, **made: object) -> None:
    model.objects.update_or_create(
        response=response,
        language=language,
        defaults={
            **made,
            "result_computed_at": response.result.computed_at,
            "rendered_at": timezone.now(),
        },
    )


def report_pdf(report: Report, charts: Mapping[str, Chart], base_url: str = "/") -> bytes:
    """The report as PDF, in its language, with its drawn charts (nothing is stored)."""
    with translation.override(report.language):
        html = render_to_string("reports/pdf.html", {"report": report, "charts": charts})
    return render_pdf(html, base_url)


def render_pdf(html: str, base_url: str = "/") -> bytes:
    """The report page's HTML as PDF, with the print style sheet."""
    from weasyprint import CSS, HTML  # imported late: it loads fonts and Pango on import

    # The print style is read from disk: fetching it over HTTP from our own server fails in
    # tests and can deadlock a server with one worker.
    stylesheet = CSS(filename=finders.find(PRINT_CSS))
    pdf: bytes = HTML(string=html, base_url=base_url).write_pdf(stylesheets=[stylesheet])
    return pdf


def share(response: Response, counsellor: Counsellor) -> Share:
    """Share the report with a counsellor of the respondent's institution; the respondent's
    consent to sharing is recorded with it."""
    if counsellor.institution_id != response.cohort.institution_id:
        raise ValueError("a report can only be shared within the respondent's institution")
    if not response.is_completed:
        raise ValueError("the questionnaire has not been submitted yet")
    with transaction.atomic():
        ConsentRecord.objects.create(
            response=response,
            purpose="sharing",
            granted=True,
            text_version=SHARING_CONSENT_VERSION,
        )
        existing = Share.objects.active().filter(response=response, counsellor=counsellor)
        return existing.first() or Share.objects.create(response=response, counsellor=counsellor)


def revoke(share_: Share) -> None:
    if share_.revoked_at is None:
        share_.revoked_at = timezone.now()
        share_.save(update_fields=["revoked_at"])


def record_read(share_: Share, reader: User, what: str = "report") -> None:
    ReportRead.objects.create(share=share_, reader=reader, what=what)
