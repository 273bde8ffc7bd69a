"""Migrations keep what an existing database holds."""

from __future__ import annotations

from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import TransactionTestCase

#: The last state in which the invitation pointed to its response.
BEFORE = [("cohorts", "0002_initial"), ("surveys", "0003_response_takes_part")]


def migrate(targets=None):
    """Migrate to `targets`, by default every app's latest migration (other apps' migrations
    that depend on surveys come and go too); returns the models of that state."""
    executor = MigrationExecutor(connection)
    targets = targets or executor.loader.graph.leaf_nodes()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


class TheInvitationLink(TransactionTestCase):
    def setUp(self):
        old = migrate(BEFORE)
        institution = old.get_model("cohorts", "Institution").objects.create(name="Oost", slug="o")
        cohort = old.get_model("cohorts", "Cohort").objects.create(
            institution=institution, name="c", instrument_version="1", wave="start"
        )
        Invitation = old.get_model("cohorts", "Invitation")
        Response = old.get_model("surveys", "Response")
        self.used = Invitation.objects.create(cohort=cohort, token_hash="u", email="a@example.nl")
        self.unused = Invitation.objects.create(cohort=cohort, token_hash="n")
        self.started = Response.objects.create(cohort=cohort, resume_token_hash="u")
        self.open_link = Response.objects.create(cohort=cohort, resume_token_hash="o")
        Invitation.objects.filter(pk=self.used.pk).update(response_id=self.started.pk)

    def tearDown(self):
        migrate()

    def links(self, apps):
        Response = apps.get_model("surveys", "Response")
        return dict(Response.objects.values_list("pk", "invitation_id"))

    def test_it_moves_onto_the_response(self):
        new = migrate()
        self.assertEqual(self.links(new), {self.started.pk: self.used.pk, self.open_link.pk: None})

    def test_it_moves_back_onto_the_invitation_when_migrating_back(self):
        migrate()
        old = migrate(BEFORE)
        Invitation = old.get_model("cohorts", "Invitation")
        self.assertEqual(
            dict(Invitation.objects.values_list("pk", "response_id")),
            {self.used.pk: self.started.pk, self.unused.pk: None},
        )


class TheCounsellorMove(TransactionTestCase):
    """Counsellor moved from reports to counselling; its rows and shares stay."""

    def setUp(self):
        old = migrate([*BEFORE, ("reports", "0001_initial")])
        institution = old.get_model("cohorts", "Institution").objects.create(name="Oost", slug="o")
        cohort = old.get_model("cohorts", "Cohort").objects.create(
            institution=institution, name="c", instrument_version="1", wave="start"
        )
        response = old.get_model("surveys", "Response").objects.create(
            cohort=cohort, resume_token_hash="r"
        )
        user = old.get_model("auth", "User").objects.create(username="sanne")
        counsellor = old.get_model("reports", "Counsellor").objects.create(
            user=user, institution=institution, name="Sanne de Vries"
        )
        self.share = old.get_model("reports", "Share").objects.create(
            response=response, counsellor=counsellor
        )
        self.counsellor = counsellor

    def tearDown(self):
        migrate()

    def test_the_counsellor_and_the_share_survive_the_move(self):
        new = migrate()
        moved = new.get_model("counselling", "Counsellor").objects.get()
        self.assertEqual((moved.pk, moved.name), (self.counsellor.pk, "Sanne de Vries"))
        share = new.get_model("reports", "Share").objects.get()
        self.assertEqual(share.counsellor_id, moved.pk)


class TheHighestSequence(TransactionTestCase):
    """The response's highest sequence number starts as the highest among its answers."""

    def setUp(self):
        old = migrate([("surveys", "0007_response_language_choices")])
        institution = old.get_model("cohorts", "Institution").objects.create(name="Oost", slug="o")
        cohort = old.get_model("cohorts", "Cohort").objects.create(
            institution=institution, name="c", instrument_version="1", wave="start"
        )
        Response = old.get_model("surveys", "Response")
        Answer = old.get_model("surveys", "Answer")
        self.answered = Response.objects.create(cohort=cohort, resume_token_hash="a")
        self.cleared = Response.objects.create(cohort=cohort, resume_token_hash="c")
        self.unanswered = Response.objects.create(cohort=cohort, resume_token_hash="u")
        for item, sequence in [("q1", 7), ("q2", 1_000_123), ("q3", 40)]:
            Answer.objects.create(response=self.answered, item=item, client_sequence=sequence)
        Answer.objects.create(response=self.cleared, item="q1", value=None, client_sequence=3)

    def tearDown(self):
        migrate()

    def test_it_is_filled_from_the_stored_answers(self):
        new = migrate()
        Response = new.get_model("surveys", "Response")
        self.assertEqual(
            dict(Response.objects.values_list("pk", "highest_seq")),
            {self.answered.pk: 1_000_123, self.cleared.pk: 3, self.unanswered.pk: 0},
        )
