"""The alerts panel on a seeded demo store: shows alerts, the queue, drills down, acknowledges."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox
from sqlalchemy import select, update

from commandcenter.analytics.warning import OPEN_STATE_VALUES
from commandcenter.services import alerts as service
from commandcenter.services.dto import ChangeBatch
from commandcenter.store.models import Alert, Case
from commandcenter.ui.alerts import AlertsPanel
from commandcenter.ui.alerts.ack_dialog import AckDialog
from commandcenter.ui.alerts.alert_model import AlertTableModel, CaseIdsRole
from commandcenter.ui.alerts.queue_model import SoonQueueModel


@pytest.fixture
def env(qtbot, seeded_db_url) -> Iterator[tuple]:
    from commandcenter.services.context import AppContext
    from commandcenter.ui.db_worker import DbWorker

    ctx = AppContext.open(seeded_db_url)
    now = ctx.now()
    ctx.now = lambda: now  # a fixed clock: the queue and the colours stay put during the test
    worker = DbWorker()
    panel = AlertsPanel(worker, ctx, operator_id="u-tester")
    qtbot.addWidget(panel)
    panel.resize(900, 420)
    panel.show()
    yield panel, ctx, worker, now
    panel.stop_monitoring()
    worker.shutdown()
    ctx.close()


def _open_running_cases(ctx, n: int) -> list[int]:
    with ctx.unit_of_work() as uow:
        return list(uow.session.scalars(
            select(Case.id).where(Case.state.in_(OPEN_STATE_VALUES), Case.clock_paused.is_(False),
                                  Case.due_at.is_not(None)).order_by(Case.id).limit(n)))


def _set_due(ctx, case_id: int, due) -> None:
    with ctx.unit_of_work(write=True) as uow:
        uow.session.execute(update(Case).where(Case.id == case_id).values(
            due_at=due, due_start=due - timedelta(hours=8), emergency=True))


def test_panel_scans_shows_alerts_and_the_queue(qtbot, env):
    panel, ctx, _, now = env
    soon = _open_running_cases(ctx, 1)[0]
    _set_due(ctx, soon, now + timedelta(minutes=20))
    with qtbot.waitSignals([panel.sig_scanned, panel.sig_refreshed], timeout=20000):
        panel.rescan()
    assert panel.model.rowCount() >= 1
    assert panel.model.rowCount() == len(service.list_alerts(ctx))
    assert soon in panel.queue.case_ids()
    assert "1" in panel.tabs.tabText(1)
    kinds = {panel.model.row_at(i).kind for i in range(panel.model.rowCount())}
    assert "deadline" in kinds
    # filters
    panel.kind_filter.setCurrentIndex(2)  # surge: none in the demo
    assert panel.proxy.rowCount() == 0
    panel.kind_filter.setCurrentIndex(0)
    assert panel.proxy.rowCount() == panel.model.rowCount()


def test_double_click_drills_down_to_cases_and_grid(qtbot, env):
    panel, ctx, _, _ = env
    with qtbot.waitSignal(panel.sig_refreshed, timeout=20000):
        panel.rescan()
    index = panel.proxy.index(0, 2)
    expected = index.data(CaseIdsRole)
    assert expected
    rect = panel.table.visualRect(index)
    qtbot.mouseClick(panel.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    with qtbot.waitSignal(panel.sig_show_cases, timeout=2000) as blocker:
        qtbot.mouseDClick(panel.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    ids, title = blocker.args
    assert ids == expected and title


def test_acknowledge_records_the_operator_and_removes_the_row(qtbot, env):
    panel, ctx, _, _ = env
    with qtbot.waitSignal(panel.sig_refreshed, timeout=20000):
        panel.rescan()
    before = panel.model.rowCount()
    panel.table.selectRow(0)
    assert panel.ack_button.isEnabled()
    alert_id = panel.selected_alert_id()
    panel.acknowledge(alert_id, "已电话督办")
    qtbot.waitUntil(lambda: panel.model.rowCount() == before - 1, timeout=10000)
    with ctx.unit_of_work() as uow:
        row = uow.session.get(Alert, alert_id)
        assert (row.status, row.ack_by, row.ack_note) == ("acknowledged", "u-tester", "已电话督办")
        assert row.ack_at is not None


def test_ack_dialog_requires_a_note(qtbot):
    dialog = AckDialog("something")
    qtbot.addWidget(dialog)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert not ok.isEnabled()
    dialog.edit.setPlainText("   ")
    assert not ok.isEnabled()
    dialog.edit.setPlainText("done")
    assert ok.isEnabled() and dialog.note() == "done"


def test_apply_changes_updates_the_queue_in_place(qtbot, env):
    panel, ctx, _, now = env
    with qtbot.waitSignal(panel.sig_refreshed, timeout=20000):
        panel.refresh()
    assert panel.queue.rowCount() == 0
    first, second = _open_running_cases(ctx, 2)
    _set_due(ctx, first, now + timedelta(minutes=40))
    _set_due(ctx, second, now + timedelta(minutes=10))
    panel.apply_changes(ChangeBatch(max_seq=10**9, case_ids=(first, second)))
    qtbot.waitUntil(lambda: panel.queue.rowCount() == 2, timeout=10000)
    assert panel.queue.case_ids() == [second, first]  # soonest first
    _set_due(ctx, second, now + timedelta(days=2))  # extended: leaves the queue
    panel.apply_changes(ChangeBatch(max_seq=10**9 + 1, case_ids=(second,)))
    qtbot.waitUntil(lambda: panel.queue.case_ids() == [first], timeout=10000)
    panel.queue.expire(now + timedelta(minutes=41))  # its deadline passed: red now
    assert panel.queue.rowCount() == 0


def test_monitoring_timers_start_and_stop(env):
    panel, *_ = env
    panel.start_monitoring()
    assert panel._rescan_timer.isActive() and panel._tick_timer.isActive()
    panel.stop_monitoring()
    assert not panel._rescan_timer.isActive() and not panel._tick_timer.isActive()


def test_chinese_labels(qtbot, env, translations):
    panel, *_ = env
    with qtbot.waitSignal(panel.sig_refreshed, timeout=20000):
        panel.rescan()
    assert panel.rescan_button.text() == "立即重新扫描"
    assert panel.model.headerData(0, Qt.Orientation.Horizontal) == "严重程度"
    assert panel.model.index(0, 1).data() == "超期案件"
    assert panel.kind_filter.accessibleName()


def test_models_pass_qtmodeltester(qtmodeltester, seeded_db_url):
    from commandcenter.services.context import AppContext

    ctx = AppContext.open(seeded_db_url)
    try:
        service.scan(ctx)
        rows = service.list_alerts(ctx)
        now = ctx.now()
        case = _open_running_cases(ctx, 1)[0]
        _set_due(ctx, case, now + timedelta(minutes=5))
        queue = service.deadline_queue(ctx, now)
    finally:
        ctx.close()
    model = AlertTableModel()
    model.set_rows(rows, {})
    qtmodeltester.check(model)
    soon = SoonQueueModel()
    soon.set_queue(queue.soon, now, {})
    assert soon.rowCount() == 1
    qtmodeltester.check(soon)


def test_an_empty_note_is_refused_and_the_alert_stays(qtbot, env):
    panel, ctx, _, _ = env
    with qtbot.waitSignal(panel.sig_refreshed, timeout=20000):
        panel.rescan()
    before = panel.model.rowCount()
    panel.table.selectRow(0)
    panel.acknowledge(panel.selected_alert_id(), "  ")
    qtbot.waitUntil(lambda: panel.last_error is not None, timeout=10000)
    assert panel.model.rowCount() == before
    assert all(a.status == "open" for a in service.list_alerts(ctx))


def test_alert_grids_signal_lists_grids_with_open_alerts(qtbot, env):
    panel, ctx, _, _ = env
    with qtbot.waitSignal(panel.sig_alert_grids, timeout=20000) as blocker:
        panel.rescan()
    assert blocker.args[0] == service.alert_grids(ctx)
