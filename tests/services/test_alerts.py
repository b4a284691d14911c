"""services.alerts: scan persists each alert once, rescans update, acknowledge is recorded."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import func, insert, select

from commandcenter.services import alerts, audit
from commandcenter.store.models import Alert, Case, CaseEvent

from .conftest import DEPT, GRID, HANDLER, STREET

NOW = datetime(2024, 3, 4, 10, 0)
_ids = iter(range(1, 10_000))


def _case(ctx, reported_at, *, address="", minor="0102", state="closed", **extra) -> int:
    n = next(_ids)
    row = dict(code=f"T{n:05d}", channel="grid_worker", state=state, owner_centre="QZX",
               reported_at=reported_at, address=address, minor_code=minor, grid_code=GRID,
               street_code=STREET, version=1, updated_seq=n, co_handlers=[], lead_chain=[],
               centre_chain=[])
    row.update(extra)
    with ctx.unit_of_work(write=True) as uow:
        return uow.session.execute(insert(Case.__table__).values(**row).returning(Case.id)).scalar()


def _event(ctx, case_id, action, at, unit=DEPT):
    with ctx.unit_of_work(write=True) as uow:
        uow.session.execute(insert(CaseEvent.__table__).values(
            case_id=case_id, seq=next(_ids), action=action, from_state="dispatched",
            to_state="pending_dispatch", actor_id="u", role="handling_unit", unit_code=unit,
            at=at, reason="r", payload={}))


@pytest.fixture
def scene(ctx, org):
    for days in (1, 5, 9):  # one address three times
        _case(ctx, NOW - timedelta(days=days), address="南京市秦淮区中华路１２３号")
    _case(ctx, NOW - timedelta(hours=30), state="in_progress", lead_unit=DEPT,
          due_start=NOW - timedelta(hours=30), due_at=NOW - timedelta(hours=2), emergency=True)
    ping = _case(ctx, NOW - timedelta(days=2), state="pending_dispatch", address="某路1号")
    _event(ctx, ping, "return", NOW - timedelta(days=1), unit=DEPT)
    _event(ctx, ping, "return", NOW - timedelta(hours=5), unit=f"{STREET}-CGB")
    for minutes in range(0, 60, 10):  # a burst in one grid × class, no history
        _case(ctx, NOW - timedelta(minutes=minutes + 1), minor="0504", address=f"秦淮路{minutes}号")
    return ctx


def _count(ctx) -> int:
    with ctx.unit_of_work() as uow:
        return uow.session.scalar(select(func.count()).select_from(Alert))


def test_scan_persists_every_kind_once_and_rescans_are_idempotent(scene):
    created = alerts.scan(scene, NOW)
    kinds = {(a.kind, a.subkind) for a in created}
    assert {("repeat", "address"), ("deadline", "red"), ("data_quality", "ping_pong"),
            ("surge", "grid_minor")} <= kinds
    total = _count(scene)
    assert total == len(created)
    assert alerts.scan(scene, NOW) == []
    assert alerts.scan(scene, NOW + timedelta(minutes=5)) == []
    assert _count(scene) == total
    listed = alerts.list_alerts(scene)
    assert len(listed) == total and all(a.status == "open" for a in listed)
    repeat = [a for a in listed if a.kind == "repeat"][0]
    assert len(repeat.case_ids) == 3 and repeat.observed == 3
    surge = [a for a in listed if a.kind == "surge" and a.subkind == "grid_minor"][0]
    assert surge.grid_code == GRID and surge.object_key == f"{GRID}/0504"
    assert surge.observed == 6 and surge.expected < 1


def test_a_growing_problem_updates_its_alert_instead_of_raising_another(scene):
    alerts.scan(scene, NOW)
    total = _count(scene)
    _case(scene, NOW + timedelta(hours=1), address="中华路123号")
    assert [a for a in alerts.scan(scene, NOW + timedelta(hours=2)) if a.kind == "repeat"] == []
    assert _count(scene) == total
    repeat = alerts.list_alerts(scene, kind="repeat")[0]
    assert repeat.observed == 4 and len(repeat.case_ids) == 4


def test_acknowledge_records_who_when_why_and_refuses_an_empty_note(scene):
    alerts.scan(scene, NOW)
    target = alerts.list_alerts(scene, kind="deadline")[0]
    with pytest.raises(alerts.AlertError):
        alerts.acknowledge(scene, target.id, HANDLER, "   ")
    with pytest.raises(alerts.AlertError):
        alerts.acknowledge(scene, 999_999, HANDLER, "note")
    at = NOW + timedelta(minutes=3)
    row = alerts.acknowledge(scene, target.id, HANDLER, "已督办城管局", at=at)
    assert (row.status, row.ack_by, row.ack_at, row.ack_note) == (
        "acknowledged", HANDLER.user_id, at, "已督办城管局")
    entries = audit.query(scene, action="alert.ack")
    assert [(e.actor, e.detail["alert_id"]) for e in entries] == [(HANDLER.user_id, target.id)]
    assert target.id not in {a.id for a in alerts.list_alerts(scene)}
    assert alerts.list_alerts(scene, status="acknowledged")[0].id == target.id
    # the acknowledged alert is not raised again while its episode continues
    alerts.scan(scene, NOW + timedelta(minutes=10))
    assert not [a for a in alerts.list_alerts(scene, kind="deadline")]


def test_a_failing_audit_entry_rolls_the_acknowledgement_back(scene, monkeypatch):
    alerts.scan(scene, NOW)
    target = alerts.list_alerts(scene)[0]

    def broken(*_):
        raise RuntimeError("audit store down")

    monkeypatch.setattr(alerts, "record_alert_ack", broken)
    with pytest.raises(RuntimeError):
        alerts.acknowledge(scene, target.id, "u-leader", "note")
    assert target.id in {a.id for a in alerts.list_alerts(scene)}


def test_alert_grids_and_deadline_queue(scene):
    assert alerts.alert_grids(scene) == []
    alerts.scan(scene, NOW)
    assert alerts.alert_grids(scene) == [GRID]
    soon_id = _case(scene, NOW - timedelta(hours=3), state="in_progress", lead_unit=DEPT,
                    due_start=NOW - timedelta(hours=3), due_at=NOW + timedelta(minutes=20),
                    emergency=True)
    queue = alerts.deadline_queue(scene, NOW)
    assert list(queue.soon["case_id"]) == [soon_id]
    assert set(queue.cases["aging"]) == {"red", "yellow"}
    only = alerts.deadline_queue(scene, NOW, case_ids=[soon_id])
    assert list(only.cases["case_id"]) == [soon_id]
