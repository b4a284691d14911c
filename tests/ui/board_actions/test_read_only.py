"""Read-only (the database connection lost): an open dialog keeps what was typed but cannot
write; nothing is written twice or lost when the connection is back."""

from __future__ import annotations

from PySide6.QtCore import Qt

from commandcenter.domain.vocabulary import State
from commandcenter.services.cases import CaseService

from .conftest import make_case, show_case


def test_a_dialog_open_when_the_board_turns_read_only_holds_its_input(qtbot, board):
    case_id = make_case(board.ctx, "pending_dispatch")
    show_case(qtbot, board, case_id)
    c, page = board.controller, board.page
    assert c.set_acting_person("QZX-D01")
    with qtbot.waitSignal(c.sig_dialog_opened, timeout=10000) as opened:
        qtbot.keyClick(page.table, Qt.Key.Key_D)
    dialog = opened.args[0]
    chosen = dialog.unit.currentData()
    page.set_read_only(True, "数据库连接中断，只读")
    assert dialog.isVisible() and not dialog.ok_button.isEnabled()
    assert dialog.error.text() == "数据库连接中断，只读"
    written = []
    c.sig_done.connect(written.append)
    qtbot.keyClick(dialog.unit, Qt.Key.Key_Return)  # Enter does not write while read-only
    qtbot.wait(100)
    assert not written and dialog.isVisible() and dialog.unit.currentData() == chosen
    assert CaseService(board.ctx).detail(case_id).state is State.PENDING_DISPATCH
    page.set_read_only(False)
    assert dialog.ok_button.isEnabled() and not dialog.error.isVisible()
    with qtbot.waitSignal(c.sig_done, timeout=10000) as done:
        qtbot.keyClick(dialog.unit, Qt.Key.Key_Return)
    assert done.args[0].to_state is State.DISPATCHED
    events = CaseService(board.ctx).detail(case_id).events
    assert [e.action for e in events].count("dispatch") == 1
