"""Link tokens out of the logs.

A resume, invitation or cohort link is a bearer secret: whoever has `/s/<token>/` can read
and change the answers. Django logs the path of every 4xx and 5xx response
("Not Found: /s/<token>/", "Too Many Requests: ..."), and the development server every
request line, so the handlers in `settings.LOGGING` pass each record through
`MaskTokens` first.
"""

from __future__ import annotations

import logging
import re

__all__ = ["MaskTokens", "mask_tokens"]

MASK = "<token>"

_SEGMENT = r"[^/?#\s\"'<>]+"
# Each pattern keeps its group 1 (what precedes the token) and loses the rest.
_PATTERNS = [
    # The respondent's and the cohort's links (kompas/surveys/urls.py, kompas/reports/urls.py).
    re.compile(rf"(/[sc]/){_SEGMENT}"),
    # A counsellor's password-reset link, /accounts/reset/<uidb64>/<token>/ (Django's own).
    re.compile(rf"(/reset/{_SEGMENT}/)(?!set-password\b){_SEGMENT}"),
    # The API's `Authorization: Bearer <token>`, and a token in a query string.
    re.compile(r"(bearer\s+)[^\s,;\"']+", re.IGNORECASE),
    re.compile(r"(token=)[^&\s\"']+", re.IGNORECASE),
    # Anything else that looks like a token (kompas.lib.tokens: 32 URL-safe characters): a
    # whole path segment of 22 or more (hashed static file names hold a dot and stay), or a
    # word of 32 or more with capitals and small letters, as in an exception's message.
    re.compile(r"(/)[A-Za-z0-9_-]{22,}(?=[/?#\s\"']|$)"),
    re.compile(
        r"()(?<![A-Za-z0-9_-])(?=[A-Za-z0-9_-]*[A-Z])(?=[A-Za-z0-9_-]*[a-z])"
        r"[A-Za-z0-9_-]{32,}(?![A-Za-z0-9_-])"
    ),
]


def mask_tokens(text: str) -> str:
    """`text` with every link token replaced by `<token>`.

    Examples
    --------
    >>> mask_tokens("Not Found: /s/J3kq9v_Zr2lFQm0oXpB8cT1uWy4sN6aD/page/2/")
    'Not Found: /s/<token>/page/2/'
    >>> mask_tokens("Authorization: Bearer J3kq9v_Zr2lFQm0oXpB8cT1uWy4sN6aD")
    'Authorization: Bearer <token>'
    """
    for pattern in _PATTERNS:
        text = pattern.sub(rf"\g<1>{MASK}", text)
    return text


class MaskTokens(logging.Filter):
    """Rewrites a record's message, traceback and stack with the tokens masked; lets every
    record through. The message is formatted with its arguments first (a token may be in
    either), so the record leaves with `args=()`."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except (TypeError, ValueError):  # arguments that do not fit: keep both, masked
            message = f"{record.msg} {record.args!r}"
        record.msg = mask_tokens(message)
        record.args = ()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = mask_tokens(record.exc_text)
        if record.stack_info:
            record.stack_info = mask_tokens(record.stack_info)
        return True
