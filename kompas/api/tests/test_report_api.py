"""The report over the API: the report model as JSON, for the respondent's bearer token."""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

from kompas.api.tests.test_respondent_api import ALL_YES, API, ApiTestCase
from kompas.psychometrics.instrument import get_instrument
from kompas.psychometrics.synthetic import generate_population
from kompas.reports.services import report_of
from kompas.surveys import services
from kompas.surveys.models import Response

KOMPAS = get_instrument("kompas-1")
SYNTHETIC = generate_population(KOMPAS, 1, seed=11).answers.iloc[0].dropna()


class ReportApiTestCase(ApiTestCase):
    def answer_everything(self) -> None:
        answers = [(str(item), int(value), k) for k, (item, value) in enumerate(SYNTHETIC.items())]
        reply = self.save(*answers)
        self.assertEqual(reply.status_code, 200, reply.content)

    def respond(self, consent: dict[str, bool] = ALL_YES) -> None:
        self.token = self.start_from_cohort(consent)
        self.answer_everything()
        self.assertEqual(self.submit().status_code, 200)

    def report(self, **params: str) -> Any:
        query = "&".join(f"{k}={v}" for k, v in params.items())
        return self.get("/response/report" + (f"?{query}" if query else ""))


class TheReport(ReportApiTestCase):
    def test_it_is_the_report_model_in_the_responses_language(self):
        self.respond()
        reply = self.report()
        self.assertEqual(reply.status_code, 200, reply.content)
        body = reply.json()
        response = Response.objects.get()
        expected = report_of(response)
        self.assertEqual((body["language"], body["respondent"]), ("en", response.respondent_key))
        self.assertEqual(
            [disc["id"] for disc in body["compass"]], [disc.id for disc in expected.compass]
        )
        self.assertEqual(body["compass"][0]["name"], "Interests")
        assert expected.identity is not None
        self.assertEqual(body["identity"]["status"], expected.identity.status)
        self.assertEqual(body["identity"]["why"], expected.identity.why)
        self.assertEqual(body["next_steps"], list(expected.next_steps))
        self.assertEqual(body["strengths"], list(expected.strengths))
        self.assertEqual(len(body["trajectory"]), len(expected.trajectory))

    def test_it_holds_every_field_of_the_report_model_and_nothing_else(self):
        self.respond()
        body = self.report().json()
        expected = report_of(Response.objects.get())
        # The day of completion goes out as an ISO date (2026-12-02), as str() writes it.
        self.assertEqual(body, json.loads(json.dumps(asdict(expected), default=str)))

    def test_it_can_be_asked_for_in_the_other_language(self):
        self.respond()
        body = self.report(language="nl").json()
        self.assertEqual(body["language"], "nl")
        self.assertEqual(body["compass"][0]["name"], "Interesses")
        self.assertIn("synthetische demonstratiegroep", " ".join(body["notes"]))

    def test_profile_probabilities_are_objects_most_likely_first(self):
        self.respond()
        profile = self.report().json()["profile"]
        probabilities = [row["probability"] for row in profile["probabilities"]]
        self.assertEqual(probabilities, sorted(probabilities, reverse=True))
        self.assertEqual(profile["probabilities"][0]["label"], profile["label"])
        self.assertEqual(set(profile["probabilities"][0]), {"label", "name", "probability"})

    def test_it_says_the_norms_are_synthetic_and_has_no_changes_without_an_earlier_wave(self):
        self.respond()
        body = self.report().json()
        self.assertTrue(body["synthetic"])
        self.assertIsNone(body["changes"])
        self.assertEqual(body["missing"], [])

    def test_an_unknown_language_is_refused(self):
        self.respond()
        reply = self.report(language="de")
        self.assertEqual(reply.status_code, 422)
        self.assertIn("language", reply.json()["problems"])


class NoReport(ReportApiTestCase):
    def test_before_submitting_it_says_what_is_missing(self):
        self.token = self.start_from_cohort()
        reply = self.report()
        self.assertEqual(reply.status_code, 409)
        response = Response.objects.get()
        progress = services.progress_of(KOMPAS, services.answers_of(response))
        detail = reply.json()["detail"]
        self.assertIn(f"You answered 0 of {progress.total} questions", detail)
        self.assertIn("POST /api/v1/response/submit", detail)

    def test_without_feedback_consent_there_is_no_report(self):
        self.respond({"feedback": False, "research": True, "linking": False})
        reply = self.report()
        self.assertEqual(reply.status_code, 403)
        self.assertIn("no personal feedback", reply.json()["detail"])

    def test_an_unknown_token_gets_401(self):
        reply = self.call("get", "/response/report", token="x" * 32)
        self.assertEqual(reply.status_code, 401)
        self.assertEqual(reply["WWW-Authenticate"], "Bearer")
        self.assertEqual(reply.json()["detail"], "No open questionnaire matches this token.")

    def test_without_a_token_it_asks_for_one(self):
        reply = self.call("get", "/response/report")
        self.assertEqual(reply.status_code, 401)


class TheSchema(ReportApiTestCase):
    def test_it_documents_the_report_path_and_its_shape(self):
        schema = self.client.get(f"{API}/openapi.json").json()
        operation = schema["paths"]["/api/v1/response/report"]["get"]
        self.assertEqual(operation["security"], [{"ResumeToken": []}])
        self.assertLessEqual({"200", "403", "404", "409"}, set(operation["responses"]))
        parameters = {p["name"] for p in operation["parameters"]}
        self.assertEqual(parameters, {"language"})
        shapes = schema["components"]["schemas"]
        self.assertEqual(
            operation["responses"]["200"]["content"]["application/json"]["schema"],
            {"$ref": "#/components/schemas/Report"},
        )
        self.assertLessEqual(
            {"compass", "identity", "trajectory", "prototypicality", "profile", "next_steps"},
            set(shapes["Report"]["properties"]),
        )
        self.assertEqual(
            shapes["ScaleLine"]["properties"]["z"]["description"],
            "compared with the norm group: 0 is average",
        )
        chance = shapes["ProfileChance"]["properties"]["probability"]
        self.assertEqual((chance["minimum"], chance["maximum"]), (0, 1))
