"""services.map_query's fast case-point load (raw cursor, packed columns, vectorised lookups)
gives exactly what the straightforward per-row load gave, edge cases included."""

from __future__ import annotations

from datetime import datetime, timedelta

import numpy as np
import pytest
from sqlalchemy import select, update

from commandcenter.services import map_query as mq
from commandcenter.store.models import Case


def _reference(ctx, now: datetime, ids=None) -> mq.CasePoints:
    """The per-row load the map used before: ORM rows, one Python lookup per value."""
    geo = mq.map_geometry()
    epoch = mq._epoch_days
    stmt = select(Case.id, Case.lon, Case.lat, Case.state, Case.priority, Case.emergency,
                  Case.clock_paused, Case.grid_code, epoch(ctx.dialect_name, Case.due_start),
                  epoch(ctx.dialect_name, Case.due_at)).order_by(Case.id)
    if ids is not None:
        stmt = stmt.where(Case.id.in_(ids))
    with ctx.unit_of_work() as uow:
        rows = uow.session.execute(stmt).all()
    index = {s.value: i for i, s in enumerate(mq.STATES)}

    def floats(k):
        return np.array([np.nan if r[k] is None else float(r[k]) for r in rows])

    lon, lat = floats(1), floats(2)
    paused = np.array([bool(r[6]) for r in rows], bool)
    x, y = geo.project(lon, lat)
    return mq.CasePoints(
        np.array([r[0] for r in rows], np.int64), lon, lat, x, y,
        np.array([index.get(r[3], 0) for r in rows], np.int16),
        mq.aging_classes(floats(8), floats(9), paused, mq._now_days(ctx.dialect_name, now)),
        np.array([r[4] or 0 for r in rows], np.int8),
        np.array([bool(r[5]) for r in rows], bool),
        np.array([geo.index_of.get(r[7], -1) for r in rows], np.int32))


def _assert_same(got: mq.CasePoints, expected: mq.CasePoints) -> None:
    for name in mq.CasePoints.FIELDS:
        a, b = getattr(got, name), getattr(expected, name)
        assert a.dtype == b.dtype, name
        np.testing.assert_array_equal(a, b, err_msg=name)


@pytest.fixture
def edge_ctx(ctx):
    """A small demo store with the awkward rows the fast path must not get wrong."""
    from commandcenter.demo import build_demo

    build_demo(ctx, cases=120)
    now = ctx.now()
    with ctx.unit_of_work() as uow:
        ids = [r[0] for r in uow.session.execute(select(Case.id).order_by(Case.id).limit(9))]
    edits = [
        dict(lon=None, lat=None, grid_code=None),  # no location, no grid
        dict(priority=1, emergency=True, clock_paused=True,
             due_start=now - timedelta(days=3), due_at=now - timedelta(days=1)),  # paused
        dict(priority=1, emergency=False, clock_paused=False,
             due_start=now - timedelta(days=3), due_at=now - timedelta(days=1)),  # red
        dict(clock_paused=False, due_start=now - timedelta(days=9),
             due_at=now + timedelta(days=1)),  # yellow
        dict(clock_paused=False, due_start=now, due_at=now),  # zero budget, due right now
        dict(due_start=None, due_at=None, clock_paused=True),  # paused flag without a clock
        dict(state="pending_close", emergency=True, priority=0),
        dict(grid_code=None),
        dict(state="not_a_state"),  # a state this build does not know reads as index 0
    ]
    with ctx.unit_of_work(write=True) as uow:
        for case_id, values in zip(ids, edits, strict=True):
            uow.session.execute(update(Case).where(Case.id == case_id).values(**values))
    return ctx


def test_fast_load_equals_the_per_row_load(edge_ctx):
    ctx = edge_ctx
    now = ctx.now()
    got = mq.case_points(ctx, now)
    expected = _reference(ctx, now)
    assert len(got) == len(expected) > 100
    _assert_same(got, expected)
    # the edge rows really are in there: no location, every aging class, both flags
    assert np.isnan(got.lon).any() and (got.grid == -1).any()
    assert {mq.AGING_NONE, mq.AGING_GREEN, mq.AGING_YELLOW, mq.AGING_RED} <= set(got.aging.tolist())
    assert got.emergency.any() and (got.priority == 1).any()


def test_fast_changes_equal_the_per_row_load(edge_ctx):
    ctx = edge_ctx
    now = ctx.now()
    with ctx.unit_of_work() as uow:
        ids = [r[0] for r in uow.session.execute(select(Case.id).order_by(Case.id.desc()))]
    wanted = ids[:3] + ids[-10:] + [10**9]  # both ends, unsorted, one missing id
    got = mq.apply_changes(ctx, wanted, now)
    _assert_same(got, _reference(ctx, now, ids=wanted))
    assert got.id.tolist() == sorted(wanted[:-1])
    empty = mq.apply_changes(ctx, [10**9], now)
    assert len(empty) == 0 and all(getattr(empty, f).dtype == getattr(got, f).dtype
                                   for f in mq.CasePoints.FIELDS)


def test_rows_in_any_order_and_unknown_codes():
    geo = mq.map_geometry()
    code = str(geo.codes[7])
    packed = 2 + len(mq.STATES) * (1 + 2 * 0 + 4 * 1)  # state 2, emergency, priority 1
    rows = [(5, 118.8, 32.0, packed, code, None, None),
            (2, None, None, 0, "no-such-grid", 10.0, 12.0),
            (3, 118.81, 32.01, len(mq.STATES) * 2, None, 10.0, 11.0)]  # paused
    p = mq.points_from_rows("sqlite", geo, rows, datetime(1970, 1, 1))
    assert p.id.tolist() == [2, 3, 5]
    assert p.grid.tolist() == [-1, -1, 7]
    assert p.state.tolist() == [0, 0, 2] and p.priority.tolist() == [0, 0, 1]
    assert p.emergency.tolist() == [False, False, True]
    assert np.isnan(p.lon[0]) and p.lon[2] == 118.8
    assert p.aging.tolist() == [mq.AGING_RED, mq.AGING_GREEN, mq.AGING_NONE]  # 3 is paused
