"""Writing result files: fast, and so that a failed run never leaves a partial file behind.

`write_csv_atomically` writes what ``DataFrame.to_csv(float_format="%.6g")`` writes, byte for
byte, but builds the text of whole columns at once: pandas formats each number on its own,
which on 100,000 respondents took most of the time of `kompas score`. Each cell becomes a
fixed number of byte slots, NUL where a cell does not use a slot; laying a block of rows out
side by side (cells, commas and newlines) and dropping every NUL leaves exactly the CSV text.
A text with a NUL character is refused rather than written without it.
"""

from __future__ import annotations

import csv
import io
import os
import tempfile
from collections.abc import Hashable, Iterable
from pathlib import Path

import numpy as np
import pandas as pd

__all__ = ["SIGNIFICANT", "format_floats", "write_csv_atomically"]

#: Significant digits written for a number: what ``"%.6g"`` writes.
SIGNIFICANT = 6
_ROWS_PER_BLOCK = 16384
# Within these magnitudes scaling by a power of ten is exact enough to find the six digits
# in floating point; other numbers (and infinities) are left to Python's own formatting.
_SMALLEST, _LARGEST = 1e-15, 1e20
_ZERO, _POINT, _MINUS, _E, _PLUS = (np.uint8(ord(c)) for c in "0.-e+")
_POWERS = 10.0 ** np.arange(23)  # each exact
# The three digits of 0 to 999 as bytes (one row per digit), and their trailing zeros.
_THREE_DIGITS = np.array([list(f"{k:03d}".encode()) for k in range(1000)], dtype=np.uint8).T
_TRAILING_ZEROS = np.array(
    [3] + [len(str(k)) - len(str(k).rstrip("0")) for k in range(1, 1000)], dtype=np.uint8
)


def _scaled(magnitude: np.ndarray, exponent: np.ndarray) -> np.ndarray:
    """``magnitude * 10**(5 - exponent)`` rounded once: one of the two powers of ten is 1."""
    shift = SIGNIFICANT - 1 - exponent
    up = _POWERS[np.maximum(shift, 0).astype(np.intp)]
    down = _POWERS[np.maximum(-shift, 0).astype(np.intp)]
    return magnitude * up / down


def _near_tie(scaled: np.ndarray) -> np.ndarray:
    """The product is within 1e-10 of the exact one, so only a near-tie can round either way."""
    return np.abs(scaled - np.floor(scaled) - 0.5) < 1e-8


def _significant_digits(magnitude: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The six significant digits as one whole number, the decimal exponent of the rounded
    value, and where rounding is too close to call in floating point."""
    exponent = np.floor(np.log10(magnitude))
    scaled = _scaled(magnitude, exponent)
    unsure = _near_tie(scaled)
    # log10 can be one off near a power of ten, and rounding can carry into a new digit.
    low, high = 10.0 ** (SIGNIFICANT - 1) - 0.5, 10.0**SIGNIFICANT - 0.5
    exponent = exponent + (scaled >= high) - (scaled < low)
    scaled = _scaled(magnitude, exponent)
    unsure |= _near_tie(scaled) | (scaled < low) | (scaled >= high)
    return np.rint(scaled), exponent.astype(np.int8), unsure


def _number_cells(values: np.ndarray) -> np.ndarray:
    """The bytes ``"%.6g"`` writes for each value: one column of NUL-padded slots per value,
    slots that no value uses left out; NaN is an empty cell.

    ``%g`` writes six significant digits without trailing zeros, in fixed notation when the
    rounded value's exponent is from -4 to 5 and in scientific notation otherwise. The slots:
    the sign; "0." and up to three zeros (0.000123456); six digits, each followed by a
    possible decimal point; "e", the exponent's sign and two exponent digits.
    """
    magnitude = np.abs(values)
    regular = (magnitude >= _SMALLEST) & (magnitude < _LARGEST)
    mantissa, exponent, unsure = _significant_digits(np.where(regular, magnitude, 1.0))
    high = np.floor(mantissa / 1000)
    high_index, low_index = high.astype(np.intp), (mantissa - 1000 * high).astype(np.intp)
    digits = [np.take(row, high_index) for row in _THREE_DIGITS]
    digits += [np.take(row, low_index) for row in _THREE_DIGITS]
    trailing = _TRAILING_ZEROS[low_index] + (low_index == 0) * _TRAILING_ZEROS[high_index]
    kept = SIGNIFICANT - trailing
    fixed = (exponent >= -4) & (exponent < SIGNIFICANT)
    small, large, scientific = fixed & (exponent < 0), fixed & (exponent >= 0), ~fixed
    slots = [np.signbit(values) * _MINUS]
    if small.any():
        slots += [small * _ZERO, small * _POINT]
        slots += [(small & (k < -exponent - 1)) * _ZERO for k in range(3)]
    point_after = large * exponent  # the digit the decimal point follows (0: scientific)
    for k in range(SIGNIFICANT):
        slots.append(((k < kept) | (large & (k <= exponent))) * digits[k])
        if k < SIGNIFICANT - 1:
            slots.append(((point_after == k) & (kept > k + 1) & ~small) * _POINT)
    if scientific.any():
        power = np.abs(exponent).astype(np.uint8)
        slots += [scientific * _E, scientific * np.where(exponent < 0, _MINUS, _PLUS)]
        slots += [scientific * (_ZERO + power // 10), scientific * (_ZERO + power % 10)]
    special = (~regular | unsure) & ~np.isnan(values)
    if special.any():
        slots += [np.zeros(len(values), np.uint8)] * 8  # room for the longest text of Python
    cells = np.stack(slots)
    missing = np.isnan(values) | special
    if missing.any():
        cells[:, missing] = 0
    for cell in np.flatnonzero(special):
        text = (f"%.{SIGNIFICANT}g" % values[cell]).encode()
        cells[: len(text), cell] = np.frombuffer(text, dtype=np.uint8)
    return cells[cells.any(axis=1)]


def format_floats(values: np.ndarray) -> list[str]:
    """Each number as ``"%.6g" % value`` writes it, computed on the whole array; NaN is ``""``.

    Examples
    --------
    >>> format_floats(np.array([3.14159265, -0.000123456789, 2.0, 1.5e-7, np.nan]))
    ['3.14159', '-0.000123457', '2', '1.5e-07', '']
    """
    cells = _number_cells(np.asarray(values, dtype=np.float64)).T
    return [cell[cell != 0].tobytes().decode() for cell in cells]


_SPECIAL = frozenset(',"\r\n')


def _cell_text(value: object) -> str:
    """How the csv module (and so pandas) writes one value: quoted only when it must be."""
    if value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value)):
        return ""
    text = value if isinstance(value, str) else str(value)
    if _SPECIAL.isdisjoint(text):
        return text
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="").writerow([text, ""])
    return buffer.getvalue()[:-1]


def _value_cells(values: pd.Series | pd.Index) -> np.ndarray:
    """Cells of a column that is not a float column: each distinct value is written once.
    One column of NUL-padded bytes per value, like `_number_cells`."""
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    encoded = np.array([_cell_text(value).encode() for value in uniques] + [b""], dtype=bytes)
    if any(b"\x00" in text for text in encoded):
        raise ValueError(f"column {values.name}: a text with a NUL character cannot be written")
    table = encoded.view(np.uint8).reshape(len(encoded), encoded.itemsize)
    return table.T[:, codes]  # code -1 (missing) is the empty last row


def _cells(column: pd.Series | pd.Index) -> np.ndarray:
    if isinstance(column.dtype, np.dtype) and column.dtype.kind == "f":
        return _number_cells(column.to_numpy(dtype=np.float64))
    return _value_cells(column)


def _csv_bytes(frame: pd.DataFrame, index: bool) -> Iterable[bytes]:
    names: list[Hashable] = [frame.index.name or ""] if index else []
    yield (",".join(_cell_text(name) for name in [*names, *frame.columns]) + "\n").encode()
    for start in range(0, len(frame), _ROWS_PER_BLOCK):
        block = frame.iloc[start : start + _ROWS_PER_BLOCK]
        columns = ([block.index] if index else []) + [block[name] for name in block.columns]
        comma = np.full((1, len(block)), ord(","), dtype=np.uint8)
        parts = []
        for column in columns:
            parts += [_cells(column), comma]
        parts[-1] = np.full((1, len(block)), ord("\n"), dtype=np.uint8)
        rows = _transposed(np.concatenate(parts))
        yield rows[rows != 0].tobytes()


def _transposed(slots: np.ndarray) -> np.ndarray:
    """A C-ordered transpose, in bands of slots: much faster than numpy's for bytes."""
    rows = np.empty(slots.shape[::-1], dtype=slots.dtype)
    for start in range(0, len(slots), 64):
        rows[:, start : start + 64] = slots[start : start + 64].T
    return rows


def write_csv_atomically(frame: pd.DataFrame, path: str | Path, *, index: bool = True) -> None:
    """Write `frame` as CSV to a temporary file beside `path`, then rename it into place.

    Numbers are written with six significant digits (``"%.6g"``), a missing value as an empty
    cell, text quoted only when it must be: exactly what
    ``frame.to_csv(path, index=index, float_format="%.6g")`` writes.
    """
    path = Path(path)
    if not path.parent.is_dir():
        raise ValueError(f"{path}: the folder {path.parent} does not exist")
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.writelines(_csv_bytes(frame, index))
        # mkstemp makes the file private; give it the permissions any new file would get.
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
