"""Driving the board like an operator: act as someone, press an action's key, confirm."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QKeySequence

from commandcenter.domain.vocabulary import Role
from commandcenter.ui.board.actions import SHORTCUTS

KEYS = dict(SHORTCUTS)


def act_as(board, code: str) -> None:
    assert board.controller.set_acting_person(code), code


def first_person(board, role: Role, unit: str | None = None) -> str:
    for p in board.controller._people:
        if p.role is role and (unit is None or p.unit_code == unit):
            return p.code
    raise AssertionError(f"no {role} {unit or ''} in the acting list")


def activate(qtbot, board) -> None:
    """Give the board's window the focus back (a window manager does this when a dialog
    closes; the offscreen platform leaves no active window)."""
    from PySide6.QtWidgets import QApplication

    window = board.page.window()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5000)
    board.page.table.setFocus()


def press(qtbot, board, action: str):
    """Press the action's shortcut on the board's table; return the dialog that opens."""
    seq = QKeySequence(KEYS[action])
    combo = seq[0]
    activate(qtbot, board)
    with qtbot.waitSignal(board.controller.sig_dialog_opened, timeout=10000) as opened:
        qtbot.keyClick(board.page.table, combo.key(), combo.keyboardModifiers())
    return opened.args[0]


def confirm(qtbot, board, dialog, widget=None):
    """Enter in the dialog (on ``widget`` or its focus widget); wait for the write."""
    target = widget or dialog.focusWidget() or dialog
    with qtbot.waitSignal(board.controller.sig_done, timeout=10000) as done:
        qtbot.keyClick(target, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: board.controller.dialog is None, timeout=5000)
    return done.args[0]


def type_text(qtbot, widget, text: str) -> None:
    """Type like an operator: ASCII as key clicks, Chinese as an input-method commit (what an
    IME delivers; QTest cannot click non-Latin-1 keys)."""
    from PySide6.QtGui import QInputMethodEvent
    from PySide6.QtWidgets import QApplication

    widget.setFocus()
    if text.isascii():
        qtbot.keyClicks(widget, text)
        return
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def type_reason(qtbot, dialog, text: str) -> None:
    type_text(qtbot, dialog.reason, text)


def check_units(qtbot, checklist, codes) -> None:
    """Tick units in a checklist with the keyboard (select the item, Space)."""
    from commandcenter.ui.board.dialogs.units import CodeRole

    for i in range(checklist.count()):
        if checklist.item(i).data(CodeRole) in codes:
            checklist.setFocus()
            checklist.setCurrentRow(i)
            qtbot.keyClick(checklist, Qt.Key.Key_Space)


def ctrl_click_row(qtbot, board, case_id: int) -> None:
    page = board.page
    pos = int(page.store.positions_of([case_id])[0])
    row = page.case_model.row_of_position(pos)
    assert row >= 0, "case not shown on the board"
    page.table.scrollTo(page.case_model.index(row, 0))
    rect = page.table.visualRect(page.case_model.index(row, 1))
    qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton,
                     Qt.KeyboardModifier.ControlModifier, QPoint(rect.center()))
