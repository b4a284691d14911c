"""Register (立案): minor class by code, Chinese or pinyin initials; filing condition; area class;
the handling limit and the deadline it gives are shown before confirming.

Searches and previews run on the DB worker (`services.actions.category_search`,
`register_preview`); answers for an input the operator has since changed are dropped.
"""

from __future__ import annotations

import re
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QWidget,
)
from shiboken6 import isValid

from commandcenter.domain.vocabulary import AreaClass
from commandcenter.services import actions as svc
from commandcenter.services.actions import ActionPrep
from commandcenter.ui.board.colours import board_colours

from .base import ActionDialog

CodeRole = Qt.ItemDataRole.UserRole + 1


class CategorySearch(QWidget):
    """A search field over the catalogue with a result list (shared with the new-case form).
    `results` is the list; its current item's CodeRole is the chosen minor code."""

    def __init__(self, worker, ctx, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from PySide6.QtWidgets import QVBoxLayout

        self._worker, self._ctx = worker, ctx
        self._serial = 0
        self._alive = True
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.field = QLineEdit(self, objectName="category_search")
        self.field.setPlaceholderText(self.tr("Code, Chinese name or pinyin initials (e.g. bllj)"))
        self.field.setAccessibleName(self.tr("Category search"))
        self.results = QListWidget(self, objectName="category_results")
        self.results.setAccessibleName(self.tr("Matching minor classes"))
        self.results.setMaximumHeight(96)  # about four rows: the best matches come first
        layout.addWidget(self.field)
        layout.addWidget(self.results)
        self.field.textEdited.connect(self.search)
        self.field.returnPressed.connect(self._take_first)
        self.destroyed.connect(self._dead)

    def _dead(self) -> None:
        self._alive = False

    def search(self, text: str) -> None:
        self._serial += 1
        serial = self._serial
        self._worker.submit(svc.category_search, self._ctx, text,
                            on_result=lambda hits: self._show(serial, hits))

    def _show(self, serial: int, hits) -> None:
        if not (self._alive and isValid(self) and isValid(self.results)) or serial != self._serial:
            return
        self.results.clear()
        for h in hits:
            item = QListWidgetItem(f"{h.code}  {h.name}   ·  {h.major_name}  ({h.initials})",
                                   self.results)
            item.setData(CodeRole, h.code)
        if hits:
            self.results.setCurrentRow(0)

    def _take_first(self) -> None:
        if self.results.count():
            self.results.setCurrentRow(max(self.results.currentRow(), 0))
            self.results.setFocus()

    def code(self) -> str | None:
        item = self.results.currentItem()
        return item.data(CodeRole) if item is not None else None


class RegisterDialog(ActionDialog):
    def __init__(self, prep: ActionPrep, worker, ctx, parent: QWidget | None = None) -> None:
        self._worker, self._ctx = worker, ctx
        self._preview_serial = 0
        self._alive = True
        super().__init__(prep, parent)
        self.destroyed.connect(self._dead)
        case = next((c for c in prep.cases if c.id in prep.applicable), None)
        hint = case.minor_code if case and case.minor_code else (case.title if case else "")
        hint = re.split(r"[（(]", hint or "")[0].strip()
        if hint:
            self.category.field.setText(hint)
            self.category.search(hint)
        self.category.field.setFocus()

    def _dead(self) -> None:
        self._alive = False

    def build_form(self, form: QFormLayout) -> None:
        self.category = CategorySearch(self._worker, self._ctx, self)
        label = QLabel(self.tr("&Minor class"), self)
        label.setBuddy(self.category.field)
        form.addRow(label, self.category)
        self.condition = QComboBox(self, objectName="filing_condition")
        self.condition.setAccessibleName(self.tr("Filing condition"))
        cl = QLabel(self.tr("&Filing condition"), self)
        cl.setBuddy(self.condition)
        form.addRow(cl, self.condition)
        self.area = QComboBox(self, objectName="area_class")
        self.area.setAccessibleName(self.tr("Area class"))
        for a in AreaClass:
            self.area.addItem(self.tr("Class %1 area").replace("%1", a.value), a.value)
        if self.prep.area_class is not None:
            self.area.setCurrentIndex(self.area.findData(self.prep.area_class.value))
        al = QLabel(self.tr("&Area class"), self)
        al.setBuddy(self.area)
        form.addRow(al, self.area)
        self.preview = QLabel(self.tr("Choose a minor class and a filing condition."), self,
                              objectName="register_preview")
        self.preview.setWordWrap(True)
        self.preview.setTextFormat(Qt.TextFormat.PlainText)
        self.preview.setAccessibleName(self.tr("Deadline preview"))
        c = board_colours(self.palette())  # the theme at opening: a dialog lives seconds
        self.preview.setStyleSheet(f"background: {c.note_bg.name()}; color: {c.on_note.name()};"
                                   " padding: 6px;")
        form.addRow(self.tr("Deadline"), self.preview)
        self.category.results.currentItemChanged.connect(self._minor_changed)
        self.condition.currentIndexChanged.connect(self._update_preview)
        self.area.currentIndexChanged.connect(self._update_preview)

    def _minor_changed(self) -> None:
        code = self.category.code()
        self.condition.blockSignals(True)
        self.condition.clear()
        if code:
            # The catalogue is in memory (the search that listed this code loaded it).
            for c in self._ctx.catalogue.standard(code).conditions:
                self.condition.addItem(f"{c.id}  {c.text}", c.id)
        self.condition.blockSignals(False)
        self._update_preview()

    def _update_preview(self) -> None:
        code, cond = self.category.code(), self.condition.currentData()
        case = next((c for c in self.prep.cases if c.id in self.prep.applicable), None)
        if not code or not cond or case is None:
            self.preview.setText(self.tr("Choose a minor class and a filing condition."))
            return
        self._preview_serial += 1
        serial = self._preview_serial
        self._worker.submit(svc.register_preview, self._ctx, case.id, code, cond,
                            self.area.currentData(), self._ctx.now(),
                            on_result=lambda p: self._show_preview(serial, p),
                            on_error=lambda e: self._show_preview(serial, None))

    def _show_preview(self, serial: int, p) -> None:
        if not (self._alive and isValid(self) and self.isVisible()) or serial != self._preview_serial:
            return
        if p is None:
            self.preview.setText(self.tr("No handling limit for this choice."))
            return
        text = self.tr("Handling limit %1 (class %2 area) → due %3 if dispatched now.\n"
                       "Closing condition: %4").replace("%1", p.limit_text).replace(
            "%2", p.area_class.value).replace("%3", f"{p.deadline:%Y-%m-%d %H:%M}").replace(
            "%4", p.closing)
        if p.emergency:
            text += "\n" + self.tr("Emergency class: the clock runs in natural time.")
        self.preview.setText(text)
        self.deadline_text = f"{p.deadline:%Y-%m-%d %H:%M}"

    def params(self) -> dict[str, Any]:
        return {**super().params(), "minor_code": self.category.code() or "",
                "condition_id": self.condition.currentData() or "",
                "area_class": self.area.currentData()}

    def check(self) -> str | None:
        if not self.category.code():
            return self.tr("Choose the minor class.")
        if not self.condition.currentData():
            return self.tr("Choose the filing condition.")
        return super().check()
