"""Benchmark: score 1,000,000 synthetic respondents x every kompas-1 item.

The floor is the least any scoring must do: a plain numpy masked mean over the same int8
matrix (every cell read once, missing cells masked out), in chunks of the same size. Both run
in the same process on the same data; the ratio is what counts, since the machine is shared.
Goals: ratio <= 1.5 and peak memory under 3 GB.

    python bench/scoring.py [--n 1000000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import resource
import time
import tracemalloc
from collections.abc import Callable

import numpy as np

from kompas.psychometrics.instrument import get_instrument
from kompas.psychometrics.scoring import MISSING, score_matrix
from kompas.psychometrics.synthetic import generate_population

CHUNK = 1 << 16


def answer_matrix(n: int) -> tuple[np.ndarray, list[str]]:
    """n synthetic respondents as int8 codes (MISSING = -1), built 100,000 at a time."""
    instrument = get_instrument("kompas-1")
    columns = [i.id for i in instrument.items.values() if i.is_numeric]
    matrix = np.empty((n, len(columns)), dtype=np.int8)
    step = 100_000
    for start in range(0, n, step):
        size = min(step, n - start)
        block = generate_population(instrument, size, seed=start).answers[columns].to_numpy()
        matrix[start : start + size] = np.where(np.isnan(block), MISSING, block)
    return matrix, columns


def floor_masked_mean(matrix: np.ndarray) -> np.ndarray:
    result = np.empty(matrix.shape[0], dtype=np.float64)
    for start in range(0, matrix.shape[0], CHUNK):
        block = matrix[start : start + CHUNK]
        answered = block != MISSING
        total = np.where(answered, block, 0).sum(axis=1, dtype=np.int32)
        result[start : start + CHUNK] = total / answered.sum(axis=1)
    return result


def best_time(task: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        task()
        times.append(time.perf_counter() - started)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    instrument = get_instrument("kompas-1")
    scales = list(instrument.scales.values())
    matrix, columns = answer_matrix(args.n)
    print(
        f"{args.n:,} respondents x {len(columns)} items (int8, {matrix.nbytes / 1e6:.0f} MB), "
        f"{len(scales)} scales"
    )

    scores = score_matrix(matrix, columns, scales)  # warm up, and check the result
    assert scores.shape == (args.n, len(scales))
    floor_masked_mean(matrix)

    kompas = best_time(lambda: score_matrix(matrix, columns, scales), args.repeat)
    one_thread = best_time(lambda: score_matrix(matrix, columns, scales, threads=1), args.repeat)
    floor = best_time(lambda: floor_masked_mean(matrix), args.repeat)

    tracemalloc.start()
    score_matrix(matrix, columns, scales)
    _, scoring_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    peak_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024

    print(f"kompas score_matrix : {kompas:8.3f} s  ({kompas / args.n * 1e6:.2f} us/respondent)")
    print(f"  on one thread     : {one_thread:8.3f} s")
    print(f"floor masked mean   : {floor:8.3f} s  (one thread)")
    print(
        f"ratio               : {kompas / floor:8.2f}  (goal <= 1.5; "
        f"{one_thread / floor:.2f} on one thread)"
    )
    print(f"memory while scoring: {scoring_peak / 1e6:8.0f} MB beyond the input")
    print(f"peak process memory : {peak_rss / 1e9:8.2f} GB  (goal < 3 GB)")


if __name__ == "__main__":
    main()
