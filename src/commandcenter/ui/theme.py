"""Appearance: light / dark / follow-the-system palettes, the font size, and pyqtgraph restyling.

Contracts
- `Appearance(app)` remembers the application's start-up style, palette and font once, so
  "system" and font size 0 return exactly to the desktop's look.
- `apply(theme, font_size)`: theme "light" or "dark" sets the Fusion style with our palette
  (the native Windows style ignores palettes); "system" restores the start-up style and follows
  the desktop's colour scheme (Qt ≥ 6.5 `styleHints().colorScheme()`; a dark desktop gets our
  dark palette, because not every platform style provides one) and re-applies when it changes.
  `font_size` in points, 0 = the start-up font. Returns True when the result is dark.
- Plots: before the palette changes, every `pg.PlotWidget` under each top-level window gets the
  palette's Base colour as background and its Text colour for axes (`restyle_plots`). Qt then
  sends `QEvent.PaletteChange` to every widget; pages with their own colours (map, KPI) react to
  it themselves. Widgets should take colours from `palette()` rather than hard-coded values.
- `is_dark(palette)`: the window colour is darker than its text.
- `contrast(a, b) -> float`: the WCAG 2 contrast ratio of two colours (QColor or "#rrggbb"),
  1 (same luminance) to 21 (black on white). The one place colour contrast is computed.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QStyleFactory, QWidget

log = logging.getLogger(__name__)

_DARK = {
    QPalette.ColorRole.Window: "#2b2d30",
    QPalette.ColorRole.WindowText: "#dfe1e5",
    QPalette.ColorRole.Base: "#1e1f22",
    QPalette.ColorRole.AlternateBase: "#26282b",
    QPalette.ColorRole.ToolTipBase: "#3c3f41",
    QPalette.ColorRole.ToolTipText: "#dfe1e5",
    QPalette.ColorRole.PlaceholderText: "#8c8f94",
    QPalette.ColorRole.Text: "#dfe1e5",
    QPalette.ColorRole.Button: "#393b40",
    QPalette.ColorRole.ButtonText: "#dfe1e5",
    QPalette.ColorRole.BrightText: "#ff6b68",
    QPalette.ColorRole.Light: "#4a4d52",
    QPalette.ColorRole.Midlight: "#3f4247",
    QPalette.ColorRole.Mid: "#313337",
    QPalette.ColorRole.Dark: "#1b1c1f",
    QPalette.ColorRole.Shadow: "#0f0f10",
    QPalette.ColorRole.Highlight: "#2f65ca",
    QPalette.ColorRole.HighlightedText: "#ffffff",
    QPalette.ColorRole.Link: "#6ea8fe",
    QPalette.ColorRole.LinkVisited: "#b48ef0",
}
_DARK_DISABLED = {
    QPalette.ColorRole.WindowText: "#7b7e84",
    QPalette.ColorRole.Text: "#7b7e84",
    QPalette.ColorRole.ButtonText: "#7b7e84",
    QPalette.ColorRole.Highlight: "#3d4250",
}


def dark_palette() -> QPalette:
    palette = QPalette()
    for role, colour in _DARK.items():
        palette.setColor(role, QColor(colour))
    for role, colour in _DARK_DISABLED.items():
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor(colour))
    return palette


def light_palette() -> QPalette:
    style = QStyleFactory.create("Fusion")
    return style.standardPalette() if style is not None else QPalette()


def is_dark(palette: QPalette) -> bool:
    return (palette.color(QPalette.ColorRole.Window).lightness()
            < palette.color(QPalette.ColorRole.WindowText).lightness())


def contrast(a: QColor | str, b: QColor | str) -> float:
    """See the module contract (WCAG 2 relative luminance of sRGB channels)."""

    def luminance(c: QColor) -> float:
        def channel(v: float) -> float:
            return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4

        return (0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF())
                + 0.0722 * channel(c.blueF()))

    hi, lo = sorted((luminance(QColor(a)), luminance(QColor(b))), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def system_is_dark() -> bool:
    hints = QGuiApplication.styleHints()
    scheme = getattr(hints, "colorScheme", None)
    return scheme is not None and scheme() == Qt.ColorScheme.Dark


def restyle_plots(palette: QPalette, roots: list[QWidget] | None = None) -> int:
    """Give every pyqtgraph PlotWidget the palette's colours; returns how many were restyled.

    pyqtgraph is imported only if something already loaded it (no plots, nothing to do)."""
    import sys

    pg = sys.modules.get("pyqtgraph")
    if pg is None:
        return 0
    background = palette.color(QPalette.ColorRole.Base)
    foreground = palette.color(QPalette.ColorRole.Text)
    count = 0
    for root in roots if roots is not None else QApplication.topLevelWidgets():
        for plot in root.findChildren(pg.PlotWidget):
            plot.setBackground(background)
            for name in ("left", "bottom", "right", "top"):
                axis = plot.getPlotItem().getAxis(name)
                axis.setPen(foreground)
                axis.setTextPen(foreground)
            count += 1
    return count


class Appearance:
    """Applies the theme and font size to one QApplication (see the module contract)."""

    def __init__(self, app: QApplication) -> None:
        self.app = app
        self._style_name = app.style().name()
        self._palette = QPalette(app.palette())
        self._font = QFont(app.font())
        self.theme = "system"
        self.font_size = 0
        self.dark = is_dark(self._palette)
        hints = QGuiApplication.styleHints()
        if hasattr(hints, "colorSchemeChanged"):
            hints.colorSchemeChanged.connect(self._scheme_changed)

    def apply(self, theme: str, font_size: int = 0) -> bool:
        self.theme, self.font_size = theme, font_size
        dark = theme == "dark" or (theme == "system" and system_is_dark())
        if theme == "system":
            style = self._style_name
            palette = dark_palette() if dark else QPalette(self._palette)
        else:
            style = "Fusion"
            palette = dark_palette() if dark else light_palette()
        if self.app.style().name().lower() != style.lower():
            self.app.setStyle(style)
        restyle_plots(palette)
        self.app.setPalette(palette)
        font = QFont(self._font)
        if font_size > 0:
            font.setPointSize(font_size)
        self.app.setFont(font)
        self.dark = dark
        log.info("appearance: theme %s (%s), font %s pt", theme, "dark" if dark else "light",
                 font_size or "default")
        return dark

    def _scheme_changed(self, *_args: object) -> None:
        if self.theme == "system":
            self.apply(self.theme, self.font_size)
