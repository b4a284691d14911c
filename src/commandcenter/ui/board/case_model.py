"""The board's case table: a flat model over a numpy array of row positions in a `BoardStore`.

Contracts
- `CaseTableModel.set_rows(store, positions, now)` replaces what is shown (a model reset: the
  filter/sort happened in numpy, STYLE.md habit 5); `rows_changed(positions)` repaints rows
  rewritten in place (`dataChanged`); `set_now(now)` recomputes aging colours. Called by
  `BoardPage` on the GUI thread only.
- Cells are formatted lazily in `data()` from the store's columns: nothing per row is kept.
- Columns `COL_*`; `CaseIdRole` gives the case id, `PositionRole` the store row position,
  `AgingRole` the aging code (0 none, 1 green, 2 yellow, 3 red), `SortKeyRole` (header
  sections) the store sort key of the column.
- Aging: yellow/red backgrounds on the "time left" cell, red text on the code of overdue cases.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import numpy as np
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from commandcenter.services.board import BoardStore, from_seconds
from commandcenter.services.board_columns import AGING_RED, AGING_YELLOW, U_WD
from commandcenter.ui.labels import channel_label, state_label

(COL_CODE, COL_RECEIVED, COL_CHANNEL, COL_MAJOR, COL_MINOR, COL_STREET, COL_COMMUNITY, COL_GRID,
 COL_ADDRESS, COL_UNIT, COL_STATE, COL_LEFT, COL_PRIORITY, COL_SUPERVISION,
 COL_DUPLICATES) = range(15)
COLUMN_COUNT = 15
SORT_KEYS = ("code", "reported_at", "channel", "major", "minor", "street", "community", "grid",
             "address", "lead_unit", "state", "time_left", "priority", "supervision", "duplicates")

CaseIdRole = Qt.ItemDataRole.UserRole + 1
PositionRole = Qt.ItemDataRole.UserRole + 2
AgingRole = Qt.ItemDataRole.UserRole + 3
SortKeyRole = Qt.ItemDataRole.UserRole + 4

YELLOW = QColor("#ffe08a")
RED = QColor("#f4a3a3")
RED_TEXT = QColor("#b00020")
_Index = QModelIndex | QPersistentModelIndex


class CaseTableModel(QAbstractTableModel):
    """Cases of the current lane and filter (see the module docstring for roles and columns)."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._store: BoardStore | None = None
        self._rows = np.zeros(0, dtype=np.int64)
        self._aging = np.zeros(0, dtype=np.int8)
        self._left = np.zeros(0)
        self._unit = np.zeros(0, dtype=np.int8)
        self._flash: set[int] = set()

    # ------------------------------------------------------------------ updates
    @property
    def positions(self) -> np.ndarray:
        return self._rows

    @property
    def store(self) -> BoardStore | None:
        return self._store

    def set_rows(self, store: BoardStore, positions: np.ndarray, now: datetime | None = None
                 ) -> None:
        self.beginResetModel()
        self._store = store
        self._rows = np.asarray(positions, dtype=np.int64)
        self._aging, self._left, self._unit = store.aging(now)
        self.endResetModel()

    def set_now(self, now: datetime | None = None) -> None:
        if self._store is None or not len(self._rows):
            return
        self._aging, self._left, self._unit = self._store.aging(now)
        self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, COLUMN_COUNT - 1))

    def rows_changed(self, positions: list[int], now: datetime | None = None) -> None:
        """Repaint rows of these store positions (rewritten in place by `BoardStore.merge`)."""
        if self._store is None:
            return
        self._aging, self._left, self._unit = self._store.aging(now)
        if not positions or not len(self._rows):
            return
        rows = np.flatnonzero(np.isin(self._rows, np.asarray(positions, dtype=np.int64)))
        for r in rows.tolist():
            self.dataChanged.emit(self.index(r, 0), self.index(r, COLUMN_COUNT - 1))

    def set_flash(self, positions: set[int]) -> None:
        """Rows briefly highlighted (a new case, a case turning red); empty set to clear."""
        old = self._flash
        self._flash = set(positions)
        changed = np.flatnonzero(np.isin(self._rows, np.asarray(list(old | self._flash),
                                                                 dtype=np.int64)))
        for r in changed.tolist():
            self.dataChanged.emit(self.index(r, 0), self.index(r, COLUMN_COUNT - 1))

    def row_of_position(self, position: int) -> int:
        hits = np.flatnonzero(self._rows == position)
        return int(hits[0]) if hits.size else -1

    def case_id(self, row: int) -> int:
        assert self._store is not None
        return int(self._store.ids[self._rows[row]])

    # ------------------------------------------------------------------ Qt model
    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else COLUMN_COUNT

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < COLUMN_COUNT:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._headers()[section]
        if role == SortKeyRole:
            return SORT_KEYS[section]
        return None

    def _headers(self) -> list[str]:
        return [self.tr("Code"), self.tr("Received"), self.tr("Channel"), self.tr("Major class"),
                self.tr("Minor class"), self.tr("Street"), self.tr("Community"), self.tr("Grid"),
                self.tr("Address"), self.tr("Lead unit"), self.tr("State"), self.tr("Time left"),
                self.tr("Priority"), self.tr("Supervision"), self.tr("Duplicates")]

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or self._store is None:
            return None
        row, col = index.row(), index.column()
        if not 0 <= row < len(self._rows):
            return None
        pos = int(self._rows[row])
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(pos, col)
        if role == CaseIdRole:
            return int(self._store.ids[pos])
        if role == PositionRole:
            return pos
        if role == AgingRole:
            return int(self._aging[pos]) if pos < len(self._aging) else 0
        if role == Qt.ItemDataRole.BackgroundRole:
            return self._background(pos, col)
        if role == Qt.ItemDataRole.ForegroundRole:
            if col in (COL_CODE, COL_LEFT) and self._aging_of(pos) == AGING_RED:
                return QBrush(RED_TEXT)
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (COL_LEFT, COL_SUPERVISION,
                                                                 COL_DUPLICATES):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and col == COL_ADDRESS:
            return self._store.value("address", pos)
        return None

    def _aging_of(self, pos: int) -> int:
        return int(self._aging[pos]) if pos < len(self._aging) else 0

    def _background(self, pos: int, col: int) -> Any:
        if pos in self._flash:
            return QBrush(QColor("#cfe8ff"))
        if col == COL_LEFT:
            a = self._aging_of(pos)
            if a == AGING_RED:
                return QBrush(RED)
            if a == AGING_YELLOW:
                return QBrush(YELLOW)
        return None

    def _display(self, pos: int, col: int) -> str:
        s = self._store
        assert s is not None
        c = s.cols
        if col == COL_CODE:
            return s.value("code", pos)
        if col == COL_RECEIVED:
            at = from_seconds(int(c["reported_at"][pos]))
            return at.strftime("%Y-%m-%d %H:%M") if at else ""
        if col == COL_CHANNEL:
            return channel_label(s.cats["channel"].values[c["channel"][pos]] or "")
        if col in (COL_MAJOR, COL_MINOR):
            minor = s.cats["minor_code"].values[c["minor_code"][pos]]
            if col == COL_MINOR:
                return s.label("minor", minor)
            return s.label("major", s.major_of(minor))
        if col in (COL_STREET, COL_COMMUNITY, COL_GRID):
            name, kind = {COL_STREET: ("street_code", "street"),
                          COL_COMMUNITY: ("community_code", "community"),
                          COL_GRID: ("grid_code", "grid")}[col]
            return s.label(kind, s.cats[name].values[c[name][pos]])
        if col == COL_ADDRESS:
            return s.value("address", pos)
        if col == COL_UNIT:
            return s.label("unit", s.cats["lead_unit"].values[c["lead_unit"][pos]])
        if col == COL_STATE:
            return state_label(s.cats["state"].values[c["state"][pos]] or "")
        if col == COL_LEFT:
            return self._time_left(pos)
        if col == COL_PRIORITY:
            if c["emergency"][pos]:
                return self.tr("Emergency")
            return self.tr("Urgent") if c["priority"][pos] else ""
        if col == COL_SUPERVISION:
            level = int(c["supervision_level"][pos])
            return str(level) if level else ""
        if col == COL_DUPLICATES:
            n = int(c["duplicates_count"][pos])
            return str(n) if n else ""
        return ""

    def _time_left(self, pos: int) -> str:
        if pos >= len(self._left) or np.isnan(self._left[pos]):
            return ""
        left = float(self._left[pos])
        days = int(self._unit[pos]) == U_WD
        if abs(left) >= 100:  # a tenth of an hour means nothing a hundred hours late
            left = round(left)
        if left < 0:
            text = self.tr("{0:.1f} d overdue") if days else self.tr("{0:.1f} h overdue")
            return text.format(-left)
        text = self.tr("{0:.1f} d") if days else self.tr("{0:.1f} h")
        return text.format(left)

    def retranslate(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, COLUMN_COUNT - 1)
        if len(self._rows):
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1,
                                                               COLUMN_COUNT - 1))
