"""Reading answers collected anywhere: a CSV file with one row per respondent.

The file has a ``respondent`` column and one column per question id of the instrument; an
empty cell is a missing answer. Columns that are not numeric questions of the instrument
are ignored (the caller says so once). Semicolon-separated files (Dutch spreadsheet
exports) are recognised, and a UTF-8 byte-order mark is allowed.

Every value is checked: a value outside its question's range, a non-whole number or text in
a numeric column raises `AnswerFileError` naming the row and the column, before anything is
scored or written. The file is first read the fast way, numbers parsed by pandas and checked
on whole arrays; only a file with a bad cell is read again as text, to name that cell.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from kompas.psychometrics.instrument import Instrument

__all__ = ["RESPONDENT_COLUMN", "AnswerFile", "AnswerFileError", "read_answers_csv"]

RESPONDENT_COLUMN = "respondent"
_CHUNK_ROWS = 20_000
_SPARE = "\x00spare"


class AnswerFileError(ValueError):
    """The answer file cannot be used; the message names the row and column."""


@dataclass(frozen=True)
class AnswerFile:
    answers: pd.DataFrame
    ignored_columns: tuple[str, ...]


def _header(path: Path) -> tuple[str, list[str]]:
    """The delimiter (a semicolon for Dutch spreadsheet exports, else a comma) and the
    column names as written, duplicates included."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        first = handle.readline()
    delimiter = ";" if first.count(";") > first.count(",") else ","
    names = next(csv.reader([first], delimiter=delimiter), [])
    return delimiter, [name.strip() for name in names]


class _BadCell(Exception):
    """The fast reading found a cell that is not a valid answer; read again as text."""


def _respondents(chunk: pd.DataFrame, first_row: int) -> pd.Series:
    respondents = chunk[RESPONDENT_COLUMN].fillna("").str.strip()
    empty = np.flatnonzero((respondents == "").to_numpy())
    if empty.size:
        raise AnswerFileError(f"row {first_row + empty[0]}: the respondent column is empty")
    return respondents


def _valid_table(instrument: Instrument, columns: list[str]) -> tuple[np.ndarray, int]:
    """Per column, which codes from the smallest to the largest of any column are valid."""
    valid = [instrument.valid_values(column) for column in columns]
    low = min((min(v) for v in valid), default=0)
    high = max((max(v) for v in valid), default=0)
    table = np.zeros((len(columns), high - low + 1), dtype=bool)
    for k, codes in enumerate(valid):
        table[k, [code - low for code in codes]] = True
    return table, low


def _numbers_chunk(
    chunk: pd.DataFrame, first_row: int, columns: list[str], valid: tuple[np.ndarray, int]
) -> pd.DataFrame:
    """The chunk's answers, parsed by pandas as numbers, checked on the whole array at once;
    `_BadCell` when one is not a valid code (`_text_chunk` then says which)."""
    respondents = _respondents(chunk, first_row)
    numbers = chunk[columns].to_numpy(dtype=np.float64)
    table, low = valid
    code = numbers - low
    inside = (code >= 0) & (code < table.shape[1])  # False for a missing answer (NaN)
    index = np.where(inside, code, 0).astype(np.intp)
    # Each cell looked up in its own column's row of the table; a fraction fails `==`.
    valid_code = table.ravel()[index + np.arange(len(columns)) * table.shape[1]]
    if not (np.isnan(numbers) | (inside & (index == code) & valid_code)).all():
        raise _BadCell
    return pd.DataFrame(
        numbers, index=pd.Index(respondents, name=RESPONDENT_COLUMN), columns=columns
    )


def _text_chunk(
    chunk: pd.DataFrame, first_row: int, instrument: Instrument, columns: list[str]
) -> pd.DataFrame:
    """Convert one chunk of text cells to numbers, or raise naming the first bad cell."""
    respondents = _respondents(chunk, first_row)
    result: dict[str, np.ndarray] = {}
    for column in columns:
        text = chunk[column].str.strip()
        numbers = pd.to_numeric(text, errors="coerce").to_numpy(dtype=np.float64, copy=True)
        given = (text != "").to_numpy()
        valid = instrument.valid_values(column)
        low, high = min(valid), max(valid)
        bad = given & (np.isnan(numbers) | (numbers != np.round(numbers)))
        outside = given & ~bad & ~np.isin(numbers, list(valid))
        for problem, kind in ((bad, "not a whole number"), (outside, "out of range")):
            rows = np.flatnonzero(problem)
            if rows.size:
                k = int(rows[0])
                value = chunk[column].iloc[k]
                expected = (
                    f"one of {sorted(valid)}"
                    if len(valid) != high - low + 1
                    else f"a whole number from {low} to {high}"
                )
                raise AnswerFileError(
                    f"row {first_row + k} (respondent {respondents.iloc[k]}), column {column}: "
                    f"{value!r} is {kind}; expected {expected} or an empty cell"
                )
        numbers[~given] = np.nan
        result[column] = numbers
    return pd.DataFrame(result, index=pd.Index(respondents, name=RESPONDENT_COLUMN))


def _row_problem(message: str) -> str:
    """pandas counts file lines from 1 at the header; we count respondents (rows) from 1."""
    found = re.search(r"Expected (\d+) fields in line (\d+), saw (\d+)", message)
    if found is None:
        return f"cannot be read as a CSV file: {message}"
    expected, line, seen = (int(x) for x in found.groups())
    return f"row {line - 1} has {seen} cells where the header has {expected} columns"


def _chunks(
    path: Path, delimiter: str, written: list[str], numeric: set[str]
) -> Iterator[tuple[int, pd.DataFrame]]:
    """The rows of the file in chunks, each with the number of its first row; the `numeric`
    columns parsed as numbers (a cell that is not one raises `ValueError`), the rest as text."""
    # One spare column catches a cell beyond the header (a trailing delimiter is fine),
    # and index_col=False stops pandas from taking the first column as an index.
    names = [*written, _SPARE]
    reader: Iterator[pd.DataFrame] = pd.read_csv(
        path,
        sep=delimiter,
        header=None,
        skiprows=1,
        names=names,
        dtype={name: np.float64 if name in numeric else str for name in names},
        keep_default_na=False,
        na_values=[""],
        encoding="utf-8-sig",
        chunksize=_CHUNK_ROWS,
        quoting=csv.QUOTE_MINIMAL,
        index_col=False,
    )
    first_row = 1
    for chunk in reader:
        spare = chunk.pop(_SPARE).fillna("")  # a short row: its missing cells are empty
        beyond = np.flatnonzero((spare.str.strip() != "").to_numpy())
        if beyond.size:
            raise AnswerFileError(
                f"{path}: row {first_row + beyond[0]} has more cells than the header has columns"
            )
        if RESPONDENT_COLUMN not in chunk.columns:
            raise AnswerFileError(f"{path}: the header has no {RESPONDENT_COLUMN!r} column")
        yield first_row, chunk
        first_row += len(chunk)


def _read_answers(
    path: Path,
    instrument: Instrument,
    header: tuple[str, list[str]],
    columns: list[str],
    progress: Callable[[int], object] | None,
) -> list[pd.DataFrame]:
    """The checked answers, chunk by chunk: fast when every cell is valid, else read again
    as text to raise naming the first bad cell."""
    delimiter, written = header
    valid = _valid_table(instrument, columns)
    try:
        parts = []
        for first_row, chunk in _chunks(path, delimiter, written, set(columns)):
            parts.append(_numbers_chunk(chunk, first_row, columns, valid))
            if progress is not None:
                progress(len(chunk))
        return parts
    except (AnswerFileError, UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError):
        raise
    except (_BadCell, ValueError):  # pandas: a cell that is not a number
        return [
            _text_chunk(chunk.fillna(""), first_row, instrument, columns)
            for first_row, chunk in _chunks(path, delimiter, written, set())
        ]


def read_answers_csv(
    path: str | Path,
    instrument: Instrument,
    *,
    progress: Callable[[int], object] | None = None,
) -> AnswerFile:
    """Read and check an answer file; `progress` is called with each chunk's row count.

    Rows are numbered from 1 for the first respondent (the line after the header).
    """
    path = Path(path)
    if not path.is_file():
        raise AnswerFileError(f"{path}: no such file")
    try:
        delimiter, written = _header(path)
        if not any(written):
            raise AnswerFileError(f"{path}: cannot be read as a CSV file: it has no header")
        duplicated = sorted({c for c in written if written.count(c) > 1})
        if duplicated:
            raise AnswerFileError(f"{path}: the header repeats column(s) {', '.join(duplicated)}")
        numeric = set(instrument.numeric_items)
        columns = [c for c in written if c in numeric]
        ignored = tuple(c for c in written if c != RESPONDENT_COLUMN and c not in numeric)
        parts = _read_answers(path, instrument, (delimiter, written), columns, progress)
    except UnicodeDecodeError as error:
        raise AnswerFileError(
            f"{path}: is not UTF-8 text ({error.reason} at byte {error.start}); "
            "save it as CSV UTF-8"
        ) from error
    except pd.errors.ParserError as error:
        raise AnswerFileError(f"{path}: {_row_problem(str(error))}") from error
    except pd.errors.EmptyDataError as error:
        raise AnswerFileError(f"{path}: cannot be read as a CSV file: it is empty") from error
    answers = pd.concat(parts) if parts else pd.DataFrame()
    if len(answers.index) == 0:
        raise AnswerFileError(f"{path}: has a header but no respondents")
    duplicates = answers.index[answers.index.duplicated()]
    if len(duplicates):
        row = int(np.flatnonzero(answers.index.duplicated())[0]) + 1
        raise AnswerFileError(f"row {row}: respondent {duplicates[0]} appears more than once")
    full = answers.reindex(columns=instrument.numeric_items)
    return AnswerFile(full, ignored)
