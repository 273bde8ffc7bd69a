"""Number formatting for reports: a dash for a missing value, the language's decimal mark."""

from __future__ import annotations

from django import template
from django.utils import formats

register = template.Library()


@register.filter
def decimal(value: float | None, places: int = 1) -> str:
    if value is None:
        return "–"
    rounded = round(float(value), int(places)) + 0.0  # + 0.0 turns -0.0 into 0.0
    text = formats.number_format(rounded if rounded != 0 else 0.0, int(places))
    return text.replace("-", "\u2212")  # a real minus sign, as in the charts


@register.filter
def percent(value: float | None) -> str:
    if value is None:
        return "–"
    return f"{formats.number_format(round(100 * float(value)), 0)}%"
