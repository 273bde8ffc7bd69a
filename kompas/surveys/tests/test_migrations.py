"""Migrations keep what an existing database holds."""

from __future__ import annotations

from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import TransactionTestCase

#: The last state in which the invitation pointed to its response.
BEFORE = [("cohorts", "0002_initial"), ("surveys", "0003_response_takes_part")]
LATEST = [
    ("cohorts", "0003_remove_invitation_response"),
    ("surveys", "0006_remove_response_current_page"),
]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
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
        migrate(LATEST)

    def links(self, apps):
        Response = apps.get_model("surveys", "Response")
        return dict(Response.objects.values_list("pk", "invitation_id"))

    def test_it_moves_onto_the_response(self):
        new = migrate(LATEST)
        self.assertEqual(self.links(new), {self.started.pk: self.used.pk, self.open_link.pk: None})

    def test_it_moves_back_onto_the_invitation_when_migrating_back(self):
        migrate(LATEST)
        old = migrate(BEFORE)
        Invitation = old.get_model("cohorts", "Invitation")
        self.assertEqual(
            dict(Invitation.objects.values_list("pk", "response_id")),
            {self.used.pk: self.started.pk, self.unused.pk: None},
        )
