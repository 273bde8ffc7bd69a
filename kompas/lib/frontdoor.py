"""The front door: what a visitor without a link finds at `/`, and signing out."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.views import LogoutView
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_safe

__all__ = ["SignOut", "home"]


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    """What Kompas is, that respondents start from their institution's link, and where staff
    sign in."""
    return render(request, "frontdoor/home.html")


class SignOut(LogoutView):
    """Signing out is a POST, as Django's LogoutView requires. Opening the address (a
    bookmark, a typed URL) shows the sign-out button instead of a bare 405; a visitor who is
    not signed in is sent to sign in."""

    http_method_names = ["get", "post", "options"]

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect(settings.LOGIN_URL)
        return render(request, "frontdoor/sign_out.html")
