"""What the pages refuse, with a 4xx and a message, storing nothing (issue 8, items 3, 4 and
8): a stale save from another tab, a sequence number out of reach, characters no database
holds, codes that are not plain digits, and questions this respondent is not asked."""

from __future__ import annotations

from django.urls import reverse

from kompas.lib.testing import KompasTestCase, answer_the_rest
from kompas.surveys import services
from kompas.surveys.models import Answer, Response

ALL_YES = {"feedback": True, "research": True, "linking": True}
LIKERT = "int_realistic_1"
TEXT = "lp_childhood_experience"
FORM = "application/x-www-form-urlencoded"


class Saving(KompasTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.response, self.token = services.start_response(self.cohort, "en")
        services.record_consent(self.response, ALL_YES)
        self.url = reverse("surveys:save", args=[self.token])

    def save(self, item: str, value: str, seq: int | str):
        return self.client.post(self.url, {"item": item, "value": value, "seq": str(seq)})

    def test_a_second_tab_with_the_same_numbers_is_told_to_outrank_the_first(self):
        # Both tabs were given base 1 and count from there.
        self.assertEqual(self.save(LIKERT, "3", 2).status_code, 200)  # tab A
        stale = self.save(LIKERT, "5", 2)  # tab B, later: it must not be acknowledged
        self.assertEqual(stale.status_code, 409)
        self.assertEqual(stale.json()["stale"], True)
        self.assertEqual(stale.json()["next"], 3)
        self.assertEqual(Answer.objects.get().value, 3)
        self.assertEqual(self.save(LIKERT, "5", stale.json()["next"]).status_code, 200)
        self.assertEqual(Answer.objects.get().value, 5)  # the last click wins

    def test_a_replay_of_what_is_stored_is_acknowledged(self):
        self.save(LIKERT, "3", 5)
        self.assertEqual(self.save(LIKERT, "3", 4).status_code, 200)
        self.assertEqual(Answer.objects.get().client_sequence, 5)

    def test_a_response_submitted_since_it_was_read_refuses_answers_as_final_and_stays_as_read(
        self,
    ):
        read_before = Response.objects.get(pk=self.response.pk)
        answer_the_rest(self.response, leaving_out=[LIKERT])
        services.complete(Response.objects.get(pk=self.response.pk))
        with self.assertRaises(services.AnswerRejected) as refused:
            services.save_answers(read_before, [services.Entry(LIKERT, 3, 1)])
        self.assertTrue(refused.exception.final)
        self.assertEqual(refused.exception.problems, {"": services.FINAL})
        self.assertIsNone(read_before.completed_at)
        self.assertFalse(read_before.is_completed)
        self.assertFalse(Answer.objects.filter(item=LIKERT).exists())

    def test_after_the_final_submit_even_an_invalid_answer_gets_409_final(self):
        answer_the_rest(self.response, leaving_out=[LIKERT])
        services.complete(self.response)
        for value in ["3", "9", "x"]:
            with self.subTest(value=value):
                reply = self.save(LIKERT, value, 1)
                self.assertEqual(reply.status_code, 409)
                self.assertNotIn("stale", reply.json())
                self.assertIn("final", reply.json()["error"])
        self.assertFalse(Answer.objects.filter(item=LIKERT).exists())

    def test_an_invalid_answer_is_refused_but_not_as_final(self):
        with self.assertRaises(services.AnswerRejected) as refused:
            services.save_answers(self.response, [services.Entry(LIKERT, 9, 1)])
        self.assertFalse(refused.exception.final)

    def test_a_huge_sequence_number_is_refused_and_later_saves_still_work(self):
        poisoned = self.save(LIKERT, "4", 2**62 - 1)
        self.assertEqual(poisoned.status_code, 400)
        self.assertIn("sequence", poisoned.json()["error"])
        self.assertFalse(Answer.objects.exists())
        self.assertEqual(self.save(LIKERT, "2", 2).status_code, 200)
        self.assertEqual(self.save(LIKERT, "3", 3).status_code, 200)
        self.assertEqual(Answer.objects.get().value, 3)

    def test_sequence_numbers_climb_only_within_reach_of_the_stored_ones(self):
        window = services.SEQUENCE_WINDOW
        self.assertEqual(self.save(LIKERT, "4", window).status_code, 200)
        self.assertEqual(self.save(LIKERT, "4", 2 * window + 1).status_code, 400)
        self.assertEqual(self.save(LIKERT, "5", 2 * window).status_code, 200)

    def test_only_plain_ascii_digits_are_a_code(self):
        for raw in [" 4 ", "+2", "٣", "0004", "５", "4.0", "²"]:
            with self.subTest(raw=raw):
                reply = self.save(LIKERT, raw, 1)
                self.assertEqual(reply.status_code, 400)
                self.assertIn(LIKERT, reply.json()["problems"])
        self.assertFalse(Answer.objects.exists())

    def test_text_with_a_nul_or_a_lone_surrogate_is_refused(self):
        for raw in ["Lego\x00", "\ud800 Lego"]:
            with self.subTest(raw=repr(raw)):
                with self.assertRaises(services.AnswerRejected) as refused:
                    services.save_posted_answer(self.response, TEXT, raw, 1)
                self.assertIn("cannot be stored", refused.exception.problems[TEXT])
        reply = self.save(TEXT, "Lego\x00", 1)
        self.assertEqual(reply.status_code, 400)
        self.assertFalse(Answer.objects.exists())

    def test_text_that_is_not_utf8_is_refused_not_stored_with_replacement_characters(self):
        for body in [f"item={TEXT}&value=Lego%FF%FE&seq=1", f"item={TEXT}&value=%C3&seq=1"]:
            with self.subTest(body=body):
                reply = self.client.post(
                    self.url, body, content_type=FORM, headers={"Accept": "application/json"}
                )
                self.assertEqual(reply.status_code, 400)
                self.assertEqual(reply.json(), {"error": "the form is not valid UTF-8"})
        self.assertFalse(Answer.objects.exists())
        fine = self.client.post(self.url, f"item={TEXT}&value=caf%C3%A9&seq=2", content_type=FORM)
        self.assertEqual(fine.status_code, 200)
        self.assertEqual(services.answers_of(self.response), {TEXT: "café"})

    def test_a_page_submit_that_is_not_utf8_gets_the_error_page_and_stores_nothing(self):
        url = reverse("surveys:page", args=[self.token, 1])
        reply = self.client.post(url, "bg_role=1&next=1&x=%FF", content_type=FORM)
        self.assertEqual(reply.status_code, 400)
        self.assertTrue(reply["Content-Type"].startswith("text/html"))
        self.assertFalse(Answer.objects.exists())

    def test_a_page_submit_with_a_nul_shows_the_question_again(self):
        page = next(
            number
            for number, page in enumerate(services.instrument_of(self.response).pages, 1)
            if TEXT in page.questions
        )
        services.save_answers(self.response, [services.Entry("bg_role", 1, 1)])
        url = reverse("surveys:page", args=[self.token, page])
        reply = self.client.post(url, {TEXT: "Lego\x00", "next": "1"})
        self.assertEqual(reply.status_code, 400)
        self.assertFalse(Answer.objects.filter(item=TEXT).exists())

    def test_a_student_cannot_answer_an_employee_question(self):
        self.assertEqual(self.save("bg_role", "1", 1).status_code, 200)  # a student
        reply = self.save("bg_years_working", "2", 2)
        self.assertEqual(reply.status_code, 400)
        self.assertEqual(
            reply.json()["problems"], {"bg_years_working": "is not asked of this respondent"}
        )
        self.assertEqual(self.save("bg_year", "2", 3).status_code, 200)
        self.assertEqual(set(services.answers_of(self.response)), {"bg_role", "bg_year"})

    def test_a_page_submit_leaves_out_hidden_answers_without_refusing_the_page(self):
        services.save_answers(self.response, [services.Entry("bg_role", 1, 1)])
        url = reverse("surveys:page", args=[self.token, 1])
        page = services.instrument_of(self.response).pages[0]
        data = {q: "1" for q in page.questions}
        reply = self.client.post(url, {**data, "next": "1"})
        self.assertEqual(reply.status_code, 302)
        self.assertNotIn("bg_years_working", services.answers_of(self.response))
