"""Help → Keyboard shortcuts: every shortcut of the window, collected, in one searchable table.

Contracts
- `collect_shortcuts(window)` returns `Shortcut(area, keys, description)` rows: every QAction
  under the window that has a shortcut (its text without "&"; the area is the page the action
  belongs to: board, map, KPI or the window), plus the keys documented in `DOCUMENTED_KEYS`
  that are QShortcut objects or key handling without an action (the board's filter focus, lane
  keys, Enter, Escape). Sorted by area, then keys; no duplicates. Keys are shown in the native
  form (Ctrl on Windows/Linux, ⌘ on macOS).
- `ShortcutsDialog(window)`: a read-only table of them with a filter field; retranslates itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QEvent, QSortFilterProxyModel, Qt
from PySide6.QtGui import QAction, QKeySequence, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)


@dataclass(frozen=True)
class Shortcut:
    area: str
    keys: str
    description: str


def _t(text: str) -> str:
    return QCoreApplication.translate("ShortcutsDialog", text)


# Keys handled without a QAction (QShortcut or key events), as documented by their pages:
# (area object name, key sequence, description source text, translated where shown).
DOCUMENTED_KEYS = (
    ("board_page", "Ctrl+F",
     QT_TRANSLATE_NOOP("ShortcutsDialog", "Focus the board's text filter")),
    ("board_page", "Alt+1..9", QT_TRANSLATE_NOOP("ShortcutsDialog", "Show lane 1 to 9 of the board")),
    ("board_page", "Return",
     QT_TRANSLATE_NOOP("ShortcutsDialog", "Show the current case's details")),
    ("board_page", "Escape",
     QT_TRANSLATE_NOOP("ShortcutsDialog", "Clear the filter (in the filter bar)")),
    ("board_page", "Up, Down, PgUp, PgDown",
     QT_TRANSLATE_NOOP("ShortcutsDialog", "Move through the cases")),
    ("board_page", "Shift+Click, Ctrl+Click",
     QT_TRANSLATE_NOOP("ShortcutsDialog", "Select several cases (bulk actions)")),
)
AREAS = ("board_page", "map_page", "kpi_page", "alerts_panel")
_AREA_ORDER = ("", "board_page", "map_page", "kpi_page", "alerts_panel")


def _area_of(obj: object) -> str:
    node = obj
    while node is not None:
        name = node.objectName() if hasattr(node, "objectName") else ""
        if name in AREAS:
            return name
        node = node.parent() if hasattr(node, "parent") else None
    return ""


def _native(keys: QKeySequence | str) -> str:
    seq = keys if isinstance(keys, QKeySequence) else QKeySequence(keys)
    text = seq.toString(QKeySequence.SequenceFormat.NativeText)
    return text or str(keys)


def _plain(text: str) -> str:
    """A menu text without its mnemonic ("退出(&Q)", "&Quit") or trailing dots."""
    text = re.sub(r"\(&\w\)", "", text).replace("&&", "\0").replace("&", "").replace("\0", "&")
    return text.rstrip(".…").strip()


def collect_shortcuts(window: QWidget) -> list[Shortcut]:
    rows: dict[tuple[str, str], Shortcut] = {}
    for action in window.findChildren(QAction):
        sequences = [s for s in action.shortcuts() if not s.isEmpty()]
        if not sequences:
            continue
        text = _plain(action.text() or action.toolTip() or action.objectName())
        if not text:
            continue
        area = _area_of(action)
        keys = ", ".join(_native(s) for s in sequences)
        rows.setdefault((area, keys), Shortcut(area_name(area), keys, text))
    for area, keys, source in DOCUMENTED_KEYS:
        if window.findChild(QWidget, area) is None:
            continue
        shown = keys if "," in keys or ".." in keys or "Click" in keys else _native(keys)
        rows.setdefault((area, shown), Shortcut(area_name(area), shown, _t(source)))
    order = {name: i for i, name in enumerate(_AREA_ORDER)}
    keyed = sorted(rows.items(), key=lambda kv: (order.get(kv[0][0], 99), kv[1].keys))
    return [row for _key, row in keyed]


def area_name(area: str) -> str:
    """The translated name of an area (a page's object name; "" is the window itself)."""
    translate = QCoreApplication.translate
    names = {"board_page": translate("ShortcutsDialog", "Case board"),
             "map_page": translate("ShortcutsDialog", "Grid map"),
             "kpi_page": translate("ShortcutsDialog", "KPI charts"),
             "alerts_panel": translate("ShortcutsDialog", "Early warning")}
    return names.get(area, QCoreApplication.translate("ShortcutsDialog", "Window"))


class ShortcutsDialog(QDialog):
    COL_AREA, COL_KEYS, COL_DESCRIPTION = range(3)

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.setObjectName("shortcuts_dialog")
        self._window = window
        self.model = QStandardItemModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterKeyColumn(-1)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.search = QLineEdit(self, objectName="shortcuts_search")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.proxy.setFilterFixedString)
        self.table = QTableView(self, objectName="shortcuts_table")
        self.table.setModel(self.proxy)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.search)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.resize(640, 560)
        self.retranslate_ui()

    def fill(self) -> None:
        self.model.clear()
        self.model.setHorizontalHeaderLabels([self.tr("Area"), self.tr("Keys"),
                                              self.tr("Action")])
        for row in collect_shortcuts(self._window):
            self.model.appendRow([QStandardItem(row.area), QStandardItem(row.keys),
                                  QStandardItem(row.description)])

    def retranslate_ui(self) -> None:
        self.setWindowTitle(self.tr("Keyboard shortcuts"))
        self.search.setPlaceholderText(self.tr("Search shortcuts"))
        self.search.setAccessibleName(self.tr("Search shortcuts"))
        self.table.setAccessibleName(self.tr("Keyboard shortcuts"))
        self.fill()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)
