"""The sign-in dialog shown at start, before the main window (issue 8).

Modes (``mode`` attribute):
- ``"sign_in"``: username + password; errors are shown in the dialog in plain text (unknown user
  and wrong password alike; a lockout says until when; a disabled account says so).
- ``"first_run"``: no account exists yet: create the administrator (username, display name,
  password twice, the strength rule shown), then sign in as it. There is no default password.
- ``"must_change"``: the account's password was reset by an admin: a new password (twice) is
  required before the dialog accepts.

Every database call (has_users, sign_in, create_first_admin, change_password) runs on the
`DbWorker`; the dialog only disables itself while one runs. On success it sets ``principal``
and ``ctx.principal`` and accepts; `sig_signed_in(principal)` is emitted just before.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from commandcenter.services import auth
from commandcenter.services.errors import ValidationError

from . import messages
from .guard import if_alive


def _create_and_sign_in(ctx: Any, username: str, display_name: str, password: str):
    auth.create_first_admin(ctx, username, display_name, password)
    return auth.sign_in(ctx, username, password)


def _change_and_return(ctx: Any, principal: Any, old: str, new: str):
    auth.change_password(ctx, principal.username, old, new)
    return replace(principal, must_change_password=False)


def password_edit(parent: QWidget, name: str) -> QLineEdit:
    edit = QLineEdit(parent)
    edit.setObjectName(name)
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    edit.setMaxLength(auth.MAX_PASSWORD)
    return edit


def error_label(parent: QWidget, name: str) -> QLabel:
    """A red, word-wrapped label that never interprets markup (names may contain '<b>')."""
    label = QLabel(parent)
    label.setObjectName(name)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    # red, at >= 4.5:1 on this palette's window colour (a dark theme gets a lighter red)
    from commandcenter.ui.board.colours import readable

    window = label.palette().color(QPalette.ColorRole.Window)
    label.setStyleSheet(f"color: {readable(QColor('#b00020'), [window]).name()};")
    return label


class SignInDialog(QDialog):
    sig_signed_in = Signal(object)

    def __init__(self, ctx: Any, worker: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.worker = ctx, worker
        self.principal = None
        self.mode = "loading"
        self.setObjectName("sign_in_dialog")
        self.setMinimumWidth(380)
        self.heading = QLabel(self)
        self.heading.setObjectName("sign_in_heading")
        self.heading.setWordWrap(True)
        self.heading.setStyleSheet("font-size: 12pt; font-weight: bold;")
        self.username = QLineEdit(self)
        self.username.setObjectName("sign_in_username")
        self.username.setMaxLength(32)
        self.display_name = QLineEdit(self)
        self.display_name.setObjectName("sign_in_display_name")
        self.display_name.setMaxLength(auth.MAX_DISPLAY_NAME)
        self.password = password_edit(self, "sign_in_password")
        self.new_password = password_edit(self, "sign_in_new_password")
        self.confirm = password_edit(self, "sign_in_confirm")
        self.rule = QLabel(self)
        self.rule.setWordWrap(True)
        self.rule.setStyleSheet("color: palette(mid);")
        self.error = error_label(self, "sign_in_error")
        self.form = QFormLayout()
        self._labels = {w: QLabel(self) for w in (self.username, self.display_name, self.password,
                                                   self.new_password, self.confirm)}
        for widget, label in self._labels.items():
            self.form.addRow(label, widget)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setObjectName("sign_in_ok")
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(self.form)
        layout.addWidget(self.rule)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self._busy(True)
        self.retranslate_ui()
        worker.submit(auth.has_users, ctx, on_result=self._on_has_users, on_error=self._on_error)

    # ------------------------------------------------------------------ modes
    def retranslate_ui(self) -> None:
        self.setWindowTitle(self.tr("Sign in"))
        texts = {self.username: self.tr("Username"), self.display_name: self.tr("Display name"),
                 self.password: self.tr("Password"), self.new_password: self.tr("New password"),
                 self.confirm: self.tr("Repeat the password")}
        for widget, text in texts.items():
            self._labels[widget].setText(text)
        self.rule.setText(messages.tr(messages.STRENGTH_RULE))
        heading, ok = {
            "first_run": (self.tr("No account exists yet: create the administrator account."),
                          self.tr("Create and sign in")),
            "must_change": (self.tr("Your password was reset: choose a new one."),
                            self.tr("Change and sign in")),
        }.get(self.mode, (self.tr("Sign in to the command centre."), self.tr("Sign in")))
        self.heading.setText(heading)
        self.ok.setText(ok)

    def _set_mode(self, mode: str) -> None:
        self.mode = mode
        shown = {
            "sign_in": (self.username, self.password),
            "first_run": (self.username, self.display_name, self.password, self.confirm),
            "must_change": (self.new_password, self.confirm),
        }[mode]
        for widget in self._labels:
            self.form.setRowVisible(widget, widget in shown)  # no gaps left by hidden rows
        self.rule.setVisible(mode != "sign_in")
        self.username.setReadOnly(mode == "must_change")
        self.retranslate_ui()
        (shown[0] if not self.username.text() or mode != "sign_in" else self.password).setFocus()

    def changeEvent(self, event) -> None:  # noqa: N802 - Qt override
        if event.type() == event.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def done(self, result: int) -> None:  # closed: late worker results are ignored (if_alive)
        self._closed = True
        super().done(result)

    # ------------------------------------------------------------------ actions
    def submit(self) -> None:
        self.error.clear()
        if self.mode == "sign_in":
            self._run(auth.sign_in, self.ctx, self.username.text(), self.password.text())
        elif self.mode == "first_run":
            if not self._confirmed(self.password):
                return
            self._run(_create_and_sign_in, self.ctx, self.username.text(),
                      self.display_name.text(), self.password.text())
        elif self.mode == "must_change" and self._confirmed(self.new_password):
            self._run(_change_and_return, self.ctx, self.principal, self.password.text(),
                      self.new_password.text())

    def _confirmed(self, edit: QLineEdit) -> bool:
        if edit.text() != self.confirm.text():
            self.error.setText(messages.tr(messages.MISMATCH))
            return False
        try:  # the rule is pure: check it here, before the worker
            auth.check_password(edit.text(), self.username.text().strip())
        except ValidationError as exc:
            self.error.setText(messages.error_text(exc))
            return False
        return True

    def _run(self, fn, *args) -> None:
        self._busy(True)
        self.worker.submit(fn, *args, on_result=self._on_principal, on_error=self._on_error)

    def _busy(self, on: bool) -> None:
        self.ok.setEnabled(not on)
        for widget in self._labels:
            widget.setEnabled(not on)

    # ------------------------------------------------------------------ results
    @if_alive
    def _on_has_users(self, exists: bool) -> None:
        self._busy(False)
        self._set_mode("sign_in" if exists else "first_run")

    @if_alive
    def _on_principal(self, principal) -> None:
        self._busy(False)
        self.principal = principal
        if principal.must_change_password:
            self._set_mode("must_change")
            return
        self.password.clear()
        self.new_password.clear()
        self.confirm.clear()
        self.ctx.principal = principal
        self.sig_signed_in.emit(principal)
        self.accept()

    @if_alive
    def _on_error(self, exc: BaseException) -> None:
        self._busy(False)
        if self.mode == "loading":
            self._set_mode("sign_in")
        self.error.setText(messages.error_text(exc))
        if self.mode == "sign_in":
            self.password.clear()
            self.password.setFocus()
