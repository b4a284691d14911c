"""AccountMenu shows each role what it may use and opens the dialogs."""

from __future__ import annotations

from PySide6.QtWidgets import QMainWindow

from commandcenter.domain.vocabulary import Role
from commandcenter.services import auth
from commandcenter.ui.security import (
    AccountMenu,
    AuditWindow,
    IdleLock,
    UserAdminDialog,
)

from .conftest import PW, settle


def menu_for(qtbot, ctx, worker, role: Role):
    auth.add_user(ctx, "u1", "用户", PW, role)
    ctx.principal = auth.sign_in(ctx, "u1", PW)
    window = QMainWindow()
    qtbot.addWidget(window)
    lock = IdleLock(window, ctx, worker, idle_minutes=10)
    menu = AccountMenu(window, ctx, worker, lock)
    window.menuBar().addMenu(menu)
    return window, menu, lock


def visible(menu) -> set[str]:
    names = {menu.change_password: "password", menu.lock_screen: "lock",
             menu.accounts: "accounts", menu.audit_log: "audit", menu.sign_out: "sign_out"}
    return {name for action, name in names.items() if action.isVisible()}


def test_each_role_sees_what_it_may_use(qtbot, env):
    ctx, worker = env
    _, menu, _ = menu_for(qtbot, ctx, worker, Role.DISPATCHER)
    assert visible(menu) == {"password", "lock", "sign_out"}
    ctx.principal = auth.sign_in(ctx, "u1", PW).__class__(
        1, "sup", "督查", Role.SUPERVISOR)
    menu.refresh()
    assert visible(menu) == {"password", "lock", "sign_out", "audit"}
    ctx.principal = None
    menu.refresh()
    assert visible(menu) == set()


def test_admin_opens_accounts_and_audit(qtbot, env):
    ctx, worker = env
    _, menu, _ = menu_for(qtbot, ctx, worker, Role.ADMIN)
    assert {"accounts", "audit"} <= visible(menu)
    menu.accounts.trigger()
    settle(qtbot, worker)
    admin = next(d for d in menu.dialogs if isinstance(d, UserAdminDialog))
    assert admin.model.rowCount() == 1
    menu.audit_log.trigger()
    settle(qtbot, worker)
    audit_window = next(d for d in menu.dialogs if isinstance(d, AuditWindow))
    assert audit_window.isVisible()
    for d in list(menu.dialogs):
        d.reject()
    assert menu.dialogs == []


def test_lock_and_sign_out(qtbot, env):
    ctx, worker = env
    _, menu, lock = menu_for(qtbot, ctx, worker, Role.DISPATCHER)
    try:
        lock.start()
        menu.lock_screen.trigger()
        assert lock.is_locked
        with qtbot.waitSignal(menu.sig_sign_out, timeout=2000):
            lock.overlay.sign_out_button.click()  # the lock's "sign out" reaches the menu
    finally:
        lock.stop()
