"""`kompas instrument validate FILE` and `kompas instrument show ID [--format json]`."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from kompas.psychometrics.instrument import (
    InstrumentError,
    get_instrument,
    load_instrument,
)


class Command(BaseCommand):
    help = "Validate an instrument definition file, or show a shipped instrument."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        validate = actions.add_parser("validate", help="validate an instrument YAML file")
        validate.add_argument("file")
        show = actions.add_parser("show", help="show a shipped instrument")
        show.add_argument("instrument_id", metavar="ID")
        show.add_argument("--format", choices=["json", "text"], default="text")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            if options["action"] == "validate":
                instrument = load_instrument(options["file"])
                counts = ", ".join(
                    f"{number} {noun}{'' if number == 1 else 's'}"
                    for number, noun in (
                        (len(instrument.items), "item"),
                        (len(instrument.background), "background question"),
                        (len(instrument.scales), "scale"),
                        (len(instrument.pages), "page"),
                    )
                )
                self.stdout.write(
                    f"{options['file']}: valid instrument {instrument.id} "
                    f"{instrument.version} ({counts})"
                )
                return
            instrument = get_instrument(options["instrument_id"])
        except (InstrumentError, ValueError) as error:
            raise CommandError(str(error), returncode=2) from error
        if options["format"] == "json":
            self.stdout.write(json.dumps(instrument.to_dict(), indent=2, ensure_ascii=False))
            return
        self.stdout.write(f"{instrument.id} {instrument.version}: {instrument.title['en']}")
        for scale in instrument.scales.values():
            keyed = ", ".join(f"{i}{' (R)' if i in scale.reverse else ''}" for i in scale.items)
            self.stdout.write(f"  {scale.id:<28} {scale.disc:<15} {keyed}")
