"""The shell's session: sign-in before the window, an audited sign out, connection loss
makes the board read-only, the board's reveal request opens the audited reveal dialog."""

from __future__ import annotations

from commandcenter import settings as settings_mod
from commandcenter.services import auth
from commandcenter.ui.startup import Startup

PW = "Correct-Horse-9"


def test_nobody_gets_the_window_without_signing_in_and_sign_out_is_audited(
        qtbot, seeded_db_url, translations):
    paths = settings_mod.app_paths().ensure()
    startup = Startup(seeded_db_url, settings_mod.load(paths), paths, translations, 0)
    try:
        startup.start()
        qtbot.waitUntil(lambda: startup.sign_in_dialog is not None
                        and startup.sign_in_dialog.mode == "first_run", timeout=30000)
        # before an account signed in: the shell only (menus, status), no board, no data
        shell = startup.window
        assert shell is not None and not shell.attached and shell.board is None
        assert startup.sign_in_dialog.parent() is shell  # over the shell
        assert shell.status.operator_label.text() == "未登录"
        assert shell.starting.status.text() == "等待操作员登录…"
        dialog = startup.sign_in_dialog
        dialog.username.setText("root")
        dialog.display_name.setText("管理员")
        dialog.password.setText(PW)
        dialog.confirm.setText(PW)
        with qtbot.waitSignal(startup.sig_ready, timeout=30000) as ready:
            dialog.ok.click()
        window = ready.args[0]
        assert startup.ctx.principal.username == "root"
        assert window.status is not None and window._operator.name == "管理员"
        # the status bar names who is signed in, not only the role (zh_CN installed)
        assert window.status.operator_label.text().startswith("当前用户：管理员（")
        assert window.session.account_menu.sign_out.isVisible()
        with qtbot.waitSignal(startup.sig_signed_out, timeout=30000):
            window.session.account_menu.sign_out.trigger()
        qtbot.waitUntil(lambda: not window.isVisible(), timeout=10000)
        qtbot.wait(700)  # the board's 300 ms coalescing timer of its last load runs out
        assert startup.window is None and startup.ctx.principal is None
        from commandcenter.services import audit
        actions = [e.action for e in audit.query(startup.ctx, user="root")]
        assert "auth.sign_out" in actions and "auth.sign_in" in actions
    finally:
        if startup.sign_in_dialog is not None:
            startup.sign_in_dialog.reject()
        if startup.window is not None:
            startup.window.close()
        startup.shutdown()


def test_cancelling_the_sign_in_opens_no_window(qtbot, seeded_db_url, translations):
    paths = settings_mod.app_paths().ensure()
    startup = Startup(seeded_db_url, settings_mod.load(paths), paths, translations, 0)
    try:
        startup.start()
        qtbot.waitUntil(lambda: startup.sign_in_dialog is not None
                        and startup.sign_in_dialog.mode != "loading", timeout=30000)
        with qtbot.waitSignal(startup.sig_cancelled, timeout=10000):
            startup.sign_in_dialog.reject()
        assert not startup.window.attached and startup.window.board is None
        assert startup.ctx.principal is None
    finally:
        if startup.window is not None:
            startup.window.close()
        startup.shutdown()


def test_connection_loss_makes_the_board_read_only_until_it_is_back(qtbot, shell):
    session = shell.window.session
    board = shell.window.board
    session.monitor.sig_offline.emit("server closed the connection")
    assert board.read_only
    assert shell.window.centralWidget() is session.container
    session.monitor.sig_online.emit()
    assert not board.read_only


def test_reveal_request_opens_the_reveal_dialog(qtbot, shell):
    from commandcenter.ui.pii.reveal_dialog import RevealDialog

    shell.window.board.sig_reveal_requested.emit(1)
    dialog = shell.window.session.reveal_dialog
    assert isinstance(dialog, RevealDialog) and dialog.case_id == 1 and dialog.isVisible()
    dialog.reject()


def test_sign_in_is_required_by_default():
    import inspect

    assert inspect.signature(Startup).parameters["sign_in"].default is True
    assert auth.sign_out  # the service the window's "Sign out" calls
