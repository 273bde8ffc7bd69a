"""URL configuration: the web pages arrive with the respondent-journey issue."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver

urlpatterns: list[URLPattern | URLResolver] = []
