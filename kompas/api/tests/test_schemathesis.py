"""schemathesis on the API's own OpenAPI schema, with every check: whatever the fuzzer sends,
the API answers as its schema says (documented status codes, bodies that fit, no 500).

The database holds an open cohort and a started response whose resume token goes in the
`Authorization` header, so that the generated requests reach past the token check; starts
use the cohort's real open link, and the scores and the report are asked of a submitted
response.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import CHECKS
from schemathesis.core.result import Ok

from kompas.cohorts.models import Cohort, Institution
from kompas.psychometrics.instrument import get_instrument
from kompas.psychometrics.synthetic import generate_population
from kompas.surveys import services
from kompas.surveys.models import Response
from kompas.throttling.models import Throttle
from kompas.wsgi import application

KOMPAS = get_instrument("kompas-1")

#: Every check stays on, with schemathesis's own expected statuses, but for one documented
#: exception: which answers a save may hold depends on the response's instrument and on its
#: other answers (a question's codes, open or not, shown or hidden by a condition), which no
#: JSON schema of the request can say. A save the schema allows may therefore still be
#: refused with the 400 that names the question, as the web page's autosave is.
ACCEPTED = schemathesis.Config().projects.default.checks.positive_data_acceptance.expected_statuses
CONFIG = schemathesis.Config.from_dict(
    {
        "operations": [
            {
                "include-path": "/api/v1/response/answers",
                "include-method": "PUT",
                "checks": {"positive_data_acceptance": {"expected-statuses": [*ACCEPTED, "400"]}},
            }
        ]
    }
)
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application, config=CONFIG)

#: What only a submitted response has.
AFTER_SUBMIT = ("/api/v1/response/scores", "/api/v1/response/report")


@dataclass
class Respondent:
    cohort_token: str
    token: str
    response: Response

    def submit(self) -> None:
        """Answer like a synthetic student and submit, once."""
        if self.response.is_completed:
            return
        answers = generate_population(KOMPAS, 1, seed=11).answers.iloc[0].dropna()
        entries = [services.Entry(str(item), int(value), 1) for item, value in answers.items()]
        services.save_answers(self.response, entries)
        services.complete(self.response)
        self.response.refresh_from_db()


@pytest.fixture
def respondent(db: None) -> Iterator[Respondent]:
    """A respondent of an open cohort who consented to everything."""
    cohort = Cohort(
        institution=Institution.objects.create(name="Hogeschool Oost", slug="oost"),
        name="Eerstejaars 2026",
        instrument_id=KOMPAS.id,
        instrument_version=KOMPAS.version,
        wave="start",
        population="student",
    )
    cohort_token = cohort.new_link()
    cohort.save()
    response, token = services.start_response(cohort, "en")
    services.record_consent(response, {"feedback": True, "research": True, "linking": True})
    # The requests go through the real WSGI handler, which would close the connection that
    # holds the test's transaction at the end of each request; Django's test client does this.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield Respondent(cohort_token, token, response)
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def test_every_check_of_schemathesis_is_on_for_every_operation() -> None:
    results = list(schema.get_all_operations())
    operations = [result.ok() for result in results if isinstance(result, Ok)]
    assert len(operations) == len(results) == 8  # every path of the API, and no invalid one
    for operation in operations:
        checks = schema.config.checks_config_for(operation=operation)
        for name in CHECKS.get_all_names():
            assert checks.get_by_name(name=name).enabled, (operation.label, name)


@schema.parametrize()
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_the_api_answers_as_its_schema_says(
    case: schemathesis.Case, respondent: Respondent
) -> None:
    # Each case starts with no failed guesses counted: the `ignored_auth` check sends a wrong
    # token with every case, and after 20 of them the token-guessing limit answers 429.
    Throttle.objects.all().delete()
    if case.operation.path in AFTER_SUBMIT:
        respondent.submit()
    # A generated link is never open: a valid start gets the real one (an invalid one, which
    # may be invalid in just its token, is left as it is).
    valid = case.meta is not None and case.meta.generation.mode.is_positive
    if valid and isinstance(case.body, dict) and "cohort_token" in case.body:
        case.body["cohort_token"] = respondent.cohort_token
    # The real token, unless the case is about leaving out or garbling the token.
    if not schema.is_security_param_negated(case):
        case.headers["Authorization"] = f"Bearer {respondent.token}"
    case.call_and_validate()
