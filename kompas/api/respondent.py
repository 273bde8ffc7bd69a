"""The respondent's journey over JSON: start, read pages, save answers, submit, read scores.

The rules are the web flow's (`kompas.surveys.services`); this module only translates
between JSON and those rules.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.db import IntegrityError, transaction
from django.http import HttpRequest
from ninja import Router, Status

from kompas.api.auth import Refused, ResumeToken, not_found, refuse_if_limited, respondent_of
from kompas.api.schemas import (
    AnswersIn,
    ConditionOut,
    Consent,
    ErrorOut,
    Language,
    OptionOut,
    PageOut,
    ProgressOut,
    QuestionOut,
    ResultOut,
    SavedOut,
    Stage,
    StartedOut,
    StartIn,
    StatusOut,
)
from kompas.cohorts.models import Cohort, Invitation
from kompas.lib.tokens import hash_token
from kompas.psychometrics.instrument import Condition, Instrument
from kompas.surveys import services
from kompas.surveys.models import Response, Result

__all__ = ["router"]

router = Router(auth=ResumeToken(), tags=["respondent"])

ERRORS: dict[int, type[ErrorOut]] = {
    status: ErrorOut for status in (400, 401, 403, 404, 409, 413, 422, 429)
}
FINAL = "This questionnaire has been submitted; answers are final."
NO_CONSENT = "Give a consent choice for each purpose first: PUT /api/v1/response/consent."
DECLINED = (
    "You chose neither personal feedback nor research use, so no questions are asked. "
    "Change your consent to continue: PUT /api/v1/response/consent."
)


def _language(response: Response) -> Language:
    return "en" if response.language == "en" else "nl"


def _progress(instrument: Instrument, answers: Mapping[str, object]) -> ProgressOut:
    progress = services.progress_of(instrument, answers)
    return ProgressOut(answered=progress.answered, total=progress.total, percent=progress.percent)


def _consent_out(response: Response) -> Consent | None:
    current = services.consents_of(response)
    return Consent(**current) if set(current) == set(Consent.model_fields) else None


def _status(response: Response, consent: Consent | None, complete: bool) -> Stage:
    if response.is_completed:
        return "submitted"
    if consent is None:
        return "consent_needed"
    if not (consent.feedback or consent.research):
        return "declined"
    return "ready_to_submit" if complete else "in_progress"


def _refuse_unless_answering(response: Response) -> None:
    """The web flow's order: consent first, and no questions without a purpose for them."""
    consent = _consent_out(response)
    if consent is None:
        raise Refused(409, NO_CONSENT)
    if not (consent.feedback or consent.research):
        raise Refused(403, DECLINED)


def _open_cohort(payload: StartIn) -> tuple[Cohort | None, Invitation | None]:
    """The open cohort a start token leads to, with its unused invitation if it is one."""
    invitation = None
    if payload.invitation_token is not None:
        invitation = (
            Invitation.objects.select_related("cohort")
            .filter(token_hash=hash_token(payload.invitation_token), response__isnull=True)
            .first()
        )
        cohort = invitation.cohort if invitation else None
    else:
        cohort = Cohort.objects.filter(
            link_token_hash=hash_token(payload.cohort_token or "")
        ).first()
    if cohort is None or not cohort.is_open():
        return None, None
    return cohort, invitation


@router.post("/responses", auth=None, response={201: StartedOut, **ERRORS})
def start(request: HttpRequest, payload: StartIn) -> Status[StartedOut]:
    """Start a response from a cohort's open link or a personal invitation, with the
    consent choices. Unknown, closed and used tokens all get the same 404."""
    refuse_if_limited(request)
    cohort, invitation = _open_cohort(payload)
    if cohort is None:
        raise not_found(request)
    language = payload.language or cohort.default_language
    try:
        with transaction.atomic():
            response, token = services.start_response(cohort, language, invitation=invitation)
            services.record_consent(response, payload.consent.model_dump())
    except IntegrityError:  # a simultaneous request started this invitation first
        raise not_found(request) from None
    instrument = services.instrument_of(response)
    started = StartedOut(
        token=token or payload.invitation_token or "",
        respondent=response.respondent_key,
        language=_language(response),
        status=_status(response, payload.consent, complete=False),
        pages=len(services.visible_pages(instrument, {})),
        progress=_progress(instrument, {}),
        consent=payload.consent,
    )
    return Status(201, started)


@router.get("/response", response={200: StatusOut, **ERRORS})
def status(request: HttpRequest) -> StatusOut:
    """Where the respondent stands: progress, the page to continue at, completion."""
    response = respondent_of(request)
    instrument = services.instrument_of(response)
    answers = services.answers_of(response)
    open_page = services.first_open_page(instrument, answers)
    consent = _consent_out(response)
    return StatusOut(
        respondent=response.respondent_key,
        status=_status(response, consent, complete=open_page is None),
        language=_language(response),
        pages=len(services.visible_pages(instrument, answers)),
        current_page=None if open_page is None else open_page + 1,
        progress=_progress(instrument, answers),
        completed=response.is_completed,
        completed_at=response.completed_at,
        consent=consent,
    )


@router.put("/response/consent", response={200: StatusOut, **ERRORS})
def change_consent(request: HttpRequest, payload: Consent) -> StatusOut:
    """Give or change the choice per purpose (each change is kept as a new record)."""
    response = respondent_of(request)
    if response.is_completed:
        raise Refused(409, "This questionnaire has been submitted; its consent is final here.")
    services.record_consent(response, payload.model_dump())
    return status(request)


def _condition(condition: Condition | None) -> ConditionOut | None:
    if condition is None:
        return None
    return ConditionOut(question=condition.question, values=sorted(condition.values))


def _options(labels: Mapping[int, Mapping[str, str]], language: str) -> list[OptionOut]:
    return [OptionOut(value=code, label=label[language]) for code, label in sorted(labels.items())]


def _question(instrument: Instrument, question: str, language: str, answer: object) -> QuestionOut:
    """One question as a client shows it: kind, text, options and the stored answer."""
    code = answer if isinstance(answer, int) else None
    if question in instrument.background:
        spec = instrument.background[question]
        return QuestionOut(
            id=question,
            kind="choice",
            text=spec.text[language],
            options=_options(spec.values, language),
            answer=code,
            condition=_condition(spec.when),
            max_length=None,
        )
    item = instrument.items[question]
    if item.response_scale is None:
        return QuestionOut(
            id=question,
            kind="text",
            text=item.text[language],
            options=[],
            answer=answer if isinstance(answer, str) and answer else None,
            condition=_condition(item.when),
            max_length=item.max_length,
        )
    return QuestionOut(
        id=question,
        kind="likert",
        text=item.text[language],
        options=_options(item.response_scale.labels, language),
        answer=code,
        condition=_condition(item.when),
        max_length=None,
    )


@router.get("/response/pages/{number}", response={200: PageOut, **ERRORS})
def page(request: HttpRequest, number: int, language: Language | None = None) -> PageOut:
    """A page of the questions this respondent sees, with the stored answers. A question
    with a `condition` applies only when the condition's question has one of its values."""
    response = respondent_of(request)
    _refuse_unless_answering(response)
    shown_in = language or _language(response)
    instrument = services.instrument_of(response)
    answers = services.answers_of(response)
    pages = services.visible_pages(instrument, answers)
    if not 1 <= number <= len(pages):
        raise Refused(404, f"There is no page {number}; this questionnaire has {len(pages)}.")
    shown = pages[number - 1]
    return PageOut(
        number=number,
        pages=len(pages),
        id=shown.id,
        title=shown.title[shown_in],
        intro=shown.intro.get(shown_in, ""),
        language=shown_in,
        questions=[
            _question(instrument, q, shown_in, answers.get(q))
            for q in services.visible_questions(instrument, shown, answers)
        ],
        next_sequence=services.next_sequence(response),
        progress=_progress(instrument, answers),
    )


@router.put("/response/answers", response={200: SavedOut, **ERRORS})
def save(request: HttpRequest, payload: AnswersIn) -> SavedOut:
    """Save answers, all or none. Per question the highest `seq` wins, so a repeated or
    late request never overwrites a newer answer; `value: null` clears an answer."""
    response = respondent_of(request)
    if response.is_completed:
        raise Refused(409, FINAL)
    _refuse_unless_answering(response)
    entries = [services.Entry(a.item, a.value, a.seq) for a in payload.answers]
    try:
        saved = services.save_answers(response, entries)
    except services.AnswerRejected as rejected:
        code = 409 if response.is_completed else 400
        detail = f"Nothing was saved: {rejected}"
        raise Refused(code, detail, rejected.problems) from None
    instrument = services.instrument_of(response)
    answers = services.answers_of(response)
    return SavedOut(
        saved=saved,
        pages=len(services.visible_pages(instrument, answers)),
        progress=_progress(instrument, answers),
        next_sequence=services.next_sequence(response),
    )


def _result_out(response: Response, result: Result) -> ResultOut:
    feedback = services.consents_of(response).get("feedback", False)
    return ResultOut(
        respondent=response.respondent_key,
        completed_at=response.completed_at or result.computed_at,
        feedback=feedback,
        scores=result.data if feedback else None,
        reference=result.reference,
        synthetic=result.synthetic_reference,
    )


@router.post("/response/submit", response={200: ResultOut, **ERRORS})
def submit(request: HttpRequest) -> ResultOut:
    """The final submit: answers become read-only and the scores are computed and stored.
    Submitting again returns the same result."""
    response = respondent_of(request)
    if not response.is_completed:
        _refuse_unless_answering(response)
    return _result_out(response, services.complete(response))


@router.get("/response/scores", response={200: ResultOut, **ERRORS})
def scores(request: HttpRequest) -> ResultOut:
    """The stored scores of a submitted response, for a respondent who chose feedback."""
    response = respondent_of(request)
    if not services.consents_of(response).get("feedback", False):
        raise Refused(403, "You chose no personal feedback, so no scores are shown.")
    result = Result.objects.filter(response=response).first()
    if result is None:
        raise Refused(409, "Not submitted yet: POST /api/v1/response/submit first.")
    return _result_out(response, result)
