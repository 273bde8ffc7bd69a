"""Autosave in one SQL statement: stored when every rule allows it, explained otherwise; every
save keeps the response's highest sequence number up to date."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kompas.lib.testing import KompasTestCase, answer_the_rest
from kompas.surveys import services
from kompas.surveys.models import Answer, Response

ALL_YES = {"feedback": True, "research": True, "linking": True}


class OneStatement(KompasTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.response, self.token = services.start_response(self.cohort, "nl")
        services.record_consent(self.response, ALL_YES)

    def test_an_answer_that_may_be_stored_is_stored(self):
        self.assertTrue(services.autosave(self.token, "int_realistic_1", "4", 3))
        answer = Answer.objects.get()
        self.assertEqual(
            (answer.item, answer.value, answer.client_sequence), ("int_realistic_1", 4, 3)
        )

    def test_an_open_answer_is_stored_as_text_and_an_empty_one_clears(self):
        self.assertTrue(services.autosave(self.token, "lp_childhood_experience", " Lego ", 1))
        self.assertEqual(services.answers_of(self.response), {"lp_childhood_experience": "Lego"})
        self.assertTrue(services.autosave(self.token, "lp_childhood_experience", "", 2))
        self.assertEqual(services.answers_of(self.response), {})

    def test_nothing_is_stored_when_a_rule_says_no(self):
        self.assertFalse(services.autosave("x" * 32, "int_realistic_1", "4", 1))
        self.assertFalse(services.autosave(self.token, "int_realistic_1", "6", 1))
        self.assertFalse(services.autosave(self.token, "int_realistic_1", "x", 1))
        self.assertFalse(services.autosave(self.token, "A1", "3", 1))
        self.assertFalse(services.autosave(self.token, "int_realistic_1", "3", -1))
        self.assertFalse(Answer.objects.exists())

    def test_an_older_answer_never_replaces_a_newer_one(self):
        services.autosave(self.token, "int_realistic_1", "5", 12)
        self.assertFalse(services.autosave(self.token, "int_realistic_1", "2", 11))
        self.assertFalse(services.autosave(self.token, "int_realistic_1", "2", 12))
        self.assertEqual(Answer.objects.get().value, 5)

    def test_without_consent_or_after_the_submit_nothing_is_stored(self):
        services.record_consent(self.response, dict.fromkeys(ALL_YES, False))
        self.assertFalse(services.autosave(self.token, "int_realistic_1", "4", 1))
        services.record_consent(self.response, ALL_YES)
        answer_the_rest(self.response, leaving_out=["int_realistic_1"])
        services.complete(self.response)
        self.assertFalse(services.autosave(self.token, "int_realistic_1", "4", 2))
        self.assertFalse(Answer.objects.filter(item="int_realistic_1").exists())

    def test_a_save_through_the_page_is_one_statement_on_postgresql(self):
        url = reverse("surveys:save", args=[self.token])
        with CaptureQueriesContext(connection) as queries:
            reply = self.client.post(url, {"item": "int_realistic_1", "value": "4", "seq": "1"})
        self.assertEqual(reply.json(), {"saved": "int_realistic_1", "seq": 1})
        statements = [q["sql"] for q in queries if "SAVEPOINT" not in q["sql"]]
        # SQLite writes one table per statement: the answer, then the highest sequence
        # number, in one transaction.
        self.assertEqual(len(statements), 1 if connection.vendor == "postgresql" else 2)
        self.assertIn("highest_seq", statements[-1])

    def highest_seq(self) -> int:
        return Response.objects.get(pk=self.response.pk).highest_seq

    def test_a_stored_answer_raises_the_highest_sequence_number_and_an_older_one_never_lowers_it(
        self,
    ):
        self.assertTrue(services.autosave(self.token, "int_realistic_1", "4", 7))
        self.assertEqual(self.highest_seq(), 7)
        self.assertTrue(services.autosave(self.token, "int_realistic_2", "4", 5))
        self.assertEqual(self.highest_seq(), 7)
        self.assertFalse(services.autosave(self.token, "int_realistic_1", "2", 9_000_000))
        self.assertEqual(self.highest_seq(), 7)
        self.assertEqual(services.next_sequence(self.response), 8)

    def test_a_page_or_api_save_raises_it_only_by_what_it_stored(self):
        entries = [
            services.Entry("int_realistic_1", 4, 12),
            services.Entry("int_realistic_2", 3, 4),
        ]
        self.assertEqual(services.save_answers(self.response, entries), 2)
        self.assertEqual(self.highest_seq(), 12)
        services.save_answers(self.response, [services.Entry("int_realistic_1", 4, 12)])  # replay
        with self.assertRaises(services.StaleAnswer):
            services.save_answers(self.response, [services.Entry("int_realistic_2", 5, 3)])
        with self.assertRaises(services.AnswerRejected):
            services.save_answers(self.response, [services.Entry("int_realistic_3", 9, 20)])
        self.assertEqual(self.highest_seq(), 12)

    def test_a_stale_save_is_sent_above_answers_that_code_without_highest_seq_stored(self):
        self.assertTrue(services.autosave(self.token, "int_realistic_1", "4", 30))
        Response.objects.filter(pk=self.response.pk).update(highest_seq=0)  # as old code left it
        with self.assertRaises(services.StaleAnswer) as stale:
            services.save_answers(self.response, [services.Entry("int_realistic_1", 2, 29)])
        self.assertEqual(stale.exception.next_sequence, 31)  # not 1: that would be stale again

    def test_the_reach_of_a_save_is_measured_from_the_highest_sequence_number(self):
        window = services.SEQUENCE_WINDOW
        self.assertTrue(services.autosave(self.token, "int_realistic_1", "4", window))
        self.assertFalse(services.autosave(self.token, "int_realistic_2", "4", 2 * window + 1))
        with self.assertRaises(services.AnswerRejected) as far:
            services.save_answers(
                self.response, [services.Entry("int_realistic_2", 4, 2 * window + 1)]
            )
        self.assertIn("sequence number", str(far.exception))
        self.assertTrue(services.autosave(self.token, "int_realistic_2", "4", 2 * window))
        self.assertEqual(self.highest_seq(), 2 * window)

    def test_a_repeated_save_is_still_acknowledged(self):
        url = reverse("surveys:save", args=[self.token])
        data = {"item": "int_realistic_1", "value": "4", "seq": "1"}
        self.client.post(url, data)
        reply = self.client.post(url, data)
        self.assertEqual(reply.status_code, 200)
        self.assertEqual(reply.json(), {"saved": "int_realistic_1", "seq": 1})

    def test_an_unknown_token_counts_as_a_guess(self):
        url = reverse("surveys:save", args=["x" * 32])
        data = {"item": "int_realistic_1", "value": "4", "seq": "1"}
        for _ in range(20):
            self.assertEqual(self.client.post(url, data).status_code, 404)
        self.assertEqual(self.client.post(url, data).status_code, 429)
