"""Change one's own password: the current one, the new one twice (the strength rule shown).

The change runs on the `DbWorker` (`auth.change_password`, audited there); the dialog accepts
when it succeeded and otherwise shows the reason in plain text and stays open.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from commandcenter.services import auth
from commandcenter.services.errors import ValidationError

from . import messages
from .guard import if_alive
from .sign_in_dialog import error_label, password_edit


class ChangePasswordDialog(QDialog):
    def __init__(self, ctx: Any, worker: Any, username: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.worker, self.username = ctx, worker, username
        self.setObjectName("change_password_dialog")
        self.setWindowTitle(self.tr("Change password"))
        self.old = password_edit(self, "change_password_old")
        self.new = password_edit(self, "change_password_new")
        self.confirm = password_edit(self, "change_password_confirm")
        self.rule = QLabel(messages.tr(messages.STRENGTH_RULE), self)
        self.rule.setWordWrap(True)
        self.error = error_label(self, "change_password_error")
        form = QFormLayout()
        form.addRow(self.tr("Current password"), self.old)
        form.addRow(self.tr("New password"), self.new)
        form.addRow(self.tr("Repeat the new password"), self.confirm)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText(self.tr("Change"))
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.rule)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

    def done(self, result: int) -> None:  # closed: late worker results are ignored (if_alive)
        self._closed = True
        super().done(result)

    def submit(self) -> None:
        self.error.clear()
        if self.new.text() != self.confirm.text():
            self.error.setText(messages.tr(messages.MISMATCH))
            return
        try:
            auth.check_password(self.new.text(), self.username)
        except ValidationError as exc:
            self.error.setText(messages.error_text(exc))
            return
        self.ok.setEnabled(False)
        self.worker.submit(auth.change_password, self.ctx, self.username, self.old.text(),
                           self.new.text(), on_result=self._done, on_error=self._failed)

    @if_alive
    def _done(self, _result: object) -> None:
        for edit in (self.old, self.new, self.confirm):
            edit.clear()
        self.accept()

    @if_alive
    def _failed(self, exc: BaseException) -> None:
        self.ok.setEnabled(True)
        self.error.setText(messages.error_text(exc))
        self.old.clear()
        self.old.setFocus()
