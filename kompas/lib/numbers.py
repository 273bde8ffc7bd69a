"""Numbers as a reader of the active language writes them: the one formatter of the report's
charts, tables and text.

The decimal mark is the language's (from Django's locale formats: ``0,61`` in Dutch, ``0.61``
in English); a negative number has a real minus sign (U+2212, as typeset: a hyphen is too
short and reads as a dash); a number that rounds to zero has no sign, so no ``−0,0``; and a
missing number (None or NaN) is an en dash.

>>> from django.utils import translation
>>> with translation.override("nl"):
...     format_number(0.613, 2), format_number(-1.26), format_number(0.42, 2, signed=True)
('0,61', '−1,3', '+0,42')
>>> with translation.override("en"):
...     format_number(0.613, 2), format_number(-1.26), format_number(-0.04, signed=True)
('0.61', '−1.3', '0.0')
>>> format_number(None), format_number(float("nan")), format_percent(0.625, language="nl")
('–', '–', '62%')
"""

from __future__ import annotations

import math

from django.utils import formats
from django.utils.translation import gettext

__all__ = ["DASH", "MINUS", "format_chance", "format_number", "format_percent"]

MINUS = "\u2212"
DASH = "\u2013"


def format_number(
    value: float | None, decimals: int = 1, *, signed: bool = False, language: str | None = None
) -> str:
    """`value` rounded to `decimals` places in `language` (by default the active language).

    With `signed`, a positive number has a plus sign (``+0,8``), as on the charts' z-scores.
    Rounding is Python's: to the nearest, ties to even on the exact binary value.
    """
    if value is None or math.isnan(value):
        return DASH
    text = f"{float(value):{'+' if signed else ''}.{int(decimals)}f}"
    if float(text) == 0:
        text = f"{0:.{int(decimals)}f}"
    mark = str(formats.get_format("DECIMAL_SEPARATOR", lang=language))
    return text.replace("-", MINUS).replace(".", mark)


def format_percent(share: float | None, *, language: str | None = None) -> str:
    """A share of 0..1 as a whole percentage (``62%``); an en dash when missing."""
    if share is None or math.isnan(share):
        return DASH
    return f"{format_number(100 * share, 0, language=language)}%"


def format_chance(share: float | None, *, language: str | None = None) -> str:
    """A probability of 0..1 as a whole percentage that never claims certainty.

    A probability above 0.99 is "more than 99%" and one below 0.01 "less than 1%", so no
    rounding ever shows 100% or 0%; the rest is `format_percent` (1% to 99%). The words are
    in the active language.

    >>> from django.utils import translation
    >>> with translation.override("en"):
    ...     format_chance(0.999), format_chance(0.004), format_chance(0.625)
    ('more than 99%', 'less than 1%', '62%')
    """
    if share is None or math.isnan(share):
        return DASH
    if share > 0.99:
        return gettext("more than %(percent)s") % {
            "percent": format_percent(0.99, language=language)
        }
    if share < 0.01:
        return gettext("less than %(percent)s") % {
            "percent": format_percent(0.01, language=language)
        }
    return format_percent(share, language=language)
