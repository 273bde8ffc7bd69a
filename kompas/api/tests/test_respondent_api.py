"""The respondent API: start, pages, answers, submit and scores, under the web flow's rules."""

from __future__ import annotations

import json
from typing import Any

import jsonschema_rs
from django.test import Client
from django.urls import reverse

from kompas.lib.testing import KompasTestCase, answer_the_rest
from kompas.lib.tokens import hash_token
from kompas.psychometrics.instrument import get_instrument
from kompas.surveys import services
from kompas.surveys.models import Answer, ConsentRecord, Response, Result

KOMPAS = get_instrument("kompas-1")
ALL_YES = {"feedback": True, "research": True, "linking": True}
API = "/api/v1"


class ApiTestCase(KompasTestCase):
    token: str

    def call(
        self, method: str, path: str, body: Any = None, token: str | None = None, **extra: Any
    ) -> Any:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        data = body if isinstance(body, (str, bytes)) else json.dumps(body)
        send = getattr(self.client, method)
        if body is None:
            return send(API + path, headers=headers, **extra)
        return send(API + path, data, content_type="application/json", headers=headers, **extra)

    def start(self, **fields: Any) -> Any:
        return self.call("post", "/responses", {"language": "en", "consent": ALL_YES, **fields})

    def start_from_cohort(self, consent: dict[str, bool] = ALL_YES) -> str:
        reply = self.start(cohort_token=self.cohort_token, consent=consent)
        self.assertEqual(reply.status_code, 201, reply.content)
        return str(reply.json()["token"])

    def get(self, path: str, **extra: Any) -> Any:
        return self.call("get", path, token=self.token, **extra)

    def save(self, *answers: tuple[str, int | str | None, int]) -> Any:
        body = {"answers": [{"item": i, "value": v, "seq": s} for i, v, s in answers]}
        return self.call("put", "/response/answers", body, token=self.token)

    def submit(self) -> Any:
        return self.call("post", "/response/submit", {}, token=self.token)

    def answer_the_rest(self, leaving_out: tuple[str, ...] = ()) -> None:
        """Enough answers for the final submit (`answer_the_rest`), keeping the stored ones."""
        response = services.find_response(self.token)
        assert response is not None  # for mypy: the test's own token
        answer_the_rest(response, leaving_out=leaving_out)

    def stored(self) -> tuple[int, int, int, int]:
        return (
            Response.objects.count(),
            Answer.objects.count(),
            ConsentRecord.objects.count(),
            Result.objects.count(),
        )


def answer_for(question: dict[str, Any]) -> int | str:
    """A student who agrees a little with everything and writes a line where asked."""
    if question["kind"] == "text":
        return "Een stage bij een ingenieursbureau."
    if question["id"] == "bg_role":
        return 1
    values = [option["value"] for option in question["options"]]
    return 4 if question["kind"] == "likert" else values[0]


class TheOpenApiSchema(ApiTestCase):
    def test_it_is_served_as_openapi_3_and_lists_every_path(self):
        schema = self.client.get(f"{API}/openapi.json").json()
        self.assertTrue(schema["openapi"].startswith("3."))
        self.assertLessEqual(
            {
                "/api/v1/responses",
                "/api/v1/response",
                "/api/v1/response/consent",
                "/api/v1/response/pages/{number}",
                "/api/v1/response/answers",
                "/api/v1/response/submit",
                "/api/v1/response/scores",
            },
            set(schema["paths"]),
        )

    def test_it_declares_bearer_authentication_for_everything_but_starting(self):
        schema = self.client.get(f"{API}/openapi.json").json()
        self.assertNotIn("security", schema["paths"]["/api/v1/responses"]["post"])
        self.assertEqual(
            schema["paths"]["/api/v1/response"]["get"]["security"], [{"ResumeToken": []}]
        )

    def test_it_says_that_exactly_one_of_the_two_tokens_starts_a_response(self):
        schema = self.client.get(f"{API}/openapi.json").json()
        body = schema["paths"]["/api/v1/responses"]["post"]["requestBody"]
        self.assertTrue(body["required"])
        start = schema["components"]["schemas"]["StartIn"]
        self.assertEqual(
            start["oneOf"], [{"required": ["cohort_token"]}, {"required": ["invitation_token"]}]
        )
        self.assertFalse(start["additionalProperties"])
        check = jsonschema_rs.validator_for(
            {**body["content"]["application/json"]["schema"], "components": schema["components"]}
        )
        for tokens, valid in (
            ({"cohort_token": "c"}, True),
            ({"invitation_token": "i"}, True),
            ({"cohort_token": "c", "invitation_token": "i"}, False),
            ({}, False),
            ({"cohort_token": None}, False),
        ):
            self.assertEqual(check.is_valid({"consent": ALL_YES, **tokens}), valid, tokens)

    def test_the_docs_page_is_served(self):
        self.assertEqual(self.client.get(f"{API}/docs").status_code, 200)


class StartingAResponse(ApiTestCase):
    def test_a_cohort_token_starts_a_response_with_its_consent_choices(self):
        reply = self.start(
            cohort_token=self.cohort_token,
            consent={"feedback": True, "research": False, "linking": False},
        )
        self.assertEqual(reply.status_code, 201)
        body = reply.json()
        response = Response.objects.get()
        self.assertEqual(response.resume_token_hash, hash_token(body["token"]))
        self.assertEqual(body["respondent"], response.respondent_key)
        self.assertEqual((body["language"], body["status"]), ("en", "in_progress"))
        self.assertGreater(body["pages"], 1)
        self.assertEqual(
            services.consents_of(response),
            {"feedback": True, "research": False, "linking": False},
        )

    def test_an_invitation_token_becomes_the_resume_token(self):
        reply = self.start(invitation_token=self.invitation_token)
        self.assertEqual(reply.json()["token"], self.invitation_token)
        self.invitation.refresh_from_db()
        self.assertEqual(self.invitation.response, Response.objects.get())

    def test_the_language_defaults_to_the_cohorts_language(self):
        reply = self.call(
            "post", "/responses", {"cohort_token": self.cohort_token, "consent": ALL_YES}
        )
        self.assertEqual(reply.json()["language"], "nl")

    def test_unknown_used_and_closed_tokens_get_byte_identical_404s(self):
        self.start(invitation_token=self.invitation_token)
        used = self.start(invitation_token=self.invitation_token)
        unknown = self.start(invitation_token="x" * 32)
        unknown_cohort = self.start(cohort_token="y" * 32)
        self.cohort.closes_at = self.cohort.opens_at
        self.cohort.save()
        closed = self.start(cohort_token=self.cohort_token)
        self.assertEqual(used.status_code, 404)
        for reply in (unknown, unknown_cohort, closed):
            self.assertEqual(reply.status_code, 404)
            self.assertEqual(reply.content, used.content)
        self.assertEqual(Response.objects.count(), 1)

    def test_both_tokens_or_neither_is_refused_and_nothing_is_stored(self):
        both = self.start(cohort_token=self.cohort_token, invitation_token=self.invitation_token)
        neither = self.start()
        for reply in (both, neither):
            self.assertEqual(reply.status_code, 422)
            self.assertIn("either cohort_token or invitation_token", reply.json()["detail"])
        self.assertEqual(self.stored(), (0, 0, 0, 0))

    def test_a_token_sent_as_null_is_refused_rather_than_taken_as_absent(self):
        reply = self.start(cohort_token=None, invitation_token=self.invitation_token)
        self.assertEqual(reply.status_code, 422)
        self.assertIn("leave the field out", reply.json()["problems"]["cohort_token"])
        self.assertEqual(self.stored(), (0, 0, 0, 0))

    def test_a_missing_consent_choice_is_named_and_nothing_is_stored(self):
        reply = self.start(cohort_token=self.cohort_token, consent={"feedback": True})
        self.assertEqual(reply.status_code, 422)
        self.assertIn("consent.research", reply.json()["problems"])
        self.assertEqual(self.stored(), (0, 0, 0, 0))

    def test_an_unknown_language_or_field_is_refused(self):
        self.assertEqual(self.start(cohort_token=self.cohort_token, language="de").status_code, 422)
        reply = self.start(cohort_token=self.cohort_token, invitation="x")
        self.assertEqual(reply.status_code, 422)
        self.assertIn("invitation", reply.json()["problems"])

    def test_token_guessing_is_limited_after_twenty_failures(self):
        for _ in range(20):
            self.assertEqual(self.start(cohort_token="z" * 32).status_code, 404)
        refused = self.start(cohort_token="z" * 32)
        self.assertEqual(refused.status_code, 429)
        self.assertEqual(refused["Retry-After"], "600")
        # only failed look-ups are refused: a valid token always gets through
        self.assertEqual(self.start(cohort_token=self.cohort_token).status_code, 201)
        self.assertEqual(Response.objects.count(), 1)

    def test_failures_on_the_web_pages_and_the_api_share_one_limit(self):
        for _ in range(20):
            self.client.get(reverse("surveys:start", args=["w" * 32]))
        self.assertEqual(self.start(cohort_token="w" * 32).status_code, 429)


class Authentication(ApiTestCase):
    def test_a_request_without_a_bearer_token_is_refused_with_401(self):
        reply = self.call("get", "/response")
        self.assertEqual(reply.status_code, 401)
        self.assertIn("Authorization: Bearer", reply.json()["detail"])

    def test_an_unknown_bearer_token_gets_401_and_counts_as_a_failure(self):
        self.start(invitation_token=self.invitation_token)
        self.start(invitation_token=self.invitation_token)  # used: the first failed guess
        for _ in range(19):
            reply = self.call("get", "/response", token="q" * 32)
            self.assertEqual(reply.status_code, 401)
            self.assertEqual(reply["WWW-Authenticate"], "Bearer")
            self.assertEqual(reply.json()["detail"], "No open questionnaire matches this token.")
        self.assertEqual(self.call("get", "/response", token="q" * 32).status_code, 429)
        self.assertEqual(
            self.call("get", "/response", token=self.invitation_token).status_code, 200
        )

    def test_no_csrf_token_is_needed_because_the_api_uses_bearer_tokens_not_cookies(self):
        self.client = Client(enforce_csrf_checks=True)
        self.token = self.start_from_cohort()
        self.assertEqual(self.save(("int_realistic_1", 3, 1)).status_code, 200)


class StatusAndPages(ApiTestCase):
    def setUp(self):
        super().setUp()
        self.token = self.start_from_cohort()

    def test_the_status_tells_progress_and_the_page_to_continue_at(self):
        body = self.get("/response").json()
        self.assertEqual(body["status"], "in_progress")
        self.assertEqual(body["current_page"], 1)
        self.assertEqual(body["progress"]["answered"], 0)
        self.assertFalse(body["completed"])
        self.assertEqual(body["consent"], ALL_YES)

    def test_a_page_lists_its_questions_with_options_and_stored_answers(self):
        first = KOMPAS.pages[1].questions[0]
        self.save((first, 5, 1))
        body = self.get("/response/pages/2").json()
        self.assertEqual(body["id"], KOMPAS.pages[1].id)
        self.assertEqual(body["title"], KOMPAS.pages[1].title["en"])
        question = body["questions"][0]
        self.assertEqual(question["id"], first)
        self.assertEqual(question["kind"], "likert")
        self.assertEqual(question["text"], KOMPAS.items[first].text["en"])
        self.assertEqual(question["options"][-1], {"value": 5, "label": "Strongly agree"})
        self.assertEqual(question["answer"], 5)
        self.assertEqual(body["next_sequence"], 2)

    def test_a_background_question_is_a_choice_with_its_value_labels(self):
        questions = {q["id"]: q for q in self.get("/response/pages/1").json()["questions"]}
        role = questions["bg_role"]
        self.assertEqual(role["kind"], "choice")
        self.assertEqual(role["options"][0], {"value": 1, "label": "Student"})

    def test_a_page_can_be_read_in_the_other_language(self):
        body = self.get("/response/pages/1", data={"language": "nl"}).json()
        self.assertEqual((body["language"], body["title"]), ("nl", KOMPAS.pages[0].title["nl"]))
        self.assertEqual(self.get("/response/pages/1", data={"language": "de"}).status_code, 422)

    def test_a_page_beyond_the_last_is_404_with_the_page_count(self):
        pages = self.get("/response").json()["pages"]
        reply = self.get(f"/response/pages/{pages + 1}")
        self.assertEqual(reply.status_code, 404)
        self.assertIn(f"has {pages}", reply.json()["detail"])
        self.assertEqual(self.get("/response/pages/0").status_code, 404)
        self.assertEqual(self.get("/response/pages/two").status_code, 422)

    def test_an_employee_only_page_appears_once_the_role_says_employee(self):
        def page_ids() -> set[str]:
            count = self.get("/response").json()["pages"]
            return {self.get(f"/response/pages/{n}").json()["id"] for n in range(1, count + 1)}

        employee_only = {p.id for p in KOMPAS.pages if p.when is not None}
        self.assertFalse(employee_only & page_ids())
        self.save(("bg_role", 2, 1))
        self.assertLessEqual(employee_only, page_ids())


class SavingAnswers(ApiTestCase):
    def setUp(self):
        super().setUp()
        self.token = self.start_from_cohort()

    def test_answers_are_saved_and_progress_is_reported(self):
        reply = self.save(("int_realistic_1", 4, 1), ("bg_role", 1, 1))
        self.assertEqual(reply.status_code, 200)
        body = reply.json()
        self.assertEqual(body["saved"], 2)
        self.assertEqual(body["progress"]["answered"], 2)
        self.assertEqual(body["next_sequence"], 2)
        self.assertEqual(Answer.objects.get(item="int_realistic_1").value, 4)

    def test_a_late_seq_never_overwrites_a_newer_answer(self):
        self.save(("int_realistic_1", 5, 12))
        late = self.save(("int_realistic_1", 2, 11))
        self.assertEqual(late.status_code, 409)  # refused, never acknowledged as saved
        self.assertIn("seq 13", late.json()["detail"])
        self.assertEqual(late.json()["problems"], {"int_realistic_1": "a newer answer is stored"})
        self.assertEqual(Answer.objects.get().value, 5)

    def test_within_one_request_the_highest_seq_wins(self):
        self.save(("int_realistic_1", 2, 8), ("int_realistic_1", 5, 9), ("int_realistic_1", 3, 7))
        self.assertEqual(Answer.objects.get().value, 5)

    def test_a_repeated_request_is_harmless(self):
        for _ in range(3):
            self.save(("int_realistic_1", 3, 20))
        self.assertEqual(Answer.objects.get().value, 3)

    def test_an_open_question_takes_text_and_null_clears_it(self):
        self.save(("lp_childhood_experience", "  Lego technic  ", 1))
        self.assertEqual(Answer.objects.get().text, "Lego technic")
        self.save(("lp_childhood_experience", None, 2))
        self.assertEqual(Answer.objects.get().text, "")

    def test_an_item_of_another_instrument_is_refused_and_nothing_is_stored(self):
        reply = self.save(("int_realistic_1", 4, 1), ("A1", 3, 1))
        self.assertEqual(reply.status_code, 400)
        self.assertIn("is not a question of kompas-1", reply.json()["problems"]["A1"])
        self.assertEqual(Answer.objects.count(), 0)

    def test_a_value_outside_the_range_is_refused_and_nothing_is_stored(self):
        reply = self.save(("int_realistic_2", 4, 1), ("int_realistic_1", 6, 1))
        self.assertEqual(reply.status_code, 400)
        self.assertEqual(
            reply.json()["problems"], {"int_realistic_1": "must be a whole number from 1 to 5"}
        )
        self.assertEqual(self.save(("int_realistic_1", "4", 1)).status_code, 400)
        self.assertEqual(self.save(("lp_childhood_experience", 4, 1)).status_code, 400)
        self.assertEqual(Answer.objects.count(), 0)

    def test_wrong_types_are_refused_with_the_field_named(self):
        wrong_values = ({"value": 3.5}, {"value": True}, {"seq": "x"}, {"seq": None})
        out_of_range = ({"seq": -1}, {"seq": 2**62}, {"seq": 1.5})
        for wrong in wrong_values + out_of_range:
            answer = {"item": "int_realistic_1", "value": 3, "seq": 1, **wrong}
            reply = self.call("put", "/response/answers", {"answers": [answer]}, token=self.token)
            self.assertEqual(reply.status_code, 422, wrong)
            self.assertIn(f"answers.0.{next(iter(wrong))}", reply.json()["problems"])
        self.assertEqual(Answer.objects.count(), 0)

    def test_a_whole_number_written_with_a_point_is_that_number(self):
        # JSON has one kind of number, and JSON Schema calls 4.0 an integer.
        answer = {"item": "int_realistic_1", "value": 4.0, "seq": 2.0}
        reply = self.call("put", "/response/answers", {"answers": [answer]}, token=self.token)
        self.assertEqual(reply.status_code, 200, reply.content)
        self.assertEqual((Answer.objects.get().value, reply.json()["next_sequence"]), (4, 3))

    def test_malformed_json_and_a_body_that_is_not_an_object_are_refused(self):
        for body in ('{"answers": [', "{} {}"):
            reply = self.call("put", "/response/answers", body, token=self.token)
            self.assertEqual(reply.status_code, 400, body)
            self.assertEqual(reply.json()["detail"], "The request body is not valid JSON.")
        for body in ("[1, 2]", '"answers"', "null"):
            reply = self.call("put", "/response/answers", body, token=self.token)
            self.assertEqual(reply.status_code, 422, body)
        self.assertEqual(Answer.objects.count(), 0)

    def test_an_oversized_body_is_refused_with_413(self):
        text = "x" * 70_000
        reply = self.save(("lp_childhood_experience", text, 1))
        self.assertEqual(reply.status_code, 413)
        self.assertIn("64 KB", reply.json()["detail"])
        self.assertEqual(Answer.objects.count(), 0)

    def test_more_than_two_hundred_answers_in_one_save_are_refused(self):
        reply = self.save(*[("int_realistic_1", 3, seq) for seq in range(201)])
        self.assertEqual(reply.status_code, 400)
        self.assertIn("at most 200", reply.json()["detail"])
        self.assertEqual(Answer.objects.count(), 0)

    def test_answers_after_the_final_submit_get_409_and_change_nothing(self):
        self.save(("int_realistic_1", 3, 1))
        self.answer_the_rest()
        self.assertEqual(self.submit().status_code, 200)
        reply = self.save(("int_realistic_1", 5, 2))
        self.assertEqual(reply.status_code, 409)
        self.assertIn("submitted", reply.json()["detail"])
        self.assertEqual(Answer.objects.get(item="int_realistic_1").value, 3)

    def test_a_response_without_consent_is_asked_for_it_first(self):
        _, self.token = services.start_response(self.cohort, "nl")
        self.assertEqual(self.get("/response").json()["status"], "consent_needed")
        self.assertEqual(self.get("/response/pages/1").status_code, 409)
        self.assertEqual(self.save(("int_realistic_1", 3, 1)).status_code, 409)
        reply = self.call("put", "/response/consent", ALL_YES, token=self.token)
        self.assertEqual(reply.json()["status"], "in_progress")
        self.assertEqual(self.save(("int_realistic_1", 3, 1)).status_code, 200)

    def test_a_respondent_who_declined_both_purposes_is_asked_no_questions(self):
        self.token = self.start_from_cohort(
            consent={"feedback": False, "research": False, "linking": True}
        )
        self.assertEqual(self.get("/response").json()["status"], "declined")
        self.assertEqual(self.get("/response/pages/1").status_code, 403)
        reply = self.save(("int_realistic_1", 3, 1))
        self.assertEqual(reply.status_code, 403)
        self.assertIn("neither personal feedback nor research", reply.json()["detail"])
        self.assertEqual(self.submit().status_code, 403)
        self.assertEqual(self.stored()[1::2], (0, 0))

    def test_a_cleared_answer_counts_as_open_again(self):
        self.save(("int_realistic_1", 3, 1))
        reply = self.save(("int_realistic_1", None, 2))
        self.assertEqual(reply.json()["progress"]["answered"], 0)

    def test_a_cleared_answer_is_missing_when_submitting(self):
        self.save(("int_realistic_1", 3, 1), ("int_realistic_1", None, 2))
        self.answer_the_rest(leaving_out=("int_realistic_1",))
        reply = self.submit()
        self.assertEqual(reply.status_code, 200)
        self.assertNotIn("int_realistic_1", Result.objects.get().data.get("answers", {}))
        # the mean of _2, _3 (4 each) and the reversed _4 (6 - 4 = 2) alone
        self.assertAlmostEqual(reply.json()["scores"]["int_realistic"], (4 + 4 + 2) / 3)


class SubmittingAndScores(ApiTestCase):
    def answer_every_page(self) -> int:
        number, seq = 1, 1
        while number <= self.get("/response").json()["pages"]:
            page = self.get(f"/response/pages/{number}").json()
            self.assertEqual(page["number"], number)
            seq = max(seq, page["next_sequence"])
            answers = [(q["id"], answer_for(q), seq) for q in page["questions"]]
            self.assertEqual(self.save(*answers).status_code, 200)
            number += 1
        return number - 1

    def test_it_is_ready_to_submit_once_every_scale_has_enough_answers(self):
        self.token = self.start_from_cohort()
        self.assertEqual(self.get("/response").json()["status"], "in_progress")
        self.answer_the_rest(leaving_out=("int_realistic_1",))
        status = self.get("/response").json()
        self.assertEqual(status["status"], "ready_to_submit")  # one question may stay open
        self.assertIsNotNone(status["current_page"])  # and this is where it is
        self.assertEqual(self.submit().status_code, 200)

    def test_a_full_run_from_start_to_scores_works(self):
        self.token = self.start_from_cohort()
        pages = self.answer_every_page()
        status = self.get("/response").json()
        self.assertEqual(status["status"], "ready_to_submit")
        self.assertIsNone(status["current_page"])
        self.assertEqual(status["progress"]["percent"], 100)
        self.assertEqual(pages, status["pages"])
        submitted = self.submit()
        self.assertEqual(submitted.status_code, 200)
        scores = self.get("/response/scores")
        self.assertEqual(scores.status_code, 200)
        body = scores.json()
        self.assertEqual(body, submitted.json())
        self.assertTrue(body["feedback"])
        self.assertEqual(body["scores"], Result.objects.get().data)
        self.assertIn("identity_status", body["scores"])
        self.assertIsInstance(body["synthetic"], bool)
        self.assertEqual(self.get("/response").json()["status"], "submitted")

    def test_a_second_submit_returns_the_same_result(self):
        self.token = self.start_from_cohort()
        self.save(("int_realistic_1", 4, 1))
        self.answer_the_rest()
        first = self.submit()
        second = self.submit()
        self.assertEqual(second.status_code, 200)
        # PostgreSQL keeps JSON keys in its own order: compare the data, not the bytes.
        self.assertEqual(first.json(), second.json())
        self.assertEqual(Result.objects.count(), 1)

    def test_scores_before_the_submit_are_409(self):
        self.token = self.start_from_cohort()
        reply = self.get("/response/scores")
        self.assertEqual(reply.status_code, 409)
        self.assertIn("Not submitted yet", reply.json()["detail"])

    def test_without_consent_to_feedback_no_scores_are_shown(self):
        self.token = self.start_from_cohort(
            consent={"feedback": False, "research": True, "linking": False}
        )
        self.save(("int_realistic_1", 4, 1))
        self.answer_the_rest()
        submitted = self.submit().json()
        self.assertIsNone(submitted["scores"])
        self.assertFalse(submitted["feedback"])
        self.assertTrue(Result.objects.exists())
        reply = self.get("/response/scores")
        self.assertEqual(reply.status_code, 403)
        self.assertIn("no personal feedback", reply.json()["detail"])

    def test_an_invitation_resumes_with_its_own_token(self):
        self.start(invitation_token=self.invitation_token)
        self.token = self.invitation_token
        self.save(("int_realistic_1", 4, 1))
        self.assertEqual(self.get("/response").json()["progress"]["answered"], 1)

    def test_consent_can_be_changed_before_the_submit_but_not_after(self):
        self.token = self.start_from_cohort()
        change = {"feedback": True, "research": False, "linking": False}
        reply = self.call("put", "/response/consent", change, token=self.token)
        self.assertEqual(reply.json()["consent"], change)
        self.answer_the_rest()
        self.assertEqual(self.submit().status_code, 200)
        reply = self.call("put", "/response/consent", ALL_YES, token=self.token)
        self.assertEqual(reply.status_code, 409)
        self.assertEqual(services.consents_of(Response.objects.get()), change)


class RefusedRequests(ApiTestCase):
    def test_no_refused_request_stores_anything(self):
        self.token = self.start_from_cohort()
        self.save(("int_realistic_1", 3, 5))
        before = self.stored()
        refused = [
            self.start(cohort_token="u" * 32),
            self.start(cohort_token=self.cohort_token, language="fr"),
            self.start(cohort_token=self.cohort_token, consent={"feedback": "yes"}),
            self.call("post", "/responses", "{not json"),
            self.save(("int_realistic_1", 5, 6), ("A1", 1, 6)),
            self.save(("int_realistic_1", 9, 7)),
            self.save(("lp_childhood_experience", "x" * 70_000, 8)),
            self.call("put", "/response/answers", {"answers": "all"}, token=self.token),
            self.call("put", "/response/consent", {"feedback": True}, token=self.token),
            self.call("put", "/response/answers", {"answers": []}, token="v" * 32),
        ]
        for reply in refused:
            self.assertGreaterEqual(reply.status_code, 400)
            self.assertLess(reply.status_code, 500)
            self.assertEqual(reply["Content-Type"], "application/json; charset=utf-8")
        self.assertEqual(self.stored(), before)
        self.assertEqual(Answer.objects.get().value, 3)
