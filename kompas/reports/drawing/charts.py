"""The report's five charts: plain numbers and labels in, accessible SVG text out.

Every chart is drawn with matplotlib (the Figure API, no pyplot, so no GUI backend and no
global figure state) and returned as a standalone ``<svg>`` element that works inline in the
HTML report and in the PDF (WeasyPrint renders SVG) alike:

- text stays text (``svg.fonttype = "none"``), so screen readers, search and ``pdftotext``
  read the labels; the caller passes every label, already in the respondent's language, and
  the number format of that language (`NumberFormat`);
- ``role="img"`` with a ``<title>`` and ``<desc>`` named by ``aria-labelledby``; the caller
  still shows the numbers in a table beside the chart;
- colours from the Okabe-Ito palette (`style`), and never colour alone: marker shapes, fills
  and printed values carry the meaning in black-and-white print too;
- the same input gives the same bytes, and every id inside the SVG starts with the chart's
  id, so several charts can share one HTML page (`svg`);
- labels are wrapped to the width they get and placed where they overlap least (`labels`).

The title is not drawn inside the figure: the report shows it as the heading or caption.

Example:

>>> from kompas.lib.numbers import format_number
>>> chart = profile_chart(
...     [("Nerd", 0.62), ("All-rounder", 0.38)],
...     title="Your profile", alt="Most like the Nerd profile (62%).", axis_label="Probability",
...     format_number=format_number,
... )
>>> chart.svg.startswith("<svg") and 'role="img"' in chart.svg
True
>>> chart.alt
'Most like the Nerd profile (62%).'
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Any, Protocol

from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from kompas.reports.drawing.labels import box_around, place_labels, text_width, wrap
from kompas.reports.drawing.style import (
    BAND,
    BLUE,
    FONT,
    GREEN,
    GRID,
    INK,
    LIGHT_BAR,
    LINE,
    MUTED,
    ORANGE,
    POINTS_PER_INCH,
    PURPLE,
    SKY,
    SMALL,
    VERMILLION,
    WIDTH,
    in_chart_style,
)
from kompas.reports.drawing.svg import Chart, finish

__all__ = [
    "STATUS_MARKERS",
    "Chart",
    "CompassRow",
    "NumberFormat",
    "PhasePoint",
    "compass_chart",
    "identity_plane",
    "life_phase_path",
    "profile_chart",
    "prototypicality_chart",
]

#: The widest number a chart prints, to size its column: the minus is U+2212, as printed.
_MINUS = "\u2212"


class NumberFormat(Protocol):
    """Writes a number for the reader, a dash when it is missing (None): the language's
    decimal mark and a real minus sign, as `kompas.lib.numbers.format_number` does."""

    def __call__(self, value: float | None, decimals: int = ..., *, signed: bool = ...) -> str: ...


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


#: Marker shape and colour per identity status: shapes differ, so print needs no colour.
STATUS_MARKERS: Mapping[str, tuple[str, str]] = {
    "achievement": ("o", GREEN),
    "foreclosure": ("s", BLUE),
    "moratorium": ("^", ORANGE),
    "searching_moratorium": ("D", PURPLE),
    "diffusion": ("v", SKY),
}
_EXTRA_MARKERS = ("p", "h", "P", "X", "<", ">")

# ----------------------------------------------------------------------------- the charts


@in_chart_style
def compass_chart(
    rows: Sequence[CompassRow],
    *,
    title: str,
    alt: str,
    axis_label: str,
    band_label: str,
    format_number: NumberFormat,
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
    value_width = text_width(f"{_MINUS}3.0", SMALL) + 8
    label_limit = 0.44 * WIDTH
    # (kind, text lines, height) per drawn row, kind "group" or the row itself
    layout: list[tuple[CompassRow | None, list[str], float]] = []
    previous_group: str | None = None
    for row in rows:
        if row.group != previous_group:
            layout.append((None, [row.group], 22.0 if previous_group is None else 26.0))
            previous_group = row.group
        lines = wrap(row.label, label_limit - 10, FONT)
        layout.append((row, lines, 17.0 + 13.0 * (len(lines) - 1)))
    label_width = max(
        (text_width(line, FONT) + 10 for kind, lines, _ in layout if kind for line in lines),
        default=0.0,
    )
    label_width = min(label_limit, label_width)
    left = label_x + label_width + 6
    right = WIDTH - value_width - 4
    legend_lines = wrap(band_label, WIDTH - 30, SMALL)
    axis_lines = wrap(axis_label, right - left + 40, FONT)
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
        shown = format_number(value, 1, signed=True)
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
    return finish(fig, "compass", title, alt, chart_id, rows, axis_label, band_label)


@in_chart_style
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
    format_number: NumberFormat,
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
    markers = [box_around(to_points(*you), 11)]
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
        markers.append(box_around(to_points(x, y), 6))

    you_lines = [(line, True) for line in wrap(you_label, side * 0.5, SMALL, bold=True)]
    if reconsideration_label:
        text = f"{reconsideration_label}: {format_number(reconsideration, 1, signed=True)}"
        you_lines += [(line, False) for line in wrap(text, side * 0.5, SMALL)]
    texts = [(to_points(*you), you_lines, 13.0)]
    texts += [
        (
            to_points(x, y),
            [(line, False) for line in wrap(labels.get(name, name), side * 0.4, SMALL)],
            8.0,
        )
        for name, (x, y) in points.items()
    ]
    boxes = place_labels(texts, markers, side)
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
    return finish(fig, "identity", title, alt, chart_id, values, sorted(points.items()), labels)


@in_chart_style
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
        for i, line in enumerate(wrap(label, WIDTH - 40, SMALL))
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
    return finish(fig, "phases", title, alt, chart_id, phases, x_label, y_label)


@in_chart_style
def profile_chart(
    probabilities: Sequence[tuple[str, float]],
    *,
    title: str,
    alt: str,
    axis_label: str,
    format_number: NumberFormat,
    format_chance: Callable[[float], str] | None = None,
    chart_id: str | None = None,
) -> Chart:
    """Membership probabilities (0..1) as horizontal bars on 0..100%, in the given order.

    Each bar has its percentage printed at its end, written by `format_chance` (given the
    probability) when given, so a report can say "more than 99%" rather than "100%"; the
    axis is then labelled up to 75% only, so no certainty is printed anywhere. The most
    likely profile (the first of equals) has a dark, hatched bar and a bold label, so it
    stands out in black and white.
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
        max(text_width(label, FONT, bold=True) for label, _ in probabilities) + 8,
    )
    wrapped = [wrap(label, label_width - 8, FONT, bold=True) for label, _ in probabilities]
    row = [24.0 + 13.0 * (len(lines) - 1) for lines in wrapped]
    axis_lines = wrap(axis_label, WIDTH - 8, FONT)
    value_labels = [
        f"{format_number(value, 0)}%" if format_chance is None else format_chance(p)
        for value, (_, p) in zip(values, probabilities, strict=True)
    ]
    widest = max(text_width(text, SMALL, bold=True) for text in value_labels)
    left, right = label_width + 6, WIDTH - max(40.0, widest + 10)
    top, bottom = 6.0, 22.0 + 14.0 * len(axis_lines)
    rows_height = sum(row)
    fig, ax = _figure(WIDTH, top + rows_height + bottom, left=left, right=right, top=top,
                      bottom=bottom)  # fmt: skip
    ax.set_xlim(0, 100)
    ax.set_ylim(rows_height, 0)
    ticks = [0, 25, 50, 75, 100]
    tick_labels = [f"{format_number(tick, 0)}%" for tick in ticks]
    if format_chance is not None:
        tick_labels[-1] = ""
    ax.set_xticks(ticks, labels=tick_labels)
    ax.set_yticks([])
    ax.tick_params(axis="x", length=3)
    for spine in ("top", "right", "left"):
        ax.spines[spine].set_visible(False)
    ax.grid(axis="x", color=GRID, linewidth=0.5, linestyle=(0, (1, 2)))
    ax.set_axisbelow(True)
    ax.set_xlabel("\n".join(axis_lines), parse_math=False)
    y = 0.0
    for k, (lines, value, text, height) in enumerate(
        zip(wrapped, values, value_labels, row, strict=True)
    ):
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
            text,
            xy=(value, centre),
            xytext=(4, 0),
            textcoords="offset points",
            ha="left",
            va="center",
            fontsize=SMALL,
            fontweight=weight,
            color=INK,
        )
    return finish(fig, "profile", title, alt, chart_id, probabilities, axis_label)


@in_chart_style
def prototypicality_chart(
    *,
    shape: float | None,
    distinctive: float | None,
    labels: tuple[str, str],
    title: str,
    alt: str,
    format_number: NumberFormat,
    chart_id: str | None = None,
) -> Chart:
    """Shape and distinctive similarity, each on its own scale from -1 to 1.

    The respondent's value is a diamond on the scale and printed at the right ("+0.42"); a
    missing value shows a dash and no diamond. Values beyond ±1 are drawn at the edge.
    """
    rows = [(labels[0], _number(shape)), (labels[1], _number(distinctive))]
    wrapped = [wrap(label, WIDTH - 16, FONT) for label, _ in rows]
    heights = [40.0 + 14.0 * len(lines) for lines in wrapped]
    value_width = text_width(f"{_MINUS}0.00", FONT) + 10
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
            ax.text(
                tick,
                line_y + 7,
                format_number(tick, 0),
                ha="center",
                va="top",
                fontsize=SMALL,
                color=INK,
            )
        text = format_number(value, 2, signed=True)
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
    return finish(fig, "prototypicality", title, alt, chart_id, shape, distinctive, labels)


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


def _number(value: float | None) -> float | None:
    """`value` as a float, or None when it is missing (None or NaN)."""
    if value is None:
        return None
    number = float(value)
    return None if math.isnan(number) else number


def _clip(value: float, high: float, low: float | None = None) -> float:
    low = -high if low is None else low
    return max(low, min(high, value))
