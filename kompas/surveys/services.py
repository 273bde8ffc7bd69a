"""The respondent journey's rules, shared by the web pages and the API.

Saving happens here and only here: `start_response`, `change_language`, `record_consent`,
`save_answers`, `autosave` and `complete`. Everything else reads.
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
from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from kompas.cohorts.models import Cohort, Invitation
from kompas.lib.tokens import hash_token, new_token
from kompas.psychometrics.assessment import assess
from kompas.psychometrics.instrument import (
    Condition,
    Instrument,
    Page,
    available_instruments,
    get_instrument,
)
from kompas.psychometrics.reference import REFERENCE_DIR, Reference, load_reference
from kompas.surveys.models import Answer, ConsentRecord, Response, Result

__all__ = [
    "ASKED_PURPOSES",
    "CONSENT_VERSION",
    "LANGUAGES",
    "MAX_SEQUENCE",
    "SEQUENCE_WINDOW",
    "AnswerRejected",
    "Entry",
    "NotReady",
    "PageToAnswer",
    "Progress",
    "StaleAnswer",
    "answers_of",
    "autosave",
    "change_language",
    "chose_feedback",
    "complete",
    "consents_of",
    "find_response",
    "first_open_page",
    "instrument_of",
    "may_answer",
    "may_show_report",
    "next_sequence",
    "pages_to_answer",
    "progress_of",
    "record_consent",
    "reference_of",
    "save_answers",
    "save_posted_answer",
    "shown_questions",
    "start_invited",
    "start_response",
    "takes_part",
    "visible_pages",
    "visible_questions",
]

#: The highest sequence number a client may send (it must fit a signed 64-bit column with
#: room to count on).
MAX_SEQUENCE = 2**62 - 1

#: How far above the highest stored sequence number of a response (`Response.highest_seq`)
#: a save may go. A page counts up by one per change from the base it was given
#: (`next_sequence`), so no honest client comes near; a bound relative to what is stored
#: means that one save with a huge number cannot use up the range and lock the response's
#: later saves out.
SEQUENCE_WINDOW = 1_000_000

#: The version of the consent texts shown; stored with every consent record.
CONSENT_VERSION = "2026-11"

#: The purposes asked about before the questions; sharing with a counsellor is asked for
#: later, on the report, when it is wanted.
ASKED_PURPOSES = tuple(
    purpose for purpose in ConsentRecord.Purpose.values if purpose != ConsentRecord.Purpose.SHARING
)

#: The codes of the languages a respondent can choose (`settings.LANGUAGES`).
LANGUAGES = tuple(code for code, _ in settings.LANGUAGES)

MAX_ENTRIES_PER_SAVE = 200


class StaleAnswer(Exception):
    """A save older than the answer stored for its question (a newer change came from another
    tab or device); `next_sequence` is the number to outrank it with."""

    def __init__(self, items: Iterable[str], next_sequence: int) -> None:
        self.items = sorted(items)
        self.next_sequence = next_sequence
        super().__init__(f"a newer answer is stored for {', '.join(self.items)}")


class AnswerRejected(ValueError):
    """Answers that cannot be stored; `problems` maps a question id (or "") to a reason.
    `final` when the response was submitted: no answer will ever be stored again."""

    def __init__(self, problems: Mapping[str, str], *, final: bool = False) -> None:
        self.problems = dict(problems)
        self.final = final
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


_FIND_RESPONSE = f"SELECT * FROM {Response._meta.db_table} WHERE resume_token_hash = %s"  # nosec B608


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
    _check_language(language)
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


def start_invited(invitation: Invitation, language: str) -> Response:
    """Begin the response of a personal invitation, or return the one a simultaneous request
    (a double click) began a moment ago: a second click lands on the same response."""
    try:
        with transaction.atomic():
            response, _ = start_response(invitation.cohort, language, invitation=invitation)
    except IntegrityError:
        return Response.objects.get(resume_token_hash=invitation.token_hash)
    return response


def _check_language(language: str) -> None:
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r}; choose one of {', '.join(LANGUAGES)}")


def change_language(response: Response, language: str) -> None:
    """Speak `language` to the respondent from now on; `ValueError` for an unknown one."""
    _check_language(language)
    if language != response.language:
        response.language = language
        response.save(update_fields=["language"])


def record_consent(response: Response, choices: Mapping[str, bool]) -> None:
    """Store the respondent's choice for every purpose (append-only records)."""
    if set(choices) != set(ASKED_PURPOSES):
        raise ValueError(f"consent needs a choice for each of {', '.join(sorted(ASKED_PURPOSES))}")
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
    """Whether the questions may be asked: consent was given for feedback or research. Kept
    on the response as `Response.takes_part` by `record_consent`."""
    return consents.get("feedback", False) or consents.get("research", False)


def may_answer(response: Response) -> bool:
    """Whether answers may still be given: the questions may be asked and the response is
    not submitted."""
    return response.takes_part and not response.is_completed


def chose_feedback(response: Response) -> bool:
    """Whether the respondent's current choice is to see their scores."""
    return consents_of(response).get(ConsentRecord.Purpose.FEEDBACK, False)


def may_show_report(response: Response) -> bool:
    """Whether the personal report may be shown: submitted, with consent for feedback."""
    return response.is_completed and chose_feedback(response)


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


def visible_pages(instrument: Instrument, answers: Mapping[str, object]) -> list[Page]:
    """The pages this respondent sees: a conditional page only once its condition holds."""
    return [page for page in instrument.pages if _applies(page.when, answers)]


def visible_questions(
    instrument: Instrument, page: Page, answers: Mapping[str, object]
) -> list[str]:
    """The page's questions, without those whose condition is known not to hold."""
    return [q for q in page.questions if _applies(instrument.condition(q), answers) is not False]


def shown_questions(instrument: Instrument, answers: Mapping[str, object]) -> set[str]:
    """Every question this respondent is asked, on the pages they see."""
    return {
        q
        for page in visible_pages(instrument, answers)
        for q in visible_questions(instrument, page, answers)
    }


_ALWAYS_SHOWN: dict[tuple[str, str], frozenset[str]] = {}


def _always_shown(instrument: Instrument) -> frozenset[str]:
    """The questions every respondent is asked: no condition on them or on their page."""
    key = (instrument.id, instrument.version)
    if key not in _ALWAYS_SHOWN:
        _ALWAYS_SHOWN[key] = _unconditional(instrument)
    return _ALWAYS_SHOWN[key]


def _unconditional(instrument: Instrument) -> frozenset[str]:
    return frozenset(
        q
        for page in instrument.pages
        if page.when is None
        for q in page.questions
        if instrument.condition(q) is None
    )


def _required(instrument: Instrument, answers: Mapping[str, object]) -> list[str]:
    """The numeric questions that apply to this respondent, in page order."""
    return [
        q
        for page in visible_pages(instrument, answers)
        for q in page.questions
        if _applies(instrument.condition(q), answers) and instrument.kind(q) != "text"
    ]


def progress_of(instrument: Instrument, answers: Mapping[str, object]) -> Progress:
    required = _required(instrument, answers)
    return Progress(sum(q in answers for q in required), len(required))


def first_open_page(instrument: Instrument, answers: Mapping[str, object]) -> int | None:
    """Index (in the visible pages) of the first page with an unanswered question; None when
    every question that applies is answered."""
    for index, page in enumerate(visible_pages(instrument, answers)):
        for question in visible_questions(instrument, page, answers):
            if instrument.kind(question) != "text" and question not in answers:
                return index
    return None


@dataclass(frozen=True)
class PageToAnswer:
    """A page (`number` among the visible pages, from 1) with open questions of scales that
    have fewer answers than they need (`scales`)."""

    number: int
    page: Page
    scales: tuple[str, ...]


class NotReady(ValueError):
    """The final submit refused: `pages` still need answers before the scales can be scored."""

    def __init__(self, pages: Iterable[PageToAnswer]) -> None:
        self.pages = list(pages)
        named = ", ".join(
            f"page {p.number} ({p.page.id}: {', '.join(p.scales)})" for p in self.pages
        )
        super().__init__(f"answer more questions first, on {named}")


def pages_to_answer(instrument: Instrument, answers: Mapping[str, object]) -> list[PageToAnswer]:
    """The pages to go back to before the final submit: those with an open question of a
    scale that has fewer answers than its `min_answered`. Only the questions that apply to
    this respondent count (those scored, `_required`), and a scale needs at most as many as
    apply; a single question may stay open as long as its scale has enough answers."""
    applying = set(_required(instrument, answers))
    short: set[str] = set()
    for scale in instrument.scales.values():
        asked = [q for q in scale.items if q in applying]
        if sum(q in answers for q in asked) < min(scale.min_answered, len(asked)):
            short.add(scale.id)
    scale_of = {q: s for s in short for q in instrument.scales[s].items}
    pages = []
    for number, page in enumerate(visible_pages(instrument, answers), start=1):
        open_scales = {
            scale_of[q]
            for q in page.questions
            if q in scale_of and q in applying and q not in answers
        }
        if open_scales:
            pages.append(PageToAnswer(number, page, tuple(sorted(open_scales))))
    return pages


def _checked_entry(instrument: Instrument, entry: Entry) -> Entry:
    instrument.kind(entry.item)  # an unknown question is named before its sequence number
    if not 0 <= entry.sequence <= MAX_SEQUENCE:
        raise ValueError("has an invalid sequence number")
    return Entry(entry.item, instrument.clean(entry.item, entry.value), entry.sequence)


def _checked(instrument: Instrument, entries: Iterable[Entry]) -> list[Entry]:
    problems: dict[str, str] = {}
    checked: list[Entry] = []
    for entry in entries:
        try:
            checked.append(_checked_entry(instrument, entry))
        except ValueError as problem:
            problems[entry.item] = str(problem)
    if len(checked) + len(problems) > MAX_ENTRIES_PER_SAVE:
        raise AnswerRejected({"": f"at most {MAX_ENTRIES_PER_SAVE} answers per save"})
    if problems:
        raise AnswerRejected(problems)
    return checked


# The SQL here is built from our own table names and constants only (bandit B608 marked);
# every value is a parameter.

# Per question the highest client sequence number wins: "last change wins" even when
# requests arrive out of order.
_ON_CONFLICT = f"""
ON CONFLICT (response_id, item) DO UPDATE
SET value = excluded.value, text = excluded.text,
    client_sequence = excluded.client_sequence, saved_at = excluded.saved_at
WHERE {Answer._meta.db_table}.client_sequence < excluded.client_sequence
"""  # nosec B608
_ANSWER_COLUMNS = (
    f"INSERT INTO {Answer._meta.db_table} "
    "(response_id, item, value, text, client_sequence, saved_at)"
)
_UPSERT = f"{_ANSWER_COLUMNS} VALUES {{rows}} {_ON_CONFLICT} RETURNING item, client_sequence"
_RESPONSES = Response._meta.db_table
# On PostgreSQL the statement that stores the answers also raises the response's highest
# sequence number to theirs.
_UPSERT_AND_RAISE = f"""
WITH saved AS ({_UPSERT}), raised AS (
    UPDATE {_RESPONSES} SET highest_seq = GREATEST(highest_seq, stored.top)
    FROM (SELECT MAX(client_sequence) AS top FROM saved) AS stored
    WHERE id = %s AND stored.top IS NOT NULL
)
SELECT item, client_sequence FROM saved
"""  # nosec B608
# An autosave's answer: find the response by its token, check that it may be answered under
# an instrument that accepts the value and that the sequence number is within reach of the
# stored ones, and store the answer. On PostgreSQL the response row is locked first (`_lock`),
# so that the final submit waits for saves under way and saves after it find the response
# submitted; SQLite runs one writer at a time.
_AUTOSAVE_ANSWER = f"""
{_ANSWER_COLUMNS}
SELECT id, %s, %s, %s, %s, %s FROM {_RESPONSES}
WHERE resume_token_hash = %s AND takes_part AND completed_at IS NULL AND ({{instruments}})
AND %s <= highest_seq + {SEQUENCE_WINDOW}
{{lock}}
{_ON_CONFLICT}
RETURNING response_id, client_sequence
"""  # nosec B608
# On PostgreSQL the whole autosave is one statement: the answer, then the response's highest
# sequence number raised to the stored answer's.
_AUTOSAVE = f"""
WITH saved AS ({_AUTOSAVE_ANSWER})
UPDATE {_RESPONSES} SET highest_seq = GREATEST(highest_seq, saved.client_sequence)
FROM saved WHERE {_RESPONSES}.id = saved.response_id
RETURNING 1
"""  # nosec B608


def _lock() -> str:
    """Saves lock the response row against the final submit (which locks it for update) and
    against each other, as they raise its `highest_seq`. FOR NO KEY UPDATE rather than FOR
    SHARE: two share locks that both go on to update the row would deadlock, and it still
    lets the answers' foreign keys (FOR KEY SHARE) through."""
    return f"FOR NO KEY UPDATE OF {_RESPONSES}" if connection.vendor == "postgresql" else ""


def _raise_highest_seq(response_id: int, sequence: int) -> None:
    """Raise the response's `highest_seq` to `sequence` (never lower it: a save that waited
    may come after a higher one)."""
    greatest = "GREATEST" if connection.vendor == "postgresql" else "MAX"
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {_RESPONSES} SET highest_seq = {greatest}(highest_seq, %s) WHERE id = %s",  # nosec B608
            [sequence, response_id],
        )


@cache
def _autosave_sql(instruments: int, vendor: str) -> str:
    matches = " OR ".join(["(instrument_id = %s AND instrument_version = %s)"] * instruments)
    if vendor == "postgresql":
        return _AUTOSAVE.format(instruments=matches, lock=_lock())
    return _AUTOSAVE_ANSWER.format(instruments=matches, lock="")


FINAL = "this questionnaire has been submitted; answers are final"


def save_answers(response: Response, entries: Iterable[Entry], *, skip_hidden: bool = False) -> int:
    """Store answers, all or none. A value of None clears an answer. Returns the number of
    entries accepted (a repeated save of what is stored counts as accepted).

    Per question the highest sequence number wins. A save with a lower (or equal) number than
    the stored answer and another value is stale, a change from another tab or device
    having come later: `StaleAnswer` says so, with the number to send it again with, and
    nothing is stored.

    Raises `AnswerRejected` for an unknown question, a question this respondent is not asked,
    a value outside the question's range, too long a text, a sequence number far above the
    stored ones, or an answer after the final submit (then with `final`, whatever the
    answers); nothing is stored then. With `skip_hidden`, answers to questions this
    respondent is not asked are left out instead (a page submit posts the answers of
    questions hidden on the page, too).
    """
    _refuse_if_final(response)
    instrument = instrument_of(response)
    checked = _checked(instrument, entries)
    # Within one request the last entry per question wins, like separate requests would.
    latest: dict[str, Entry] = {}
    for entry in checked:
        if entry.item not in latest or latest[entry.item].sequence < entry.sequence:
            latest[entry.item] = entry
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT completed_at, highest_seq FROM {_RESPONSES} WHERE id = %s {_lock()}",  # nosec B608
                [response.pk],
            )
            row = cursor.fetchone()
        if row is None or row[0] is not None:  # submitted while this request was under way
            raise AnswerRejected({"": FINAL}, final=True)
        top = row[1]
        if not latest:
            return 0
        _check_reach(latest.values(), top)
        stored = {
            item: (value if value is not None else text or None, sequence)
            for item, value, text, sequence in response.answers.values_list(
                "item", "value", "text", "client_sequence"
            )
        }
        hidden = _hidden(instrument, stored, latest)
        if hidden and not skip_hidden:
            raise AnswerRejected(dict.fromkeys(hidden, "is not asked of this respondent"))
        for item in hidden:
            del latest[item]
        fresh = {
            item: entry
            for item, entry in latest.items()
            if item not in stored or stored[item][1] < entry.sequence
        }
        stale = [
            item
            for item, entry in latest.items()
            if item not in fresh and stored[item][0] != entry.value
        ]
        if stale:
            # Above the stored answers too: code from before `highest_seq` (a deployment
            # under way) stores answers without raising it.
            raise StaleAnswer(stale, max([top, *(seq for _, seq in stored.values())]) + 1)
        if fresh and _upsert(response, fresh.values()) != set(fresh):
            # A simultaneous save of another tab came first; this whole save is stale.
            raise StaleAnswer(fresh, next_sequence(response))
    return len(latest)


def _refuse_if_final(response: Response) -> None:
    """A response submitted before this request refuses every answer, valid or not, as final
    (one submitted while the request was under way is found under the lock)."""
    if response.is_completed:
        raise AnswerRejected({"": FINAL}, final=True)


def _check_reach(entries: Iterable[Entry], top: int) -> None:
    far = {
        entry.item: f"has a sequence number more than {SEQUENCE_WINDOW} above the stored ones"
        for entry in entries
        if entry.sequence > top + SEQUENCE_WINDOW
    }
    if far:
        raise AnswerRejected(far)


def _hidden(
    instrument: Instrument, stored: Mapping[str, tuple[object, int]], entries: Mapping[str, Entry]
) -> list[str]:
    """The questions of `entries` this respondent is not asked, neither on the stored answers
    (what the respondent was shown) nor on the answers as this save leaves them (a save may
    give the background answer its other answers depend on)."""
    before = {item: value for item, (value, _) in stored.items() if value is not None}
    after = {**before, **{item: e.value for item, e in entries.items()}}
    after = {item: value for item, value in after.items() if value is not None}
    shown = shown_questions(instrument, before) | shown_questions(instrument, after)
    return [item for item in entries if item not in shown]


def _upsert(response: Response, entries: Iterable[Entry]) -> set[str]:
    """Insert or update the answers and raise the response's `highest_seq` to theirs (within
    the caller's transaction); the questions whose answer was stored."""
    now = timezone.now()
    params: list[int | str | datetime | None] = []
    count = 0
    for entry in entries:
        params += [response.pk, *_columns(entry), now]
        count += 1
    rows = ", ".join(["(%s, %s, %s, %s, %s, %s)"] * count)
    postgres = connection.vendor == "postgresql"
    sql = (_UPSERT_AND_RAISE if postgres else _UPSERT).format(rows=rows)
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, response.pk] if postgres else params)
        stored = cursor.fetchall()
    if stored and not postgres:
        _raise_highest_seq(response.pk, max(sequence for _, sequence in stored))
    return {item for item, _ in stored}


def save_posted_answer(response: Response, item: str, raw: str, sequence: int) -> None:
    """`save_answers` for one answer as a page's script posts it (a string, read by the
    response's instrument); `AnswerRejected` names what is wrong."""
    _refuse_if_final(response)
    try:
        value = instrument_of(response).parse(item, raw)
    except ValueError as problem:
        raise AnswerRejected({item: str(problem)}) from None
    save_answers(response, [Entry(item, value, sequence)])


def _columns(entry: Entry) -> tuple[str, int | None, str, int]:
    """An answer's item, value, text and client_sequence columns (a cleared answer stays as
    an empty row, to keep its sequence number)."""
    value = entry.value if isinstance(entry.value, int) else None
    text = entry.value if isinstance(entry.value, str) else ""
    return entry.item, value, text, entry.sequence


@cache
def _shipped_instruments() -> tuple[Instrument, ...]:
    return tuple(get_instrument(instrument_id) for instrument_id in available_instruments())


def autosave(token: str, item: str, raw: str, sequence: int) -> bool:
    """Store one answer as a page's script posts it, in one SQL statement (autosave is the
    busiest request): the value is checked, in Python, against every shipped instrument that
    asks the question of everybody first; the statement then finds the response by its token
    and stores the answer only if the response may be answered, is given under an instrument
    that accepts the value, the sequence number is within reach and no newer answer to the
    question is stored.

    True when the answer was stored. False when nothing was stored (an unknown token, no
    consent, a submitted response, a conditional question, a value its instrument refuses, a
    newer answer stored): the caller finds out which with `find_response` and
    `save_posted_answer`, the path that explains itself.
    """
    accepting: dict[int | str | None, list[Instrument]] = {}
    for instrument in _shipped_instruments():
        if item not in _always_shown(instrument):
            continue
        try:
            entry = _checked_entry(instrument, Entry(item, instrument.parse(item, raw), sequence))
        except ValueError:
            continue
        accepting.setdefault(entry.value, []).append(instrument)
    if len(accepting) != 1:  # no instrument accepts it, or instruments read it differently
        return False
    [(value, instruments)] = accepting.items()
    params = [*_columns(Entry(item, value, sequence)), timezone.now(), hash_token(token)]
    for instrument in instruments:
        params += [instrument.id, instrument.version]
    params.append(sequence)
    sql = _autosave_sql(len(instruments), connection.vendor)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchone() is not None
    # SQLite cannot write two tables in one statement; the transaction holds its write lock.
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)
        saved = cursor.fetchall()
        for response_id, stored_sequence in saved:
            _raise_highest_seq(response_id, stored_sequence)
        return bool(saved)


def next_sequence(response: Response) -> int:
    """A sequence number above every stored one: the base a page hands to its client."""
    highest = Response.objects.filter(pk=response.pk).values_list("highest_seq", flat=True)
    return (highest.first() or 0) + 1


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
    changes nothing and returns the stored result. `NotReady` names the pages that still
    need answers (`pages_to_answer`); nothing is stored then."""
    with transaction.atomic():
        locked = Response.objects.select_for_update().get(pk=response.pk)
        existing = Result.objects.filter(response=locked).first()
        if locked.is_completed and existing is not None:
            return existing
        answers = answers_of(locked)
        missing = pages_to_answer(instrument_of(locked), answers)
        if missing:
            raise NotReady(missing)
        data = assess_response(locked, answers)
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
