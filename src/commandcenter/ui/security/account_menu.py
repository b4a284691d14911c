"""The main window's account menu (issue 8); `ui.session.Session` builds and wires it.

`AccountMenu` offers: change password, lock screen (Ctrl+Alt+L), accounts (admins only),
audit log (supervisors and admins), sign out (`sig_sign_out`: the owner closes the window and
shows the sign-in again or quits). Which entries show depends on ``ctx.principal``'s rights;
`refresh()` re-reads them after a sign-in. Dialogs open window-modal without blocking
(``open()``/``show()``), so nothing here runs a nested event loop the tests cannot drive.
The start-up sign-in is `ui.startup.Startup`'s (`SignInDialog`, opened without blocking too).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QMenu, QVBoxLayout, QWidget

from commandcenter.services.permissions import Right, can

from .audit_view import AuditView
from .change_password_dialog import ChangePasswordDialog
from .idle_lock import IdleLock
from .user_admin_dialog import UserAdminDialog


class AuditWindow(QDialog):
    """The audit view in its own window (a supervisor keeps it open beside the board)."""

    def __init__(self, ctx: Any, worker: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("audit_window")
        self.setWindowTitle(self.tr("Audit log"))
        self.resize(1200, 600)
        self.view = AuditView(ctx, worker, self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view)


class AccountMenu(QMenu):
    sig_sign_out = Signal()

    def __init__(self, window: QWidget, ctx: Any, worker: Any,
                 idle_lock: IdleLock | None = None) -> None:
        super().__init__(window)
        self.window_, self.ctx, self.worker, self.idle_lock = window, ctx, worker, idle_lock
        self.setObjectName("account_menu")
        self.dialogs: list[QDialog] = []
        self.change_password = QAction(self)
        self.lock_screen = QAction(self)
        self.lock_screen.setShortcut(QKeySequence("Ctrl+Alt+L"))
        self.accounts = QAction(self)
        self.audit_log = QAction(self)
        self.sign_out = QAction(self)
        for action in (self.change_password, self.lock_screen, self.accounts, self.audit_log):
            self.addAction(action)
        self.addSeparator()
        self.addAction(self.sign_out)
        self.change_password.triggered.connect(self.open_change_password)
        self.lock_screen.triggered.connect(self._lock)
        self.accounts.triggered.connect(self.open_accounts)
        self.audit_log.triggered.connect(self.open_audit)
        self.sign_out.triggered.connect(self.sig_sign_out)
        if idle_lock is not None:
            idle_lock.sig_sign_out.connect(self.sig_sign_out)
        self.retranslate_ui()
        self.refresh()

    def retranslate_ui(self) -> None:
        self.setTitle(self.tr("&Account"))
        self.change_password.setText(self.tr("Change password…"))
        self.lock_screen.setText(self.tr("Lock screen"))
        self.accounts.setText(self.tr("Accounts…"))
        self.audit_log.setText(self.tr("Audit log…"))
        self.sign_out.setText(self.tr("Sign out"))

    def changeEvent(self, event) -> None:  # noqa: N802 - Qt override
        if event.type() == event.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def refresh(self) -> None:
        """Show what the signed-in principal may use (no principal: nothing personal)."""
        p = self.ctx.principal
        signed_in = p is not None
        self.change_password.setVisible(signed_in)
        self.lock_screen.setVisible(signed_in and self.idle_lock is not None)
        self.sign_out.setVisible(signed_in)
        self.accounts.setVisible(signed_in and can(p, Right.MANAGE_USERS))
        self.audit_log.setVisible(signed_in and can(p, Right.VIEW_AUDIT))

    # ------------------------------------------------------------------ entries
    def _keep(self, dialog: QDialog) -> QDialog:
        self.dialogs.append(dialog)
        dialog.finished.connect(lambda _=0, d=dialog: self._forget(d))
        return dialog

    def _forget(self, dialog: QDialog) -> None:
        if dialog in self.dialogs:
            self.dialogs.remove(dialog)
        dialog.deleteLater()

    def open_change_password(self) -> ChangePasswordDialog:
        dialog = ChangePasswordDialog(self.ctx, self.worker, self.ctx.principal.username,
                                      self.window_)
        self._keep(dialog).open()
        return dialog

    def open_accounts(self) -> UserAdminDialog:
        dialog = UserAdminDialog(self.ctx, self.worker, self.window_)
        self._keep(dialog).open()
        return dialog

    def open_audit(self) -> AuditWindow:
        window = AuditWindow(self.ctx, self.worker, self.window_)
        self._keep(window).show()
        return window

    def _lock(self) -> None:
        if self.idle_lock is not None:
            self.idle_lock.lock()
