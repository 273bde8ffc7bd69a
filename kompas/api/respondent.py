"""The respondent's journey over JSON: start, read pages, save answers, submit, read scores.

The rules are the web flow's (`kompas.surveys.services`); this module only translates
between JSON and those rules.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.db import IntegrityError, transaction
from django.http import HttpRequest
from ninja import Path, Router, Status

from kompas.api.auth import Refused, ResumeToken, not_found, respondent_of
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
from kompas.psychometrics.instrument import Instrument
from kompas.surveys import services
from kompas.surveys.models import Response, Result
from kompas.surveys.presentation import Question, question_of
from kompas.throttling import limits
from kompas.throttling.clients import client_address

__all__ = ["router"]

router = Router(auth=ResumeToken(), tags=["respondent"])

ERRORS: dict[int, type[ErrorOut]] = {
    status: ErrorOut for status in (400, 401, 403, 404, 409, 413, 422, 429)
}
FINAL = "This questionnaire has been submitted; answers are final."
TOO_MANY_STARTS = "Too many questionnaires were started from this address just now; try again."
NO_CONSENT = "Give a consent choice for each purpose first: PUT /api/v1/response/consent."
DECLINED = (
    "You chose neither personal feedback nor research use, so no questions are asked. "
    "Change your consent to continue: PUT /api/v1/response/consent."
)


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
    if not response.takes_part:
        return "declined"
    return "ready_to_submit" if complete else "in_progress"


def _refuse_without_consent(response: Response) -> None:
    """The web flow's order: consent first, and no questions without a purpose for them."""
    if response.takes_part:
        return
    if _consent_out(response) is None:
        raise Refused(409, NO_CONSENT)
    raise Refused(403, DECLINED)


def _refuse_unless_answerable(response: Response) -> None:
    if services.may_answer(response):
        return
    if response.is_completed:
        raise Refused(409, FINAL)
    _refuse_without_consent(response)


def _open_cohort(payload: StartIn) -> tuple[Cohort | None, Invitation | None]:
    """The open cohort a start token leads to, with its unused invitation if it is one."""
    if payload.invitation_token is not None:
        invitation = Invitation.objects.unused(payload.invitation_token)
        return (invitation.cohort if invitation else None), invitation
    return Cohort.objects.by_link(payload.cohort_token or ""), None


@router.post("/responses", auth=None, response={201: StartedOut, **ERRORS})
def start(request: HttpRequest, payload: StartIn) -> Status[StartedOut]:
    """Start a response from a cohort's open link or a personal invitation, with the
    consent choices. Unknown, closed and used tokens all get the same 404."""
    cohort, invitation = _open_cohort(payload)
    if cohort is None:
        raise not_found(request)
    if invitation is None and not limits.allows(client_address(request), *limits.COHORT_STARTS):
        raise Refused(429, TOO_MANY_STARTS, retry_after=limits.COHORT_STARTS[0].window_seconds)
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
        language=response.language,
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
        # Ready as soon as the submit would be taken: every scale has enough answers.
        status=_status(
            response, consent, complete=not services.pages_to_answer(instrument, answers)
        ),
        language=response.language,
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


def _question_out(question: Question) -> QuestionOut:
    """A question as the pages show it (`question_of`), in JSON."""
    return QuestionOut(
        id=question.id,
        kind=question.kind,
        text=question.text,
        options=[OptionOut(value=option.value, label=option.label) for option in question.options],
        answer=question.value,
        condition=None
        if question.when is None
        else ConditionOut(question=question.when.question, values=sorted(question.when.values)),
        max_length=question.max_length,
    )


@router.get("/response/pages/{number}", response={200: PageOut, **ERRORS})
def page(
    request: HttpRequest,
    number: int = Path(..., example=1, description="1 is the first page"),
    language: Language | None = None,
) -> PageOut:
    """A page of the questions this respondent sees, with the stored answers. A question
    with a `condition` applies only when the condition's question has one of its values."""
    response = respondent_of(request)
    _refuse_without_consent(response)
    shown_in = language or response.language
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
            _question_out(question_of(instrument, q, shown_in, answers.get(q)))
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
    _refuse_unless_answerable(response)
    entries = [services.Entry(a.item, a.value, a.seq) for a in payload.answers]
    try:
        saved = services.save_answers(response, entries)
    except services.StaleAnswer as stale:
        detail = (
            f"Nothing was saved: {stale}, from another device or window. "
            f"Send the answers again with seq {stale.next_sequence} or higher to replace it."
        )
        problems = dict.fromkeys(stale.items, "a newer answer is stored")
        raise Refused(409, detail, problems) from None
    except services.AnswerRejected as rejected:
        code = 409 if rejected.final else 400
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
    feedback = services.chose_feedback(response)
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
    Submitting again returns the same result. A scale with fewer answers than it needs is a
    409 whose `problems` name each page to go back to (by number) and its scales; single
    questions may stay open."""
    response = respondent_of(request)
    if not response.is_completed:
        _refuse_without_consent(response)
    try:
        result = services.complete(response)
    except services.NotReady as not_ready:
        problems = {
            f"page {p.number}": f"{p.page.id}: answer more questions of {', '.join(p.scales)}"
            for p in not_ready.pages
        }
        raise Refused(409, f"Nothing was submitted: {not_ready}.", problems) from None
    return _result_out(response, result)


@router.get("/response/scores", response={200: ResultOut, **ERRORS})
def scores(request: HttpRequest) -> ResultOut:
    """The stored scores of a submitted response, for a respondent who chose feedback."""
    response = respondent_of(request)
    if not services.may_show_report(response):
        if not services.chose_feedback(response):
            raise Refused(403, "You chose no personal feedback, so no scores are shown.")
        raise Refused(409, "Not submitted yet: POST /api/v1/response/submit first.")
    return _result_out(response, Result.objects.get(response=response))
