"""Who is asking: the resume token, sent as a bearer token, names one response.

Unknown tokens count towards the same token-guessing limit as the web pages, and are
answered exactly like used and closed links, so a guess learns nothing.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.http import HttpRequest
from ninja.errors import HttpError
from ninja.security import HttpBearer

from kompas.lib.ratelimit import count_failure, is_limited
from kompas.surveys import services
from kompas.surveys.models import Response

__all__ = [
    "NOT_FOUND",
    "TOO_MANY",
    "Refused",
    "ResumeToken",
    "not_found",
    "refuse_if_limited",
    "respondent_of",
]

NOT_FOUND = "No open questionnaire matches this token."
TOO_MANY = "Too many unknown tokens from this address; try again in ten minutes."


class Refused(HttpError):
    """A request the API turns down; `problems` names the fields or questions at fault."""

    def __init__(self, status: int, detail: str, problems: Mapping[str, str] | None = None):
        super().__init__(status, detail)
        self.problems = dict(problems or {})


def not_found(request: HttpRequest) -> Refused:
    """The one answer for unknown, used and closed tokens; it counts as a failed guess."""
    count_failure(request)
    return Refused(404, NOT_FOUND)


def refuse_if_limited(request: HttpRequest) -> None:
    if is_limited(request):
        raise Refused(429, TOO_MANY)


class ResumeToken(HttpBearer):
    """`Authorization: Bearer <resume token>`: the token from starting, or a personal link's."""

    def authenticate(self, request: HttpRequest, token: str) -> Response:
        refuse_if_limited(request)
        response = services.find_response(token)
        if response is None:
            raise not_found(request)
        return response


def respondent_of(request: HttpRequest) -> Response:
    """The response that `ResumeToken` found for this request."""
    response: Response = request.auth  # type: ignore[attr-defined]
    return response
