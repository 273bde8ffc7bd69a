"""Every word of the interface exists in Dutch and English."""

from __future__ import annotations

from pathlib import Path

import polib
from django.test import SimpleTestCase
from django.utils import translation

CATALOGUE = Path(__file__).resolve().parents[2] / "locale/nl/LC_MESSAGES/django.po"


class TheDutchCatalogue(SimpleTestCase):
    def test_every_message_has_a_dutch_translation(self):
        catalogue = polib.pofile(str(CATALOGUE))
        self.assertGreater(len(catalogue), 50)
        untranslated = [e.msgid for e in catalogue if not e.msgstr or "fuzzy" in e.flags]
        self.assertEqual(untranslated, [])

    def test_the_compiled_catalogue_is_used(self):
        with translation.override("nl"):
            self.assertEqual(translation.gettext("Next"), "Volgende")
        with translation.override("en"):
            self.assertEqual(translation.gettext("Next"), "Next")

    def test_placeholders_survive_translation(self):
        for entry in polib.pofile(str(CATALOGUE)):
            for placeholder in ("%(", "__A__", "__T__"):
                self.assertEqual(
                    entry.msgid.count(placeholder), entry.msgstr.count(placeholder), entry.msgid
                )
