"""From a matplotlib figure to a standalone, accessible SVG element that is safe on a page.

`finish` saves the figure as SVG text and then: drops the XML prolog, the metadata and
no-op rotations; names the image by its title and description (``role="img"``,
``aria-labelledby``); prefixes every id with the chart's id and drops ids nothing refers to,
so several charts can share one HTML page; and turns matplotlib's CSS (a stylesheet and
``style="..."`` on nearly every element) into SVG presentation attributes, which the pages'
Content-Security-Policy allows where it refuses inline style.
The same figure and inputs give the same bytes (no date, a hash salt fixed by the chart id).
"""

from __future__ import annotations

import hashlib
import html
import io
import re
from dataclasses import dataclass
from typing import Any

from matplotlib import rc_context
from matplotlib.figure import Figure

from kompas.reports.drawing.loanwords import LOANWORDS

__all__ = ["REFERENCE", "Chart", "finish", "presentation_attributes", "scope_ids"]

_CHART_ID = re.compile(r"^[A-Za-z][A-Za-z0-9_-]*$")
_ID = re.compile(r' id="([^"]+)"')
#: A reference to an id inside the SVG: ``href="#name"`` or ``url(#name)``.
REFERENCE = re.compile(r'(href="#|url\(#)([^")]+)')
_STYLE = re.compile(r' style="([^"]*)"')
_TEXT = re.compile(r"<text\b([^>]*)>([^<]*)</text>")
#: matplotlib's one stylesheet: a rule for every element.
_STYLESHEET = re.compile(r'\s*<style type="text/css">\*\{([^}]*)\}</style>')
#: The CSS properties matplotlib writes that SVG also takes as attributes.
PRESENTATION = frozenset(
    {
        "clip-path",
        "fill",
        "fill-opacity",
        "fill-rule",
        "font-family",
        "font-size",
        "font-style",
        "font-weight",
        "opacity",
        "stroke",
        "stroke-dasharray",
        "stroke-dashoffset",
        "stroke-linecap",
        "stroke-linejoin",
        "stroke-miterlimit",
        "stroke-opacity",
        "stroke-width",
        "text-anchor",
    }
)


@dataclass(frozen=True)
class Chart:
    """A drawn chart: the ``<svg>`` element and its text alternative."""

    svg: str
    alt: str


def finish(
    fig: Figure, kind: str, title: str, alt: str, chart_id: str | None, *inputs: Any
) -> Chart:
    """Save `fig` as SVG text and make it a standalone, accessible, page-safe element.

    Without `chart_id` the id is derived from `kind` and a hash of the title, alt and
    `inputs`, so the same chart gets the same id.
    """
    if chart_id is None:
        digest = hashlib.sha1(repr((kind, title, alt, inputs)).encode(), usedforsecurity=False)
        chart_id = f"chart-{kind}-{digest.hexdigest()[:8]}"
    elif not _CHART_ID.match(chart_id):
        raise ValueError(
            f"chart_id {chart_id!r} must start with a letter and hold only letters, digits, "
            "'-' and '_'"
        )
    buffer = io.StringIO()
    with rc_context({"svg.hashsalt": chart_id}):
        fig.savefig(buffer, format="svg", metadata={"Date": None})
    svg = buffer.getvalue()
    svg = svg[svg.index("<svg") :]
    svg = re.sub(r"\s*<metadata>.*?</metadata>", "", svg, flags=re.DOTALL)
    svg = re.sub(r' transform="rotate\(-0 [^"]*\)"', "", svg)
    svg = scope_ids(svg, chart_id)
    # The stylesheet's rule for every element becomes the root's (inherited) attributes.
    stylesheet = _STYLESHEET.search(svg)
    everywhere = presentation_attributes(stylesheet.group(1)) if stylesheet else ""
    svg = _STYLESHEET.sub("", svg)
    svg = _STYLE.sub(lambda style: presentation_attributes(style.group(1)), svg)
    svg = _TEXT.sub(_in_own_language, svg)
    if "<style" in svg or " style=" in svg:  # pragma: no cover - a new kind of matplotlib CSS
        raise RuntimeError("matplotlib wrote CSS that finish() does not turn into attributes")
    opening = svg[: svg.index(">") + 1]
    view_box = re.search(r'viewBox="([^"]+)"', opening)
    if view_box is None:  # pragma: no cover - matplotlib always writes one
        raise RuntimeError("matplotlib wrote an SVG without a viewBox")
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
        f'version="1.1" id="{chart_id}" class="kompas-chart kompas-chart-{kind}" '
        f'viewBox="{view_box.group(1)}" width="100%" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc"{everywhere}>'
        f'\n <title id="{chart_id}-title">{html.escape(title)}</title>'
        f'\n <desc id="{chart_id}-desc">{html.escape(alt)}</desc>'
    )
    return Chart(svg=head + svg[len(opening) :].rstrip() + "\n", alt=alt)


def _in_own_language(text: re.Match[str]) -> str:
    """A label that is a loanword (`loanwords`) gets its language."""
    language = LOANWORDS.get(html.unescape(text.group(2)))
    if language is None:
        return text.group(0)
    return f'<text{text.group(1)} lang="{language}">{text.group(2)}</text>'


def presentation_attributes(declarations: str) -> str:
    """CSS declarations as SVG presentation attributes, each with a space before it.

    >>> presentation_attributes("fill: #ffffff; stroke-width: 0.8")
    ' fill="#ffffff" stroke-width="0.8"'
    """
    attributes = []
    for declaration in filter(str.strip, declarations.split(";")):
        name, _, value = (part.strip() for part in declaration.partition(":"))
        if name not in PRESENTATION:
            raise RuntimeError(f"matplotlib wrote the CSS property {name!r}, not an SVG attribute")
        attributes.append(f' {name}="{value}"')  # already escaped, as it was in an attribute
    return "".join(attributes)


def scope_ids(svg: str, chart_id: str) -> str:
    """Prefix every referenced id with `chart_id` and drop the ids nothing refers to."""
    referenced = {match.group(2) for match in REFERENCE.finditer(svg)}

    def rename_id(match: re.Match[str]) -> str:
        name = match.group(1)
        return f' id="{chart_id}-{name}"' if name in referenced else ""

    def rename_reference(match: re.Match[str]) -> str:
        return f"{match.group(1)}{chart_id}-{match.group(2)}"

    return REFERENCE.sub(rename_reference, _ID.sub(rename_id, svg))
