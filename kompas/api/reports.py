"""The personal report over JSON: the same report model the page and the PDF render.

The response is the dataclasses of `kompas.reports.report` themselves: pydantic derives the
schema from their fields (descriptions from each field's ``metadata``), so the API cannot
drift from the report.
"""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router

from kompas.api.auth import Refused, ResumeToken, respondent_of
from kompas.api.schemas import ErrorOut, Language
from kompas.reports import services as reports
from kompas.reports.report import Report
from kompas.surveys import services

__all__ = ["router"]

router = Router(auth=ResumeToken(), tags=["report"])


@router.get(
    "/response/report",
    response={200: Report, **{s: ErrorOut for s in (401, 403, 404, 409, 422, 429)}},
)
def report(request: HttpRequest, language: Language | None = None) -> Report:
    """The personal report of a submitted response, in the response's language unless
    `language` asks for the other: the compass, the way of choosing, the life-phase path,
    prototypicality, the profile, strengths, next steps and notes. Only for a respondent who
    chose personal feedback."""
    response = respondent_of(request)
    if not services.may_show_report(response):
        if not services.chose_feedback(response):
            raise Refused(403, "You chose no personal feedback, so there is no report.")
        instrument = services.instrument_of(response)
        progress = services.progress_of(instrument, services.answers_of(response))
        raise Refused(
            409,
            "The report is made when you submit the questionnaire. You answered "
            f"{progress.answered} of {progress.total} questions so far; answer the rest and "
            "POST /api/v1/response/submit.",
        )
    return reports.report_of(response, language)
