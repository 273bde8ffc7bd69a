"""Readable error pages in the visitor's language, never a traceback."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

__all__ = ["bad_request", "csrf_failure", "forbidden", "not_found", "server_error"]


def _error(request: HttpRequest, status: int) -> HttpResponse:
    return render(request, "errors/error.html", {"status": status}, status=status)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(request, 400)


def forbidden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(request, 403)


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(request, 404)


def server_error(request: HttpRequest) -> HttpResponse:
    return _error(request, 500)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form or save from a page whose CSRF token no longer holds (open too long, cookies
    cleared, or signed in elsewhere since): a reload of the page gives it a new one."""
    if "application/json" in request.headers.get("Accept", ""):
        return JsonResponse(
            {"error": "the page has expired; reload it", "expired": True}, status=403
        )
    return render(request, "errors/csrf.html", status=403)
