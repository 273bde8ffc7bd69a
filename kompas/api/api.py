"""The Kompas REST API, version 1 (OpenAPI 3 at /api/v1/openapi.json, docs at /api/v1/docs).

Every refusal is JSON `{"detail": "...", "problems": {...}}` with a 4xx status, never a
500 or an HTML page. There is no CSRF check on purpose: the API authenticates with a bearer
token that a browser never sends by itself, not with cookies, so a forged cross-site request
has nothing to ride on. (django-ninja checks CSRF only for cookie-based authentication.)
"""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.parser import Parser

from kompas.api.reports import router as reports_router
from kompas.api.respondent import router as respondent_router
from kompas.api.schemas import UNSTORABLE

__all__ = ["api"]


class Utf8Json(Parser):
    """JSON in UTF-8 only (RFC 8259, section 8.1). `json.loads` on bytes would also guess
    UTF-16 or UTF-32 and let encoded lone surrogates through."""

    def parse_body(self, request: HttpRequest) -> Any:
        return json.loads(request.body.decode("utf-8"))


api = NinjaAPI(
    title="Kompas respondent API",
    version="1",
    urls_namespace="api",
    parser=Utf8Json(),
    description=(
        "Fill in the Career Compass without the web pages, under the same rules. "
        "Start with `POST /api/v1/responses` (exactly one of a cohort token and an invitation "
        "token, a language and a consent choice per purpose); it returns a resume token. "
        "Send that token as `Authorization: Bearer <token>` on every other request: read the "
        "pages, save answers with a rising `seq`, submit, and read the scores and the report. "
        'Every refusal is JSON `{"detail": ..., "problems": {...}}` with a 4xx status.'
    ),
)
api.add_router("", respondent_router)
api.add_router("", reports_router)


def _refusal(
    request: HttpRequest, status: int, detail: str, problems: dict[str, str] | None = None
) -> HttpResponse:
    return api.create_response(
        request, {"detail": detail, "problems": problems or {}}, status=status
    )


@api.exception_handler(HttpError)
def refused(request: HttpRequest, exc: HttpError) -> HttpResponse:
    detail = exc.message
    if detail.startswith("Cannot parse request body"):  # django-ninja's words for bad JSON
        detail = (
            "The request body is not valid UTF-8."
            if isinstance(exc.__cause__, UnicodeDecodeError)
            else "The request body is not valid JSON."
        )
    reply = _refusal(request, exc.status_code, detail, getattr(exc, "problems", None))
    retry_after = getattr(exc, "retry_after", None)
    if retry_after:
        reply["Retry-After"] = str(retry_after)
    if exc.status_code == 401:
        reply["WWW-Authenticate"] = "Bearer"
    return reply


@api.exception_handler(AuthenticationError)
def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    reply = _refusal(
        request, 401, "Send the resume token in the header `Authorization: Bearer <token>`."
    )
    reply["WWW-Authenticate"] = "Bearer"
    return reply


def _field(location: tuple[object, ...] | list[object]) -> str:
    """`body.payload.answers.0.value` -> `answers.0.value`: the path the client wrote."""
    parts = [str(part) for part in location]
    parts = parts[2:] if parts[:1] == ["body"] else parts[1:]
    return ".".join(parts)


@api.exception_handler(ValidationError)
def invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    problems: dict[str, str] = {}
    for error in exc.errors:
        message = str(error.get("msg", "is invalid")).removeprefix("Value error, ")
        if error.get("type") == "string_unicode":  # a lone surrogate in a field's name
            message = UNSTORABLE
        problems.setdefault(_field(error.get("loc", ())), message)
    summary = "; ".join(f"{k}: {v}" if k else v for k, v in problems.items())
    return _refusal(request, 422, f"The request does not fit the API: {summary}", problems)


@api.exception_handler(RequestDataTooBig)
def too_big(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE // 1024
    return _refusal(request, 413, f"The request body is larger than {limit} KB.")
