"""URL configuration."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, include, path

from kompas.api.api import api
from kompas.lib import errors, frontdoor
from kompas.reports import counsellor_views

urlpatterns: list[URLPattern | URLResolver] = [
    path("api/v1/", api.urls),
    path("", frontdoor.home, name="home"),
    # Before Django's own, which answers a GET with an empty 405.
    path("accounts/logout/", frontdoor.SignOut.as_view(), name="logout"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("counsellor/reports/", counsellor_views.shared_reports, name="shared_reports"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("kompas.reports.urls")),
    path("", include("kompas.surveys.urls")),
]

handler400 = errors.bad_request
handler403 = errors.forbidden
handler404 = errors.not_found
handler500 = errors.server_error
