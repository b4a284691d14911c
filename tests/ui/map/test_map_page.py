"""The grid map page on a seeded store: layers, zoom switch, clicks, selection, live patches."""

from __future__ import annotations

import json

import numpy as np
import pytest
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QImage
from sqlalchemy import update

from commandcenter.services import map_query as mq
from commandcenter.services.dto import ChangeBatch
from commandcenter.store.models import Case
from commandcenter.ui.map import map_style as st
from commandcenter.ui.map.user_layer import NO_DATUM_MARK


def _zoom_on(page, x, y, width=600.0):
    page.canvas.vb.setRange(QRectF(x - width / 2, y - width / 2, width, width), padding=0)


def _click(qtbot, page, x, y):
    vb = page.canvas.vb
    scene = vb.mapViewToScene(QPointF(x, y))
    pos = page.canvas.mapFromScene(scene)
    qtbot.mouseClick(page.canvas.viewport(), Qt.MouseButton.LeftButton, pos=pos)


def _open_case(page, aging=None):
    p = page.canvas.points
    mask = p.open & (p.grid >= 0)
    if aging is not None:
        mask &= p.aging == aging
    return int(np.flatnonzero(mask)[0])


def test_opens_on_a_seeded_store_and_draws_the_layers(page):
    c = page.canvas
    for name in mq.OUTLINE_LAYERS:
        x, _y = c.outlines[name].getData()
        assert x is not None and len(x) > 10 and np.isnan(x).any(), name
    assert c.choropleth.image is not None and c.choropleth.isVisible()
    assert len(c.points) == 500 and not c.points_mode
    assert "500" in page.status.text()
    assert page.legend.text()
    # equal ground distance per pixel both ways (metric projection, aspect 1)
    sx, sy = c.vb.viewPixelSize()
    assert sx == pytest.approx(sy, rel=1e-3)


def test_layer_toggles(page):
    c = page.canvas
    assert c.outlines["streets"].isVisible()
    page.layer_actions["streets"].setChecked(False)
    assert not c.outlines["streets"].isVisible()
    assert not c.heat.isVisible()
    page.layer_actions["heat"].setChecked(True)
    assert c.heat.isVisible() and c.heat.image is not None
    page.layer_actions["choropleth"].setChecked(False)
    assert not c.choropleth.isVisible()
    assert not c.outlines["dedicated"].isVisible()
    page.layer_actions["dedicated"].setChecked(True)
    assert c.outlines["dedicated"].isVisible()


def test_zoom_switches_choropleth_to_points(page):
    c = page.canvas
    k = _open_case(page)
    _zoom_on(page, c.points.x[k], c.points.y[k])
    assert c.points_mode and c.scatter.isVisible() and not c.choropleth.isVisible()
    shown = c.scatter.data["data"]
    assert int(c.points.id[k]) in shown.tolist()
    assert any(label.isVisible() for label in c.labels)  # grid labels when zoomed in
    c.reset_view()
    assert not c.points_mode and c.choropleth.isVisible() and not c.scatter.isVisible()


def test_clicking_a_grid_emits_its_code(qtbot, page):
    geo = page.canvas.geo
    i = int(np.flatnonzero(geo.host == np.arange(len(geo.codes)))[40])
    with qtbot.waitSignal(page.sig_grid_clicked, timeout=3000) as blocker:
        _click(qtbot, page, geo.label_x[i], geo.label_y[i])
    assert blocker.args == [str(geo.codes[i])]


def test_clicking_a_case_emits_its_id(qtbot, page):
    c = page.canvas
    k = _open_case(page)
    _zoom_on(page, c.points.x[k], c.points.y[k], width=300)
    with qtbot.waitSignal(page.sig_case_clicked, timeout=3000) as blocker:
        _click(qtbot, page, c.points.x[k], c.points.y[k])
    assert blocker.args == [int(c.points.id[k])]


def test_rectangle_and_lasso_selection_return_the_right_ids(qtbot, page):
    c = page.canvas
    p = c.points
    x0, y0, x1, y1 = -2000.0, -1500.0, 1500.0, 1000.0
    inside = p.open & (p.x >= x0) & (p.x <= x1) & (p.y >= y0) & (p.y <= y1)
    expected = sorted(p.id[inside].tolist())
    assert expected
    page.set_mode("rect")
    assert c.vb.mode == "rect"
    xs, ys = np.array([x0, x1, x1, x0, x0]), np.array([y0, y0, y1, y1, y0])
    with qtbot.waitSignal(page.sig_cases_selected, timeout=3000) as blocker:
        c.vb.sig_drag_selected.emit("rect", xs, ys)
    assert sorted(blocker.args[0]) == expected
    assert sorted(page.highlighted) == expected
    # lasso: a triangle (the lower-left half of the same rectangle)
    tri = np.array([x0, x1, x0, x0]), np.array([y0, y0, y1, y0])
    below = inside & ((p.x - x0) / (x1 - x0) + (p.y - y0) / (y1 - y0) < 1)
    with qtbot.waitSignal(page.sig_cases_selected, timeout=3000) as blocker:
        c.vb.sig_drag_selected.emit("lasso", *tri)
    assert sorted(blocker.args[0]) == sorted(p.id[below].tolist())


def test_highlight_cases_marks_them(page):
    c = page.canvas
    ids = c.points.id[c.points.open][:3].tolist()
    page.highlight_cases(ids)
    hx, hy = c.highlight.getData()
    rows = c.points.rows_of(ids)
    assert sorted(hx.tolist()) == sorted(c.points.x[rows].tolist())
    page.highlight_cases([])
    assert len(c.highlight.getData()[0]) == 0


def test_apply_changes_recolours_a_point_without_rebuilding(qtbot, page):
    c = page.canvas
    k = _open_case(page, aging=mq.AGING_GREEN)
    case_id = int(c.points.id[k])
    _zoom_on(page, c.points.x[k], c.points.y[k], width=400)
    scatter = c.scatter
    pos = c.scatter.data["data"].tolist().index(case_id)
    assert c.scatter.data["brush"][pos].color().name() == st.AGING_COLOURS[mq.AGING_GREEN]
    with page.ctx.unit_of_work(write=True) as uow:
        uow.session.execute(update(Case).where(Case.id == case_id).values(
            due_at=page.ctx.now().replace(year=2000), clock_paused=False))
    with qtbot.waitSignal(page.sig_patched, timeout=5000):
        page.apply_changes(ChangeBatch(max_seq=10**6, case_ids=(case_id,)))
    assert c.scatter is scatter  # the same persistent item, updated with setData
    pos = c.scatter.data["data"].tolist().index(case_id)
    assert c.scatter.data["brush"][pos].color().name() == st.AGING_COLOURS[mq.AGING_RED]


def test_alert_grids_are_outlined(page):
    code = str(page.canvas.geo.codes[7])
    page.set_alert_grids([code])
    x, _y = page.canvas.alerts.getData()
    assert x is not None and len(x) > 3
    page.set_alert_grids([])
    assert len(page.canvas.alerts.getData()[0] or []) == 0


def test_grid_tooltip_names_code_community_workers_and_counts(page):
    geo = page.canvas.geo
    i = int(np.flatnonzero(geo.host == np.arange(len(geo.codes)))[3])
    page.hover_at(geo.label_x[i], geo.label_y[i])
    code = str(geo.codes[i])
    assert code in page.hover_text and str(geo.community[i]) in page.hover_text
    for name in page.data.workers.get(code, []):
        assert name in page.hover_text


def test_bad_user_geojson_shows_the_geo_error(qtbot, page, tmp_path):
    bad = tmp_path / "bad.geojson"
    bad.write_text(json.dumps({"type": "Feature", "geometry": None}), encoding="utf-8")
    with qtbot.waitSignal(page.sig_message, timeout=5000) as blocker:
        page.import_layer(bad, datum="WGS84")
    assert "not a GeoJSON FeatureCollection" in blocker.args[0]
    assert "bad.geojson" in page.status.text()
    undeclared = tmp_path / "plain.geojson"
    undeclared.write_text(json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {}, "geometry": {"type": "Point",
                                                          "coordinates": [118.8, 32.0]}}]}))
    with qtbot.waitSignal(page.sig_message, timeout=5000) as blocker:
        page.import_layer(undeclared)
    assert NO_DATUM_MARK in blocker.args[0]
    with qtbot.waitSignal(page.sig_layer_imported, timeout=5000):
        page.import_layer(undeclared, datum="GCJ02")
    x, _y = page.canvas.outlines["user"].getData()
    assert len(x) == 1 and page.canvas.outlines["user"].isVisible()


def test_export_png_writes_the_view(page, tmp_path):
    out = tmp_path / "map.png"
    assert page.export_png(out)
    image = QImage(str(out))
    assert out.stat().st_size > 1000 and not image.isNull()
    assert image.width() == page.canvas.width()


class _Drag:
    """The parts of pyqtgraph's MouseDragEvent that MapViewBox reads."""

    def __init__(self, vb, start, here, *, first=False, last=False):
        self._start = vb.mapViewToScene(QPointF(*start))
        self._here = vb.mapViewToScene(QPointF(*here))
        self._first, self._last = first, last

    def button(self):
        return Qt.MouseButton.LeftButton

    def accept(self):
        pass

    def scenePos(self):
        return self._here

    def buttonDownScenePos(self):
        return self._start

    def isStart(self):
        return self._first

    def isFinish(self):
        return self._last


def test_a_rectangle_drag_in_select_mode_selects_instead_of_panning(qtbot, page):
    c = page.canvas
    p = c.points
    before = c.vb.viewRange()
    page.set_mode("rect")
    start, end = (-1500.0, -1200.0), (1200.0, 900.0)
    with qtbot.waitSignal(page.sig_cases_selected, timeout=3000) as blocker:
        c.vb.mouseDragEvent(_Drag(c.vb, start, (0.0, 0.0), first=True))
        c.vb.mouseDragEvent(_Drag(c.vb, start, end, last=True))
    inside = p.open & (p.x >= start[0]) & (p.x <= end[0]) & (p.y >= start[1]) & (p.y <= end[1])
    got = sorted(blocker.args[0])
    assert got and len(got) == int(inside.sum())
    assert set(got) == set(p.id[inside].tolist())
    assert c.vb.viewRange() == before  # nothing panned


def test_kpi_rate_metric_recolours_the_choropleth_with_a_percent_legend(page):
    c = page.canvas
    combo = page.metric_combo
    assert combo.findData("ontime_closing_rate") >= 0 and combo.findData("closing_rate") >= 0
    before = np.array(c.choropleth.image, copy=True)
    combo.setCurrentIndex(combo.findData("ontime_closing_rate"))
    assert c.metric_name == "ontime_closing_rate"
    after = np.array(c.choropleth.image, copy=True)
    assert after.shape == before.shape and not np.array_equal(after, before)
    # the rate scale: grids with a figure take a RATE_RAMP colour, grids with none the grey
    rates = c.metrics["ontime_closing_rate"]
    lut = st.rate_lut()
    i = int(np.flatnonzero(np.isfinite(rates) & (c.geo.host == np.arange(len(rates))))[0])
    raster = c.geo.raster.T  # the image is stored transposed (x first)
    cell = np.argwhere(raster == i)[0]
    assert after[tuple(cell)].tolist() == lut[st.classify_rates(rates[i:i + 1])[0]].tolist()
    assert st.classify_rates(np.array([10.0, 99.0, np.nan])).tolist() == [0, 5, len(st.RATE_RAMP)]
    text = page.legend.text()
    assert "%" in text and page.text.metric_label("ontime_closing_rate") in text


def test_a_changed_grids_layer_reloads_the_map_instead_of_patching(qtbot, page):
    """A grids file applied meanwhile (the context's grids layer swapped): the next change
    batch's grid indexes refer to another geometry, so the page loads the map again."""
    c = page.canvas
    before = c.geo
    layer = page.ctx.grid_layer
    fewer = layer.subset(np.arange(len(layer)) != 0)  # the first grid retired
    # as if read from the database (no district file; the layer of today)
    page.ctx._swap_in("grid_layer", fewer, (None, page.ctx.now().date().isoformat()))
    case_id = int(c.points.id[0])
    with qtbot.waitSignals([page.sig_refreshed, page.sig_kpis_loaded], timeout=30000):
        page.apply_changes(ChangeBatch(max_seq=10**6, case_ids=(case_id,)))
    assert c.geo is not before and len(c.geo.codes) == len(before.codes) - 1
