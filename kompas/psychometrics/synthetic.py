"""A synthetic population of engineering students and employees, answering an instrument.

Used for the demo, the shipped demonstration norms, tests and benchmarks. Nothing here is
real data, and everything built from it is marked synthetic.

The generative model (docs/synthetic-population.md explains the choices):

1. **Role**: student with probability `student_share` (0.7), else employee.
2. **Profile** (Endedijk, van Veelen & Mowes 2017): Nerd 37% (the reported share), then
   Einzelgänger, Security Seeker, All-rounder and Status Seeker with assumed shares.
3. **Gender** depends on the profile (Nerds are more often men): P(woman | profile) from
   `WOMAN_SHARE`; 1% non-binary, 2% prefer not to say.
4. **Identity status** in roughly the Dutch U-MICS shares (Crocetti, Rubini & Meeus 2008:
   achievement 10%, foreclosure 32%, moratorium 20%, searching moratorium 10%,
   diffusion 28%), tilted towards foreclosure for Nerds.
5. **Latent scale scores** ``theta_s = profile mean + status mean + gender shift + e``,
   ``e ~ N(0, 0.8^2)`` (``N(0, 0.35^2)`` on the four identity scales); the means are in
   `PROFILE_MEANS`, `STATUS_MEANS` and
   `WOMAN_SHIFT` (in SD units).
6. **Item answers** ``round(3 + b_i + k_i * theta_s + u)``, clipped to 1..5, with
   ``k_i = -1`` for reverse-keyed items, a fixed item intercept ``b_i ~ U(-0.4, 0.4)`` and
   ``u ~ N(0, 0.8^2)``; 1% of answers are missing at random.
7. **Life phases**: per phase, options / certainty / doubt follow the status's exploration,
   commitment and reconsideration; technical activities follow the realistic interest.
8. **Sector and occupation**: ``logit P(technical sector) = 0.6 + 1.2 * prototypicality
   + 0.5 * identification - 1.0 * woman``, where prototypicality is the profile's
   resemblance to the Nerd profile; gender is its own term, so women leave more often
   whatever their profile, as the research found. Occupation follows the same model with its
   own noise, so sector and occupation disagree for some respondents.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from kompas.psychometrics.identity import STATUSES
from kompas.psychometrics.instrument import Condition, Instrument

__all__ = [
    "PROFILES",
    "PROFILE_MEANS",
    "PROFILE_SHARES",
    "STATUS_MEANS",
    "STATUS_SHARES",
    "Population",
    "generate_population",
]

PROFILES = ("nerd", "einzelganger", "security_seeker", "all_rounder", "status_seeker")
PROFILE_SHARES = {
    "nerd": 0.37,
    "einzelganger": 0.14,
    "security_seeker": 0.17,
    "all_rounder": 0.19,
    "status_seeker": 0.13,
}
WOMAN_SHARE = {
    "nerd": 0.15,
    "einzelganger": 0.22,
    "security_seeker": 0.30,
    "all_rounder": 0.38,
    "status_seeker": 0.24,
}
#: How much each profile resembles the prototypical engineer (drives sector choice).
PROFILE_PROTOTYPICALITY = {
    "nerd": 1.0,
    "einzelganger": 0.5,
    "security_seeker": 0.1,
    "all_rounder": -0.4,
    "status_seeker": -0.7,
}
STATUS_SHARES = {
    "achievement": 0.10,
    "foreclosure": 0.32,
    "moratorium": 0.20,
    "searching_moratorium": 0.10,
    "diffusion": 0.28,
}
NERD_STATUS_SHARES = {
    "achievement": 0.10,
    "foreclosure": 0.42,
    "moratorium": 0.15,
    "searching_moratorium": 0.08,
    "diffusion": 0.25,
}

#: Latent means (SD units) per profile; scales not named have mean 0.
PROFILE_MEANS: Mapping[str, Mapping[str, float]] = {
    "nerd": {
        "int_realistic": 0.6,
        "int_investigative": 0.9,
        "int_social": -0.5,
        "int_enterprising": -0.5,
        "int_artistic": -0.1,
        "val_independence": 0.2,
        "val_recognition": -0.3,
        "val_relationships": -0.3,
        "comp_analysis": 0.6,
        "comp_tinkering": 0.6,
        "comp_collaboration": -0.3,
        "pers_extraversion": -0.4,
        "pers_openness": 0.2,
        "goal_specialist": 1.0,
        "goal_research": 0.5,
        "goal_management": -0.4,
        "goal_status": -0.4,
        "know_technical_work": 0.4,
        "ident_engineering": 0.8,
        "dev_lifelong_learning": 0.4,
    },
    "einzelganger": {
        "int_realistic": 0.3,
        "int_investigative": 0.3,
        "int_social": -1.0,
        "int_enterprising": -0.6,
        "val_independence": 1.0,
        "val_recognition": -0.3,
        "val_relationships": -1.0,
        "comp_collaboration": -0.9,
        "pers_extraversion": -1.0,
        "pers_agreeableness": -0.4,
        "goal_specialist": 0.3,
        "goal_management": -0.6,
        "goal_status": -0.2,
        "ident_engineering": 0.2,
    },
    "security_seeker": {
        "int_conventional": 0.6,
        "int_investigative": -0.2,
        "val_security": 1.1,
        "val_independence": -0.5,
        "pers_openness": -0.5,
        "pers_emotional_stability": -0.3,
        "goal_security": 1.1,
        "goal_entrepreneur": -0.6,
        "goal_specialist": 0.1,
        "ident_engineering": -0.1,
        "dev_lifelong_learning": -0.5,
        "dev_career_adaptability": -0.4,
    },
    "all_rounder": {
        "int_realistic": -0.4,
        "int_investigative": -0.2,
        "int_social": 0.8,
        "int_artistic": 0.5,
        "int_enterprising": 0.4,
        "val_relationships": 0.7,
        "val_support": 0.4,
        "comp_collaboration": 0.8,
        "comp_project_management": 0.4,
        "pers_extraversion": 0.6,
        "pers_agreeableness": 0.4,
        "goal_specialist": -0.6,
        "ident_engineering": -0.4,
        "dev_career_adaptability": 0.3,
    },
    "status_seeker": {
        "int_realistic": -0.3,
        "int_enterprising": 0.9,
        "val_recognition": 1.1,
        "val_achievement": 0.5,
        "val_security": 0.1,
        "pers_extraversion": 0.4,
        "goal_status": 1.2,
        "goal_management": 0.9,
        "goal_entrepreneur": 0.5,
        "goal_specialist": -0.3,
        "ident_engineering": -0.5,
    },
}

#: Latent means per status on the identity scales (commitment, in-depth exploration,
#: exploration in breadth, reconsideration), after Crocetti et al. (2008), figure 1.
STATUS_MEANS: Mapping[str, Mapping[str, float]] = {
    "achievement": {
        "id_commitment": 1.0,
        "id_exploration_depth": 1.0,
        "id_exploration_breadth": 0.6,
        "id_reconsideration": -0.7,
    },
    "foreclosure": {
        "id_commitment": 0.7,
        "id_exploration_depth": -0.8,
        "id_exploration_breadth": -0.9,
        "id_reconsideration": -0.7,
    },
    "moratorium": {
        "id_commitment": -0.9,
        "id_exploration_depth": 0.1,
        "id_exploration_breadth": 0.7,
        "id_reconsideration": 1.1,
    },
    "searching_moratorium": {
        "id_commitment": 0.6,
        "id_exploration_depth": 1.0,
        "id_exploration_breadth": 0.8,
        "id_reconsideration": 1.1,
    },
    "diffusion": {
        "id_commitment": -0.9,
        "id_exploration_depth": -0.9,
        "id_exploration_breadth": -0.5,
        "id_reconsideration": -0.4,
    },
}
#: How women's latent means differ, whatever their profile: lower role confidence and
#: identification (Cech et al. 2011), somewhat more social interest.
WOMAN_SHIFT = {"ident_engineering": -0.3, "int_social": 0.2, "comp_tinkering": -0.2}

_LATENT_SD = 0.8
#: The identity scales spread less around their status mean, so the statuses form the
#: distinct clusters that Gore's two-step clustering recovers.
_IDENTITY_SD = 0.35
_LOADING = 1.0
_ITEM_NOISE = 0.8
_MISSING_RATE = 0.01
_CHUNK = 50_000


@dataclass(frozen=True)
class Population:
    """Generated answers (one column per numeric question) and the generating truth."""

    answers: pd.DataFrame
    truth: pd.DataFrame


def _table(values: Mapping[str, float], order: tuple[str, ...]) -> np.ndarray:
    return np.array([values[name] for name in order], dtype=np.float64)


def _codes(
    rng: np.random.Generator, shares: Mapping[str, float], order: tuple[str, ...], n: int
) -> np.ndarray:
    """Draw `n` category codes; code k stands for ``order[k]``."""
    p = _table(shares, order)
    return rng.choice(len(order), size=n, p=p / p.sum())


def _likert(
    rng: np.random.Generator,
    latent: np.ndarray,
    intercept: float | np.ndarray,
    loading: float = _LOADING,
) -> np.ndarray:
    raw = 3.0 + intercept + loading * latent + rng.normal(0.0, _ITEM_NOISE, latent.shape)
    return np.clip(np.rint(raw), 1, 5)


def _generate_chunk(
    rng: np.random.Generator,
    n: int,
    instrument: Instrument,
    intercepts: Mapping[str, float],
    student_share: float,
) -> tuple[dict[str, np.ndarray], pd.DataFrame]:
    student = rng.random(n) < student_share
    profile_code = _codes(rng, PROFILE_SHARES, PROFILES, n)
    profile = np.asarray(PROFILES, dtype=object)[profile_code]
    nerd = profile_code == PROFILES.index("nerd")
    u = rng.random(n)
    woman_p = _table(WOMAN_SHARE, PROFILES)[profile_code]
    gender = np.where(u < woman_p, 1, np.where(u < 0.97, 2, np.where(u < 0.98, 3, 9)))
    woman = gender == 1
    status_code = _codes(rng, STATUS_SHARES, STATUSES, n)
    status_code[nerd] = _codes(rng, NERD_STATUS_SHARES, STATUSES, int(nerd.sum()))
    status = np.asarray(STATUSES, dtype=object)[status_code]

    latent: dict[str, np.ndarray] = {}
    for scale_id in instrument.scales:
        mean = _table({p: PROFILE_MEANS[p].get(scale_id, 0.0) for p in PROFILES}, PROFILES)[
            profile_code
        ]
        mean += _table({s: STATUS_MEANS[s].get(scale_id, 0.0) for s in STATUSES}, STATUSES)[
            status_code
        ]
        mean += WOMAN_SHIFT.get(scale_id, 0.0) * woman
        spread = _IDENTITY_SD if scale_id in STATUS_MEANS[STATUSES[0]] else _LATENT_SD
        latent[scale_id] = mean + rng.normal(0.0, spread, n)
    if "ident_engineering" in latent and "id_commitment" in latent:
        latent["ident_engineering"] += 0.4 * latent["id_commitment"]

    columns: dict[str, np.ndarray] = {}
    for scale in instrument.scales.values():
        for item in scale.items:
            sign = -1.0 if item in scale.reverse else 1.0
            columns[item] = _likert(rng, sign * latent[scale.id], intercepts[item])

    status_means = np.array(
        [
            [
                STATUS_MEANS[s][d]
                for d in ("id_exploration_breadth", "id_commitment", "id_reconsideration")
            ]
            for s in STATUSES
        ]
    )[status_code]
    technical = latent.get("int_realistic", np.zeros(n))
    for phase in instrument.life_phases:
        for k, item in enumerate((phase.exploration, phase.commitment, phase.reconsideration)):
            phase_latent = status_means[:, k] + rng.normal(0.0, 0.6, n)
            columns[item] = _likert(rng, phase_latent, 0.0, loading=1.1)
        columns[phase.technical] = _likert(rng, technical + rng.normal(0.0, 0.5, n), 0.0)

    prototypicality = _table(PROFILE_PROTOTYPICALITY, PROFILES)[profile_code]
    identification = latent.get("ident_engineering", np.zeros(n))
    logit = 0.6 + 1.2 * prototypicality + 0.5 * identification - 1.0 * woman
    technical_sector = rng.random(n) < 1.0 / (1.0 + np.exp(-logit))
    technical_occupation = rng.random(n) < 1.0 / (1.0 + np.exp(-(logit + rng.normal(0.0, 1.0, n))))
    undecided = student & np.isin(status, ["moratorium", "diffusion"]) & (rng.random(n) < 0.3)

    university = rng.random(n) < np.where(nerd, 0.6, 0.4)
    as_student, as_employee = instrument.group("student"), instrument.group("employee")
    columns[as_student.question] = np.where(
        student, min(as_student.values), min(as_employee.values)
    )
    columns["bg_institution_type"] = np.where(
        student, np.where(university, 1, np.where(rng.random(n) < 0.85, 2, 3)), 4
    )
    columns["bg_programme"] = rng.choice(
        np.arange(1, 11), size=n, p=[0.16, 0.13, 0.12, 0.09, 0.17, 0.1, 0.08, 0.08, 0.05, 0.02]
    )
    columns["bg_year"] = np.where(student, rng.integers(1, 7, n), 0)
    columns["bg_years_working"] = np.where(student, 0, rng.integers(1, 5, n))
    columns["bg_gender"] = gender
    columns["bg_age_band"] = np.where(student, rng.integers(2, 5, n), rng.integers(4, 8, n))
    columns["bg_school_profile"] = np.where(
        rng.random(n) < np.where(nerd, 0.75, 0.5), 1, rng.integers(2, 7, n)
    )
    columns["bg_tech_experience"] = np.where(student, rng.integers(1, 4, n), rng.integers(3, 6, n))
    columns["bg_sector_technical"] = np.where(undecided, 3, np.where(technical_sector, 1, 2))
    columns["bg_occupation_technical"] = np.where(
        undecided, 3, np.where(technical_occupation, 1, 2)
    )

    answers = {name: np.asarray(values, dtype=np.float64) for name, values in columns.items()}
    for question in instrument.items.values():
        if question.is_numeric and question.id in answers:
            drop = rng.random(n) < _MISSING_RATE
            answers[question.id][drop] = np.nan
    for question_id in instrument.numeric_items:
        when = _condition_of(instrument, question_id)
        if when is not None:
            answers[question_id][~np.isin(answers[when.question], list(when.values))] = np.nan
    truth = pd.DataFrame(
        {
            "true_profile": profile,
            "true_status": status,
            "technical_sector": technical_sector,
            "technical_occupation": technical_occupation,
        }
    )
    return answers, truth


def _condition_of(instrument: Instrument, question_id: str) -> Condition | None:
    """The condition that hides a question: its own, or that of its page or life phase."""
    if question_id in instrument.background:
        own = instrument.background[question_id].when
    else:
        own = instrument.items[question_id].when
    if own is not None:
        return own
    for page in instrument.pages:
        if question_id in page.questions and page.when is not None:
            return page.when
    return None


def generate_population(
    instrument: Instrument, n: int, *, seed: int = 0, student_share: float = 0.7
) -> Population:
    """`n` synthetic respondents answering `instrument`, reproducible from `seed`.

    The answers have a ``respondent`` index (``S000001``, ...) and one float column per
    numeric question (NaN = missing or not applicable), in the instrument's order.
    """
    if n < 1:
        raise ValueError(f"n must be at least 1, got {n}")
    if not 0.0 <= student_share <= 1.0:
        raise ValueError(f"student_share must be between 0 and 1, got {student_share}")
    rng = np.random.default_rng(seed)
    item_rng = np.random.default_rng([seed, 1])
    intercepts = {
        item: float(item_rng.uniform(-0.4, 0.4))
        for scale in instrument.scales.values()
        for item in scale.items
    }
    order = instrument.numeric_items
    answer_parts, truth_parts = [], []
    for start in range(0, n, _CHUNK):
        size = min(_CHUNK, n - start)
        answers, truth = _generate_chunk(rng, size, instrument, intercepts, student_share)
        answer_parts.append(pd.DataFrame({q: answers.get(q, np.full(size, np.nan)) for q in order}))
        truth_parts.append(truth)
    index = pd.Index([f"S{k:06d}" for k in range(1, n + 1)], name="respondent")
    answers_frame = pd.concat(answer_parts, ignore_index=True).set_axis(index)
    truth_frame = pd.concat(truth_parts, ignore_index=True).set_axis(index)
    return Population(answers_frame, truth_frame)
