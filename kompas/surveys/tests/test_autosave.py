"""Autosave in one SQL statement: stored when every rule allows it, explained otherwise."""

from __future__ import annotations

from django.urls import reverse

from kompas.lib.testing import KompasTestCase
from kompas.surveys import services
from kompas.surveys.models import Answer

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
        services.complete(self.response)
        self.assertFalse(services.autosave(self.token, "int_realistic_1", "4", 2))
        self.assertFalse(Answer.objects.exists())

    def test_a_save_through_the_page_is_one_query(self):
        url = reverse("surveys:save", args=[self.token])
        with self.assertNumQueries(1):
            reply = self.client.post(url, {"item": "int_realistic_1", "value": "4", "seq": "1"})
        self.assertEqual(reply.json(), {"saved": "int_realistic_1", "seq": 1})

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
