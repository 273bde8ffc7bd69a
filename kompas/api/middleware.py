"""Under /api/, the refusals that Django and django-ninja make as pages become the API's JSON.

The API's own handlers (`kompas.api.api`) answer everything a view refuses; what they never
see is an unknown path (Django's 404 page), a wrong method (django-ninja's plain-text 405) and
a request Django refuses before any view (a Host header it does not serve: its 400 page), and
the page of an error no view expected (500): a client reads JSON whatever went wrong.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse

__all__ = ["JsonRefusalsMiddleware"]

#: The headers of the original refusal a client still needs.
KEPT_HEADERS = ("Allow", "Retry-After", "WWW-Authenticate")


def _detail(request: HttpRequest, reply: HttpResponse) -> str:
    if reply.status_code == 404:
        return "There is no such path in the API; the paths are listed at /api/v1/docs."
    if reply.status_code == 405:
        allowed = reply.get("Allow", "")
        return f"{request.method} is not allowed on {request.path}; use {allowed}."
    if reply.status_code == 400:  # Django's own: a Host header not in ALLOWED_HOSTS, mostly
        return "The request is malformed; nothing was changed."
    if reply.status_code >= 500:
        return "Something went wrong on the server; try again later."
    return f"{reply.reason_phrase}."


class JsonRefusalsMiddleware:
    """Outside every middleware that can refuse with a page, so that it sees their pages."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        reply = self.get_response(request)
        if (
            not request.path.startswith("/api/")
            or not 400 <= reply.status_code < 600
            or reply.get("Content-Type", "").startswith("application/json")
        ):
            return reply
        refusal = JsonResponse(
            {"detail": _detail(request, reply), "problems": {}},
            status=reply.status_code,
            content_type="application/json; charset=utf-8",  # as django-ninja's own
        )
        for header in KEPT_HEADERS:
            if header in reply:
                refusal[header] = reply[header]
        return refusal
