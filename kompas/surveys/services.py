"""The respondent journey's rules, shared by the web pages and the API.

Saving happens here and only here: `start_response`, `record_consent`, `save_answers`
and `complete`. Everything else reads.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any

import numpy as np
import pandas as pd
from django.db import connection, transaction
from django.utils import timezone

from kompas.cohorts.models import Cohort, Invitation
from kompas.lib.tokens import hash_token, new_token
from kompas.psychometrics.assessment import assess
from kompas.psychometrics.instrument import Condition, Instrument, Page, get_instrument
from kompas.psychometrics.reference import REFERENCE_DIR, Reference, load_reference
from kompas.surveys.models import ConsentRecord, Response, Result

__all__ = [
    "CONSENT_VERSION",
    "AnswerRejected",
    "Entry",
    "Progress",
    "answers_of",
    "complete",
    "consents_of",
    "find_response",
    "first_open_page",
    "instrument_of",
    "next_sequence",
    "progress_of",
    "record_consent",
    "reference_of",
    "save_answers",
    "start_response",
    "takes_part",
    "visible_pages",
    "visible_questions",
]

#: The version of the consent texts shown; stored with every consent record.
CONSENT_VERSION = "2026-11"

MAX_ENTRIES_PER_SAVE = 200


class AnswerRejected(ValueError):
    """Answers that cannot be stored; `problems` maps a question id (or "") to a reason."""

    def __init__(self, problems: Mapping[str, str]) -> None:
        self.problems = dict(problems)
        super().__init__("; ".join(f"{k}: {v}" if k else v for k, v in self.problems.items()))


@dataclass(frozen=True)
class Entry:
    """One answer as sent by a client: a code for numeric questions, text for open ones."""

    item: str
    value: int | str | None
    sequence: int


@dataclass(frozen=True)
class Progress:
    answered: int
    total: int

    @property
    def percent(self) -> int:
        return 100 if self.total == 0 else round(100 * self.answered / self.total)


def instrument_of(response: Response) -> Instrument:
    instrument = get_instrument(response.instrument_id)
    if instrument.version != response.instrument_version:
        raise ValueError(
            f"response {response.respondent_key} was given under {response.instrument_id} "
            f"{response.instrument_version}, which is not installed"
        )
    return instrument


_FIND_RESPONSE = f"SELECT * FROM {Response._meta.db_table} WHERE resume_token_hash = %s"


def find_response(token: str) -> Response | None:
    """The response a token opens. Plain SQL: this runs on every save, and the ORM's query
    building cost more than the query itself."""
    found = list(Response.objects.raw(_FIND_RESPONSE, [hash_token(token)]))
    return found[0] if found else None


def start_response(
    cohort: Cohort, language: str, *, invitation: Invitation | None = None
) -> tuple[Response, str]:
    """Begin a response; returns it with its resume token (shown to the respondent, only its
    hash is stored). A personal invitation's token becomes the resume token."""
    if language not in ("nl", "en"):
        raise ValueError(f"unknown language {language!r}")
    instrument = get_instrument(cohort.instrument_id)
    if invitation is not None:
        token_hash = invitation.token_hash
        token = ""
    else:
        token = new_token()
        token_hash = hash_token(token)
    response = Response.objects.create(
        cohort=cohort,
        instrument_id=instrument.id,
        instrument_version=instrument.version,
        resume_token_hash=token_hash,
        language=language,
        invitation=invitation,
    )
    return response, token


def record_consent(response: Response, choices: Mapping[str, bool]) -> None:
    """Store the respondent's choice for every purpose (append-only records)."""
    # Sharing with a counsellor is asked for later, on the report, when it is wanted.
    purposes = set(ConsentRecord.Purpose.values) - {ConsentRecord.Purpose.SHARING}
    if set(choices) != purposes:
        raise ValueError(f"consent needs a choice for each of {', '.join(sorted(purposes))}")
    ConsentRecord.objects.bulk_create(
        ConsentRecord(
            response=response, purpose=purpose, granted=granted, text_version=CONSENT_VERSION
        )
        for purpose, granted in choices.items()
    )
    response.takes_part = takes_part(choices)
    response.save(update_fields=["takes_part"])


def consents_of(response: Response) -> dict[str, bool]:
    """The current choice per purpose (the latest record); empty before consent was given."""
    current: dict[str, bool] = {}
    for record in response.consents.all():
        current[record.purpose] = record.granted
    return current


def takes_part(consents: Mapping[str, bool]) -> bool:
    """Whether the questions may be asked: consent was given for feedback or research."""
    return consents.get("feedback", False) or consents.get("research", False)


def answers_of(response: Response) -> dict[str, int | str]:
    """The stored answers: codes for numeric questions, text for open questions. A cleared
    answer (stored as an empty row, to keep its sequence number) is not an answer."""
    return {
        item: value if value is not None else text
        for item, value, text in response.answers.values_list("item", "value", "text")
        if value is not None or text
    }


def _applies(condition: Condition | None, answers: Mapping[str, object]) -> bool | None:
    """True or False when the condition can be judged; None while its question is open."""
    if condition is None:
        return True
    if condition.question not in answers:
        return None
    return condition.holds(answers)


def _condition_of(instrument: Instrument, question: str) -> Condition | None:
    if question in instrument.background:
        return instrument.background[question].when
    return instrument.items[question].when


def visible_pages(instrument: Instrument, answers: Mapping[str, object]) -> list[Page]:
    """The pages this respondent sees: a conditional page only once its condition holds."""
    return [page for page in instrument.pages if _applies(page.when, answers)]


def visible_questions(
    instrument: Instrument, page: Page, answers: Mapping[str, object]
) -> list[str]:
    """The page's questions, without those whose condition is known not to hold."""
    return [
        q for q in page.questions if _applies(_condition_of(instrument, q), answers) is not False
    ]


def _required(instrument: Instrument, answers: Mapping[str, object]) -> list[str]:
    """The numeric questions that apply to this respondent, in page order."""
    return [
        q
        for page in visible_pages(instrument, answers)
        for q in page.questions
        if _applies(_condition_of(instrument, q), answers)
        and (q in instrument.background or instrument.items[q].is_numeric)
    ]


def progress_of(instrument: Instrument, answers: Mapping[str, object]) -> Progress:
    required = _required(instrument, answers)
    return Progress(sum(q in answers for q in required), len(required))


def first_open_page(instrument: Instrument, answers: Mapping[str, object]) -> int | None:
    """Index (in the visible pages) of the first page with an unanswered question; None when
    every question that applies is answered."""
    for index, page in enumerate(visible_pages(instrument, answers)):
        for question in visible_questions(instrument, page, answers):
            numeric = question in instrument.background or instrument.items[question].is_numeric
            if numeric and question not in answers:
                return index
    return None


def _checked(instrument: Instrument, entries: Iterable[Entry]) -> list[Entry]:
    problems: dict[str, str] = {}
    checked: list[Entry] = []
    for entry in entries:
        known = entry.item in instrument.background or entry.item in instrument.items
        if not known:
            problems[entry.item] = f"is not a question of {instrument.id} {instrument.version}"
        elif entry.sequence < 0 or entry.sequence >= 2**62:
            problems[entry.item] = "has an invalid sequence number"
        elif entry.item in instrument.items and instrument.items[entry.item].type == "text":
            text = entry.value if isinstance(entry.value, str) else ""
            limit = instrument.items[entry.item].max_length
            if entry.value is not None and not isinstance(entry.value, str):
                problems[entry.item] = "must be text"
            elif len(text) > limit:
                problems[entry.item] = f"is longer than {limit} characters"
            else:
                checked.append(Entry(entry.item, text.strip() or None, entry.sequence))
        elif entry.value is not None and (
            isinstance(entry.value, bool)
            or not isinstance(entry.value, int)
            or entry.value not in instrument.valid_values(entry.item)
        ):
            low, high = instrument.value_range(entry.item)
            problems[entry.item] = f"must be a whole number from {low} to {high}"
        else:
            checked.append(entry)
    if len(checked) + len(problems) > MAX_ENTRIES_PER_SAVE:
        raise AnswerRejected({"": f"at most {MAX_ENTRIES_PER_SAVE} answers per save"})
    if problems:
        raise AnswerRejected(problems)
    return checked


_UPSERT = """
INSERT INTO surveys_answer (response_id, item, value, text, client_sequence, saved_at)
VALUES {rows}
ON CONFLICT (response_id, item) DO UPDATE
SET value = excluded.value, text = excluded.text,
    client_sequence = excluded.client_sequence, saved_at = excluded.saved_at
WHERE surveys_answer.client_sequence < excluded.client_sequence
"""


def save_answers(response: Response, entries: Iterable[Entry]) -> int:
    """Store answers, all or none; an entry older than (or as old as) the stored answer to
    the same question is ignored, so a repeated or late request never overwrites a newer
    answer. A value of None clears an answer. Returns the number of entries accepted.

    Raises `AnswerRejected` for an unknown question, a value outside the question's range,
    too long a text or an answer after the final submit; nothing is stored then.
    """
    if response.is_completed:
        raise AnswerRejected({"": "this questionnaire has been submitted; answers are final"})
    entries = _checked(instrument_of(response), entries)
    if not entries:
        return 0
    # Within one request the last entry per question wins, like separate requests would.
    latest: dict[str, Entry] = {}
    for entry in entries:
        if entry.item not in latest or latest[entry.item].sequence < entry.sequence:
            latest[entry.item] = entry
    now = timezone.now()
    rows: list[str] = []
    params: list[int | str | datetime | None] = []
    for entry in latest.values():
        rows.append("(%s, %s, %s, %s, %s, %s)")
        value = entry.value if isinstance(entry.value, int) else None
        text = entry.value if isinstance(entry.value, str) else ""
        params += [response.pk, entry.item, value, text, entry.sequence, now]
    with connection.cursor() as cursor:
        cursor.execute(_UPSERT.format(rows=", ".join(rows)), params)
    return len(latest)


def next_sequence(response: Response) -> int:
    """A sequence number above every stored one: the base a page hands to its client."""
    top = (
        response.answers.order_by("-client_sequence")
        .values_list("client_sequence", flat=True)
        .first()
    )
    return (top or 0) + 1


@cache
def reference_of(instrument_id: str) -> Reference:
    """The reference set results are compared with (the shipped one, for now)."""
    folder = REFERENCE_DIR / instrument_id
    return load_reference(folder) if folder.is_dir() else Reference()


def _plain(value: Any) -> Any:
    if isinstance(value, (np.floating, float)):
        return None if math.isnan(float(value)) else float(value)
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.bool_):
        return bool(value)
    return value


def assess_response(response: Response, answers: Mapping[str, object]) -> dict[str, Any]:
    """The assessment of one response as plain JSON data (answers that do not apply to this
    respondent, such as employee-only questions answered by a student, are left out)."""
    instrument = instrument_of(response)
    applying = set(_required(instrument, answers))
    row = {
        q: float(answers[q]) if q in applying and q in answers else np.nan  # type: ignore[arg-type]
        for q in instrument.numeric_items
    }
    frame = pd.DataFrame([row], index=pd.Index([response.respondent_key], name="respondent"))
    result = assess(frame, instrument, reference_of(instrument.id)).iloc[0]
    return {str(key): _plain(value) for key, value in result.items()}


def complete(response: Response) -> Result:
    """The final submit: close the response and store its assessment. Submitting again
    changes nothing and returns the stored result."""
    with transaction.atomic():
        locked = Response.objects.select_for_update().get(pk=response.pk)
        existing = Result.objects.filter(response=locked).first()
        if locked.is_completed and existing is not None:
            return existing
        data = assess_response(locked, answers_of(locked))
        reference = reference_of(locked.instrument_id)
        result = Result.objects.create(
            response=locked,
            data=data,
            reference=reference.norms.id if reference.norms else "",
            synthetic_reference=reference.synthetic,
        )
        locked.completed_at = timezone.now()
        locked.save(update_fields=["completed_at"])
    response.completed_at = locked.completed_at
    return result
