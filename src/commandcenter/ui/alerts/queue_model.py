"""Table model of the "about to go red" queue: cases whose deadline falls within the hour.

Contracts
- `SoonQueueModel.set_queue(frame, names)` replaces the rows from the ``soon`` frame of
  `analytics.warning.DeadlineWarnings` (a reset); `merge(frame, case_ids)` is the cheap update
  after a change batch: the rows of ``case_ids`` are dropped, then those of ``frame`` (the same
  ids, re-read) inserted in deadline order; `expire(now)` drops rows whose deadline has passed
  (they are red now) and refreshes the minutes left without any database work. Called by
  `AlertsPanel` on the GUI thread.
- Rows are plain tuples (case_id, due_at, unit, grid_code, working_minutes_left, code,
  emergency); an emergency (natural-time) clock shows no working minutes.
- Columns `COL_*`; `CaseIdRole` gives the case id, `GridRole` its grid code.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

(COL_CASE, COL_UNIT, COL_DUE, COL_LEFT, COL_WORKING_LEFT) = range(5)
COLUMN_COUNT = 5
CaseIdRole = Qt.ItemDataRole.UserRole + 11
GridRole = Qt.ItemDataRole.UserRole + 12
_Index = QModelIndex | QPersistentModelIndex
URGENT = QColor("#f4a3a3")
SOON = QColor("#ffe08a")


class SoonQueueModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[tuple] = []
        self._names: dict[str, dict[str, str]] = {}
        self._now = datetime.now()

    # ------------------------------------------------------------------ updates
    @staticmethod
    def _tuples(frame: Any) -> list[tuple]:
        if frame is None or len(frame) == 0:
            return []
        return [(int(r.case_id), r.due_at.to_pydatetime(), str(r.unit or ""),
                 r.grid_code if isinstance(r.grid_code, str) else None,
                 float(r.working_minutes_left), str(getattr(r, "code", "") or r.case_id),
                 bool(getattr(r, "emergency", False)))
                for r in frame.itertuples(index=False)]

    def set_queue(self, frame: Any, now: datetime, names: dict | None = None) -> None:
        self.beginResetModel()
        self._rows = sorted(self._tuples(frame), key=lambda t: (t[1], t[0]))
        self._now = now
        if names is not None:
            self._names = names
        self.endResetModel()

    def merge(self, frame: Any, case_ids: list[int], now: datetime) -> None:
        drop = set(case_ids)
        for i in range(len(self._rows) - 1, -1, -1):
            if self._rows[i][0] in drop:
                self.beginRemoveRows(QModelIndex(), i, i)
                del self._rows[i]
                self.endRemoveRows()
        for row in self._tuples(frame):
            pos = 0
            while pos < len(self._rows) and (self._rows[pos][1], self._rows[pos][0]) < (row[1], row[0]):
                pos += 1
            self.beginInsertRows(QModelIndex(), pos, pos)
            self._rows.insert(pos, row)
            self.endInsertRows()
        self.set_now(now)

    def expire(self, now: datetime) -> None:
        while self._rows and self._rows[0][1] < now:
            self.beginRemoveRows(QModelIndex(), 0, 0)
            del self._rows[0]
            self.endRemoveRows()
        self.set_now(now)

    def set_now(self, now: datetime) -> None:
        self._now = now
        if self._rows:
            self.dataChanged.emit(self.index(0, COL_LEFT),
                                  self.index(len(self._rows) - 1, COL_LEFT))

    def case_ids(self) -> list[int]:
        return [r[0] for r in self._rows]

    # ------------------------------------------------------------------ Qt overrides
    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else COLUMN_COUNT

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        titles = (self.tr("Case"), self.tr("Responsible unit"), self.tr("Deadline"),
                  self.tr("Minutes left"), self.tr("Working minutes left"))
        return titles[section] if 0 <= section < COLUMN_COUNT else None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        case_id, due, unit, grid, working, code, emergency = self._rows[index.row()]
        col = index.column()
        left = (due - self._now).total_seconds() / 60.0
        if role == Qt.ItemDataRole.DisplayRole:
            if col == COL_CASE:
                return code
            if col == COL_UNIT:
                return self._names.get("unit", {}).get(unit, unit)
            if col == COL_DUE:
                return due.strftime("%m-%d %H:%M")
            if col == COL_LEFT:
                return f"{max(left, 0.0):.0f}"
            if col == COL_WORKING_LEFT:
                return "—" if emergency else f"{max(working, 0.0):.0f}"
        if role == Qt.ItemDataRole.BackgroundRole and col == COL_LEFT:
            return QBrush(URGENT if left <= 15 else SOON)
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (COL_LEFT, COL_WORKING_LEFT):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == CaseIdRole:
            return case_id
        if role == GridRole:
            return grid
        return None
