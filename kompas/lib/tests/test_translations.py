"""Every word of the interface exists in Dutch and English, in the one catalogue django.po."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import polib
from django.test import SimpleTestCase
from django.utils import translation

KOMPAS = Path(__file__).resolve().parents[2]
CATALOGUE = Path("locale/nl/LC_MESSAGES/django.po")
NEXT = "Next"  # not a literal in gettext(), so that makemessages does not list this file


def messages(catalogue: polib.POFile) -> set[str]:
    return {entry.msgid for entry in catalogue if not entry.obsolete}


def extracted_catalogue() -> polib.POFile:
    """django.po as `makemessages` leaves it, made in a copy of the package."""
    with tempfile.TemporaryDirectory() as scratch:
        copy = Path(scratch) / "kompas"
        shutil.copytree(KOMPAS, copy, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
        subprocess.run(
            [sys.executable, "-m", "kompas", "makemessages", "--locale", "nl"],
            cwd=copy,
            check=True,
            capture_output=True,
        )
        return polib.pofile(str(copy / CATALOGUE))


class TheDutchCatalogue(SimpleTestCase):
    def test_it_holds_exactly_the_messages_of_the_code_and_templates(self):
        extracted = messages(extracted_catalogue())
        committed = messages(polib.pofile(str(KOMPAS / CATALOGUE)))
        self.assertGreater(len(extracted), 50)
        self.assertEqual(
            {
                "in the code, not yet in django.po": sorted(extracted - committed),
                "in django.po, no longer in the code": sorted(committed - extracted),
            },
            {"in the code, not yet in django.po": [], "in django.po, no longer in the code": []},
            "run `make po` and translate (docs/translations.md)",
        )

    def test_every_message_has_a_dutch_translation(self):
        catalogue = polib.pofile(str(KOMPAS / CATALOGUE))
        untranslated = [e.msgid for e in catalogue if not e.msgstr and not e.obsolete]
        fuzzy = [e.msgid for e in catalogue if e.fuzzy and not e.obsolete]
        self.assertEqual(
            {"untranslated": untranslated, "fuzzy": fuzzy}, {"untranslated": [], "fuzzy": []}
        )

    def test_the_compiled_catalogue_is_used(self):
        with translation.override("nl"):
            self.assertEqual(translation.gettext(NEXT), "Volgende")
        with translation.override("en"):
            self.assertEqual(translation.gettext(NEXT), "Next")

    def test_placeholders_survive_translation(self):
        for entry in polib.pofile(str(KOMPAS / CATALOGUE)):
            for placeholder in ("%(", "__A__", "__T__"):
                self.assertEqual(
                    entry.msgid.count(placeholder), entry.msgstr.count(placeholder), entry.msgid
                )
