"""Linking waves: a later report shows what changed, only when both waves consented."""

from __future__ import annotations

import math

from kompas.cohorts.models import Cohort, Invitation
from kompas.lib.testing import KompasTestCase
from kompas.psychometrics.instrument import get_instrument
from kompas.psychometrics.synthetic import generate_population
from kompas.reports.services import previous_response, report_of
from kompas.surveys import services

KOMPAS = get_instrument("kompas-1")


class LinkingWaves(KompasTestCase):
    def respond(self, invitation: Invitation, seed: int, *, linking: bool):
        response, _ = services.start_response(invitation.cohort, "en", invitation=invitation)
        services.record_consent(response, {"feedback": True, "research": True, "linking": linking})
        answers = generate_population(KOMPAS, 1, seed=seed).answers.iloc[0]
        services.save_answers(
            response,
            [
                services.Entry(str(item), int(value), 1)
                for item, value in answers.items()
                if not math.isnan(value)
            ],
        )
        services.complete(response)
        return response

    def later_wave(self) -> Invitation:
        cohort = Cohort.objects.create(
            institution=self.institution,
            name="Eerstejaars 2026",
            wave="12 months",
            instrument_version=KOMPAS.version,
            population="student",
        )
        invitation, _ = Invitation.issue(cohort, "Anna@example.nl")
        return invitation

    def test_a_later_report_shows_what_changed_since_the_linked_earlier_wave(self):
        first = self.respond(self.invitation, seed=1, linking=True)
        second = self.respond(self.later_wave(), seed=2, linking=True)
        self.assertEqual(previous_response(second), first)
        report = report_of(second)
        self.assertIsNotNone(report.changes)
        for change in report.changes or ():
            self.assertEqual(change.before, first.result.data[change.scale])
            self.assertGreaterEqual(abs(change.difference), 0.5)

    def test_without_consent_to_linking_in_either_wave_nothing_is_linked(self):
        self.respond(self.invitation, seed=1, linking=False)
        second = self.respond(self.later_wave(), seed=2, linking=True)
        self.assertIsNone(previous_response(second))
        self.assertIsNone(report_of(second).changes)

    def test_a_first_report_has_no_changes_section(self):
        first = self.respond(self.invitation, seed=1, linking=True)
        self.assertIsNone(report_of(first).changes)
