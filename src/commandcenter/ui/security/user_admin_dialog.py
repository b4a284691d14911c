"""Account administration for admins: list, add, edit role/scope, disable/enable, reset the
password, unlock. Every change runs on the `DbWorker` through `services.auth` (which checks the
admin right and audits); refusals are shown in plain text in the dialog. `sig_changed` after
each successful change (the list is reloaded).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from commandcenter.services import auth
from commandcenter.services.errors import ValidationError
from commandcenter.services.permissions import ACCOUNT_ROLES
from commandcenter.ui.labels import role_label

from . import messages
from .guard import if_alive
from .sign_in_dialog import error_label, password_edit
from .user_model import UsernameRole, UserTableModel


class UserEditDialog(QDialog):
    """The form of one account. ``existing`` None = a new account (username and password asked);
    `values()` returns the keyword arguments for `auth.add_user` / `auth.update_user`."""

    def __init__(self, existing: auth.UserInfo | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("user_edit_dialog")
        self.existing = existing
        self.setWindowTitle(self.tr("Add account") if existing is None else self.tr("Edit account"))
        self.username = QLineEdit(self)
        self.username.setObjectName("user_edit_username")
        self.username.setMaxLength(32)
        self.display_name = QLineEdit(self)
        self.display_name.setObjectName("user_edit_display_name")
        self.display_name.setMaxLength(auth.MAX_DISPLAY_NAME)
        self.role = QComboBox(self)
        self.role.setObjectName("user_edit_role")
        for r in ACCOUNT_ROLES:
            self.role.addItem(role_label(r), r.value)
        self.scope = QComboBox(self)
        self.scope.setObjectName("user_edit_scope")
        for value, text in (("district", self.tr("District")), ("street", self.tr("Street")),
                            ("unit", self.tr("Unit"))):
            self.scope.addItem(text, value)
        self.scope_code = QLineEdit(self)
        self.scope_code.setObjectName("user_edit_scope_code")
        self.scope_code.setMaxLength(32)
        self.person = QLineEdit(self)
        self.person.setObjectName("user_edit_person")
        self.person.setMaxLength(32)
        self.password = password_edit(self, "user_edit_password")
        self.confirm = password_edit(self, "user_edit_confirm")
        self.error = error_label(self, "user_edit_error")
        form = QFormLayout()
        form.addRow(self.tr("Username"), self.username)
        form.addRow(self.tr("Display name"), self.display_name)
        form.addRow(self.tr("Role"), self.role)
        form.addRow(self.tr("Scope"), self.scope)
        form.addRow(self.tr("Street or unit code"), self.scope_code)
        form.addRow(self.tr("Person code (optional)"), self.person)
        if existing is None:
            form.addRow(self.tr("Password"), self.password)
            form.addRow(self.tr("Repeat the password"), self.confirm)
        else:
            self.username.setText(existing.username)
            self.username.setReadOnly(True)
            self.display_name.setText(existing.display_name)
            self.role.setCurrentIndex(max(0, self.role.findData(existing.role.value)))
            self.scope.setCurrentIndex(max(0, self.scope.findData(existing.scope_kind.value)))
            self.scope_code.setText(existing.scope_code or "")
            self.person.setText(existing.person_code or "")
            self.password.hide()
            self.confirm.hide()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self._check)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def _check(self) -> None:
        if self.existing is None:
            if self.password.text() != self.confirm.text():
                self.error.setText(messages.tr(messages.MISMATCH))
                return
            try:
                auth.check_password(self.password.text(), self.username.text().strip())
            except ValidationError as exc:
                self.error.setText(messages.error_text(exc))
                return
        self.accept()

    def values(self) -> dict[str, Any]:
        out = {"display_name": self.display_name.text(), "role": self.role.currentData(),
               "scope_kind": self.scope.currentData(),
               "scope_code": self.scope_code.text().strip() or None,
               "person_code": self.person.text().strip()}
        if self.existing is None:
            out["username"] = self.username.text()
            out["password"] = self.password.text()
            out["person_code"] = out["person_code"] or None
        return out


class PasswordResetDialog(QDialog):
    def __init__(self, username: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.username = username
        self.setObjectName("password_reset_dialog")
        self.setWindowTitle(self.tr("Reset password of {user}").format(user=username))
        self.password = password_edit(self, "reset_password")
        self.confirm = password_edit(self, "reset_confirm")
        self.error = error_label(self, "reset_error")
        form = QFormLayout()
        form.addRow(self.tr("New password"), self.password)
        form.addRow(self.tr("Repeat the password"), self.confirm)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self._check)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def _check(self) -> None:
        if self.password.text() != self.confirm.text():
            self.error.setText(messages.tr(messages.MISMATCH))
            return
        try:
            auth.check_password(self.password.text(), self.username)
        except ValidationError as exc:
            self.error.setText(messages.error_text(exc))
            return
        self.accept()


def _add(ctx: Any, values: dict[str, Any]) -> auth.UserInfo:
    v = dict(values)
    return auth.add_user(ctx, v.pop("username"), v.pop("display_name"), v.pop("password"),
                         v.pop("role"), must_change_password=True, **v)


def _update(ctx: Any, username: str, values: dict[str, Any]) -> auth.UserInfo:
    return auth.update_user(ctx, username, **values)


class UserAdminDialog(QDialog):
    sig_changed = Signal()

    def __init__(self, ctx: Any, worker: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.worker = ctx, worker
        self.setObjectName("user_admin_dialog")
        self.setWindowTitle(self.tr("Accounts"))
        self.resize(860, 460)
        self.model = UserTableModel(self)
        self.table = QTableView(self)
        self.table.setObjectName("user_table")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.error = error_label(self, "user_admin_error")
        row = QHBoxLayout()
        self.buttons: dict[str, QPushButton] = {}
        for key, text, slot in (
                ("add", self.tr("Add…"), self.add_user),
                ("edit", self.tr("Edit…"), self.edit_user),
                ("disable", self.tr("Disable / enable"), self.toggle_disabled),
                ("reset", self.tr("Reset password…"), self.reset_password),
                ("unlock", self.tr("Unlock"), self.unlock)):
            button = QPushButton(text, self)
            button.setObjectName(f"user_admin_{key}")
            button.clicked.connect(slot)
            row.addWidget(button)
            self.buttons[key] = button
        row.addStretch(1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)
        row.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.error)
        layout.addLayout(row)
        self.reload()

    def done(self, result: int) -> None:  # closed: late worker results are ignored (if_alive)
        self._closed = True
        super().done(result)

    def reload(self) -> None:
        self.worker.submit(auth.list_users, self.ctx, on_result=self._set_rows,
                           on_error=self._failed)

    @if_alive
    def _set_rows(self, rows: list) -> None:
        self.model.set_rows(rows)

    def selected(self) -> auth.UserInfo | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        name = rows[0].data(UsernameRole)
        return next((u for u in self.model.rows if u.username == name), None)

    # ------------------------------------------------------------------ actions
    def add_user(self) -> None:
        dialog = UserEditDialog(None, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self._run(_add, self.ctx, dialog.values())

    def edit_user(self) -> None:
        user = self.selected()
        if user is None:
            return
        dialog = UserEditDialog(user, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self._run(_update, self.ctx, user.username, dialog.values())

    def toggle_disabled(self) -> None:
        user = self.selected()
        if user is not None:
            self._run(auth.disable_user, self.ctx, user.username, not user.disabled)

    def reset_password(self) -> None:
        user = self.selected()
        if user is None:
            return
        dialog = PasswordResetDialog(user.username, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self._run(auth.reset_password, self.ctx, user.username, dialog.password.text())

    def unlock(self) -> None:
        user = self.selected()
        if user is not None:
            self._run(auth.unlock_user, self.ctx, user.username)

    def _run(self, fn, *args) -> None:
        self.error.clear()
        self.worker.submit(fn, *args, on_result=self._changed, on_error=self._failed)

    @if_alive
    def _changed(self, _info: object) -> None:
        self.sig_changed.emit()
        self.reload()

    @if_alive
    def _failed(self, exc: BaseException) -> None:
        self.error.setText(messages.error_text(exc))

