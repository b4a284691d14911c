"""Two operators on one database (a conflict, nothing written twice) and a bulk dispatch."""

from __future__ import annotations

from PySide6.QtCore import Qt
from sqlalchemy import func, select

from commandcenter.domain.vocabulary import State
from commandcenter.services.cases import CaseService
from commandcenter.store.models import CaseEvent

from .conftest import close_board, make_case, open_board, show_case
from .helpers import act_as, activate, confirm, ctrl_click_row, press, type_reason


def _events(ctx, case_id: int, action: str) -> int:
    with ctx.unit_of_work() as uow:
        return uow.session.execute(select(func.count()).select_from(CaseEvent).where(
            CaseEvent.case_id == case_id, CaseEvent.action == action)).scalar_one()


def test_second_operator_gets_a_conflict_and_nothing_is_written_twice(qtbot, board,
                                                                     seeded_db_url):
    case_id = make_case(board.ctx, "pending_accept")
    other = open_board(qtbot, seeded_db_url)  # a second workstation on the same database
    try:
        show_case(qtbot, board, case_id)
        show_case(qtbot, other, case_id)
        act_as(board, "QZX-I01")
        act_as(other, "QZX-I02")
        mine = press(qtbot, board, "invalidate")  # operator 1 starts, reads version 1 ...
        type_reason(qtbot, mine, "重复报告")
        theirs = press(qtbot, other, "accept")  # ... operator 2 accepts meanwhile
        confirm(qtbot, other, theirs)
        activate(qtbot, board)
        mine.activateWindow()
        qtbot.keyClick(mine.reason, Qt.Key.Key_Return)  # operator 1 confirms: a conflict
        qtbot.waitUntil(lambda: board.controller.message_box is not None, timeout=10000)
        text = board.controller.message_box.text()
        assert "QZX-I02" in text and "Accept" in text  # who did what
        assert board.controller.dialog is None  # the dialog closed: nothing left to confirm
        detail = CaseService(board.ctx).detail(case_id)
        assert detail.state is State.PENDING_REGISTER and detail.version == 2
        assert _events(board.ctx, case_id, "accept") == 1
        assert _events(board.ctx, case_id, "invalidate") == 0
        # the first board re-read the case: its row shows the new state
        pos = int(board.page.store.positions_of([case_id])[0])
        qtbot.waitUntil(lambda: board.page.store.value("state", pos) == "pending_register",
                        timeout=5000)
        board.controller.message_box.close()
    finally:
        close_board(other)


def test_bulk_dispatch_acts_per_case_and_lists_results(qtbot, board):
    ready = [make_case(board.ctx, "pending_dispatch") for _ in range(3)]
    not_ready = make_case(board.ctx, "pending_accept")
    for case_id in ready + [not_ready]:
        show_case(qtbot, board, case_id)
    board.page.table.clearSelection()
    for case_id in ready + [not_ready]:
        ctrl_click_row(qtbot, board, case_id)
    assert sorted(board.page.selected_case_ids()) == sorted(ready + [not_ready])
    act_as(board, "QZX-D01")
    dialog = press(qtbot, board, "dispatch")
    assert dialog.header.text().startswith("3 of 4 selected cases")
    dialog.unit.setCurrentIndex(dialog.unit.findData("CGJ"))
    results = confirm(qtbot, board, dialog)
    by_id = {r.case_id: r for r in results}
    assert all(by_id[i].ok and by_id[i].to_state is State.DISPATCHED for i in ready)
    assert not by_id[not_ready].ok and by_id[not_ready].error == "wrong_state"
    table = board.controller.result_dialog.table
    assert table.rowCount() == 4
    outcomes = {table.item(r, 0).text(): table.item(r, 1).text() for r in range(4)}
    assert sorted(outcomes.values()) == ["Done", "Done", "Done", "Refused"]
    refused_row = next(r for r in range(4) if table.item(r, 1).text() == "Refused")
    assert "Pending acceptance" in table.item(refused_row, 2).text()  # why, translated
    service = CaseService(board.ctx)
    assert {service.detail(i).lead_unit for i in ready} == {"CGJ"}
    assert service.detail(not_ready).state is State.PENDING_ACCEPT
    board.controller.result_dialog.close()
