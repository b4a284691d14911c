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
- Aging: yellow/red backgrounds on the "time left" cell (with their own text colour), red text
  on the code of overdue cases. The colours follow the palette: `set_colours(BoardColours)`
  (`colours.board_colours`; `BoardPage` calls it on every palette change), the application
  palette's until then.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import numpy as np
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QGuiApplication

from commandcenter.services.board import SORT_KEYS, BoardStore, from_seconds
from commandcenter.services.board_columns import AGING_RED, AGING_YELLOW, U_WD
from commandcenter.ui.board.colours import BoardColours, board_colours
from commandcenter.ui.labels import channel_label, state_label

(COL_CODE, COL_RECEIVED, COL_CHANNEL, COL_MAJOR, COL_MINOR, COL_STREET, COL_COMMUNITY, COL_GRID,
 COL_ADDRESS, COL_UNIT, COL_STATE, COL_LEFT, COL_PRIORITY, COL_SUPERVISION,
 COL_DUPLICATES) = range(15)
COLUMN_COUNT = 15  # column i sorts by the store's SORT_KEYS[i]

CaseIdRole = int(Qt.ItemDataRole.UserRole) + 1
PositionRole = int(Qt.ItemDataRole.UserRole) + 2
AgingRole = int(Qt.ItemDataRole.UserRole) + 3
SortKeyRole = int(Qt.ItemDataRole.UserRole) + 4
# Plain ints: data() runs ~10 times per visible cell per paint; comparing Qt enum members and
# building flag combinations there cost more than the formatting itself.
_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_BACKGROUND = int(Qt.ItemDataRole.BackgroundRole)
_FOREGROUND = int(Qt.ItemDataRole.ForegroundRole)
_ALIGN = int(Qt.ItemDataRole.TextAlignmentRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_ROLES = frozenset({_DISPLAY, _BACKGROUND, _FOREGROUND, _ALIGN, _TOOLTIP, CaseIdRole,
                    PositionRole, AgingRole})
_RIGHT = int((Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter).value)

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
        self.set_colours(board_colours(QGuiApplication.palette()), repaint=False)
        # Cell texts per case id (not the time left, which moves with the clock): a repaint
        # after a change batch or a filter change shows mostly the same rows again, and
        # formatting Chinese labels was half the cost of a paint. Changed rows are forgotten
        # (`forget`), everything on a store or language change.
        self._texts: dict[int, list[str]] = {}
        self._left_texts: dict[int, str] = {}  # the time left, until the aging is recomputed

    # ------------------------------------------------------------------ updates
    def set_colours(self, colours: BoardColours, repaint: bool = True) -> None:
        """Aging/flash brushes for the current palette (a theme change); repaints the rows."""
        self.colours = colours
        self._red_text = QBrush(colours.overdue)
        self._red = QBrush(colours.red_bg)
        self._on_red = QBrush(colours.on_red)
        self._yellow = QBrush(colours.yellow_bg)
        self._on_yellow = QBrush(colours.on_yellow)
        self._flash_brush = QBrush(colours.flash_bg)
        self._on_flash = QBrush(colours.on_flash)
        if repaint and len(self._rows):
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(len(self._rows) - 1, COLUMN_COUNT - 1))

    @property
    def positions(self) -> np.ndarray:
        return self._rows

    @property
    def store(self) -> BoardStore | None:
        return self._store

    def set_rows(self, store: BoardStore, positions: np.ndarray, now: datetime | None = None
                 ) -> None:
        self.beginResetModel()
        if store is not self._store:
            self._texts.clear()
        self._store = store
        self._rows = np.asarray(positions, dtype=np.int64)
        self._set_aging(store.aging(now))
        self.endResetModel()

    def set_now(self, now: datetime | None = None) -> None:
        if self._store is None or not len(self._rows):
            return
        self._set_aging(self._store.aging(now))
        self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, COLUMN_COUNT - 1))

    def rows_changed(self, positions: list[int], now: datetime | None = None) -> None:
        """Repaint rows of these store positions (rewritten in place by `BoardStore.merge`)."""
        if self._store is None:
            return
        self.forget(positions)
        self._set_aging(self._store.aging(now))
        if not positions or not len(self._rows):
            return
        self._emit_rows(np.asarray(positions, dtype=np.int64))

    def _set_aging(self, arrays: tuple[np.ndarray, np.ndarray, np.ndarray]) -> None:
        if arrays[1] is not self._left:  # recomputed for every row (a new minute, a new store)
            self._left_texts.clear()
        self._aging, self._left, self._unit = arrays

    def forget(self, positions: list[int]) -> None:
        """Drop the cached texts of rows rewritten in place (call before showing them)."""
        if self._store is None or not self._texts:
            return
        pos = np.asarray(positions, dtype=np.int64)
        pos = pos[(pos >= 0) & (pos < len(self._store))]
        for case_id in self._store.ids[pos].tolist():
            self._texts.pop(case_id, None)
            self._left_texts.pop(case_id, None)

    def _emit_rows(self, positions: np.ndarray) -> None:
        """One dataChanged over the span of the shown rows holding these positions (a view
        repaints only what is visible of it; 100 separate signals cost more)."""
        positions = positions[(positions >= 0) & (positions < len(self._store or ()))]
        if not len(positions):
            return
        hit = np.zeros(len(self._store or ()), dtype=bool)
        hit[positions] = True
        rows = np.flatnonzero(hit[self._rows])
        if rows.size:
            self.dataChanged.emit(self.index(int(rows[0]), 0),
                                  self.index(int(rows[-1]), COLUMN_COUNT - 1))

    def set_flash(self, positions: set[int]) -> None:
        """Rows briefly highlighted (a new case, a case turning red); empty set to clear."""
        old = self._flash
        self._flash = set(positions)
        if self._store is not None and len(self._rows):
            self._emit_rows(np.asarray(list(old | self._flash), dtype=np.int64))

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

    def data(self, index: _Index, role: int = _DISPLAY) -> Any:
        if role not in _ROLES or self._store is None:  # most roles asked for: nothing to say
            return None
        row = index.row()
        if not 0 <= row < len(self._rows):  # also an invalid index (row -1)
            return None
        col = index.column()
        pos = int(self._rows[row])
        if role == _DISPLAY:
            if col == COL_LEFT:
                return self._left_text(pos)
            case_id = int(self._store.ids[pos])
            texts = self._texts.get(case_id)
            if texts is None:
                texts = self._row_texts(case_id, pos)
            return texts[col]
        if role == _BACKGROUND:
            return self._background(pos, col)
        if role == _FOREGROUND:
            return self._foreground(pos, col)
        if role == _ALIGN:
            return _RIGHT if col in (COL_LEFT, COL_SUPERVISION, COL_DUPLICATES) else None
        if role == CaseIdRole:
            return int(self._store.ids[pos])
        if role == PositionRole:
            return pos
        if role == AgingRole:
            return int(self._aging[pos]) if pos < len(self._aging) else 0
        if role == _TOOLTIP and col == COL_ADDRESS:
            return self._store.value("address", pos)
        return None

    def cell(self, row: int, col: int) -> tuple[str, Any, Any, bool]:
        """(text, background brush or None, foreground brush or None, right-aligned) of a
        cell: what `data()` gives for those roles, in one call (the table's delegate)."""
        if self._store is None or not 0 <= row < len(self._rows):
            return "", None, None, False
        pos = int(self._rows[row])
        if col == COL_LEFT:
            text = self._left_text(pos)
        else:
            case_id = int(self._store.ids[pos])
            texts = self._texts.get(case_id)
            if texts is None:
                texts = self._row_texts(case_id, pos)
            text = texts[col]
        return (text, self._background(pos, col), self._foreground(pos, col),
                col in (COL_LEFT, COL_SUPERVISION, COL_DUPLICATES))

    def _foreground(self, pos: int, col: int) -> Any:
        """The text colour belonging to the cell's background (a light text on a pale cell is
        unreadable), else red on the code of an overdue case, else None (the palette's)."""
        if self._flash and pos in self._flash:
            return self._on_flash
        if col not in (COL_LEFT, COL_CODE):
            return None
        a = self._aging_of(pos)
        if col == COL_LEFT:
            if a == AGING_RED:
                return self._on_red
            if a == AGING_YELLOW:
                return self._on_yellow
        elif col == COL_CODE and a == AGING_RED:
            return self._red_text
        return None

    def _left_text(self, pos: int) -> str:
        case_id = int(self._store.ids[pos])
        text = self._left_texts.get(case_id)
        if text is None:
            if len(self._left_texts) > 20_000:
                self._left_texts.clear()
            text = self._left_texts[case_id] = self._time_left(pos)
        return text

    def _row_texts(self, case_id: int, pos: int) -> list[str]:
        if len(self._texts) > 20_000:  # bounded: a long scroll must not grow it forever
            self._texts.clear()
        texts = self._texts[case_id] = [self._display(pos, c) if c != COL_LEFT else ""
                                        for c in range(COLUMN_COUNT)]
        return texts

    def _aging_of(self, pos: int) -> int:
        return int(self._aging[pos]) if pos < len(self._aging) else 0

    def _background(self, pos: int, col: int) -> Any:
        if self._flash and pos in self._flash:
            return self._flash_brush
        if col == COL_LEFT:
            a = self._aging_of(pos)
            if a == AGING_RED:
                return self._red
            if a == AGING_YELLOW:
                return self._yellow
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
        self._texts.clear()
        self._left_texts.clear()
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, COLUMN_COUNT - 1)
        if len(self._rows):
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1,
                                                               COLUMN_COUNT - 1))
