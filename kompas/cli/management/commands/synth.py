"""`kompas synth --n N --seed S --output FILE.csv`: answers of a synthetic population."""

from __future__ import annotations

from typing import Any

import pandas as pd
from django.core.management.base import BaseCommand, CommandError, CommandParser

from kompas.cli.files import write_csv_atomically
from kompas.psychometrics.instrument import get_instrument
from kompas.psychometrics.synthetic import generate_population


class Command(BaseCommand):
    help = "Write the answers of a synthetic population (not real people) to a CSV file."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--n", type=int, required=True, help="number of respondents")
        parser.add_argument("--seed", type=int, default=0)
        parser.add_argument("--output", required=True, help="CSV file to write")
        parser.add_argument("--instrument", default="kompas-1")
        parser.add_argument(
            "--with-truth",
            action="store_true",
            help="add the generating profile, status and sector outcome as extra columns",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            instrument = get_instrument(options["instrument"])
            population = generate_population(instrument, options["n"], seed=options["seed"])
        except ValueError as error:
            raise CommandError(str(error), returncode=2) from error
        answers = population.answers.astype("Int64")  # whole numbers, empty when missing
        frame: pd.DataFrame = answers
        if options["with_truth"]:
            frame = pd.concat([answers, population.truth], axis=1)
        try:
            write_csv_atomically(frame, options["output"])
        except (OSError, ValueError) as error:
            message = f"cannot write {options['output']}: {error}"
            raise CommandError(message, returncode=2) from error
        students = int(instrument.group("student").members(population.answers).sum())
        self.stdout.write(
            f"wrote {len(frame)} synthetic respondents ({students} students) answering "
            f"{instrument.id} to {options['output']}"
        )
