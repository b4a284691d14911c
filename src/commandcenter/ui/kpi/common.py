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
    QModelIndex,
    QPersistentModelIndex,
    Qt,
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
