"""Whistle (吹哨): one of the three reasons, several departments, one lead unit; the check-in
deadline the departments will get is shown before confirming."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QWidget

from commandcenter.domain.vocabulary import WhistleReason
from commandcenter.services.actions import ActionPrep

from .base import ActionDialog
from .units import CodeRole, UnitChecklist


class WhistleDialog(ActionDialog):
    def __init__(self, prep: ActionPrep, parent: QWidget | None = None) -> None:
        super().__init__(prep, parent)
        self.kind.setFocus()

    def build_form(self, form: QFormLayout) -> None:
        self.kind = QComboBox(self, objectName="whistle_reason")
        self.kind.setAccessibleName(self.tr("Whistle reason"))
        labels = {
            WhistleReason.PRESSING_PROBLEM: self.tr(
                "Residents' pressing problem the street cannot solve"),
            WhistleReason.LACKS_ENFORCEMENT: self.tr("Enforcement power the street lacks"),
            WhistleReason.EMERGENCY: self.tr("Emergency"),
        }
        for value, text in labels.items():
            self.kind.addItem(text, value.value)
        label = QLabel(self.tr("&Whistle reason"), self)
        label.setBuddy(self.kind)
        form.addRow(label, self.kind)
        self.departments = UnitChecklist(self.prep.units, self)
        self.departments.setObjectName("whistle_departments")
        self.departments.setAccessibleName(self.tr("Summoned departments"))
        self.departments.itemChanged.connect(self._departments_changed)
        dl = QLabel(self.tr("&Departments"), self)
        dl.setBuddy(self.departments)
        form.addRow(dl, self.departments)
        self.lead = QComboBox(self, objectName="whistle_lead")
        self.lead.setAccessibleName(self.tr("Lead unit"))
        ll = QLabel(self.tr("L&ead unit"), self)
        ll.setBuddy(self.lead)
        form.addRow(ll, self.lead)
        self.deadline = QLabel(self, objectName="checkin_deadline")
        self.deadline.setAccessibleName(self.tr("Check-in deadline"))
        if self.prep.checkin_deadline is not None:
            self.deadline.setText(self.tr("Departments must check in by %1").replace(
                "%1", f"{self.prep.checkin_deadline:%Y-%m-%d %H:%M}"))
        form.addRow(self.tr("Check-in deadline"), self.deadline)
        self.due = QLabel(self, objectName="handle_due")
        self.due.setAccessibleName(self.tr("Handling deadline"))
        if self.prep.handle_due is not None:
            self.due.setText(self.tr("%1 → due %2 (the clock starts with the whistle)").replace(
                "%1", self.prep.handle_limit_text).replace(
                "%2", f"{self.prep.handle_due:%Y-%m-%d %H:%M}"))
        form.addRow(self.tr("Handling deadline"), self.due)

    def _departments_changed(self) -> None:
        current = self.lead.currentData()
        self.lead.clear()
        for i in range(self.departments.count()):
            item = self.departments.item(i)
            if item.data(CodeRole) in self.departments.checked():
                self.lead.addItem(item.text(), item.data(CodeRole))
        i = self.lead.findData(current)
        self.lead.setCurrentIndex(max(i, 0))

    def params(self) -> dict[str, Any]:
        return {**super().params(), "whistle_reason": self.kind.currentData(),
                "departments": self.departments.checked(),
                "lead_unit": self.lead.currentData() or ""}

    def check(self) -> str | None:
        if not self.departments.checked():
            return self.tr("Summon at least one department.")
        return super().check()
