"""What the board's detail panel shows about one case, read in one go on the DB worker.

Contracts
- `board_detail(ctx, case_id) -> BoardDetail`: the `CaseService.detail` of the case, its
  deadlines per stage (`board_clocks.stage_clocks`, at `ctx.now()`) and a map preview
  (`MapPreview.around`), all plain values safe to hand to the GUI thread.
- `MapPreview.around(grid_code, lon, lat)`: the case's grid outline and its neighbours (grids
  whose outline comes within a margin of it), and the case's point, in WGS84 degrees, from the
  context's grid layer (`AppContext.current_grid_layer`: the district's last grids file, else the
  shipped layer; indexed with a shapely STRtree once per layer; no tiles, no network).
  Unknown grid and no point: an empty preview.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .board_clocks import StageClock, stage_clocks

Ring = tuple[tuple[float, float], ...]


@dataclass(frozen=True)
class PreviewShape:
    code: str
    name: str
    rings: tuple[Ring, ...]
    is_case_grid: bool


@dataclass(frozen=True)
class PreviewShapes:
    shapes: tuple[PreviewShape, ...] = ()
    point: tuple[float, float] | None = None
    bounds: tuple[float, float, float, float] | None = None  # lon0, lat0, lon1, lat1

    @property
    def empty(self) -> bool:
        return not self.shapes and self.point is None


@dataclass(frozen=True)
class BoardDetail:
    detail: Any  # services.dto.CaseDetail
    clocks: tuple[StageClock, ...] = ()
    preview: PreviewShapes = field(default_factory=PreviewShapes)


class MapPreview:
    """Grid outlines around a case (see the module contract). Thread-safe, loaded lazily."""

    MARGIN = 0.8  # neighbours within this fraction of the case grid's extent
    _lock = threading.Lock()
    _shared: MapPreview | None = None
    _shared_of: Any = None  # the layer `_shared` was built from

    def __init__(self, layer: Any) -> None:
        import shapely

        self._layer = layer
        self._codes = {str(c): i for i, c in enumerate(layer.column("code"))}
        self._names = layer.column("name")
        self._tree = shapely.STRtree(layer.geometries)

    @classmethod
    def shared(cls, layer: Any = None) -> MapPreview:
        """The preview of ``layer`` (the context's `AppContext.grid_layer`; None: the shipped
        grid layer), indexed once per layer (the last one is kept)."""
        if layer is None:
            from commandcenter.geo.layers import shipped_grids

            layer = shipped_grids()
        with cls._lock:
            if cls._shared is None or cls._shared_of is not layer:
                cls._shared = cls(layer)
                cls._shared_of = layer
            return cls._shared

    def around(self, grid_code: str | None, lon: float | None, lat: float | None
               ) -> PreviewShapes:
        import shapely

        point = (float(lon), float(lat)) if lon is not None and lat is not None else None
        index = self._codes.get(grid_code or "")
        if index is None and point is not None:
            hits = self._tree.query(shapely.Point(*point), predicate="within")
            index = int(hits[0]) if len(hits) else None
        if index is None:
            if point is None:
                return PreviewShapes()
            d = 0.003
            return PreviewShapes((), point, (point[0] - d, point[1] - d, point[0] + d, point[1] + d))
        geom = self._layer.geometries[index]
        x0, y0, x1, y1 = shapely.bounds(geom).tolist()
        if point is not None:
            x0, y0 = min(x0, point[0]), min(y0, point[1])
            x1, y1 = max(x1, point[0]), max(y1, point[1])
        mx, my = (x1 - x0) * self.MARGIN + 1e-4, (y1 - y0) * self.MARGIN + 1e-4
        box = (x0 - mx, y0 - my, x1 + mx, y1 + my)
        near = self._tree.query(shapely.box(*box), predicate="intersects")
        order = sorted(int(i) for i in near if int(i) != index) + [index]  # case grid on top
        shapes = tuple(PreviewShape(str(self._layer.properties[i].get("code", "")),
                                    str(self._names[i] or ""), _rings(self._layer.geometries[i]),
                                    i == index) for i in order)
        return PreviewShapes(shapes, point, box)


def _rings(geom: Any) -> tuple[Ring, ...]:
    import shapely

    out = []
    for part in shapely.get_parts(geom):
        for ring in shapely.get_rings(part):
            xy = np.round(shapely.get_coordinates(ring), 7)
            out.append(tuple((float(x), float(y)) for x, y in xy))
    return tuple(out)


def board_detail(ctx: Any, case_id: int, with_preview: bool = True) -> BoardDetail:
    """Runs on the DB worker (see the module contract)."""
    from .cases import CaseService

    detail = CaseService(ctx).detail(case_id)
    clocks = tuple(stage_clocks(detail, ctx.calendar, ctx.lifecycle.stage_limit, ctx.now()))
    preview = PreviewShapes()
    if with_preview:
        try:
            with ctx.unit_of_work() as uow:  # the grids as the database holds them now
                layer = ctx.current_grid_layer(uow.session)
            preview = MapPreview.shared(layer).around(detail.grid_code, detail.lon, detail.lat)
        except (OSError, ValueError):  # no layer file / unreadable: the panel shows no map
            preview = PreviewShapes()
    return BoardDetail(detail, clocks, preview)


__all__ = ["BoardDetail", "MapPreview", "PreviewShape", "PreviewShapes", "board_detail"]
