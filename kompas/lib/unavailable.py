"""A database that is stalled, restarting or gone answers "busy, try again" (503 with
Retry-After), never a 500: the statement and lock timeouts in the settings turn a stall into
an error within seconds, and this middleware turns that error into an answer the page's
script and API clients know to retry."""

from __future__ import annotations

from collections.abc import Callable

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

__all__ = ["RETRY_AFTER_SECONDS", "DatabaseUnavailableMiddleware"]

RETRY_AFTER_SECONDS = 5
BUSY = "The database is busy or unavailable; nothing was changed. Try again shortly."


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, (OperationalError, InterfaceError)):
            return None
        wants_json = request.path.startswith("/api/") or "json" in request.headers.get("Accept", "")
        if wants_json:
            reply: HttpResponse = JsonResponse({"detail": BUSY, "error": BUSY}, status=503)
        else:
            reply = render(request, "errors/error.html", {"status": 503}, status=503)
        reply["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return reply
