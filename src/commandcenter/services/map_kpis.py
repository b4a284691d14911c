"""The map's KPI rates per grid ("ontime_closing_rate", "closing_rate", in %), kept up to date
from change batches on the DB worker (`services.map_query` re-exports everything here).

Contracts
- `KPI_METRICS`: the rate metrics' names. `GridKpis` holds them for the current calendar month,
  computed with the indicator core itself (`analytics.Assessment`, the KPI issue's definitions:
  closed [on time] / (should close − hung) of the cases registered this month), fetching only
  that month's cohort (cases registered in the month and their events), so a 1M-case map load
  pays for one month of cases, not for the history. It keeps numerators and denominators per
  grid and sums a dedicated grid's into its host comprehensive grid when dividing (NaN where
  nothing is due). `GridKpis.update(ctx, geo, case_ids)` (DB worker) recomputes only the grids
  a change batch touches (where the cases are now and where they were), each with its host's
  family; a new month recomputes all. Between batches the figures are as of their last
  computation (a grid nobody touches keeps the `as_of` of its last computation: "should close"
  counts deadlines up to then).
- `grid_kpis(ctx, geo, now)` -> {name: % per grid} in one call.
- Two-step load for the page (the KPI step fetches a month of events: seconds at 1M cases):
  `load_kpis(ctx, slot)` -> rates, keeping the `GridKpis` in a `KpiSlot` that later
  `map_query.map_changes(ctx, ids, slot)` calls update.
- Scope (issue 8): with a signed-in principal that does not see the whole district the rates
  are computed over the scope's cohort (`kpi_rows.scope_clause`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

import numpy as np
from sqlalchemy import select

from commandcenter.geo.map_geometry import MapGeometry, map_geometry
from commandcenter.services.kpi_rows import scope_clause
from commandcenter.store.models import Case

if TYPE_CHECKING:
    from commandcenter.services.context import AppContext

KPI_METRICS = ("ontime_closing_rate", "closing_rate")


def _kpi_sums(ctx: AppContext, geo: MapGeometry, now: datetime, where,
              indicators: Sequence[str]) -> tuple[dict, dict, np.ndarray, np.ndarray]:
    """Own (not host-summed) numerators and denominators per grid of the month's cohort cases
    matching `where`, and those cases' ids (sorted) and grid indices."""
    from commandcenter.analytics import Assessment
    from commandcenter.domain.indicators import ObjectType
    from commandcenter.services.kpi import fetch_cases, fetch_events

    period = _month(now)
    cohort = (Case.registered_at >= period.start) & (Case.registered_at < period.end)
    if where is not None:
        cohort = cohort & where
    scope = scope_clause(getattr(ctx, "principal", None))  # the rates of what the principal may see
    if scope is not None:
        cohort = cohort & scope
    n = len(geo.codes)
    num = {name: np.zeros(n) for name in indicators}
    den = {name: np.zeros(n) for name in indicators}
    # the cohort's ids and grids come from the case frame the Assessment needs anyway (one
    # scan of the cases fewer: registered_at has no index, each cohort read scans them all)
    cases = fetch_cases(ctx, cohort)
    ids = cases.index.to_numpy(np.int64)  # the frame is indexed by case id, sorted
    grids = geo.grid_indexes(cases["grid_code"].astype(object).to_numpy())
    if not len(ids):
        return num, den, ids, grids
    a = Assessment(fetch_events(ctx, cohort, until=now), cases, period,
                   as_of=now, calendar=ctx.calendar,
                   stage_limits=getattr(ctx.lifecycle, "stage_limits", None))
    for name in indicators:
        items = a.items(ObjectType.GRID, name)
        where_i = np.array([geo.index_of.get(str(c), -1) for c in items.labels], dtype=np.int64)
        ok = where_i >= 0
        for part, out in (("num", num), ("den", den)):
            per_label = np.asarray(items.sums(items.weights(part)), dtype=float)
            out[name] = np.bincount(where_i[ok], weights=per_label[ok], minlength=n)
    return num, den, ids, grids


def _month(now: datetime):
    from commandcenter.domain.indicators import Period

    return Period.month(now.year, now.month)


@dataclass
class GridKpis:
    """The month's KPI rates per grid, kept as sums so a change batch recomputes only the grids
    it touches (see the module docstring).

    `num`/`den`: {indicator: own sums per grid} (a dedicated grid's own cases only; `rates`
    adds them into the host). `case_id` (sorted) / `case_grid`: the cohort's cases and their
    grid index, to know which grids a changed case leaves. Owned by the DB worker: `update`
    mutates it there; the UI only reads the rate arrays handed back.
    """

    year: int
    month: int
    num: dict[str, np.ndarray]
    den: dict[str, np.ndarray]
    case_id: np.ndarray
    case_grid: np.ndarray
    indicators: tuple[str, ...] = KPI_METRICS

    @classmethod
    def compute(cls, ctx: AppContext, geo: MapGeometry, now: datetime | None = None,
                indicators: Sequence[str] = KPI_METRICS) -> GridKpis:
        now = now or ctx.now()
        num, den, ids, grids = _kpi_sums(ctx, geo, now, None, indicators)
        return cls(now.year, now.month, num, den, ids, grids, tuple(indicators))

    def rates(self, geo: MapGeometry) -> dict[str, np.ndarray]:
        """{indicator: % per grid}; dedicated grids count in their host too; NaN: none due."""
        dedicated = np.flatnonzero(geo.is_dedicated)
        out = {}
        for name in self.indicators:
            num, den = self.num[name].copy(), self.den[name].copy()
            np.add.at(num, geo.host[dedicated], self.num[name][dedicated])
            np.add.at(den, geo.host[dedicated], self.den[name][dedicated])
            with np.errstate(divide="ignore", invalid="ignore"):
                out[name] = np.where(den > 0, 100.0 * num / den, np.nan)
        return out

    def update(self, ctx: AppContext, geo: MapGeometry, case_ids: Sequence[int],
               now: datetime | None = None) -> np.ndarray:
        """Bring the sums up to date after `case_ids` changed; returns the grid indices
        recomputed (every grid after a month change, none when no cohort grid is touched).

        Touched grids: those the changed cases of the month's cohort are in now and were in at
        the last computation (a case registered in another month counts in no rate); each is
        widened to its host's family (the host and all its dedicated grids), whose
        rates share the host's sums. Only that family's cohort cases are fetched again.
        """
        now = now or ctx.now()
        if (now.year, now.month) != (self.year, self.month):
            fresh = GridKpis.compute(ctx, geo, now, self.indicators)
            self.__dict__.update(fresh.__dict__)
            return np.arange(len(geo.codes))
        ids = np.unique(np.asarray(list(case_ids), dtype=np.int64))
        pos = np.searchsorted(self.case_id, ids)
        pos = np.minimum(pos, max(len(self.case_id) - 1, 0))
        known = (self.case_id[pos] == ids) if len(self.case_id) else np.zeros(len(ids), bool)
        touched = set(self.case_grid[pos[known]].tolist())
        period = _month(now)
        with ctx.unit_of_work() as uow:
            for s in range(0, len(ids), 500):
                chunk = ids[s:s + 500].tolist()
                stmt = select(Case.grid_code).where(
                    Case.id.in_(chunk), Case.registered_at >= period.start,
                    Case.registered_at < period.end)  # cases outside the cohort count nowhere
                for (code,) in uow.session.execute(stmt):
                    touched.add(geo.index_of.get(code, -1))
        touched.discard(-1)
        if not touched:
            return np.empty(0, np.int64)
        family = np.flatnonzero(np.isin(geo.host, geo.host[sorted(touched)]))
        codes = [str(c) for c in geo.codes[family]]
        num, den, new_ids, new_grids = _kpi_sums(ctx, geo, now, Case.grid_code.in_(codes),
                                                 self.indicators)
        for name in self.indicators:
            self.num[name][family] = num[name][family]
            self.den[name][family] = den[name][family]
        keep = ~np.isin(self.case_grid, family)
        all_ids = np.concatenate([self.case_id[keep], new_ids])
        all_grids = np.concatenate([self.case_grid[keep], new_grids])
        order = np.argsort(all_ids, kind="stable")
        self.case_id, self.case_grid = all_ids[order], all_grids[order]
        return family


def grid_kpis(ctx: AppContext, geo: MapGeometry, now: datetime | None = None,
              indicators: Sequence[str] = KPI_METRICS) -> dict[str, np.ndarray]:
    """Per grid, the current month's KPI rates in % (see the module docstring)."""
    return GridKpis.compute(ctx, geo, now, indicators).rates(geo)


def current_geometry(ctx: AppContext) -> MapGeometry:
    """The map geometry of the grids layer the database holds now (one small settings read:
    a grids file applied on another workstation counts at the next load or change batch)."""
    with ctx.unit_of_work() as uow:
        layer = ctx.current_grid_layer(uow.session)
    return map_geometry(layer)


class KpiSlot:
    """Where the DB worker keeps a page's `GridKpis` between tasks: `load_kpis` fills it,
    `map_changes` reads and updates it. Only worker tasks touch it (the worker is serial, so
    a batch queued after `load_kpis` sees its result)."""

    def __init__(self) -> None:
        self.kpis: GridKpis | None = None
        self.geometry: MapGeometry | None = None  # the one `kpis` were computed on


def load_kpis(ctx: AppContext, slot: KpiSlot | None = None,
              now: datetime | None = None) -> dict[str, np.ndarray]:
    """The month's KPI rates per grid ({name: %}), keeping the `GridKpis` in `slot`."""
    geo = current_geometry(ctx)
    kpis = GridKpis.compute(ctx, geo, now)
    if slot is not None:
        slot.kpis, slot.geometry = kpis, geo
    return kpis.rates(geo)
