"""`/healthz/` for a load balancer or an orchestrator: 200 while the app can reach its
database, 503 when it cannot.

It answers before the https redirect and the Host check, because a probe usually asks over
plain http and by IP address; it says nothing but "ok" or "unavailable", and reads no data.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse

__all__ = ["PATH", "HealthMiddleware"]

PATH = "/healthz/"


class HealthMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path_info != PATH:
            return self.get_response(request)
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1")
        except DatabaseError:
            reply = JsonResponse({"status": "unavailable"}, status=503)
            reply["Retry-After"] = "5"
        else:
            reply = JsonResponse({"status": "ok"})
        reply["Cache-Control"] = "no-store"
        return reply
