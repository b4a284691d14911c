"""Callback visit (回访) and merging a duplicate into its parent case."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QCheckBox, QComboBox, QFormLayout, QLabel, QLineEdit

from commandcenter.domain.vocabulary import CallbackResult

from .base import ActionDialog


class CallbackDialog(ActionDialog):
    def __init__(self, prep, parent=None) -> None:
        super().__init__(prep, parent)
        self.fault.toggled.connect(lambda: self.reason_label.setText(self.reason_caption()))
        self.result.setFocus()

    def build_form(self, form: QFormLayout) -> None:
        self.result = QComboBox(self, objectName="callback_result")
        self.result.setAccessibleName(self.tr("Callback result"))
        for value, text in (
            (CallbackResult.SATISFIED, self.tr("Satisfied")),
            (CallbackResult.BASICALLY_SATISFIED, self.tr("Basically satisfied")),
            (CallbackResult.DISSATISFIED, self.tr("Dissatisfied")),
            (CallbackResult.UNREACHABLE, self.tr("Unreachable")),
        ):
            self.result.addItem(text, value.value)
        label = QLabel(self.tr("&Result"), self)
        label.setBuddy(self.result)
        form.addRow(label, self.result)
        self.fault = QCheckBox(self.tr("Dissatisfied through the &unit's fault: redo the case"),
                               self, objectName="unit_fault")
        self.fault.setAccessibleName(self.tr("Unit's fault"))
        form.addRow("", self.fault)
        self.result.currentIndexChanged.connect(self._result_changed)
        self._result_changed()

    def _result_changed(self) -> None:
        dissatisfied = self.result.currentData() == CallbackResult.DISSATISFIED.value
        self.fault.setEnabled(dissatisfied)
        if not dissatisfied:
            self.fault.setChecked(False)

    def reason_required(self) -> bool:
        return hasattr(self, "fault") and self.fault.isChecked()

    def params(self) -> dict[str, Any]:
        out = {**super().params(), "result": self.result.currentData()}
        if self.fault.isChecked():
            out["unit_fault"] = True
        return out


class MergeDialog(ActionDialog):
    """The parent is given by its case code; the controller resolves it to an id."""

    def build_form(self, form: QFormLayout) -> None:
        self.parent_code = QLineEdit(self, objectName="parent_code")
        self.parent_code.setAccessibleName(self.tr("Parent case code"))
        self.parent_code.setPlaceholderText("QH2026…")
        label = QLabel(self.tr("&Parent case"), self)
        label.setBuddy(self.parent_code)
        form.addRow(label, self.parent_code)

    def params(self) -> dict[str, Any]:
        return {**super().params(), "parent_code": self.parent_code.text().strip()}

    def check(self) -> str | None:
        if not self.parent_code.text().strip():
            return self.tr("Enter the code of the case to merge into.")
        return super().check()
