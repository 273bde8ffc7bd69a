"""A small fixed-window counter in Django's cache, to slow down token guessing."""

from __future__ import annotations

from django.core.cache import cache
from django.http import HttpRequest

__all__ = ["client_address", "count_failure", "is_limited"]

FAILURES_ALLOWED = 20
WINDOW_SECONDS = 600


def client_address(request: HttpRequest) -> str:
    return str(request.META.get("REMOTE_ADDR", "unknown"))


def _key(request: HttpRequest) -> str:
    return f"token-failures:{client_address(request)}"


def is_limited(request: HttpRequest) -> bool:
    """True once this client has failed more than FAILURES_ALLOWED times in the window."""
    return int(cache.get(_key(request), 0)) >= FAILURES_ALLOWED


def count_failure(request: HttpRequest) -> None:
    key = _key(request)
    if cache.add(key, 1, WINDOW_SECONDS):
        return
    try:
        cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, WINDOW_SECONDS)
