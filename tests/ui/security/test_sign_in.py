"""SignInDialog: first run creates the admin, sign-in success, wrong password, lockout, a reset
password must be changed; ChangePasswordDialog."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtWidgets import QDialog

from commandcenter.domain.vocabulary import Role
from commandcenter.services import audit, auth
from commandcenter.ui.security import ChangePasswordDialog, SignInDialog

from .conftest import PW, settle


def open_dialog(qtbot, ctx, worker) -> SignInDialog:
    dialog = SignInDialog(ctx, worker)
    qtbot.addWidget(dialog)
    dialog.show()
    settle(qtbot, worker)
    return dialog


def submit(qtbot, dialog: SignInDialog, worker) -> None:
    dialog.ok.click()
    settle(qtbot, worker)


def test_first_run_creates_the_admin_and_signs_in(qtbot, env):
    ctx, worker = env
    dialog = open_dialog(qtbot, ctx, worker)
    assert dialog.mode == "first_run" and dialog.confirm.isVisible()
    assert dialog.display_name.isVisible()
    dialog.username.setText("root")
    dialog.display_name.setText("管理员")
    dialog.password.setText(PW)
    dialog.confirm.setText(PW + "x")
    submit(qtbot, dialog, worker)
    assert dialog.error.text() and not auth.has_users(ctx)  # mismatch: nothing created
    dialog.confirm.setText("weak")
    dialog.password.setText("weak")
    submit(qtbot, dialog, worker)
    assert not auth.has_users(ctx) and dialog.result() != QDialog.DialogCode.Accepted
    dialog.password.setText(PW)
    dialog.confirm.setText(PW)
    with qtbot.waitSignal(dialog.sig_signed_in, timeout=10000):
        dialog.ok.click()
    settle(qtbot, worker)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert ctx.principal is not None and ctx.principal.role is Role.ADMIN
    assert ctx.principal.username == "root"


def test_sign_in_success(qtbot, env):
    ctx, worker = env
    auth.add_user(ctx, "zhang", "张三", PW, Role.DISPATCHER)
    dialog = open_dialog(qtbot, ctx, worker)
    assert dialog.mode == "sign_in" and not dialog.confirm.isVisible()
    dialog.username.setText("zhang")
    dialog.password.setText(PW)
    submit(qtbot, dialog, worker)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.principal.username == "zhang" and ctx.principal == dialog.principal
    assert dialog.password.text() == ""  # no password left in the widgets


def test_wrong_password_shows_a_clear_error(qtbot, env, qapp):
    ctx, worker = env
    auth.add_user(ctx, "zhang", "张三", PW, Role.DISPATCHER)
    dialog = open_dialog(qtbot, ctx, worker)
    dialog.username.setText("zhang")
    dialog.password.setText("wrong")
    submit(qtbot, dialog, worker)
    assert dialog.result() != QDialog.DialogCode.Accepted and ctx.principal is None
    assert dialog.error.text() == "Unknown user or wrong password."
    assert dialog.password.text() == "" and dialog.ok.isEnabled()
    assert audit.query(ctx, action="auth.sign_in_failed")[0].actor == "zhang"


def test_lockout_message_says_until_when(qtbot, env):
    ctx, worker = env
    ctx.now = lambda: datetime(2024, 3, 4, 9, 0)
    auth.add_user(ctx, "zhang", "张三", PW, Role.DISPATCHER)
    dialog = open_dialog(qtbot, ctx, worker)
    dialog.username.setText("zhang")
    for _ in range(auth.DEFAULT_POLICY.max_failures):
        dialog.password.setText("wrong")
        submit(qtbot, dialog, worker)
    assert "locked until 09:10" in dialog.error.text()
    dialog.password.setText(PW)  # the right password does not help while locked
    submit(qtbot, dialog, worker)
    assert "locked until 09:10" in dialog.error.text() and ctx.principal is None


def test_markup_in_a_name_is_shown_as_text(qtbot, env):
    ctx, worker = env
    dialog = open_dialog(qtbot, ctx, worker)
    assert dialog.error.textFormat().name == "PlainText"


def test_reset_password_must_be_changed_before_signing_in(qtbot, env):
    ctx, worker = env
    auth.add_user(ctx, "zhang", "张三", PW, Role.DISPATCHER)
    auth.reset_password(ctx, "zhang", "Temporary-Pass-1")
    dialog = open_dialog(qtbot, ctx, worker)
    dialog.username.setText("zhang")
    dialog.password.setText("Temporary-Pass-1")
    submit(qtbot, dialog, worker)
    assert dialog.mode == "must_change" and ctx.principal is None
    dialog.new_password.setText("Brand-New-Pass-2")
    dialog.confirm.setText("Brand-New-Pass-2")
    submit(qtbot, dialog, worker)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert not ctx.principal.must_change_password
    assert auth.sign_in(ctx, "zhang", "Brand-New-Pass-2")


def test_change_password_dialog(qtbot, env):
    ctx, worker = env
    auth.add_user(ctx, "zhang", "张三", PW, Role.DISPATCHER)
    dialog = ChangePasswordDialog(ctx, worker, "zhang")
    qtbot.addWidget(dialog)
    dialog.old.setText("wrong")
    dialog.new.setText("Another-Secret-7")
    dialog.confirm.setText("Another-Secret-7")
    dialog.ok.click()
    settle(qtbot, worker)
    assert dialog.result() != QDialog.DialogCode.Accepted and dialog.error.text()
    dialog.old.setText(PW)
    dialog.ok.click()
    settle(qtbot, worker)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert auth.sign_in(ctx, "zhang", "Another-Secret-7")


def test_error_text_stays_readable_on_a_dark_palette(qtbot):
    import re

    from PySide6.QtGui import QColor, QPalette
    from PySide6.QtWidgets import QWidget

    from commandcenter.ui.security.sign_in_dialog import error_label
    from commandcenter.ui.theme import contrast

    for window in ("#ffffff", "#202124"):
        host = QWidget()
        qtbot.addWidget(host)
        palette = host.palette()
        palette.setColor(QPalette.ColorRole.Window, QColor(window))
        host.setPalette(palette)
        label = error_label(host, "err")
        colour = re.search(r"color: (#[0-9a-f]{6})", label.styleSheet()).group(1)
        assert contrast(colour, window) >= 4.5, (window, colour)
