"""The map's drawing surface: persistent pyqtgraph items fed from `services.map_query` arrays.

Contracts
- Coordinates are the service's local metres (`MapGeometry.project`), aspect locked 1:1, so a
  pixel is the same ground distance both ways and hit tests use the same numbers as drawing.
- Every item is created once and only updated with `setData`/`setImage` (STYLE habit 8): one
  PlotDataItem per outline layer (NaN-separated rings, connect="finite"), one ImageItem for the
  choropleth (the label raster coloured through a per-grid class table: recolouring after a
  change is one fancy-index of a ~1.3M-cell raster), one ImageItem for the heat layer (a
  bincount of the cases on a 512-column raster), one ScatterPlotItem for case points, one for
  highlighted cases, one PlotDataItem for alerted grids, a pool of TextItems for grid labels.
- District zoom vs street zoom: `update_view()` (on every range change) shows the choropleth
  and heat when the view is wider than `POINTS_WIDTH_M` or holds more than `MAX_POINTS` cases;
  otherwise it hides them and puts the cases in view into the scatter (setData, same item).
- The displayed population is the open cases, plus closed/void/merged ones when
  `show_closed` is on (the choropleth metrics are about open work either way).
- `MapViewBox` turns left-drags into rectangle or lasso selections when its `mode` is "rect"
  or "lasso" (`sig_drag_selected(mode, xs, ys)` in view coordinates); in "pan" mode it pans.
- `set_theme(map_style.Theme)` restyles background, outlines, labels, scale bar and point
  outlines (the page calls it on palette changes); data colours stay those of the legend.
- Who calls: `MapPage` only (GUI thread).
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
import shapely
from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import QColor, QFont

from commandcenter.services.map_query import (
    OUTLINE_LAYERS,
    CasePoints,
    MapGeometry,
    grid_metrics,
    metric_unit,
)
from commandcenter.ui.map import map_style as st

POINTS_WIDTH_M = 3000.0
MAX_POINTS = 30_000
LABEL_CODE_WIDTH_M = 1800.0
LABEL_NAME_WIDTH_M = 700.0
MAX_LABELS = 160
HEAT_COLUMNS = 512
LAYERS = (*OUTLINE_LAYERS, "user", "choropleth", "heat", "points")
DEFAULT_VISIBLE = {"district", "streets", "communities", "comprehensive", "choropleth", "points",
                   "user"}


def smooth(a: np.ndarray) -> np.ndarray:
    """A binomial blur (1 4 6 4 1)/16 along both axes: sparse cases read as a heat field, not
    as isolated squares; ~1 ms on the heat raster."""
    weights = (1, 4, 6, 4, 1)
    ny, nx = a.shape
    p = np.pad(a, ((0, 0), (2, 2)))
    a = sum(w * p[:, k:k + nx] for k, w in enumerate(weights)) / 16
    p = np.pad(a, ((2, 2), (0, 0)))
    return sum(w * p[k:k + ny, :] for k, w in enumerate(weights)) / 16


class MapViewBox(pg.ViewBox):
    """A ViewBox whose left-drag selects (rectangle or lasso) instead of panning on demand."""

    sig_drag_selected = Signal(str, object, object)  # mode, xs, ys (view coordinates)

    def __init__(self) -> None:
        super().__init__(lockAspect=True, enableMenu=False)
        self.mode = "pan"
        self._path: list[tuple[float, float]] = []
        self.rubber = pg.PlotCurveItem(pen=pg.mkPen(st.HIGHLIGHT, width=1.5,
                                                    style=Qt.PenStyle.DashLine))
        self.rubber.setZValue(100)
        self.addItem(self.rubber, ignoreBounds=True)

    def mouseDragEvent(self, ev, axis=None) -> None:  # noqa: N802 - Qt override
        if self.mode == "pan" or ev.button() != Qt.MouseButton.LeftButton:
            super().mouseDragEvent(ev, axis)
            return
        ev.accept()
        here = self.mapSceneToView(ev.scenePos())
        if ev.isStart():
            start = self.mapSceneToView(ev.buttonDownScenePos())
            self._path = [(start.x(), start.y())]
        self._path.append((here.x(), here.y()))
        xs, ys = self._outline()
        self.rubber.setData(xs, ys)
        if ev.isFinish():
            self.rubber.setData([], [])
            self.sig_drag_selected.emit(self.mode, xs, ys)
            self._path = []

    def _outline(self) -> tuple[np.ndarray, np.ndarray]:
        p = np.array(self._path)
        if self.mode == "rect":
            (x0, y0), (x1, y1) = p[0], p[-1]
            return np.array([x0, x1, x1, x0, x0]), np.array([y0, y0, y1, y1, y0])
        return np.r_[p[:, 0], p[0, 0]], np.r_[p[:, 1], p[0, 1]]


class MapCanvas(pg.PlotWidget):
    """The drawing surface (see the module docstring)."""

    def __init__(self, parent=None) -> None:
        self.vb = MapViewBox()
        super().__init__(parent, viewBox=self.vb, background=st.LIGHT.background)
        self.setObjectName("map_plot")
        self.setAspectLocked(True, ratio=1.0)
        self.hideAxis("left")
        self.hideAxis("bottom")
        self.setMenuEnabled(False)
        self.geo: MapGeometry | None = None
        self.points: CasePoints | None = None
        self.metrics: dict[str, np.ndarray] = {}
        self.metric_name = "open"
        self.colour_by = "aging"
        self.show_closed = False
        self.visible = {name: name in DEFAULT_VISIBLE for name in LAYERS}
        self.theme = st.LIGHT
        self._user_points = False
        self.points_mode = False
        self.shown = np.empty(0, np.int64)  # rows of `points` in the scatter, in scatter order
        self.breaks = np.empty(0)
        self._pop = np.empty(0, np.int64)
        self._lut = st.choropleth_lut()
        self._rate_lut = st.rate_lut()
        self._heat_lut = st.heat_lut()
        self.choropleth = pg.ImageItem()
        self.choropleth.setZValue(-20)
        self.heat = pg.ImageItem()
        self.heat.setZValue(-10)
        self.outlines: dict[str, pg.PlotDataItem] = {}
        for z, name in enumerate((*OUTLINE_LAYERS[::-1], "user")):
            colour, width = st.OUTLINE_PENS[name]
            item = pg.PlotDataItem([], [], pen=pg.mkPen(colour, width=width), connect="finite")
            item.setZValue(z)
            self.outlines[name] = item
        self.alerts = pg.PlotDataItem([], [], pen=pg.mkPen(st.ALERT, width=3.5),
                                      connect="finite")
        self.alerts.setZValue(8)
        self.scatter = pg.ScatterPlotItem(pxMode=True, hoverable=False)
        self.scatter.setZValue(10)
        self.highlight = pg.ScatterPlotItem(pxMode=True, symbol="o", size=18, brush=None,
                                            pen=pg.mkPen(st.HIGHLIGHT, width=2.5))
        self.highlight.setZValue(11)
        for item in (self.choropleth, self.heat, *self.outlines.values(), self.alerts,
                     self.scatter, self.highlight):
            self.addItem(item)
        self.labels: list[pg.TextItem] = []
        self.scale = pg.ScaleBar(1000, width=6, suffix="m")
        self.scale.setParentItem(self.vb)
        self.scale.anchor((1, 1), (1, 1), offset=(-30, -24))
        self.vb.sigRangeChanged.connect(self.update_view)
        self.set_theme(st.LIGHT)
        self._apply_visibility()

    def set_theme(self, theme: st.Theme) -> None:
        """Restyle background, outlines, labels, scale bar and point outlines (data colours stay);
        redraws the choropleth (its opacity is per theme) and the shown points."""
        self.theme = theme
        self.setBackground(theme.background)
        for name, item in self.outlines.items():
            colour, width = theme.outlines[name]
            if name == "user" and self._user_points:
                item.setSymbolBrush(colour)
            else:
                item.setPen(pg.mkPen(colour, width=width))
        self.scale.bar.setBrush(pg.mkBrush(theme.scale))
        self.scale.bar.setPen(pg.mkPen(theme.scale))
        self.scale.text.setColor(QColor(theme.scale))
        for item in self.labels:
            self._style_label(item)
        self._lut = st.choropleth_lut(theme.choro_alpha, theme.zero)
        self._rate_lut = st.rate_lut(theme.choro_alpha, theme.no_data, theme.rate_ramp)
        self.draw_choropleth()
        if len(self.shown):
            self._show_rows(self.shown)

    def _style_label(self, item: pg.TextItem) -> None:
        item.setColor(QColor(self.theme.label))
        fill = self.theme.label_fill
        item.fill = pg.mkBrush(QColor(*fill)) if fill else pg.mkBrush(None)
        item.update()

    # --- data -----------------------------------------------------------------------------------

    def set_geometry(self, geo: MapGeometry) -> None:
        first = self.geo is None
        self.geo = geo
        for name in OUTLINE_LAYERS:
            x, y = geo.outlines[name]
            self.outlines[name].setData(x, y, connect="finite")
        if first:
            self.reset_view()

    def set_points(self, points: CasePoints, metrics: dict[str, np.ndarray] | None = None) -> None:
        self.points = points
        self.metrics = metrics if metrics is not None else grid_metrics(self.geo, points)
        self._population_changed()

    def set_metrics(self, metrics: dict[str, np.ndarray]) -> None:
        """Replace the per-grid figures (e.g. when the KPI rates arrive) and recolour."""
        self.metrics = metrics
        self.draw_choropleth()

    def patch(self, update: CasePoints, rates: dict[str, np.ndarray] | None = None) -> np.ndarray:
        """Apply changed rows in place; recolour/move their points. Returns their rows.

        Point metrics are recomputed from the patched arrays; `rates` (KPI metrics the worker
        recomputed for the batch, `MapPatch.rates`) replace the previous figures when given.
        """
        rows = self.points.patch(update)
        self.metrics = {**self.metrics, **grid_metrics(self.geo, self.points), **(rates or {})}
        self._population_changed()  # a new state may move a case in or out of the population
        return rows

    def _population_changed(self) -> None:
        p = self.points
        mask = np.ones(len(p), bool) if self.show_closed else p.open
        self._pop = np.flatnonzero(mask)
        self.draw_choropleth()
        self.draw_heat()
        self.update_view(force=True)

    def set_show_closed(self, on: bool) -> None:
        self.show_closed = on
        if self.points is not None:
            self._population_changed()

    def set_metric(self, name: str) -> None:
        self.metric_name = name
        self.draw_choropleth()

    def set_colour_by(self, how: str) -> None:
        self.colour_by = how
        self.update_view(force=True)

    def set_layer_visible(self, name: str, on: bool) -> None:
        self.visible[name] = on
        if name == "heat" and on:
            self.draw_heat()  # kept up to date only while shown
        self._apply_visibility()
        if name in ("choropleth", "heat", "points", "dedicated"):
            self.update_view(force=True)

    def set_user_layer(self, x: np.ndarray, y: np.ndarray, points: bool) -> None:
        item = self.outlines["user"]
        self._user_points = points
        colour, width = self.theme.outlines["user"]
        if points:
            item.setData(x, y, pen=None, symbol="d", symbolSize=8, symbolBrush=colour)
        else:
            item.setData(x, y, connect="finite", symbol=None, pen=pg.mkPen(colour, width=width))
        self.set_layer_visible("user", True)

    # --- drawing --------------------------------------------------------------------------------

    def draw_choropleth(self) -> None:
        if self.geo is None or not self.metrics:
            return
        values = self.metrics.get(self.metric_name)
        rate = metric_unit(self.metric_name) == "%"
        if rate:
            self.breaks = st.RATE_BREAKS
            transparent = len(st.RATE_RAMP) + 1
            if values is None:  # not computed yet: outlines only (the legend says so)
                table = np.full(len(self.geo.codes) + 1, transparent, np.uint8)
            else:
                table = np.r_[st.classify_rates(values), transparent].astype(np.uint8)
            self._set_choropleth(self._rate_lut[table[self.geo.raster]])
            return
        if values is None:
            values = np.zeros(len(self.geo.codes))
        self.breaks = st.class_breaks(values[self.geo.host == np.arange(len(values))])
        # raster -1 picks the appended last entry: the transparent row of the table
        table = np.r_[st.classify(values, self.breaks), st.CHORO_BINS].astype(np.uint8)
        self._set_choropleth(self._lut[table[self.geo.raster]])

    def _set_choropleth(self, rgba: np.ndarray) -> None:
        self.choropleth.setImage(rgba.transpose(1, 0, 2), autoLevels=False)
        self.choropleth.setRect(QRectF(*self.geo.raster_rect))

    def draw_heat(self) -> None:
        if self.geo is None or self.points is None or not self.visible["heat"]:
            return
        x0, y0, x1, y1 = self.geo.bounds
        nx = HEAT_COLUMNS
        ny = max(1, round(nx * (y1 - y0) / (x1 - x0)))
        px, py = self.points.x[self._pop], self.points.y[self._pop]
        ix = ((px - x0) * (nx / (x1 - x0))).astype(np.int64)
        iy = ((py - y0) * (ny / (y1 - y0))).astype(np.int64)
        ok = (ix >= 0) & (ix < nx) & (iy >= 0) & (iy < ny)
        counts = smooth(np.bincount(iy[ok] * nx + ix[ok], minlength=nx * ny)
                        .reshape(ny, nx).astype(np.float32))
        top = counts.max()
        level = np.log1p(counts) / np.log1p(top) if top else counts.astype(float)
        rgba = self._heat_lut[(level * 255).astype(np.uint8)]
        self.heat.setImage(rgba.transpose(1, 0, 2), autoLevels=False)
        self.heat.setRect(QRectF(x0, y0, x1 - x0, y1 - y0))

    def point_brushes(self, rows: np.ndarray) -> np.ndarray:
        p = self.points
        if self.colour_by == "state":
            return st.STATE_BRUSHES[p.state[rows]]
        return st.AGING_BRUSHES[p.aging[rows]]

    def update_view(self, *_args, force: bool = False) -> None:
        if self.geo is None:
            return
        (x0, x1), (y0, y1) = self.vb.viewRange()
        width = x1 - x0
        self._update_scale(width)
        in_view = np.empty(0, np.int64)
        if self.points is not None and len(self._pop):
            px, py = self.points.x[self._pop], self.points.y[self._pop]
            in_view = self._pop[(px >= x0) & (px <= x1) & (py >= y0) & (py <= y1)]
        self.points_mode = width <= POINTS_WIDTH_M and len(in_view) <= MAX_POINTS
        self._apply_visibility()
        if self.points_mode and self.visible["points"]:
            if force or not np.array_equal(in_view, self.shown):
                self._show_rows(in_view)
        elif len(self.shown):
            self._show_rows(np.empty(0, np.int64))
        self._update_labels(x0, x1, y0, y1, width)

    def _show_rows(self, rows: np.ndarray) -> None:
        self.shown = rows
        if not len(rows):
            self.scatter.setData(x=[], y=[])
            return
        p = self.points
        pc = st.priority_class(p.priority[rows], p.emergency[rows])
        self.scatter.setData(x=p.x[rows], y=p.y[rows], data=p.id[rows],
                             brush=self.point_brushes(rows), symbol=st.SYMBOLS[pc],
                             size=st.PRIORITY_SIZES[pc], pen=self.theme.point_pen)

    def _apply_visibility(self) -> None:
        district_zoom = not self.points_mode
        self.choropleth.setVisible(self.visible["choropleth"] and district_zoom)
        self.heat.setVisible(self.visible["heat"] and district_zoom)
        self.scatter.setVisible(self.visible["points"] and self.points_mode)
        for name, item in self.outlines.items():
            item.setVisible(self.visible[name])

    def _update_scale(self, width: float) -> None:
        target = width / 6
        if target <= 0:
            return
        mag = 10 ** np.floor(np.log10(target))
        size = float(max(s * mag for s in (1, 2, 5) if s * mag <= target))
        if size != self.scale.size:
            self.scale.size = size
            self.scale.text.setText(pg.siFormat(size, suffix="m"))
            self.scale.updateBar()

    def _update_labels(self, x0, x1, y0, y1, width) -> None:
        geo = self.geo
        wanted = np.empty(0, np.int64)
        if width <= LABEL_CODE_WIDTH_M:
            lx, ly = geo.label_x, geo.label_y
            show = (lx >= x0) & (lx <= x1) & (ly >= y0) & (ly <= y1)
            if not self.visible["dedicated"]:
                show &= geo.host == np.arange(len(lx))
            wanted = np.flatnonzero(show)[:MAX_LABELS]
        while len(self.labels) < len(wanted):
            item = pg.TextItem(anchor=(0.5, 0.5))
            font = QFont()
            font.setPointSizeF(7.5)
            item.setFont(font)
            self._style_label(item)
            item.setZValue(20)
            self.addItem(item, ignoreBounds=True)
            self.labels.append(item)
        for item, i in zip(self.labels, wanted, strict=False):
            code = str(geo.codes[i])
            text = f"{code[-3:]}\n{geo.names[i]}" if width <= LABEL_NAME_WIDTH_M else code[-3:]
            if getattr(item, "shows", None) != (i, text):  # setText re-lays out: skip repeats
                item.shows = (i, text)
                item.setText(text)
                item.setPos(float(geo.label_x[i]), float(geo.label_y[i]))
            item.setVisible(True)
        for item in self.labels[len(wanted):]:
            item.setVisible(False)

    def reset_view(self) -> None:
        if self.geo is not None:
            x0, y0, x1, y1 = self.geo.bounds
            self.vb.setRange(QRectF(x0, y0, x1 - x0, y1 - y0), padding=0.02)

    # --- queries --------------------------------------------------------------------------------

    def case_at(self, x: float, y: float, radius_px: float = 8.0) -> int | None:
        """Id of the shown case nearest (x, y) within `radius_px` pixels, else None."""
        if not self.points_mode or not len(self.shown) or not self.scatter.isVisible():
            return None
        sx, sy = self.vb.viewPixelSize()
        dx = (self.points.x[self.shown] - x) / sx
        dy = (self.points.y[self.shown] - y) / sy
        d2 = dx * dx + dy * dy
        k = int(np.argmin(d2))
        return int(self.points.id[self.shown[k]]) if d2[k] <= radius_px ** 2 else None

    def ids_in_polygon(self, xs, ys) -> list[int]:
        """Ids of the displayed population inside a closed polygon (view coordinates)."""
        if self.points is None or len(xs) < 3:
            return []
        xs, ys = np.asarray(xs, float), np.asarray(ys, float)
        px, py = self.points.x[self._pop], self.points.y[self._pop]
        box = (px >= xs.min()) & (px <= xs.max()) & (py >= ys.min()) & (py <= ys.max())
        rows = self._pop[box]
        poly = shapely.make_valid(shapely.Polygon(np.c_[xs, ys]))
        inside = shapely.contains_xy(poly, self.points.x[rows], self.points.y[rows])
        return self.points.id[rows[inside]].tolist()

    def ids_in_rect(self, x0: float, y0: float, x1: float, y1: float) -> list[int]:
        if self.points is None:
            return []
        xa, xb, ya, yb = min(x0, x1), max(x0, x1), min(y0, y1), max(y0, y1)
        px, py = self.points.x[self._pop], self.points.y[self._pop]
        rows = self._pop[(px >= xa) & (px <= xb) & (py >= ya) & (py <= yb)]
        return self.points.id[rows].tolist()

    def set_highlight(self, ids) -> np.ndarray:
        rows = self.points.rows_of(ids) if self.points is not None else np.empty(0, np.int64)
        if len(rows):
            self.highlight.setData(x=self.points.x[rows], y=self.points.y[rows])
        else:
            self.highlight.setData(x=[], y=[])
        return rows

    def set_alerts(self, codes) -> int:
        if self.geo is None:
            return 0
        wanted = {str(c) for c in codes}
        mask = np.array([str(c) in wanted for c in self.geo.codes])
        if mask.any():
            x, y = self.geo.project_layer(self.geo.grids.subset(mask))
            self.alerts.setData(x, y, connect="finite")
        else:
            self.alerts.setData([], [])
        return int(mask.sum())
