"""geo.map_geometry hit testing: a point on a dedicated site resolves to that dedicated grid
(when asked), elsewhere to its comprehensive grid, outside to -1; exact, vectorised, with real
coordinates of the shipped resources/geo layers."""

from __future__ import annotations

import threading

import numpy as np
import pytest
import shapely

from commandcenter.geo.map_geometry import map_geometry

# Real points read off resources/geo/grids.geojson (WGS84): inside the site polygons.
SITES = [  # (lon, lat, dedicated grid code, its host comprehensive grid code)
    (118.788151, 32.006776, "320104001001903", "320104001001006"),  # 中牌楼小学
    (118.788882, 32.012247, "320104001003902", "320104001003005"),  # 乔虹苑社区卫生服务中心
    (118.787219, 32.014465, "320104001002904", "320104001002010"),  # 康居里农贸市场
]


@pytest.fixture(scope="module")
def geo():
    return map_geometry()


@pytest.mark.parametrize(("lon", "lat", "site", "host"), SITES)
def test_a_click_on_a_dedicated_site_names_the_site_or_its_host(geo, lon, lat, site, host):
    x, y = geo.project(lon, lat)
    assert geo.codes[geo.grid_at(x, y, dedicated=True)] == site
    assert geo.codes[geo.grid_at(x, y)] == host  # the comprehensive partition by default
    i = geo.index_of[site]
    assert geo.is_dedicated[i] and geo.codes[geo.host[i]] == host


def test_the_host_grid_outside_its_site_stays_the_host(geo):
    host = geo.index_of["320104001001006"]
    site = geo.index_of["320104001001903"]
    rest = shapely.difference(geo.grids.geometries[host], geo.grids.geometries[site])
    p = shapely.point_on_surface(rest)
    x, y = geo.project(p.x, p.y)
    assert geo.grid_at(x, y, dedicated=True) == host


def test_outside_the_district_is_minus_one(geo):
    x, y = geo.project([118.60, 118.80, np.nan], [32.00, 32.30, 32.0])  # west of it, north, NaN
    assert geo.grids_at(x, y, dedicated=True).tolist() == [-1, -1, -1]


def test_vectorised_hits_agree_with_an_exact_strtree_reference(geo):
    rng = np.random.default_rng(4)
    x0, y0, x1, y1 = geo.bounds
    x, y = rng.uniform(x0, x1, 3000), rng.uniform(y0, y1, 3000)
    # plus points on every dedicated site, so the dedicated branch is exercised often
    sites = shapely.point_on_surface(geo.grids.geometries[geo.is_dedicated])
    sx, sy = geo.project(shapely.get_x(sites), shapely.get_y(sites))
    x, y = np.r_[x, sx], np.r_[y, sy]
    lon, lat = geo.unproject(x, y)
    pts = shapely.points(lon, lat)

    def first_hit(mask):
        rows = np.flatnonzero(mask)
        pi, gi = shapely.STRtree(geo.grids.geometries[rows]).query(pts, predicate="intersects")
        out = np.full(len(pts), -1)
        for p, g in sorted(zip(pi.tolist(), gi.tolist()), reverse=True):
            out[p] = rows[g]  # sorted descending: the lowest index is written last
        return out

    comprehensive, dedicated = first_hit(~geo.is_dedicated), first_hit(geo.is_dedicated)
    expected = np.where(dedicated >= 0, dedicated, comprehensive)
    got = geo.grids_at(x, y, dedicated=True)
    assert (got == expected).all()
    assert (geo.grids_at(x, y) == comprehensive).all()
    assert (got[-len(sx):] == np.flatnonzero(geo.is_dedicated)).sum() >= 0.95 * len(sx)


def test_hit_tests_from_two_threads_agree(geo):
    """The indexes are shared by the UI thread (hover) and the DB worker: serialised."""
    rng = np.random.default_rng(9)
    x0, y0, x1, y1 = geo.bounds
    x, y = rng.uniform(x0, x1, 4000), rng.uniform(y0, y1, 4000)
    expected = geo.grids_at(x, y, dedicated=True)
    results: list[np.ndarray] = []
    threads = [threading.Thread(target=lambda: results.append(
        geo.grids_at(x, y, dedicated=True))) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(results) == 3 and all((r == expected).all() for r in results)
