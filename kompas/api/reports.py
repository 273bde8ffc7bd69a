"""The personal report over JSON: the same report model the page and the PDF render.

The shapes below mirror the dataclasses of `kompas.reports.report` one to one, except that
a profile's probabilities are objects instead of (label, name, probability) triples and a
change carries its difference.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Field, Router, Schema

from kompas.api.auth import Refused, ResumeToken, respondent_of
from kompas.api.schemas import ErrorOut, Language
from kompas.reports import services as reports
from kompas.reports.report import Report
from kompas.surveys import services

__all__ = ["ReportOut", "router"]

router = Router(auth=ResumeToken(), tags=["report"])

Band = Literal["high", "middle", "low", ""]


class ScaleLineOut(Schema):
    id: str
    name: str
    score: float | None = Field(description="the scale score (1-5); null when too few answers")
    z: float | None = Field(description="compared with the norm group: 0 is average")
    percentile: float | None = Field(description="share of the norm group scoring lower (0-100)")
    band: Band = Field(description='"high" from z = 1 up, "low" from z = -1 down')


class DiscOut(Schema):
    id: str = Field(description="interests, values, competencies, personality, goals, ...")
    name: str
    scales: list[ScaleLineOut]


class IdentityOut(Schema):
    status: str = Field(description="the identity status the scores are closest to")
    status_name: str
    persona: str
    persona_summary: str
    persona_story: str
    why: str = Field(description="why this status, in plain words")
    typical: str = Field(description="what is typical of this way of choosing")
    helps: str = Field(description="what tends to help")
    commitment_z: float | None
    exploration_z: float | None
    reconsideration_z: float | None
    distances: dict[str, float] = Field(description="distance to each status's centre (z units)")


class PhaseLineOut(Schema):
    id: str
    name: str
    status: str
    status_name: str
    exploration: float | None = Field(description="the answer (1-5): options weighed")
    commitment: float | None = Field(description="the answer (1-5): certainty of the choice")
    reconsideration: float | None = Field(description="the answer (1-5): doubt")
    technical: float | None = Field(description="the answer (1-5): technical activities")


class PrototypicalityOut(Schema):
    shape: float | None = Field(description="correlation with the reference profile (-1 to 1)")
    distinctive: float | None = Field(description="the same, after removing the average profile")
    distance: float | None = Field(description="distance to the reference profile (0: the same)")
    level: Band
    text: str
    explanation: str = Field(description="what prototypicality means: information, no verdict")
    reference_group: str


class ProfileProbabilityOut(Schema):
    label: str
    name: str
    probability: float = Field(ge=0, le=1)


class ProfileOut(Schema):
    label: str = Field(description="the most likely profile")
    name: str
    description: str
    probabilities: list[ProfileProbabilityOut] = Field(description="most likely first")


class ChangeOut(Schema):
    scale: str
    name: str
    before: float
    after: float
    difference: float = Field(description="after - before")


class ReportOut(Schema):
    language: Language
    respondent: str
    synthetic: bool = Field(description="true when compared with synthetic demonstration norms")
    notes: list[str] = Field(description="notes on the norms used, to show above the report")
    compass: list[DiscOut]
    identity: IdentityOut | None = Field(description="null when too few answers to place")
    trajectory: list[PhaseLineOut] = Field(description="the status in each life phase, in order")
    prototypicality: PrototypicalityOut | None
    profile: ProfileOut | None
    strengths: list[str]
    attention: list[str] = Field(description="points of attention")
    next_steps: list[str]
    reflection: list[str] = Field(description="questions to think about")
    changes: list[ChangeOut] | None = Field(
        description="scales that moved half a point or more since the previous wave, largest "
        "first; null without a previous wave"
    )
    missing: list[str] = Field(description="what could not be calculated, and why")


def report_out(report: Report) -> ReportOut:
    data: dict[str, Any] = asdict(report)
    if report.profile is not None:
        data["profile"]["probabilities"] = [
            {"label": label, "name": name, "probability": p}
            for label, name, p in report.profile.probabilities
        ]
    if report.changes is not None:
        data["changes"] = [{**asdict(c), "difference": c.difference} for c in report.changes]
    return ReportOut.model_validate(data)


@router.get(
    "/response/report",
    response={200: ReportOut, **{s: ErrorOut for s in (401, 403, 404, 409, 422, 429)}},
)
def report(request: HttpRequest, language: Language | None = None) -> ReportOut:
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
    return report_out(reports.report_of(response, language))
