"""Grid assignment at district scale: GridIndex.assign against its floor, plus datum conversion.

Points: `--cases` uniform random points inside the bounds of resources/geo/grids.geojson (the
Qinhuai district's grids; ~60% of the bounding box is inside the district). Figures, one JSON
line each: {"name", "value", "unit", "n"}, and for figures with a floor also "floor" and
"ratio" (value / floor), all measured in this run, best of `--repeat`. Never asserts.

- geo.assign: GridIndex.assign(lon, lat) from coordinate arrays to one polygon index per point.
  Floor: STRtree.query(points, predicate="intersects") on the same polygons and on the same
  points already built as shapely Points (building them is not in the floor; it is reported
  as geo.points_build). Goal (issue 4): ratio <= 1.5.
- geo.assign_comprehensive: the same on the comprehensive grids only (a partition).
- geo.assign_mismatches: points whose GridIndex answer differs from the floor's hits resolved
  by the same rule (lowest index); 0 expected.
- geo.assign_build, geo.layer_load, geo.assign_codes: index build, layer load, codes look-up.
- geo.datum_gcj02 / geo.datum_bd09: geo.datum.to_wgs84 over the same number of points; floor:
  coordTransform's one-step batch inverse alone (to_wgs84 adds one refining forward pass).
"""

from __future__ import annotations

import argparse
import json
import time

import coordTransform
import numpy as np
import shapely

from commandcenter.domain.vocabulary import GridLayer
from commandcenter.geo.assign import GridIndex
from commandcenter.geo.datum import to_wgs84
from commandcenter.geo.layers import resource_layer, split_grids


def best(fn, repeat: int) -> tuple[float, object]:
    """Shortest wall time of `repeat` calls, and the last result."""
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return min(times), result


def emit(name: str, value: float, unit: str, n: int, floor: float | None = None) -> None:
    row = {"name": name, "value": round(value, 6), "unit": unit, "n": n}
    if floor is not None:
        row.update(floor=round(floor, 6), ratio=round(value / floor, 3))
    print(json.dumps(row), flush=True)


def resolve_lowest(hits: np.ndarray, n: int) -> np.ndarray:
    """The floor's (point, polygon) hits -> one polygon per point, lowest index, -1 if none."""
    pt, poly = hits
    order = np.lexsort((poly, pt))
    pt, poly = pt[order], poly[order]
    first = np.r_[True, pt[1:] != pt[:-1]] if len(pt) else np.zeros(0, bool)
    out = np.full(n, -1, np.int64)
    out[pt[first]] = poly[first]
    return out


def bench_assign(name: str, layer, lon, lat, points, repeat: int) -> None:
    build, index = best(lambda: GridIndex(layer), 1)
    emit(f"{name}_build", build, "s", len(layer))
    tree = shapely.STRtree(layer.geometries)
    floor, hits = best(lambda: tree.query(points, predicate="intersects"), repeat)
    value, assigned = best(lambda: index.assign(lon, lat), repeat)
    emit(name, value, "s", len(lon), floor)
    emit(f"{name}_mismatches", float((assigned != resolve_lowest(hits, len(lon))).sum()),
         "points", len(lon))
    emit(f"{name}_outside_share", float((assigned < 0).mean()), "fraction", len(lon))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=20191217)
    args, _ = parser.parse_known_args()  # `make bench` passes the same arguments to every bench
    n, repeat = args.cases, max(1, args.repeat)

    load, grids = best(lambda: resource_layer("grids"), 1)
    emit("geo.layer_load", load, "s", len(grids))
    x0, y0, x1, y1 = grids.bounds
    rng = np.random.default_rng(args.seed)
    lon, lat = rng.uniform(x0, x1, n), rng.uniform(y0, y1, n)
    points_time, points = best(lambda: shapely.points(lon, lat), 1)
    emit("geo.points_build", points_time, "s", n)

    bench_assign("geo.assign", grids, lon, lat, points, repeat)
    comprehensive = split_grids(grids)[GridLayer.COMPREHENSIVE]
    bench_assign("geo.assign_comprehensive", comprehensive, lon, lat, points, repeat)
    index = GridIndex(grids)
    codes_time, _ = best(lambda: index.assign_codes(lon, lat), repeat)
    emit("geo.assign_codes", codes_time, "s", n)

    for datum, one_step in (("GCJ02", coordTransform.gcj02_to_wgs84),
                            ("BD09", coordTransform.bd09_to_wgs84)):
        floor, _ = best(lambda f=one_step: [np.asarray(v) for v in f(lon, lat)], repeat)
        value, _ = best(lambda d=datum: to_wgs84(lon, lat, d), repeat)
        emit(f"geo.datum_{datum.lower()}", value, "s", n, floor)


if __name__ == "__main__":
    main()
