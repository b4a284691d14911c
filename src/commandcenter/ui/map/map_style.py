"""Colours, symbols and colour ramps of the grid map (one place, so legend and drawing agree).

- Points are coloured by aging (green/yellow/red, grey without a clock) or by state (one hue
  per stage of the lifecycle); brushes are built once and indexed with numpy, so colouring a
  million points is one fancy-indexing step, not a Python loop.
- Priority: normal cases are small discs, urgent ones larger triangles, emergencies the largest
  stars (shape and size both, so colour-blind operators still see urgency).
- The choropleth ramp is a sequential yellow→red ramp (light = few, dark red = many) with
  `CHORO_BINS` classes; rate metrics (KPI %, higher is better) use fixed breaks `RATE_BREAKS`
  on a dark-red (low = bad) → pale-green (high = good) ramp, grey where no case was due; the
  heat layer is a transparent→orange→dark-red ramp drawn over it.
- Themes: `LIGHT` and `DARK` (`theme_for(palette)` picks by the window colour's lightness)
  give the canvas background, outline pens, label colours, scale bar and point outline; the
  data colours (ramps, aging, states) are the same in both so a legend means one thing.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtGui import QBrush, QColor, QPalette

from commandcenter.domain.vocabulary import State
from commandcenter.services.map_query import STATES
from commandcenter.ui.theme import is_dark

AGING_COLOURS = ("#9e9e9e", "#2e9d48", "#f2b600", "#d7301f")  # none, green, yellow, red
STATE_COLOURS: dict[State, str] = {
    State.REPORTED: "#6a8caf", State.PENDING_ACCEPT: "#6a8caf", State.VERIFYING: "#5577a0",
    State.PENDING_REGISTER: "#5577a0", State.PENDING_DISPATCH: "#e08214",
    State.WHISTLED: "#b2182b", State.DISPATCHED: "#f4a340", State.IN_PROGRESS: "#2166ac",
    State.PENDING_CHECK: "#1b9e77", State.PENDING_CLOSE: "#1b9e77",
    State.PENDING_VISIT: "#66a61e", State.CLOSED: "#bdbdbd", State.HUNG: "#8c510a",
    State.VOID: "#dddddd", State.MERGED: "#dddddd",
}
# Legend groups for the state colouring: (label, colour)
STATE_GROUPS = (
    (QT_TRANSLATE_NOOP("MapLegend", "Intake"), "#6a8caf"),
    (QT_TRANSLATE_NOOP("MapLegend", "Awaiting dispatch"), "#e08214"),
    (QT_TRANSLATE_NOOP("MapLegend", "Whistle blown"), "#b2182b"),
    (QT_TRANSLATE_NOOP("MapLegend", "Awaiting sign-for"), "#f4a340"),
    (QT_TRANSLATE_NOOP("MapLegend", "In progress"), "#2166ac"),
    (QT_TRANSLATE_NOOP("MapLegend", "Check and close"), "#1b9e77"),
    (QT_TRANSLATE_NOOP("MapLegend", "Callback"), "#66a61e"),
    (QT_TRANSLATE_NOOP("MapLegend", "Hung"), "#8c510a"),
    (QT_TRANSLATE_NOOP("MapLegend", "Closed"), "#bdbdbd"),
)
PRIORITY_SYMBOLS = ("o", "t1", "star")  # t1: a triangle pointing up  # normal, urgent, emergency
PRIORITY_SIZES = np.array([7.0, 10.0, 13.0])
OUTLINE_PENS = {
    "district": ("#16325c", 2.6), "streets": ("#2b5797", 1.6), "communities": ("#5b7db1", 0.9),
    "comprehensive": ("#8a9bb5", 0.5), "dedicated": ("#8e44ad", 0.8), "user": ("#00897b", 1.6),
}
CHORO_BINS = 7
CHORO_RAMP = ("#fff7d6", "#fee391", "#fec44f", "#fe9929", "#ec7014", "#cc4c02", "#8c2d04")
CHORO_ALPHA = 200
RATE_BREAKS = np.array([50.0, 70.0, 80.0, 90.0, 95.0, 100.0])  # upper bounds (inclusive), %
RATE_RAMP = ("#67000d", "#b2182b", "#e6550d", "#fdae6b", "#c7e9c0", "#edf8e9")  # low → high
RATE_NO_DATA = "#d9d9d9"
HEAT_STOPS = ((0.0, (255, 255, 255, 0)), (0.15, (254, 217, 118, 120)),
              (0.5, (253, 141, 60, 190)), (0.8, (227, 26, 28, 220)), (1.0, (128, 0, 38, 235)))
HIGHLIGHT = "#00bcd4"
ALERT = "#e0004d"


def _brushes(colours) -> np.ndarray:
    out = np.empty(len(colours), dtype=object)
    out[:] = [QBrush(QColor(c)) for c in colours]
    return out


AGING_BRUSHES = _brushes(AGING_COLOURS)
STATE_BRUSHES = _brushes([STATE_COLOURS.get(s, "#777777") for s in STATES])
SYMBOLS = np.array(PRIORITY_SYMBOLS, dtype=object)
POINT_PEN = pg.mkPen(QColor(40, 40, 40, 160), width=0.6)


@dataclass(frozen=True)
class Theme:
    """The non-data colours of the map for one palette (see the module docstring)."""

    dark: bool
    background: str
    outlines: dict[str, tuple[str, float]]
    label: str
    label_fill: tuple[int, int, int, int] | None  # a box behind grid labels, or None
    scale: str
    point_pen: object  # QPen
    error: str  # status-line colour of error messages
    choro_alpha: int
    zero: str  # choropleth class 0 (no case): pale on light, dark slate on dark
    no_data: str  # rate metrics where nothing was due
    rate_ramp: tuple[str, ...]  # low (bad) → high (good), one colour per RATE_BREAKS class


LIGHT = Theme(dark=False, background="#ffffff", outlines=OUTLINE_PENS, label="#1d2b44",
              label_fill=None, scale="#333333", point_pen=POINT_PEN, error="#b00020",
              choro_alpha=CHORO_ALPHA, zero=CHORO_RAMP[0], no_data=RATE_NO_DATA,
              rate_ramp=RATE_RAMP)
DARK = Theme(
    dark=True, background="#1b1f24",
    outlines={"district": ("#a9c8ff", 2.6), "streets": ("#7ea6e6", 1.6),
              "communities": ("#5d7fae", 0.9), "comprehensive": ("#5f6d82", 0.5),
              "dedicated": ("#d19cf0", 0.9), "user": ("#4dd0c1", 1.6)},
    label="#e6edf7", label_fill=(20, 24, 30, 150), scale="#d8dee9",
    point_pen=pg.mkPen(QColor(230, 230, 230, 170), width=0.6), error="#ff8a80",
    # opaque: the drawn classes are exactly the legend's swatches; "no case" stays dark so a
    # night-shift screen is mostly dark and the hot grids stand out
    choro_alpha=255, zero="#2c3440", no_data="#4a4f57",
    # bright where it is bad, muted green where it is fine (no near-white glare at night)
    rate_ramp=("#ff4d4d", "#f46d43", "#f8a55b", "#e6c86e", "#5e9c6c", "#2e6a47"))


def theme_for(palette: QPalette) -> Theme:
    """DARK when the palette's window colour is dark, else LIGHT."""
    return DARK if is_dark(palette) else LIGHT


def priority_class(priority: np.ndarray, emergency: np.ndarray) -> np.ndarray:
    """0 normal, 1 urgent, 2 emergency."""
    return np.where(emergency, 2, np.where(priority > 0, 1, 0))


def choropleth_lut(alpha: int = CHORO_ALPHA, zero: str = CHORO_RAMP[0]) -> np.ndarray:
    """RGBA per class (CHORO_BINS rows, the ramp; class 0 `zero`) plus a last transparent row
    (no grid)."""
    lut = np.zeros((CHORO_BINS + 1, 4), np.uint8)
    for i, c in enumerate((zero, *CHORO_RAMP[1:CHORO_BINS])):
        q = QColor(c)
        lut[i] = (q.red(), q.green(), q.blue(), alpha)
    return lut


def rate_lut(alpha: int = CHORO_ALPHA, no_data: str = RATE_NO_DATA,
             ramp: tuple[str, ...] = RATE_RAMP) -> np.ndarray:
    """RGBA per rate class (`ramp`), then the no-data grey, then transparent (no grid)."""
    lut = np.zeros((len(RATE_RAMP) + 2, 4), np.uint8)
    for i, c in enumerate((*ramp, no_data)):
        q = QColor(c)
        lut[i] = (q.red(), q.green(), q.blue(), alpha)
    return lut


def classify_rates(values: np.ndarray) -> np.ndarray:
    """Rate class per value (index into RATE_RAMP); NaN -> len(RATE_RAMP), the no-data row."""
    cls = np.minimum(np.searchsorted(RATE_BREAKS, np.nan_to_num(values), side="left"),
                     len(RATE_RAMP) - 1)
    return np.where(np.isnan(values), len(RATE_RAMP), cls)


def class_breaks(values: np.ndarray) -> np.ndarray:
    """Upper bounds (inclusive) of the positive classes: distinct quantiles of the positive
    values, at most CHORO_BINS - 1 of them (class 0 is exactly zero)."""
    positive = values[values > 0]
    if not positive.size:
        return np.empty(0)
    return np.unique(np.quantile(positive, np.linspace(0, 1, CHORO_BINS)[1:]))


def classify(values: np.ndarray, breaks: np.ndarray) -> np.ndarray:
    """Class per value: 0 for zero (or less), 1 + the first break not below it otherwise."""
    cls = 1 + np.searchsorted(breaks, values, side="left")
    return np.where(values > 0, np.minimum(cls, len(breaks)), 0)


def heat_lut(n: int = 256) -> np.ndarray:
    pos = np.array([s[0] for s in HEAT_STOPS])
    cols = np.array([s[1] for s in HEAT_STOPS], float)
    t = np.linspace(0, 1, n)
    lut = np.stack([np.interp(t, pos, cols[:, k]) for k in range(4)], axis=1)
    return lut.astype(np.uint8)
