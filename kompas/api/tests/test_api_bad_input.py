"""Bad input on the API: every refusal is JSON with a 4xx and a message, and nothing is stored."""

from __future__ import annotations

import json
from typing import Any

from django.test import override_settings

from kompas.api.schemas import UNSTORABLE
from kompas.api.tests.test_respondent_api import ALL_YES, API, ApiTestCase
from kompas.surveys.models import Answer

JSON = "application/json; charset=utf-8"
#: NUL, which PostgreSQL refuses in text, and a lone surrogate, which UTF-8 cannot encode,
#: both written as JSON escapes, which is how a client can send them in valid UTF-8.
UNSTORABLE_ESCAPES = ("\\u0000", "\\ud800")


class BadInputTestCase(ApiTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.token = self.start_from_cohort()
        self.before = self.stored()

    def send(self, method: str, path: str, body: str | bytes) -> Any:
        reply = self.call(method, path, body, token=self.token)
        self.assertEqual(reply["Content-Type"], JSON, reply.content)
        return reply

    def assertNothingStored(self) -> None:
        self.assertEqual(self.stored(), self.before)


class RefusalsThatDjangoMakes(BadInputTestCase):
    def test_an_unknown_path_under_the_api_is_a_json_404(self):
        for path in (f"{API}/nothing", f"{API}/response/pages", "/api/v2/responses", "/api/"):
            reply = self.client.get(path)
            self.assertEqual(reply.status_code, 404, path)
            self.assertEqual(reply["Content-Type"], JSON, path)
            self.assertIn("/api/v1/docs", reply.json()["detail"])
            self.assertEqual(reply.json()["problems"], {})
        page = self.client.get("/no-such-page/")  # the web pages keep their own 404 page
        self.assertEqual(page.status_code, 404)
        self.assertTrue(page["Content-Type"].startswith("text/html"))

    @override_settings(ROOT_URLCONF="kompas.api.tests.urls_broken")
    def test_an_error_no_view_expected_is_json_too(self):
        self.client.raise_request_exception = False
        with self.assertLogs("django.request", "ERROR"):
            reply = self.client.get(f"{API}/broken")
        self.assertEqual(reply.status_code, 500)
        self.assertEqual(reply["Content-Type"], JSON)
        self.assertEqual(
            reply.json(),
            {"detail": "Something went wrong on the server; try again later.", "problems": {}},
        )
        page = self.client.get("/no-such-page/")  # a page under this URLconf keeps its page
        self.assertTrue(page["Content-Type"].startswith("text/html"))

    def test_a_wrong_method_is_a_json_405_that_names_the_allowed_one(self):
        reply = self.call("delete", "/response/answers", token=self.token)
        self.assertEqual(reply.status_code, 405)
        self.assertEqual(reply["Content-Type"], JSON)
        self.assertEqual(reply["Allow"], "PUT")
        self.assertEqual(
            reply.json(),
            {
                "detail": "DELETE is not allowed on /api/v1/response/answers; use PUT.",
                "problems": {},
            },
        )
        self.assertEqual(self.call("get", "/responses").status_code, 405)
        self.assertNothingStored()

    def test_a_host_the_server_does_not_serve_is_a_json_400(self):
        reply = self.call("get", "/response", token=self.token, HTTP_HOST="evil.example")
        self.assertEqual(reply.status_code, 400)
        self.assertEqual(reply["Content-Type"], JSON)
        self.assertIn("malformed", reply.json()["detail"])


class TextTheDatabaseCannotHold(BadInputTestCase):
    def test_an_open_answer_with_nul_or_a_lone_surrogate_is_422_naming_the_field(self):
        for escape in UNSTORABLE_ESCAPES:
            body = (
                '{"answers": [{"item": "int_realistic_1", "value": 3, "seq": 1}, '
                f'{{"item": "lp_childhood_experience", "value": "Lego{escape}", "seq": 1}}]}}'
            )
            reply = self.send("put", "/response/answers", body)
            self.assertEqual(reply.status_code, 422, escape)
            self.assertEqual(reply.json()["problems"], {"answers.1.value": UNSTORABLE})
        self.assertNothingStored()

    def test_an_item_with_nul_or_a_lone_surrogate_is_422_naming_the_field(self):
        for escape in UNSTORABLE_ESCAPES:
            body = f'{{"answers": [{{"item": "int{escape}", "value": 3, "seq": 1}}]}}'
            reply = self.send("put", "/response/answers", body)
            self.assertEqual(reply.status_code, 422, escape)
            self.assertEqual(reply.json()["problems"], {"answers.0.item": UNSTORABLE})
        self.assertNothingStored()

    def test_start_tokens_and_the_language_with_nul_or_a_lone_surrogate_are_422(self):
        fields = {
            "cohort_token": self.cohort_token,
            "invitation_token": self.invitation_token,
            "language": "en",
        }
        for field, good in fields.items():
            for escape in UNSTORABLE_ESCAPES:
                start: dict[str, object] = {"consent": ALL_YES, field: good + "@"}
                if field == "language":
                    start["cohort_token"] = self.cohort_token
                body = json.dumps(start).replace("@", escape)
                reply = self.send("post", "/responses", body)
                self.assertEqual(reply.status_code, 422, (field, escape))
                self.assertEqual(reply.json()["problems"], {field: UNSTORABLE})
        self.assertNothingStored()

    def test_a_field_name_with_a_lone_surrogate_is_422(self):
        body = '{"cohort_token\\ud800": "x", "consent": {}}'
        reply = self.send("post", "/responses", body)
        self.assertEqual(reply.status_code, 422)
        self.assertIn(UNSTORABLE, reply.json()["problems"].values())
        self.assertNothingStored()

    def test_a_language_query_parameter_with_nul_is_422(self):
        reply = self.call("get", "/response/pages/1", token=self.token, data={"language": "e\0"})
        self.assertEqual(reply.status_code, 422)
        self.assertEqual(reply.json()["problems"], {"language": UNSTORABLE})


class BodiesThatAreNotUtf8(BadInputTestCase):
    def answer(self, text: str) -> str:
        return json.dumps(
            {"answers": [{"item": "lp_childhood_experience", "value": text, "seq": 1}]},
            ensure_ascii=False,
        )

    def test_invalid_utf8_is_400_and_never_stored_with_a_replacement_character(self):
        for body in (
            self.answer("Lego @").encode().replace(b"@", b"\xff"),
            self.answer("Lego @").encode().replace(b"@", b"\xc3("),  # a cut-off sequence
            self.answer("Lego @").encode("latin-1").replace(b"@", "é".encode("latin-1")),
        ):
            reply = self.send("put", "/response/answers", body)
            self.assertEqual(reply.status_code, 400, body)
            self.assertEqual(
                reply.json(), {"detail": "The request body is not valid UTF-8.", "problems": {}}
            )
        self.assertNothingStored()
        valid = self.send("put", "/response/answers", self.answer("Ñandú en 积木 🧱").encode())
        self.assertEqual(valid.status_code, 200)
        self.assertEqual(Answer.objects.get().text, "Ñandú en 积木 🧱")

    def test_an_encoded_lone_surrogate_is_not_utf8(self):
        # Python's json.loads of bytes decodes with "surrogatepass", so this slipped through.
        body = self.answer("Lego @").encode().replace(b"@", b"\xed\xa0\x80")
        reply = self.send("put", "/response/answers", body)
        self.assertEqual(reply.status_code, 400)
        self.assertEqual(reply.json()["detail"], "The request body is not valid UTF-8.")
        self.assertNothingStored()

    def test_json_in_utf16_is_refused_because_json_is_utf8(self):
        # RFC 8259, section 8.1: JSON exchanged between systems is UTF-8.
        for encoding in ("utf-16", "utf-32"):
            body = self.answer("Lego").encode(encoding)
            reply = self.send("put", "/response/answers", body)
            self.assertEqual(reply.status_code, 400, encoding)
        self.assertNothingStored()
