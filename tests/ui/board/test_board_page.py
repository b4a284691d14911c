"""The board page on a seeded store: lanes, filters, sort, details and live updates."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication

from commandcenter.domain.case import Actor
from commandcenter.domain.vocabulary import Channel, Role, State
from commandcenter.services.board_filter import LANES, BoardFilter
from commandcenter.services.cases import CaseService
from commandcenter.services.context import AppContext
from commandcenter.services.dto import NewCase
from commandcenter.ui.board.case_model import COL_ADDRESS, COL_RECEIVED, COL_STATE, CaseIdRole
from commandcenter.ui.labels import state_label


@pytest.fixture
def page(qtbot, seeded_db_url):
    from commandcenter.ui.board.board_page import BoardPage
    from commandcenter.ui.db_worker import DbWorker

    ctx = AppContext.open(seeded_db_url)
    worker = DbWorker()
    board = BoardPage(worker, ctx)
    qtbot.addWidget(board)
    board.resize(1400, 800)
    board.show()
    with qtbot.waitSignal(board.sig_refreshed, timeout=20000):
        board.refresh()
    yield board
    board.close()
    worker.shutdown()
    ctx.close()


def _lane_row(page, lane: str) -> int:
    return LANES.index(lane)


def test_models_pass_the_model_tester(page, qtmodeltester):
    qtmodeltester.check(page.case_model)
    qtmodeltester.check(page.model)
    assert page.case_model.rowCount() > 0


def test_lane_click_filters(qtbot, page):
    lanes = page.lanes
    row = _lane_row(page, "in_progress")
    rect = lanes.visualItemRect(lanes.item(row))
    qtbot.mouseClick(lanes.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    model = page.case_model
    states = {model.index(r, COL_STATE).data() for r in range(model.rowCount())}
    assert states == {state_label(State.IN_PROGRESS)}
    assert lanes.item(row).text().endswith(f"({model.rowCount():,})")
    qtbot.keyClick(page, Qt.Key.Key_1, Qt.KeyboardModifier.AltModifier)  # Alt+1: first lane
    assert lanes.current_lane() == LANES[0]


def test_text_filter_finds_a_chinese_address(qtbot, page):
    qtbot.keyClick(page, Qt.Key.Key_9, Qt.KeyboardModifier.AltModifier)
    page.lanes.select_lane("all")
    store = page.store
    address = store.value("address", 7)
    piece = address[-7:-1]
    qtbot.keyClick(page, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert page.filters.text.hasFocus()
    commit = QInputMethodEvent()  # Chinese arrives from the input method, not as key presses
    commit.setCommitString(piece)
    QApplication.sendEvent(page.filters.text, commit)
    assert page.filters.text.text() == piece
    qtbot.keyClick(page.filters.text, Qt.Key.Key_Return)
    model = page.case_model
    shown = [model.index(r, COL_ADDRESS).data() for r in range(model.rowCount())]
    assert address in shown and all(piece in a or piece in store.value(
        "description", int(model.positions[i])) for i, a in enumerate(shown))
    assert model.rowCount() < len(store)


def test_header_click_sorts(qtbot, page):
    header = page.table.horizontalHeader()
    x = header.sectionViewportPosition(COL_RECEIVED) + 5
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton,
                     pos=header.rect().center().__class__(x, 5))
    model = page.case_model
    times = [model.index(r, COL_RECEIVED).data() for r in range(model.rowCount())]
    assert times == sorted(times)  # the default was newest first; a click flips it
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton,
                     pos=header.rect().center().__class__(x, 5))
    times = [model.index(r, COL_RECEIVED).data() for r in range(model.rowCount())]
    assert times == sorted(times, reverse=True)


def test_enter_shows_the_timeline(qtbot, page):
    page.table.setFocus()
    page.table.selectRow(0)
    case_id = page.current_case_id()
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.detail.detail is not None
                    and page.detail.detail.id == case_id, timeout=10000)
    html = page.detail.toPlainText()
    assert page.detail.detail.code in html
    assert "Timeline" in html and "System" in html  # the report event, by the system


def test_live_update_keeps_selection_and_scroll(qtbot, page, seeded_db_url):
    page.lanes.select_lane("all_open")
    model = page.case_model
    assert model.rowCount() > 40
    page.table.setFocus()
    page.table.scrollToBottom()
    last = model.rowCount() - 1
    page.table.selectRow(last - 2)
    selected = page.selected_case_ids()
    assert page.table.verticalScrollBar().value() > 0
    top_id = model.case_id(page.table.rowAt(0))
    rows_before = model.rowCount()
    # another operator, in another session on the same database, moves an open case on
    moves = (("pending_accept", "accept", Role.INTAKE_OPERATOR, "owner_centre",
              State.PENDING_REGISTER),
             ("dispatched", "sign", Role.HANDLING_UNIT, "lead_unit", State.IN_PROGRESS),
             ("in_progress", "report_done", Role.HANDLING_UNIT, "lead_unit",
              State.PENDING_CHECK))
    found = [(m, page.store.query(BoardFilter(lane=m[0]))) for m in moves]
    found = [(m, p) for m, p in found if len(p)]
    if not found:
        pytest.fail("the seeded store has no case to move on")
    (_lane, action, role, unit_col, to_state), pend = found[0]
    case_id = int(page.store.ids[pend[0]])
    other = AppContext.open(seeded_db_url)
    try:
        unit = page.store.value(unit_col, int(pend[0]))
        CaseService(other).transition(case_id, action, {}, Actor("u2", role, unit))
        new = CaseService(other).report(
            NewCase(channel=Channel.HOTLINE_12345, address="秦淮区测试巷1号"),
            Actor("u2", Role.INTAKE_OPERATOR, "QZX"))
    finally:
        other.close()
    from commandcenter.services.dto import ChangeBatch

    with qtbot.waitSignal(page._worker.sig_busy_changed, timeout=10000,
                          check_params_cb=lambda busy: not busy):
        page.apply_changes(ChangeBatch(max_seq=10**9, case_ids=(case_id, new.id)))
    assert page.store.value("state", int(pend[0])) == to_state
    assert page.selected_case_ids() == selected
    assert model.case_id(page.table.rowAt(0)) == top_id  # the same cases stay in view
    assert model.rowCount() == rows_before + 1  # the new case joined the open lane
    assert "1" in page.status.text() and int(page.store.ids[-1]) == new.id
    assert page.table.hasFocus()
    row = model.row_of_position(int(pend[0]))
    assert model.index(row, COL_STATE).data() == state_label(to_state)
    assert model.index(row, 0).data(CaseIdRole) == case_id
    assert np.all(np.diff(page.store.ids) > 0)


def test_drill_down_and_grid_filter(qtbot, page):
    ids = page.store.ids[:5].tolist()
    page.show_cases(ids, "KPI: five cases")
    assert sorted(page.case_model.data(page.case_model.index(r, 0), CaseIdRole)
                  for r in range(page.case_model.rowCount())) == ids
    assert page.lanes.currentItem().text().startswith("KPI: five cases")
    grid = page.store.value("grid_code", 3)
    page.lanes.select_lane("all")
    page.filter_to_grid(grid)
    model = page.case_model
    assert model.rowCount() > 0
    assert all(page.store.value("grid_code", int(p)) == grid for p in model.positions)


def test_controls_have_accessible_names(page):
    f = page.filters
    for w in (page.table, page.lanes, page.detail, page.load_panel, page.summary, page.status,
              f.text, f.state, f.street, f.community, f.grid, f.category, f.channel, f.unit,
              f.aging, f.date_field, f.date_from, f.date_to, page.action_toolbar(),
              page.detail.reveal_button, page.detail.map, page.detail.browser):
        assert w.accessibleName(), w.objectName()


def test_board_speaks_chinese(qtbot, page, translations):
    from commandcenter.ui.board.case_model import COL_CODE, COL_LEFT

    model = page.case_model
    assert model.headerData(COL_CODE, Qt.Orientation.Horizontal) == "案件编号"
    assert model.headerData(COL_LEFT, Qt.Orientation.Horizontal) == "剩余时限"
    page.lanes.select_lane("all_open")
    assert page.lanes.currentItem().text().startswith("全部在办")
    assert page.summary.text().startswith("库中共有案件")
    page.table.selectRow(0)
    qtbot.waitUntil(lambda: page.detail.detail is not None, timeout=10000)
    text = page.detail.toPlainText()
    assert "办理过程" in text and "系统" in text and "上报" in text


def test_a_store_error_shows_its_first_line_not_the_sql(page):
    from sqlalchemy.exc import OperationalError

    exc = OperationalError("SELECT reporters.id FROM reporters WHERE reporters.case_id = ?",
                           (1,), Exception("no such column: reporters.identity_ct"))
    assert "[SQL:" in str(exc)  # what SQLAlchemy's message carries
    page._failed(exc)
    shown = page.status.text()
    assert "no such column: reporters.identity_ct" in shown
    assert "[SQL:" not in shown and "\n" not in shown
