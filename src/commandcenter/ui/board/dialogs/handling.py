"""Dialogs of the handling stage: extension request, co-handling, check-in rating, ruling on a
return, supervision level. Each adds one or two fields to `ActionDialog`."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QComboBox, QDoubleSpinBox, QFormLayout, QLabel, QSpinBox, QWidget

from commandcenter.domain.calendar import TimeLimit, TimeUnit
from commandcenter.domain.vocabulary import ReturnVerdict

from .base import ActionDialog
from .units import UnitChecklist


def _row(dialog: QWidget, form: QFormLayout, text: str, widget: QWidget) -> None:
    label = QLabel(text, dialog)
    label.setBuddy(widget)
    form.addRow(label, widget)


class ExtensionRequestDialog(ActionDialog):
    def build_form(self, form: QFormLayout) -> None:
        self.amount = QDoubleSpinBox(self, objectName="extension_amount")
        self.amount.setRange(0.5, 60)
        self.amount.setDecimals(1)
        self.amount.setValue(1)
        self.amount.setAccessibleName(self.tr("Extra time"))
        self.unit = QComboBox(self, objectName="extension_unit")
        self.unit.setAccessibleName(self.tr("Time unit"))
        self.unit.addItem(self.tr("working days"), TimeUnit.WORKING_DAYS.value)
        self.unit.addItem(self.tr("working hours"), TimeUnit.WORKING_HOURS.value)
        self.unit.addItem(self.tr("natural hours"), TimeUnit.NATURAL_HOURS.value)
        _row(self, form, self.tr("E&xtra time"), self.amount)
        _row(self, form, self.tr("&Unit"), self.unit)

    def params(self) -> dict[str, Any]:
        limit = TimeLimit(self.amount.value(), TimeUnit(self.unit.currentData()))
        return {**super().params(), "extra": str(limit)}


class CoHandlingDialog(ActionDialog):
    """request_co_handling (a unit asks) and add_co_handlers (the centre adds)."""

    def build_form(self, form: QFormLayout) -> None:
        self.units = UnitChecklist(self.prep.units, self)
        self.units.setObjectName("co_units")
        self.units.setAccessibleName(self.tr("Co-handling units"))
        _row(self, form, self.tr("&Units"), self.units)

    def params(self) -> dict[str, Any]:
        return {**super().params(), "units": self.units.checked()}

    def check(self) -> str | None:
        if not self.units.checked():
            return self.tr("Choose at least one unit.")
        return super().check()


class RateCheckInDialog(ActionDialog):
    def build_form(self, form: QFormLayout) -> None:
        self.unit = QComboBox(self, objectName="rated_unit")
        self.unit.setAccessibleName(self.tr("Department"))
        names = self.prep.unit_names or {}
        case = next((c for c in self.prep.cases if c.id in self.prep.applicable), None)
        for code in case.whistle_checked_in if case else ():
            self.unit.addItem(f"{names.get(code, code)}  [{code}]", code)
        self.rating = QSpinBox(self, objectName="rating")
        self.rating.setRange(1, 5)
        self.rating.setValue(5)
        self.rating.setAccessibleName(self.tr("Rating from 1 to 5"))
        _row(self, form, self.tr("&Department"), self.unit)
        _row(self, form, self.tr("&Rating (1-5)"), self.rating)

    def params(self) -> dict[str, Any]:
        return {**super().params(), "unit": self.unit.currentData() or "",
                "rating": self.rating.value()}


class JudgeReturnDialog(ActionDialog):
    def build_form(self, form: QFormLayout) -> None:
        self.verdict = QComboBox(self, objectName="verdict")
        self.verdict.setAccessibleName(self.tr("Ruling"))
        self.verdict.addItem(self.tr("Upheld: the return was justified"),
                             ReturnVerdict.UPHELD.value)
        self.verdict.addItem(self.tr("Overruled: the unit should have handled it"),
                             ReturnVerdict.OVERRULED.value)
        _row(self, form, self.tr("R&uling"), self.verdict)

    def params(self) -> dict[str, Any]:
        return {**super().params(), "verdict": self.verdict.currentData()}


class SuperviseDialog(ActionDialog):
    def build_form(self, form: QFormLayout) -> None:
        self.level = QSpinBox(self, objectName="supervision_level")
        self.level.setRange(0, 3)
        self.level.setValue(1)
        self.level.setAccessibleName(self.tr("Supervision level"))
        _row(self, form, self.tr("&Level (0 none – 3 highest)"), self.level)

    def params(self) -> dict[str, Any]:
        return {**super().params(), "level": self.level.value()}


