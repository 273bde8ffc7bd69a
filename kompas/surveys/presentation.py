"""What the respondent's pages show, in their language, built from the instrument file."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from django.utils.translation import gettext as _

from kompas.psychometrics.instrument import Condition, Instrument, Page
from kompas.surveys import services
from kompas.surveys.models import Response

__all__ = ["Option", "Question", "page_context", "question_of"]


@dataclass(frozen=True)
class Option:
    value: int
    label: str
    checked: bool


@dataclass(frozen=True)
class Question:
    """A question as the respondent sees it, with the answer shown (stored, or as posted)."""

    id: str
    kind: Literal["likert", "choice", "text"]  # `Instrument.kind`
    text: str
    options: tuple[Option, ...]
    value: int | str | None
    when: Condition | None
    max_length: int | None  # for an open question
    error: str = ""

    @property
    def answer(self) -> str:
        return "" if self.value is None else str(self.value)

    @property
    def label(self) -> str:
        """The question without its closing punctuation, to stand before a colon."""
        return self.text.rstrip(" .?!:")

    @property
    def when_values(self) -> str:
        return " ".join(str(v) for v in sorted(self.when.values)) if self.when else ""


def question_of(
    instrument: Instrument,
    question_id: str,
    language: str,
    answer: int | str | None = None,
    error: str = "",
) -> Question:
    """One question in `language` with `answer` marked: what the pages and the API show."""
    kind = instrument.kind(question_id)
    spec = instrument.background[question_id] if kind == "choice" else instrument.items[question_id]
    current = "" if answer is None else str(answer)
    options = tuple(
        Option(code, label[language], str(code) == current)
        for code, label in sorted(instrument.labels(question_id).items())
    )
    return Question(
        question_id,
        kind,
        spec.text[language],
        options,
        answer,
        instrument.condition(question_id),
        instrument.items[question_id].max_length if kind == "text" else None,
        error,
    )


def page_context(
    instrument: Instrument,
    response: Response,
    pages: Sequence[Page],
    number: int,
    answers: Mapping[str, int | str],
    problems: Mapping[str, str],
    stored: Mapping[str, int | str] | None = None,
) -> dict[str, Any]:
    """Everything page.html needs for page `number` (1-based) of the visible pages: the
    questions with `answers` filled in, and the progress of the `stored` answers."""
    language = response.language
    page = pages[number - 1]
    questions = [
        question_of(instrument, q, language, answers.get(q), problems.get(q, ""))
        for q in services.visible_questions(instrument, page, answers)
    ]
    progress = services.progress_of(instrument, answers if stored is None else stored)
    return {
        "page": page,
        "page_title": page.title[language],
        "page_intro": page.intro.get(language, ""),
        "questions": questions,
        "number": number,
        "page_count": len(pages),
        "progress": progress,
        "errors": [q for q in questions if q.error],
        "is_last": number == len(pages),
        "autosave_messages": {
            "saved": _("Saved"),
            "saving": _("Saving…"),
            "rejected": _("This answer could not be saved."),
            "progress": _("Page %(number)s of %(count)s · __A__ of __T__ questions answered")
            % {"number": number, "count": len(pages)},
        },
    }
