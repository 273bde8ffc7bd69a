"""The report's charts: plain numbers and labels in, accessible SVG text out.

Every chart is drawn with matplotlib (the Figure API, no pyplot, so no GUI backend and no
global figure state) and returned as a standalone ``<svg>`` element that works inline in the
HTML report and in the PDF (WeasyPrint renders SVG) alike:

- text stays text (``svg.fonttype = "none"``), so screen readers, search and ``pdftotext``
  read the labels; the caller passes every label, already in the respondent's language, and
  this module writes only numbers;
- ``role="img"`` with a ``<title>`` and ``<desc>`` named by ``aria-labelledby``; the caller
  still shows the numbers in a table beside the chart;
- colours from the Okabe-Ito palette (Okabe & Ito 2008), which colour-blind readers tell
  apart, and never colour alone: marker shapes, fills and printed values carry the meaning in
  black-and-white print too;
- the same input gives the same bytes (no date, a fixed hash salt), and every id inside the
  SVG starts with the chart's id, so several charts can share one HTML page;
- the drawing is sized for a phone: at 360 CSS pixels wide the labels are about 11 px.

The title is not drawn inside the figure: the report shows it as the heading or caption.

Example:

>>> chart = profile_chart(
...     [("Nerd", 0.62), ("All-rounder", 0.38)],
...     title="Your profile", alt="Most like the Nerd profile (62%).", axis_label="Probability",
... )
>>> chart.svg.startswith("<svg") and 'role="img"' in chart.svg
True
>>> chart.alt
'Most like the Nerd profile (62%).'
"""

from __future__ import annotations

import hashlib
import html
import io
import math
import re
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache, wraps
from itertools import pairwise
from typing import TYPE_CHECKING, Any, ParamSpec

from matplotlib import rc_context
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.patches import Patch
from matplotlib.textpath import text_to_path

if TYPE_CHECKING:
    from matplotlib.typing import RcKeyType

__all__ = [
    "Chart",
    "CompassRow",
    "PhasePoint",
    "compass_chart",
    "identity_plane",
    "life_phase_path",
    "profile_chart",
    "prototypicality_chart",
]


@dataclass(frozen=True)
class Chart:
    """A drawn chart: the ``<svg>`` element and its text alternative."""

    svg: str
    alt: str


@dataclass(frozen=True)
class CompassRow:
    """One scale of the compass: its label, its disc's label and its z-score (None: missing)."""

    label: str
    group: str
    z: float | None


@dataclass(frozen=True)
class PhasePoint:
    """One life phase and its single exploration and commitment answers (1..5, None: none)."""

    label: str
    exploration: float | None
    commitment: float | None


# Okabe & Ito (2008), "Color Universal Design".
BLUE = "#0072B2"
VERMILLION = "#D55E00"
ORANGE = "#E69F00"
GREEN = "#009E73"
PURPLE = "#CC79A7"
SKY = "#56B4E9"
INK = "#1a1a1a"
MUTED = "#555555"
GRID = "#c8c8c8"
BAND = "#e3e3e3"
LIGHT_BAR = "#cfe6f5"

#: Marker shape and colour per identity status: shapes differ, so print needs no colour.
STATUS_MARKERS: Mapping[str, tuple[str, str]] = {
    "achievement": ("o", GREEN),
    "foreclosure": ("s", BLUE),
    "moratorium": ("^", ORANGE),
    "searching_moratorium": ("D", PURPLE),
    "diffusion": ("v", SKY),
}
_EXTRA_MARKERS = ("p", "h", "P", "X", "<", ">")

POINTS_PER_INCH = 72
WIDTH = 4.6 * POINTS_PER_INCH  # 331 pt: 11 pt text reads as ~12 px at 360 px wide
FONT = 11.0
SMALL = 10.0
LINE = 12.5  # the height of a line of SMALL text, in points
FONT_FAMILY = "DejaVu Sans"  # ships with matplotlib, so text is measured as it is drawn
MINUS = "\u2212"
DASH = "\u2013"

_RC: dict[RcKeyType, Any] = {
    "svg.fonttype": "none",
    "font.family": "sans-serif",
    "font.sans-serif": FONT_FAMILY,
    "font.size": FONT,
    "axes.unicode_minus": True,
    "axes.edgecolor": MUTED,
    "axes.labelcolor": INK,
    "xtick.color": MUTED,
    "ytick.color": MUTED,
    "xtick.labelcolor": INK,
    "ytick.labelcolor": INK,
    "xtick.labelsize": SMALL,
    "ytick.labelsize": SMALL,
    "axes.labelsize": FONT,
    "hatch.linewidth": 1.0,
}
# rcParams are global; one chart at a time keeps threaded servers from mixing settings.
_LOCK = threading.Lock()
_CHART_ID = re.compile(r"^[A-Za-z][A-Za-z0-9_-]*$")
_P = ParamSpec("_P")


def _drawn(draw: Callable[_P, Chart]) -> Callable[_P, Chart]:
    """Run `draw` with the charts' matplotlib settings, one chart at a time."""

    @wraps(draw)
    def drawn(*args: _P.args, **kwargs: _P.kwargs) -> Chart:
        with _LOCK, rc_context(_RC):
            return draw(*args, **kwargs)

    return drawn


# ----------------------------------------------------------------------------- the charts


@_drawn
def compass_chart(
    rows: Sequence[CompassRow],
    *,
    title: str,
    alt: str,
    axis_label: str,
    band_label: str,
    decimal_separator: str = ".",
    chart_id: str | None = None,
) -> Chart:
    """The compass: every scale's z-score as a dot on -3..3, grouped by disc.

    A grey band marks -1..1, where about two thirds of the norm group score, and a line marks
    the norm group's mean (0). Rows follow the given order; a row whose group differs from the
    row before starts a new heading. The z-score is printed at the right ("+0.8"; a dash when
    missing, and then no dot); a z beyond ±3 is drawn as a triangle at the edge.
    """
    if not rows:
        raise ValueError("the compass chart needs at least one scale")
    label_x = 4.0
    value_width = _text_width(f"{MINUS}3.0", SMALL) + 8
    label_limit = 0.44 * WIDTH
    # (kind, text lines, height) per drawn row, kind "group" or the row itself
    layout: list[tuple[CompassRow | None, list[str], float]] = []
    previous_group: str | None = None
    for row in rows:
        if row.group != previous_group:
            layout.append((None, [row.group], 22.0 if previous_group is None else 26.0))
            previous_group = row.group
        lines = _wrap(row.label, label_limit - 10, FONT)
        layout.append((row, lines, 17.0 + 13.0 * (len(lines) - 1)))
    label_width = max(
        (_text_width(line, FONT) + 10 for kind, lines, _ in layout if kind for line in lines),
        default=0.0,
    )
    label_width = min(label_limit, label_width)
    left = label_x + label_width + 6
    right = WIDTH - value_width - 4
    legend_lines = _wrap(band_label, WIDTH - 30, SMALL)
    axis_lines = _wrap(axis_label, right - left + 40, FONT)
    top = 14.0 * len(legend_lines) + 26
    bottom = 20.0 + 13.5 * len(axis_lines)
    rows_height = sum(height for _, _, height in layout) + 4
    height = top + rows_height + bottom

    fig, ax = _figure(WIDTH, height, left=left, right=right, top=top, bottom=bottom)
    ax.set_xlim(-3.3, 3.3)
    ax.set_ylim(rows_height, 0)
    ax.axvspan(-1, 1, facecolor=BAND, edgecolor="none", zorder=0)
    ax.axvline(0, color=MUTED, linewidth=1.0, zorder=1)
    ax.set_xticks(range(-3, 4))
    ax.tick_params(axis="x", top=True, labeltop=True, length=3)
    ax.set_yticks([])
    for side in ("left", "right"):
        ax.spines[side].set_visible(False)
    ax.set_xlabel("\n".join(axis_lines), parse_math=False, labelpad=4)

    # Text goes on the figure (placed in points from the top), one line collection draws the
    # guides and one call per marker shape draws the dots: a call per row would be slow.
    def put(x: float, y: float, content: str, **style: Any) -> None:
        fig.text(x / WIDTH, 1 - (top + y) / height, content, va="center", color=INK,
                 parse_math=False, **style)  # fmt: skip

    guides: list[float] = []
    dots: dict[str, tuple[list[float], list[float]]] = {"o": ([], []), ">": ([], []), "<": ([], [])}
    y = 0.0
    for kind, lines, row_height in layout:
        centre = y + row_height / 2 if kind else y + row_height - 8
        y += row_height
        if kind is None:
            put(label_x, centre, lines[0], ha="left", fontsize=FONT, fontweight="bold")
            continue
        put(label_x + 8, centre, "\n".join(lines), ha="left", fontsize=FONT)
        guides.append(centre)
        value = _number(kind.z)
        shown = DASH if value is None else _signed(value, 1, decimal_separator)
        put(right + value_width, centre, shown, ha="right", fontsize=SMALL)
        if value is not None:
            marker = "o" if abs(value) <= 3 else (">" if value > 0 else "<")
            dots[marker][0].append(_clip(value, 3.15))
            dots[marker][1].append(centre)
    ax.hlines(guides, -3.3, 3.3, color=GRID, linewidth=0.6, linestyle=(0, (1, 2)), zorder=1)
    for marker, (xs, ys) in dots.items():
        if xs:
            ax.plot(xs, ys, marker=marker, markersize=8, color=BLUE, markeredgecolor=INK,
                    markeredgewidth=0.8, linestyle="none", zorder=3)  # fmt: skip

    legend = fig.legend(
        handles=[Patch(facecolor=BAND, edgecolor=MUTED, linewidth=0.5)],
        labels=["\n".join(legend_lines)],
        loc="upper left",
        bbox_to_anchor=(0, 1),
        frameon=False,
        fontsize=SMALL,
        handlelength=1.4,
        borderaxespad=0.3,
    )
    for legend_text in legend.get_texts():
        legend_text.set_parse_math(False)
    return _finish(fig, "compass", title, alt, chart_id, rows, axis_label, band_label)


@_drawn
def identity_plane(
    *,
    exploration: float,
    commitment: float,
    reconsideration: float,
    centroids: Mapping[str, tuple[float, float, float]],
    labels: Mapping[str, str],
    you_label: str,
    x_label: str,
    y_label: str,
    title: str,
    alt: str,
    reconsideration_label: str | None = None,
    decimal_separator: str = ".",
    chart_id: str | None = None,
) -> Chart:
    """The respondent (a large star) among the status centroids on exploration x commitment.

    Coordinates are z-scores. `centroids` map a status to its centre in the order of
    `kompas.psychometrics.identity.DIMENSIONS`, (commitment, exploration, reconsideration),
    as `Centroids.centres` holds them; `labels` name each status (a status without a label is
    named by its key). Each status has its own marker shape. Lines at 0 split the plane into
    the four classic quadrants. With `reconsideration_label` the star's annotation adds a
    line "reconsideration: +1.2"; without it, reconsideration is not shown.
    """
    values = (exploration, commitment, reconsideration)
    if any(_number(v) is None for v in values):
        raise ValueError(
            "the identity plane needs exploration, commitment and reconsideration z-scores; "
            "leave the chart out when a dimension is missing"
        )
    points = {name: (c[1], c[0]) for name, c in centroids.items()}
    extent = max([abs(v) for p in points.values() for v in p] + [abs(exploration)], default=0)
    extent = max(extent, abs(commitment))
    limit = min(3.5, max(2.0, math.ceil((extent + 0.6) * 2) / 2))

    margin_left, margin_bottom, margin_top, margin_right = 46.0, 44.0, 10.0, 10.0
    side = WIDTH - margin_left - margin_right
    fig, ax = _figure(
        WIDTH,
        side + margin_top + margin_bottom,
        left=margin_left,
        right=WIDTH - margin_right,
        top=margin_top,
        bottom=margin_bottom,
    )
    ax.set_xlim(-limit, limit)
    ax.set_ylim(-limit, limit)
    ticks = list(range(-int(limit), int(limit) + 1))
    ax.set_xticks(ticks)
    ax.set_yticks(ticks)
    ax.tick_params(length=3)
    ax.axhline(0, color=MUTED, linewidth=1.0, zorder=1)
    ax.axvline(0, color=MUTED, linewidth=1.0, zorder=1)
    ax.grid(color=GRID, linewidth=0.5, linestyle=(0, (1, 2)))
    ax.set_axisbelow(True)
    ax.set_xlabel(x_label, parse_math=False)
    ax.set_ylabel(y_label, parse_math=False)

    def to_points(x: float, y: float) -> tuple[float, float]:
        return (x + limit) / (2 * limit) * side, (y + limit) / (2 * limit) * side

    # beyond the plane, the star sits on its edge, whole
    you = (_clip(exploration, limit - 0.2), _clip(commitment, limit - 0.2))
    markers = [_box_around(to_points(*you), 11)]
    ax.plot(
        [you[0]],
        [you[1]],
        marker="*",
        markersize=22,
        color=VERMILLION,
        markeredgecolor=INK,
        markeredgewidth=0.9,
        linestyle="none",
        zorder=5,
    )
    extra = iter(_EXTRA_MARKERS)
    for name, (x, y) in points.items():
        marker, colour = STATUS_MARKERS.get(name) or (next(extra, "o"), MUTED)
        ax.plot(
            [x],
            [y],
            marker=marker,
            markersize=10,
            color=colour,
            markeredgecolor=INK,
            markeredgewidth=0.8,
            linestyle="none",
            zorder=4,
        )
        markers.append(_box_around(to_points(x, y), 6))

    you_lines = [(line, True) for line in _wrap(you_label, side * 0.5, SMALL, bold=True)]
    if reconsideration_label:
        text = f"{reconsideration_label}: {_signed(reconsideration, 1, decimal_separator)}"
        you_lines += [(line, False) for line in _wrap(text, side * 0.5, SMALL)]
    texts = [(to_points(*you), you_lines, 13.0)]
    texts += [
        (
            to_points(x, y),
            [(line, False) for line in _wrap(labels.get(name, name), side * 0.4, SMALL)],
            8.0,
        )
        for name, (x, y) in points.items()
    ]
    boxes = _place_labels(texts, markers, side)
    for (_, lines, _), (box, ha) in zip(texts, boxes, strict=True):
        x = {"left": box[0], "center": (box[0] + box[2]) / 2, "right": box[2]}[ha]
        for i, (line, bold) in enumerate(lines):
            ax.annotate(
                line,
                xy=(x, box[3] - (i + 0.5) * LINE),
                xycoords="axes points",
                ha=ha,
                va="center",
                fontsize=SMALL,
                fontweight="bold" if bold else "normal",
                color=INK,
                parse_math=False,
                zorder=6,
                bbox={"boxstyle": "square,pad=0.1", "facecolor": "white", "edgecolor": "none"},
            )
    return _finish(fig, "identity", title, alt, chart_id, values, sorted(points.items()), labels)


@_drawn
def life_phase_path(
    phases: Sequence[PhasePoint],
    *,
    x_label: str,
    y_label: str,
    title: str,
    alt: str,
    chart_id: str | None = None,
) -> Chart:
    """The life phases as a numbered path on exploration x commitment (single answers 1..5).

    Phases without both answers are left out; the others are numbered 1, 2, ... in the given
    order, joined by arrows, and listed under the plane ("1  Childhood"). Phases with the same
    answers share one marker ("1, 3"). Lines at 3, the scale's midpoint, split the plane the
    way `kompas.psychometrics.identity.life_phase_statuses` does.
    """
    shown = [
        (phase.label, _clip(x, 5.0, 1.0), _clip(y, 5.0, 1.0))
        for phase in phases
        if (x := _number(phase.exploration)) is not None
        and (y := _number(phase.commitment)) is not None
    ]
    margin_left, margin_right, margin_top, axes_bottom = 46.0, 10.0, 10.0, 44.0
    side = WIDTH - margin_left - margin_right
    legend = [
        (str(k), line if i == 0 else "")
        for k, (label, _, _) in enumerate(shown, start=1)
        for i, line in enumerate(_wrap(label, WIDTH - 40, SMALL))
    ]
    legend_height = 14.0 * len(legend) + (8 if legend else 0)
    height = margin_top + side + axes_bottom + legend_height
    fig, ax = _figure(
        WIDTH,
        height,
        left=margin_left,
        right=WIDTH - margin_right,
        top=margin_top,
        bottom=axes_bottom + legend_height,
    )
    ax.set_xlim(0.5, 5.5)
    ax.set_ylim(0.5, 5.5)
    ax.set_xticks(range(1, 6))
    ax.set_yticks(range(1, 6))
    ax.tick_params(length=3)
    ax.axhline(3, color=MUTED, linewidth=1.0, zorder=1)
    ax.axvline(3, color=MUTED, linewidth=1.0, zorder=1)
    ax.grid(color=GRID, linewidth=0.5, linestyle=(0, (1, 2)))
    ax.set_axisbelow(True)
    ax.set_xlabel(x_label, parse_math=False)
    ax.set_ylabel(y_label, parse_math=False)

    for (_, x0, y0), (_, x1, y1) in pairwise(shown):
        if (x0, y0) == (x1, y1):
            continue
        ax.annotate(
            "",
            xy=(x1, y1),
            xytext=(x0, y0),
            arrowprops={
                "arrowstyle": "-|>,head_length=0.6,head_width=0.3",
                "color": BLUE,
                "linewidth": 1.6,
                "shrinkA": 11,
                "shrinkB": 11,
            },
            zorder=3,
        )
    numbers: dict[tuple[float, float], list[str]] = {}
    for k, (_, x, y) in enumerate(shown, start=1):
        numbers.setdefault((x, y), []).append(str(k))
    for (x, y), ks in numbers.items():
        ax.text(
            x,
            y,
            ", ".join(ks),
            ha="center",
            va="center",
            fontsize=SMALL,
            fontweight="bold",
            color=INK,
            zorder=5,
            bbox={
                "boxstyle": "circle,pad=0.3" if len(ks) == 1 else "round,pad=0.3",
                "facecolor": "white",
                "edgecolor": BLUE,
                "linewidth": 1.6,
            },
        )
    for i, (number, text) in enumerate(legend):
        y = legend_height - 8 - 14.0 * i
        fig.text(margin_left / WIDTH, y / height, number, ha="right", va="top", fontsize=SMALL,
                 fontweight="bold", color=INK)  # fmt: skip
        fig.text((margin_left + 8) / WIDTH, y / height, text, ha="left", va="top",
                 fontsize=SMALL, color=INK, parse_math=False)  # fmt: skip
    return _finish(fig, "phases", title, alt, chart_id, phases, x_label, y_label)


@_drawn
def profile_chart(
    probabilities: Sequence[tuple[str, float]],
    *,
    title: str,
    alt: str,
    axis_label: str,
    chart_id: str | None = None,
) -> Chart:
    """Membership probabilities (0..1) as horizontal bars on 0..100%, in the given order.

    Each bar has its percentage printed at its end; the most likely profile (the first of
    equals) has a dark, hatched bar and a bold label, so it stands out in black and white.
    """
    if not probabilities:
        raise ValueError("the profile chart needs at least one profile")
    for label, p in probabilities:
        if _number(p) is None or not -1e-9 <= p <= 1 + 1e-9:
            raise ValueError(f"the probability of profile {label!r} must lie in 0..1, got {p!r}")
    values = [min(1.0, max(0.0, p)) * 100 for _, p in probabilities]
    best = values.index(max(values))
    label_width = min(
        0.42 * WIDTH,
        max(_text_width(label, FONT, bold=True) for label, _ in probabilities) + 8,
    )
    wrapped = [_wrap(label, label_width - 8, FONT, bold=True) for label, _ in probabilities]
    row = [24.0 + 13.0 * (len(lines) - 1) for lines in wrapped]
    axis_lines = _wrap(axis_label, WIDTH - 8, FONT)
    left, right = label_width + 6, WIDTH - 40
    top, bottom = 6.0, 22.0 + 14.0 * len(axis_lines)
    rows_height = sum(row)
    fig, ax = _figure(WIDTH, top + rows_height + bottom, left=left, right=right, top=top,
                      bottom=bottom)  # fmt: skip
    ax.set_xlim(0, 100)
    ax.set_ylim(rows_height, 0)
    ax.set_xticks([0, 25, 50, 75, 100], labels=["0%", "25%", "50%", "75%", "100%"])
    ax.set_yticks([])
    ax.tick_params(axis="x", length=3)
    for spine in ("top", "right", "left"):
        ax.spines[spine].set_visible(False)
    ax.grid(axis="x", color=GRID, linewidth=0.5, linestyle=(0, (1, 2)))
    ax.set_axisbelow(True)
    ax.set_xlabel("\n".join(axis_lines), parse_math=False)
    y = 0.0
    for k, (lines, value, height) in enumerate(zip(wrapped, values, row, strict=True)):
        centre, y = y + height / 2, y + height
        emphasised = k == best
        ax.barh(
            centre,
            value,
            height=15,
            color=BLUE if emphasised else LIGHT_BAR,
            edgecolor=INK if emphasised else BLUE,
            linewidth=0.8,
            hatch="//" if emphasised else None,
            zorder=2,
        )
        weight = "bold" if emphasised else "normal"
        _label(ax, "\n".join(lines), (0, centre), (-6, 0), ha="right", weight=weight)
        ax.annotate(
            f"{value:.0f}%",
            xy=(value, centre),
            xytext=(4, 0),
            textcoords="offset points",
            ha="left",
            va="center",
            fontsize=SMALL,
            fontweight=weight,
            color=INK,
        )
    return _finish(fig, "profile", title, alt, chart_id, probabilities, axis_label)


@_drawn
def prototypicality_chart(
    *,
    shape: float | None,
    distinctive: float | None,
    labels: tuple[str, str],
    title: str,
    alt: str,
    decimal_separator: str = ".",
    chart_id: str | None = None,
) -> Chart:
    """Shape and distinctive similarity, each on its own scale from -1 to 1.

    The respondent's value is a diamond on the scale and printed at the right ("+0.42"); a
    missing value shows a dash and no diamond. Values beyond ±1 are drawn at the edge.
    """
    rows = [(labels[0], _number(shape)), (labels[1], _number(distinctive))]
    wrapped = [_wrap(label, WIDTH - 16, FONT) for label, _ in rows]
    heights = [40.0 + 14.0 * len(lines) for lines in wrapped]
    value_width = _text_width(f"{MINUS}0.00", FONT) + 10
    left, right = 16.0, WIDTH - value_width - 12
    height = sum(heights) + 4
    fig, ax = _figure(WIDTH, height, left=left, right=right, top=0, bottom=0)
    ax.set_xlim(-1, 1)
    ax.set_ylim(height, 0)
    ax.set_axis_off()
    y = 0.0
    for (_, value), lines, row_height in zip(rows, wrapped, heights, strict=True):
        ax.annotate(
            "\n".join(lines),
            xy=(0, y + 6),
            xycoords=("axes fraction", "data"),
            xytext=(8 - left, 0),
            textcoords="offset points",
            ha="left",
            va="top",
            fontsize=FONT,
            color=INK,
            parse_math=False,
        )
        line_y = y + 14.0 * len(lines) + 16
        y += row_height
        ax.plot([-1, 1], [line_y, line_y], color=MUTED, linewidth=1.2, solid_capstyle="butt")
        for tick in (-1, -0.5, 0, 0.5, 1):
            size = 5.0 if tick in (-1, 0, 1) else 3.0
            ax.plot([tick, tick], [line_y - size, line_y + size], color=MUTED, linewidth=1.0)
        for tick in (-1, 0, 1):
            text = f"{MINUS}1" if tick < 0 else str(tick)
            ax.text(tick, line_y + 7, text, ha="center", va="top", fontsize=SMALL, color=INK)
        text = DASH if value is None else _signed(value, 2, decimal_separator)
        _label(ax, text, (1, line_y), (value_width + 4, 0), ha="right", weight="bold")
        if value is not None:
            ax.plot(
                [_clip(value, 1.0)],
                [line_y],
                marker="D",
                markersize=10,
                color=VERMILLION,
                markeredgecolor=INK,
                markeredgewidth=0.8,
                linestyle="none",
                zorder=4,
                clip_on=False,
            )
    return _finish(fig, "prototypicality", title, alt, chart_id, shape, distinctive, labels)


# ----------------------------------------------------------------------------- drawing helpers


def _figure(
    width: float, height: float, *, left: float, right: float, top: float, bottom: float
) -> tuple[Figure, Axes]:
    """A figure of `width` x `height` points with one axes placed by margins in points."""
    fig = Figure(figsize=(width / POINTS_PER_INCH, height / POINTS_PER_INCH), dpi=72)
    ax = fig.add_axes(
        (left / width, bottom / height, (right - left) / width, (height - top - bottom) / height)
    )
    return fig, ax


def _label(
    ax: Axes,
    text: str,
    xy: tuple[float, float],
    offset: tuple[float, float],
    *,
    ha: str,
    weight: str = "normal",
    size: float = FONT,
) -> None:
    """Text at x in axes fraction and y in data, shifted by `offset` points."""
    ax.annotate(
        text,
        xy=xy,
        xycoords=("axes fraction", "data"),
        xytext=offset,
        textcoords="offset points",
        ha=ha,
        va="center",
        fontsize=size,
        fontweight=weight,
        color=INK,
        parse_math=False,
        annotation_clip=False,
    )


@lru_cache(maxsize=4096)
def _text_width(text: str, size: float, bold: bool = False) -> float:
    """The width of one line of text in points, as matplotlib will lay it out."""
    prop = FontProperties(family=FONT_FAMILY, size=size, weight="bold" if bold else "normal")
    width, _, _ = text_to_path.get_text_width_height_descent(text, prop, ismath=False)
    return float(width)


def _wrap(text: str, width: float, size: float, bold: bool = False) -> list[str]:
    """Greedy word wrap of `text` into lines at most `width` points wide (long words stay)."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for word in paragraph.split():
            candidate = f"{line} {word}" if line else word
            if line and _text_width(candidate, size, bold) > width:
                lines.append(line)
                line = word
            else:
                line = candidate
        lines.append(line)
    return lines


Box = tuple[float, float, float, float]  # x0, y0, x1, y1 in points from the axes' corner


def _box_around(point: tuple[float, float], radius: float) -> Box:
    x, y = point
    return (x - radius, y - radius, x + radius, y + radius)


def _place_labels(
    texts: Sequence[tuple[tuple[float, float], Sequence[tuple[str, bool]], float]],
    markers: Sequence[Box],
    side: float,
) -> list[tuple[Box, str]]:
    """A box and alignment for each label: one of eight spots around its anchor point.

    `texts` hold (anchor in points from the axes' corner, lines of (text, bold), gap). Each
    label goes greedily, in order, to the spot that overlaps least with the markers, the other
    labels and the outside of the axes; then a few passes move each label again while that
    lowers its overlap, which untangles labels of neighbouring markers.
    """
    spots = [
        (1.0, 0.0, "left", "center"),
        (-1.0, 0.0, "right", "center"),
        (0.0, 1.0, "center", "bottom"),
        (0.0, -1.0, "center", "top"),
        (0.7, 0.7, "left", "bottom"),
        (0.7, -0.7, "left", "top"),
        (-0.7, 0.7, "right", "bottom"),
        (-0.7, -0.7, "right", "top"),
    ]

    def options(k: int) -> list[tuple[Box, str]]:
        (x, y), lines, gap = texts[k]
        width = max(_text_width(line, SMALL, bold) for line, bold in lines) + 2
        height = LINE * len(lines)
        result = []
        for dx, dy, ha, va in spots:
            x0 = x + gap * dx - {"left": 0.0, "center": width / 2, "right": width}[ha]
            y0 = y + gap * dy - {"bottom": 0.0, "center": height / 2, "top": height}[va]
            result.append(((x0, y0, x0 + width, y0 + height), ha))
        return result

    def cost(box: Box, others: Sequence[Box]) -> float:
        area = (box[2] - box[0]) * (box[3] - box[1])
        outside = area - _overlap(box, (0.0, 0.0, side, side))
        return round(sum(_overlap(box, other) for other in others) + 4 * outside, 3)

    candidates = [options(k) for k in range(len(texts))]
    chosen: list[tuple[Box, str]] = []
    for k in range(len(texts)):
        others = [*markers, *(box for box, _ in chosen)]
        chosen.append(min(candidates[k], key=lambda option: cost(option[0], others)))
    for _ in range(3):
        for k in range(len(texts)):
            others = [*markers, *(box for j, (box, _) in enumerate(chosen) if j != k)]
            chosen[k] = min(candidates[k], key=lambda option: cost(option[0], others))
    return chosen


def _overlap(a: Box, b: Box) -> float:
    width = min(a[2], b[2]) - max(a[0], b[0])
    height = min(a[3], b[3]) - max(a[1], b[1])
    return max(0.0, width) * max(0.0, height)


def _number(value: float | None) -> float | None:
    """`value` as a float, or None when it is missing (None or NaN)."""
    if value is None:
        return None
    number = float(value)
    return None if math.isnan(number) else number


def _clip(value: float, high: float, low: float | None = None) -> float:
    low = -high if low is None else low
    return max(low, min(high, value))


def _signed(value: float, decimals: int, decimal_separator: str) -> str:
    """`value` with its sign, a typographic minus and the language's decimal separator."""
    text = f"{value:+.{decimals}f}"
    if float(text) == 0:
        text = f"{0:.{decimals}f}"
    return text.replace("-", MINUS).replace(".", decimal_separator)


# ----------------------------------------------------------------------------- SVG output

_ID = re.compile(r' id="([^"]+)"')
_REFERENCE = re.compile(r'(href="#|url\(#)([^")]+)')


def _finish(
    fig: Figure, kind: str, title: str, alt: str, chart_id: str | None, *inputs: Any
) -> Chart:
    """Save `fig` as SVG text and make it a standalone, accessible, page-safe element."""
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
    svg = _scope_ids(svg, chart_id)
    # matplotlib's only stylesheet, `*{...}`, would otherwise apply to the whole HTML page.
    svg = svg.replace('<style type="text/css">*{', f'<style type="text/css">#{chart_id} *{{')
    opening = svg[: svg.index(">") + 1]
    view_box = re.search(r'viewBox="([^"]+)"', opening)
    if view_box is None:  # pragma: no cover - matplotlib always writes one
        raise RuntimeError("matplotlib wrote an SVG without a viewBox")
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
        f'version="1.1" id="{chart_id}" class="kompas-chart kompas-chart-{kind}" '
        f'viewBox="{view_box.group(1)}" width="100%" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc">'
        f'\n <title id="{chart_id}-title">{html.escape(title)}</title>'
        f'\n <desc id="{chart_id}-desc">{html.escape(alt)}</desc>'
    )
    return Chart(svg=head + svg[len(opening) :].rstrip() + "\n", alt=alt)


def _scope_ids(svg: str, chart_id: str) -> str:
    """Prefix every referenced id with `chart_id` and drop the ids nothing refers to."""
    referenced = {match.group(2) for match in _REFERENCE.finditer(svg)}

    def rename_id(match: re.Match[str]) -> str:
        name = match.group(1)
        return f' id="{chart_id}-{name}"' if name in referenced else ""

    def rename_reference(match: re.Match[str]) -> str:
        return f"{match.group(1)}{chart_id}-{match.group(2)}"

    return _REFERENCE.sub(rename_reference, _ID.sub(rename_id, svg))
