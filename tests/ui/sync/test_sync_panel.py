"""The sync panel: settings, sync now with history, preview, review lists, cancel."""

from __future__ import annotations

import csv
from pathlib import Path

from sqlalchemy import func, select

from commandcenter import settings as settings_mod
from commandcenter.store.models import Case, Grid
from commandcenter.store.models_sync import SyncFile

HEADER = ["案件号", "问题来源", "小类名称", "标题", "问题描述", "地址", "经度", "纬度", "网格编码",
          "上报时间", "结案时间", "当前阶段"]


def _district(ctx, path: Path, n: int, bad: int = 0, state: str = "处置中") -> Path:
    with ctx.unit_of_work() as uow:
        g = uow.session.execute(select(Grid.code, Grid.centroid_lon, Grid.centroid_lat)
                                .limit(3)).all()
    with open(path, "w", encoding="gb18030", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(HEADER)
        for i in range(n):
            code, lon, lat = g[i % 3]
            when = "不是日期" if i < bad else f"2026/3/{1 + i % 5} 14:02"
            w.writerow([f"UI{i:06d}", "12345热线", "暴露垃圾", f"垃圾{i}", "门口垃圾", "中华路",
                        lon, lat, code, when, "", state])
    return path


def test_models_pass_the_model_tester(panel, qtbot, qtmodeltester, tmp_path):
    inbox = tmp_path / "in"
    inbox.mkdir()
    _district(panel._ctx, inbox / "a.csv", 20, bad=2)
    panel.inbox_edit.setText(str(inbox))
    with qtbot.waitSignal(panel.sig_run_finished, timeout=60000):
        panel.sync_now()
    with qtbot.waitSignal(panel.sig_refreshed, timeout=60000):
        panel.refresh()
    for model in (panel.history_model, panel.quarantine_model, panel.conflict_model,
                  panel.dup_model, panel.preview_model):
        qtmodeltester.check(model)
    assert panel.quarantine_model.rowCount() == 2


def test_settings_sync_now_history_and_schedule(panel, qtbot, tmp_path):
    inbox, outbox = tmp_path / "in", tmp_path / "out"
    inbox.mkdir()
    _district(panel._ctx, inbox / "a.csv", 30)
    panel.inbox_edit.setText(str(inbox))
    panel.outbox_edit.setText(str(outbox))
    panel.interval_spin.setValue(15)
    panel.save_settings()
    saved = settings_mod.load().sync
    assert (saved.inbox, saved.outbox, saved.interval_minutes) == (str(inbox), str(outbox), 15)
    assert panel._timer.isActive() and panel._timer.interval() == 15 * 60_000
    assert panel._watcher.directories() == [str(inbox)]
    with qtbot.waitSignal(panel.sig_run_finished, timeout=60000) as got:
        panel.sync_now()
    assert got.args[0].counts["imported"] == 30
    qtbot.waitUntil(lambda: panel.history_model.rowCount() == 1, timeout=30000)
    assert panel.history_model.data(panel.history_model.index(0, 5)) == "30"
    assert any(outbox.glob("cases_*.csv"))
    assert "15" not in panel.next_label.text() or panel.next_label.text()


def test_preview_then_import(panel, qtbot, tmp_path):
    path = _district(panel._ctx, tmp_path / "p.csv", 12, bad=1)
    panel.file_edit.setText(str(path))
    panel.preview()
    qtbot.waitUntil(lambda: panel.preview_model.rowCount() == 11, timeout=30000)
    from commandcenter.ui.labels import state_label

    assert panel.preview_model.data(panel.preview_model.index(0, 3)) == state_label("in_progress")
    assert panel.preview_model.data(panel.preview_model.index(0, 6)) == "0102 暴露垃圾"
    assert "11" in panel.preview_label.text()
    panel.import_file()
    qtbot.waitUntil(lambda: not panel.busy, timeout=60000)
    qtbot.waitUntil(lambda: panel.quarantine_model.rowCount() == 1, timeout=30000)


def test_cancel_leaves_the_store_unchanged(panel, qtbot, tmp_path):
    path = _district(panel._ctx, tmp_path / "big.csv", 3000)

    def state():
        with panel._ctx.unit_of_work() as uow:
            return (uow.session.execute(select(func.count()).select_from(Case)).scalar_one(),
                    uow.session.execute(select(func.count()).select_from(SyncFile)).scalar_one())

    before = state()
    panel.file_edit.setText(str(path))
    panel.import_file()
    panel.cancel()
    assert panel._worker.wait_idle(60000)
    assert state() == before
    assert "rolled back" in panel.status_label.text() or "回滚" in panel.status_label.text()


def test_screenshot(panel, qtbot, tmp_path):
    inbox = tmp_path / "in"
    inbox.mkdir()
    _district(panel._ctx, inbox / "a.csv", 40, bad=3)
    panel.inbox_edit.setText(str(inbox))
    panel.outbox_edit.setText(str(tmp_path / "out"))
    with qtbot.waitSignal(panel.sig_run_finished, timeout=60000):
        panel.sync_now()
    qtbot.waitUntil(lambda: panel.history_model.rowCount() == 1, timeout=30000)
    panel.show()
    panel.grab().save(str(Path("/tmp/sync") / "panel.png") if Path("/tmp/sync").is_dir()
                      else str(tmp_path / "panel.png"))


def test_a_file_arriving_in_the_inbox_triggers_a_run(panel, qtbot, tmp_path):
    inbox = tmp_path / "in"
    inbox.mkdir()
    panel.inbox_edit.setText(str(inbox))
    panel.save_settings()
    assert not panel._timer.isActive()  # 0 minutes: no schedule, but the folder is watched
    panel._arrival.setInterval(10)
    _district(panel._ctx, inbox / "new.csv", 5)
    with qtbot.waitSignal(panel.sig_run_finished, timeout=60000) as got:
        panel._watcher.directoryChanged.emit(str(inbox))
    assert got.args[0].kind == "arrival" and got.args[0].counts["imported"] == 5


def test_a_conflict_is_resolved_in_the_name_of_the_signed_in_account(panel, qtbot, tmp_path):
    from commandcenter.domain.case import Actor
    from commandcenter.domain.vocabulary import Role
    from commandcenter.services.cases import CaseService
    from commandcenter.services.permissions import Principal, ScopeKind
    from commandcenter.services.sync import SyncService
    from commandcenter.store.models import CaseEvent

    ctx = panel._ctx
    svc = SyncService(ctx)
    svc.import_file(_district(ctx, tmp_path / "a.csv", 1, state="待受理"))
    with ctx.unit_of_work() as uow:
        case_id = uow.session.execute(select(Case.id).where(Case.external_id == "UI000000")
                                      ).scalar_one()
    CaseService(ctx).transition(case_id, "accept", {}, Actor("u-i", Role.INTAKE_OPERATOR, "QZX"))
    assert svc.import_file(_district(ctx, tmp_path / "b.csv", 1)).conflicts == 1
    ctx.principal = Principal(user_id=9, username="wangfang", display_name="王芳",
                              role=Role.SHIFT_LEADER, scope_kind=ScopeKind.DISTRICT,
                              scope_code=None, unit_code="QZX")
    with qtbot.waitSignal(panel.sig_refreshed, timeout=30000):
        panel.refresh()
    assert panel.conflict_model.rowCount() == 1
    panel.conflict_view.selectRow(0)
    with qtbot.waitSignal(panel.sig_refreshed, timeout=30000):
        panel.take_btn.click()
    assert panel.conflict_model.rowCount() == 0
    with ctx.unit_of_work() as uow:
        actor = uow.session.execute(select(CaseEvent.actor_id, CaseEvent.role).where(
            CaseEvent.case_id == case_id, CaseEvent.action == "sync_resolve")).one()
    assert tuple(actor) == ("wangfang", "shift_leader")  # not the settings' demo operator
