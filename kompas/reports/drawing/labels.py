"""Text on the charts: measuring and wrapping it, and placing labels beside their markers.

Text is measured with the font matplotlib draws it in (`style.FONT_FAMILY`), so a wrapped
label fits the width it was wrapped to. Boxes are in points from the axes' lower left corner.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from matplotlib.font_manager import FontProperties
from matplotlib.textpath import text_to_path

from kompas.reports.drawing.style import FONT_FAMILY, LINE, SMALL

__all__ = ["Box", "box_around", "overlap", "place_labels", "text_width", "wrap"]

Box = tuple[float, float, float, float]  # x0, y0, x1, y1 in points from the axes' corner

#: Where a label may go around its anchor: direction (dx, dy) and the text's alignment.
_SPOTS = [
    (1.0, 0.0, "left", "center"),
    (-1.0, 0.0, "right", "center"),
    (0.0, 1.0, "center", "bottom"),
    (0.0, -1.0, "center", "top"),
    (0.7, 0.7, "left", "bottom"),
    (0.7, -0.7, "left", "top"),
    (-0.7, 0.7, "right", "bottom"),
    (-0.7, -0.7, "right", "top"),
]


@lru_cache(maxsize=4096)
def text_width(text: str, size: float, bold: bool = False) -> float:
    """The width of one line of text in points, as matplotlib will lay it out."""
    prop = FontProperties(family=FONT_FAMILY, size=size, weight="bold" if bold else "normal")
    width, _, _ = text_to_path.get_text_width_height_descent(text, prop, ismath=False)
    return float(width)


def wrap(text: str, width: float, size: float, bold: bool = False) -> list[str]:
    """Greedy word wrap of `text` into lines at most `width` points wide (long words stay)."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for word in paragraph.split():
            candidate = f"{line} {word}" if line else word
            if line and text_width(candidate, size, bold) > width:
                lines.append(line)
                line = word
            else:
                line = candidate
        lines.append(line)
    return lines


def box_around(point: tuple[float, float], radius: float) -> Box:
    """The square of half-width `radius` centred on `point`."""
    x, y = point
    return (x - radius, y - radius, x + radius, y + radius)


def overlap(a: Box, b: Box) -> float:
    """The area two boxes share (0 when they do not touch)."""
    width = min(a[2], b[2]) - max(a[0], b[0])
    height = min(a[3], b[3]) - max(a[1], b[1])
    return max(0.0, width) * max(0.0, height)


def place_labels(
    texts: Sequence[tuple[tuple[float, float], Sequence[tuple[str, bool]], float]],
    markers: Sequence[Box],
    side: float,
) -> list[tuple[Box, str]]:
    """A box and alignment for each label: one of eight spots around its anchor point.

    `texts` hold (anchor in points from the axes' corner, lines of (text, bold), gap), for
    lines of SMALL text; the axes are a square of `side` points. Each label goes greedily, in
    order, to the spot that overlaps least with the markers, the other labels and the outside
    of the axes; then a few passes move each label again while that lowers its overlap, which
    untangles labels of neighbouring markers.
    """

    def options(k: int) -> list[tuple[Box, str]]:
        (x, y), lines, gap = texts[k]
        width = max(text_width(line, SMALL, bold) for line, bold in lines) + 2
        height = LINE * len(lines)
        result = []
        for dx, dy, ha, va in _SPOTS:
            x0 = x + gap * dx - {"left": 0.0, "center": width / 2, "right": width}[ha]
            y0 = y + gap * dy - {"bottom": 0.0, "center": height / 2, "top": height}[va]
            result.append(((x0, y0, x0 + width, y0 + height), ha))
        return result

    def cost(box: Box, others: Sequence[Box]) -> float:
        area = (box[2] - box[0]) * (box[3] - box[1])
        outside = area - overlap(box, (0.0, 0.0, side, side))
        return round(sum(overlap(box, other) for other in others) + 4 * outside, 3)

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
