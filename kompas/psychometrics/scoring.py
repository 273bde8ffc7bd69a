"""Scale scores: reverse keying and the mean of the answered items.

A respondents x items matrix is scored for many respondents at once. Missing answers are
`NaN` in a float matrix or `MISSING` (-1) in an integer matrix; the int8 form keeps a
million respondents x every kompas-1 item under 200 MB (its response codes must lie in
0..100, so that int16 sums are exact).

For a scale with items ``j`` and response range ``[lo, hi]``::

    keyed_j = lo + hi - x_j   if j is reverse keyed, else x_j
    score   = mean(keyed_j over answered j)   if answered >= min_answered, else missing

Each chunk of respondents is turned item-major, with every scale's forward items and then
its reversed items in adjacent rows; each scale is then two sums down contiguous rows.
With ``F`` and ``R`` the sums of the answered forward and reversed values and ``n_F``,
``n_R`` the answered counts::

    score = (F + (lo + hi) * n_R - R) / (n_F + n_R)

Chunks are scored on a few threads (numpy releases the GIL), one chunk per task.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np
import pandas as pd

from kompas.psychometrics.instrument import Instrument, Scale

__all__ = ["MISSING", "reverse_key", "scale_scores", "score_matrix"]

#: The code of a missing answer in an integer answer matrix.
MISSING = -1

_CHUNK_ROWS = 1 << 14
_THREADS = min(4, os.cpu_count() or 1)


def reverse_key(values: np.ndarray, low: int, high: int) -> np.ndarray:
    """Reverse a response: ``low + high - value``; missing stays missing.

    >>> reverse_key(np.array([1.0, 2.0, np.nan]), 1, 5)
    array([ 5.,  4., nan])
    """
    values = np.asarray(values)
    if np.issubdtype(values.dtype, np.integer):
        return np.where(values == MISSING, MISSING, low + high - values).astype(values.dtype)
    return low + high - values


@dataclass(frozen=True)
class _Layout:
    """Where each scale's forward and reversed items sit in the gathered, item-major chunk."""

    order: np.ndarray  # column indices, scale by scale: forward items, then reversed
    forward: list[slice]
    reverse: list[slice]
    constant: np.ndarray  # lo + hi per scale
    minimum: np.ndarray  # min_answered per scale


def _layout(columns: Sequence[str], scales: Sequence[Scale]) -> _Layout:
    position = {name: k for k, name in enumerate(columns)}
    missing = sorted({i for s in scales for i in s.items if i not in position})
    if missing:
        raise ValueError(f"the answers have no column for item(s) {', '.join(missing)}")
    order: list[int] = []
    forward: list[slice] = []
    reverse: list[slice] = []
    for scale in scales:
        for keyed, slices in ((False, forward), (True, reverse)):
            members = [position[i] for i in scale.items if (i in scale.reverse) == keyed]
            slices.append(slice(len(order), len(order) + len(members)))
            order += members
    return _Layout(
        order=np.asarray(order, dtype=np.intp),
        forward=forward,
        reverse=reverse,
        constant=np.array([s.min + s.max for s in scales], dtype=np.float64),
        minimum=np.array([s.min_answered for s in scales], dtype=np.float64),
    )


def _sums_and_counts(rows: np.ndarray, integer: bool) -> tuple[np.ndarray, np.ndarray]:
    """Per respondent (column), the sum and number of answered values in `rows`."""
    if integer:
        count = (rows != MISSING).sum(axis=0, dtype=np.int16)
        # Each missing cell holds -1: add one back for every one of them.
        total = rows.sum(axis=0, dtype=np.int16) + (rows.shape[0] - count)
        return total, count
    answered = ~np.isnan(rows)
    return np.where(answered, rows, 0.0).sum(axis=0), answered.sum(axis=0)


def _score_chunk(block: np.ndarray, layout: _Layout, out: np.ndarray) -> None:
    integer = bool(np.issubdtype(block.dtype, np.integer))
    # Item-major: each item's answers are one contiguous row, so sums run down rows.
    gathered = np.take(block.T, layout.order, axis=0)
    for k in range(len(layout.forward)):
        forward, n_forward = _sums_and_counts(gathered[layout.forward[k]], integer)
        reverse, n_reverse = _sums_and_counts(gathered[layout.reverse[k]], integer)
        answered = n_forward + n_reverse
        with np.errstate(invalid="ignore", divide="ignore"):
            score = (forward + layout.constant[k] * n_reverse - reverse) / answered
        score[answered < layout.minimum[k]] = np.nan
        out[:, k] = score


def score_matrix(
    values: np.ndarray,
    columns: Sequence[str],
    scales: Sequence[Scale],
    *,
    chunk_rows: int = _CHUNK_ROWS,
    threads: int = _THREADS,
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
    layout = _layout(columns, scales)
    result = np.empty((values.shape[0], len(scales)), dtype=np.float64)
    starts = range(0, values.shape[0], chunk_rows)
    if len(starts) == 1 or threads < 2:
        for start in starts:
            end = start + chunk_rows
            _score_chunk(values[start:end], layout, result[start:end])
        return result
    with ThreadPoolExecutor(threads) as pool:
        tasks = [
            pool.submit(
                _score_chunk,
                values[start : start + chunk_rows],
                layout,
                result[start : start + chunk_rows],
            )
            for start in starts
        ]
        for task in tasks:
            task.result()
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
