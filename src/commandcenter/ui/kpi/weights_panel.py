"""The what-if panel: one spin box per composite component of the shown object type.

Contracts
- `set_object(obj, weights)` rebuilds the spin boxes from ``weights.objects[obj]`` (published
  weights stay untouched); editing emits ``sig_changed(AssessmentWeights)`` with the edited copy
  when the components sum to 100 (otherwise the sum label turns red and nothing is emitted).
- ``sig_publish(AssessmentWeights)``: the publish button (enabled only for an admin, and only
  when every sum is 100); the page does the write and records who.
- `set_weight(i, value)` / `weights()` for tests and scripted use.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from commandcenter.domain.indicators import INDICATORS, AssessmentWeights, ObjectType
from commandcenter.services.kpi import with_component_weights
from commandcenter.ui.kpi.common import is_chinese


class WeightsPanel(QGroupBox):
    sig_changed = Signal(object)  # AssessmentWeights
    sig_publish = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("kpi_weights_panel")
        self._obj: ObjectType | None = None
        self._base: AssessmentWeights | None = None
        self._current: AssessmentWeights | None = None
        self.spins: list[QDoubleSpinBox] = []
        self._form = QFormLayout()
        self.sum_label = QLabel(self)
        self.sum_label.setObjectName("kpi_weights_sum")
        self.reset_button = QPushButton(self)
        self.reset_button.clicked.connect(self.reset)
        self.publish_button = QPushButton(self)
        self.publish_button.setObjectName("kpi_publish_button")
        self.publish_button.clicked.connect(lambda: self.sig_publish.emit(self._current))
        self.is_admin = False
        self.hint = QLabel(self)
        self.hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.hint)
        layout.addLayout(self._form)
        layout.addWidget(self.sum_label)
        row = QHBoxLayout()
        row.addWidget(self.reset_button)
        row.addWidget(self.publish_button)
        layout.addLayout(row)
        layout.addStretch(1)
        self.retranslate_ui()

    def set_admin(self, is_admin: bool) -> None:
        self.is_admin = is_admin
        self._update_state()

    def set_object(self, obj: ObjectType, weights: AssessmentWeights) -> None:
        self._obj, self._base, self._current = obj, weights, weights
        while self._form.rowCount():
            self._form.removeRow(0)
        self.spins = []
        zh = is_chinese()
        for comp in weights.objects[obj].components:
            spin = QDoubleSpinBox(self)
            spin.setRange(0, 100)
            spin.setDecimals(0)
            spin.setValue(comp.weight)
            spin.valueChanged.connect(self._edited)
            if comp.indicator:
                ind = INDICATORS[comp.indicator]
                label = ind.name_zh if zh else ind.name_en
                spin.setToolTip(ind.explain("zh" if zh else "en"))
            else:
                names = [INDICATORS[m].name_zh if zh else INDICATORS[m].name_en for m, _ in comp.members]
                label = self.tr("Other ({n} indicators)").format(n=len(names))
                spin.setToolTip("\n".join(names))
            self._form.addRow(label, spin)
            self.spins.append(spin)
        self._update_state()

    def weights(self) -> AssessmentWeights | None:
        return self._current

    def total(self) -> float:
        return sum(s.value() for s in self.spins)

    def set_weight(self, i: int, value: float) -> None:
        self.spins[i].setValue(value)

    def reset(self) -> None:
        if self._obj is not None and self._base is not None:
            self.set_object(self._obj, self._base)
            self.sig_changed.emit(self._base)

    def _edited(self) -> None:
        self._update_state()
        if abs(self.total() - 100) < 1e-6 and self._obj is not None:
            self._current = with_component_weights(self._current, self._obj, [s.value() for s in self.spins])
            self._update_state()
            self.sig_changed.emit(self._current)

    def _update_state(self) -> None:
        ok = abs(self.total() - 100) < 1e-6
        self.sum_label.setText(self.tr("Sum: {total:g} (must be 100)").format(total=self.total()))
        self.sum_label.setStyleSheet("" if ok else "color: #c0392b; font-weight: bold;")
        changed = self._current is not self._base
        self.publish_button.setEnabled(ok and self.is_admin and changed)
        self.publish_button.setToolTip("" if self.is_admin else self.tr("Only an administrator can publish weights"))

    def retranslate_ui(self) -> None:
        self.setTitle(self.tr("What-if: composite weights"))
        self.hint.setText(self.tr("Edit the weights to see how the ranking moves; nothing is saved "
                                  "until an administrator publishes."))
        self.reset_button.setText(self.tr("Reset"))
        self.publish_button.setText(self.tr("Publish"))
        if self._obj is not None and self._base is not None:
            values = [s.value() for s in self.spins]
            current = self._current
            self.set_object(self._obj, self._base)
            for s, v in zip(self.spins, values, strict=True):
                s.blockSignals(True)
                s.setValue(v)
                s.blockSignals(False)
            self._current = current
        self._update_state()
