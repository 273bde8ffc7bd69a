"""`kompas reference build`: rebuild the synthetic demonstration reference set."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from kompas.psychometrics.instrument import get_instrument
from kompas.psychometrics.reference import REFERENCE_DIR, build_demo_reference, save_reference


class Command(BaseCommand):
    help = "Build the SYNTHETIC demonstration norms, centroids, prototype and profile model."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        build = actions.add_parser("build", help="build the demonstration reference set")
        build.add_argument("--instrument", default="kompas-1")
        build.add_argument("--n", type=int, default=20_000)
        build.add_argument("--seed", type=int, default=2026)
        build.add_argument("--output", metavar="DIR", help="default: the shipped folder")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            instrument = get_instrument(options["instrument"])
            reference = build_demo_reference(instrument, n=options["n"], seed=options["seed"])
            folder = Path(options["output"] or REFERENCE_DIR / instrument.id)
            written = save_reference(reference, folder)
        except (ValueError, OSError) as error:
            raise CommandError(str(error), returncode=2) from error
        centroids = reference.centroids
        if centroids is not None:
            shares = ", ".join(f"{k} {v:.0%}" for k, v in centroids.shares.items())
            self.stdout.write(
                f"status clusters: {shares}; "
                f"switched between Ward and k-means: {centroids.switched_share:.0%}"
            )
        for path in written:
            self.stdout.write(f"wrote {path}")
