"""Units the district's reference export retires are no longer offered, suggested or sent cases;
their names still resolve for history."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from sqlalchemy import insert, select

from commandcenter.domain.vocabulary import State
from commandcenter.services import actions
from commandcenter.services.errors import PermissionDenied, TransitionError
from commandcenter.services.permissions import Principal, Right
from commandcenter.services.sync import SyncService
from commandcenter.store.models import Unit

from .conftest import DEPT, DISPATCHER, LEADER, STREET
from .test_actions import registered

WATER = "SWJ"  # a department nothing hangs on, retired by the tests
URBAN_TEAM = f"{STREET}-CGB"  # the street team routing picks for exposed garbage (rule R01)


@pytest.fixture
def water(ctx, org):
    with ctx.unit_of_work(write=True) as uow:
        uow.session.execute(insert(Unit.__table__).values(code=WATER, name="水务局",
                                                          kind="department"))
    ctx.reload_organisation()
    return WATER


def units_file(ctx, path: Path, *, without: set[str]) -> Path:
    """A full units export of the store minus ``without`` (so those are retired)."""
    with ctx.unit_of_work() as uow:
        rows = uow.session.execute(select(Unit.code, Unit.name, Unit.kind, Unit.street_code,
                                          Unit.parent_code, Unit.team).order_by(Unit.code)).all()
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["单位编码", "单位名称", "单位类型", "所属街道编码", "上级单位编码", "班组"])
        w.writerows([["" if v is None else v for v in r] for r in rows if r[0] not in without])
    return path


def retire(ctx, tmp_path: Path, *codes: str) -> None:
    res = SyncService(ctx).apply_reference(units_file(ctx, tmp_path / "units.csv",
                                                      without=set(codes)))
    assert res.status == "applied" and sorted(c.code for c in res.changes
                                              if c.action == "retired") == sorted(codes)


def test_a_retired_unit_is_no_longer_offered_nor_sent_cases(service, ctx, water, tmp_path):
    case = registered(service)
    assert WATER in [u.code for u in actions.dispatch_candidates(ctx, case.id)]
    assert WATER in [u.code for u in actions.whistle_candidates(ctx)]

    retire(ctx, tmp_path, WATER)

    assert ctx.retired_units == frozenset({WATER})
    assert WATER not in [u.code for u in actions.dispatch_candidates(ctx, case.id)]
    assert [u.code for u in actions.whistle_candidates(ctx)] == [DEPT]
    # history still names it: the full organisation keeps the row, the active one does not
    assert ctx.organisation.unit(WATER).name == "水务局"
    assert not ctx.active_organisation.has_unit(WATER)

    before = service.detail(case.id)
    with pytest.raises(TransitionError) as refused:
        actions.transition_one(ctx, case.id, "dispatch", {"unit": WATER}, DISPATCHER, None)
    assert refused.value.code == "bad_input" and refused.value.params["units"] == [WATER]
    assert "retired" in str(refused.value)
    with pytest.raises(TransitionError, match="retired"):  # co-handlers count too
        actions.transition_one(ctx, case.id, "dispatch",
                               {"unit": DEPT, "co_handlers": WATER}, DISPATCHER, None)
    with pytest.raises(TransitionError, match="retired"):  # and whistles
        actions.transition_one(ctx, case.id, "whistle",
                               {"departments": [DEPT, WATER], "reason": "多部门联动"},
                               LEADER, None)
    [bulk] = actions.bulk_transition(ctx, [case.id], "dispatch", {"unit": WATER}, DISPATCHER)
    assert not bulk.ok and bulk.error == "bad_input" and "retired" in bulk.message
    after = service.detail(case.id)
    assert (after.version, after.state) == (before.version, State.PENDING_DISPATCH)

    done = actions.transition_one(ctx, case.id, "dispatch", {"unit": DEPT}, DISPATCHER, None)
    assert done.to_state is State.DISPATCHED


def test_routing_never_suggests_a_retired_unit(service, ctx, tmp_path):
    case = registered(service)
    assert actions.routing_suggestion(ctx, case.id, ctx.now()).unit_code == URBAN_TEAM

    retire(ctx, tmp_path, URBAN_TEAM)

    advice = actions.routing_suggestion(ctx, case.id, ctx.now())
    assert advice is not None and advice.unit_code != URBAN_TEAM
    assert advice.unit_code not in ctx.retired_units and ctx.organisation.has_unit(
        advice.unit_code)
    prep = actions.prepare_action(ctx, [case.id], "dispatch", DISPATCHER)
    assert URBAN_TEAM not in [u.code for u in prep.units]
    assert prep.advice is not None and prep.advice.unit_code == advice.unit_code


def test_a_retirement_by_another_workstation_is_refused_at_once(service, ctx, water, tmp_path):
    """The dispatch check reads the database, not the context's cached retired set."""
    case = registered(service)
    assert WATER in [u.code for u in actions.dispatch_candidates(ctx, case.id)]  # cached
    other = type(ctx).open(ctx.url)  # another workstation on the same database
    try:
        other.now = ctx.now
        retire(other, tmp_path, WATER)
    finally:
        other.close()
    with pytest.raises(TransitionError, match="retired"):
        actions.transition_one(ctx, case.id, "dispatch", {"unit": WATER}, DISPATCHER, None)


def test_applying_reference_data_needs_the_manage_reference_right(service, ctx, water,
                                                                  tmp_path):
    path = units_file(ctx, tmp_path / "units.csv", without={WATER})
    leader = Principal(1, "leader", "值班长", LEADER.role, unit_code=LEADER.unit_code)
    admin = Principal(2, "admin", "管理员", actions.Role.ADMIN)
    assert not leader.can(Right.MANAGE_REFERENCE) and admin.can(Right.MANAGE_REFERENCE)
    ctx.principal = leader
    try:
        with pytest.raises(PermissionDenied) as denied:
            SyncService(ctx).apply_reference(path)
        assert denied.value.params["right"] == "manage_reference"
        ctx.reload_organisation()
        assert ctx.retired_units == frozenset()  # nothing written
        ctx.principal = admin
        assert SyncService(ctx).apply_reference(path).status == "applied"
    finally:
        ctx.principal = None
    assert ctx.retired_units == frozenset({WATER})


def test_the_case_service_itself_refuses_a_retired_target(service, ctx, water, tmp_path):
    """Every caller of CaseService.transition (sync, intake, scripts), not only the board's
    pre-check in services.actions, gets the refusal, inside the write transaction."""
    case = registered(service)
    retire(ctx, tmp_path, WATER)
    before = service.detail(case.id)
    with pytest.raises(TransitionError) as refused:
        service.transition(case.id, "dispatch", {"unit": WATER}, DISPATCHER)
    assert refused.value.params["reason"] == "retired_unit"
    after = service.detail(case.id)
    assert (after.state, after.version, len(after.events)) == (
        before.state, before.version, len(before.events))
    service.transition(case.id, "dispatch", {"unit": DEPT}, DISPATCHER)  # a live unit still works
