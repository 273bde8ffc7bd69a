"""The shipped demonstration reference set: synthetic, complete, and reproducible."""

from __future__ import annotations

import json

import numpy as np
import pytest

from kompas.psychometrics.identity import STATUSES
from kompas.psychometrics.instrument import get_instrument
from kompas.psychometrics.norms import ALL
from kompas.psychometrics.reference import (
    REFERENCE_DIR,
    Reference,
    build_demo_reference,
    load_reference,
    save_reference,
)
from kompas.psychometrics.synthetic import PROFILES

KOMPAS = get_instrument("kompas-1")
SHIPPED = REFERENCE_DIR / "kompas-1"


@pytest.fixture(scope="module")
def shipped() -> Reference:
    return load_reference(SHIPPED)


def test_every_shipped_file_says_it_is_synthetic():
    for path in SHIPPED.glob("*.json"):
        assert json.loads(path.read_text())["synthetic"] is True, path.name


def test_the_norms_cover_every_scale_for_everyone_students_and_employees(shipped):
    norms = shipped.norms
    assert set(norms.groups) == {ALL, "1", "2"}
    assert set(KOMPAS.scales) <= set(norms.groups[ALL])
    assert set(KOMPAS.scales) <= set(norms.groups["1"])
    assert "SYNTHETIC" in norms.description


def test_the_centroids_name_all_five_statuses_in_roughly_the_dutch_shares(shipped):
    centroids = shipped.centroids
    assert set(centroids.centres) == set(STATUSES)
    assert centroids.shares["foreclosure"] == pytest.approx(0.32, abs=0.05)
    assert centroids.shares["achievement"] == pytest.approx(0.10, abs=0.05)
    # Gore: more than 20% switching between Ward and k-means would make it suspect.
    assert centroids.switched_share < 0.20
    commitment, exploration, reconsideration = zip(
        *[centroids.centres[s] for s in STATUSES], strict=True
    )
    assert centroids.centres["achievement"][0] > 0 < centroids.centres["achievement"][1]
    assert centroids.centres["diffusion"][0] < 0 > centroids.centres["diffusion"][1]
    assert centroids.centres["moratorium"][2] == max(reconsideration[:3] + reconsideration[4:])
    assert len(commitment) == len(exploration) == 5


def test_the_prototype_is_the_profile_of_synthetic_engineers_in_technical_roles(shipped):
    prototype = shipped.prototype
    assert prototype.scales == KOMPAS.scoring.compass_scales
    assert prototype.n > 500
    profile = dict(zip(prototype.scales, prototype.profile, strict=True))
    normative = dict(zip(prototype.scales, prototype.normative, strict=True))
    assert profile["ident_engineering"] > normative["ident_engineering"]
    assert profile["goal_specialist"] > normative["goal_specialist"]


def test_the_profile_model_has_the_five_named_profiles_with_nerds_the_largest(shipped):
    model = shipped.profiles
    assert sorted(model.labels) == sorted(PROFILES)
    assert model.indicators == KOMPAS.scoring.profile_indicators
    weights = dict(zip(model.labels, model.weights, strict=True))
    assert max(weights, key=weights.__getitem__) == "nerd"
    assert weights["nerd"] == pytest.approx(0.37, abs=0.07)


def test_a_reference_set_survives_saving_and_loading(tmp_path, shipped):
    save_reference(shipped, tmp_path)
    again = load_reference(tmp_path)
    assert again.norms == shipped.norms
    assert again.centroids == shipped.centroids
    assert again.prototype == shipped.prototype
    np.testing.assert_array_equal(again.profiles.means, shipped.profiles.means)


def test_the_shipped_set_is_what_the_documented_build_produces():
    rebuilt = build_demo_reference(KOMPAS, n=20_000, seed=2026)
    shipped = load_reference(SHIPPED)
    assert rebuilt.norms.to_dict() == shipped.norms.to_dict()
    for status in STATUSES:
        np.testing.assert_allclose(
            rebuilt.centroids.centres[status], shipped.centroids.centres[status], atol=1e-9
        )
    assert rebuilt.centroids.shares == shipped.centroids.shares
    assert rebuilt.prototype == shipped.prototype
    np.testing.assert_allclose(rebuilt.profiles.means, shipped.profiles.means, atol=1e-8)


def test_loading_an_empty_folder_says_which_files_it_needs(tmp_path):
    with pytest.raises(ValueError, match=r"holds no reference files.*norms\.json"):
        load_reference(tmp_path)


def test_loading_a_broken_file_names_it(tmp_path):
    (tmp_path / "norms.json").write_text("{not json")
    with pytest.raises(ValueError, match=r"norms\.json: cannot be read as JSON"):
        load_reference(tmp_path)
