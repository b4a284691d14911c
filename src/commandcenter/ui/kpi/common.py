"""Shared pieces of the KPI area: language probe, a plain-row table model, chart axes.

Contracts
- `is_chinese()` asks the installed catalogue (the "KpiLanguage" marker translates to "zh"), so
  indicator names and definitions follow the UI language without a second setting.
- `RowTableModel(columns)`: a read-only, sortable table of plain rows. ``set_rows(rows, keys)``
  replaces everything (the views call it when a result arrives on the GUI thread). Roles:
  DisplayRole (formatted), ToolTipRole (header: the column's help text), `RawRole` (the value,
  used for sorting and drill-down), `KeyRole` (the row's key, e.g. an object code).
- `CnDateAxis`: a pyqtgraph `DateAxisItem` whose day-or-coarser ticks read "11月28日"/"2026年11月"
  in Chinese; x values are naive local times in seconds read as UTC (utcOffset 0), like the shell.
- `HourAxis`: hour-of-day ticks "0时".."23时" / "0:00".
- `submit(worker, owner, fn, *args, on_result=None, on_error=None)`: `DbWorker.submit` whose
  callbacks are dropped once ``owner`` (a widget) was deleted: a result arriving after the page
  closed must not touch dead widgets.
- `ChartTheme.from_palette(palette)`: chart colours for the widget's palette (issue 9's light and
  dark themes): background = the palette's Base, axes/text = its Text, and accent colours
  (bars, typical curve, target line, good/bad) chosen per theme so lines and bars stay readable
  (`ui.theme.contrast` >= 3:1 against the background). `style_plot(plot, theme)` restyles a PlotWidget in
  place (background, axis lines, tick and label text, legend text); views call it on
  QEvent.PaletteChange / ApplicationPaletteChange.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import pyqtgraph as pg
from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QEvent,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QColor, QPalette

from commandcenter.ui.theme import (
    contrast,  # noqa: F401 - the one contrast formula, re-exported
    is_dark,  # the one "dark palette" rule (ui.theme)
)

RawRole = Qt.ItemDataRole.UserRole + 1
KeyRole = Qt.ItemDataRole.UserRole + 2
_Index = QModelIndex | QPersistentModelIndex


def is_chinese() -> bool:
    return QCoreApplication.translate("KpiLanguage", "en") == "zh"


def fmt_number(v: Any, digits: int = 1) -> str:
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return "—"
    if isinstance(v, float):
        return f"{v:,.{digits}f}"
    return f"{v:,}" if isinstance(v, int) else str(v)


def fmt_percent(v: Any) -> str:
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return "—"
    return f"{float(v) * 100:.1f}%"


@dataclass
class Column:
    key: str
    header: str
    tooltip: str = ""
    fmt: Callable[[Any], str] = fmt_number
    align_right: bool = True


class RowTableModel(QAbstractTableModel):
    """Plain rows (tuples aligned with ``columns``) and one key per row; see module docstring."""

    def __init__(self, columns: Sequence[Column] = (), parent=None) -> None:
        super().__init__(parent)
        self._columns = list(columns)
        self._rows: list[tuple] = []
        self._keys: list[Any] = []

    def set_columns(self, columns: Sequence[Column]) -> None:
        self.beginResetModel()
        self._columns = list(columns)
        self._rows, self._keys = [], []  # rows follow the columns; the caller sets them next
        self.endResetModel()

    def set_rows(self, rows: Sequence[tuple], keys: Sequence[Any]) -> None:
        self.beginResetModel()
        self._rows = [tuple(r) for r in rows]
        self._keys = list(keys)
        self.endResetModel()

    def columns(self) -> list[Column]:
        return list(self._columns)

    def key(self, row: int) -> Any:
        return self._keys[row]

    def raw(self, row: int, column: int) -> Any:
        return self._rows[row][column]

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._columns)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows) or index.column() >= len(self._columns):
            return None
        col = self._columns[index.column()]
        value = self._rows[index.row()][index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return col.fmt(value)
        if role == RawRole:
            return value
        if role == KeyRole:
            return self._keys[index.row()]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            h = Qt.AlignmentFlag.AlignRight if col.align_right else Qt.AlignmentFlag.AlignLeft
            return int(h | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self._columns):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._columns[section].header
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._columns[section].tooltip or None
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self._columns):
            return

        def key(i: int):
            v = self._rows[i][column]
            missing = v is None or (isinstance(v, float) and math.isnan(v))
            return (missing, v if not missing else 0) if not isinstance(v, str) else (missing, v)

        self.layoutAboutToBeChanged.emit()
        order_ = sorted(range(len(self._rows)), key=key,
                        reverse=order == Qt.SortOrder.DescendingOrder)
        self._rows = [self._rows[i] for i in order_]
        self._keys = [self._keys[i] for i in order_]
        self.layoutChanged.emit()


class CnDateAxis(pg.DateAxisItem):
    """Date ticks with Chinese month/day labels when the UI is in Chinese."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("utcOffset", 0)
        super().__init__(*args, **kwargs)

    @staticmethod
    def day_label(value: float) -> str:
        """One day's label: "5月22日" in Chinese, "May 22" otherwise (usable without a paint,
        unlike `tickStrings` in English, which needs pyqtgraph's zoom level)."""
        d = datetime.fromtimestamp(value, UTC)
        return f"{d.month}月{d.day}日" if is_chinese() else f"{d:%b} {d.day}"

    def tickStrings(self, values, scale, spacing):  # noqa: N802 (Qt/pyqtgraph override)
        if spacing < 86400 or not is_chinese():
            return super().tickStrings(values, scale, spacing)
        out = []
        for v in values:
            try:
                d = datetime.fromtimestamp(v, UTC)
            except (OverflowError, OSError, ValueError):
                out.append("")
                continue
            out.append(f"{d.year}年{d.month}月" if spacing >= 28 * 86400 else f"{d.month}月{d.day}日")
        return out


class HourAxis(pg.AxisItem):
    def tickStrings(self, values, scale, spacing):  # noqa: N802
        zh = is_chinese()
        return [f"{int(v)}时" if zh else f"{int(v)}:00" for v in values]


def local_seconds(values) -> list[float]:
    """Naive datetimes (or datetime64) as seconds since the epoch read as UTC (for CnDateAxis)."""
    import numpy as np

    arr = np.asarray(values, dtype="datetime64[s]")
    return arr.astype(np.int64).astype(float).tolist()


def submit(worker: Any, owner: Any, fn: Callable, *args: Any, on_result: Callable | None = None,
           on_error: Callable | None = None, **kwargs: Any) -> Any:
    """``worker.submit`` with callbacks guarded by ``owner``'s C++ object being alive."""
    import shiboken6

    def guard(callback: Callable | None) -> Callable | None:
        if callback is None:
            return None

        def call(value: Any) -> None:
            if shiboken6.isValid(owner):
                callback(value)
        return call

    return worker.submit(fn, *args, on_result=guard(on_result), on_error=guard(on_error), **kwargs)


# --------------------------------------------------------------------------- chart theme
PALETTE_EVENTS = (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange)


@dataclass(frozen=True)
class ChartTheme:
    dark: bool
    background: str
    foreground: str
    bar: str
    bar2: str
    typical: str
    target: str
    good: str
    bad: str
    series: tuple[str, ...]

    @classmethod
    def paper(cls) -> ChartTheme:
        """The light theme on white, whatever the screen shows (PDF reports)."""
        p = QPalette()
        for role, colour in ((QPalette.ColorRole.Window, "#ffffff"), (QPalette.ColorRole.Base, "#ffffff"),
                             (QPalette.ColorRole.Text, "#000000")):
            p.setColor(role, QColor(colour))
        return cls.from_palette(p)

    @classmethod
    def from_palette(cls, palette: QPalette) -> ChartTheme:
        background = palette.color(QPalette.ColorRole.Base).name()
        foreground = palette.color(QPalette.ColorRole.Text).name()
        if is_dark(palette):
            return cls(True, background, foreground, bar="#6fa8f5", bar2="#8ab8e6", typical="#ffb347",
                       target="#ff6f61", good="#4cc98a", bad="#ff9f43",
                       series=("#6fa8f5", "#ffb347", "#4cc98a", "#ff6f61", "#c39bd3", "#48c9b0"))
        return cls(False, background, foreground, bar="#3a7bd5", bar2="#5b9bd5", typical="#e07b00",
                   target="#c0392b", good="#2e9e5b", bad="#d35400",
                   series=("#3a7bd5", "#e07b00", "#2e9e5b", "#c0392b", "#8e44ad", "#16a085"))


def style_plot(plot: pg.PlotWidget, theme: ChartTheme) -> None:
    """Background, axes, tick/label text and legend text of ``plot`` in ``theme``'s colours."""
    plot.setBackground(theme.background)
    item = plot.getPlotItem()
    pen = pg.mkPen(theme.foreground)
    for name in ("left", "bottom", "right", "top"):
        axis = item.getAxis(name)
        axis.setPen(pen)
        axis.setTextPen(pen)
    title = item.titleLabel
    title.setAttr("color", theme.foreground)
    if title.text:
        title.setText(title.text)  # re-render with the new colour
    legend = item.legend
    if legend is not None:
        legend.setLabelTextColor(theme.foreground)
        for _sample, label in legend.items:
            label.setText(label.text)  # setLabelTextColor only changes the next rendering
        legend.setBrush(pg.mkBrush(QColor(theme.background)))
