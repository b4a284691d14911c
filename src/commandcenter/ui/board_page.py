"""The case-dispatch board area. For now a real but simple page: open and closed cases by state.

Contracts
- `StateCountModel`: one row per lifecycle state in lifecycle order; columns `COL_STATE` (the
  translated label) and `COL_COUNT` (right-aligned number); `StateRole` on any cell gives the
  State value, `Qt.UserRole`-based so later views can filter on it. `set_counts` is called by
  `BoardPage` on the GUI thread only; a language change re-emits the labels (`retranslate`).
- `BoardPage.refresh()` asks the DB worker for `services.stats.store_stats` and fills the model
  when the result arrives; it never queries on the UI thread. `sig_refreshed` follows each fill.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QEvent,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtWidgets import QHeaderView, QLabel, QTableView, QVBoxLayout, QWidget

from commandcenter.domain.vocabulary import OPEN_STATES, State
from commandcenter.ui.db_worker import DbWorker
from commandcenter.ui.labels import state_label

COL_STATE = 0
COL_COUNT = 1
StateRole = Qt.ItemDataRole.UserRole + 1

_Index = QModelIndex | QPersistentModelIndex


def state_counts(stats: Mapping[str, Any]) -> dict[str, int]:
    """Cases per state value from a `store_stats` result (missing states count 0)."""
    by_state = stats.get("cases_by_state") or stats.get("by_state") or {}
    return {str(k): int(v) for k, v in by_state.items()}


class StateCountModel(QAbstractTableModel):
    """Case counts per lifecycle state (see the module docstring for roles and columns)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._states = list(State)
        self._counts: dict[str, int] = {}

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else len(self._states)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else 2

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        state = self._states[index.row()]
        if role == StateRole:
            return state.value
        if role == Qt.ItemDataRole.DisplayRole:
            if index.column() == COL_STATE:
                return state_label(state)
            return f"{self._counts.get(state.value, 0):,}"
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == COL_COUNT:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return self.tr("State") if section == COL_STATE else self.tr("Cases")

    def set_counts(self, counts: Mapping[str, int]) -> None:
        self._counts = dict(counts)
        if self._states:
            self.dataChanged.emit(self.index(0, COL_COUNT),
                                  self.index(len(self._states) - 1, COL_COUNT))

    def count(self, state: State) -> int:
        return self._counts.get(state.value, 0)

    def retranslate(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, 1)
        self.dataChanged.emit(self.index(0, COL_STATE), self.index(len(self._states) - 1,
                                                                    COL_STATE))


class BoardPage(QWidget):
    """Placeholder board: a summary line and the per-state table, refreshed through the worker."""

    sig_refreshed = Signal()

    def __init__(self, worker: DbWorker, ctx: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("board_page")
        self._worker = worker
        self._ctx = ctx
        self._stats: dict[str, Any] | None = None
        self.model = StateCountModel(self)
        self.summary = QLabel(self)
        self.summary.setObjectName("board_summary")
        self.table = QTableView(self)
        self.table.setObjectName("board_state_table")
        self.table.setModel(self.model)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.table.setAlternatingRowColors(True)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(COL_STATE, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COL_COUNT, QHeaderView.ResizeMode.Stretch)
        self.table.setMinimumWidth(320)  # a narrow list; the real board will take the space
        self.table.setMaximumWidth(480)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1, Qt.AlignmentFlag.AlignLeft)
        self.retranslate_ui()

    def refresh(self) -> None:
        from commandcenter.services.stats import store_stats  # local: services load lazily

        self._worker.submit(store_stats, self._ctx, on_result=self._show_stats)

    def _show_stats(self, stats: dict[str, Any]) -> None:
        self._stats = stats
        self.model.set_counts(state_counts(stats))
        self._update_summary()
        self.sig_refreshed.emit()

    def _update_summary(self) -> None:
        if self._stats is None:
            self.summary.setText(self.tr("Loading case counts…"))
            return
        counts = state_counts(self._stats)
        total = sum(counts.values())
        open_ = sum(n for s, n in counts.items() if s in OPEN_STATES)
        self.summary.setText(
            self.tr("{total} cases in the store, {open} open. The dispatch board comes here.")
            .format(total=f"{total:,}", open=f"{open_:,}"))

    def retranslate_ui(self) -> None:
        self.table.setAccessibleName(self.tr("Cases by state"))
        self.summary.setAccessibleName(self.tr("Case summary"))
        self.model.retranslate()
        self._update_summary()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)
