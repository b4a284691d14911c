"""Issue 8: the KPI services as each role: the live picture and its drill-downs cover the
principal's scope; the assessment needs the assessment right; publishing weights needs an admin
or a supervisor. Stores and principals: tests/services/test_scope_views.py."""

from __future__ import annotations

import pytest
from sqlalchemy import select, update

from commandcenter.domain.indicators import ObjectType, Period
from commandcenter.services.errors import PermissionDenied
from commandcenter.services.kpi import (
    AssessmentService,
    LiveService,
    current_weights,
    publish_weights,
    with_component_weights,
)
from commandcenter.store.models import Case

from . import test_scope_views as views
from .test_scope_views import NOW, Clock, People, as_, expected_ids

# the shared demo store (one per dialect for this module) and its principals
store_url, sctx, people = views.store_url, views.sctx, views.people

PERIOD = Period.month(NOW.year, NOW.month)


def _snapshot_ids(snap) -> set[int]:
    out: set[int] = set()
    for group in (snap.funnel_ids, snap.open_ids, snap.warning_ids, snap.top_ids):
        for ids in group.values():
            out.update(int(i) for i in ids)
    out.update(int(i) for i in snap.ontime_net_ids)
    out.update(int(i) for i in snap.whistles["case_id"])
    return out


def test_live_picture_covers_the_scope_only(sctx, people):
    ctx = sctx
    full_service = LiveService(ctx)
    full = full_service.load()
    everything = set(full_service.picture.cases.index.tolist())
    for p in (people.unit, people.street_op):
        as_(ctx, p)
        service = LiveService(ctx)
        snap = service.load()
        want = expected_ids(ctx, p)
        assert set(service.picture.cases.index.tolist()) == everything & want, p.username
        seen = _snapshot_ids(snap)
        assert seen and seen <= want, p.username
        assert sum(n for _, n in snap.open_states) < sum(n for _, n in full.open_states)
    as_(ctx, people.viewer)
    assert _snapshot_ids(LiveService(ctx).load()) == _snapshot_ids(full)


def test_live_apply_drops_a_case_that_left_the_scope(ctx):
    """A change batch moving a case to another unit takes it out of the unit's picture."""
    from .test_scope_views import build_store

    build_store(ctx.url, cases=300)
    ctx.now = Clock(NOW)
    p = People(ctx).unit
    as_(ctx, p)
    service = LiveService(ctx)
    service.load()
    with ctx.unit_of_work() as uow:
        led = uow.session.scalars(select(Case.id).where(
            Case.lead_unit == p.scope_code, Case.id.in_(service.picture.cases.index.tolist()))
            ).all()
    assert led
    moved = int(led[0])
    with ctx.unit_of_work(write=True) as uow:
        uow.session.execute(update(Case).where(Case.id == moved).values(
            lead_unit="ELSEWHERE", co_handlers=[], whistle=None))
    snap = service.apply([moved])
    assert moved not in service.picture.cases.index
    assert moved not in _snapshot_ids(snap)
    assert moved not in set(service.picture.cohort.index.tolist())
    with ctx.unit_of_work(write=True) as uow:  # and back: it shows again
        uow.session.execute(update(Case).where(Case.id == moved).values(lead_unit=p.scope_code))
    service.apply([moved])
    assert moved in service.picture.cases.index


@pytest.mark.parametrize("who", ["unit", "street_op", "street_viewer", "viewer"])
def test_assessment_is_refused_without_the_right(sctx, people, who):
    ctx = sctx
    as_(ctx, getattr(people, who))
    service = AssessmentService(ctx)
    with pytest.raises(PermissionDenied) as exc:
        service.load(PERIOD, objects=(ObjectType.STREET,))
    assert exc.value.code == "wrong_role"
    with pytest.raises(PermissionDenied):
        service.trend([PERIOD], ObjectType.STREET)


def test_assessment_table_for_leaders_with_drill_downs_in_scope(sctx, people):
    ctx = sctx
    as_(ctx, people.supervisor)
    full = AssessmentService(ctx).load(PERIOD, objects=(ObjectType.STREET,))
    assert full.visible is None
    as_(ctx, people.street_leader)
    mine = AssessmentService(ctx).load(PERIOD, objects=(ObjectType.STREET,))
    # the table ranks every street (a ranking of one is none) ...
    assert full.frames[ObjectType.STREET].index.equals(mine.frames[ObjectType.STREET].index)
    # ... but the cases behind a figure are only those in the leader's scope
    want = expected_ids(ctx, people.street_leader)
    code = people.other_street
    every = AssessmentService.drill_down(full, ObjectType.STREET, code, "registered")
    assert every and not set(every) <= want
    ids = AssessmentService.drill_down(mine, ObjectType.STREET, code, "registered")
    assert set(ids) == set(every) & want
    own = AssessmentService.drill_down(mine, ObjectType.STREET, people.street, "registered")
    assert own and set(own) <= want


def test_publishing_weights_needs_an_admin_or_a_supervisor(sctx, people, tmp_path):
    ctx = sctx
    base = current_weights()
    spec = base.objects[ObjectType.STREET]
    weights = with_component_weights(base, ObjectType.STREET,
                                     [c.weight for c in spec.components])
    path = tmp_path / "weights.json"
    for p in (people.leader, people.street_leader, people.unit, people.viewer):
        as_(ctx, p)
        with pytest.raises(PermissionDenied) as exc:
            AssessmentService(ctx).publish(weights, path=path)
        assert exc.value.code == "wrong_role"
        with pytest.raises(PermissionDenied):
            publish_weights(weights, p.username, path, principal=p)
        assert not path.exists()
    as_(ctx, people.supervisor)
    assert AssessmentService(ctx).publish(weights, path=path) == path
    assert '"published_by": "sup"' in path.read_text(encoding="utf-8")
