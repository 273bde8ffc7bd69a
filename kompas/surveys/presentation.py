"""What the respondent's pages show, in their language, built from the instrument file."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from kompas.psychometrics.instrument import Condition, Instrument, Page
from kompas.surveys import services
from kompas.surveys.models import Response

__all__ = ["Option", "Question", "page_context"]


@dataclass(frozen=True)
class Option:
    value: str
    label: str
    checked: bool


@dataclass(frozen=True)
class Question:
    id: str
    text: str
    kind: str  # "likert", "choice" or "text"
    options: tuple[Option, ...]
    answer: str
    error: str
    when: Condition | None
    max_length: int = 0

    @property
    def label(self) -> str:
        """The question without its closing punctuation, to stand before a colon."""
        return self.text.rstrip(" .?!:")

    @property
    def when_values(self) -> str:
        return " ".join(str(v) for v in sorted(self.when.values)) if self.when else ""


def _question(
    instrument: Instrument, question_id: str, language: str, answer: object, error: str
) -> Question:
    current = "" if answer is None else str(answer)
    if question_id in instrument.background:
        spec = instrument.background[question_id]
        options = tuple(
            Option(str(code), label[language], str(code) == current)
            for code, label in sorted(spec.values.items())
        )
        return Question(
            question_id, spec.text[language], "choice", options, current, error, spec.when
        )
    item = instrument.items[question_id]
    if item.response_scale is None:
        return Question(
            question_id, item.text[language], "text", (), current, error, item.when, item.max_length
        )
    options = tuple(
        Option(str(code), label[language], str(code) == current)
        for code, label in sorted(item.response_scale.labels.items())
    )
    return Question(question_id, item.text[language], "likert", options, current, error, item.when)


def page_context(
    instrument: Instrument,
    response: Response,
    pages: Sequence[Page],
    number: int,
    answers: Mapping[str, object],
    problems: Mapping[str, str],
    stored: Mapping[str, object] | None = None,
) -> dict[str, Any]:
    """Everything page.html needs for page `number` (1-based) of the visible pages: the
    questions with `answers` filled in, and the progress of the `stored` answers."""
    language = response.language
    page = pages[number - 1]
    questions = [
        _question(instrument, q, language, answers.get(q), problems.get(q, ""))
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
    }
