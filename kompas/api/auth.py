"""Who is asking: the resume token, sent as a bearer token, names one response.

Unknown tokens count towards the same token-guessing limit as the web pages, and are
answered exactly like used and closed links, so a guess learns nothing. Only a failed look-up
is ever refused for guessing: a valid token always gets through.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.http import HttpRequest
from ninja.errors import HttpError
from ninja.security import HttpBearer

from kompas.surveys import services
from kompas.surveys.models import Response
from kompas.throttling import limits
from kompas.throttling.clients import client_address

__all__ = [
    "NOT_FOUND",
    "TOO_MANY",
    "Refused",
    "ResumeToken",
    "not_found",
    "respondent_of",
]

NOT_FOUND = "No open questionnaire matches this token."
TOO_MANY = "Too many unknown tokens from this address; try again in ten minutes."


class Refused(HttpError):
    """A request the API turns down; `problems` names the fields or questions at fault."""

    def __init__(
        self,
        status: int,
        detail: str,
        problems: Mapping[str, str] | None = None,
        retry_after: int | None = None,
    ):
        super().__init__(status, detail)
        self.problems = dict(problems or {})
        self.retry_after = retry_after


def not_found(request: HttpRequest) -> Refused:
    """The one answer for unknown, used and closed tokens; it counts as a failed guess, and
    past the limit of guesses it is a 429."""
    if not limits.allows(client_address(request), limits.TOKEN_FAILURES):
        return Refused(429, TOO_MANY, retry_after=limits.TOKEN_FAILURES.window_seconds)
    return Refused(404, NOT_FOUND)


class ResumeToken(HttpBearer):
    """`Authorization: Bearer <resume token>`: the token from starting, or a personal link's."""

    def authenticate(self, request: HttpRequest, token: str) -> Response:
        response = services.find_response(token)
        if response is None:
            refusal = not_found(request)
            # A failed guess like any other, but a client must learn its token is no good.
            raise Refused(401, refusal.message) if refusal.status_code == 404 else refusal
        return response


def respondent_of(request: HttpRequest) -> Response:
    """The response that `ResumeToken` found for this request."""
    response: Response = request.auth  # type: ignore[attr-defined]
    return response
