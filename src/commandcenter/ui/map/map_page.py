"""The grid map area: toolbar, map canvas, legend, status line; talks to the board by signals.

Contracts
- `MapPage(worker, ctx, parent)`. For the shell's older `MapPage(worker, parent)` call the second
  argument may be the parent widget; without a context the page draws the geometry only.
- `refresh()` loads `services.map_query.load_map(ctx, kpis=False)` on the DB worker and draws
  it; `sig_refreshed` follows. The month's KPI rates (a month of events: seconds at 1M cases)
  come next in their own worker task (`load_kpis`) and recolour the rate choropleth when they
  arrive (`sig_kpis_loaded`); until then the legend says they are being computed.
  `apply_changes(batch)` (a ChangeFeed ChangeBatch) fetches just those cases on the worker and
  patches the arrays and items in place (`sig_patched(ids)` after).
- Signals for the main window: `sig_grid_clicked(str code)`, `sig_case_clicked(int id)`,
  `sig_cases_selected(list[int])` (rectangle/lasso selection), `sig_message(str)` (errors and
  notices, also shown in the status line).
- Slots: `highlight_cases(ids)` (board selection), `set_alert_grids(codes)` (early warning),
  `export_png(path) -> bool`, `import_layer(path, datum=None)` (user GeoJSON; a GeoError's text
  is shown as is: it names the file, the feature and the fix).
- Hit testing: a click or hover first looks for a displayed case within 8 px, then for the
  grid under the cursor (`MapGeometry.grid_at`, exact point-in-polygon): while the dedicated
  grids layer is shown, a point on a dedicated site (school, hospital, market …) is that
  dedicated grid (tooltip, `sig_grid_clicked` with its code), else its comprehensive grid.
  With the layer hidden the operator sees only comprehensive grids, and gets those.
- Live KPI rates: `apply_changes` runs `map_changes` on the worker, which also recomputes the
  month's rates of the grids the batch touched (`GridKpis.update`), so the rate choropleth
  follows case changes without a reload.
- View state (issue 9 contract): `view_state() -> dict` (JSON-able: visible layers, colouring,
  metric, closed cases, the view rectangle in WGS84 degrees, imported user layers by path and
  datum); `restore_view_state(state)` applies it, ignoring missing or garbled keys. Details in
  `ui.map.view_state`.
- Theme: on a palette change (`QEvent.PaletteChange` / `ApplicationPaletteChange`) the page
  restyles the canvas (`map_style.theme_for`: background, outlines, labels, scale bar) and
  its status line; the legend and toolbar follow the palette themselves.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QAction, QActionGroup, QCursor
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QInputDialog,
    QLabel,
    QMenu,
    QMessageBox,
    QToolBar,
    QToolButton,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from commandcenter.services import map_query as mq
from commandcenter.ui.db_worker import DbWorker
from commandcenter.ui.errors import first_line
from commandcenter.ui.map import map_style as st
from commandcenter.ui.map import view_state
from commandcenter.ui.map.map_canvas import LAYERS, MapCanvas
from commandcenter.ui.map.map_text import MapText
from commandcenter.ui.map.user_layer import NO_DATUM_MARK, load_user_layer

DATUMS = ("WGS84", "CGCS2000", "GCJ02", "BD09")


class MapPage(QWidget):
    """The grid map page (see the module docstring)."""

    sig_refreshed = Signal()
    sig_kpis_loaded = Signal()
    sig_patched = Signal(list)
    sig_grid_clicked = Signal(str)
    sig_case_clicked = Signal(int)
    sig_cases_selected = Signal(list)
    sig_message = Signal(str)
    sig_layer_imported = Signal(str)

    def __init__(self, worker: DbWorker, ctx: Any = None, parent: QWidget | None = None) -> None:
        if isinstance(ctx, QWidget) and parent is None:
            ctx, parent = None, ctx
        super().__init__(parent)
        self.setObjectName("map_page")
        self._worker = worker
        self._ctx = ctx
        self.data: mq.MapData | None = None
        self._reloading_for: Any = None  # the geometry a refresh was asked for (see _patch)
        self.highlighted: list[int] = []
        self.hover_text = ""
        self._tip_case: int | None = None
        self._pending_range: tuple[float, float, float, float] | None = None
        self.user_layers: list[dict] = []  # [{"path", "datum"}] of the imported layer
        self._pending_user_layer = None
        self._kpi_slot: mq.KpiSlot | None = None
        self._error_shown = False
        self.text = MapText(self)
        self.canvas = MapCanvas(self)
        self.plot = self.canvas  # the shell's name for the map's plot widget
        self.toolbar = QToolBar(self)
        self.toolbar.setObjectName("map_toolbar")
        self._build_toolbar()
        self.legend = QLabel(self)
        self.legend.setObjectName("map_legend")
        self.legend.setWordWrap(True)
        self.status = QLabel(self)
        self.status.setObjectName("map_status")
        self.status.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addWidget(self.toolbar)
        layout.addWidget(self.canvas, 1)
        layout.addWidget(self.legend)
        layout.addWidget(self.status)
        self.canvas.vb.sigRangeChanged.connect(self._update_legend)
        self.canvas.vb.sig_drag_selected.connect(self._drag_selected)
        self.canvas.scene().sigMouseMoved.connect(self._hovered)
        self.canvas.scene().sigMouseClicked.connect(self._clicked)
        self.retranslate_ui()
        self.apply_theme()

    # --- toolbar --------------------------------------------------------------------------------

    def _build_toolbar(self) -> None:
        tb = self.toolbar
        self.layers_button = QToolButton(self)
        self.layers_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.layers_menu = QMenu(self)
        self.layer_actions: dict[str, QAction] = {}
        for name in LAYERS:
            action = QAction(self)
            action.setCheckable(True)
            action.setChecked(self.canvas.visible[name])
            action.toggled.connect(lambda on, n=name: self.canvas.set_layer_visible(n, on))
            action.toggled.connect(self._update_legend)
            self.layers_menu.addAction(action)
            self.layer_actions[name] = action
        self.layers_button.setMenu(self.layers_menu)
        tb.addWidget(self.layers_button)
        self.colour_combo = QComboBox(self)
        self.colour_combo.currentIndexChanged.connect(self._colour_changed)
        tb.addWidget(self.colour_combo)
        self.metric_combo = QComboBox(self)
        self.metric_combo.currentIndexChanged.connect(self._metric_changed)
        tb.addWidget(self.metric_combo)
        tb.addSeparator()
        self.mode_group = QActionGroup(self)
        self.mode_actions: dict[str, QAction] = {}
        for mode in ("pan", "rect", "lasso"):
            action = QAction(self)
            action.setCheckable(True)
            action.setChecked(mode == "pan")
            action.triggered.connect(lambda _=False, m=mode: self.set_mode(m))
            self.mode_group.addAction(action)
            tb.addAction(action)
            self.mode_actions[mode] = action
        tb.addSeparator()
        self.closed_action = QAction(self)
        self.closed_action.setCheckable(True)
        self.closed_action.toggled.connect(self._closed_toggled)
        tb.addAction(self.closed_action)
        self.reset_action = tb.addAction("", self.canvas.reset_view)
        self.import_action = tb.addAction("", self._import_clicked)
        self.export_action = tb.addAction("", self._export_clicked)

    def set_mode(self, mode: str) -> None:
        """"pan" (drag pans), "rect" or "lasso" (drag selects cases)."""
        self.canvas.vb.mode = mode
        self.mode_actions[mode].setChecked(True)

    def _colour_changed(self, index: int) -> None:
        self.canvas.set_colour_by(self.colour_combo.itemData(index) or "aging")
        self._update_legend()

    def _metric_changed(self, index: int) -> None:
        name = self.metric_combo.itemData(index)
        if name:
            self.canvas.set_metric(name)
            self._update_legend()

    def _closed_toggled(self, on: bool) -> None:
        self.canvas.set_show_closed(on)
        self._update_legend()

    # --- loading --------------------------------------------------------------------------------

    def refresh(self) -> None:
        if self._ctx is None:
            self._worker.submit(mq.map_geometry, on_result=self._geometry_loaded,
                                on_error=self._failed)
        else:
            slot = self._kpi_slot = mq.KpiSlot()
            self._worker.submit(mq.load_map, self._ctx, kpis=False, on_result=self._loaded,
                                on_error=self._failed)
            self._worker.submit(mq.load_kpis, self._ctx, slot,
                                on_result=lambda rates: self._kpis_loaded(rates, slot),
                                on_error=self._failed)

    def _geometry_loaded(self, geo: mq.MapGeometry) -> None:
        self.canvas.set_geometry(geo)
        self._apply_pending_range()
        self._draw_user_layer()
        self._update_legend()
        self.sig_refreshed.emit()

    def _loaded(self, data: mq.MapData) -> None:
        self.data = data
        self._reloading_for = None
        self.canvas.set_geometry(data.geometry)
        self._apply_pending_range()
        self._draw_user_layer()
        self.canvas.set_points(data.points, data.metrics)
        self._fill_metrics()
        self.canvas.set_highlight(self.highlighted)
        self._update_status()
        self._update_legend()
        self.sig_refreshed.emit()

    def _kpis_loaded(self, rates: dict, slot: mq.KpiSlot) -> None:
        if slot is not self._kpi_slot or self.data is None:
            return  # a newer refresh is on its way
        self.canvas.set_metrics({**self.canvas.metrics, **rates})
        self.data.metrics = self.canvas.metrics
        self._update_legend()
        self.sig_kpis_loaded.emit()

    def _failed(self, exc: BaseException) -> None:
        self.show_message(self.tr("The map could not be loaded: {error}").format(error=first_line(exc)))

    def apply_changes(self, batch: Any) -> None:
        """Patch the changed cases in place (called with each ChangeFeed batch)."""
        if self._ctx is None or self.data is None or not batch.case_ids:
            return
        self._worker.submit(mq.map_changes, self._ctx, list(batch.case_ids), self._kpi_slot,
                            on_result=self._patch, on_error=self._failed)

    def _patch(self, patch: mq.MapPatch) -> None:
        if self.data is None:
            return
        if patch.geometry is not None and patch.geometry is not self.data.geometry:
            # the grids changed (a grids file was applied, or a grid starts or ends today):
            # load it all again, once for the batches already queued on that geometry
            if patch.geometry is not self._reloading_for:
                self._reloading_for = patch.geometry
                self.refresh()
            return
        update = patch.points
        self.canvas.patch(update, patch.rates)
        self.data.metrics = self.canvas.metrics
        self.canvas.set_highlight(self.highlighted)
        self._update_status()
        self._update_legend()
        self.sig_patched.emit(update.id.tolist())

    # --- board interplay ------------------------------------------------------------------------

    def highlight_cases(self, ids) -> None:
        self.highlighted = [int(i) for i in ids]
        self.canvas.set_highlight(self.highlighted)

    def set_alert_grids(self, codes) -> None:
        self.canvas.set_alerts(codes)

    def handle_click(self, x: float, y: float) -> None:
        """A left click at view coordinates: a case if one is within reach, else a grid."""
        case = self.canvas.case_at(x, y)
        if case is not None:
            self.sig_case_clicked.emit(case)
            return
        grid = self._grid_at(x, y)
        if grid >= 0:
            self.sig_grid_clicked.emit(str(self.canvas.geo.codes[grid]))

    def _grid_at(self, x: float, y: float) -> int:
        """The grid under a view point: dedicated sites first while their layer is shown."""
        if self.canvas.geo is None:
            return -1
        return self.canvas.geo.grid_at(x, y, dedicated=self.canvas.visible["dedicated"])

    def _clicked(self, ev) -> None:
        if ev.button() != Qt.MouseButton.LeftButton or ev.double():
            return
        vb = self.canvas.vb
        if not vb.sceneBoundingRect().contains(ev.scenePos()):
            return
        here = vb.mapSceneToView(ev.scenePos())
        self.handle_click(here.x(), here.y())

    def _drag_selected(self, mode: str, xs, ys) -> None:
        if mode == "rect":
            ids = self.canvas.ids_in_rect(xs[0], ys[0], xs[2], ys[2])
        else:
            ids = self.canvas.ids_in_polygon(xs, ys)
        self.select_ids(ids)

    def select_ids(self, ids: list[int]) -> None:
        self.highlight_cases(ids)
        self.sig_cases_selected.emit(list(ids))

    # --- hover tooltips -------------------------------------------------------------------------

    def _hovered(self, pos: QPointF) -> None:
        vb = self.canvas.vb
        if self.canvas.geo is None or not vb.sceneBoundingRect().contains(pos):
            return
        here = vb.mapSceneToView(pos)
        self.hover_at(here.x(), here.y())

    def hover_at(self, x: float, y: float) -> None:
        case = self.canvas.case_at(x, y)
        if case is not None:
            if case != self._tip_case and self._ctx is not None:
                self._tip_case = case
                self._worker.submit(mq.case_tip, self._ctx, case, on_result=self._show_case_tip)
            return
        self._tip_case = None
        grid = self._grid_at(x, y)
        self._show_tip(self.text.grid_tip(self.canvas, self.data, grid) if grid >= 0 else "")

    def _show_case_tip(self, tip: dict | None) -> None:
        if tip is not None and tip["id"] == self._tip_case:
            self._show_tip(self.text.case_tip(tip))

    def _show_tip(self, text: str) -> None:
        self.hover_text = text
        if text:
            QToolTip.showText(QCursor.pos(), text, self.canvas)
        else:
            QToolTip.hideText()

    # --- user layer, export ---------------------------------------------------------------------

    def import_layer(self, path: str | Path, datum: str | None = None, *,
                     ask: bool = False) -> None:
        """Load a user GeoJSON layer on the worker; errors are shown (and boxed if `ask`)."""
        source = {"path": str(Path(path).resolve()), "datum": datum}
        self._worker.submit(load_user_layer, str(path), datum,
                            on_result=lambda layer: self._user_layer_loaded(layer, source),
                            on_error=lambda exc: self._user_layer_failed(exc, path, ask))

    def _user_layer_loaded(self, layer, source: dict | None = None) -> None:
        self.user_layers = [source] if source else []
        self._pending_user_layer = layer
        self._draw_user_layer()
        self.show_message(self.tr("Layer {name} imported: {n} features.").format(
            name=layer.name, n=len(layer)), error=False)
        self.sig_layer_imported.emit(layer.name)

    def _draw_user_layer(self) -> None:
        """Draw an imported layer once the geometry (the projection) is there."""
        layer = self._pending_user_layer
        if layer is None or self.canvas.geo is None:
            return
        self._pending_user_layer = None
        x, y = self.canvas.geo.project_layer(layer)
        self.canvas.set_user_layer(x, y, points=layer.kind == "point")
        self.layer_actions["user"].setChecked(True)

    def _user_layer_failed(self, exc: BaseException, path, ask: bool) -> None:
        text = str(exc)
        if ask and NO_DATUM_MARK in text:
            datum, ok = QInputDialog.getItem(
                self, self.tr("Coordinate datum"),
                self.tr("The file does not say which datum its coordinates use. Choose it:"),
                list(DATUMS), 0, False)
            if ok:
                self.import_layer(path, datum, ask=True)
                return
        self.show_message(self.tr("The layer could not be imported: {error}").format(error=text),
                          box=ask)

    def _import_clicked(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Import a GeoJSON layer"), "",
                                              self.tr("GeoJSON (*.geojson *.json)"))
        if path:
            self.import_layer(path, ask=True)

    def export_png(self, path: str | Path) -> bool:
        """Save the current view (as drawn, at screen resolution) as a PNG file."""
        return self.grab_view().save(str(path), "PNG")

    def grab_view(self):
        """The canvas as a QPixmap. Grabbed through the page: QWidget.grab() on the PlotWidget
        itself crashes (segfault) with PySide6 6.11.3 + pyqtgraph 0.14."""
        return self.grab(self.canvas.geometry())

    def _export_clicked(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export the map view"), "map.png",
                                              self.tr("PNG image (*.png)"))
        if path and not self.export_png(path):
            self.show_message(self.tr("Could not write {path}").format(path=path), box=True)

    def show_message(self, text: str, *, error: bool = True, box: bool = False) -> None:
        self._error_shown = error
        self.status.setStyleSheet(f"color: {self.canvas.theme.error};" if error else "")
        self.status.setText(text)
        self.sig_message.emit(text)
        if box:
            QMessageBox.warning(self, self.tr("Grid map"), text)

    # --- text -----------------------------------------------------------------------------------

    def _update_status(self) -> None:
        if self.canvas.points is not None:
            self._error_shown = False
            self.status.setStyleSheet("")
            self.status.setText(self.text.status(self.canvas.points))

    def _update_legend(self, *_args) -> None:
        self.legend.setText(self.text.legend(self.canvas))

    def _fill_metrics(self) -> None:
        current = self.canvas.metric_name
        self.metric_combo.blockSignals(True)
        self.metric_combo.clear()
        for name in mq.metric_names():
            self.metric_combo.addItem(self.text.metric_label(name), name)
        self.metric_combo.setCurrentIndex(max(0, self.metric_combo.findData(current)))
        self.metric_combo.blockSignals(False)

    def retranslate_ui(self) -> None:
        names = {"district": self.tr("District outline"), "streets": self.tr("Streets"),
                 "communities": self.tr("Communities"),
                 "comprehensive": self.tr("Comprehensive grids"),
                 "dedicated": self.tr("Dedicated grids"), "user": self.tr("Imported layer"),
                 "choropleth": self.tr("Grid choropleth"), "heat": self.tr("Heat (density)"),
                 "points": self.tr("Case points")}
        for name, action in self.layer_actions.items():
            action.setText(names[name])
        self.layers_button.setText(self.tr("Layers"))
        self.colour_combo.blockSignals(True)
        current = self.colour_combo.currentData() or "aging"
        self.colour_combo.clear()
        self.colour_combo.addItem(self.tr("Colour by aging"), "aging")
        self.colour_combo.addItem(self.tr("Colour by state"), "state")
        self.colour_combo.setCurrentIndex(self.colour_combo.findData(current))
        self.colour_combo.blockSignals(False)
        self._fill_metrics()
        for mode, text in (("pan", self.tr("Pan")), ("rect", self.tr("Rectangle select")),
                           ("lasso", self.tr("Lasso select"))):
            self.mode_actions[mode].setText(text)
        self.closed_action.setText(self.tr("Closed cases too"))
        self.reset_action.setText(self.tr("Whole district"))
        self.import_action.setText(self.tr("Import layer…"))
        self.export_action.setText(self.tr("Export PNG…"))
        self.canvas.setAccessibleName(self.tr("Grid map"))
        self.colour_combo.setAccessibleName(self.tr("Point colours"))
        self.metric_combo.setAccessibleName(self.tr("Choropleth metric"))
        self.legend.setAccessibleName(self.tr("Map legend"))
        self._update_legend()
        self._update_status()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        elif event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            self.apply_theme()
        super().changeEvent(event)

    def apply_theme(self) -> None:
        """Restyle for the current palette (light or dark; see the module docstring)."""
        theme = st.theme_for(self.palette())
        # always: the shell may have repainted every plot's background with the palette's
        # Base colour just before (ui.theme.restyle_plots); the map keeps its own
        self.canvas.set_theme(theme)
        self._update_legend()  # the "no case" swatches follow the theme
        if self._error_shown:
            self.status.setStyleSheet(f"color: {theme.error};")

    # --- view state (issue 9) -------------------------------------------------------------------

    def view_state(self) -> dict:
        """The operator's view as JSON-able data (see `ui.map.view_state`)."""
        return view_state.capture(self)

    def restore_view_state(self, state: dict) -> None:
        """Apply a `view_state()`; unknown, missing or garbled parts are skipped."""
        view_state.restore(self, state)

    def _apply_pending_range(self) -> None:
        if self._pending_range is None or self.canvas.geo is None:
            return
        lon0, lat0, lon1, lat1 = self._pending_range
        self._pending_range = None
        (x0, x1), (y0, y1) = self.canvas.geo.project([lon0, lon1], [lat0, lat1])
        self.canvas.vb.setRange(QRectF(float(x0), float(y0), float(x1 - x0), float(y1 - y0)),
                                padding=0)
