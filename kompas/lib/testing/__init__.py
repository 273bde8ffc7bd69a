"""The shared base test case, with named people and places."""

from __future__ import annotations

from collections.abc import Iterable

from django.test import TestCase

from kompas.cohorts.models import Cohort, Institution, Invitation
from kompas.psychometrics.instrument import Instrument, get_instrument
from kompas.surveys import services
from kompas.surveys.models import Response

__all__ = ["KompasTestCase", "answer_the_rest"]


def answer_the_rest(response: Response, *, leaving_out: Iterable[str] = ()) -> None:
    """Answer every numeric question still open, as a student unless a role is stored: 4 on
    each statement, the first option of each choice. Stored answers stay; with them every
    scale has enough answers for the final submit."""
    instrument = services.instrument_of(response)
    stored = services.answers_of(response)
    answers = {"bg_role": 1, **stored}
    sequence = services.next_sequence(response)
    skipped = set(leaving_out)
    entries = [
        services.Entry(q, answers.get(q, _middling(instrument, q)), sequence)
        for q in sorted(services.shown_questions(instrument, answers))
        if instrument.kind(q) != "text" and q not in stored and q not in skipped
    ]
    services.save_answers(response, entries)


def _middling(instrument: Instrument, question: str) -> int:
    return 4 if instrument.kind(question) == "likert" else min(instrument.labels(question))


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
