"""Keyboard-first dispatch: select the row, D, Enter, with the routing suggestion preselected."""

from __future__ import annotations

from PySide6.QtCore import Qt

from commandcenter.domain.vocabulary import State
from commandcenter.services.cases import CaseService

from .conftest import make_case, show_case


def test_pending_dispatch_to_dispatched_in_two_keys_after_selecting(qtbot, board):
    case_id = make_case(board.ctx, "pending_dispatch")
    show_case(qtbot, board, case_id)
    c = board.controller
    assert c.set_acting_person("QZX-D01")
    with qtbot.waitSignal(c.sig_dialog_opened, timeout=10000) as opened:
        qtbot.keyClick(board.page.table, Qt.Key.Key_D)
    dialog = opened.args[0]
    advice = dialog.prep.advice
    assert advice is not None and advice.reason_text
    assert dialog.unit.currentData() == advice.unit_code  # the suggestion is preselected
    assert dialog.suggestion.text().count(advice.unit_name) == 1
    assert dialog.reason_text.text().startswith(advice.reason_text)
    assert advice.legal_basis in dialog.reason_text.text()
    assert dialog.focusWidget() is dialog.unit
    assert "4个工作时" in dialog.due.text()  # 暴露垃圾, shown before confirming
    with qtbot.waitSignal(c.sig_done, timeout=10000) as done:
        qtbot.keyClick(dialog.unit, Qt.Key.Key_Return)
    assert done.args[0].to_state is State.DISPATCHED
    detail = CaseService(board.ctx).detail(case_id)
    assert detail.state is State.DISPATCHED and detail.lead_unit == advice.unit_code
    assert detail.events[-1].payload.get("rule_id") in (advice.rule_id, None)
    assert detail.events[-1].actor_id == "QZX-D01"
    qtbot.waitUntil(lambda: c.dialog is None)



def test_dispatch_dialog_speaks_chinese(qtbot, board, translations):
    case_id = make_case(board.ctx, "pending_dispatch")
    show_case(qtbot, board, case_id)
    c = board.controller
    c.set_acting_person("QZX-D01")
    with qtbot.waitSignal(c.sig_dialog_opened, timeout=10000) as opened:
        qtbot.keyClick(board.page.table, Qt.Key.Key_D)
    dialog = opened.args[0]
    assert dialog.suggestion.text().startswith("建议派至")
    assert dialog.reason_label.text() == "备注"  # a base-class string, in a subclass
    assert dialog.ok_button.text() == "派遣" and dialog.windowTitle() == "派遣"
    assert c.actions["dispatch"].text() == "派遣"  # retranslated on the language change
    dialog.reject()
