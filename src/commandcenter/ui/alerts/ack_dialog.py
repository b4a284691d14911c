"""The acknowledgement dialog: a required note (who and when are recorded by the service)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)


class AckDialog(QDialog):
    """OK stays disabled until the note has text; `note()` returns it stripped."""

    def __init__(self, what: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("alert_ack_dialog")
        self.setWindowTitle(self.tr("Acknowledge alert"))
        self.label = QLabel(self.tr("Acknowledge: {what}\nWhat was done or decided?").format(
            what=what), self)
        self.label.setWordWrap(True)
        self.edit = QPlainTextEdit(self)
        self.edit.setObjectName("alert_ack_note")
        self.edit.setAccessibleName(self.tr("Acknowledgement note"))
        self.edit.setPlaceholderText(self.tr("Required: e.g. supervised the unit by phone"))
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Acknowledge"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.edit.textChanged.connect(self._update_ok)
        layout = QVBoxLayout(self)
        layout.addWidget(self.label)
        layout.addWidget(self.edit)
        layout.addWidget(self.buttons)
        self._update_ok()

    def note(self) -> str:
        return self.edit.toPlainText().strip()

    def _update_ok(self) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(bool(self.note()))
