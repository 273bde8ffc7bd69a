"""Writing result files: exactly what pandas writes with ``float_format="%.6g"``, faster."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from kompas.cli.files import format_floats, write_csv_atomically

# Values where six significant digits are hard to get right: ties and near-ties of the
# rounding, carries into a new digit, both ends of fixed notation, extremes.
HARD = [
    0.0,
    -0.0,
    2.5,
    0.1234565,
    99999.95,
    999999.5,
    9.999995,
    9.9999951,
    123456.5,
    1234565.0,
    1e-5,
    1e-4,
    0.000123456789,
    99999.9,
    1e5,
    1e6,
    999999.0,
    1e-15,
    9.9999999e19,
    1e20,
    5e-324,
    1.7976931348623157e308,
    np.inf,
    -np.inf,
    -3.0,
    -0.5,
]


def test_format_floats_writes_what_percent_6g_writes():
    rng = np.random.default_rng(7)
    values = np.concatenate(
        [
            HARD,
            rng.normal(size=20_000) * 3,
            rng.random(20_000),
            10 ** rng.uniform(-30, 30, 20_000) * rng.choice([-1, 1], 20_000),
            np.round(rng.random(20_000) * 5, 4),
        ]
    )
    # pandas applies float_format with the % operator, so that is the reference.
    assert format_floats(values) == ["%.6g" % value for value in values]  # noqa: UP031


def test_format_floats_leaves_a_missing_value_empty():
    assert format_floats(np.array([np.nan, 1.0])) == ["", "1"]


def frame_of_every_kind() -> pd.DataFrame:
    n = 30_000  # more than one block of rows
    rng = np.random.default_rng(3)
    scores = rng.normal(size=n) * 2
    scores[::7] = np.nan
    frame = pd.DataFrame(
        {
            "score": scores,
            "probability": rng.random(n) ** 12,
            "whole": np.arange(n, dtype=np.float64),
            "status": pd.Series(rng.choice(["achievement", "", "a, b", 'say "hi"'], n)),
            "maybe": pd.Series(
                [("x", "ë", None)[k] for k in rng.integers(0, 3, n)], dtype="object"
            ),
            "count": pd.array(rng.integers(0, 5, n), dtype="Int64"),
            "flag": rng.random(n) < 0.5,
            "weird, name": 1.5,
        },
        index=pd.Index([f"R{k}" for k in range(n)], name="respondent"),
    )
    frame.loc[frame.index[::5], "count"] = pd.NA
    return frame


@pytest.mark.parametrize("index", [True, False])
def test_it_writes_byte_for_byte_what_pandas_writes(tmp_path, index):
    frame = frame_of_every_kind()
    path = tmp_path / "out.csv"
    write_csv_atomically(frame, path, index=index)
    expected = frame.to_csv(index=index, float_format="%.6g", lineterminator="\n")
    assert path.read_bytes() == expected.encode()


def test_an_unnamed_index_and_an_empty_frame_are_written_as_pandas_does(tmp_path):
    frame = pd.DataFrame({"a": [1.25, np.nan]}, index=["x", "y"])
    path = tmp_path / "out.csv"
    write_csv_atomically(frame, path)
    assert path.read_text() == ",a\nx,1.25\ny,\n"
    write_csv_atomically(frame.iloc[:0], path)
    assert path.read_text() == ",a\n"


def test_it_refuses_a_folder_that_does_not_exist_and_leaves_nothing(tmp_path):
    with pytest.raises(ValueError, match="does not exist"):
        write_csv_atomically(pd.DataFrame({"a": [1.0]}), tmp_path / "nope" / "out.csv")
    assert list(tmp_path.iterdir()) == []


def test_it_refuses_a_text_with_a_nul_character_rather_than_drop_it(tmp_path):
    frame = pd.DataFrame({"a": [1.0]}, index=pd.Index(["R\x001"], name="respondent"))
    with pytest.raises(ValueError, match="column respondent: a text with a NUL character"):
        write_csv_atomically(frame, tmp_path / "out.csv")
    assert list(tmp_path.iterdir()) == []
