"""The JSON shapes of the respondent API: what clients send (`...In`) and receive (`...Out`)."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Annotated, Any, Literal

from django.conf import settings
from ninja import Field, Schema
from pydantic import (
    AfterValidator,
    BeforeValidator,
    ConfigDict,
    StrictBool,
    StrictInt,
    StringConstraints,
    WithJsonSchema,
    field_validator,
    model_validator,
)

from kompas.surveys.services import MAX_SEQUENCE

__all__ = [
    "UNSTORABLE",
    "AnswersIn",
    "ConditionOut",
    "Consent",
    "ErrorOut",
    "Language",
    "OptionOut",
    "PageOut",
    "ProgressOut",
    "QuestionId",
    "QuestionOut",
    "ResultOut",
    "SavedOut",
    "Stage",
    "StartIn",
    "StartedOut",
    "StatusOut",
    "Text",
    "Token",
]

LANGUAGES = [code for code, _ in settings.LANGUAGES]

#: What no text column can hold: NUL (PostgreSQL refuses it) and lone surrogates (no UTF-8).
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
UNSTORABLE = "contains a character that cannot be stored (NUL or a lone surrogate)"


def _storable(value: object) -> object:
    # Before pydantic's own str check, which calls a lone surrogate "unable to parse raw data".
    if isinstance(value, str) and _UNSTORABLE.search(value):
        raise ValueError(UNSTORABLE)
    return value


#: How the OpenAPI schema says "no NUL"; a JSON Schema pattern cannot name lone surrogates.
_NO_NUL = "^[^\\u0000]*$"

# Every string a client sends is one of these: refused, with the field named, if the database
# cannot keep it. A length goes with the pattern, before the validator: after it, pydantic
# would count "items", not characters.
Text = Annotated[str, StringConstraints(pattern=_NO_NUL), BeforeValidator(_storable)]
Token = Annotated[
    str, StringConstraints(max_length=200, pattern=_NO_NUL), BeforeValidator(_storable)
]
QuestionId = Annotated[
    str,
    StringConstraints(strict=True, max_length=100, pattern=_NO_NUL),
    BeforeValidator(_storable),
]


def _known_language(code: str) -> str:
    if code not in LANGUAGES:
        raise ValueError(f"must be one of {', '.join(LANGUAGES)}")
    return code


#: A language code of `settings.LANGUAGES`; the OpenAPI schema lists them.
Language = Annotated[
    Text,
    AfterValidator(_known_language),
    WithJsonSchema({"type": "string", "enum": LANGUAGES}),
]
Stage = Literal["consent_needed", "declined", "in_progress", "ready_to_submit", "submitted"]


class ErrorOut(Schema):
    detail: str
    problems: dict[str, str] = Field(
        default_factory=dict, description='per field or question, the reason; "" for the request'
    )


class Consent(Schema):
    """A choice for every purpose; `false` is a real option and still gives the report."""

    model_config = ConfigDict(extra="forbid")

    feedback: StrictBool = Field(description="personal feedback: show me my scores")
    research: StrictBool = Field(description="research use of my answers, pseudonymised")
    linking: StrictBool = Field(description="linking my answers to later waves")


#: A start token as the schema shows it: a string, never null (null is refused, not "absent").
_StartToken = Annotated[
    Token | None, WithJsonSchema({"type": "string", "maxLength": 200, "pattern": _NO_NUL})
]
ONE_TOKEN = "send either cohort_token or invitation_token"


class StartIn(Schema):
    """Start from exactly one of the two tokens: a cohort's open link or a personal link."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "oneOf": [{"required": ["cohort_token"]}, {"required": ["invitation_token"]}],
            "examples": [
                {
                    "cohort_token": "kY3v7q0cQ1o2cN9uR8aWmZtE4bHxJ6sL",
                    "language": "en",
                    "consent": {"feedback": True, "research": True, "linking": False},
                }
            ],
        },
    )

    cohort_token: _StartToken = Field(None, description="a cohort's open link")
    invitation_token: _StartToken = Field(None, description="a personal link")
    language: Language | None = Field(None, description="default: the cohort's language")
    consent: Consent

    @field_validator("cohort_token", "invitation_token")
    @classmethod
    def sent_as_text(cls, token: str | None) -> str:
        if token is None:  # defaults are not validated, so this is an explicit null
            raise ValueError("must be a token; leave the field out instead of null")
        return token

    @model_validator(mode="after")
    def one_token(self) -> StartIn:
        if len({"cohort_token", "invitation_token"} & self.model_fields_set) != 1:
            raise ValueError(ONE_TOKEN)
        return self


class ProgressOut(Schema):
    answered: int
    total: int
    percent: int


class StartedOut(Schema):
    token: str = Field(description="the resume token: send it as `Authorization: Bearer ...`")
    respondent: str
    language: Language
    status: Stage
    pages: int
    progress: ProgressOut
    consent: Consent


class StatusOut(Schema):
    respondent: str
    status: Stage
    language: Language
    pages: int
    current_page: int | None = Field(
        description="the first page with an unanswered question; null when all are answered"
    )
    progress: ProgressOut
    completed: bool
    completed_at: datetime | None
    consent: Consent | None


class OptionOut(Schema):
    value: int
    label: str


class ConditionOut(Schema):
    question: str
    values: list[int] = Field(description="the question applies when `question` has one of these")


class QuestionOut(Schema):
    id: str
    kind: Literal["likert", "choice", "text"]
    text: str
    options: list[OptionOut]
    answer: int | str | None
    condition: ConditionOut | None
    max_length: int | None = Field(description="the longest answer to an open question")


class PageOut(Schema):
    number: int
    pages: int
    id: str
    title: str
    intro: str
    language: Language
    questions: list[QuestionOut]
    next_sequence: int = Field(description="a `seq` above every stored one")
    progress: ProgressOut


def _whole(value: object) -> object:
    # JSON has one kind of number: 4.0 is the whole number 4 (JSON Schema agrees), 4.5 is not,
    # and true is no number at all.
    if type(value) is float and value.is_integer():
        return int(value)
    return value


def _code_or_text(value: object) -> object:
    # One message instead of pydantic's one per member of the union; no coercion of "4" or true.
    value = _whole(value)
    if value is None or isinstance(value, str) or type(value) is int:
        return _storable(value)
    raise ValueError("must be a whole number, a text or null")


class AnswerIn(Schema):
    model_config = ConfigDict(extra="forbid")

    item: QuestionId = Field(description="a question id of this instrument")
    value: Annotated[int | Text | None, BeforeValidator(_code_or_text)] = Field(
        description="a code for likert and choice questions, text for open ones; null clears"
    )
    seq: Annotated[StrictInt, BeforeValidator(_whole)] = Field(
        ge=0, le=MAX_SEQUENCE, description="the client's sequence number: the highest one wins"
    )


class AnswersIn(Schema):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "answers": [
                        {"item": "int_realistic_1", "value": 4, "seq": 1},
                        {"item": "lp_childhood_experience", "value": "Lego technic", "seq": 2},
                    ]
                }
            ]
        },
    )

    answers: list[AnswerIn]


class SavedOut(Schema):
    saved: int
    pages: int
    progress: ProgressOut
    next_sequence: int


class ResultOut(Schema):
    respondent: str
    completed_at: datetime
    feedback: bool = Field(description="whether personal feedback was chosen")
    scores: dict[str, Any] | None = Field(description="null without consent to feedback")
    reference: str = Field(description="the norm set the scores are compared with")
    synthetic: bool = Field(description="true when the norms come from a synthetic population")
