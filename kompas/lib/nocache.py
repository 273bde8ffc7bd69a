"""No response of Kompas is kept by a browser or proxy cache: `Cache-Control: no-store`.

Nearly every page is personal: the respondent's pages sit under their secret token, the
report and its PDF hold their scores, the counsellors' pages and the API hold other people's.
On a shared computer a cached copy would outlive the session and the "back" button, so the
rule is made once, for every response, rather than page by page. The static files are the
exception: WhiteNoise, ahead of this middleware, serves them with its own long cache headers.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponseBase
from django.utils.cache import patch_cache_control

__all__ = ["NoStoreMiddleware"]


class NoStoreMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        patch_cache_control(response, no_store=True, private=True)
        return response
