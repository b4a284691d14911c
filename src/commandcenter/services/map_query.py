"""The map's data, as numpy arrays, computed off the UI thread (the map view calls these on the
shared DB worker and only draws what they return).

Contracts
- Geometry (projection to local metres, outlines, label raster, hosts, exact hit testing that
  prefers dedicated grids): `commandcenter.geo.map_geometry` (`MapGeometry`, `map_geometry()`),
  re-exported here.
- `case_points(ctx)` -> `CasePoints`: one row per case (every state; sorted by id): id, lon/lat,
  projected x/y, state (index into `STATES`), aging class (`AGING_*`), priority, emergency,
  grid index into the grids layer (-1 when the case has no grid / lies outside).
- Aging (vectorised approximation, documented on purpose): RED when the clock's `due_at` is
  before now and the clock is not paused; YELLOW when at least 80% of the budget
  (due_at - due_start) has elapsed in **natural** time; GREEN otherwise and for paused clocks;
  NONE for cases without a clock (closed, void, ...). The board's exact colours count working
  time with the business calendar (analytics.live.aging); on the map a case near the threshold
  may therefore turn yellow a few hours earlier or later (nights and weekends count here).
- `grid_metrics(geo, points)` -> {metric name: float array per grid}: "open", "overdue",
  "density" (open cases per km²). A case counts in its own grid and, for a dedicated grid, in
  its host comprehensive grid too (the choropleth colours the comprehensive partition).
  Pluggable: `register_metric(name, fn(geo, points) -> array)` adds any per-grid figure (e.g. a
  KPI column from the KPI issue); the view lists every registered metric.
- KPI metrics (`KPI_METRICS`: "ontime_closing_rate", "closing_rate", in %): `GridKpis` holds
  them for the current calendar month, computed with the indicator core itself
  (`analytics.Assessment`, the KPI issue's definitions: closed [on time] / (should close − hung)
  of the cases registered this month), fetching only that month's cohort (cases registered in
  the month and their events), so a 1M-case map load pays for one month of cases, not for the
  history. It keeps numerators and denominators per grid and sums a dedicated grid's into its
  host comprehensive grid when dividing (NaN where nothing is due). `GridKpis.update(ctx, geo,
  case_ids)` (DB worker) recomputes only the grids a change batch touches (where the cases
  are now and where they were), each with its host's family; a new month recomputes all.
  Between batches the figures are as of their last computation (a grid nobody touches keeps
  the `as_of` of its last computation: "should close" counts deadlines up to then).
  `grid_kpis(ctx, geo, now)` -> {name: % per grid} in one call.
- `metric_unit(name)` -> "%" for rate metrics, "" otherwise (legend and colour scale).
- `grid_workers(ctx)` -> {grid code: [names]} (current assignments, leader first).
- `load_map(ctx)` -> `MapData` (all of the above, one call for a full load; `MapData.kpis` is
  the `GridKpis` behind the rate metrics).
- `apply_changes(ctx, case_ids)` -> `CasePoints` of just those cases (missing ids omitted) to
  patch arrays in place (`CasePoints.patch`).
- `map_changes(ctx, case_ids, kpis)` -> `MapPatch(points, rates, kpi_grids)`: one change batch
  (DB worker): `apply_changes` plus `kpis.update` and the new rates when a KPI grid changed.
- Two-step load for the page (the KPI step fetches a month of events: seconds at 1M cases):
  `load_map(ctx, kpis=False)` then `load_kpis(ctx, slot)` -> rates, keeping the `GridKpis` in
  a `KpiSlot` that later `map_changes(ctx, ids, slot)` calls update.
- `case_tip(ctx, case_id)` -> dict for a hover tooltip (code, category, state, time left).
- Scope (issue 8): with a signed-in principal (``ctx.principal``) that does not see the whole
  district, `case_points` holds only the cases in its scope (`permissions.scope_mask` over the
  loaded street/lead-unit columns, plus a unit's co-handled and whistled cases), so the per-grid
  metrics count visible cases only; `apply_changes` returns only visible cases and lists the
  requested ids that are not (out of scope now, or gone) in `CasePoints.removed`, which
  `CasePoints.patch` drops from the arrays; the KPI rates (`GridKpis`) are computed over the
  scope's cohort (the same rule as a SQL condition); `case_tip` is None outside the scope.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

import numpy as np
from sqlalchemy import Integer, case, cast, func, select

from commandcenter.domain.vocabulary import OPEN_STATES, State
from commandcenter.geo.map_geometry import (  # noqa: F401 - re-exported for the map view
    OUTLINE_LAYERS,
    MapGeometry,
    map_geometry,
)
from commandcenter.services.kpi_rows import scope_clause, visible_ids, visible_mask
from commandcenter.store.models import Case, Category, GridAssignment, Person

if TYPE_CHECKING:
    from commandcenter.services.context import AppContext

STATES: tuple[State, ...] = tuple(State)
_STATE_INDEX = {s.value: i for i, s in enumerate(STATES)}
OPEN_MASK = np.array([s in OPEN_STATES for s in STATES])  # by state index
AGING_NONE, AGING_GREEN, AGING_YELLOW, AGING_RED = 0, 1, 2, 3
YELLOW_AT = 0.8


@dataclass
class CasePoints:
    """Per-case arrays, one row per case, sorted by id (see the module docstring)."""

    id: np.ndarray  # int64
    lon: np.ndarray
    lat: np.ndarray
    x: np.ndarray
    y: np.ndarray
    state: np.ndarray  # int16 index into STATES
    aging: np.ndarray  # int8 AGING_*
    priority: np.ndarray  # int8
    emergency: np.ndarray  # bool
    grid: np.ndarray  # int32 grid index, -1 none
    # ids to drop when patching (no longer visible: out of the principal's scope, or gone)
    removed: np.ndarray = field(default_factory=lambda: np.empty(0, np.int64))

    FIELDS = ("id", "lon", "lat", "x", "y", "state", "aging", "priority", "emergency", "grid")

    def __len__(self) -> int:
        return len(self.id)

    @property
    def open(self) -> np.ndarray:
        return OPEN_MASK[self.state]

    def rows_of(self, ids: Sequence[int] | np.ndarray) -> np.ndarray:
        """Row positions of the given ids (those present), ascending by id."""
        ids = np.asarray(ids, dtype=np.int64)
        pos = np.searchsorted(self.id, ids)
        pos = np.minimum(pos, max(len(self.id) - 1, 0))
        found = (len(self.id) > 0) & (self.id[pos] == ids) if len(self.id) else np.zeros(0, bool)
        return pos[found]

    def patch(self, update: CasePoints) -> np.ndarray:
        """Overwrite the rows of `update`'s ids in place; append new ids (re-sorting); drop
        the rows of `update.removed`.

        Returns the row positions (after any append or drop) of the updated cases.
        """
        if len(update.removed) and len(self.id):
            keep = ~np.isin(self.id, update.removed)
            if not keep.all():
                for name in self.FIELDS:
                    setattr(self, name, getattr(self, name)[keep])
        pos = np.searchsorted(self.id, update.id)
        known = (pos < len(self.id)) & (self.id[np.minimum(pos, len(self.id) - 1)] == update.id) \
            if len(self.id) else np.zeros(len(update.id), bool)
        for name in self.FIELDS:
            getattr(self, name)[pos[known]] = getattr(update, name)[known]
        if (~known).any():
            order = None
            for name in self.FIELDS:
                joined = np.concatenate([getattr(self, name), getattr(update, name)[~known]])
                if order is None:
                    order = np.argsort(joined, kind="stable")
                setattr(self, name, joined[order])
        return self.rows_of(update.id)


def _epoch_days(dialect: str, column):
    """A datetime column as fractional days (so the arithmetic happens in one float column)."""
    if dialect == "sqlite":
        return func.julianday(column)
    return func.extract("epoch", column) / 86400.0


def _now_days(dialect: str, now: datetime) -> float:
    if dialect == "sqlite":  # julianday of the Unix epoch is 2440587.5
        return 2440587.5 + (now - datetime(1970, 1, 1)).total_seconds() / 86400.0
    return (now - datetime(1970, 1, 1)).total_seconds() / 86400.0


_N_STATES = len(STATES)


def case_select(dialect: str):
    """The map's columns of every case, shaped for `points_from_rows`: id, lon, lat, `packed`,
    grid_code, due_start and due_at as epoch days.

    Why packed: at 1M cases the load is bound by the driver creating one Python object per
    value, so the small fields travel as one integer computed by the database, `packed` =
    state index + S * (emergency + 2 * clock_paused + 4 * priority) with S = len(STATES)
    (an unknown state reads as index 0); small ints are shared objects, strings are not.
    """
    state = case({s.value: i for i, s in enumerate(STATES)}, value=Case.state, else_=0)
    flags = (cast(func.coalesce(Case.emergency, False), Integer)
             + 2 * cast(func.coalesce(Case.clock_paused, False), Integer)
             + 4 * func.coalesce(Case.priority, 0))
    return select(Case.id, Case.lon, Case.lat, (state + _N_STATES * flags).label("packed"),
                  Case.grid_code, _epoch_days(dialect, Case.due_start),
                  _epoch_days(dialect, Case.due_at))


def _raw_rows(session, stmt) -> list[tuple]:
    """The DBAPI cursor's own tuples for `stmt` (no Row objects, no per-value processing:
    `points_from_rows` converts whole columns)."""
    result = session.connection().execute(stmt)
    try:
        return result.cursor.fetchall() if result.cursor is not None else []
    finally:
        result.close()


def _floats(column: np.ndarray) -> np.ndarray:
    """An object column of numbers/None (Decimal from PostgreSQL's numeric) as float64, NaN
    for None."""
    return column.astype(np.float64) if len(column) else np.empty(0)


def grid_indexes(geo: MapGeometry, codes: np.ndarray) -> np.ndarray:
    """Grid index (into `geo`'s grids) per grid code of an object array; -1 for None or a code
    the shipped layers do not have. Vectorised: each distinct code is looked up once."""
    import pandas as pd  # the app has it loaded (indicator core); lazy for lighter imports

    if not len(codes):
        return np.empty(0, np.int32)
    where, distinct = pd.factorize(codes, use_na_sentinel=True)
    lookup = np.array([geo.index_of.get(c, -1) for c in distinct] + [-1], dtype=np.int32)
    return lookup[where]  # the sentinel -1 picks the trailing -1


def points_from_rows(dialect: str, geo: MapGeometry, rows: list, now: datetime) -> CasePoints:
    """CasePoints from DBAPI rows shaped like `case_select` (any order: sorted by id here);
    public for the benchmark. Whole-column conversions only (no per-row Python)."""
    n = len(rows)
    table = np.array(rows, dtype=object).reshape(n, 7)  # one C pass over the tuples
    ids = table[:, 0].astype(np.int64)
    if n and (np.diff(ids) < 0).any():
        order = np.argsort(ids, kind="stable")
        table, ids = table[order], ids[order]
    lon, lat = _floats(table[:, 1]), _floats(table[:, 2])
    packed = table[:, 3].astype(np.int64)
    flags, state = np.divmod(packed, _N_STATES)
    emergency = (flags & 1).astype(bool)
    paused = (flags & 2).astype(bool)
    priority = (flags >> 2).astype(np.int8)
    grid = grid_indexes(geo, table[:, 4])
    start, due = _floats(table[:, 5]), _floats(table[:, 6])
    x, y = geo.project(lon, lat)
    return CasePoints(ids, lon, lat, x, y, state.astype(np.int16),
                      aging_classes(start, due, paused, _now_days(dialect, now)),
                      priority, emergency, grid)


def aging_classes(start: np.ndarray, due: np.ndarray, paused: np.ndarray,
                  now: float) -> np.ndarray:
    """AGING_* per case from clock start/deadline in days (NaN: no clock); natural time."""
    has = ~np.isnan(due)
    red = has & ~paused & (due < now)
    with np.errstate(invalid="ignore", divide="ignore"):
        fraction = (now - start) / (due - start)
    yellow = has & ~red & ~paused & (fraction >= YELLOW_AT - 1e-9)
    out = np.where(has, AGING_GREEN, AGING_NONE).astype(np.int8)
    out[yellow] = AGING_YELLOW
    out[red] = AGING_RED
    return out


def case_points(ctx: AppContext, now: datetime | None = None) -> CasePoints:
    """Every case as map arrays (see `CasePoints`): one query of the needed columns, read
    through the DBAPI cursor and converted column by column (~1M cases in a few seconds)."""
    geo = map_geometry()
    stmt = case_select(ctx.dialect_name)
    scoped = scope_clause(getattr(ctx, "principal", None)) is not None
    if scoped:  # the two scope columns travel only when they are needed
        stmt = stmt.add_columns(Case.street_code, Case.lead_unit)
    with ctx.unit_of_work() as uow:
        rows = _raw_rows(uow.session, stmt.order_by(Case.id))
    if scoped:
        table = np.array(rows, dtype=object).reshape(len(rows), 9)
        mask = visible_mask(ctx, table[:, 7], table[:, 8], table[:, 0].astype(np.int64))
        rows = table[mask, :7] if mask is not None else table[:, :7]
    return points_from_rows(ctx.dialect_name, geo, rows, now or ctx.now())


def apply_changes(ctx: AppContext, case_ids: Sequence[int],
                  now: datetime | None = None) -> CasePoints:
    """The current rows of `case_ids` the principal may see; the other requested ids (gone,
    or out of its scope) are listed in `CasePoints.removed`."""
    geo = map_geometry()
    ids = sorted({int(i) for i in case_ids})
    rows: list = []
    with ctx.unit_of_work() as uow:
        for s in range(0, len(ids), 500):
            stmt = case_select(ctx.dialect_name).where(Case.id.in_(ids[s:s + 500]))
            rows.extend(_raw_rows(uow.session, stmt))
    seen = visible_ids(ctx, (r[0] for r in rows))
    if seen is not None:
        rows = [r for r in rows if int(r[0]) in seen]  # a change batch: a few hundred rows
    points = points_from_rows(ctx.dialect_name, geo, rows, now or ctx.now())
    asked = np.asarray(ids, dtype=np.int64)
    points.removed = asked[~np.isin(asked, points.id)]
    return points


# --- per-grid metrics -------------------------------------------------------------------------

MetricFn = Callable[[MapGeometry, CasePoints], np.ndarray]
_METRICS: dict[str, MetricFn] = {}


def register_metric(name: str, fn: MetricFn) -> None:
    """Add (or replace) a choropleth metric: fn(geometry, points) -> one float per grid."""
    _METRICS[name] = fn


def metric_names() -> list[str]:
    """Every choropleth metric: the point-based ones, then the KPI rates of `load_map`."""
    return [*_METRICS, *(k for k in KPI_METRICS if k not in _METRICS)]


KPI_METRICS = ("ontime_closing_rate", "closing_rate")
RATE_METRICS = frozenset(KPI_METRICS)


def metric_unit(name: str) -> str:
    return "%" if name in RATE_METRICS else ""


def per_grid_count(geo: MapGeometry, points: CasePoints, mask: np.ndarray) -> np.ndarray:
    """Cases selected by `mask` per grid; dedicated-grid cases count in their host grid too."""
    n = len(geo.codes)
    grid = points.grid[mask]
    grid = grid[grid >= 0]
    own = np.bincount(grid, minlength=n).astype(float)
    dedicated = grid[geo.host[grid] != grid]
    return own + np.bincount(geo.host[dedicated], minlength=n)


def _open(geo: MapGeometry, points: CasePoints) -> np.ndarray:
    return per_grid_count(geo, points, points.open)


def _overdue(geo: MapGeometry, points: CasePoints) -> np.ndarray:
    return per_grid_count(geo, points, points.open & (points.aging == AGING_RED))


def _density(geo: MapGeometry, points: CasePoints) -> np.ndarray:
    with np.errstate(divide="ignore", invalid="ignore"):
        out = _open(geo, points) / geo.area_km2
    return np.nan_to_num(out, nan=0.0, posinf=0.0)


register_metric("open", _open)
register_metric("overdue", _overdue)
register_metric("density", _density)


def grid_metrics(geo: MapGeometry, points: CasePoints) -> dict[str, np.ndarray]:
    return {name: np.asarray(fn(geo, points), dtype=float) for name, fn in _METRICS.items()}


def grid_workers(ctx: AppContext, on: datetime | None = None) -> dict[str, list[str]]:
    """Names of the people assigned to each grid today (leaders first)."""
    day = (on or ctx.now()).date()
    stmt = (select(GridAssignment.grid_code, Person.name, GridAssignment.is_leader)
            .join(Person, Person.code == GridAssignment.person_code)
            .where(GridAssignment.valid_from <= day)
            .where((GridAssignment.valid_to.is_(None)) | (GridAssignment.valid_to >= day))
            .order_by(GridAssignment.grid_code, GridAssignment.is_leader.desc(), Person.name))
    out: dict[str, list[str]] = {}
    with ctx.unit_of_work() as uow:
        for code, name, _leader in uow.session.execute(stmt):
            out.setdefault(code, []).append(name)
    return out


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
    grids = grid_indexes(geo, cases["grid_code"].astype(object).to_numpy())
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


@dataclass
class MapData:
    geometry: MapGeometry
    points: CasePoints
    metrics: dict[str, np.ndarray]
    workers: dict[str, list[str]]
    kpis: GridKpis | None = None


def load_map(ctx: AppContext, *, kpis: bool = True) -> MapData:
    """Everything the map shows, in one DB-worker task; with `kpis=False` without the KPI
    rates (`MapData.kpis` None): the page draws first and fetches them with `load_kpis`."""
    geo = map_geometry()
    points = case_points(ctx)
    metrics = grid_metrics(geo, points)
    grid_kpis_ = None
    if kpis:
        grid_kpis_ = GridKpis.compute(ctx, geo)
        metrics.update(grid_kpis_.rates(geo))
    return MapData(geo, points, metrics, grid_workers(ctx), grid_kpis_)


class KpiSlot:
    """Where the DB worker keeps a page's `GridKpis` between tasks: `load_kpis` fills it,
    `map_changes` reads and updates it. Only worker tasks touch it (the worker is serial, so
    a batch queued after `load_kpis` sees its result)."""

    def __init__(self) -> None:
        self.kpis: GridKpis | None = None


def load_kpis(ctx: AppContext, slot: KpiSlot | None = None,
              now: datetime | None = None) -> dict[str, np.ndarray]:
    """The month's KPI rates per grid ({name: %}), keeping the `GridKpis` in `slot`."""
    geo = map_geometry()
    kpis = GridKpis.compute(ctx, geo, now)
    if slot is not None:
        slot.kpis = kpis
    return kpis.rates(geo)


@dataclass
class MapPatch:
    """What one change batch changes on the map: the cases' fresh rows and, when a KPI grid
    was touched, every grid's rates (`kpi_grids`: the grids recomputed)."""

    points: CasePoints
    rates: dict[str, np.ndarray] = field(default_factory=dict)
    kpi_grids: np.ndarray = field(default_factory=lambda: np.empty(0, np.int64))


def map_changes(ctx: AppContext, case_ids: Sequence[int],
                kpis: GridKpis | KpiSlot | None = None, now: datetime | None = None) -> MapPatch:
    """One change batch for the map, on the DB worker: `apply_changes` plus the KPI rates of
    the grids it touches (`GridKpis.update`; `kpis`, or the slot's, is updated in place)."""
    now = now or ctx.now()
    patch = MapPatch(apply_changes(ctx, case_ids, now))
    if isinstance(kpis, KpiSlot):
        kpis = kpis.kpis
    if kpis is not None:
        geo = map_geometry()
        patch.kpi_grids = kpis.update(ctx, geo, case_ids, now)
        if len(patch.kpi_grids):
            patch.rates = kpis.rates(geo)
    return patch


def case_tip(ctx: AppContext, case_id: int) -> dict[str, Any] | None:
    """A hover tooltip's facts about one case; None if it is gone or outside the scope."""
    stmt = (select(Case.code, Case.state, Case.due_at, Case.clock_paused, Case.title,
                   Category.name)
            .outerjoin(Category, Category.code == Case.minor_code).where(Case.id == case_id))
    scope = scope_clause(getattr(ctx, "principal", None))
    if scope is not None:
        stmt = stmt.where(scope)
    with ctx.unit_of_work() as uow:
        row = uow.session.execute(stmt).first()
    if row is None:
        return None
    code, state, due_at, paused, title, category = row
    left = None if due_at is None else (due_at - ctx.now()).total_seconds()
    return {"id": case_id, "code": code, "state": state, "category": category or title or "",
            "seconds_left": left, "paused": bool(paused)}
