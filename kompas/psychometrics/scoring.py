"""Scale scores: reverse keying and the mean of the answered items.

A respondents x items matrix is scored for many respondents at once. Missing answers are
`NaN` in a float matrix or `MISSING` (-1) in an integer matrix; the int8 form keeps a
million respondents x every kompas-1 item under 200 MB.

For a scale with items ``j`` and response range ``[lo, hi]``::

    keyed_j = lo + hi - x_j   if j is reverse keyed, else x_j
    score   = mean(keyed_j over answered j)   if answered >= min_answered, else missing

All scales are scored with one matrix product per chunk: with ``V`` the values (missing as
0), ``A`` the answered indicators, ``W`` the item weights (+1, or -1 when reversed), ``C`` the
constants (lo + hi for reversed items, else 0) and ``S`` the scale membership::

    sums = V @ W + A @ C        counts = A @ S
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from kompas.psychometrics.instrument import Instrument, Scale

__all__ = ["MISSING", "reverse_key", "scale_scores", "score_matrix"]

#: The code of a missing answer in an integer answer matrix.
MISSING = -1

_CHUNK_ROWS = 1 << 16


def reverse_key(values: np.ndarray, low: int, high: int) -> np.ndarray:
    """Reverse a response: ``low + high - value``; missing stays missing.

    >>> reverse_key(np.array([1.0, 2.0, np.nan]), 1, 5)
    array([ 5.,  4., nan])
    """
    values = np.asarray(values)
    if np.issubdtype(values.dtype, np.integer):
        return np.where(values == MISSING, MISSING, low + high - values).astype(values.dtype)
    return low + high - values


def _scale_matrices(
    columns: Sequence[str], scales: Sequence[Scale]
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The used column indices, the (2 x used) x (2 x scales) product and the minimum counts."""
    position = {name: k for k, name in enumerate(columns)}
    missing = sorted({i for s in scales for i in s.items if i not in position})
    if missing:
        raise ValueError(f"the answers have no column for item(s) {', '.join(missing)}")
    used = sorted({position[i] for s in scales for i in s.items})
    row_of = {column: row for row, column in enumerate(used)}
    p, k = len(used), len(scales)
    product = np.zeros((2 * p, 2 * k), dtype=np.float32)
    minimum = np.empty(k, dtype=np.float32)
    for col, scale in enumerate(scales):
        for item in scale.items:
            row = row_of[position[item]]
            reverse = item in scale.reverse
            product[row, col] = -1.0 if reverse else 1.0
            product[p + row, col] = float(scale.min + scale.max) if reverse else 0.0
            product[p + row, k + col] = 1.0
        minimum[col] = scale.min_answered
    return np.asarray(used), product, minimum


def score_matrix(
    values: np.ndarray,
    columns: Sequence[str],
    scales: Sequence[Scale],
    *,
    chunk_rows: int = _CHUNK_ROWS,
) -> np.ndarray:
    """Score every scale for every respondent.

    `values` is respondents x columns: float with NaN for missing, or integer with
    `MISSING`. Returns a float64 respondents x scales matrix with NaN where fewer than the
    scale's `min_answered` items were answered. A respondent's scores depend on their own
    row only.

    Example: items a, b, c on 1-5, c reversed, min_answered 2; answers (4, -, 2) give
    (4 + (1 + 5 - 2)) / 2 = 4.0.
    """
    values = np.asarray(values)
    if values.ndim != 2 or values.shape[1] != len(columns):
        raise ValueError(
            f"values must be respondents x {len(columns)} columns, got shape {values.shape}"
        )
    used, product, minimum = _scale_matrices(columns, scales)
    k = len(scales)
    result = np.empty((values.shape[0], k), dtype=np.float64)
    integer = np.issubdtype(values.dtype, np.integer)
    for start in range(0, values.shape[0], chunk_rows):
        block = values[start : start + chunk_rows, used]
        answered = block != MISSING if integer else ~np.isnan(block)
        stacked = np.empty((block.shape[0], 2 * len(used)), dtype=np.float32)
        np.multiply(block, answered, out=stacked[:, : len(used)], casting="unsafe")
        if not integer:
            np.nan_to_num(stacked[:, : len(used)], copy=False)
        stacked[:, len(used) :] = answered
        # Sums and counts of small whole numbers are exact in float32; divide in float64.
        totals = (stacked @ product).astype(np.float64)
        sums, counts = totals[:, :k], totals[:, k:]
        with np.errstate(invalid="ignore", divide="ignore"):
            scores = sums / counts
        scores[counts < minimum] = np.nan
        result[start : start + chunk_rows] = scores
    return result


def scale_scores(
    answers: pd.DataFrame, instrument: Instrument, scale_ids: Sequence[str] | None = None
) -> pd.DataFrame:
    """Scale scores of a DataFrame of answers (one column per item id, NaN = missing).

    Returns one column per scale (all of the instrument's, or `scale_ids`) with the same
    index as `answers`.
    """
    ids = list(instrument.scales) if scale_ids is None else list(scale_ids)
    unknown = [s for s in ids if s not in instrument.scales]
    if unknown:
        raise ValueError(f"{instrument.id} has no scale(s) {', '.join(unknown)}")
    scales = [instrument.scales[s] for s in ids]
    items = sorted({i for s in scales for i in s.items})
    missing = [i for i in items if i not in answers.columns]
    if missing:
        raise ValueError(f"the answers have no column for item(s) {', '.join(missing)}")
    values = answers[items].to_numpy(dtype=np.float64, na_value=np.nan)
    return pd.DataFrame(score_matrix(values, items, scales), index=answers.index, columns=ids)
