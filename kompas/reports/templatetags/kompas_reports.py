"""Numbers in the report's tables, written as in the charts and the text (`kompas.lib.numbers`)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import pgettext

from kompas.lib.numbers import format_chance, format_number, format_percent
from kompas.reports.drawing.loanwords import LOANWORDS

register = template.Library()


@register.filter
def decimal(value: float | None, places: int = 1) -> str:
    """``{{ z|decimal:1 }}``: the active language's decimal mark, a real minus, a dash when
    missing."""
    return format_number(value, int(places))


@register.filter
def percent(value: float | None) -> str:
    """``{{ p|percent }}``: a share of 0..1 as a whole percentage."""
    return format_percent(value)


@register.filter
def chance(value: float | None) -> str:
    """``{{ p|chance }}``: a probability of 0..1 as a percentage that is never 0% or 100%
    ("more than 99%", "less than 1%")."""
    return format_chance(value)


@register.filter
def in_own_language(text: str) -> str | SafeString:
    """``{{ profile.name|in_own_language }}``: a name, in its own language when it is a loanword.

    >>> in_own_language("Einzelgänger"), in_own_language("Nerd")
    ('<span lang="de">Einzelgänger</span>', 'Nerd')
    """
    language = LOANWORDS.get(text)
    return format_html('<span lang="{}">{}</span>', language, text) if language else text


@register.filter
def joined(items: Sequence[Any], attribute: str = "") -> str:
    """``{{ names|joined }}``, ``{{ lines|joined:"name" }}``: names (or each item's
    `attribute`) as a list in the active language ("A, B and C", "A, B en C"); the template
    escapes the result.

    >>> from django.utils import translation
    >>> with translation.override("en"):
    ...     joined(["A", "B", "C"]), joined(["A"]), joined([])
    ('A, B and C', 'A', '')
    """
    names = [str(getattr(item, attribute) if attribute else item) for item in items]
    if len(names) < 2:
        return "".join(names)
    return pgettext("a list of names", "%(names)s and %(last)s") % {
        "names": ", ".join(names[:-1]),
        "last": names[-1],
    }
