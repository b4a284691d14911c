"""The board's contracts with the shell (view state, read-only, reveal identity), the date filter's
time field, deadlines per stage and the map preview in the detail panel, acting as someone."""

from __future__ import annotations

import json
from types import SimpleNamespace

import numpy as np
import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication

from commandcenter.domain.case import Actor
from commandcenter.domain.vocabulary import Role
from commandcenter.services.board_load import NO_TIME
from commandcenter.ui.board.case_model import COL_ADDRESS, COL_STATE, COLUMN_COUNT

from .test_board_page import page  # noqa: F401 - fixture


def _wait_detail(qtbot, page, case_id):  # noqa: F811
    qtbot.waitUntil(lambda: page.detail.detail is not None and page.detail.detail.id == case_id,
                    timeout=10000)


def test_view_state_round_trips_through_json(qtbot, page):  # noqa: F811
    f = page.filters
    f.state.setCurrentIndex(f.state.findData("closed"))
    street = f.street.itemData(2)
    f.street.setCurrentIndex(2)
    f.date_field.setCurrentIndex(f.date_field.findData("closed"))
    f.date_from.setDate(QDate(2026, 1, 5))
    f.text.setText("路")
    page.lanes.select_lane("all")
    page.set_sort("street", True)
    header = page.table.horizontalHeader()
    header.resizeSection(COL_ADDRESS, 333)
    header.setSectionHidden(COL_STATE, True)
    header.moveSection(header.visualIndex(COL_ADDRESS), 0)
    page.splitter.setSizes([250, 900, 400])
    state = json.loads(json.dumps(page.view_state()))
    shown = page.case_model.positions.copy()

    f.clear()
    page.lanes.select_lane("all_open")
    page.set_sort("reported_at", True)
    header.resizeSection(COL_ADDRESS, 100)
    header.setSectionHidden(COL_STATE, False)
    header.moveSection(header.visualIndex(COL_ADDRESS), 8)
    assert page.case_model.positions.tolist() != shown.tolist()

    page.restore_view_state(state)
    assert f.state.currentData() == "closed" and f.street.currentData() == street
    assert f.date_field.currentData() == "closed" and f.text.text() == "路"
    assert f.date_from.date() == QDate(2026, 1, 5)
    assert page.lanes.current_lane() == "all"
    assert (page.sort_key, page.sort_descending) == ("street", True)
    assert header.sectionSize(COL_ADDRESS) == 333 and header.isSectionHidden(COL_STATE)
    assert header.logicalIndex(0) == COL_ADDRESS
    assert page.view_state()["splitters"]["main"] == state["splitters"]["main"]
    assert page.case_model.positions.tolist() == shown.tolist()


@pytest.mark.parametrize("garbage", [None, [], "x", {"filters": 5, "lane": "nope"},
                                     {"sort": {"key": "bogus"}, "columns": {"widths": [1, 2]}},
                                     {"columns": {"order": [0] * COLUMN_COUNT,
                                                  "hidden": list(range(COLUMN_COUNT))},
                                      "splitters": {"main": ["a", 1, 2]}},
                                     {"filters": {"state": 7, "date_from": "31/31/2026",
                                                  "date_field": "tomorrow", "street": "none"}}])
def test_garbled_view_state_changes_nothing_and_raises_nothing(page, garbage):  # noqa: F811
    before = page.view_state()
    page.restore_view_state(garbage)
    after = page.view_state()
    assert after["columns"] == before["columns"] and after["lane"] == before["lane"]
    assert after["sort"] == before["sort"]
    assert after["filters"]["state"] == before["filters"]["state"]
    assert after["filters"]["date_field"] == before["filters"]["date_field"]


def test_read_only_disables_every_action_and_says_why(qtbot, page):  # noqa: F811
    c = page.actions_controller
    page.table.setFocus()
    page.table.selectRow(0)
    page.set_read_only(True, "数据库连接中断")
    assert page.banner.isVisible() and page.banner.text() == "数据库连接中断"
    assert not any(a.isEnabled() for a in c.actions.values())
    assert not c.new_case_action.isEnabled() and not c.palette_action.isEnabled()
    assert not c.more.isEnabled() and not c.acting.isEnabled()
    for key, mod in ((Qt.Key.Key_D, Qt.KeyboardModifier.NoModifier),
                     (Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier),
                     (Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)):
        qtbot.keyClick(page.table, key, mod)
    c.trigger("dispatch")  # programmatic: refused with the reason
    qtbot.wait(50)
    assert c.dialog is None and page.status.text() == "数据库连接中断"
    assert QApplication.activeModalWidget() is None
    page.lanes.select_lane("all")  # looking around still works
    assert page.case_model.rowCount() == len(page.store)
    page.set_read_only(False, "")
    assert not page.banner.isVisible() and all(a.isEnabled() for a in c.actions.values())


def test_date_filter_applies_to_the_chosen_time_by_keyboard(qtbot, page):  # noqa: F811
    f = page.filters
    page.lanes.select_lane("all")
    f.date_field.setFocus()
    qtbot.keyClick(f.date_field, Qt.Key.Key_Down)  # received -> stage deadline
    assert f.date_field.currentData() == "deadline"
    due = page.store.cols["due_at"]
    some = int(np.median(due[due != NO_TIME]))
    from commandcenter.services.board import from_seconds

    day = from_seconds(some).date()
    f.date_from.setDate(QDate(day.year, day.month, day.day))
    f.date_to.setDate(QDate(day.year, day.month, day.day))
    shown = [from_seconds(int(due[p])) for p in page.case_model.positions]
    assert shown and all(d is not None and d.date() == day for d in shown)


def test_detail_shows_every_stage_clock_and_a_map(qtbot, page):  # noqa: F811
    page.lanes.select_lane("in_progress")
    page.table.setFocus()
    page.table.selectRow(0)
    case_id = page.current_case_id()
    _wait_detail(qtbot, page, case_id)
    text = page.detail.toPlainText()
    assert "Deadlines per stage" in text
    for stage in ("Accept", "Dispatch", "Handle (running)"):
        assert stage in text, stage
    m = page.detail.map
    assert m.isVisible() and m._paths and any(is_case for _p, is_case in m._paths)
    assert m._point is not None
    image = m.grab().toImage()
    colours = {image.pixelColor(x, y).name() for x in range(0, image.width(), 7)
               for y in range(0, image.height(), 7)}
    assert len(colours) > 3  # outlines and fill drawn, not a blank box


def test_reveal_button_only_with_a_reporter_and_emits_the_case(qtbot, page):  # noqa: F811
    store = page.store
    page.lanes.select_lane("all")
    seen = {}
    for row in range(min(page.case_model.rowCount(), 40)):
        page.table.selectRow(row)
        case_id = page.current_case_id()
        _wait_detail(qtbot, page, case_id)
        has = page.detail.detail.reporter is not None
        assert page.detail.reveal_button.isVisibleTo(page) == has
        seen.setdefault(has, case_id)
        if len(seen) == 2:
            break
    assert True in seen, "no case with a reporter among the first rows"
    page.select_case(seen[True])
    _wait_detail(qtbot, page, seen[True])
    with qtbot.waitSignal(page.sig_reveal_requested, timeout=2000) as got:
        qtbot.mouseClick(page.detail.reveal_button, Qt.MouseButton.LeftButton)
    assert got.args == [seen[True]]
    page.set_read_only(True, "x")
    assert not page.detail.reveal_button.isEnabled()
    page.set_read_only(False, "")
    assert store is page.store


def test_acting_chooser_finds_people_by_pinyin_initials(qtbot, page):  # noqa: F811
    c = page.actions_controller
    qtbot.waitUntil(lambda: c.people_loaded, timeout=10000)
    target = next(x for x in c._choices if len(x.person.name) >= 2
                  and x.person.role is Role.DISPATCHER)
    with qtbot.waitSignal(c.sig_dialog_opened, timeout=3000) as opened:
        qtbot.mouseClick(c.acting, Qt.MouseButton.LeftButton)
    chooser = opened.args[0]
    assert len(chooser.people_shown()) == len(c._choices)
    qtbot.keyClicks(chooser.search, f"{target.initials} {target.person.code.lower()}")
    assert chooser.people_shown() == [target.code]
    with qtbot.waitSignal(c.sig_actor_changed, timeout=3000):
        qtbot.keyClick(chooser.search, Qt.Key.Key_Return)
    assert c.actor().user_id == target.code and c.actor().role is Role.DISPATCHER
    assert target.person.name in c.acting.text()


def test_a_signed_in_principal_is_the_only_actor(qtbot, seeded_db_url):
    from commandcenter.services.context import AppContext
    from commandcenter.ui.board.board_page import BoardPage
    from commandcenter.ui.db_worker import DbWorker

    ctx = AppContext.open(seeded_db_url)
    me = Actor("QZX-D01", Role.DISPATCHER, "QZX", "调度员甲")
    ctx.principal = SimpleNamespace(actor=lambda: me, user_id=1, username="d01")
    worker = DbWorker()
    try:
        board = BoardPage(worker, ctx)
        qtbot.addWidget(board)
        board.show()
        c = board.actions_controller
        assert c.actor() == me
        assert not any(a.isVisible() for a in c._acting_actions) and not c.acting.isEnabled()
        assert not c.set_acting_person("QZX-I01") and c.actor() == me
        c.open_acting_chooser()
        assert c.chooser is None
        other = Actor("QZX-S01", Role.SHIFT_LEADER, "QZX", "值班长乙")
        with qtbot.waitSignal(c.sig_actor_changed, timeout=1000):
            board.set_principal(SimpleNamespace(actor=lambda: other))
        assert c.actor() == other and board.operator.user_id == "QZX-S01"
        ctx.principal = None
        board.set_principal(None)  # signed out: back to the chooser
        assert c.actor().user_id != "QZX-S01" and all(a.isVisible() for a in c._acting_actions)
        qtbot.waitUntil(lambda: c.people_loaded, timeout=10000)
        board.close()
    finally:
        worker.shutdown()
        ctx.close()


def test_the_cell_painter_shows_aging_colours_and_the_selection(qtbot, page):  # noqa: F811
    from commandcenter.ui.board.case_model import COL_LEFT, AgingRole

    page.lanes.select_lane("all_open")
    page.set_sort("time_left", False)  # most overdue first
    model = page.case_model
    assert model.index(0, COL_LEFT).data(AgingRole) == 3, "no overdue case in the demo"
    page.table.setFocus()
    page.table.selectRow(2)
    page.table.scrollToTop()
    image = page.table.viewport().grab().toImage()

    def colour(row, col):
        rect = page.table.visualRect(model.index(row, col))
        return image.pixelColor(rect.left() + 2, rect.center().y())

    # the aging colour fills the time-left cell
    assert colour(0, COL_LEFT) == model.colours.red_bg
    selected = page.table.palette().color(page.table.palette().ColorGroup.Active,
                                          page.table.palette().ColorRole.Highlight)
    assert colour(2, COL_LEFT) == selected and colour(2, 0) == selected
    assert colour(0, 0) != selected


def test_view_state_restored_before_the_cases_arrive_applies_once_loaded(qtbot, seeded_db_url):
    """The shell restores view states at start, before the board has read its store."""
    from commandcenter.services.context import AppContext
    from commandcenter.ui.board.board_page import BoardPage
    from commandcenter.ui.db_worker import DbWorker

    ctx = AppContext.open(seeded_db_url)
    worker = DbWorker()
    try:
        board = BoardPage(worker, ctx)
        qtbot.addWidget(board)
        board.show()
        with ctx.engine.connect() as conn:
            street = conn.exec_driver_sql(
                "SELECT street_code FROM cases WHERE state = 'closed' LIMIT 1").scalar_one()
        board.restore_view_state({"lane": "all", "sort": {"key": "code", "descending": False},
                                  "filters": {"state": "closed", "street": street}})
        with qtbot.waitSignal(board.sig_refreshed, timeout=20000):
            board.refresh()
        f = board.filters
        assert f.state.currentData() == "closed" and f.street.currentData() == street
        assert board.lanes.current_lane() == "all" and board.sort_key == "code"
        shown = board.case_model.positions
        assert len(shown) and all(board.store.value("street_code", int(p)) == street
                                  and board.store.value("state", int(p)) == "closed"
                                  for p in shown)
        assert list(shown) == sorted(shown)  # by code, ascending
        board.close()
    finally:
        worker.shutdown()
        ctx.close()
