"""Benchmark: `kompas score` end to end on 100,000 synthetic respondents x every kompas-1 item.

Times the command as a user runs it (read and check the CSV, score, classify, write the
result) beside a floor that does the least any scoring of that file must do: read the same
CSV with pandas, compute the masked mean of every scale from the instrument's items and
reverse keys, and write the scores as a CSV. Both run in this process, one after the other,
on the same file; the ratio is what counts, since the machine is shared. Goal: ratio <= 2.

    python bench/cli.py [--n 100000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from collections.abc import Callable, Sequence
from io import StringIO
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kompas.settings")

import django

django.setup()

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from django.core.management import call_command  # noqa: E402

from kompas.psychometrics.instrument import Instrument, get_instrument  # noqa: E402


def floor_score(answers_csv: Path, output: Path, instrument: Instrument) -> None:
    """pandas read_csv, the masked mean per scale after reverse keying, to_csv."""
    frame = pd.read_csv(answers_csv, index_col="respondent")
    scores = {}
    for scale in instrument.scales.values():
        block = frame[list(scale.items)].to_numpy(dtype=np.float64)
        reverse = [item in scale.reverse for item in scale.items]
        block[:, reverse] = scale.min + scale.max - block[:, reverse]
        answered = ~np.isnan(block)
        with np.errstate(invalid="ignore"):  # no answered item: NaN
            scores[scale.id] = np.where(answered, block, 0.0).sum(axis=1) / answered.sum(axis=1)
    pd.DataFrame(scores, index=frame.index).to_csv(output, float_format="%.6g")


def kompas_score(answers_csv: Path, output: Path) -> None:
    call_command(
        "score", str(answers_csv), output=str(output), stdout=StringIO(), stderr=StringIO()
    )


def best_times(tasks: Sequence[Callable[[], object]], repeat: int) -> list[float]:
    """The best time of each task; the tasks take turns, so that a busy spell of the shared
    machine slows both alike."""
    times: list[list[float]] = [[] for _ in tasks]
    for _ in range(repeat):
        for task, taken in zip(tasks, times, strict=True):
            started = time.perf_counter()
            task()
            taken.append(time.perf_counter() - started)
    return [min(taken) for taken in times]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    instrument = get_instrument("kompas-1")
    with tempfile.TemporaryDirectory(prefix="kompas-bench-cli-") as folder:
        answers_csv = Path(folder) / "answers.csv"
        started = time.perf_counter()
        call_command("synth", n=args.n, seed=1, output=str(answers_csv), stdout=StringIO())
        print(
            f"{args.n:,} synthetic respondents x {len(instrument.numeric_items)} questions "
            f"({answers_csv.stat().st_size / 1e6:.0f} MB CSV, made in "
            f"{time.perf_counter() - started:.0f} s)"
        )
        floor_csv, kompas_csv = Path(folder) / "floor.csv", Path(folder) / "scores.csv"
        kompas, floor = best_times(
            [
                lambda: kompas_score(answers_csv, kompas_csv),
                lambda: floor_score(answers_csv, floor_csv, instrument),
            ],
            args.repeat,
        )
        written = pd.read_csv(kompas_csv, index_col="respondent")
        print(
            f"kompas score  : {kompas:8.2f} s  ({len(written.columns)} columns written, "
            f"{kompas_csv.stat().st_size / 1e6:.0f} MB)"
        )
        print(f"floor (pandas): {floor:8.2f} s  ({len(instrument.scales)} scale means)")
        print(f"ratio         : {kompas / floor:8.2f}  (goal <= 2)")


if __name__ == "__main__":
    main()
