"""`kompas score INPUT.csv --instrument ID --output OUT.csv`: score answers from anywhere."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from kompas.cli.files import write_csv_atomically
from kompas.psychometrics.answers import AnswerFileError, read_answers_csv
from kompas.psychometrics.assessment import assess
from kompas.psychometrics.instrument import get_instrument
from kompas.psychometrics.reference import REFERENCE_DIR, Reference, load_reference


class Command(BaseCommand):
    # Scoring a file needs no database, URLs or templates: skip the system checks (2 s).
    requires_system_checks: list[str] = []
    help = (
        "Score a CSV of answers (a 'respondent' column and one column per item id; an empty "
        "cell is a missing answer) and write scores, z-scores, identity status, persona, "
        "prototypicality and profile per respondent."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("input", metavar="INPUT.csv")
        parser.add_argument("--instrument", default="kompas-1")
        parser.add_argument("--output", required=True, metavar="OUT.csv")
        parser.add_argument(
            "--reference",
            metavar="DIR",
            help="folder with norms.json, centroids.json, prototype.json, profiles.json "
            "(default: the shipped synthetic demonstration set of the instrument)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            instrument = get_instrument(options["instrument"])
            folder = Path(options["reference"] or REFERENCE_DIR / instrument.id)
            reference = load_reference(folder) if folder.is_dir() else Reference()
            if options["reference"] and not folder.is_dir():
                raise ValueError(f"{folder}: no such folder")
            with tqdm(desc="reading", unit=" respondents", disable=None, file=sys.stderr) as bar:
                answer_file = read_answers_csv(options["input"], instrument, progress=bar.update)
            result = assess(answer_file.answers, instrument, reference)
            write_csv_atomically(result, options["output"])
        except (AnswerFileError, ValueError, OSError) as error:
            raise CommandError(str(error), returncode=2) from error
        if answer_file.ignored_columns:
            ignored = answer_file.ignored_columns
            names = ", ".join(ignored[:8]) + (
                f" and {len(ignored) - 8} more" if len(ignored) > 8 else ""
            )
            self.stderr.write(
                f"note: ignored {len(ignored)} column(s) that are not numeric questions of "
                f"{instrument.id}: {names}"
            )
        if reference.synthetic:
            self.stderr.write(
                "note: z-scores, statuses, prototypicality and profiles are relative to "
                "SYNTHETIC demonstration norms, not to real respondents"
            )
        self.stdout.write(f"scored {len(result)} respondents; wrote {options['output']}")
