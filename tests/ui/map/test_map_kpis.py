"""The map's KPI rates follow change batches: `GridKpis.update` recomputes only the grids a
batch touches and ends where a full computation would; the page recolours without a reload."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pytest
from sqlalchemy import select, update

from commandcenter.services import map_query as mq
from commandcenter.services.dto import ChangeBatch
from commandcenter.store.models import Case


@pytest.fixture
def ctx(seeded_db_url):
    from commandcenter.services.context import AppContext

    ctx = AppContext.open(seeded_db_url)
    yield ctx
    ctx.close()


def _counted_case(ctx, geo, now):
    """A case of this month's cohort that counts in some grid's closing-rate denominator,
    and a comprehensive grid (of another host family) where nothing is due yet."""
    from commandcenter.analytics import Assessment
    from commandcenter.domain.indicators import ObjectType, Period
    from commandcenter.services.kpi import fetch_cases, fetch_events

    period = Period.month(now.year, now.month)
    cohort = (Case.registered_at >= period.start) & (Case.registered_at < period.end)
    a = Assessment(fetch_events(ctx, cohort, until=now), fetch_cases(ctx, cohort), period,
                   as_of=now, calendar=ctx.calendar)
    items = a.items(ObjectType.GRID, "closing_rate")
    case_id = int(np.asarray(items.case)[np.asarray(items.weights("den")) > 0][0])
    with ctx.unit_of_work() as uow:
        code = uow.session.execute(select(Case.grid_code).where(Case.id == case_id)).scalar()
    rates = mq.grid_kpis(ctx, geo, now)["closing_rate"]
    source = geo.index_of[code]
    empty = np.flatnonzero(np.isnan(rates) & ~geo.is_dedicated
                           & (geo.host != geo.host[source]))
    return case_id, source, int(empty[0])


def _move(ctx, case_id: int, code: str) -> None:
    with ctx.unit_of_work(write=True) as uow:
        uow.session.execute(update(Case).where(Case.id == case_id).values(grid_code=code))


def test_update_recomputes_only_the_touched_families_and_matches_a_full_computation(ctx):
    geo = mq.map_geometry()
    now = ctx.now()
    kpis = mq.GridKpis.compute(ctx, geo, now)
    case_id, source, target = _counted_case(ctx, geo, now)
    before = kpis.rates(geo)
    _move(ctx, case_id, str(geo.codes[target]))

    grids = kpis.update(ctx, geo, [case_id], now)
    # where the case was and where it is now, each with its host's dedicated grids; no more
    families = np.isin(geo.host, [geo.host[source], geo.host[target]])
    assert sorted(grids.tolist()) == np.flatnonzero(families).tolist()
    after = kpis.rates(geo)
    fresh = mq.grid_kpis(ctx, geo, now)
    for name in mq.KPI_METRICS:
        np.testing.assert_allclose(after[name], fresh[name], equal_nan=True)
    assert np.isnan(before["closing_rate"][target]) and np.isfinite(after["closing_rate"][target])
    # the cohort map follows the move: a second move recomputes from the new grid
    assert kpis.case_grid[np.searchsorted(kpis.case_id, case_id)] == target


def test_update_ignores_batches_outside_the_cohort_and_recomputes_all_in_a_new_month(ctx):
    geo = mq.map_geometry()
    now = ctx.now()
    kpis = mq.GridKpis.compute(ctx, geo, now)
    assert kpis.update(ctx, geo, [10 ** 9], now).size == 0  # a case id that does not exist
    month_start = now.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    with ctx.unit_of_work() as uow:  # not registered this month: the case counts in no rate
        old = uow.session.execute(select(Case.id).where(
            Case.registered_at.is_(None) | (Case.registered_at < month_start),
            Case.grid_code.is_not(None))).scalar()
    assert old is not None and old not in set(kpis.case_id.tolist())
    assert kpis.update(ctx, geo, [old], now).size == 0
    later = now.replace(day=1, hour=9) + (now.replace(day=28) - now.replace(day=1)) * 2
    assert (later.year, later.month) != (now.year, now.month)
    grids = kpis.update(ctx, geo, [], later)
    assert len(grids) == len(geo.codes) and (kpis.year, kpis.month) == (later.year, later.month)


def test_rates_sum_every_dedicated_grid_into_its_host():
    """Two dedicated grids of one host both count (a fancy-index += would keep one). The
    demo has at most one site per host, so the geometry here is a stand-in: grid 0 hosts the
    dedicated grids 1 and 2; grid 3 is a comprehensive grid of its own."""
    geo = SimpleNamespace(host=np.array([0, 0, 0, 3]),
                          is_dedicated=np.array([False, True, True, False]))
    num = {k: np.array([0.0, 1.0, 1.0, 3.0]) for k in mq.KPI_METRICS}
    den = {k: np.array([4.0, 2.0, 2.0, 0.0]) for k in mq.KPI_METRICS}
    kpis = mq.GridKpis(2026, 11, num, den, np.empty(0, np.int64), np.empty(0, np.int32))
    rates = kpis.rates(geo)["closing_rate"]
    assert rates[0] == pytest.approx(100 * 2 / 8)
    assert rates[1:3].tolist() == [50.0, 50.0] and np.isnan(rates[3])
    assert num["closing_rate"][0] == 0.0  # the own sums are left as they were


def test_the_page_recolours_kpi_rates_from_a_change_batch(qtbot, ctx, seeded_db_url):
    from commandcenter.ui.db_worker import DbWorker
    from commandcenter.ui.map import MapPage

    worker = DbWorker()
    page = MapPage(worker, ctx)
    qtbot.addWidget(page)
    try:
        with qtbot.waitSignals([page.sig_refreshed, page.sig_kpis_loaded], timeout=30000):
            page.refresh()
        page.metric_combo.setCurrentIndex(page.metric_combo.findData("closing_rate"))
        geo = page.canvas.geo
        case_id, _source, target = _counted_case(ctx, geo, ctx.now())
        image = np.array(page.canvas.choropleth.image, copy=True)
        _move(ctx, case_id, str(geo.codes[target]))
        with qtbot.waitSignal(page.sig_patched, timeout=10000):
            page.apply_changes(ChangeBatch(max_seq=10 ** 6, case_ids=(case_id,)))
        rates = page.canvas.metrics["closing_rate"]
        np.testing.assert_allclose(rates, mq.grid_kpis(ctx, geo)["closing_rate"],
                                   equal_nan=True)
        assert np.isfinite(rates[target])
        assert not np.array_equal(page.canvas.choropleth.image, image)  # recoloured in place
        assert page.data.metrics["closing_rate"] is rates
    finally:
        page.close()
        worker.shutdown()


def test_the_map_draws_before_the_kpi_step_and_recolours_when_it_arrives(qtbot, ctx):
    from commandcenter.ui.db_worker import DbWorker
    from commandcenter.ui.map import MapPage

    worker = DbWorker()
    page = MapPage(worker, ctx)
    qtbot.addWidget(page)
    seen = {}

    def on_refreshed():
        seen["kpis"] = "closing_rate" in page.canvas.metrics
        seen["legend"] = page.legend.text()
        seen["image"] = np.array(page.canvas.choropleth.image, copy=True)

    page.sig_refreshed.connect(on_refreshed)
    try:
        page.metric_combo.addItem("closing_rate", "closing_rate")  # shown before any load
        page.metric_combo.setCurrentIndex(page.metric_combo.findData("closing_rate"))
        with qtbot.waitSignals([page.sig_refreshed, page.sig_kpis_loaded], timeout=30000):
            page.refresh()
        assert seen["kpis"] is False  # points and counts first, without waiting for the KPIs
        assert page.text.tr("being computed…") in seen["legend"]
        assert seen["image"][..., 3].max() == 0  # outlines only, not "no case due" grey
        assert page.canvas.metric_name == "closing_rate" and "closing_rate" in page.canvas.metrics
        assert page.text.tr("being computed…") not in page.legend.text()
        assert not np.array_equal(page.canvas.choropleth.image, seen["image"])  # recoloured
    finally:
        page.close()
        worker.shutdown()
