"""`kompas demo`: a synthetic cohort scored and summarised, then the web app with an open
demonstration cohort, served locally."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pandas as pd
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from kompas.cli.summary import cohort_summary
from kompas.cohorts.models import Cohort, Institution, Invitation
from kompas.psychometrics.answers import read_answers_csv
from kompas.psychometrics.instrument import get_instrument
from kompas.psychometrics.reference import REFERENCE_DIR, load_reference


@contextmanager
def task_worker() -> Iterator[None]:
    """Run the background-task worker (`kompas db_worker`) while the block runs."""
    worker = subprocess.Popen([sys.executable, "-m", "kompas", "db_worker", "--no-reload"])
    try:
        yield
    finally:
        worker.terminate()  # the worker finishes the task at hand, then stops
        try:
            worker.wait(timeout=10)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()


class Command(BaseCommand):
    help = "Score a synthetic cohort, then serve the web app with an open demo cohort."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--n", type=int, default=2000, help="synthetic respondents")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--port", default=os.environ.get("KOMPAS_PORT", "8000"))
        parser.add_argument("--no-server", action="store_true", help="set up, do not serve")

    def handle(self, *args: Any, **options: Any) -> None:
        folder = Path(settings.DATA_DIR)
        folder.mkdir(parents=True, exist_ok=True)
        self.summarise_synthetic_cohort(folder, options["n"], options["seed"])
        call_command("migrate", interactive=False, verbosity=0)
        cohort_link, personal_link = self.open_demo_cohort(options["port"])
        self.stdout.write(
            "\nThe web app (a demonstration institution with an open cohort):\n"
            f"  open link for everyone: {cohort_link}\n"
            f"  a personal link:        {personal_link}\n"
        )
        if not options["no_server"]:
            self.stdout.write("Press Ctrl-C to stop the server and its task worker.\n")
            with task_worker():
                call_command("runserver", f"127.0.0.1:{options['port']}", use_reloader=False)

    def summarise_synthetic_cohort(self, folder: Path, n: int, seed: int) -> None:
        answers_path = folder / "demo-answers.csv"
        scores_path = folder / "demo-scores.csv"
        call_command("synth", n=n, seed=seed, output=str(answers_path), stdout=self.stdout)
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
        for line in cohort_summary(answers, assessed, instrument, synthetic=reference.synthetic):
            self.stdout.write(line)

    def open_demo_cohort(self, port: str) -> tuple[str, str]:
        """Create (once) the demo institution and cohort; give it fresh links each run, since
        only the hashes of links are stored."""
        instrument = get_instrument("kompas-1")
        institution, _ = Institution.objects.get_or_create(
            slug="demo", defaults={"name": "Demo Hogeschool"}
        )
        cohort, _ = Cohort.objects.get_or_create(
            institution=institution,
            name="Demo cohort",
            defaults={
                "instrument_id": instrument.id,
                "instrument_version": instrument.version,
                "wave": "demo",
                "population": Cohort.Population.MIXED,
            },
        )
        token = cohort.new_link()
        cohort.closes_at = None
        cohort.save()
        _, personal = Invitation.issue(cohort)
        base = f"http://127.0.0.1:{port}"
        return f"{base}/c/{token}/", f"{base}/s/{personal}/"
