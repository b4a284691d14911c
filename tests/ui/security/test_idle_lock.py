"""IdleLock: locks after the idle time, covers the window, swallows input behind it, unlocks
with the password only; UserAdminDialog adds and disables accounts (admin only)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QAction, QMouseEvent
from PySide6.QtWidgets import QApplication, QLineEdit, QMainWindow, QPushButton

from commandcenter.domain.vocabulary import Role
from commandcenter.services import audit, auth
from commandcenter.ui.security import IdleLock, UserAdminDialog
from commandcenter.ui.security.user_model import COL_STATUS, COL_USERNAME, UserTableModel

from .conftest import PW, settle


def window_with_lock(qtbot, ctx, worker, minutes: float):
    auth.add_user(ctx, "zhang", "张三", PW, Role.DISPATCHER)
    ctx.principal = auth.sign_in(ctx, "zhang", PW)
    window = QMainWindow()
    button = QPushButton("act", window)
    window.setCentralWidget(button)
    qtbot.addWidget(window)
    window.resize(800, 600)
    window.show()
    lock = IdleLock(window, ctx, worker, idle_minutes=minutes)
    return window, button, lock


def test_locks_after_idle_time_and_unlocks_with_the_password(qtbot, env):
    ctx, worker = env
    window, button, lock = window_with_lock(qtbot, ctx, worker, minutes=0.002)  # 120 ms
    clicks = []
    button.clicked.connect(lambda: clicks.append(1))
    try:
        with qtbot.waitSignal(lock.sig_locked, timeout=5000):
            lock.start()
        assert lock.is_locked and lock.overlay.isVisible()
        assert lock.overlay.geometry() == window.rect()  # covers everything
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        assert clicks == []  # input behind the overlay is swallowed
        lock.overlay.password.setText("wrong")
        lock.overlay.unlock_button.click()
        settle(qtbot, worker)
        assert lock.is_locked and "wrong password" in lock.overlay.error.text()
        lock.overlay.password.setText(PW)
        with qtbot.waitSignal(lock.sig_unlocked, timeout=5000):
            lock.overlay.unlock_button.click()
        settle(qtbot, worker)
        assert not lock.is_locked
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        assert clicks == [1]
        ctx.principal = None
        assert [r.detail.get("purpose") for r in audit.query(ctx, action="auth.*")][:2] == [
            "unlock", "unlock"]  # both attempts audited as unlocks
    finally:
        lock.stop()


def test_activity_restarts_the_timer_and_shortcuts_are_blocked(qtbot, env):
    ctx, worker = env
    window, button, lock = window_with_lock(qtbot, ctx, worker, minutes=10)
    fired = []
    action = QAction("go", window)
    action.setShortcut("Ctrl+G")
    action.triggered.connect(lambda: fired.append(1))
    window.addAction(action)
    try:
        lock.start()
        timer = lock._timer
        timer.start(50_000)  # pretend most of the idle time has passed
        QApplication.sendEvent(button, QMouseEvent(
            QEvent.Type.MouseMove, QPointF(5, 5), QPointF(5, 5), Qt.MouseButton.NoButton,
            Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier))
        assert timer.remainingTime() > 500_000  # back to ten minutes
        lock.lock()
        qtbot.keyClick(lock.overlay.password, Qt.Key.Key_G, Qt.KeyboardModifier.ControlModifier)
        assert fired == []
        qtbot.keyClicks(lock.overlay.password, "abc")
        assert lock.overlay.password.text() == "abc"  # the overlay itself takes input
    finally:
        lock.stop()
    assert not lock._timer.isActive()


def test_lockout_leaves_only_sign_out(qtbot, env):
    ctx, worker = env
    window, _, lock = window_with_lock(qtbot, ctx, worker, minutes=10)
    signed_out = []
    lock.sig_sign_out.connect(lambda: signed_out.append(1))
    try:
        lock.start()
        lock.lock()
        for _ in range(auth.DEFAULT_POLICY.max_failures):
            lock.overlay.password.setText("wrong")
            lock.overlay.unlock_button.click()
            settle(qtbot, worker)
        assert "locked until" in lock.overlay.error.text()
        assert not lock.overlay.unlock_button.isEnabled()
        lock.overlay.sign_out_button.click()
        assert signed_out == [1]
    finally:
        lock.stop()


def test_user_admin_dialog_adds_and_disables(qtbot, env, monkeypatch):
    ctx, worker = env
    auth.add_user(ctx, "root", "管理员", PW, Role.ADMIN)
    ctx.principal = auth.sign_in(ctx, "root", PW)
    dialog = UserAdminDialog(ctx, worker)
    qtbot.addWidget(dialog)
    settle(qtbot, worker)
    assert dialog.model.rowCount() == 1

    def fill(edit_dialog):
        edit_dialog.findChild(QLineEdit, "user_edit_username").setText("li")
        edit_dialog.display_name.setText("<i>李四</i>")
        edit_dialog.role.setCurrentIndex(edit_dialog.role.findData("viewer"))
        edit_dialog.password.setText("Viewer-Pass-11")
        edit_dialog.confirm.setText("Viewer-Pass-11")
        edit_dialog._check()
        return edit_dialog.result()

    from commandcenter.ui.security import user_admin_dialog as mod

    monkeypatch.setattr(mod.UserEditDialog, "exec", fill)
    dialog.buttons["add"].click()
    settle(qtbot, worker)
    names = [dialog.model.index(r, COL_USERNAME).data() for r in range(dialog.model.rowCount())]
    assert names == ["li", "root"]
    dialog.table.selectRow(0)
    dialog.buttons["disable"].click()
    settle(qtbot, worker)
    assert "disabled" in dialog.model.index(0, COL_STATUS).data()
    dialog.table.selectRow(1)  # the last admin cannot be disabled: the refusal is shown
    dialog.buttons["disable"].click()
    settle(qtbot, worker)
    assert dialog.error.text() == "This is the last enabled administrator account."


def test_user_admin_refused_for_a_non_admin(qtbot, env):
    ctx, worker = env
    auth.add_user(ctx, "zhang", "张三", PW, Role.DISPATCHER)
    ctx.principal = auth.sign_in(ctx, "zhang", PW)
    dialog = UserAdminDialog(ctx, worker)
    qtbot.addWidget(dialog)
    settle(qtbot, worker)
    assert dialog.model.rowCount() == 0 and dialog.error.text() == "You are not allowed to do this."


def test_user_model_passes_the_model_tester(qtmodeltester, env):
    ctx, _ = env
    auth.add_user(ctx, "root", "管理员", PW, Role.ADMIN)
    model = UserTableModel()
    model.set_rows(auth.list_users(ctx))
    qtmodeltester.check(model)
