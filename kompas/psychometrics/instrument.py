"""Instrument definitions: the versioned YAML files that declare a questionnaire.

An instrument file is the one source of truth for the discs (content areas), items, response
scales, scales and their reverse keys, pages, conditions, background questions and the
instrument's scoring parameters. `load_instrument` reads and validates a file; every problem
is reported with the file, the path inside it and what is wrong, all at once, as an
`InstrumentError`.

The format (docs/instrument-format.md describes it in full)::

    id: kompas-1
    version: "1.0.0"
    languages: [nl, en]
    title: {nl: ..., en: ...}
    discs:                       # content areas of the scales, in the order reports show them
      - {id: interests, name: {nl: Interesses, en: Interests}}
    response_scales:
      agree5:
        labels: {1: {nl: ..., en: ...}, ..., 5: {nl: ..., en: ...}}
    items:                       # statements answered on a response scale, or open text
      - {id: int_realistic_1, response_scale: agree5, text: {nl: ..., en: ...}}
      - {id: lp_childhood_experience, type: text, max_length: 500, text: {...}}
    background:                  # choice questions with value labels
      - id: bg_role
        text: {nl: ..., en: ...}
        values: {1: {nl: Student, en: Student}, 2: {nl: Werknemer, en: Employee}}
    scales:
      - {id: int_realistic, disc: interests, name: {...}, items: [...], reverse: [...],
         min_answered: 3}
    pages:
      - {id: p01, title: {...}, questions: [...], when: {question: bg_role, in: [2]}}
    life_phases:
      - {id: childhood, name: {...}, exploration: ..., commitment: ..., reconsideration: ...,
         technical: ..., experience: ...}
    scoring:
      identity: {commitment: ..., exploration: ..., reconsideration: ...}
      compass_scales: [...]      # the profile used for norms display and prototypicality
      profile_indicators: [...]  # the scales the latent profile model is fitted on
      norm_group: bg_role        # background question whose values define norm groups
      population:                # named groups of respondents, by a background answer
        employee: {question: bg_role, in: [2]}
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import yaml

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "INSTRUMENTS_DIR",
    "BackgroundQuestion",
    "Condition",
    "Disc",
    "Instrument",
    "InstrumentError",
    "Item",
    "LifePhase",
    "Page",
    "ResponseScale",
    "Scale",
    "Scoring",
    "available_instruments",
    "get_instrument",
    "load_instrument",
]

INSTRUMENTS_DIR = Path(__file__).resolve().parent / "instruments"

#: A code as a form posts it: plain ASCII digits, no sign, blanks or leading zeros.
_CODE = re.compile(r"0|[1-9][0-9]*", re.ASCII)
#: What no database column of text can hold: NUL (PostgreSQL refuses it) and lone surrogates
#: (not encodable as UTF-8).
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")

Text = Mapping[str, str]


class InstrumentError(ValueError):
    """An instrument file is unreadable or invalid; `problems` lists every finding."""

    def __init__(self, source: str, problems: Sequence[str]) -> None:
        self.source = source
        self.problems = list(problems)
        lines = "\n".join(f"  {source}: {problem}" for problem in self.problems)
        noun = "problem" if len(self.problems) == 1 else "problems"
        super().__init__(f"{source} has {len(self.problems)} {noun}:\n{lines}")


@dataclass(frozen=True)
class ResponseScale:
    id: str
    labels: Mapping[int, Text]

    @property
    def min(self) -> int:
        return min(self.labels)

    @property
    def max(self) -> int:
        return max(self.labels)


@dataclass(frozen=True)
class Condition:
    """Shown only when the answer to `question` is one of `values`."""

    question: str
    values: frozenset[int]

    def holds(self, answers: Mapping[str, object]) -> bool:
        return answers.get(self.question) in self.values

    def members(self, answers: pd.DataFrame) -> pd.Series:
        """Per respondent (row of `answers`), whether the condition holds."""
        return answers[self.question].isin(self.values)


@dataclass(frozen=True)
class Item:
    """A statement on a response scale (`type` likert) or an open question (`type` text)."""

    id: str
    text: Text
    type: str = "likert"
    response_scale: ResponseScale | None = None
    max_length: int = 0
    when: Condition | None = None

    @property
    def is_numeric(self) -> bool:
        return self.response_scale is not None


@dataclass(frozen=True)
class BackgroundQuestion:
    id: str
    text: Text
    values: Mapping[int, Text]
    when: Condition | None = None

    @property
    def min(self) -> int:
        return min(self.values)

    @property
    def max(self) -> int:
        return max(self.values)


@dataclass(frozen=True)
class Disc:
    """A content area of the scales (interests, values, ...); reports show them in file order."""

    id: str
    name: Text


@dataclass(frozen=True)
class Scale:
    id: str
    name: Text
    disc: str
    items: tuple[str, ...]
    reverse: frozenset[str]
    min_answered: int
    min: int
    max: int
    description: Text = field(default_factory=dict)


@dataclass(frozen=True)
class Page:
    id: str
    title: Text
    questions: tuple[str, ...]
    intro: Text = field(default_factory=dict)
    when: Condition | None = None


@dataclass(frozen=True)
class LifePhase:
    id: str
    name: Text
    exploration: str
    commitment: str
    reconsideration: str
    technical: str
    experience: str | None = None
    when: Condition | None = None


@dataclass(frozen=True)
class Scoring:
    identity_commitment: str
    identity_exploration: str
    identity_reconsideration: str
    compass_scales: tuple[str, ...]
    profile_indicators: tuple[str, ...]
    norm_group: str | None
    #: Named groups of respondents by a background answer (`student`, `employee`, ...).
    population: Mapping[str, Condition] = field(default_factory=dict)


@dataclass(frozen=True)
class Instrument:
    id: str
    version: str
    languages: tuple[str, ...]
    title: Text
    discs: Mapping[str, Disc]
    response_scales: Mapping[str, ResponseScale]
    items: Mapping[str, Item]
    background: Mapping[str, BackgroundQuestion]
    scales: Mapping[str, Scale]
    pages: tuple[Page, ...]
    life_phases: tuple[LifePhase, ...]
    scoring: Scoring
    source: str = ""

    def group(self, name: str) -> Condition:
        """The background answer that places a respondent in group `name` (`employee`)."""
        try:
            return self.scoring.population[name]
        except KeyError:
            known = ", ".join(self.scoring.population) or "none"
            raise ValueError(
                f"instrument {self.id} declares no group {name!r} under scoring.population "
                f"(declared: {known})"
            ) from None

    @property
    def numeric_items(self) -> list[str]:
        """Ids of every question with a numeric answer: Likert items, then background."""
        return [i.id for i in self.items.values() if i.is_numeric] + list(self.background)

    def value_range(self, question_id: str) -> tuple[int, int]:
        """The smallest and largest valid code of a numeric question."""
        if question_id in self.background:
            question = self.background[question_id]
            return question.min, question.max
        scale = self.items[question_id].response_scale
        if scale is None:
            raise ValueError(f"{question_id} is an open question and has no value range")
        return scale.min, scale.max

    def valid_values(self, question_id: str) -> frozenset[int]:
        if question_id in self.background:
            return frozenset(self.background[question_id].values)
        low, high = self.value_range(question_id)
        return frozenset(range(low, high + 1))

    def kind(self, question_id: str) -> Literal["likert", "choice", "text"]:
        """How a question is asked and answered: "choice" (a background question), "likert"
        (an item on a response scale) or "text" (an open question). `ValueError` for an id
        that is not a question of this instrument."""
        if question_id in self.background:
            return "choice"
        if question_id in self.items:
            return "likert" if self.items[question_id].is_numeric else "text"
        raise ValueError(f"is not a question of {self.id} {self.version}")

    def condition(self, question_id: str) -> Condition | None:
        """When the question applies; None when it always does."""
        if self.kind(question_id) == "choice":
            return self.background[question_id].when
        return self.items[question_id].when

    def labels(self, question_id: str) -> Mapping[int, Text]:
        """The codes of a numeric question with their labels; empty for an open question."""
        if self.kind(question_id) == "choice":
            return self.background[question_id].values
        scale = self.items[question_id].response_scale
        return scale.labels if scale is not None else {}

    def parse(self, question_id: str, raw: str) -> int | str | None:
        """An answer as a form posts it (a string): an open question's text as it is, the
        code of a numeric question ("" is no answer). The value is not checked: see `clean`.

        >>> instrument = get_instrument("kompas-1")
        >>> instrument.parse("int_realistic_1", "4"), instrument.parse("int_realistic_1", "")
        (4, None)
        """
        if self.kind(question_id) == "text":
            return raw
        if raw == "":
            return None
        if not _CODE.fullmatch(raw):  # int() also takes " 4 ", "+2", "0004" and "٣"
            raise ValueError("value must be a whole number")
        return int(raw)

    def clean(self, question_id: str, value: object) -> int | str | None:
        """An answer checked against its question: one of the codes of a numeric question, a
        text no longer than an open question's `max_length` (without surrounding blanks; an
        empty text is no answer). None is no answer. `ValueError` says what is wrong.

        >>> get_instrument("kompas-1").clean("int_realistic_1", 9)
        Traceback (most recent call last):
        ValueError: must be a whole number from 1 to 5
        """
        if value is None:
            return None
        if self.kind(question_id) == "text":
            limit = self.items[question_id].max_length
            if not isinstance(value, str):
                raise ValueError("must be text")
            if len(value) > limit:
                raise ValueError(f"is longer than {limit} characters")
            if _UNSTORABLE.search(value):
                raise ValueError(
                    "contains a character that cannot be stored (NUL or a lone surrogate)"
                )
            return value.strip() or None
        if (
            isinstance(value, bool)
            or not isinstance(value, int)
            or value not in self.valid_values(question_id)
        ):
            low, high = self.value_range(question_id)
            raise ValueError(f"must be a whole number from {low} to {high}")
        return value

    def to_dict(self) -> dict[str, Any]:
        """The definition as plain JSON-ready data (`kompas instrument show`)."""

        def condition(c: Condition | None) -> dict[str, Any] | None:
            return None if c is None else {"question": c.question, "in": sorted(c.values)}

        def labels(values: Mapping[int, Text]) -> dict[str, dict[str, str]]:
            return {str(k): dict(v) for k, v in sorted(values.items())}

        return {
            "id": self.id,
            "version": self.version,
            "languages": list(self.languages),
            "title": dict(self.title),
            "discs": [{"id": d.id, "name": dict(d.name)} for d in self.discs.values()],
            "response_scales": [
                {"id": s.id, "min": s.min, "max": s.max, "labels": labels(s.labels)}
                for s in self.response_scales.values()
            ],
            "items": [
                {
                    "id": i.id,
                    "type": i.type,
                    "text": dict(i.text),
                    "response_scale": i.response_scale.id if i.response_scale else None,
                    "max_length": i.max_length if i.type == "text" else None,
                    "when": condition(i.when),
                }
                for i in self.items.values()
            ],
            "background": [
                {
                    "id": q.id,
                    "text": dict(q.text),
                    "values": labels(q.values),
                    "when": condition(q.when),
                }
                for q in self.background.values()
            ],
            "scales": [
                {
                    "id": s.id,
                    "name": dict(s.name),
                    "disc": s.disc,
                    "description": dict(s.description),
                    "items": [{"id": i, "reverse": i in s.reverse} for i in s.items],
                    "min_answered": s.min_answered,
                    "min": s.min,
                    "max": s.max,
                }
                for s in self.scales.values()
            ],
            "pages": [
                {
                    "id": p.id,
                    "title": dict(p.title),
                    "intro": dict(p.intro),
                    "questions": list(p.questions),
                    "when": condition(p.when),
                }
                for p in self.pages
            ],
            "life_phases": [
                {
                    "id": p.id,
                    "name": dict(p.name),
                    "exploration": p.exploration,
                    "commitment": p.commitment,
                    "reconsideration": p.reconsideration,
                    "technical": p.technical,
                    "experience": p.experience,
                    "when": condition(p.when),
                }
                for p in self.life_phases
            ],
            "scoring": {
                "identity": {
                    "commitment": self.scoring.identity_commitment,
                    "exploration": self.scoring.identity_exploration,
                    "reconsideration": self.scoring.identity_reconsideration,
                },
                "compass_scales": list(self.scoring.compass_scales),
                "profile_indicators": list(self.scoring.profile_indicators),
                "norm_group": self.scoring.norm_group,
                "population": {
                    name: condition(group) for name, group in self.scoring.population.items()
                },
            },
        }


class _Reader:
    """Walks the raw YAML tree, remembering every problem with its path."""

    def __init__(self, languages: Sequence[str]) -> None:
        self.languages = list(languages)
        self.problems: list[str] = []
        self.background: dict[str, BackgroundQuestion] = {}

    def fail(self, path: str, message: str) -> None:
        self.problems.append(f"{path.lstrip('.')}: {message}")

    def mapping(self, raw: object, path: str) -> Mapping[str, Any]:
        if isinstance(raw, Mapping):
            return raw
        self.fail(path, f"must be a mapping, got {type(raw).__name__}")
        return {}

    def sequence(self, raw: object, path: str) -> Sequence[Any]:
        if isinstance(raw, list):
            return raw
        self.fail(path, f"must be a list, got {type(raw).__name__}")
        return []

    def entries(self, raw: object, section: str) -> Iterator[tuple[str, Mapping[str, Any]]]:
        """Each entry of a list section, as a mapping, with its path (`scales[3]`)."""
        for n, spec in enumerate(self.sequence(raw, section)):
            path = f"{section}[{n}]"
            yield path, self.mapping(spec, path)

    def string(self, raw: Mapping[str, Any], key: str, path: str) -> str:
        value = raw.get(key)
        if isinstance(value, str) and value.strip():
            return value
        if value is None:
            self.fail(f"{path}.{key}", "is missing")
        else:
            self.fail(f"{path}.{key}", f"must be a non-empty string, got {value!r}")
        return ""

    def text(self, raw: Mapping[str, Any], key: str, path: str, required: bool = True) -> Text:
        value = raw.get(key)
        if value is None:
            if required:
                self.fail(f"{path}.{key}", "is missing")
            return {}
        if not isinstance(value, Mapping):
            self.fail(f"{path}.{key}", "must map each language to a text")
            return {}
        for language in self.languages:
            translation = value.get(language)
            if not isinstance(translation, str) or not translation.strip():
                self.fail(f"{path}.{key}", f"missing translation for {language!r}")
        for language in value:
            if language not in self.languages:
                self.fail(f"{path}.{key}", f"language {language!r} is not in `languages`")
        return {str(k): str(v) for k, v in value.items()}

    def code_labels(self, raw: object, path: str) -> dict[int, Text]:
        labels: dict[int, Text] = {}
        for code, label in self.mapping(raw, path).items():
            if isinstance(code, bool) or not isinstance(code, int):
                self.fail(path, f"value code {code!r} must be a whole number")
                continue
            labels[code] = self.text({"label": label}, "label", f"{path}.{code}")
        if not labels:
            self.fail(path, "needs at least one value")
        return labels

    def unique_id(self, raw: Mapping[str, Any], path: str, seen: dict[str, str]) -> str:
        ident = self.string(raw, "id", path)
        if ident and ident in seen:
            self.fail(f"{path}.id", f"duplicate id {ident!r} (first used at {seen[ident]})")
        elif ident:
            seen[ident] = path
        return ident

    def condition(self, raw: Mapping[str, Any], path: str) -> Condition | None:
        """The element's `when`, if any (see `rule`)."""
        return self.rule(raw["when"], f"{path}.when") if "when" in raw else None

    def rule(self, raw: object, path: str) -> Condition | None:
        """`{question: <background question>, in: [<codes>]}`; conditions may only refer to
        background questions, which are read first (`self.background`)."""
        when = self.mapping(raw, path)
        question = self.string(when, "question", path)
        values = when.get("in")
        if (
            not isinstance(values, list)
            or not values
            or not all(isinstance(v, int) and not isinstance(v, bool) for v in values)
        ):
            self.fail(f"{path}.in", "must be a non-empty list of value codes")
            return None
        if question and question not in self.background:
            self.fail(f"{path}.question", f"unknown background question {question!r}")
        elif question:
            unknown = sorted(set(values) - set(self.background[question].values))
            if unknown:
                self.fail(f"{path}.in", f"{question} has no value(s) {unknown}")
        return Condition(question, frozenset(values))


def load_instrument(path: str | Path) -> Instrument:
    """Read and validate an instrument file; raise `InstrumentError` listing every problem."""
    path = Path(path)
    source = path.name
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise InstrumentError(str(path), [f"cannot be read: {error.strerror}"]) from error
    except UnicodeDecodeError as error:
        raise InstrumentError(source, [f"is not UTF-8 text: {error}"]) from error
    except yaml.YAMLError as error:
        raise InstrumentError(source, [f"is not valid YAML: {error}"]) from error
    return parse_instrument(raw, source)


def parse_instrument(raw: object, source: str = "<instrument>") -> Instrument:
    """Validate an already parsed YAML tree (see `load_instrument`).

    Each section of the file has its own reader below, in the order the sections depend on
    each other; every problem of every section is collected before one `InstrumentError`.
    """
    if not isinstance(raw, Mapping):
        raise InstrumentError(source, ["the top level must be a mapping"])
    languages = raw.get("languages")
    if (
        not isinstance(languages, list)
        or not languages
        or not all(isinstance(x, str) for x in languages)
    ):
        raise InstrumentError(source, ["languages: must be a non-empty list such as [nl, en]"])
    r = _Reader(languages)
    ident = r.string(raw, "id", "")
    version = raw.get("version")
    if not isinstance(version, str) or not version:
        r.fail("version", 'must be a quoted version string such as "1.0.0"')
        version = ""
    title = r.text(raw, "title", "")
    discs = _discs(r, raw.get("discs"))
    response_scales = _response_scales(r, raw.get("response_scales"))
    seen: dict[str, str] = {}  # question ids (background and items share one namespace)
    r.background = _background(r, raw.get("background", []), seen)
    items = _items(r, raw.get("items"), response_scales, seen)
    scales = _scales(r, raw.get("scales"), discs, items, seen)
    pages = _pages(r, raw.get("pages"), items, scales)
    phases = _life_phases(r, raw.get("life_phases", []), items)
    scoring = _scoring(r, raw.get("scoring"), scales)
    if r.problems:
        raise InstrumentError(source, r.problems)
    return Instrument(
        id=ident,
        version=version,
        languages=tuple(languages),
        title=title,
        discs=discs,
        response_scales=response_scales,
        items=items,
        background=r.background,
        scales=scales,
        pages=pages,
        life_phases=phases,
        scoring=scoring,
        source=source,
    )


def _discs(r: _Reader, raw: object) -> dict[str, Disc]:
    discs: dict[str, Disc] = {}
    seen: dict[str, str] = {}
    for path, spec in r.entries(raw, "discs"):
        did = r.unique_id(spec, path, seen)
        discs[did] = Disc(did, r.text(spec, "name", path))
    if not discs:
        r.fail("discs", "needs at least one disc")
    return discs


def _response_scales(r: _Reader, raw: object) -> dict[str, ResponseScale]:
    response_scales: dict[str, ResponseScale] = {}
    for key, spec in r.mapping(raw, "response_scales").items():
        path = f"response_scales.{key}"
        labels = r.code_labels(r.mapping(spec, path).get("labels"), f"{path}.labels")
        if labels and sorted(labels) != list(range(min(labels), max(labels) + 1)):
            r.fail(f"{path}.labels", "codes must be consecutive whole numbers")
        if labels:
            response_scales[str(key)] = ResponseScale(str(key), labels)
    return response_scales


def _background(r: _Reader, raw: object, seen: dict[str, str]) -> dict[str, BackgroundQuestion]:
    specs = list(r.entries(raw, "background"))
    background: dict[str, BackgroundQuestion] = {}
    for path, spec in specs:
        qid = r.unique_id(spec, path, seen)
        values = r.code_labels(spec.get("values"), f"{path}.values")
        background[qid] = BackgroundQuestion(qid, r.text(spec, "text", path), values)
    # A background question may depend on another, so conditions are read once all are known.
    r.background = background
    for path, spec in specs:
        own_id = spec.get("id")
        if isinstance(own_id, str) and own_id in background:
            when = r.condition(spec, path)
            if when is not None:
                old = background[own_id]
                background[own_id] = BackgroundQuestion(old.id, old.text, old.values, when)
    return background


def _items(
    r: _Reader, raw: object, response_scales: Mapping[str, ResponseScale], seen: dict[str, str]
) -> dict[str, Item]:
    items: dict[str, Item] = {}
    for path, spec in r.entries(raw, "items"):
        iid = r.unique_id(spec, path, seen)
        kind = spec.get("type", "likert")
        text = r.text(spec, "text", path)
        when = r.condition(spec, path)
        if kind == "likert":
            scale_key = spec.get("response_scale")
            scale = response_scales.get(scale_key) if isinstance(scale_key, str) else None
            if scale is None:
                r.fail(f"{path}.response_scale", f"unknown response scale {scale_key!r}")
            items[iid] = Item(iid, text, "likert", scale, when=when)
        elif kind == "text":
            max_length = spec.get("max_length", 1000)
            if not isinstance(max_length, int) or isinstance(max_length, bool) or max_length < 1:
                r.fail(f"{path}.max_length", "must be a positive whole number")
                max_length = 1000
            items[iid] = Item(iid, text, "text", None, max_length, when)
        else:
            r.fail(f"{path}.type", f"must be 'likert' or 'text', got {kind!r}")
    return items


def _scales(
    r: _Reader,
    raw: object,
    discs: Mapping[str, Disc],
    items: Mapping[str, Item],
    questions: Mapping[str, str],
) -> dict[str, Scale]:
    scales: dict[str, Scale] = {}
    seen: dict[str, str] = {}
    for path, spec in r.entries(raw, "scales"):
        sid = r.unique_id(spec, path, seen)
        if sid in questions:
            r.fail(f"{path}.id", f"{sid!r} is already the id of a question")
        disc = spec.get("disc")
        if discs and disc not in discs:  # without discs, `discs` is already reported
            r.fail(f"{path}.disc", f"must be one of {', '.join(discs)}, got {disc!r}")
        member_ids = [str(x) for x in r.sequence(spec.get("items"), f"{path}.items")]
        low, high = _scale_range(r, member_ids, items, path)
        reverse = _reverse_keys(r, spec, member_ids, items, path)
        scales[sid] = Scale(
            sid,
            r.text(spec, "name", path),
            str(disc),
            tuple(member_ids),
            frozenset(reverse),
            _min_answered(r, spec, len(member_ids), path),
            low,
            high,
            r.text(spec, "description", path, required=False),
        )
    return scales


def _scale_range(
    r: _Reader, member_ids: Sequence[str], items: Mapping[str, Item], path: str
) -> tuple[int, int]:
    """The response range all of a scale's items share ((0, 0) when they do not)."""
    ranges = set()
    for k, member in enumerate(member_ids):
        item = items.get(member)
        if item is None:
            r.fail(f"{path}.items[{k}]", f"unknown item {member!r}")
        elif item.type == "text":
            r.fail(f"{path}.items[{k}]", f"{member} is an open question and cannot be scored")
        elif item.response_scale is not None:  # else its unknown scale is already reported
            ranges.add((item.response_scale.min, item.response_scale.max))
    if len(set(member_ids)) != len(member_ids):
        r.fail(f"{path}.items", "lists an item twice")
    if not member_ids:
        r.fail(f"{path}.items", "needs at least one item")
    if len(ranges) > 1:
        r.fail(f"{path}.items", f"items use different response ranges {sorted(ranges)}")
    return ranges.pop() if len(ranges) == 1 else (0, 0)


def _reverse_keys(
    r: _Reader,
    spec: Mapping[str, Any],
    member_ids: Sequence[str],
    items: Mapping[str, Item],
    path: str,
) -> list[str]:
    reverse = [str(x) for x in r.sequence(spec.get("reverse", []), f"{path}.reverse")]
    for k, member in enumerate(reverse):
        if member not in member_ids:
            r.fail(f"{path}.reverse[{k}]", f"{member!r} is not one of the scale's items")
        elif member in items and items[member].type == "text":
            r.fail(f"{path}.reverse[{k}]", f"{member} has no numeric scale to reverse")
    if len(set(reverse)) != len(reverse):
        r.fail(f"{path}.reverse", "lists an item twice")
    return reverse


def _min_answered(r: _Reader, spec: Mapping[str, Any], n_items: int, path: str) -> int:
    min_answered = spec.get("min_answered", max(1, (n_items + 1) // 2))
    if (
        not isinstance(min_answered, int)
        or isinstance(min_answered, bool)
        or not 1 <= min_answered <= max(1, n_items)
    ):
        r.fail(f"{path}.min_answered", f"must be between 1 and {n_items}")
        return 1
    return min_answered


def _pages(
    r: _Reader, raw: object, items: Mapping[str, Item], scales: Mapping[str, Scale]
) -> tuple[Page, ...]:
    pages: list[Page] = []
    seen: dict[str, str] = {}
    placed: dict[str, str] = {}
    for path, spec in r.entries(raw, "pages"):
        pid = r.unique_id(spec, path, seen)
        questions = [str(x) for x in r.sequence(spec.get("questions"), f"{path}.questions")]
        for k, question in enumerate(questions):
            if question in scales:
                r.fail(f"{path}.questions[{k}]", f"{question!r} is a scale; list its items instead")
            elif question not in items and question not in r.background:
                r.fail(f"{path}.questions[{k}]", f"unknown question {question!r}")
            elif question in placed:
                r.fail(f"{path}.questions[{k}]", f"{question!r} is already on {placed[question]}")
            else:
                placed[question] = path
        title = r.text(spec, "title", path)
        intro = r.text(spec, "intro", path, required=False)
        pages.append(Page(pid, title, tuple(questions), intro, r.condition(spec, path)))
    for question in [*items, *r.background]:
        if question and question not in placed:
            r.fail("pages", f"question {question!r} is on no page")
    return tuple(pages)


def _life_phases(r: _Reader, raw: object, items: Mapping[str, Item]) -> tuple[LifePhase, ...]:
    phases: list[LifePhase] = []
    seen: dict[str, str] = {}
    for path, spec in r.entries(raw, "life_phases"):
        refs = {}
        for role in ("exploration", "commitment", "reconsideration", "technical"):
            refs[role] = r.string(spec, role, path)
            if refs[role] and refs[role] not in items:
                r.fail(f"{path}.{role}", f"unknown item {refs[role]!r}")
            elif refs[role] and items[refs[role]].type == "text":
                r.fail(f"{path}.{role}", f"{refs[role]} is an open question; needs a likert item")
        phases.append(
            LifePhase(
                r.unique_id(spec, path, seen),
                r.text(spec, "name", path),
                refs["exploration"],
                refs["commitment"],
                refs["reconsideration"],
                refs["technical"],
                _experience(r, spec.get("experience"), items, path),
                r.condition(spec, path),
            )
        )
    return tuple(phases)


def _experience(r: _Reader, experience: object, items: Mapping[str, Item], path: str) -> str | None:
    """A life phase's optional open question."""
    if experience is None:
        return None
    if not isinstance(experience, str):
        r.fail(f"{path}.experience", "must be the id of an open question")
        return None
    if experience not in items:
        r.fail(f"{path}.experience", f"unknown item {experience!r}")
    elif items[experience].type != "text":
        r.fail(f"{path}.experience", f"{experience} must be an open (text) question")
    return experience


def _scoring(r: _Reader, raw: object, scales: Mapping[str, Scale]) -> Scoring:
    spec = r.mapping(raw, "scoring")
    identity = r.mapping(spec.get("identity"), "scoring.identity")
    roles = {}
    for role in ("commitment", "exploration", "reconsideration"):
        roles[role] = r.string(identity, role, "scoring.identity")
        if roles[role] and roles[role] not in scales:
            r.fail(f"scoring.identity.{role}", f"unknown scale {roles[role]!r}")
    scale_lists = {}
    for key in ("compass_scales", "profile_indicators"):
        scale_lists[key] = tuple(str(x) for x in r.sequence(spec.get(key), f"scoring.{key}"))
        for k, sid in enumerate(scale_lists[key]):
            if sid not in scales:
                r.fail(f"scoring.{key}[{k}]", f"unknown scale {sid!r}")
        if len(scale_lists[key]) < 2:
            r.fail(f"scoring.{key}", "needs at least two scales")
    norm_group = spec.get("norm_group")
    if norm_group is not None and not isinstance(norm_group, str):
        r.fail("scoring.norm_group", "must be the id of a background question")
    elif norm_group is not None and norm_group not in r.background:
        r.fail("scoring.norm_group", f"unknown background question {norm_group!r}")
    return Scoring(
        roles["commitment"],
        roles["exploration"],
        roles["reconsideration"],
        scale_lists["compass_scales"],
        scale_lists["profile_indicators"],
        norm_group if isinstance(norm_group, str) else None,
        _population(r, spec.get("population", {})),
    )


def _population(r: _Reader, raw: object) -> dict[str, Condition]:
    population: dict[str, Condition] = {}
    for name, spec in r.mapping(raw, "scoring.population").items():
        group = r.rule(spec, f"scoring.population.{name}")
        if group is not None:
            population[str(name)] = group
    return population


def available_instruments() -> list[str]:
    """Ids of the instruments shipped with Kompas."""
    return sorted(path.stem for path in INSTRUMENTS_DIR.glob("*.yaml"))


@cache
def get_instrument(instrument_id: str) -> Instrument:
    """A shipped instrument by id (`kompas-1`), or an institution's own definition file by
    its path (ending in .yaml or .yml); `ValueError` names the shipped ones."""
    if instrument_id.endswith((".yaml", ".yml")):
        return load_instrument(instrument_id)
    path = INSTRUMENTS_DIR / f"{instrument_id}.yaml"
    if not path.is_file():
        known = ", ".join(available_instruments()) or "none"
        raise ValueError(f"unknown instrument {instrument_id!r}; shipped instruments: {known}")
    instrument = load_instrument(path)
    if instrument.id != instrument_id:
        raise InstrumentError(
            path.name, [f"id: is {instrument.id!r}, the file name says {instrument_id!r}"]
        )
    return instrument
