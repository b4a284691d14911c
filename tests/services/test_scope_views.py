"""Issue 8: the read services show a signed-in principal only its cases (map, stats, overview).

One demo store per dialect for the module (read-only tests); the expected case sets come from
`permissions.in_scope` applied case by case to the stored rows (an independent reading of the
rule), and every scoped set is checked to be a strict part of the district, so each test fails
if the filter is dropped. tests/services/test_scope_kpi.py and test_scope_alerts.py reuse the
helpers here.
"""

from __future__ import annotations

import os
from collections import Counter
from datetime import date, datetime, timedelta

import numpy as np
import pytest
from sqlalchemy import func, select
from sqlalchemy.engine import make_url

from commandcenter.domain.vocabulary import Role
from commandcenter.services import map_query as mq
from commandcenter.services.context import AppContext
from commandcenter.services.kpi_rows import scope_clause, visible_ids, visible_mask
from commandcenter.services.overview import cases_per_day
from commandcenter.services.permissions import Principal, ScopeKind, in_scope
from commandcenter.services.stats import store_stats
from commandcenter.store.engine import sqlite_url_for
from commandcenter.store.models import Case, CaseEvent, Unit

NOW = datetime(2024, 5, 22, 16, 30)
DEMO_CASES = 1500


class Clock:
    def __init__(self, at: datetime) -> None:
        self.at = at

    def __call__(self) -> datetime:
        return self.at


# ------------------------------------------------------------------ the store and principals
def build_store(url: str, cases: int = DEMO_CASES) -> None:
    from commandcenter.demo import build_demo

    ctx = AppContext.open(url)
    ctx.now = Clock(NOW)
    try:
        build_demo(ctx, cases=cases, now=NOW)
    finally:
        ctx.close()


def open_ctx(url: str) -> AppContext:
    ctx = AppContext.open(url)
    ctx.now = Clock(NOW)
    return ctx


def _pg_database(request, admin, name: str):
    with admin.connect() as conn:
        conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')

    def drop():
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    request.addfinalizer(drop)
    url = os.environ["CC_TEST_PG"].strip()
    return make_url(url).set(database=name).render_as_string(hide_password=False)


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgresql",
                                                               marks=pytest.mark.postgres)])
def store_url(request, tmp_path_factory):
    """A demo store (read-only for the tests using it), built once per module and dialect."""
    if request.param == "sqlite":
        url = sqlite_url_for(tmp_path_factory.mktemp("scope") / "store.sqlite3")
    else:
        admin = request.getfixturevalue("pg_admin")
        name = f"cc_scope_{os.getpid()}_{request.module.__name__.rsplit('.', 1)[-1][-12:]}"
        url = _pg_database(request, admin, name)
    build_store(url)
    return url


@pytest.fixture
def sctx(store_url):
    ctx = open_ctx(store_url)
    yield ctx
    ctx.close()


def _involved(co_handlers, whistle) -> list[str]:
    return list(co_handlers or []) + list((whistle or {}).get("departments", []))


def case_rows(ctx) -> list[tuple]:
    with ctx.unit_of_work() as uow:
        return uow.session.execute(select(
            Case.id, Case.street_code, Case.lead_unit, Case.co_handlers, Case.whistle)
            .order_by(Case.id)).all()


def expected_ids(ctx, p: Principal | None) -> set[int]:
    """The cases ``p`` may see, case by case with `permissions.in_scope` (the reference)."""
    return {r[0] for r in case_rows(ctx) if in_scope(
        p, street_code=r[1], lead_unit=r[2], involved_units=_involved(r[3], r[4]))}


def all_ids(ctx) -> set[int]:
    return {r[0] for r in case_rows(ctx)}


class People:
    """Principals of the demo store: a department that also co-handles or is whistled to cases
    it does not lead, the busiest street's centre, viewers, a supervisor, a shift leader."""

    def __init__(self, ctx) -> None:
        rows = case_rows(ctx)
        extra = Counter(u for r in rows for u in set(_involved(r[3], r[4])) if u != r[2])
        leads = Counter(r[2] for r in rows if r[2])
        unit = max(extra, key=lambda u: (extra[u] > 0 and leads[u] > 0, extra[u], u))
        assert extra[unit] and leads[unit], "the demo needs a unit involved beyond its lead"
        street = Counter(r[1] for r in rows if r[1]).most_common(1)[0][0]
        other = sorted({r[1] for r in rows if r[1] and r[1] != street})[0]
        with ctx.unit_of_work() as uow:
            units = frozenset(uow.session.scalars(
                select(Unit.code).where(Unit.street_code == street)))
            other_units = frozenset(uow.session.scalars(
                select(Unit.code).where(Unit.street_code == other)))
        self.unit_code, self.street, self.other_street = unit, street, other
        self.unit = Principal(10, "unit", "unit", Role.HANDLING_UNIT, ScopeKind.UNIT, unit,
                              None, unit)
        self.street_op = Principal(11, "street", "street", Role.DISPATCHER, ScopeKind.STREET,
                                   street, None, f"{street}-ZX", units)
        self.other_op = Principal(12, "other", "other", Role.DISPATCHER, ScopeKind.STREET,
                                  other, None, f"{other}-ZX", other_units)
        self.street_viewer = Principal(13, "sviewer", "sviewer", Role.VIEWER, ScopeKind.STREET,
                                       street, None, f"{street}-ZX", units)
        self.street_leader = Principal(14, "sleader", "sleader", Role.SHIFT_LEADER,
                                       ScopeKind.STREET, street, None, f"{street}-ZX", units)
        self.viewer = Principal(15, "viewer", "viewer", Role.VIEWER)
        self.supervisor = Principal(16, "sup", "sup", Role.SUPERVISOR)
        self.leader = Principal(17, "leader", "leader", Role.SHIFT_LEADER)
        self.scoped = (self.unit, self.street_op, self.street_viewer)
        self.district = (self.viewer, self.supervisor)


@pytest.fixture
def people(sctx) -> People:
    return People(sctx)


def as_(ctx, p: Principal | None) -> None:
    ctx.principal = p


# ------------------------------------------------------------------ the rule, three readings
def test_scope_clause_and_mask_agree_with_the_rule(sctx, people):
    ctx = sctx
    rows = case_rows(ctx)
    ids = np.array([r[0] for r in rows], dtype=np.int64)
    streets = np.array([r[1] for r in rows], dtype=object)
    leads = np.array([r[2] for r in rows], dtype=object)
    everything = set(ids.tolist())
    for p in people.scoped:
        want = expected_ids(ctx, p)
        assert 0 < len(want) < len(everything), p.username
        as_(ctx, p)
        with ctx.unit_of_work() as uow:
            by_sql = set(uow.session.scalars(select(Case.id).where(scope_clause(p))))
        assert by_sql == want, p.username
        assert set(ids[visible_mask(ctx, streets, leads, ids)].tolist()) == want, p.username
        assert visible_ids(ctx, ids) == want, p.username
    # the unit sees cases it only co-handles or was whistled to (beyond its lead column)
    assert expected_ids(ctx, people.unit) - {r[0] for r in rows if r[2] == people.unit_code}
    for p in (None, *people.district):
        as_(ctx, p)
        assert scope_clause(p) is None and visible_mask(ctx, streets, leads, ids) is None
        assert visible_ids(ctx, ids) is None


# ------------------------------------------------------------------ map
def test_map_points_and_grid_metrics_cover_the_scope_only(sctx, people):
    ctx = sctx
    geo = mq.map_geometry()
    full = mq.load_map(ctx, kpis=False)
    for p in people.scoped:
        as_(ctx, p)
        data = mq.load_map(ctx, kpis=False)
        want = expected_ids(ctx, p)
        assert set(data.points.id.tolist()) == want, p.username
        assert (np.diff(data.points.id) > 0).all()
        rows = full.points.rows_of(data.points.id)  # the same rows as the unscoped load
        for name in mq.CasePoints.FIELDS:
            assert np.array_equal(getattr(data.points, name), getattr(full.points, name)[rows],
                                  equal_nan=name in ("lon", "lat", "x", "y")), name
        mine = np.isin(full.points.id, list(want))
        assert np.array_equal(data.metrics["open"],
                              mq.per_grid_count(geo, full.points, mine & full.points.open))
        assert data.metrics["open"].sum() < full.metrics["open"].sum()
    for p in people.district:
        as_(ctx, p)
        assert np.array_equal(mq.case_points(ctx).id, full.points.id)


def test_map_kpi_rates_use_the_scope_cohort(sctx, people):
    ctx = sctx
    geo = mq.map_geometry()
    full = mq.GridKpis.compute(ctx, geo)
    assert len(full.case_id)
    as_(ctx, people.street_op)
    mine = mq.GridKpis.compute(ctx, geo)
    want = expected_ids(ctx, people.street_op)
    assert set(mine.case_id.tolist()) == set(full.case_id.tolist()) & want
    assert len(mine.case_id) < len(full.case_id)
    den = sum(mine.den[n].sum() for n in mine.indicators)
    assert den < sum(full.den[n].sum() for n in full.indicators)


def test_map_changes_return_only_visible_cases_and_drop_the_others(sctx, people):
    ctx = sctx
    p = people.unit
    want = sorted(expected_ids(ctx, p))
    outside = sorted(all_ids(ctx) - set(want))
    asked = want[:3] + outside[:3] + [10**9]  # the last one does not exist
    as_(ctx, None)
    full = mq.case_points(ctx)
    as_(ctx, p)
    patch = mq.map_changes(ctx, asked)
    assert patch.points.id.tolist() == want[:3]
    assert sorted(patch.points.removed.tolist()) == sorted(outside[:3] + [10**9])
    # patching arrays that still hold the out-of-scope rows drops them
    rows = full.patch(patch.points)
    assert not np.isin(outside[:3], full.id).any()
    assert full.id[rows].tolist() == want[:3]
    assert len(full) == len(all_ids(ctx)) - 3
    assert mq.case_tip(ctx, outside[0]) is None
    assert mq.case_tip(ctx, want[0])["id"] == want[0]


# ------------------------------------------------------------------ stats and overview
def test_store_stats_count_the_scope(sctx, people):
    ctx = sctx
    full = store_stats(ctx)
    assert not full["scoped"]
    for p in people.scoped:
        as_(ctx, p)
        want = expected_ids(ctx, p)
        stats = store_stats(ctx)
        assert stats["scoped"] and stats["cases"] == len(want) < full["cases"]
        with ctx.unit_of_work() as uow:
            states = dict(uow.session.execute(select(Case.state, func.count())
                                              .where(Case.id.in_(want)).group_by(Case.state)).all())
            events = uow.session.scalar(select(func.count()).select_from(CaseEvent)
                                        .where(CaseEvent.case_id.in_(want)))
        assert {k: v for k, v in stats["by_state"].items() if v} == states
        assert sum(stats["by_channel"].values()) == len(want)
        assert stats["events"] == events < full["events"]
    as_(ctx, people.supervisor)
    assert store_stats(ctx)["cases"] == full["cases"]


def test_cases_per_day_count_the_scope(sctx, people):
    ctx = sctx
    until = NOW.date()
    full = cases_per_day(ctx, days=60, until=until)
    as_(ctx, people.street_op)
    want = expected_ids(ctx, people.street_op)
    mine = cases_per_day(ctx, days=60, until=until)
    first = datetime.combine(until - timedelta(days=59), datetime.min.time())
    with ctx.unit_of_work() as uow:
        n = uow.session.scalar(select(func.count()).select_from(Case).where(
            Case.id.in_(want), Case.reported_at >= first,
            Case.reported_at < datetime.combine(until + timedelta(days=1),
                                                datetime.min.time())))
    assert mine.total == n and 0 < n < full.total
    assert (mine.counts <= full.counts).all()
    assert isinstance(cases_per_day(ctx, days=7).days[0].astype(object), date)
