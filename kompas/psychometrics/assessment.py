"""A respondent's whole assessment: scores, z-scores, identity status, persona,
life-phase statuses, prototypicality and profile, for many respondents at once.

This is what `kompas score` writes and what the report is built from. Classification always
uses z-scores against the overall norms, the ones the centroids and the profile model were
derived on; the z-scores shown are against the respondent's own norm group when it has norms.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from kompas.psychometrics.identity import identity_status, life_phase_statuses, split_status
from kompas.psychometrics.instrument import Instrument
from kompas.psychometrics.personas import load_personas
from kompas.psychometrics.profiles import assign_profiles
from kompas.psychometrics.prototypicality import prototypicality
from kompas.psychometrics.reference import Reference, identity_columns
from kompas.psychometrics.scoring import scale_scores

__all__ = ["assess"]


def _identity(
    scores: pd.DataFrame,
    overall_z: pd.DataFrame | None,
    instrument: Instrument,
    reference: Reference,
) -> pd.DataFrame:
    columns = identity_columns(instrument)
    if overall_z is not None and reference.centroids is not None:
        statuses, distances = identity_status(overall_z[columns], reference.centroids)
        result = pd.DataFrame(
            {"identity_status": statuses, "identity_method": "centroid"}, index=scores.index
        )
        distances.index = scores.index
        return pd.concat([result, distances.add_prefix("distance_")], axis=1)
    # No centroids: split at z = 0 when there are norms, else at the scale midpoint.
    if overall_z is not None:
        values, method = overall_z[columns].to_numpy(), "split_z0"
    else:
        mid = np.array([(instrument.scales[c].min + instrument.scales[c].max) / 2 for c in columns])
        values, method = scores[columns].to_numpy() - mid, "split_midpoint"
    return pd.DataFrame(
        {"identity_status": split_status(values), "identity_method": method}, index=scores.index
    )


def assess(answers: pd.DataFrame, instrument: Instrument, reference: Reference) -> pd.DataFrame:
    """Score and classify every row of `answers` (one column per question id, NaN = missing).

    Columns: one per scale (the score), ``norm_group``, ``z_<scale>``, ``identity_status``,
    ``identity_method``, ``distance_<status>``, ``persona``, ``phase_<phase>``,
    ``proto_shape``, ``proto_distance``, ``proto_distinctive``, ``profile``,
    ``p_<profile>`` and ``reference_synthetic``. Parts whose reference is missing are left
    out, except the identity status, which falls back to a split.
    """
    scores = scale_scores(answers, instrument)
    parts = [scores]
    overall_z = None
    norms = reference.norms
    if norms is not None:
        group_by = instrument.scoring.norm_group
        groups = answers[group_by] if group_by and group_by in answers else None
        shown_z = norms.standardise(scores, groups)
        parts.append(pd.DataFrame({"norm_group": norms.groups_used(scores.index, groups)}))
        parts.append(shown_z.add_prefix("z_"))
        overall_z = norms.standardise(scores)

    identity = _identity(scores, overall_z, instrument, reference)
    personas = load_personas()
    identity.insert(
        2,
        "persona",
        identity["identity_status"].map(lambda s: personas[s].name if s in personas else ""),
    )
    parts.append(identity)

    phases = [
        (p.id, p.commitment, p.exploration, p.reconsideration) for p in instrument.life_phases
    ]
    parts.append(life_phase_statuses(answers, phases).add_prefix("phase_"))

    if reference.prototype is not None:
        parts.append(prototypicality(scores, reference.prototype))
    if reference.profiles is not None and overall_z is not None:
        model = reference.profiles
        labels, probabilities = assign_profiles(model, overall_z[list(model.indicators)])
        profile = pd.DataFrame(
            probabilities, index=scores.index, columns=[f"p_{label}" for label in model.labels]
        )
        profile.insert(0, "profile", pd.Series(labels, index=scores.index).fillna(""))
        parts.append(profile)
    result = pd.concat(parts, axis=1)
    result["reference_synthetic"] = reference.synthetic
    return result
