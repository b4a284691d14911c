"""services.map_query: the map's arrays (geometry, case points, aging, per-grid metrics)."""

from __future__ import annotations

from datetime import datetime

import numpy as np
import pytest
import shapely
from sqlalchemy import select, update

from commandcenter.domain.vocabulary import OPEN_STATES, GridLayer, State
from commandcenter.services import map_query as mq
from commandcenter.store.models import Case


def test_aging_classes_follow_the_deadline_and_pauses():
    now = 100.0
    start = np.array([90.0, 90.0, 90.0, 90.0, np.nan, 90.0])
    due = np.array([110.0, 101.0, 99.0, 99.0, np.nan, 101.0])
    paused = np.array([False, False, False, True, False, True])
    got = mq.aging_classes(start, due, paused, now)
    assert got.tolist() == [mq.AGING_GREEN, mq.AGING_YELLOW, mq.AGING_RED, mq.AGING_GREEN,
                            mq.AGING_NONE, mq.AGING_GREEN]


def test_geometry_projection_raster_and_hosts():
    geo = mq.map_geometry()
    lon, lat = np.array([118.80, 118.85]), np.array([32.00, 32.03])
    x, y = geo.project(lon, lat)
    back = geo.unproject(x, y)
    np.testing.assert_allclose(back, (lon, lat), atol=1e-12)
    # 0.01° of latitude is ~1.1 km; the projection is in metres
    assert geo.project(geo.lon0, geo.lat0 + 0.01)[1] == pytest.approx(1105.74, rel=1e-3)
    comprehensive = np.flatnonzero(geo.layer == GridLayer.COMPREHENSIVE.value)
    sample = comprehensive[:: max(1, len(comprehensive) // 60)]
    hits = [geo.grid_at(geo.label_x[i], geo.label_y[i]) for i in sample]
    assert np.mean(np.array(hits) == sample) > 0.95  # label points well inside their grid
    assert geo.grid_at(geo.bounds[0] - 50, geo.bounds[1] - 50) == -1
    dedicated = np.flatnonzero(geo.layer == GridLayer.DEDICATED.value)
    assert len(dedicated) and (geo.layer[geo.host[dedicated]] == "comprehensive").all()
    host_geom = geo.grids.geometries[geo.host[dedicated[0]]]
    assert shapely.intersects(host_geom, geo.grids.geometries[dedicated[0]])
    x, y = geo.outlines["comprehensive"]
    assert np.isnan(x).sum() >= len(comprehensive)


@pytest.fixture
def demo_ctx(ctx):
    from commandcenter.demo import build_demo

    build_demo(ctx, cases=150)
    return ctx


def test_case_points_metrics_workers_and_changes(demo_ctx):
    ctx = demo_ctx
    geo = mq.map_geometry()
    data = mq.load_map(ctx)
    p = data.points
    with ctx.unit_of_work() as uow:
        rows = uow.session.execute(select(Case.id, Case.state, Case.grid_code)
                                   .order_by(Case.id)).all()
    assert p.id.tolist() == [r[0] for r in rows]
    assert [mq.STATES[s].value for s in p.state] == [r[1] for r in rows]
    assert [geo.codes[g] if g >= 0 else None for g in p.grid] == [r[2] for r in rows]
    is_open = np.array([State(r[1]) in OPEN_STATES for r in rows])
    assert (p.open == is_open).all()
    assert (p.aging[~is_open & (p.aging != mq.AGING_NONE)] >= 0).all()
    # open cases per grid: own grid, plus the host grid for cases in dedicated grids
    open_grid = p.grid[is_open]
    expected = np.zeros(len(geo.codes))
    for g in open_grid:
        expected[g] += 1
        if geo.host[g] != g:
            expected[geo.host[g]] += 1
    np.testing.assert_array_equal(data.metrics["open"], expected)
    assert set(data.metrics) >= {"open", "overdue", "density"}
    assert data.workers and all(names for names in data.workers.values())

    # a case edited in the store comes back through apply_changes and patches in place
    case_id = int(p.id[is_open][0])
    with ctx.unit_of_work(write=True) as uow:
        uow.session.execute(update(Case).where(Case.id == case_id).values(
            state=State.CLOSED.value, due_at=None, due_start=None))
    changed = mq.apply_changes(ctx, [case_id, 10**9])
    assert changed.id.tolist() == [case_id]
    rows_patched = p.patch(changed)
    k = int(rows_patched[0])
    assert p.id[k] == case_id and mq.STATES[p.state[k]] is State.CLOSED
    assert p.aging[k] == mq.AGING_NONE and not p.open[k]


def test_overdue_metric_counts_red_open_cases(demo_ctx):
    ctx = demo_ctx
    p = mq.case_points(ctx)
    case_id = int(p.id[p.open & (p.grid >= 0)][0])
    with ctx.unit_of_work(write=True) as uow:
        uow.session.execute(update(Case).where(Case.id == case_id).values(
            due_start=datetime(2000, 1, 1), due_at=datetime(2000, 1, 2), clock_paused=False))
    p = mq.case_points(ctx)
    k = int(p.rows_of([case_id])[0])
    assert p.aging[k] == mq.AGING_RED
    overdue = mq.grid_metrics(mq.map_geometry(), p)["overdue"]
    assert overdue[p.grid[k]] >= 1
    tip = mq.case_tip(ctx, case_id)
    assert tip["code"] and tip["seconds_left"] < 0 and tip["state"] == mq.STATES[p.state[k]]
    assert mq.case_tip(ctx, 10**9) is None


def test_metrics_are_pluggable():
    geo = mq.map_geometry()
    p = mq.CasePoints(*(np.zeros(0, t) for t in (np.int64, float, float, float, float, np.int16,
                                                 np.int8, np.int8, bool, np.int32)))
    mq.register_metric("kpi_score", lambda g, _p: np.arange(len(g.codes), dtype=float))
    try:
        metrics = mq.grid_metrics(geo, p)
        assert "kpi_score" in mq.metric_names()
        assert metrics["kpi_score"][5] == 5.0 and metrics["open"].sum() == 0
    finally:
        mq._METRICS.pop("kpi_score")


def test_patch_appends_new_cases_in_id_order():
    def pts(ids, state):
        n = len(ids)
        return mq.CasePoints(np.array(ids, np.int64), np.zeros(n), np.zeros(n), np.arange(n, dtype=float),
                             np.zeros(n), np.full(n, state, np.int16), np.zeros(n, np.int8),
                             np.zeros(n, np.int8), np.zeros(n, bool), np.zeros(n, np.int32))

    p = pts([1, 3, 5], 0)
    rows = p.patch(pts([4, 3], 2))
    assert p.id.tolist() == [1, 3, 4, 5]
    assert p.state.tolist() == [0, 2, 2, 0]
    assert sorted(p.id[rows].tolist()) == [3, 4]


def _host_sums(geo, per_code: dict[str, float]) -> np.ndarray:
    """Per grid index: the figure of the grid plus, for a comprehensive grid, its dedicated ones."""
    out = np.zeros(len(geo.codes))
    for code, v in per_code.items():
        i = geo.index_of[str(code)]
        out[i] += v
        if geo.host[i] != i:
            out[geo.host[i]] += v
    return out


def test_kpi_metrics_agree_with_the_assessments_grid_frame(demo_ctx):
    from commandcenter.domain.indicators import ObjectType, Period
    from commandcenter.services.kpi import AssessmentService

    ctx = demo_ctx
    geo = mq.map_geometry()
    now = ctx.now()
    got = mq.grid_kpis(ctx, geo, now)
    assert set(got) == set(mq.KPI_METRICS) and set(mq.KPI_METRICS) <= set(mq.metric_names())
    assert mq.metric_unit("closing_rate") == "%" and mq.metric_unit("open") == ""
    # the KPI page's own path: every case touched this month, the full Assessment grid frame
    frame = AssessmentService(ctx).load(Period.month(now.year, now.month), as_of=now,
                                        objects=(ObjectType.GRID,)).frames[ObjectType.GRID]
    den = _host_sums(geo, (frame["should_close"] - frame["hung"]).to_dict())
    for name, numerator in (("ontime_closing_rate", "closed_on_time"),
                            ("closing_rate", "closed")):
        num = _host_sums(geo, frame[numerator].to_dict())
        with np.errstate(divide="ignore", invalid="ignore"):
            expected = np.where(den > 0, 100 * num / den, np.nan)
        np.testing.assert_allclose(got[name], expected, equal_nan=True)
        assert np.isfinite(got[name]).any()
        finite = got[name][np.isfinite(got[name])]
        assert ((finite >= 0) & (finite <= 100)).all()
    due = den > 0
    assert (got["ontime_closing_rate"][due] <= got["closing_rate"][due] + 1e-9).all()
    data = mq.load_map(ctx)
    np.testing.assert_allclose(data.metrics["closing_rate"], got["closing_rate"], equal_nan=True)
