"""Reading answer files: every bad cell is named by row and column, nothing is guessed."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from kompas.psychometrics.answers import AnswerFileError, read_answers_csv
from kompas.psychometrics.instrument import get_instrument

KOMPAS = get_instrument("kompas-1")


def write(tmp_path: Path, text: str, name: str = "answers.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_it_reads_answers_with_empty_cells_as_missing(tmp_path):
    path = write(
        tmp_path, "respondent,int_realistic_1,int_realistic_2,bg_role\nR1,4,,1\nR2,5,2,2\n"
    )
    answers = read_answers_csv(path, KOMPAS).answers
    assert answers.loc["R1", "int_realistic_1"] == 4.0
    assert np.isnan(answers.loc["R1", "int_realistic_2"])
    assert answers.loc["R2", "bg_role"] == 2.0
    # every numeric question of the instrument is a column, missing when not in the file
    assert list(answers.columns) == KOMPAS.numeric_items
    assert answers["goal_status_1"].isna().all()


def test_columns_that_are_not_items_are_ignored_and_listed(tmp_path):
    path = write(tmp_path, "respondent,email,int_realistic_1,lp_childhood_experience\nR1,a@b,4,x\n")
    result = read_answers_csv(path, KOMPAS)
    assert result.ignored_columns == ("email", "lp_childhood_experience")


def test_a_semicolon_separated_file_with_a_byte_order_mark_is_read(tmp_path):
    path = tmp_path / "excel.csv"
    path.write_bytes("\ufeffrespondent;int_realistic_1\nR1;3\n".encode())
    assert read_answers_csv(path, KOMPAS).answers.loc["R1", "int_realistic_1"] == 3.0


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        (
            "7",
            "row 2 (respondent R2), column int_realistic_1: '7' is out of range; "
            "expected a whole number from 1 to 5",
        ),
        ("0", "'0' is out of range"),
        ("3.5", "'3.5' is not a whole number"),
        ("vier", "'vier' is not a whole number"),
        # Cells that pandas would read as numbers or as missing are checked as written.
        ("inf", "'inf' is out of range"),
        ("nan", "'nan' is not a whole number"),
        ("NA", "'NA' is not a whole number"),
        ("-4", "'-4' is out of range"),
    ],
)
def test_a_bad_value_is_named_by_row_and_column(tmp_path, cell, message):
    path = write(tmp_path, f"respondent,int_realistic_1\nR1,4\nR2,{cell}\n")
    with pytest.raises(AnswerFileError, match=message.replace("(", r"\(").replace(")", r"\)")):
        read_answers_csv(path, KOMPAS)


def test_a_background_code_must_be_one_of_its_value_labels(tmp_path):
    path = write(tmp_path, "respondent,bg_gender\nR1,5\n")
    with pytest.raises(
        AnswerFileError,
        match=r"column bg_gender: '5' is out of range; "
        r"expected one of \[1, 2, 3, 9\]",
    ):
        read_answers_csv(path, KOMPAS)


def test_a_bad_value_far_down_a_large_file_is_named_by_its_row(tmp_path):
    rows = "".join(f"R{n},{1 + n % 5},{1 + n % 3}\n" for n in range(1, 50_001))
    path = write(tmp_path, "respondent,int_realistic_1,bg_gender\n" + rows + "R50001,4,4\n")
    with pytest.raises(
        AnswerFileError, match=r"^row 50001 \(respondent R50001\), column bg_gender: '4'"
    ):
        read_answers_csv(path, KOMPAS)


def test_a_cell_of_only_spaces_is_a_missing_answer(tmp_path):
    path = write(tmp_path, "respondent,int_realistic_1,int_realistic_2\nR1,  ,3\nR2, 4 ,\n")
    answers = read_answers_csv(path, KOMPAS).answers
    assert np.isnan(answers.loc["R1", "int_realistic_1"])
    assert answers.loc["R2", "int_realistic_1"] == 4.0


def test_a_whole_number_written_with_a_decimal_point_is_accepted(tmp_path):
    path = write(tmp_path, "respondent,int_realistic_1\nR1,4.0\n")
    assert read_answers_csv(path, KOMPAS).answers.loc["R1", "int_realistic_1"] == 4.0


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("id,int_realistic_1\nR1,4\n", "no 'respondent' column"),
        ("respondent,int_realistic_1\n", "no respondents"),
        ("respondent,int_realistic_1\nR1,4\nR1,5\n", "row 2: respondent R1 appears more than once"),
        ("respondent,int_realistic_1\n,4\n", "row 1: the respondent column is empty"),
        ("", "cannot be read as a CSV file"),
        ("respondent,int_realistic_1,int_realistic_1\nR1,4,4\n", "repeats column"),
    ],
)
def test_a_file_it_cannot_use_is_refused_with_the_reason(tmp_path, text, message):
    with pytest.raises(AnswerFileError, match=message):
        read_answers_csv(write(tmp_path, text), KOMPAS)


def test_a_file_that_is_not_text_is_refused(tmp_path):
    path = tmp_path / "answers.csv"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\xff\xfe")
    with pytest.raises(AnswerFileError, match="is not UTF-8 text"):
        read_answers_csv(path, KOMPAS)


def test_a_missing_file_is_named(tmp_path):
    with pytest.raises(AnswerFileError, match="no such file"):
        read_answers_csv(tmp_path / "nope.csv", KOMPAS)


def test_a_row_with_too_few_cells_has_its_last_answers_missing(tmp_path):
    path = write(tmp_path, "respondent,int_realistic_1,int_realistic_2\nR1,4\n")
    assert np.isnan(read_answers_csv(path, KOMPAS).answers.loc["R1", "int_realistic_2"])


def test_a_trailing_delimiter_does_not_shift_the_columns(tmp_path):
    path = write(tmp_path, "respondent,int_realistic_1,int_realistic_2\nR1,4,2,\nR2,5,3\n")
    answers = read_answers_csv(path, KOMPAS).answers
    assert list(answers.index) == ["R1", "R2"]
    assert answers.loc["R1", "int_realistic_1"] == 4.0


def test_a_row_with_more_cells_than_the_header_is_named(tmp_path):
    for rows, row in (("R1,4\nR2,5,3,1\n", 2), ("R1,4,7\nR2,5\n", 1), ("R1,4\nR2,5,3\n", 2)):
        path = write(tmp_path, "respondent,int_realistic_1\n" + rows)
        with pytest.raises(AnswerFileError, match=f"row {row} has .*cells"):
            read_answers_csv(path, KOMPAS)


def test_a_file_in_another_encoding_gets_a_hint_to_save_it_as_utf8(tmp_path):
    path = tmp_path / "latin1.csv"
    path.write_bytes("respondent,opmerking\nR1,carrière\n".encode("latin-1"))
    with pytest.raises(AnswerFileError, match="save it as CSV UTF-8"):
        read_answers_csv(path, KOMPAS)


def test_a_column_name_with_a_dot_is_just_another_column(tmp_path):
    path = write(tmp_path, "respondent,Q1,Q1.1,int_realistic_1\nR1,a,b,4\n")
    assert read_answers_csv(path, KOMPAS).ignored_columns == ("Q1", "Q1.1")
