"""Reports of completed responses: the model, the PDF (cached) and sharing."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.contrib.staticfiles import finders
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from kompas.counselling.models import Counsellor
from kompas.reports.figures import report_figures
from kompas.reports.models import ReportPdf, ReportRead, Share
from kompas.reports.report import Report, build_report
from kompas.surveys import services as surveys
from kompas.surveys.models import ConsentRecord, Response

__all__ = [
    "SHARING_CONSENT_VERSION",
    "pdf_of",
    "previous_response",
    "record_read",
    "render_pdf",
    "report_context",
    "report_of",
    "revoke",
    "share",
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
    )


def report_context(response: Response, language: str | None = None) -> dict[str, object]:
    """What the report templates need: the model and its charts."""
    report = report_of(response, language)
    return {
        "report": report,
        "figures": report_figures(report, surveys.reference_of(response.instrument_id)),
        "completed_at": response.completed_at,
    }


def pdf_of(response: Response, language: str, base_url: str) -> bytes:
    """The report as PDF, rendered once per language until the scores change."""
    result = response.result
    cached = ReportPdf.objects.filter(response=response, language=language).first()
    if cached is not None and cached.result_computed_at == result.computed_at:
        return bytes(cached.pdf)
    with translation.override(language):
        html = render_to_string("reports/pdf.html", report_context(response, language))
    pdf = render_pdf(html, base_url)
    ReportPdf.objects.update_or_create(
        response=response,
        language=language,
        defaults={
            "pdf": pdf,
            "result_computed_at": result.computed_at,
            "rendered_at": timezone.now(),
        },
    )
    return bytes(pdf)


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
