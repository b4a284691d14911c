"""The command palette, the new-case form's duplicate suggestions and merge, the shortcut list,
the context menu, and every action's dialog refusing to close without a required reason."""

from __future__ import annotations

from datetime import datetime

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication

from commandcenter.domain.commands import ALL_COMMANDS
from commandcenter.domain.vocabulary import State
from commandcenter.services.actions import REASON_REQUIRED, ActionPrep, CaseBrief
from commandcenter.services.cases import CaseService
from commandcenter.ui.board.actions import SHORTCUTS
from commandcenter.ui.board.dialogs.factory import dialog_for

from .conftest import demo_grid, make_case, show_case
from .helpers import act_as, activate, type_text


def test_palette_runs_an_action_on_a_typed_case_code(qtbot, board):
    case_id = make_case(board.ctx, "pending_accept")
    code = CaseService(board.ctx).detail(case_id).code
    act_as(board, "QZX-I01")
    activate(qtbot, board)
    with qtbot.waitSignal(board.controller.sig_dialog_opened, timeout=5000) as opened:
        qtbot.keyClick(board.page.table, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    palette = opened.args[0]
    qtbot.keyClicks(palette.field, f"{code} accept")
    assert palette.list.currentItem().text().startswith("Accept")
    with qtbot.waitSignal(board.controller.sig_dialog_opened, timeout=5000) as opened:
        qtbot.keyClick(palette.field, Qt.Key.Key_Return)
    dialog = opened.args[0]
    assert dialog.prep.cases[0].id == case_id
    with qtbot.waitSignal(board.controller.sig_done, timeout=5000):
        qtbot.keyClick(dialog.focusWidget() or dialog, Qt.Key.Key_Return)
    assert CaseService(board.ctx).detail(case_id).state is State.PENDING_REGISTER


def _new_case_form(qtbot, board):
    """The new-case form opened by an intake operator, active."""
    act_as(board, "QZX-I01")
    board.controller.open_new_case()
    form = board.controller.new_case_dialog
    form.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is form)
    return form


def test_new_case_form_shows_duplicates_and_merges_into_one(qtbot, board):
    _grid, lon, lat = demo_grid(board.ctx)
    existing = make_case(board.ctx, "pending_accept", title="暴露垃圾堆在路口")
    form = _new_case_form(qtbot, board)
    type_text(qtbot, form.title, "路口暴露垃圾")
    type_text(qtbot, form.address, "测试路1号")
    with qtbot.waitSignal(form.sig_duplicates_shown, timeout=10000):
        qtbot.keyClicks(form.lon, f"{lon:.6f}")
        qtbot.keyClicks(form.lat, f"{lat:.6f}")
    qtbot.waitUntil(lambda: form.duplicates.rowCount() > 0
                    and form.duplicates.item(0, 0).text() == CaseService(board.ctx).detail(
                        existing).code, timeout=10000)
    assert form.duplicates.item(0, 1).text().endswith("%")  # similarity shown
    form.reporter_phone.setFocus()
    qtbot.keyClicks(form.reporter_phone, "1381234")  # too short
    form.duplicates.setFocus()  # leaving the field masks it
    assert form.reporter_phone.text() != "1381234" and form.reporter_phone.value() == "1381234"
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert "11-digit" in form.problems.text() and form.isVisible()
    form.reporter_phone.setFocus()
    form.reporter_phone.clear()
    qtbot.keyClicks(form.reporter_phone, "13812345678")
    form.duplicates.selectRow(0)
    with qtbot.waitSignal(board.controller.sig_done, timeout=10000) as done:
        qtbot.mouseClick(form.merge_button, Qt.MouseButton.LeftButton)
    ref = done.args[0]
    assert ref.state is State.MERGED
    parent = CaseService(board.ctx).detail(existing)
    assert [d.id for d in parent.duplicates] == [ref.id]


def test_shortcuts_cover_every_manual_action_once(board):
    listed = board.controller.shortcuts()
    keys = [k for k, _ in listed]
    assert len(keys) == len(set(keys))
    assert {name for name, _ in SHORTCUTS} == set(ALL_COMMANDS) - {"screen"}
    for name, key in SHORTCUTS:
        act = board.controller.actions[name]
        assert act.shortcut() == QKeySequence(key) and act.text()


def test_context_menu_offers_what_the_selected_state_allows(qtbot, board):
    case_id = make_case(board.ctx, "pending_dispatch")
    show_case(qtbot, board, case_id)
    act_as(board, "QZX-D01")
    pos = int(board.page.store.positions_of([case_id])[0])
    qtbot.waitUntil(lambda: board.page.store.value("state", pos) == "pending_dispatch")
    names = {a.objectName() for a in board.controller.context_menu().actions()}
    assert {"action_dispatch", "action_whistle"} <= names
    assert "action_accept" not in names and "action_close" not in names


def _prep(action: str) -> ActionPrep:
    brief = CaseBrief(1, "QH20261128000001", 3, State.PENDING_DISPATCH, "暴露垃圾", "测试路",
                      "0102", "CGJ", (action,), ("CGJ",), ("CGJ",))
    return ActionPrep(action, (brief,), (1,), datetime(2026, 11, 27, 10, 0),
                      checkin_deadline=datetime(2026, 11, 27, 10, 30))


@pytest.mark.parametrize("action", sorted(REASON_REQUIRED - {"whistle", "request_co_handling"}))
def test_dialogs_do_not_close_without_a_required_reason(qtbot, action):
    dialog = dialog_for(_prep(action), worker=None, ctx=None)
    qtbot.addWidget(dialog)
    dialog.show()
    submitted = []
    dialog.sig_submit.connect(submitted.append)
    dialog.accept()
    assert not submitted and dialog.error.isVisible() and dialog.reason_required()
    dialog.reason.setPlainText("理由")
    dialog.accept()
    assert submitted and submitted[0]["reason"] == "理由"


def _merge_into_an_unknown_case(qtbot, board):
    """Merge a new pending case into a code no case has, through the merge dialog; returns
    (case id, the dialog) once the dialog shows an error."""
    from .helpers import press

    case_id = make_case(board.ctx, "pending_accept")
    show_case(qtbot, board, case_id)
    act_as(board, "QZX-I01")
    dialog = press(qtbot, board, "merge")
    qtbot.keyClicks(dialog.parent_code, "QH19990101000001")
    qtbot.keyClick(dialog.parent_code, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.error.isHidden(), timeout=5000)
    return case_id, dialog


def test_a_domain_refusal_is_shown_in_the_dialog_which_stays_open(qtbot, board):
    case_id, dialog = _merge_into_an_unknown_case(qtbot, board)
    assert dialog.isVisible() and dialog.ok_button.isEnabled()
    assert dialog.error.text().startswith("Not accepted: the parent case")
    assert dialog.parent_code.text() == "QH19990101000001"  # the input is kept
    assert CaseService(board.ctx).detail(case_id).state is State.PENDING_ACCEPT
    dialog.reject()


def test_a_store_error_in_an_action_shows_its_first_line_not_the_sql(qtbot, board,
                                                                    monkeypatch):
    """An unexpected database error (SQLAlchemy's text goes on with the SQL and its parameters,
    which may hold personal data) is shown by its first line; the dialog stays open."""
    from sqlalchemy.exc import OperationalError

    import commandcenter.services.intake as intake

    def locked(*_args, **_kwargs):
        raise OperationalError("UPDATE cases SET reporter_phone=? WHERE id=?",
                               ("13800138000", 1), Exception("database is locked"))

    monkeypatch.setattr(intake, "merge_by_code", locked)
    _case_id, dialog = _merge_into_an_unknown_case(qtbot, board)
    text = dialog.error.text()
    assert "database is locked" in text
    assert "\n" not in text and "[SQL" not in text and "13800138000" not in text
    assert dialog.isVisible() and dialog.ok_button.isEnabled()
    dialog.reject()


def test_a_phone_typed_into_the_description_is_never_saved_in_clear(qtbot, board):
    _grid, lon, lat = demo_grid(board.ctx)
    form = _new_case_form(qtbot, board)
    type_text(qtbot, form.title, "楼道堆放杂物")
    form.description.setPlainText("住户来电，回电13912345678，门口堆满纸箱")
    type_text(qtbot, form.address, "测试路2号")
    qtbot.keyClicks(form.lon, f"{lon:.6f}")
    qtbot.keyClicks(form.lat, f"{lat:.6f}")
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert form.isVisible() and "description" in form.problems.text()  # first: explained
    with qtbot.waitSignal(board.controller.sig_done, timeout=10000) as done:
        qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)  # again: saved masked
    detail = CaseService(board.ctx).detail(done.args[0].id)
    assert "13912345678" not in detail.description and "门口堆满纸箱" in detail.description
    with board.ctx.engine.connect() as conn:
        from sqlalchemy import text

        stored = conn.execute(text("select description from cases where id = :i"),
                              {"i": done.args[0].id}).scalar_one()
    assert "13912345678" not in stored and "139" in stored  # masked, not dropped
