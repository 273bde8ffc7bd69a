"""The command line: `kompas synth`, `kompas score`, `kompas instrument`, `kompas reference`."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pandas as pd
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from kompas.psychometrics.identity import STATUSES
from kompas.psychometrics.instrument import get_instrument

KOMPAS = get_instrument("kompas-1")


def run(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def kompas(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """The real console command, as a user runs it."""
    env = {**os.environ, "KOMPAS_DATA_DIR": str(cwd / "data")}
    return subprocess.run(
        [sys.executable, "-m", "kompas", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        timeout=300,
    )


@pytest.fixture(scope="module")
def synthetic_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("synth") / "answers.csv"
    run("synth", "--n", "300", "--seed", "5", "--output", str(path))
    return path


def test_synth_writes_one_row_per_respondent_and_one_column_per_numeric_question(synthetic_file):
    answers = pd.read_csv(synthetic_file)
    assert len(answers) == 300
    assert list(answers.columns) == ["respondent", *KOMPAS.numeric_items]
    # whole numbers only, empty where not applicable (students have no years of work)
    students = answers[answers["bg_role"] == 1]
    assert students["bg_years_working"].isna().all()
    assert set(answers["int_realistic_1"].dropna().unique()) <= {1, 2, 3, 4, 5}


def test_synth_is_reproducible_from_its_seed(tmp_path, synthetic_file):
    again = tmp_path / "again.csv"
    run("synth", "--n", "300", "--seed", "5", "--output", str(again))
    assert again.read_text() == synthetic_file.read_text()


def test_score_writes_scores_z_scores_status_persona_prototypicality_and_profile(
    tmp_path, synthetic_file
):
    output = tmp_path / "scores.csv"
    out, err = run(
        "score", str(synthetic_file), "--instrument", "kompas-1", "--output", str(output)
    )
    scores = pd.read_csv(output, keep_default_na=False, na_values=[""])
    columns = list(scores.columns)
    assert columns[0] == "respondent"
    assert columns[1 : 1 + len(KOMPAS.scales)] == list(KOMPAS.scales)
    for column in [
        "z_int_realistic",
        "identity_status",
        "persona",
        "proto_shape",
        "proto_distance",
        "proto_distinctive",
        "profile",
        "p_nerd",
        "phase_childhood",
    ]:
        assert column in columns
    order = [
        columns.index(c)
        for c in [
            "int_realistic",
            "z_int_realistic",
            "identity_status",
            "persona",
            "proto_shape",
            "profile",
        ]
    ]
    assert order == sorted(order)
    assert set(scores["identity_status"]) <= set(STATUSES)
    assert set(scores["persona"]) <= {"Tim", "Joost", "Luuk", "Robin", "Sam"}
    assert scores["reference_synthetic"].all()
    assert "SYNTHETIC" in err
    assert "scored 300 respondents" in out


def test_score_matches_scoring_the_same_answers_in_python(tmp_path, synthetic_file):
    from kompas.psychometrics.scoring import scale_scores

    output = tmp_path / "scores.csv"
    run("score", str(synthetic_file), "--output", str(output))
    written = pd.read_csv(output, index_col="respondent")
    answers = pd.read_csv(synthetic_file, index_col="respondent").astype(float)
    expected = scale_scores(answers, KOMPAS)
    pd.testing.assert_frame_equal(
        written[list(KOMPAS.scales)], expected, atol=1e-5, check_dtype=False
    )


def test_score_notes_the_columns_it_ignores_once(tmp_path):
    source = tmp_path / "answers.csv"
    source.write_text("respondent,email,remark,int_realistic_1\nR1,a@b.nl,hi,4\n")
    _, err = run("score", str(source), "--output", str(tmp_path / "out.csv"))
    assert err.count("ignored 2 column(s)") == 1
    assert "email, remark" in err


def test_score_refuses_an_out_of_range_value_and_writes_nothing(tmp_path):
    source = tmp_path / "answers.csv"
    source.write_text("respondent,int_realistic_1\nR1,4\nR2,9\n")
    output = tmp_path / "out.csv"
    with pytest.raises(CommandError) as raised:
        run("score", str(source), "--output", str(output))
    assert raised.value.returncode == 2
    assert "row 2 (respondent R2), column int_realistic_1" in str(raised.value)
    assert list(tmp_path.iterdir()) == [source]


def test_the_kompas_command_exits_with_2_and_names_row_and_column(tmp_path):
    source = tmp_path / "answers.csv"
    source.write_text("respondent,int_realistic_1\nR1,4\nR2,3.5\n")
    result = kompas("score", str(source), "--output", "out.csv", cwd=tmp_path)
    assert result.returncode == 2
    assert "row 2 (respondent R2), column int_realistic_1: '3.5' is not a whole number" in (
        result.stderr
    )
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out.csv").exists()


def test_the_kompas_command_exits_with_2_for_an_unreadable_file(tmp_path):
    result = kompas("score", "missing.csv", "--output", "out.csv", cwd=tmp_path)
    assert result.returncode == 2
    assert "missing.csv: no such file" in result.stderr


def test_score_refuses_an_unknown_instrument(tmp_path, synthetic_file):
    with pytest.raises(CommandError, match=r"unknown instrument 'kompas-9'.*kompas-1"):
        run(
            "score",
            str(synthetic_file),
            "--instrument",
            "kompas-9",
            "--output",
            str(tmp_path / "out.csv"),
        )


def test_instrument_show_prints_the_definition_as_json():
    out, _ = run("instrument", "show", "kompas-1", "--format", "json")
    definition = json.loads(out)
    assert definition["id"] == "kompas-1"
    scale = next(s for s in definition["scales"] if s["id"] == "id_commitment")
    assert {"id", "items", "min_answered", "min", "max"} <= set(scale)
    assert (scale["min"], scale["max"]) == (1, 5)
    assert any(item["reverse"] for item in scale["items"])
    assert all(set(item) == {"id", "reverse"} for item in scale["items"])


def test_instrument_validate_accepts_kompas_1():
    out, _ = run("instrument", "validate", str(KOMPAS_FILE))
    assert "valid instrument kompas-1" in out


def test_instrument_validate_exits_with_2_and_lists_the_problems(tmp_path):
    broken = tmp_path / "broken.yaml"
    broken.write_text(
        KOMPAS_FILE.read_text().replace("response_scale: agree5", "response_scale: agree7", 1)
    )
    result = kompas("instrument", "validate", str(broken), cwd=tmp_path)
    assert result.returncode == 2
    assert "broken.yaml: items[0].response_scale: unknown response scale 'agree7'" in result.stderr


def test_reference_build_writes_four_synthetic_files(tmp_path):
    out, _ = run("reference", "build", "--n", "2000", "--seed", "3", "--output", str(tmp_path))
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == ["centroids.json", "norms.json", "profiles.json", "prototype.json"]
    for name in names:
        assert json.loads((tmp_path / name).read_text())["synthetic"] is True
    assert "switched between Ward and k-means" in out


KOMPAS_FILE = Path(__file__).resolve().parents[2] / "psychometrics/instruments/kompas-1.yaml"
