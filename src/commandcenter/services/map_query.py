"""The map's data, as numpy arrays, computed off the UI thread (the map view calls these on the
shared DB worker and only draws what they return).

Contracts
- Geometry (projection to local metres, outlines, label raster, hosts, exact hit testing that
  prefers dedicated grids): `commandcenter.geo.map_geometry` (`MapGeometry`, `map_geometry()`),
  re-exported here. Every function below uses the geometry of the grids layer the database
  holds (`current_geometry`: `AppContext.current_grid_layer`, the district's last grids file,
  else the shipped layer); `MapPatch.geometry` says which, so the page reloads when a grids
  file (applied here or on another workstation) changed it.
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
- KPI metrics (`KPI_METRICS`: "ontime_closing_rate", "closing_rate", in %): `GridKpis`,
  `grid_kpis`, `KpiSlot` and `load_kpis` of `services.map_kpis` (the month's rates per grid,
  updated per change batch), re-exported here.
- `metric_unit(name)` -> "%" for rate metrics, "" otherwise (legend and colour scale).
- `grid_workers(ctx)` -> {grid code: [names]} (current assignments, leader first).
- `load_map(ctx)` -> `MapData` (all of the above, one call for a full load; `MapData.kpis` is
  the `GridKpis` behind the rate metrics).
- `apply_changes(ctx, case_ids)` -> `CasePoints` of just those cases (missing ids omitted) to
  patch arrays in place (`CasePoints.patch`).
- `map_changes(ctx, case_ids, kpis)` -> `MapPatch(points, rates, kpi_grids)`: one change batch
  (DB worker): `apply_changes` plus `kpis.update` and the new rates when a KPI grid changed.
- Two-step load for the page: `load_map(ctx, kpis=False)` then `load_kpis(ctx, slot)` -> rates
  (`services.map_kpis`), whose `KpiSlot` later `map_changes(ctx, ids, slot)` calls update.
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
from commandcenter.services.kpi_rows import cursor_rows, scope_clause, visible_ids, visible_mask
from commandcenter.services.map_kpis import (  # noqa: F401 - re-exported for the map view
    KPI_METRICS,
    GridKpis,
    KpiSlot,
    current_geometry,
    grid_kpis,
    load_kpis,
)
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
    state = case(_STATE_INDEX, value=Case.state, else_=0)
    flags = (cast(func.coalesce(Case.emergency, False), Integer)
             + 2 * cast(func.coalesce(Case.clock_paused, False), Integer)
             + 4 * func.coalesce(Case.priority, 0))
    return select(Case.id, Case.lon, Case.lat, (state + _N_STATES * flags).label("packed"),
                  Case.grid_code, _epoch_days(dialect, Case.due_start),
                  _epoch_days(dialect, Case.due_at))


def _floats(column: np.ndarray) -> np.ndarray:
    """An object column of numbers/None (Decimal from PostgreSQL's numeric) as float64, NaN
    for None."""
    return column.astype(np.float64) if len(column) else np.empty(0)


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
    grid = geo.grid_indexes(table[:, 4])
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


def case_points(ctx: AppContext, now: datetime | None = None,
                geo: MapGeometry | None = None) -> CasePoints:
    """Every case as map arrays (see `CasePoints`): one query of the needed columns, read
    through the DBAPI cursor and converted column by column (~1M cases in a few seconds);
    grid indexes into ``geo`` (default: `current_geometry`)."""
    geo = geo if geo is not None else current_geometry(ctx)
    stmt = case_select(ctx.dialect_name)
    scoped = scope_clause(getattr(ctx, "principal", None)) is not None
    if scoped:  # the two scope columns travel only when they are needed
        stmt = stmt.add_columns(Case.street_code, Case.lead_unit)
    with ctx.unit_of_work() as uow:
        _, rows = cursor_rows(uow.session, stmt.order_by(Case.id))
    if scoped:
        table = np.array(rows, dtype=object).reshape(len(rows), 9)
        mask = visible_mask(ctx, table[:, 7], table[:, 8], table[:, 0].astype(np.int64))
        rows = table[mask, :7] if mask is not None else table[:, :7]
    return points_from_rows(ctx.dialect_name, geo, rows, now or ctx.now())


def apply_changes(ctx: AppContext, case_ids: Sequence[int], now: datetime | None = None,
                  geo: MapGeometry | None = None) -> CasePoints:
    """The current rows of `case_ids` the principal may see; the other requested ids (gone,
    or out of its scope) are listed in `CasePoints.removed`."""
    geo = geo if geo is not None else current_geometry(ctx)
    ids = sorted({int(i) for i in case_ids})
    rows: list = []
    with ctx.unit_of_work() as uow:
        for s in range(0, len(ids), 500):
            stmt = case_select(ctx.dialect_name).where(Case.id.in_(ids[s:s + 500]))
            rows.extend(cursor_rows(uow.session, stmt)[1])
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
    geo = current_geometry(ctx)
    points = case_points(ctx, geo=geo)
    metrics = grid_metrics(geo, points)
    grid_kpis_ = None
    if kpis:
        grid_kpis_ = GridKpis.compute(ctx, geo)
        metrics.update(grid_kpis_.rates(geo))
    return MapData(geo, points, metrics, grid_workers(ctx), grid_kpis_)


@dataclass
class MapPatch:
    """What one change batch changes on the map: the cases' fresh rows and, when a KPI grid
    was touched, every grid's rates (`kpi_grids`: the grids recomputed)."""

    points: CasePoints
    rates: dict[str, np.ndarray] = field(default_factory=dict)
    kpi_grids: np.ndarray = field(default_factory=lambda: np.empty(0, np.int64))
    # the geometry the grid indexes refer to: another than the page's means the grids layer
    # changed (a grids file was applied) and the page must load the map again
    geometry: MapGeometry | None = None


def map_changes(ctx: AppContext, case_ids: Sequence[int],
                kpis: GridKpis | KpiSlot | None = None, now: datetime | None = None) -> MapPatch:
    """One change batch for the map, on the DB worker: `apply_changes` plus the KPI rates of
    the grids it touches (`GridKpis.update`; `kpis`, or the slot's, is updated in place)."""
    now = now or ctx.now()
    geo = current_geometry(ctx)
    patch = MapPatch(apply_changes(ctx, case_ids, now, geo), geometry=geo)
    if isinstance(kpis, KpiSlot):  # KPIs of another geometry are not updated (see MapPatch)
        kpis = kpis.kpis if kpis.geometry is None or kpis.geometry is geo else None
    if kpis is not None:
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
