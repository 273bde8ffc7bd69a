"""The charts' look: the Okabe-Ito palette, sizes in points, the font, matplotlib settings.

Colours come from the Okabe-Ito palette (Okabe & Ito 2008, "Color Universal Design"), which
colour-blind readers tell apart; the charts never rely on colour alone. The drawing is sized
for a phone: at 360 CSS pixels wide, 11 pt text reads as about 12 px.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from functools import wraps
from typing import TYPE_CHECKING, Any, ParamSpec, TypeVar

from matplotlib import rc_context

if TYPE_CHECKING:
    from matplotlib.typing import RcKeyType

__all__ = [
    "BAND",
    "BLUE",
    "FONT",
    "FONT_FAMILY",
    "GREEN",
    "GRID",
    "INK",
    "LIGHT_BAR",
    "LINE",
    "MUTED",
    "ORANGE",
    "POINTS_PER_INCH",
    "PURPLE",
    "SKY",
    "SMALL",
    "VERMILLION",
    "WIDTH",
    "in_chart_style",
]

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

POINTS_PER_INCH = 72
WIDTH = 4.6 * POINTS_PER_INCH  # 331 pt: 11 pt text reads as ~12 px at 360 px wide
FONT = 11.0
SMALL = 10.0
LINE = 12.5  # the height of a line of SMALL text, in points
FONT_FAMILY = "DejaVu Sans"  # ships with matplotlib, so text is measured as it is drawn

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
_P = ParamSpec("_P")
_R = TypeVar("_R")


def in_chart_style(draw: Callable[_P, _R]) -> Callable[_P, _R]:
    """Run `draw` with the charts' matplotlib settings, one chart at a time."""

    @wraps(draw)
    def drawn(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        with _LOCK, rc_context(_RC):
            return draw(*args, **kwargs)

    return drawn
