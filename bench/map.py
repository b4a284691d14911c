"""The grid map at district scale: district draw, pan/zoom frames, and their floors, one run.

Cases: `--cases N` (default 1,000,000). For N = 1,000,000 the demo store
bench/.stores/demo-1000000.sqlite3 is read (read-only, with the same query as
services.map_query.case_points, so the store is never written); otherwise (or without that
store) N random points inside the district's grids with a demo-like mix of states and clocks.

Figures, one JSON line each {"name", "value", "unit", "n"} (+ "floor", "ratio"), never asserts:
- map.load_cases: the store query into CasePoints (information; not part of the draw).
- map.draw_district: from the case arrays to a rendered frame at district zoom, as the page does
  it: per-grid metrics, the choropleth (label raster coloured per grid), the heat layer (every
  case binned) and all outline layers, rendered with grab(). Best of `--repeat`.
  Floor: numpy histogram2d of the same points + a pyqtgraph ImageItem of it, rendered the same
  way (same widget size). Goal (issue 4): ratio <= 2.
- map.draw_vs_scatter: the same draw against one ScatterPlotItem of all points (setData +
  render; the issue measured ~2.2 s). Goal: ratio <= 0.2 (at least 5x faster).
- map.frame_district_median / _p95 and map.frame_street_median / _p95: one frame per step over
  `--steps` pan/zoom steps (setRange, which updates the view, then a render) at district zoom
  and inside one street (where open cases are drawn as points). Goal: median < 50 ms.
- map.load_full (with `--store PATH`, a COPY of a demo store; it is only read, and not
  migrated: a store a few revisions behind still has every column the map reads):
  what `MapPage.refresh` runs on the DB worker, `services.map_query.load_map`, phase by phase:
  map.load.case_points (every case: one query of the map's columns through the DBAPI cursor,
  column-wise conversion; was ~28 s at 1M through ORM rows), map.load.point_metrics, map.load.kpi (the month's
  on-time closing / closing rates per grid: the month's cohort through analytics.Assessment),
  map.load.workers, and their sums map.load_first_paint (what the page waits for before it
  draws: everything but the KPI step, which follows in its own task) and map.load_full.
  Imports (pandas, the indicator core) are warmed first, as in the app. Then map.kpi_update: one change batch of
  `--batch` cohort cases (`GridKpis.update`, only the touched grids' families), with the full
  KPI step as its floor (ratio = the share of a full recomputation a batch costs).
Assignment figures: bench/map_assign.py. `--shots DIR` also saves the two views as PNG.
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import time
from datetime import datetime
from pathlib import Path

import numpy as np

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

STORE = Path(__file__).parent / ".stores" / "demo-1000000.sqlite3"
SIZE = (1200, 900)


def emit(name: str, value: float, unit: str, n: int, floor: float | None = None) -> None:
    row = {"name": name, "value": round(value, 6), "unit": unit, "n": n}
    if floor is not None:
        row.update(floor=round(floor, 6), ratio=round(value / floor, 3))
    print(json.dumps(row), flush=True)


def store_points(path: Path, geo):
    from sqlalchemy.dialects import sqlite as sqlite_dialect

    from commandcenter.services import map_query as mq

    stmt = mq.case_select("sqlite").order_by(mq.Case.id)
    sql = str(stmt.compile(dialect=sqlite_dialect.dialect(),
                           compile_kwargs={"literal_binds": True}))  # the state CASE's values
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        rows = con.execute(sql).fetchall()
        now = con.execute("SELECT value FROM settings WHERE key = 'demo_now'").fetchone()
    finally:
        con.close()
    at = datetime.fromisoformat(now[0]) if now else datetime.now()
    return mq.points_from_rows("sqlite", geo, rows, at)


def random_points(n: int, geo, seed: int = 20191217):
    from commandcenter.services import map_query as mq

    rng = np.random.default_rng(seed)
    x0, y0, x1, y1 = geo.bounds
    rx, ry, rw, rh = geo.raster_rect
    ny, nx = geo.raster.shape

    def grid_of(x, y):
        return geo.raster[np.clip(((y - ry) / rh * ny).astype(int), 0, ny - 1),
                          np.clip(((x - rx) / rw * nx).astype(int), 0, nx - 1)]

    xs, ys, have = [], [], 0
    while have < n:  # rejection sampling: keep the points inside a grid
        x, y = rng.uniform(x0, x1, 2 * n), rng.uniform(y0, y1, 2 * n)
        inside = grid_of(x, y) >= 0
        xs.append(x[inside])
        ys.append(y[inside])
        have += int(inside.sum())
    x, y = np.concatenate(xs)[:n], np.concatenate(ys)[:n]
    grid = grid_of(x, y)
    lon, lat = geo.unproject(x, y)
    closed = mq.STATES.index(next(s for s in mq.STATES if s.value == "closed"))
    state = np.where(rng.random(n) < 0.95, closed, rng.integers(0, 11, n)).astype(np.int16)
    aging = np.where(mq.OPEN_MASK[state], rng.choice([1, 1, 1, 2, 3], n), 0).astype(np.int8)
    return mq.CasePoints(np.arange(1, n + 1, dtype=np.int64), lon, lat, x, y, state, aging,
                         (rng.random(n) < 0.05).astype(np.int8), rng.random(n) < 0.01,
                         grid.astype(np.int32))


def best(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--steps", type=int, default=20)
    parser.add_argument("--shots", type=Path, default=None)
    parser.add_argument("--store", type=Path, default=None,
                        help="a copy of a demo store: also measure the full map load")
    parser.add_argument("--batch", type=int, default=100)
    args = parser.parse_args()
    if args.store is not None:
        full_load(args.store, args.batch)

    import pyqtgraph as pg
    from PySide6.QtCore import QRectF
    from PySide6.QtWidgets import QApplication, QVBoxLayout, QWidget

    from commandcenter.services import map_query as mq
    from commandcenter.ui.db_worker import DbWorker
    from commandcenter.ui.map import MapPage

    app = QApplication.instance() or QApplication([])
    geo = mq.map_geometry()
    start = time.perf_counter()
    if args.cases == 1_000_000 and STORE.exists():
        points = store_points(STORE, geo)
        source = "store"
    else:
        points = random_points(args.cases, geo)
        source = "random"
    n = len(points)
    emit(f"map.load_cases.{source}", time.perf_counter() - start, "s", n)

    worker = DbWorker()
    page = MapPage(worker, None)
    page.resize(*SIZE)
    page.show()
    page.canvas.set_geometry(geo)
    page.layer_actions["heat"].setChecked(True)
    page.closed_action.setChecked(True)  # heat over every case: the floor's population
    app.processEvents()

    def draw() -> None:
        page.canvas.set_points(points)
        page.grab_view()

    draw_s = best(draw, args.repeat)
    if args.shots:
        args.shots.mkdir(parents=True, exist_ok=True)
        page.export_png(args.shots / "district.png")

    # floor: histogram2d + ImageItem of the same points, same widget size
    holder = QWidget()
    holder.resize(*SIZE)
    floor_plot = pg.PlotWidget(holder, background="w")
    QVBoxLayout(holder).addWidget(floor_plot)
    floor_plot.setAspectLocked(True)
    image = pg.ImageItem()
    floor_plot.addItem(image)
    x0, y0, x1, y1 = geo.bounds
    floor_plot.setRange(QRectF(x0, y0, x1 - x0, y1 - y0), padding=0.02)
    holder.show()
    ny = round(512 * (y1 - y0) / (x1 - x0))

    def floor() -> None:
        counts, _, _ = np.histogram2d(points.x, points.y, bins=(512, ny),
                                      range=((x0, x1), (y0, y1)))
        image.setImage(counts, autoLevels=True)
        image.setRect(QRectF(x0, y0, x1 - x0, y1 - y0))
        holder.grab(floor_plot.geometry())

    floor_s = best(floor, args.repeat)
    emit("map.draw_district", draw_s, "s", n, floor=floor_s)

    scatter = pg.ScatterPlotItem(pxMode=True, size=4, pen=None, brush=pg.mkBrush("#d7301f"))
    floor_plot.removeItem(image)
    floor_plot.addItem(scatter)
    start = time.perf_counter()
    scatter.setData(x=points.x, y=points.y)
    holder.grab(floor_plot.geometry())
    scatter_s = time.perf_counter() - start
    emit("map.scatter_all", scatter_s, "s", n)
    emit("map.draw_vs_scatter", draw_s, "s", n, floor=scatter_s)
    holder.close()

    rng = np.random.default_rng(7)

    def frames(cx: float, cy: float, width: float) -> np.ndarray:
        out = []
        for _ in range(args.steps):
            w = width * (0.8 + 0.4 * rng.random())  # zoom in and out around the width
            dx, dy = rng.normal(0, width / 6, 2)  # and pan
            start = time.perf_counter()
            page.canvas.vb.setRange(QRectF(cx + dx - w / 2, cy + dy - w * 0.35, w, w * 0.7),
                                    padding=0)
            page.grab_view()
            out.append(time.perf_counter() - start)
        return np.array(out) * 1000

    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    ms = frames(cx, cy, x1 - x0)
    emit("map.frame_district_median", float(np.median(ms)), "ms", n)
    emit("map.frame_district_p95", float(np.percentile(ms, 95)), "ms", n)
    page.closed_action.setChecked(False)  # the operator's default: open cases as points
    is_open = points.open
    k = int(np.flatnonzero(is_open)[len(np.flatnonzero(is_open)) // 2])
    ms = frames(float(points.x[k]), float(points.y[k]), 1500.0)
    emit("map.frame_street_median", float(np.median(ms)), "ms", n)
    emit("map.frame_street_p95", float(np.percentile(ms, 95)), "ms", n)
    emit("map.street_points_shown", float(len(page.canvas.shown)), "points", n)
    if args.shots:
        page.canvas.vb.setRange(QRectF(points.x[k] - 750, points.y[k] - 500, 1500, 1000),
                                padding=0)
        page.export_png(args.shots / "street.png")
    page.close()
    worker.shutdown()


def demo_now(path: Path) -> datetime:
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        row = con.execute("SELECT value FROM settings WHERE key = 'demo_now'").fetchone()
    finally:
        con.close()
    return datetime.fromisoformat(row[0]) if row else datetime.now()


def full_load(path: Path, batch: int) -> None:
    """map.load_* and map.kpi_update figures (see the module docstring)."""
    from commandcenter.services import map_query as mq
    from commandcenter.services.context import AppContext
    from commandcenter.store.engine import make_engine

    if path.resolve() == STORE.resolve():
        raise SystemExit("--store must be a copy (SQLite may write its -wal/-shm beside it)")
    import commandcenter.analytics  # noqa: F401 - warm imports: the app has them loaded
    import commandcenter.services.kpi  # noqa: F401

    now = demo_now(path)
    url = f"sqlite:///{path}"
    ctx = AppContext(url, make_engine(url), now=lambda: now)
    try:
        geo = mq.map_geometry()
        phases = {}
        start = time.perf_counter()
        points = mq.case_points(ctx)
        phases["case_points"] = time.perf_counter() - start
        start = time.perf_counter()
        mq.grid_metrics(geo, points)
        phases["point_metrics"] = time.perf_counter() - start
        start = time.perf_counter()
        kpis = mq.GridKpis.compute(ctx, geo)
        kpis.rates(geo)
        phases["kpi"] = time.perf_counter() - start
        start = time.perf_counter()
        mq.grid_workers(ctx)
        phases["workers"] = time.perf_counter() - start
        n = len(points)
        for name, value in phases.items():
            emit(f"map.load.{name}", value, "s", n)
        emit("map.load_first_paint", sum(v for k, v in phases.items() if k != "kpi"), "s", n)
        emit("map.load_full", sum(phases.values()), "s", n)
        emit("map.kpi_cohort_cases", float(len(kpis.case_id)), "cases", n)
        rng = np.random.default_rng(11)
        ids = rng.choice(kpis.case_id, size=min(batch, len(kpis.case_id)), replace=False)
        start = time.perf_counter()
        grids = kpis.update(ctx, geo, ids.tolist())
        kpis.rates(geo)
        emit("map.kpi_update", time.perf_counter() - start, "s", n, floor=phases["kpi"])
        emit("map.kpi_update_grids", float(len(grids)), "grids", n)
    finally:
        ctx.close()


if __name__ == "__main__":
    main()
