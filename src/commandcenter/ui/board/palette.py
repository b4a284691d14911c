"""The command palette (Ctrl+K): type an action or a case code, Enter.

Contract
- Entries: every lifecycle action (translated label, shortcut), "New case"; the text filters
  them by label, action name, shortcut or the label's pinyin initials (when pypinyin is loaded).
- A case code in the text (``QH20261128000025`` or a bare id) makes the first entry "Go to case"
  and the chosen action then applies to that case instead of the board's selection.
- Up/Down move through the list while typing; Enter runs the current entry and closes; Escape
  closes. Runs through the `ActionController` (never touches the database itself).
"""

from __future__ import annotations

import re
import sys

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QDialog, QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout

from commandcenter.services.board_people import initials
from commandcenter.ui.labels import action_label

_CODE = re.compile(r"\b([A-Za-z]{1,4}\d{8,}|\d{1,12})\b")
EntryRole = Qt.ItemDataRole.UserRole + 1


def _initials(text: str) -> str:
    if "pypinyin" not in sys.modules:  # never load its dictionaries on the UI thread
        return ""
    return initials(text)


class CommandPalette(QDialog):
    def __init__(self, controller, parent=None) -> None:
        super().__init__(parent)
        from commandcenter.ui.board.actions import NEW_CASE_KEY, SHORTCUTS

        self._controller = controller
        self.setObjectName("command_palette")
        self.setWindowTitle(self.tr("Command palette"))
        self.setAccessibleName(self.tr("Command palette"))
        self.setMinimumWidth(480)
        layout = QVBoxLayout(self)
        self.field = QLineEdit(self, objectName="palette_field")
        self.field.setPlaceholderText(self.tr("Type an action or a case code, then Enter"))
        self.field.setAccessibleName(self.tr("Command"))
        self.list = QListWidget(self, objectName="palette_list")
        self.list.setAccessibleName(self.tr("Matching commands"))
        layout.addWidget(self.field)
        layout.addWidget(self.list)
        self._entries: list[tuple[str, str, str, str]] = [
            ("new_case", "", self.tr("New case"), NEW_CASE_KEY)]
        for name, key in SHORTCUTS:
            label = action_label(name)
            self._entries.append(("action", name, label, key))
        self._index = [(e, f"{e[1]} {e[2]} {e[3]} {_initials(e[2])}".casefold())
                       for e in self._entries]
        self.field.textChanged.connect(self._filter)
        self.field.returnPressed.connect(self.run_current)
        self.list.itemActivated.connect(lambda _i: self.run_current())
        self.field.installEventFilter(self)
        self._filter("")
        self.field.setFocus()

    def _split(self, text: str) -> tuple[str | None, str]:
        m = _CODE.search(text)
        if not m:
            return None, text.strip()
        return m.group(1), (text[:m.start()] + text[m.end():]).strip()

    def _filter(self, text: str) -> None:
        code, rest = self._split(text)
        needle = rest.casefold()
        self.list.clear()
        if code:
            item = QListWidgetItem(self.tr("Go to case %1").replace("%1", code), self.list)
            item.setData(EntryRole, ("goto", code, code))
        for (kind, name, label, key), hay in self._index:
            if needle and needle not in hay:
                continue
            if code and kind != "action":
                continue
            text_ = f"{label}    {key}" if not code else self.tr("%1 on case %2").replace(
                "%1", label).replace("%2", code)
            item = QListWidgetItem(text_, self.list)
            item.setData(EntryRole, (kind, name, code))
        if self.list.count():
            # With a code and words, the best action comes before "Go to case".
            self.list.setCurrentRow(1 if code and needle and self.list.count() > 1 else 0)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if (watched is self.field and event.type() == QEvent.Type.KeyPress
                and event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Up)):
            step = 1 if event.key() == Qt.Key.Key_Down else -1
            row = min(max(self.list.currentRow() + step, 0), self.list.count() - 1)
            self.list.setCurrentRow(row)
            return True
        return False

    def run_current(self) -> None:
        item = self.list.currentItem()
        if item is None:
            return
        kind, name, code = item.data(EntryRole)
        self.accept()
        c = self._controller
        if kind == "new_case":
            c.open_new_case()
        elif kind == "goto":
            c.goto_case(code)
        elif code:
            c.trigger_on_code(name, code)
        else:
            c.trigger(name)
