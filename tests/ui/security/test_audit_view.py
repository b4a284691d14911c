"""AuditView: filters by user, action, case and time; export is audited; verify; refusal for a
principal without the right. The models pass qtmodeltester."""

from __future__ import annotations

from datetime import datetime, timedelta

from PySide6.QtCore import QDateTime, Qt

from commandcenter.domain.vocabulary import Role
from commandcenter.services import audit
from commandcenter.services.permissions import Principal
from commandcenter.ui.security import AuditView
from commandcenter.ui.security.audit_model import (
    COL_ACTION,
    COL_ACTOR,
    COL_CASE,
    AuditTableModel,
)

from .conftest import settle

T0 = datetime(2024, 3, 4, 9, 0)


def seed(ctx) -> None:
    entries = [("zhang", "auth.sign_in", None), ("zhang", "case.accept", 7),
               ("li", "case.dispatch", 7), ("li", "case.accept", 8),
               ("<b>x</b>", "auth.sign_in_failed", None)]
    for i, (actor, action, case) in enumerate(entries):
        with ctx.unit_of_work(write=True) as uow:
            audit.record(uow.session, action=action, actor=actor, case_id=case,
                         detail={"i": i}, at=T0 + timedelta(hours=i))


def make_view(qtbot, ctx, worker) -> AuditView:
    ctx.now = lambda: T0
    view = AuditView(ctx, worker)
    qtbot.addWidget(view)
    view.resize(1200, 500)
    view.show()
    settle(qtbot, worker)
    return view


def shown(view, col) -> list[str]:
    m = view.model
    return [m.index(r, col).data() for r in range(m.rowCount())]


def search(qtbot, view, worker) -> None:
    with qtbot.waitSignal(view.sig_loaded, timeout=10000):
        view.search.click()
    settle(qtbot, worker)


def test_filters(qtbot, env):
    ctx, worker = env
    seed(ctx)
    ctx.principal = Principal(1, "sup", "督查", Role.SUPERVISOR)
    view = make_view(qtbot, ctx, worker)
    assert view.action.findData("case.accept") >= 0  # actions in use offered
    assert view.action.findText("Signed in (auth.sign_in)") >= 0
    search(qtbot, view, worker)
    assert len(shown(view, COL_ACTOR)) == 5
    view.user.setText("li")
    search(qtbot, view, worker)
    assert shown(view, COL_ACTOR) == ["li", "li"]
    view.user.clear()
    view.action.setCurrentText("case.*")
    search(qtbot, view, worker)
    assert len(shown(view, COL_ACTOR)) == 3
    view.action.setCurrentIndex(view.action.findData("case.dispatch"))
    search(qtbot, view, worker)
    assert shown(view, COL_ACTOR) == ["li"] and shown(view, COL_ACTION) == ["Dispatch"]
    view.action.setCurrentText("case.*")
    view.case.setText("7")
    search(qtbot, view, worker)
    assert shown(view, COL_CASE) == ["7", "7"]
    view.case.clear()
    view.action.setCurrentText("")
    view.since_on.setChecked(True)
    view.since.setDateTime(QDateTime.fromString("2024-03-04T11:00:00", Qt.DateFormat.ISODate))
    search(qtbot, view, worker)
    assert shown(view, COL_ACTOR) == ["<b>x</b>", "li", "li"]  # markup stays text
    assert "3" in view.status.text()


def test_export_and_verify(qtbot, env, tmp_path):
    ctx, worker = env
    seed(ctx)
    view = make_view(qtbot, ctx, worker)
    view.user.setText("zhang")
    with qtbot.waitSignal(view.sig_exported, timeout=10000) as blocker:
        view.export_to(str(tmp_path / "a.csv"))
    settle(qtbot, worker)
    assert blocker.args == [2] and (tmp_path / "a.csv").exists()
    assert audit.query(ctx, action="audit.export")[0].detail["rows"] == 2
    with qtbot.waitSignal(view.sig_verified, timeout=10000) as blocker:
        view.verify_button.click()
    settle(qtbot, worker)
    assert blocker.args[0].ok and "intact" in view.status.text()


def test_a_viewer_is_refused(qtbot, env):
    ctx, worker = env
    seed(ctx)
    ctx.principal = Principal(2, "kan", "只读", Role.VIEWER)
    view = make_view(qtbot, ctx, worker)
    with qtbot.waitSignal(view.sig_failed, timeout=10000):
        view.search.click()
    settle(qtbot, worker)
    assert view.model.rowCount() == 0 and view.status.text() == "You are not allowed to do this."


def test_model_passes_the_model_tester(qtmodeltester, env):
    ctx, _ = env
    seed(ctx)
    model = AuditTableModel()
    model.set_rows(audit.query(ctx))
    qtmodeltester.check(model)
