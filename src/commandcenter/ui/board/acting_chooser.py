"""The "acting as" chooser: a search box over people grouped by unit (unit → person).

Contract: `ActingChooser(choices, current_code, parent)` with `choices` a list of
`services.board_people.ActingChoice`. Typing filters (name, code, unit, pinyin initials of the
name or the unit: "zs" finds 张三, several terms narrow down); the tree shows the matching people
under their units, the first match current. Up/Down in the search box move through the people,
Enter (or a double click) picks the current person: `sig_chosen(index into choices)` and the
dialog closes; Escape cancels. `PersonRole` on a person item gives its index.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QLineEdit,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from commandcenter.services.board_people import ActingChoice, group_by_unit
from commandcenter.ui.labels import role_label

PersonRole = Qt.ItemDataRole.UserRole + 1


def still_loading_text() -> str:
    return QCoreApplication.translate("ActingChooser", "The list of people is still loading…")


class ActingChooser(QDialog):
    sig_chosen = Signal(int)

    def __init__(self, choices: Sequence[ActingChoice], current_code: str | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("acting_chooser")
        self.setMinimumSize(460, 520)
        self._choices = list(choices)
        self._groups = group_by_unit(self._choices)
        self._current_code = current_code
        self.search = QLineEdit(self, objectName="acting_search")
        self.search.setClearButtonEnabled(True)
        self.tree = QTreeWidget(self, objectName="acting_tree")
        self.tree.setHeaderHidden(True)
        self.tree.setUniformRowHeights(True)
        self.count = QLabel(self, objectName="acting_count")
        layout = QVBoxLayout(self)
        layout.addWidget(self.search)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.count)
        self.search.textChanged.connect(self._filter)
        self.search.installEventFilter(self)
        self.tree.itemActivated.connect(lambda item, _c: self._pick(item))
        self.retranslate_ui()
        self._filter("")

    # ------------------------------------------------------------------ filtering
    def _filter(self, text: str) -> None:
        self.tree.setUpdatesEnabled(False)
        self.tree.clear()
        shown = 0
        first: QTreeWidgetItem | None = None
        current: QTreeWidgetItem | None = None
        narrow = bool(text.strip())
        for _code, unit_name, members in self._groups:
            hits = [i for i in members if self._choices[i].matches(text)]
            if not hits:
                continue
            unit = QTreeWidgetItem(self.tree, [f"{unit_name}  ({len(hits)})"])
            unit.setFlags(Qt.ItemFlag.ItemIsEnabled)
            for i in hits:
                p = self._choices[i].person
                item = QTreeWidgetItem(unit, [f"{p.name} · {role_label(p.role)} · {p.code}"])
                item.setData(0, PersonRole, i)
                first = first or item
                if p.code == self._current_code:
                    current = item
            shown += len(hits)
            # a search opens every unit with a hit; without one, only the current person's
            unit.setExpanded(narrow or (current is not None and current.parent() is unit))
        self.tree.setUpdatesEnabled(True)
        target = first if narrow else (current or first)
        if target is not None:
            target.parent().setExpanded(True)
            self.tree.setCurrentItem(target)
            self.tree.scrollToItem(target)
        self.count.setText(self.tr("{0} people").format(shown))

    def people_shown(self) -> list[str]:
        """Codes of the people the tree shows now (tests, accessibility checks)."""
        out = []
        for u in range(self.tree.topLevelItemCount()):
            unit = self.tree.topLevelItem(u)
            out += [self._choices[unit.child(k).data(0, PersonRole)].code
                    for k in range(unit.childCount())]
        return out

    # ------------------------------------------------------------------ choosing
    def _move(self, step: int) -> None:
        items = []
        for u in range(self.tree.topLevelItemCount()):
            unit = self.tree.topLevelItem(u)
            if unit.isExpanded() or self.search.text().strip():
                items += [unit.child(k) for k in range(unit.childCount())]
        if not items:
            return
        cur = self.tree.currentItem()
        k = items.index(cur) if cur in items else -1
        k = max(0, min(len(items) - 1, k + step))
        self.tree.setCurrentItem(items[k])

    def _pick(self, item: QTreeWidgetItem | None) -> None:
        if item is None or item.data(0, PersonRole) is None:
            if item is not None:  # a unit: open/close it
                item.setExpanded(not item.isExpanded())
            return
        self.sig_chosen.emit(int(item.data(0, PersonRole)))
        self.accept()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if watched is self.search and event.type() == QEvent.Type.KeyPress:
            key = event.key()
            if key in (Qt.Key.Key_Down, Qt.Key.Key_Up):
                self._move(1 if key == Qt.Key.Key_Down else -1)
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self._pick(self.tree.currentItem())
                return True
        return super().eventFilter(watched, event)

    def retranslate_ui(self) -> None:
        self.setWindowTitle(self.tr("Act as"))
        self.setAccessibleName(self.tr("Choose who to act as"))
        self.search.setPlaceholderText(self.tr("Name, unit or pinyin initials (e.g. zs)"))
        self.search.setAccessibleName(self.tr("Search people"))
        self.tree.setAccessibleName(self.tr("People by unit"))
        self.count.setAccessibleName(self.tr("Number of people shown"))

    def changeEvent(self, event: Any) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)


__all__ = ["ActingChooser", "PersonRole"]
