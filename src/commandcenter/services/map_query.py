"""The map's data, as numpy arrays, computed off the UI thread (the map view calls these on the
shared DB worker and only draws what they return).

Contracts
- Coordinates: the map draws in a local metric projection, `MapGeometry.project(lon, lat)` ->
  (x, y) in metres east/north of the district's centre (equirectangular about the centre's
  latitude: over the ~12 km of a district the scale error is below 0.1%). Everything the view
  draws, hit-tests and measures (scale bar, density per km²) uses these metres, so one
  convention serves drawing and clicking.
- `map_geometry()` loads the shipped layers once per process (cached; the files do not change
  at run time): outlines per layer (NaN-separated, projected), the grids' properties, their
  areas, label points, each grid's comprehensive "host" (a dedicated grid lies inside one), and
  a label raster (`MapGeometry.raster`: grid index per raster cell, -1 outside) for the
  rasterised choropleth and O(1) hover/click look-ups.
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
- KPI metrics (`KPI_METRICS`: "ontime_closing_rate", "closing_rate", in %): `grid_kpis(ctx,
  geo, now)` computes them for the current calendar month with the indicator core itself
  (`analytics.Assessment`, the KPI issue's definitions: closed [on time] / (should close − hung)
  of the cases registered this month), fetching only that month's cohort (cases registered in
  the month and their events) rather than the whole store, so a 1M-case map load pays for one
  month of cases, not for the history. Numerators and denominators are summed per grid (and
  into the host comprehensive grid for dedicated grids) before dividing; NaN where nothing is
  due. They are computed once per `load_map` (cached in `MapData.metrics`); live patches keep
  the loaded figures (a case closing now shows at the next full load).
- `metric_unit(name)` -> "%" for rate metrics, "" otherwise (legend and colour scale).
- `grid_workers(ctx)` -> {grid code: [names]} (current assignments, leader first).
- `load_map(ctx)` -> `MapData` (all of the above, one call for a full load).
- `apply_changes(ctx, case_ids)` -> `CasePoints` of just those cases (missing ids omitted) to
  patch arrays in place (`CasePoints.patch`).
- `case_tip(ctx, case_id)` -> dict for a hover tooltip (code, category, state, time left).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import numpy as np
from sqlalchemy import func, select

from commandcenter.domain.vocabulary import OPEN_STATES, GridLayer, State
from commandcenter.geo.assign import GridIndex
from commandcenter.geo.layers import Layer, resource_layer
from commandcenter.store.models import Case, Category, GridAssignment, Person

if TYPE_CHECKING:
    from commandcenter.services.context import AppContext

STATES: tuple[State, ...] = tuple(State)
_STATE_INDEX = {s.value: i for i, s in enumerate(STATES)}
OPEN_MASK = np.array([s in OPEN_STATES for s in STATES])  # by state index
AGING_NONE, AGING_GREEN, AGING_YELLOW, AGING_RED = 0, 1, 2, 3
YELLOW_AT = 0.8
M_PER_DEG_LAT = 110_574.0
M_PER_DEG_LON_EQUATOR = 111_320.0
RASTER_WIDTH = 1400  # cells across the district: ~9 m per cell for Qinhuai
OUTLINE_LAYERS = ("district", "streets", "communities", "comprehensive", "dedicated")


@dataclass
class MapGeometry:
    """The shipped layers, projected; see the module docstring."""

    lon0: float
    lat0: float
    kx: float  # metres per degree of longitude at lat0
    grids: Layer
    outlines: dict[str, tuple[np.ndarray, np.ndarray]]
    codes: np.ndarray  # grid code per grid (object)
    names: np.ndarray
    community: np.ndarray  # community name per grid
    layer: np.ndarray  # GridLayer value per grid
    host: np.ndarray  # comprehensive grid index per grid (itself for comprehensive grids)
    area_km2: np.ndarray
    label_x: np.ndarray
    label_y: np.ndarray
    raster: np.ndarray  # (ny, nx) int32 comprehensive-grid index per cell, -1 outside
    raster_rect: tuple[float, float, float, float]  # x, y, width, height in metres
    bounds: tuple[float, float, float, float]  # x0, y0, x1, y1 in metres
    index_of: dict[str, int] = field(default_factory=dict)

    def project(self, lon, lat) -> tuple[np.ndarray, np.ndarray]:
        lon = np.asarray(lon, dtype=np.float64)
        lat = np.asarray(lat, dtype=np.float64)
        return (lon - self.lon0) * self.kx, (lat - self.lat0) * M_PER_DEG_LAT

    def unproject(self, x, y) -> tuple[np.ndarray, np.ndarray]:
        return (np.asarray(x, float) / self.kx + self.lon0,
                np.asarray(y, float) / M_PER_DEG_LAT + self.lat0)

    def project_layer(self, layer: Layer) -> tuple[np.ndarray, np.ndarray]:
        x, y = layer.outline_arrays()
        return self.project(x, y)

    def grid_at(self, x: float, y: float) -> int:
        """Comprehensive grid index under a projected point (raster look-up), -1 outside."""
        rx, ry, rw, rh = self.raster_rect
        ny, nx = self.raster.shape
        ix, iy = int((x - rx) / rw * nx), int((y - ry) / rh * ny)
        if 0 <= ix < nx and 0 <= iy < ny:
            return int(self.raster[iy, ix])
        return -1


def _build_geometry() -> MapGeometry:
    district = resource_layer("district")
    grids = resource_layer("grids")
    x0, y0, x1, y1 = grids.bounds
    lon0, lat0 = (x0 + x1) / 2, (y0 + y1) / 2
    kx = M_PER_DEG_LON_EQUATOR * float(np.cos(np.radians(lat0)))
    names_by_code = {p["code"]: p.get("name", "") for p in resource_layer("communities").properties}
    geo = MapGeometry(
        lon0=lon0, lat0=lat0, kx=kx, grids=grids, outlines={},
        codes=grids.column("code"), names=grids.column("name", ""),
        community=np.array([names_by_code.get(c, "") for c in grids.column("community_code")],
                           dtype=object),
        layer=grids.column("layer"), host=np.arange(len(grids)),
        area_km2=np.asarray(grids.column("area_km2", 0.0), dtype=float),
        label_x=np.empty(0), label_y=np.empty(0), raster=np.empty((0, 0), np.int32),
        raster_rect=(0, 0, 1, 1), bounds=(0, 0, 1, 1))
    geo.index_of = {str(c): i for i, c in enumerate(geo.codes)}
    for name in ("district", "streets", "communities"):
        geo.outlines[name] = geo.project_layer(district if name == "district"
                                               else resource_layer(name))
    comprehensive = geo.layer == GridLayer.COMPREHENSIVE.value
    for name, mask in (("comprehensive", comprehensive), ("dedicated", ~comprehensive)):
        geo.outlines[name] = geo.project_layer(grids.subset(mask, name=name))
    hosts = grids.column("host_grid_code")
    for i in np.flatnonzero(~comprehensive):
        geo.host[i] = geo.index_of.get(hosts[i], i)
    import shapely

    pts = shapely.point_on_surface(grids.geometries)
    geo.label_x, geo.label_y = geo.project(shapely.get_x(pts), shapely.get_y(pts))
    bx0, by0 = geo.project(x0, y0)
    bx1, by1 = geo.project(x1, y1)
    geo.bounds = (float(bx0), float(by0), float(bx1), float(by1))
    _build_raster(geo, grids.subset(comprehensive), np.flatnonzero(comprehensive))
    return geo


def _build_raster(geo: MapGeometry, comprehensive: Layer, full_index: np.ndarray) -> None:
    bx0, by0, bx1, by1 = geo.bounds
    nx = RASTER_WIDTH
    ny = max(1, round(nx * (by1 - by0) / (bx1 - bx0)))
    cx = bx0 + (np.arange(nx) + 0.5) * (bx1 - bx0) / nx
    cy = by0 + (np.arange(ny) + 0.5) * (by1 - by0) / ny
    gx, gy = np.meshgrid(cx, cy)
    lon, lat = geo.unproject(gx, gy)
    local = GridIndex(comprehensive).assign(lon, lat)
    geo.raster = np.where(local >= 0, full_index[np.maximum(local, 0)], -1).astype(np.int32)
    geo.raster_rect = (bx0, by0, bx1 - bx0, by1 - by0)


@lru_cache(maxsize=1)
def map_geometry() -> MapGeometry:
    """The shipped geometry, built once per process (a second or two; call it off the UI)."""
    return _build_geometry()


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
        """Overwrite the rows of `update`'s ids in place; append new ids (re-sorting).

        Returns the row positions (after any append) of the updated cases.
        """
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


def points_from_rows(dialect: str, geo: MapGeometry, rows: list, now: datetime) -> CasePoints:
    """CasePoints from rows shaped like `case_select` (id, lon, lat, state, priority, emergency,
    clock_paused, grid_code, due_start and due_at as epoch days); public for the benchmark."""
    n = len(rows)
    cols = list(zip(*rows, strict=True)) if n else [()] * 10
    ids = np.fromiter(cols[0], np.int64, n)
    lon = np.array(cols[1], dtype=np.float64) if n else np.empty(0)
    lat = np.array(cols[2], dtype=np.float64) if n else np.empty(0)
    state = np.fromiter((_STATE_INDEX.get(s, 0) for s in cols[3]), np.int16, n)
    priority = np.fromiter((p or 0 for p in cols[4]), np.int8, n)
    emergency = np.fromiter((bool(e) for e in cols[5]), bool, n)
    paused = np.fromiter((bool(p) for p in cols[6]), bool, n)
    index_of = geo.index_of
    grid = np.fromiter((index_of.get(g, -1) for g in cols[7]), np.int32, n)
    start = np.array(cols[8], dtype=np.float64) if n else np.empty(0)
    due = np.array(cols[9], dtype=np.float64) if n else np.empty(0)
    x, y = geo.project(lon, lat)
    return CasePoints(ids, lon, lat, x, y, state,
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


def case_select(dialect: str):
    return select(Case.id, Case.lon, Case.lat, Case.state, Case.priority, Case.emergency,
                  Case.clock_paused, Case.grid_code, _epoch_days(dialect, Case.due_start),
                  _epoch_days(dialect, Case.due_at))


def case_points(ctx: AppContext, now: datetime | None = None) -> CasePoints:
    """Every case as map arrays (see `CasePoints`)."""
    geo = map_geometry()
    with ctx.unit_of_work() as uow:
        rows = uow.session.execute(case_select(ctx.dialect_name).order_by(Case.id)).all()
    return points_from_rows(ctx.dialect_name, geo, rows, now or ctx.now())


def apply_changes(ctx: AppContext, case_ids: Sequence[int],
                  now: datetime | None = None) -> CasePoints:
    """The current rows of `case_ids` (ids no longer in the store are omitted)."""
    geo = map_geometry()
    ids = sorted({int(i) for i in case_ids})
    rows: list = []
    with ctx.unit_of_work() as uow:
        for s in range(0, len(ids), 500):
            stmt = case_select(ctx.dialect_name).where(Case.id.in_(ids[s:s + 500]))
            rows.extend(uow.session.execute(stmt).all())
    rows.sort(key=lambda r: r[0])
    return points_from_rows(ctx.dialect_name, geo, rows, now or ctx.now())


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


def grid_kpis(ctx: AppContext, geo: MapGeometry, now: datetime | None = None,
              indicators: Sequence[str] = KPI_METRICS) -> dict[str, np.ndarray]:
    """Per grid, the current month's KPI rates in % (see the module docstring)."""
    from commandcenter.analytics import Assessment
    from commandcenter.domain.indicators import ObjectType, Period
    from commandcenter.services.kpi import fetch_cases, fetch_events

    now = now or ctx.now()
    period = Period.month(now.year, now.month)
    cohort = (Case.registered_at >= period.start) & (Case.registered_at < period.end)
    cases = fetch_cases(ctx, cohort)
    events = fetch_events(ctx, cohort, until=now)
    a = Assessment(events, cases, period, as_of=now, calendar=ctx.calendar,
                   stage_limits=getattr(ctx.lifecycle, "stage_limits", None))
    n = len(geo.codes)
    out: dict[str, np.ndarray] = {}
    for name in indicators:
        items = a.items(ObjectType.GRID, name)
        where = np.array([geo.index_of.get(str(c), -1) for c in items.labels], dtype=np.int64)
        ok = where >= 0
        sums = []
        for part in ("num", "den"):
            per_label = items.sums(items.weights(part))
            own = np.bincount(where[ok], weights=per_label[ok], minlength=n)
            dedicated = np.flatnonzero(geo.host != np.arange(n))
            own[geo.host[dedicated]] += own[dedicated]  # a dedicated grid counts in its host
            sums.append(own)
        num, den = sums
        with np.errstate(divide="ignore", invalid="ignore"):
            out[name] = np.where(den > 0, 100.0 * num / den, np.nan)
    return out


@dataclass
class MapData:
    geometry: MapGeometry
    points: CasePoints
    metrics: dict[str, np.ndarray]
    workers: dict[str, list[str]]


def load_map(ctx: AppContext) -> MapData:
    """Everything the map shows, in one DB-worker task."""
    geo = map_geometry()
    points = case_points(ctx)
    metrics = grid_metrics(geo, points)
    metrics.update(grid_kpis(ctx, geo))
    return MapData(geo, points, metrics, grid_workers(ctx))


def case_tip(ctx: AppContext, case_id: int) -> dict[str, Any] | None:
    """A hover tooltip's facts about one case; None if it is gone."""
    stmt = (select(Case.code, Case.state, Case.due_at, Case.clock_paused, Case.title,
                   Category.name)
            .outerjoin(Category, Category.code == Case.minor_code).where(Case.id == case_id))
    with ctx.unit_of_work() as uow:
        row = uow.session.execute(stmt).first()
    if row is None:
        return None
    code, state, due_at, paused, title, category = row
    left = None if due_at is None else (due_at - ctx.now()).total_seconds()
    return {"id": case_id, "code": code, "state": state, "category": category or title or "",
            "seconds_left": left, "paused": bool(paused)}
