"""Reference material for scoring: norms, status centroids, a prototype and a profile model.

A reference set is four JSON files in one folder. Kompas ships a demonstration set for
kompas-1 in `reference/kompas-1/`, built from the synthetic population by
`build_demo_reference` (`kompas reference build`); every file says ``"synthetic": true`` and
everything shown from it says so too. Real norms replace it once a reference cohort exists.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from scipy.optimize import linear_sum_assignment

from kompas.psychometrics.identity import Centroids, derive_centroids
from kompas.psychometrics.instrument import Instrument
from kompas.psychometrics.norms import NormSet, build_norms
from kompas.psychometrics.profiles import ProfileModel, fit_profiles
from kompas.psychometrics.prototypicality import Prototype
from kompas.psychometrics.scoring import scale_scores
from kompas.psychometrics.synthetic import PROFILE_MEANS, PROFILES, generate_population

__all__ = [
    "REFERENCE_DIR",
    "Reference",
    "build_demo_reference",
    "identity_columns",
    "load_reference",
    "save_reference",
]

REFERENCE_DIR = Path(__file__).resolve().parent / "reference"

_FILES = {
    "norms": "norms.json",
    "centroids": "centroids.json",
    "prototype": "prototype.json",
    "profiles": "profiles.json",
}


@dataclass(frozen=True)
class Reference:
    """What scoring compares a respondent with; any part may be absent."""

    norms: NormSet | None = None
    centroids: Centroids | None = None
    prototype: Prototype | None = None
    profiles: ProfileModel | None = None

    @property
    def synthetic(self) -> bool:
        parts = [self.norms, self.centroids, self.prototype, self.profiles]
        return any(part is not None and part.synthetic for part in parts)


def identity_columns(instrument: Instrument) -> list[str]:
    """The scales of commitment, exploration and reconsideration, in that order."""
    scoring = instrument.scoring
    return [
        scoring.identity_commitment,
        scoring.identity_exploration,
        scoring.identity_reconsideration,
    ]


def load_reference(folder: str | Path) -> Reference:
    """Read a reference set; a missing file leaves that part out (`ValueError` if none)."""
    folder = Path(folder)
    raw = {}
    for part, name in _FILES.items():
        path = folder / name
        if path.is_file():
            try:
                raw[part] = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, json.JSONDecodeError) as error:
                raise ValueError(f"{path}: cannot be read as JSON: {error}") from error
    if not raw:
        raise ValueError(f"{folder} holds no reference files ({', '.join(_FILES.values())})")
    return Reference(
        norms=NormSet.from_dict(raw["norms"]) if "norms" in raw else None,
        centroids=Centroids.from_dict(raw["centroids"]) if "centroids" in raw else None,
        prototype=Prototype.from_dict(raw["prototype"]) if "prototype" in raw else None,
        profiles=ProfileModel.from_dict(raw["profiles"]) if "profiles" in raw else None,
    )


def save_reference(reference: Reference, folder: str | Path) -> list[Path]:
    """Write every present part as indented JSON; returns the paths written."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for part, name in _FILES.items():
        value = getattr(reference, part)
        if value is not None:
            path = folder / name
            text = json.dumps(value.to_dict(), indent=1, ensure_ascii=False, sort_keys=False)
            path.write_text(text + "\n", encoding="utf-8")
            written.append(path)
    return written


def _name_profiles(model: ProfileModel) -> ProfileModel:
    """Name fitted profiles after the generating profiles they are closest to."""
    truth = np.array([[PROFILE_MEANS[p].get(i, 0.0) for i in model.indicators] for p in PROFILES])
    cost = ((model.means[:, None, :] - truth[None, :, :]) ** 2).sum(axis=2)
    rows, cols = linear_sum_assignment(cost)
    names = [""] * model.n_profiles
    for row, col in zip(rows, cols, strict=True):
        names[row] = PROFILES[col]
    return model.relabel(names)


def build_demo_reference(instrument: Instrument, *, n: int = 20_000, seed: int = 2026) -> Reference:
    """The synthetic demonstration reference set for `instrument`.

    - norms: every scale, overall and per norm group (e.g. students and employees);
    - centroids: Gore's two-step clustering of the standardised identity scales;
    - prototype: the mean profile of synthetic employees in a technical occupation in the
      technical sector (the "engineers working in technical roles");
    - profiles: a five-profile latent profile model on the standardised profile indicators,
      its profiles named after the generating profiles.
    """
    population = generate_population(instrument, n, seed=seed)
    answers = population.answers
    scores = scale_scores(answers, instrument)
    group_by = instrument.scoring.norm_group
    groups = answers[group_by].rename(group_by) if group_by else None
    label = f"{instrument.id}-synthetic-demo"
    description = (
        f"SYNTHETIC demonstration reference: {n} generated respondents (seed {seed}); "
        "not real data, for demonstration only"
    )
    norms = build_norms(
        scores,
        norm_id=label,
        instrument=instrument.id,
        synthetic=True,
        groups=groups,
        description=description,
        metadata={"n": n, "seed": seed},
    )
    overall_z = norms.standardise(scores)
    centroids = derive_centroids(
        overall_z[identity_columns(instrument)],
        centroid_id=label,
        synthetic=True,
        seed=seed,
        description=description,
    )
    engineers = (
        instrument.group("employee").members(answers)
        & instrument.group("technical_occupation").members(answers)
        & instrument.group("technical_sector").members(answers)
    ).to_numpy()
    compass = list(instrument.scoring.compass_scales)
    prototype = Prototype.from_scores(
        scores[compass],
        engineers,
        prototype_id=label,
        synthetic=True,
        reference_group="synthetic employees in a technical occupation in the technical sector",
    )
    indicators = list(instrument.scoring.profile_indicators)
    model = fit_profiles(
        overall_z[indicators].dropna(),
        len(PROFILES),
        seed=seed,
        indicators=indicators,
        synthetic=True,
        version=label,
    )
    return Reference(norms, centroids, prototype, _name_profiles(model))
