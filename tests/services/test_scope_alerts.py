"""Issue 8: early-warning alerts as each role: listed, acknowledged and put on the map only when
they concern the principal's cases, unit or street; district-wide statistical alerts for
supervisors and centre roles only. Stores and principals: tests/services/test_scope_views.py."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from commandcenter.domain.case import Actor
from commandcenter.domain.vocabulary import Role
from commandcenter.services import alerts
from commandcenter.services.errors import PermissionDenied
from commandcenter.store.models import Alert, Case, Grid

from .test_scope_views import NOW, Clock, People, as_, build_store, expected_ids


@pytest.fixture
def world(ctx):
    """A 300-case demo store with one alert of each kind of anchor (keys below)."""
    build_store(ctx.url, cases=300)
    ctx.now = Clock(NOW)
    people = People(ctx)
    others = expected_ids(ctx, people.other_op)
    unit_cases = sorted(expected_ids(ctx, people.unit) - others)
    street_cases = expected_ids(ctx, people.street_op)
    with ctx.unit_of_work() as uow:
        s = uow.session
        outside = s.scalars(select(Case.id).where(Case.street_code == people.other_street,
                                                  Case.lead_unit != people.unit_code)).first()
        grid = s.scalars(select(Grid.code).where(Grid.street_code == people.street)).first()
        other_grid = s.scalars(select(Grid.code).where(
            Grid.street_code == people.other_street)).first()
    other_unit = sorted(people.other_op.scope_units)[0]
    specs = {  # key: (object_type, object_key, street, grid, case ids)
        "case": ("case", str(unit_cases[0]), None, None, [unit_cases[0], outside]),
        "unit": ("unit", people.unit_code, None, None, []),
        "street": ("street", people.street, people.street, None, []),
        "grid": ("grid_minor", f"{grid}/0101", None, grid, []),
        "district": ("major", "01", None, None, []),
        "other_street": ("street", people.other_street, people.other_street, other_grid, []),
        "other_unit": ("unit", other_unit, None, None, []),
    }
    ids = {}
    with ctx.unit_of_work(write=True) as uow:
        for n, (key, (otype, okey, street, grid_code, cases)) in enumerate(specs.items()):
            a = Alert(kind="data_quality", dedup_key=f"scope-{key}", object_type=otype,
                      object_key=okey, street_code=street, grid_code=grid_code,
                      raised_at=NOW - timedelta(minutes=n), severity=1, status="open",
                      detail={"subkind": "test", "case_ids": cases})
            uow.session.add(a)
            uow.session.flush()
            ids[key] = a.id
    return ctx, people, ids, {"unit_case": unit_cases[0], "outside": outside,
                              "street_cases": street_cases, "grid": grid,
                              "other_grid": other_grid}


def _listed(ctx, ids) -> set[str]:
    by_id = {v: k for k, v in ids.items()}
    return {by_id[r.id] for r in alerts.list_alerts(ctx) if r.id in by_id}


def test_alert_lists_follow_the_scope(world):
    ctx, people, ids, facts = world
    assert _listed(ctx, ids) == set(ids)  # trusted use: everything
    as_(ctx, people.unit)
    assert _listed(ctx, ids) == {"case", "unit"}
    row = next(r for r in alerts.list_alerts(ctx) if r.id == ids["case"])
    assert row.case_ids == (facts["unit_case"],)  # the other street's case is not shown
    assert row.detail["case_ids"] == [facts["unit_case"]]
    assert str(facts["unit_case"]) in alerts.object_names(ctx)["case"]
    as_(ctx, people.other_op)
    assert str(facts["unit_case"]) not in alerts.object_names(ctx)["case"]
    as_(ctx, people.street_op)
    want = {"street", "grid"} | ({"case"} if facts["unit_case"] in facts["street_cases"]
                                else set())
    assert _listed(ctx, ids) == want
    as_(ctx, people.other_op)
    assert {"other_street", "other_unit", "case"} <= _listed(ctx, ids)
    assert not _listed(ctx, ids) & {"street", "grid", "unit", "district"}
    as_(ctx, people.viewer)  # district-wide reading, but no district-wide statistics
    assert _listed(ctx, ids) == set(ids) - {"district"}
    for p in (people.supervisor, people.leader):
        as_(ctx, p)
        assert _listed(ctx, ids) == set(ids)


def test_alert_grids_follow_the_scope(world):
    ctx, people, ids, facts = world
    assert {facts["grid"], facts["other_grid"]} <= set(alerts.alert_grids(ctx))
    as_(ctx, people.street_op)
    assert alerts.alert_grids(ctx) == [facts["grid"]]
    as_(ctx, people.unit)
    assert alerts.alert_grids(ctx) == []
    as_(ctx, people.supervisor)
    assert {facts["grid"], facts["other_grid"]} <= set(alerts.alert_grids(ctx))


def test_acknowledging_needs_scope_an_acting_role_and_ones_own_name(world):
    ctx, people, ids, _ = world
    unit = people.unit
    as_(ctx, unit)
    with pytest.raises(PermissionDenied) as exc:
        alerts.acknowledge(ctx, ids["other_street"], unit.actor(), "seen")
    assert exc.value.code == "out_of_scope"
    with pytest.raises(PermissionDenied) as exc:
        alerts.acknowledge(ctx, ids["unit"], Actor("someone", Role.HANDLING_UNIT,
                                                   unit.unit_code), "seen")
    assert exc.value.code == "wrong_actor"
    with pytest.raises(PermissionDenied):
        alerts.acknowledge(ctx, ids["unit"], "someone", "seen")
    as_(ctx, people.viewer)
    with pytest.raises(PermissionDenied) as exc:
        alerts.acknowledge(ctx, ids["case"], people.viewer.actor(), "seen")
    assert exc.value.code == "read_only"
    as_(ctx, None)
    assert all(r.status == "open" for r in alerts.list_alerts(ctx, status=None)
               if r.id in ids.values())  # nothing was written
    as_(ctx, unit)
    row = alerts.acknowledge(ctx, ids["unit"], unit.actor(), "on it")
    assert (row.status, row.ack_by) == ("acknowledged", "unit")
    as_(ctx, people.street_op)
    assert alerts.acknowledge(ctx, ids["street"], "street", "ok").ack_by == "street"


def test_deadline_queue_lists_the_scope_cases_only(world):
    ctx, people, _, _ = world
    ctx.now = Clock(NOW + timedelta(days=3))  # let clocks run late: yellow and red cases
    full = alerts.deadline_queue(ctx)
    every = set(full.cases["case_id"]) | set(full.soon["case_id"])
    for p in (people.unit, people.street_op):
        as_(ctx, p)
        want = expected_ids(ctx, p)
        warn = alerts.deadline_queue(ctx)
        mine = set(warn.cases["case_id"]) | set(warn.soon["case_id"])
        assert mine == every & want, p.username
        assert every - want
        part = alerts.deadline_queue(ctx, case_ids=sorted(every))
        assert set(part.cases["case_id"]) | set(part.soon["case_id"]) == every & want
