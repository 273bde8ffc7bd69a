"""The personal report: the page, the PDF, sharing with a counsellor, and the counsellor's
read-only view of a shared report."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kompas.counselling.models import Counsellor
from kompas.reports import services
from kompas.reports.drawing.svg import Chart
from kompas.reports.forms import ShareForm
from kompas.reports.models import Share
from kompas.reports.report import Report
from kompas.reports.report_charts import draw_report_charts
from kompas.surveys import services as surveys
from kompas.surveys.models import Response
from kompas.surveys.views import respondent_view


def _not_ready(request: HttpRequest, response: Response, token: str) -> HttpResponse:
    """An incomplete response: say what is missing instead of failing."""
    instrument = surveys.instrument_of(response)
    answers = surveys.answers_of(response)
    return render(
        request,
        "reports/not_ready.html",
        {
            "token": token,
            "progress": surveys.progress_of(instrument, answers),
            "consented": bool(surveys.consents_of(response)),
        },
        status=409,
    )


def _charts(response: Response, report: Report) -> dict[str, Chart]:
    """The report's charts: drawn once per result and language and stored, then read back."""
    charts = services.cached_charts(response, report.language)
    if charts is None:
        charts = draw_report_charts(report, surveys.reference_of(response.instrument_id))
        services.store_charts(response, report.language, charts)
    return charts


@require_GET
@respondent_view
def report(request: HttpRequest, response: Response, token: str) -> HttpResponse:
    if not response.is_completed:
        return _not_ready(request, response, token)
    if not surveys.may_show_report(response):
        return render(request, "reports/no_feedback.html", {"token": token})
    report = services.report_of(response)
    context = {
        "report": report,
        "charts": _charts(response, report),
        "token": token,
        "counsellors": Counsellor.objects.filter(institution=response.cohort.institution).order_by(
            "name"
        ),
        "shares": Share.objects.active().filter(response=response).select_related("counsellor"),
        # An open cohort link has no invitation to find the way back by: the link is the only one.
        "open_link": response.invitation_id is None,
        "resume_url": request.build_absolute_uri(reverse("surveys:start", args=[token])),
    }
    return render(request, "reports/report.html", context)


@require_GET
@respondent_view
def report_pdf(request: HttpRequest, response: Response, token: str) -> HttpResponse:
    if not surveys.may_show_report(response):
        raise Http404
    pdf = services.cached_pdf(response, response.language)
    if pdf is None:
        report = services.report_of(response)
        base_url = request.build_absolute_uri("/")
        pdf = services.report_pdf(report, _charts(response, report), base_url)
        services.store_pdf(response, response.language, pdf)
    reply = HttpResponse(pdf, content_type="application/pdf")
    name = _("kompas-report.pdf")  # the response's language is active
    reply["Content-Disposition"] = f'attachment; filename="{name}"'
    return reply


@require_POST
@respondent_view
def share(request: HttpRequest, response: Response, token: str) -> HttpResponse:
    form = ShareForm(response.cohort.institution, request.POST)
    if not form.is_valid() or not response.is_completed:
        return redirect_with_error(token)
    services.share(response, form.cleaned_data["counsellor"])
    return redirect("reports:report", token=token)


def redirect_with_error(token: str) -> HttpResponse:
    reply = redirect("reports:report", token=token)
    reply["Location"] += "?share=incomplete#share"
    return reply


@require_POST
@respondent_view
def revoke(request: HttpRequest, response: Response, token: str, share_id: int) -> HttpResponse:
    found = Share.objects.filter(pk=share_id, response=response).first()
    if found is not None:
        services.revoke(found)
    return redirect("reports:report", token=token)


@require_http_methods(["GET"])
@login_required
def shared_report(request: HttpRequest, share_id: int) -> HttpResponse:
    """A counsellor reads a report shared with them; every read is logged. A revoked share,
    another counsellor's share and a share that does not exist all give the same 404."""
    user = request.user
    if not isinstance(user, User):
        raise Http404
    found = (
        Share.objects.active()
        .filter(pk=share_id, counsellor__user=user)
        .select_related("response", "counsellor")
        .first()
    )
    if found is None:
        raise Http404
    services.record_read(found, user)
    report = services.report_of(found.response)
    context = {"report": report, "charts": _charts(found.response, report), "share": found}
    return render(request, "reports/shared.html", context)
