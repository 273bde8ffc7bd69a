"""The shared base test case, with named people and places."""

from __future__ import annotations

from django.test import TestCase

from kompas.cohorts.models import Cohort, Institution, Invitation
from kompas.psychometrics.instrument import get_instrument

__all__ = ["KompasTestCase"]


class KompasTestCase(TestCase):
    """Hogeschool Oost (made up) with an open first-year cohort and one invitation."""

    institution: Institution
    cohort: Cohort
    cohort_token: str
    invitation: Invitation
    invitation_token: str

    @classmethod
    def setUpTestData(cls) -> None:
        instrument = get_instrument("kompas-1")
        cls.institution = Institution.objects.create(name="Hogeschool Oost", slug="oost")
        cls.cohort = Cohort(
            institution=cls.institution,
            name="Eerstejaars 2026",
            instrument_id=instrument.id,
            instrument_version=instrument.version,
            wave="start",
            population="student",
        )
        cls.cohort_token = cls.cohort.new_link()
        cls.cohort.save()
        cls.invitation, cls.invitation_token = Invitation.issue(cls.cohort, "anna@example.nl")
