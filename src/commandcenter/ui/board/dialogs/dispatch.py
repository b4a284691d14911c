"""Dispatch: the routing suggestion preselected (and focused) with its reason; another unit can
be picked; optional co-handlers. Enter confirms the suggestion (select row, D, Enter)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QFormLayout, QFrame, QLabel, QVBoxLayout, QWidget

from commandcenter.services.actions import ActionPrep
from commandcenter.ui.board.colours import board_colours

from .base import ActionDialog
from .units import UnitChecklist, fill_combo


class DispatchDialog(ActionDialog):
    def __init__(self, prep: ActionPrep, parent: QWidget | None = None) -> None:
        super().__init__(prep, parent)
        self.unit.setFocus()

    def build_form(self, form: QFormLayout) -> None:
        advice = self.prep.advice
        box = QFrame(self, objectName="suggestion_box")
        box.setFrameShape(QFrame.Shape.StyledPanel)
        c = board_colours(self.palette())
        box.setStyleSheet(f"#suggestion_box {{ background: {c.note_bg.name()}; border: 1px solid "
                          f"#7aa77a; }} #suggestion_box QLabel {{ color: {c.on_note.name()}; }}")
        inner = QVBoxLayout(box)
        self.suggestion = QLabel(box, objectName="suggestion_unit")
        self.suggestion.setTextFormat(Qt.TextFormat.PlainText)
        self.reason_text = QLabel(box, objectName="suggestion_reason")
        self.reason_text.setWordWrap(True)
        self.reason_text.setTextFormat(Qt.TextFormat.PlainText)
        self.reason_text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        if advice is None:
            self.suggestion.setText(self.tr("No routing suggestion: the case has no minor class "
                                            "or no street yet."))
            self.reason_text.hide()
        else:
            head = (self.tr("Suggested: %1 (territorial fallback)") if advice.is_fallback
                    else self.tr("Suggested: %1 (rule %2)"))
            self.suggestion.setText(head.replace("%1", advice.unit_name).replace(
                "%2", advice.rule_id))
            self.suggestion.setStyleSheet("font-weight: bold;")
            text = advice.reason_text
            if advice.legal_basis and advice.legal_basis not in text:
                text += "\n" + self.tr("Legal basis: %1").replace("%1", advice.legal_basis)
            self.reason_text.setText(text)
        self.suggestion.setAccessibleName(self.tr("Routing suggestion"))
        self.reason_text.setAccessibleName(self.tr("Why this unit"))
        inner.addWidget(self.suggestion)
        inner.addWidget(self.reason_text)
        form.addRow(box)
        self.unit = QComboBox(self, objectName="dispatch_unit")
        self.unit.setAccessibleName(self.tr("Lead unit"))
        fill_combo(self.unit, self.prep.units)
        if advice is not None:
            i = self.unit.findData(advice.unit_code)
            if i < 0:
                self.unit.insertItem(0, f"{advice.unit_name}  [{advice.unit_code}]",
                                     advice.unit_code)
                i = 0
            self.unit.setCurrentIndex(i)
        label = QLabel(self.tr("&Lead unit"), self)
        label.setBuddy(self.unit)
        form.addRow(label, self.unit)
        self.due = QLabel(self, objectName="handle_due")
        self.due.setAccessibleName(self.tr("Handling deadline"))
        if self.prep.handle_due is not None:
            self.due.setText(self.tr("%1 → due %2 (the clock starts when you dispatch)").replace(
                "%1", self.prep.handle_limit_text).replace(
                "%2", f"{self.prep.handle_due:%Y-%m-%d %H:%M}"))
        form.addRow(self.tr("Handling deadline"), self.due)
        self.co = UnitChecklist(self.prep.units, self)
        self.co.setObjectName("co_handlers")
        self.co.setAccessibleName(self.tr("Co-handling units"))
        co_label = QLabel(self.tr("&Co-handlers"), self)
        co_label.setBuddy(self.co)
        form.addRow(co_label, self.co)

    def params(self) -> dict[str, Any]:
        unit = self.unit.currentData()
        out: dict[str, Any] = {**super().params(), "unit": unit}
        co = [c for c in self.co.checked() if c != unit]
        if co:
            out["co_handlers"] = co
        advice = self.prep.advice
        if advice is not None and unit == advice.unit_code and not advice.is_fallback:
            out["rule_id"] = advice.rule_id
        return out

    def check(self) -> str | None:
        if not self.unit.currentData():
            return self.tr("Choose the lead unit.")
        return super().check()
