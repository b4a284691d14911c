"""A case from intake to closed through the board's widgets: new-case form, accept, register,
whistle with check-ins and a rating, a return and its ruling, dispatch, sign, a failed check
(rework), a passed check, close, callback."""

from __future__ import annotations

from PySide6.QtCore import Qt

from commandcenter.domain.vocabulary import Role, State
from commandcenter.services.cases import CaseService

from .conftest import demo_grid, show_case
from .helpers import act_as, check_units, confirm, first_person, press, type_reason, type_text


def test_case_from_intake_to_closed_through_the_widgets(qtbot, board):
    c, service = board.controller, CaseService(board.ctx)
    _grid, lon, lat = demo_grid(board.ctx)
    # --- intake: Ctrl+N, fill the form with the keyboard, Save
    act_as(board, "QZX-I01")
    board.page.table.setFocus()
    with qtbot.waitSignal(c.sig_dialog_opened, timeout=5000) as opened:
        qtbot.keyClick(board.page.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    form = opened.args[0]
    type_text(qtbot, form.title, "暴露垃圾无人清理")
    type_text(qtbot, form.address, "秦淮区测试路8号")
    qtbot.keyClicks(form.lon, f"{lon:.6f}")
    qtbot.keyClicks(form.lat, f"{lat:.6f}")
    type_text(qtbot, form.reporter_name, "王小明")
    qtbot.keyClicks(form.reporter_phone, "13912345678")
    with qtbot.waitSignal(c.sig_done, timeout=10000) as created:
        qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    case_id = created.args[0].id
    assert service.detail(case_id).reporter.phone == "139****5678"
    show_case(qtbot, board, case_id)

    def step(action, who, fill=None):
        act_as(board, who)
        qtbot.waitUntil(lambda: board.page.select_case(case_id), timeout=5000)
        dialog = press(qtbot, board, action)
        if fill:
            fill(dialog)
        return confirm(qtbot, board, dialog)

    step("accept", "QZX-I01")
    # --- register: the title's category is found, its condition chosen, the deadline previewed
    leader = "QZX-S01"
    act_as(board, leader)
    qtbot.waitUntil(lambda: board.page.select_case(case_id), timeout=5000)
    dialog = press(qtbot, board, "register")
    qtbot.waitUntil(lambda: dialog.condition.count() > 0 and "→" in dialog.preview.text(),
                    timeout=10000)
    assert dialog.category.code() == "0102"
    assert confirm(qtbot, board, dialog, dialog.category.field).to_state is State.PENDING_DISPATCH
    # --- whistle two departments; both check in; the street rates one
    dispatcher = "QZX-D01"

    def whistle(d):
        check_units(qtbot, d.departments, {"CGJ", "HWS"})
        assert [d.lead.itemData(i) for i in range(d.lead.count())] == ["CGJ", "HWS"]
        assert d.deadline.text()  # the check-in deadline is shown before confirming
        type_reason(qtbot, d, "垃圾长期堆积，需城管与环卫联合处置")
    assert step("whistle", dispatcher, whistle).to_state is State.WHISTLED
    assert step("check_in", first_person(board, Role.HANDLING_UNIT, "HWS")).to_state \
        is State.WHISTLED
    assert step("check_in", first_person(board, Role.HANDLING_UNIT, "CGJ")).to_state \
        is State.DISPATCHED
    step("rate_check_in", dispatcher)
    # --- the lead unit returns it (reason required); the centre upholds the return
    cgj = first_person(board, Role.HANDLING_UNIT, "CGJ")
    act_as(board, cgj)
    qtbot.waitUntil(lambda: board.page.select_case(case_id), timeout=5000)
    dialog = press(qtbot, board, "return")
    qtbot.keyClick(dialog.reason, Qt.Key.Key_Return)  # no reason: the dialog stays open
    assert dialog.isVisible() and dialog.error.isVisible()
    type_reason(qtbot, dialog, "不属于本单位职责")
    assert confirm(qtbot, board, dialog, dialog.ok_button).to_state is State.PENDING_DISPATCH
    step("judge_return", dispatcher)

    def to_hws(d):
        d.unit.setCurrentIndex(d.unit.findData("HWS"))
    assert step("dispatch", dispatcher, to_hws).to_state is State.DISPATCHED
    hws = first_person(board, Role.HANDLING_UNIT, "HWS")
    step("sign", hws)
    step("report_done", hws)
    grid_worker = first_person(board, Role.GRID_WORKER)
    rework = step("check_fail", grid_worker,
                  lambda d: type_reason(qtbot, d, "现场仍有垃圾"))
    assert rework.to_state is State.IN_PROGRESS
    step("report_done", hws)
    step("check_pass", grid_worker)
    assert step("close", leader).to_state is State.PENDING_VISIT
    assert step("callback", "QZX-C01").to_state is State.CLOSED
    detail = service.detail(case_id)
    assert detail.state is State.CLOSED and detail.rework_count == 1 and detail.return_count == 1
    assert [e.action for e in detail.events] == [
        "report", "screen", "accept", "register", "whistle", "check_in", "check_in",
        "rate_check_in", "return", "judge_return", "dispatch", "sign", "report_done",
        "check_fail", "report_done", "check_pass", "close", "callback"]
    assert detail.events[-1].actor_id == "QZX-C01"
