"""The report model: everything a personal report shows, built by one pure function.

`build_report` turns a stored assessment (the data `kompas.psychometrics.assessment.assess`
produced for one respondent) and the reference it was compared with into plain data in the
respondent's language. The HTML page, the PDF and the API all render this one model; no
template computes anything.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any, Literal

import yaml

from kompas.psychometrics.identity import STATUSES
from kompas.psychometrics.instrument import Instrument
from kompas.psychometrics.norms import ALL
from kompas.psychometrics.personas import load_personas
from kompas.psychometrics.prototypicality import Prototype
from kompas.psychometrics.reference import Reference

__all__ = [
    "Band",
    "Change",
    "Disc",
    "IdentitySection",
    "PhaseLine",
    "ProfileChance",
    "ProfileSection",
    "PrototypicalitySection",
    "Report",
    "ScaleDifference",
    "ScaleLine",
    "build_report",
    "load_advice",
]

ADVICE_FILE = Path(__file__).resolve().parent / "advice.yaml"

#: A z-score beyond this counts as clearly high or low (about the top or bottom sixth).
BAND = 1.0
#: A change between waves of at least this many scale points is reported.
CHANGE = 0.5
PROTOTYPICAL = 0.3
#: The prototypicality section names this many scales closest to and furthest from the
#: reference profile.
MOST_DIFFERENT = 3
#: The runner-up profile is shown beside the best-fitting one when its probability is at
#: least this share of the best one's (0.30 beside 0.60 is shown, 0.20 beside 0.70 is not).
CLOSE = 0.5


Band = Literal["high", "middle", "low", ""]


@dataclass(frozen=True)
class ScaleLine:
    """One scale of the compass."""

    id: str
    name: str
    score: float | None = field(
        metadata={"description": "the scale score (1-5); null when too few answers"}
    )
    z: float | None = field(metadata={"description": "compared with the norm group: 0 is average"})
    percentile: float | None = field(
        metadata={"description": "share of the norm group scoring lower (0-100)"}
    )
    band: Band = field(
        metadata={"description": '"high" from z = 1 up, "low" from z = -1 down, "" when missing'}
    )


@dataclass(frozen=True)
class Disc:
    """One disc of the compass with its scales, in the instrument's order."""

    id: str = field(
        metadata={"description": "interests, values, competencies, personality, goals, ..."}
    )
    name: str
    scales: tuple[ScaleLine, ...]


@dataclass(frozen=True)
class IdentitySection:
    """The way of choosing: the identity status, its persona and what they mean."""

    status: str = field(metadata={"description": "the identity status the scores are closest to"})
    status_name: str
    persona: str
    persona_summary: str
    persona_story: str
    why: str = field(metadata={"description": "why this status, in plain words"})
    typical: str = field(metadata={"description": "what is typical of this way of choosing"})
    helps: str = field(metadata={"description": "what tends to help"})
    commitment_z: float | None
    exploration_z: float | None
    reconsideration_z: float | None
    distances: Mapping[str, float] = field(
        metadata={"description": "distance to each status's centre (z units)"}
    )


@dataclass(frozen=True)
class PhaseLine:
    """One life phase: its single answers and the way of choosing they resemble."""

    id: str
    name: str
    status: str
    status_name: str
    exploration: float | None = field(metadata={"description": "the answer (1-5): options weighed"})
    commitment: float | None = field(
        metadata={"description": "the answer (1-5): certainty of the choice"}
    )
    reconsideration: float | None = field(metadata={"description": "the answer (1-5): doubt"})
    technical: float | None = field(
        metadata={"description": "the answer (1-5): technical activities"}
    )
    exploration_label: str = field(
        default="", metadata={"description": "the answer's label: options weighed; empty when none"}
    )
    commitment_label: str = field(
        default="", metadata={"description": "the answer's label: certainty; empty when none"}
    )
    reconsideration_label: str = field(
        default="", metadata={"description": "the answer's label: doubt; empty when none"}
    )
    technical_label: str = field(
        default="",
        metadata={"description": "the answer's label: technical activities; empty when none"},
    )
    experience: str = field(
        default="",
        metadata={"description": "the key experience of the phase, in the person's own words"},
    )


@dataclass(frozen=True)
class ScaleDifference:
    """How far one scale lies from the reference profile."""

    id: str
    name: str
    difference: float = field(
        metadata={
            "description": "the absolute difference from the reference profile, in standard "
            "deviations (the scale's term in the distance)"
        }
    )


@dataclass(frozen=True)
class PrototypicalitySection:
    """The resemblance to engineers in technical roles."""

    shape: float | None = field(
        metadata={"description": "correlation with the reference profile (-1 to 1)"}
    )
    distinctive: float | None = field(
        metadata={"description": "the same, after removing the average profile"}
    )
    distance: float | None = field(
        metadata={"description": "distance to the reference profile (0: the same)"}
    )
    level: Band
    text: str
    explanation: str = field(
        metadata={"description": "what prototypicality means: information, no verdict"}
    )
    reference_group: str
    closest: tuple[ScaleDifference, ...] = field(
        default=(),
        metadata={
            "description": "the three scales closest to the reference profile, closest first"
        },
    )
    furthest: tuple[ScaleDifference, ...] = field(
        default=(),
        metadata={"description": "the three scales furthest from it, furthest first"},
    )
    closer_than: float | None = field(
        default=None,
        metadata={
            "description": "share of the reference group further from the reference profile "
            "(0-100, ties counted half); null when the reference has no such distribution"
        },
    )
    synthetic: bool = field(
        default=False, metadata={"description": "true when the reference group is synthetic"}
    )


@dataclass(frozen=True)
class ProfileChance:
    """How likely one profile is."""

    label: str
    name: str
    probability: float = field(metadata={"description": "0 to 1", "ge": 0, "le": 1})


@dataclass(frozen=True)
class ProfileSection:
    """The best-fitting profile, the runner-up when it is close, and the probability of each.

    The probabilities say how well the answers fit each profile compared with the others
    (the posterior of the latent profile model), not a verdict about the person.
    """

    label: str = field(metadata={"description": "the most likely profile"})
    name: str
    description: str
    probabilities: tuple[ProfileChance, ...] = field(metadata={"description": "most likely first"})
    runner_up: ProfileChance | None = field(
        default=None,
        metadata={
            "description": "the second most likely profile when it is close: its probability "
            "is at least half the most likely one's; null otherwise"
        },
    )


@dataclass(frozen=True)
class Change:
    """A scale that moved since the previous wave."""

    scale: str
    name: str
    before: float
    after: float
    difference: float = field(metadata={"description": "after - before"})


@dataclass(frozen=True)
class Report:
    """Everything a personal report shows, in one language."""

    language: str = field(metadata={"description": "the report's language: nl or en"})
    respondent: str
    synthetic: bool = field(
        metadata={"description": "true when compared with synthetic demonstration norms"}
    )
    notes: tuple[str, ...] = field(
        metadata={"description": "notes on the norms used, to show above the report"}
    )
    compass: tuple[Disc, ...]
    identity: IdentitySection | None = field(
        metadata={"description": "null when too few answers to place"}
    )
    trajectory: tuple[PhaseLine, ...] = field(
        metadata={"description": "the status in each life phase, in order"}
    )
    prototypicality: PrototypicalitySection | None
    profile: ProfileSection | None
    strengths: tuple[str, ...]
    attention: tuple[str, ...] = field(metadata={"description": "points of attention"})
    next_steps: tuple[str, ...]
    reflection: tuple[str, ...] = field(metadata={"description": "questions to think about"})
    changes: tuple[Change, ...] | None = field(
        metadata={
            "description": "scales that moved half a point or more since the previous wave, "
            "largest first; null without a previous wave"
        }
    )
    missing: tuple[str, ...] = field(
        default_factory=tuple, metadata={"description": "what could not be calculated, and why"}
    )
    completed: date | None = field(
        default=None, metadata={"description": "the day the questionnaire was completed"}
    )


@cache
def load_advice() -> Mapping[str, Any]:
    """The advice texts by status, profile and scale (`advice.yaml`)."""
    advice: Mapping[str, Any] = yaml.safe_load(ADVICE_FILE.read_text(encoding="utf-8"))
    return advice


def _number(data: Mapping[str, Any], key: str) -> float | None:
    value = data.get(key)
    return None if value is None else float(value)


def _band(z: float | None) -> Band:
    if z is None:
        return ""
    return "high" if z >= BAND else "low" if z <= -BAND else "middle"


def _compass(
    data: Mapping[str, Any], instrument: Instrument, reference: Reference, language: str
) -> tuple[Disc, ...]:
    norms = reference.norms
    group = str(data.get("norm_group") or ALL)
    # The instrument's discs in its order; the compass shows those holding a compass scale.
    discs: dict[str, list[ScaleLine]] = {disc: [] for disc in instrument.discs}
    for scale_id in instrument.scoring.compass_scales:
        scale = instrument.scales[scale_id]
        score = _number(data, scale_id)
        z = _number(data, f"z_{scale_id}")
        percentile = None
        if norms is not None and score is not None:
            norm = norms.groups.get(group, norms.groups[ALL]).get(scale_id)
            norm = norm or norms.groups[ALL][scale_id]
            percentile = float(norm.percentile([score])[0])  # type: ignore[arg-type]
        discs[scale.disc].append(
            ScaleLine(scale_id, scale.name[language], score, z, percentile, _band(z))
        )
    return tuple(
        Disc(disc, instrument.discs[disc].name[language], tuple(lines))
        for disc, lines in discs.items()
        if lines
    )


def _identity(
    data: Mapping[str, Any], instrument: Instrument, language: str
) -> IdentitySection | None:
    status = data.get("identity_status") or ""
    if status not in STATUSES:
        return None
    persona = load_personas()[status]
    advice = load_advice()["statuses"][status]
    scoring = instrument.scoring
    return IdentitySection(
        status=status,
        status_name=persona.status_name[language],
        persona=persona.name,
        persona_summary=persona.summary[language],
        persona_story=persona.story[language],
        why=advice["why"][language],
        typical=advice["typical"][language],
        helps=advice["helps"][language],
        commitment_z=_number(data, f"z_{scoring.identity_commitment}"),
        exploration_z=_number(data, f"z_{scoring.identity_exploration}"),
        reconsideration_z=_number(data, f"z_{scoring.identity_reconsideration}"),
        distances={
            s: float(data[f"distance_{s}"])
            for s in STATUSES
            if data.get(f"distance_{s}") is not None
        },
    )


def _trajectory(
    data: Mapping[str, Any], answers: Mapping[str, Any], instrument: Instrument, language: str
) -> tuple[PhaseLine, ...]:
    personas = load_personas()
    lines = []
    for phase in instrument.life_phases:
        status = data.get(f"phase_{phase.id}") or ""
        if not status:
            continue

        def value(item: str) -> float | None:
            """The answer as a number; None when missing (also NaN, as a table holds it)."""
            raw = answers.get(item)
            number = None if raw is None or raw == "" else float(raw)
            return None if number is None or math.isnan(number) else number

        def label(item: str) -> str:
            number = value(item)
            scale = instrument.items[item].response_scale if item in instrument.items else None
            if number is None or scale is None or int(number) not in scale.labels:
                return ""
            return str(scale.labels[int(number)][language])

        experience = answers.get(phase.experience) if phase.experience else None
        lines.append(
            PhaseLine(
                id=phase.id,
                name=phase.name[language],
                status=status,
                status_name=personas[status].status_name[language] if status in personas else "",
                exploration=value(phase.exploration),
                commitment=value(phase.commitment),
                reconsideration=value(phase.reconsideration),
                technical=value(phase.technical),
                exploration_label=label(phase.exploration),
                commitment_label=label(phase.commitment),
                reconsideration_label=label(phase.reconsideration),
                technical_label=label(phase.technical),
                experience=experience.strip() if isinstance(experience, str) else "",
            )
        )
    return tuple(lines)


def _differences(
    data: Mapping[str, Any], instrument: Instrument, prototype: Prototype, language: str
) -> list[ScaleDifference]:
    """Per scale with a score, ``|x - p| / sd``: the difference between the person's and the
    reference profile's z-scores on the prototype's own scale (its cohort's mean and SD), so
    the squares of these add up to the distance; smallest first (ties in scale order)."""
    lines = []
    for scale_id, profile, sd in zip(
        prototype.scales, prototype.profile, prototype.sd, strict=True
    ):
        score = _number(data, scale_id)
        if score is not None and sd > 0 and scale_id in instrument.scales:
            name = instrument.scales[scale_id].name[language]
            lines.append(ScaleDifference(scale_id, name, abs(score - profile) / sd))
    return sorted(lines, key=lambda line: line.difference)


def _prototypicality(
    data: Mapping[str, Any], instrument: Instrument, reference: Reference, language: str
) -> PrototypicalitySection | None:
    shape = _number(data, "proto_shape")
    prototype = reference.prototype
    if prototype is None or shape is None:
        return None
    differences = _differences(data, instrument, prototype, language)
    closest = differences[:MOST_DIFFERENT]
    furthest = [line for line in differences[::-1] if line not in closest][:MOST_DIFFERENT]
    distance = _number(data, "proto_distance")
    texts = load_advice()["prototypicality"]
    distinctive = _number(data, "proto_distinctive")
    basis = distinctive if distinctive is not None else shape
    level: Band = "high" if basis >= PROTOTYPICAL else "low" if basis <= -PROTOTYPICAL else "middle"
    return PrototypicalitySection(
        shape=shape,
        distinctive=distinctive,
        distance=distance,
        level=level,
        text=texts[level][language],
        explanation=texts["explanation"][language],
        reference_group=prototype.reference_group,
        closest=tuple(closest),
        furthest=tuple(furthest),
        closer_than=prototype.closer_than(distance),
        synthetic=prototype.synthetic,
    )


def _profile(data: Mapping[str, Any], reference: Reference, language: str) -> ProfileSection | None:
    model = reference.profiles
    label = data.get("profile") or ""
    if model is None or not label:
        return None
    profiles = load_advice()["profiles"]

    def name(profile: str) -> str:
        return str(profiles[profile]["name"][language]) if profile in profiles else profile

    probabilities = sorted(
        (ProfileChance(p, name(p), float(data.get(f"p_{p}") or 0.0)) for p in model.labels),
        key=lambda chance: -chance.probability,
    )
    return ProfileSection(
        label=label,
        name=name(label),
        description=profiles[label]["description"][language] if label in profiles else "",
        probabilities=tuple(probabilities),
        runner_up=_close_runner_up(label, probabilities),
    )


def _close_runner_up(label: str, chances: Sequence[ProfileChance]) -> ProfileChance | None:
    """The most likely profile after `label`, when its probability is at least `CLOSE` times
    the probability of `label`; None when there is no such profile."""
    best = next((chance for chance in chances if chance.label == label), None)
    others = [chance for chance in chances if chance.label != label]
    if best is None or not others or best.probability <= 0:
        return None
    second = max(others, key=lambda chance: chance.probability)
    return second if second.probability >= CLOSE * best.probability else None


def _strengths_and_attention(
    compass: Sequence[Disc], language: str, *, most: int = 3
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    texts = load_advice()["scales"]
    lines = [line for disc in compass for line in disc.scales if line.z is not None]
    high = sorted((line for line in lines if line.band == "high"), key=lambda x: -(x.z or 0))
    low = sorted((line for line in lines if line.band == "low"), key=lambda x: x.z or 0)
    return (
        tuple(texts[line.id]["high"][language] for line in high[:most] if line.id in texts),
        tuple(texts[line.id]["low"][language] for line in low[:most] if line.id in texts),
    )


def _changes(
    data: Mapping[str, Any],
    previous: Mapping[str, Any] | None,
    instrument: Instrument,
    language: str,
) -> tuple[Change, ...] | None:
    if previous is None:
        return None
    changes = []
    for scale_id in instrument.scoring.compass_scales:
        before, after = _number(previous, scale_id), _number(data, scale_id)
        if before is not None and after is not None and abs(after - before) >= CHANGE:
            changes.append(
                Change(
                    scale_id,
                    instrument.scales[scale_id].name[language],
                    before,
                    after,
                    difference=after - before,
                )
            )
    return tuple(sorted(changes, key=lambda c: -abs(c.difference)))


def build_report(
    data: Mapping[str, Any],
    instrument: Instrument,
    reference: Reference,
    language: str,
    *,
    answers: Mapping[str, Any] | None = None,
    previous: Mapping[str, Any] | None = None,
    completed: date | None = None,
) -> Report:
    """The report of one assessed respondent, in `language` ("nl" or "en").

    `data` is one row of `assess` as a mapping (scale scores, ``z_<scale>``,
    ``identity_status``, ``distance_<status>``, ``phase_<phase>``, ``proto_*``, ``profile``,
    ``p_<profile>``, ``norm_group``); `answers` the raw answers (for the life-phase path);
    `previous` the data of the respondent's previous wave, when linked; `completed` the day
    the questionnaire was completed.
    """
    if language not in instrument.languages:
        raise ValueError(f"no report language {language!r}; choose one of {instrument.languages}")
    advice = load_advice()
    compass = _compass(data, instrument, reference, language)
    identity = _identity(data, instrument, language)
    prototypicality = _prototypicality(data, instrument, reference, language)
    profile = _profile(data, reference, language)
    strengths, attention = _strengths_and_attention(compass, language)

    next_steps: list[str] = []
    reflection: list[str] = []
    if identity is not None:
        status_advice = advice["statuses"][identity.status]
        next_steps += [step[language] for step in status_advice["next_steps"]]
        reflection += [question[language] for question in status_advice["reflection"]]
    if profile is not None and profile.label in advice["profiles"]:
        next_steps += [step[language] for step in advice["profiles"][profile.label]["next_steps"]]

    notes = []
    if reference.synthetic:
        notes.append(advice["synthetic_note"][language])
    group = data.get("norm_group")
    if reference.norms is not None and group == ALL and reference.norms.group_by:
        notes.append(advice["norm_fallback"][language])
    missing = []
    if (
        identity is None
        or prototypicality is None
        or profile is None
        or any(line.score is None for disc in compass for line in disc.scales)
    ):
        missing.append(advice["incomplete"][language])
    return Report(
        language=language,
        respondent=str(data.get("respondent", "")),
        synthetic=reference.synthetic,
        notes=tuple(notes),
        compass=compass,
        identity=identity,
        trajectory=_trajectory(data, answers or {}, instrument, language),
        prototypicality=prototypicality,
        profile=profile,
        strengths=strengths,
        attention=attention,
        next_steps=tuple(next_steps),
        reflection=tuple(reflection),
        changes=_changes(data, previous, instrument, language),
        missing=tuple(missing),
        completed=completed,
    )
