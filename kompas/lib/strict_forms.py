"""Forms whose bytes are not UTF-8 are refused, not stored with U+FFFD in place of them.

Django decodes a posted form with `errors="replace"`: an open answer sent in another encoding
(or as garbage) would be kept as "\ufffd\ufffd", the person's words lost without a word.
Under the API the JSON parser refuses such bodies itself (`kompas.api.api`).
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import parse_qsl

from django.http import HttpRequest, HttpResponse, JsonResponse

from kompas.lib.errors import bad_request

__all__ = ["StrictFormEncodingMiddleware", "is_utf8_form"]

FORM = "application/x-www-form-urlencoded"


def is_utf8_form(body: bytes) -> bool:
    """Whether every name and value of the url-encoded `body` is UTF-8.

    >>> is_utf8_form(b"value=Lego+%C3%A9n+techniek&seq=2"), is_utf8_form(b"value=%FF%FE")
    (True, False)
    """
    try:
        parse_qsl(body.decode("utf-8"), keep_blank_values=True, errors="strict")
    except UnicodeDecodeError:
        return False
    return True


class StrictFormEncodingMiddleware:
    """After the locale (the refusal page is in the visitor's language), before the CSRF
    check and the views, which read the form."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if (
            request.method == "POST"
            and request.content_type == FORM
            and not request.path.startswith("/api/")
            and not is_utf8_form(request.body)
        ):
            if "application/json" in request.headers.get("Accept", ""):
                return JsonResponse({"error": "the form is not valid UTF-8"}, status=400)
            return bad_request(request)
        return self.get_response(request)
