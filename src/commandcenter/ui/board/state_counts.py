"""Case counts per lifecycle state (the first board's summary model, kept for the shell's tests).

Contracts
- `StateCountModel`: one row per lifecycle state in lifecycle order; columns `COL_STATE` (the
  translated label) and `COL_COUNT` (right-aligned number); `StateRole` on any cell gives the
  State value. `set_counts` is called by `BoardPage` on the GUI thread only; a language change
  re-emits the labels (`retranslate`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from commandcenter.domain.vocabulary import State
from commandcenter.ui.labels import state_label

COL_STATE = 0
COL_COUNT = 1
StateRole = Qt.ItemDataRole.UserRole + 1

_Index = QModelIndex | QPersistentModelIndex


class StateCountModel(QAbstractTableModel):
    """Case counts per lifecycle state (see the module docstring for roles and columns)."""

    def __init__(self, parent: Any = None) -> None:
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
