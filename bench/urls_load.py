"""The URLs of the load benchmark: kompas.urls plus its floor, a bare view that inserts one row.

gunicorn serves this with KOMPAS_ROOT_URLCONF=bench.urls_load, so the floor runs through the
same server, middleware (CSRF included), settings and database as the autosave it is compared
with; it only leaves out what Kompas does: finding the response, checking the answer, the
ordered upsert and the progress count.
"""

from __future__ import annotations

from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import URLPattern, URLResolver, path
from django.views.decorators.http import require_POST

from kompas import urls as kompas_urls

__all__ = ["BARE_TABLE", "CREATE_BARE_TABLE", "bare_insert", "urlpatterns"]

BARE_TABLE = "bench_bare_insert"
BARE_INSERT = f"INSERT INTO {BARE_TABLE} (token, item, value, seq) VALUES (%s, %s, %s, %s)"  # nosec B608
CREATE_BARE_TABLE = f"""
DROP TABLE IF EXISTS {BARE_TABLE};
CREATE TABLE {BARE_TABLE} (
    id bigserial PRIMARY KEY,
    token varchar(64) NOT NULL,
    item varchar(60) NOT NULL,
    value smallint,
    seq bigint NOT NULL,
    saved_at timestamptz NOT NULL DEFAULT now()
)
"""


@require_POST
def bare_insert(request: HttpRequest, token: str) -> HttpResponse:
    """One POST, one INSERT: the least a server can do to store an answer."""
    item = request.POST.get("item", "")
    try:
        value, sequence = int(request.POST.get("value", "")), int(request.POST.get("seq", ""))
    except ValueError:
        return JsonResponse({"error": "value and seq must be whole numbers"}, status=400)
    with connection.cursor() as cursor:
        cursor.execute(BARE_INSERT, [token, item, value, sequence])
    return JsonResponse({"saved": item, "seq": sequence})


urlpatterns: list[URLPattern | URLResolver] = [
    path("bench/bare/<str:token>/", bare_insert, name="bench-bare"),
    *kompas_urls.urlpatterns,
]

handler400 = kompas_urls.handler400
handler403 = kompas_urls.handler403
handler404 = kompas_urls.handler404
handler500 = kompas_urls.handler500
