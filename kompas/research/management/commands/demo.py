"""`kompas demo`: generate a synthetic cohort, score it and print a short summary."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from kompas.psychometrics.answers import read_answers_csv
from kompas.psychometrics.instrument import get_instrument
from kompas.psychometrics.reference import REFERENCE_DIR, load_reference
from kompas.research.summary import cohort_summary


class Command(BaseCommand):
    help = "Generate a synthetic cohort, score it with kompas-1 and print a summary."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--n", type=int, default=2000)
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args: Any, **options: Any) -> None:
        folder = Path(settings.DATA_DIR)
        folder.mkdir(parents=True, exist_ok=True)
        answers_path = folder / "demo-answers.csv"
        scores_path = folder / "demo-scores.csv"
        call_command(
            "synth",
            n=options["n"],
            seed=options["seed"],
            output=str(answers_path),
            stdout=self.stdout,
        )
        call_command(
            "score",
            str(answers_path),
            output=str(scores_path),
            stdout=self.stdout,
            stderr=self.stderr,
        )
        instrument = get_instrument("kompas-1")
        answers = read_answers_csv(answers_path, instrument).answers
        assessed = pd.read_csv(
            scores_path, index_col="respondent", keep_default_na=False, na_values=[""]
        ).fillna({"identity_status": "", "profile": ""})
        reference = load_reference(REFERENCE_DIR / instrument.id)
        self.stdout.write("")
        for line in cohort_summary(answers, assessed, synthetic=reference.synthetic):
            self.stdout.write(line)
        self.stdout.write(f"\nanswers: {answers_path}\nscores:  {scores_path}")
