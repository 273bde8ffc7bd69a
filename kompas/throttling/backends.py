"""The counsellor login lockout (django-axes), for the logins that come with a request."""

from __future__ import annotations

from typing import Any

from axes.backends import AxesStandaloneBackend
from django.http import HttpRequest

__all__ = ["LoginLockout"]


class LoginLockout(AxesStandaloneBackend):
    """Axes' check, except for an authenticate() without a request (the test client's
    login(), a management command): no client to count, and no password guessed over the
    web; the sign-in page always passes its request."""

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> None:
        if request is None:
            return None
        return super().authenticate(request, username, password, **kwargs)
