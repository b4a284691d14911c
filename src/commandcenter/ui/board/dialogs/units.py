"""Unit pickers shared by the dispatch, whistle and co-handling dialogs."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QListWidget, QListWidgetItem, QWidget

from commandcenter.services.actions import UnitChoice

CodeRole = Qt.ItemDataRole.UserRole + 1


def unit_text(u: UnitChoice) -> str:
    return f"{u.name}  [{u.code}]"


def fill_combo(combo: QComboBox, units: Iterable[UnitChoice]) -> None:
    combo.clear()
    for u in units:
        combo.addItem(unit_text(u), u.code)


class UnitChecklist(QListWidget):
    """Checkable units; `checked()` gives their codes in list order. Space toggles."""

    def __init__(self, units: Iterable[UnitChoice], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        for u in units:
            item = QListWidgetItem(unit_text(u), self)
            item.setData(CodeRole, u.code)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
        self.setMinimumHeight(120)

    def checked(self) -> list[str]:
        return [self.item(i).data(CodeRole) for i in range(self.count())
                if self.item(i).checkState() == Qt.CheckState.Checked]

    def set_checked(self, codes: Iterable[str]) -> None:
        wanted = set(codes)
        for i in range(self.count()):
            item = self.item(i)
            item.setCheckState(Qt.CheckState.Checked if item.data(CodeRole) in wanted
                               else Qt.CheckState.Unchecked)
