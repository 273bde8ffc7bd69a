"""URL configuration."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, include, path

from kompas.api.api import api
from kompas.lib import errors

urlpatterns: list[URLPattern | URLResolver] = [
    path("api/v1/", api.urls),
    path("accounts/", include("django.contrib.auth.urls")),
    path("", include("kompas.reports.urls")),
    path("", include("kompas.surveys.urls")),
]

handler400 = errors.bad_request
handler403 = errors.forbidden
handler404 = errors.not_found
handler500 = errors.server_error
