"""The map's geometry: the shipped layers in a local metric projection, with hit testing.

Contracts
- Coordinates: `MapGeometry.project(lon, lat)` -> (x, y) in metres east/north of the district's
  centre (equirectangular about the centre's latitude: over the ~12 km of a district the scale
  error is below 0.1%). The map draws, hit-tests and measures (scale bar, density per km²) in
  these metres, so one convention serves drawing and clicking.
- `map_geometry(grids=None)` builds the geometry of a grids layer (the context's grids layer:
  the district's last grids file, else the shipped one) once per layer object (the last one
  is cached; the shipped one per process), over the shipped district, street and community
  outlines: outlines per layer (NaN-separated, projected), the grids' properties, their areas,
  label points (inside the grid; for a comprehensive grid off its dedicated sites where it has
  room, so two labels do not overlap), each grid's comprehensive "host" (a dedicated grid lies inside one; a
  comprehensive grid is its own host), and a label raster (`raster`: comprehensive-grid index
  per ~9 m cell, -1 outside) for the rasterised choropleth.
- `grid_indexes(codes)`: grid index per grid code (-1 for None or an unknown code).
- Hit testing, `grids_at(x, y, dedicated=False)` (vectorised) and `grid_at(x, y, dedicated=False)`
  (one point): the grid index (into the grids layer) under projected points: its comprehensive
  grid, or with `dedicated=True` the dedicated grid (专属网格: a school, hospital, market …
  site) it lies in, if any, else its comprehensive grid; -1 outside every grid. Exact (point-in-polygon through
  `GridIndex`, borders to exactly one grid by GridIndex's rule), not the ~9 m label raster.
  The indexes hold GEOS prepared geometries, so calls are serialised by a lock: safe from the
  UI thread and the DB worker alike.
- Pure geometry: no database, no Qt (the services and the UI both use it).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
import shapely

from commandcenter.domain.vocabulary import GridLayer
from commandcenter.geo.assign import GridIndex
from commandcenter.geo.layers import Layer, resource_layer, shipped_grids

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
    site_kind: np.ndarray = field(default_factory=lambda: np.empty(0, object))
    _indexes: list = field(default_factory=list, repr=False)  # [(GridIndex, grid rows)]
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

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

    @property
    def is_dedicated(self) -> np.ndarray:
        """True per grid for dedicated grids (those hosted by another grid)."""
        return self.host != np.arange(len(self.host))

    def grid_indexes(self, codes) -> np.ndarray:
        """Grid index (int32) per grid code of an object array; -1 for None or a code the
        shipped layers do not have. Vectorised: each distinct code is looked up once."""
        import pandas as pd  # loaded by the callers anyway (indicator core); lazy for start-up

        codes = np.asarray(codes, dtype=object)
        if not len(codes):
            return np.empty(0, np.int32)
        where, distinct = pd.factorize(codes, use_na_sentinel=True)
        lookup = np.array([self.index_of.get(c, -1) for c in distinct] + [-1], dtype=np.int32)
        return lookup[where]  # the sentinel -1 picks the trailing -1

    def grids_at(self, x, y, *, dedicated: bool = False) -> np.ndarray:
        """Grid index per projected point (int64, x's shape): with `dedicated` the dedicated grid
        the point lies in, if any; else its comprehensive grid; -1 outside every grid."""
        x = np.asarray(x, dtype=np.float64)
        y = np.asarray(y, dtype=np.float64)
        lon, lat = self.unproject(x.ravel(), y.ravel())
        out = np.full(lon.size, -1, np.int64)
        todo = np.ones(lon.size, bool)
        with self._lock:
            for k, (index, rows) in enumerate(self._indexes):
                if k == 0 and not dedicated:
                    continue
                hit = index.assign(lon[todo], lat[todo])
                where = np.flatnonzero(todo)[hit >= 0]
                out[where] = rows[hit[hit >= 0]]
                todo[where] = False
        return out.reshape(x.shape)

    def grid_at(self, x: float, y: float, *, dedicated: bool = False) -> int:
        """`grids_at` for one point."""
        return int(self.grids_at(np.array([x]), np.array([y]), dedicated=dedicated)[0])


def build_geometry(grids: Layer) -> MapGeometry:
    """The geometry of ``grids`` over the shipped district, street and community outlines (a
    second or two: call it off the UI thread)."""
    district = resource_layer("district")
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
        raster_rect=(0, 0, 1, 1), bounds=(0, 0, 1, 1), site_kind=grids.column("site_kind", ""))
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
    geo.label_x, geo.label_y = geo.project(*_label_points(grids.geometries, comprehensive))
    bx0, by0 = geo.project(x0, y0)
    bx1, by1 = geo.project(x1, y1)
    geo.bounds = (float(bx0), float(by0), float(bx1), float(by1))
    # Two exact indexes, dedicated first (see grids_at); the comprehensive one also paints
    # the label raster. Each works on its own copies of the geometries (prepared in place).
    rows_c, rows_d = np.flatnonzero(comprehensive), np.flatnonzero(~comprehensive)
    index_c = GridIndex(shapely.from_wkb(shapely.to_wkb(grids.geometries[rows_c])))
    if len(rows_d):
        index_d = GridIndex(shapely.from_wkb(shapely.to_wkb(grids.geometries[rows_d])))
        geo._indexes.append((index_d, rows_d))
    else:
        geo._indexes.append((_NoIndex(), rows_d))
    geo._indexes.append((index_c, rows_c))
    _build_raster(geo, index_c, rows_c)
    return geo


def _label_points(geoms: np.ndarray, comprehensive: np.ndarray):
    """(lon, lat) per grid where its label goes: a point on its surface, for a comprehensive
    grid outside the dedicated sites where it can be (so its label does not sit on a site's)."""
    free = geoms.copy()
    if (~comprehensive).any():
        sites = shapely.union_all(geoms[~comprehensive])
        free[comprehensive] = shapely.difference(geoms[comprehensive], sites)
        free[shapely.is_empty(free)] = geoms[shapely.is_empty(free)]
    pts = shapely.point_on_surface(free)
    return shapely.get_x(pts), shapely.get_y(pts)


class _NoIndex:
    """Stands in for the dedicated index when a layer has no dedicated grids."""

    def assign(self, lon, lat) -> np.ndarray:
        return np.full(np.asarray(lon).shape, -1, np.int64)


def _build_raster(geo: MapGeometry, index: GridIndex, full_index: np.ndarray) -> None:
    bx0, by0, bx1, by1 = geo.bounds
    nx = RASTER_WIDTH
    ny = max(1, round(nx * (by1 - by0) / (bx1 - bx0)))
    cx = bx0 + (np.arange(nx) + 0.5) * (bx1 - bx0) / nx
    cy = by0 + (np.arange(ny) + 0.5) * (by1 - by0) / ny
    gx, gy = np.meshgrid(cx, cy)
    lon, lat = geo.unproject(gx, gy)
    local = index.assign(lon, lat)
    geo.raster = np.where(local >= 0, full_index[np.maximum(local, 0)], -1).astype(np.int32)
    geo.raster_rect = (bx0, by0, bx1 - bx0, by1 - by0)


@lru_cache(maxsize=1)
def _shipped_geometry() -> MapGeometry:
    return build_geometry(shipped_grids())


_BUILT: list = []  # [(grids layer, MapGeometry)]: the last one built for a given layer
_BUILT_LOCK = threading.Lock()


def map_geometry(grids: Layer | None = None) -> MapGeometry:
    """The geometry of a grids layer (the context's `AppContext.grid_layer`; None: the shipped
    layer), built once per layer object (a second or two; call it off the UI)."""
    if grids is None or grids is shipped_grids():
        return _shipped_geometry()
    with _BUILT_LOCK:
        if _BUILT and _BUILT[0][0] is grids:
            return _BUILT[0][1]
    geo = build_geometry(grids)
    with _BUILT_LOCK:
        _BUILT[:] = [(grids, geo)]
    return geo
