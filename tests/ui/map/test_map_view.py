"""The map page: clicks and hover on dedicated grids, the saved view state, the dark palette."""

from __future__ import annotations

import json

import numpy as np
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPalette

from commandcenter.ui.map import map_style as st

SCHOOL = (118.788151, 32.006776)  # inside 中牌楼小学 (resources/geo/grids.geojson)
SCHOOL_CODE, HOST_CODE = "320104001001903", "320104001001006"


def _click(qtbot, page, x, y):
    scene = page.canvas.vb.mapViewToScene(QPointF(x, y))
    qtbot.mouseClick(page.canvas.viewport(), Qt.MouseButton.LeftButton,
                     pos=page.canvas.mapFromScene(scene))


def _school(page, width=400.0):
    """Zoom onto the school with no case point under its centre; its view coordinates."""
    geo = page.canvas.geo
    x, y = (float(v) for v in geo.project(*SCHOOL))
    page.canvas.vb.setRange(QRectF(x - width / 2, y - width / 2, width, width), padding=0)
    page.layer_actions["points"].setChecked(False)  # so the click cannot land on a case
    return x, y


def test_a_click_on_a_shown_dedicated_site_filters_to_the_site(qtbot, page):
    x, y = _school(page)
    page.layer_actions["dedicated"].setChecked(True)
    with qtbot.waitSignal(page.sig_grid_clicked, timeout=3000) as blocker:
        _click(qtbot, page, x, y)
    assert blocker.args == [SCHOOL_CODE]
    # hidden, the operator sees the comprehensive grid only, and gets it
    page.layer_actions["dedicated"].setChecked(False)
    with qtbot.waitSignal(page.sig_grid_clicked, timeout=3000) as blocker:
        _click(qtbot, page, x, y)
    assert blocker.args == [HOST_CODE]


def test_hovering_a_dedicated_site_names_it_its_kind_and_host(page):
    x, y = _school(page)
    page.layer_actions["dedicated"].setChecked(True)
    page.hover_at(x, y)
    text = page.hover_text
    assert "中牌楼小学" in text and SCHOOL_CODE in text and HOST_CODE in text
    assert page.text.site_kind_label("school") in text
    geo = page.canvas.geo
    assert str(geo.names[geo.index_of[HOST_CODE]]) in text
    page.layer_actions["dedicated"].setChecked(False)
    page.hover_at(x, y)
    assert SCHOOL_CODE not in page.hover_text and HOST_CODE in page.hover_text

    # a grid with a rate this month shows it in its tooltip
    rates = page.canvas.metrics["closing_rate"]
    k = int(np.flatnonzero(np.isfinite(rates) & ~geo.is_dedicated)[0])
    page.hover_at(geo.label_x[k], geo.label_y[k])
    assert f"{page.text.metric_label('closing_rate')}: {rates[k]:.1f}" in page.hover_text


def test_the_board_receives_the_dedicated_grid_code(qtbot, page):
    """The board as the main window wires it (map_page.sig_grid_clicked -> filter_to_grid)."""
    from commandcenter.ui.board.board_page import BoardPage

    board = BoardPage(page._worker, page.ctx)
    qtbot.addWidget(board)
    with qtbot.waitSignal(board.sig_refreshed, timeout=30000):
        board.refresh()
    page.sig_grid_clicked.connect(board.filter_to_grid)
    x, y = _school(page)
    page.layer_actions["dedicated"].setChecked(True)
    _click(qtbot, page, x, y)
    qtbot.waitUntil(lambda: SCHOOL_CODE in board.current_filter().grids, timeout=5000)
    assert HOST_CODE not in board.current_filter().grids


def _geojson(tmp_path):
    path = tmp_path / "wards.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [{
        "type": "Feature", "properties": {"name": "试点片区"},
        "geometry": {"type": "Polygon", "coordinates": [[
            [118.78, 32.01], [118.80, 32.01], [118.80, 32.03], [118.78, 32.01]]]}}]}),
        encoding="utf-8")
    return path


def test_view_state_round_trips_through_json_into_a_new_page(qtbot, page, tmp_path):
    from commandcenter.ui.map import MapPage

    path = _geojson(tmp_path)
    with qtbot.waitSignal(page.sig_layer_imported, timeout=5000):
        page.import_layer(path, datum="GCJ02")
    page.layer_actions["heat"].setChecked(True)
    page.layer_actions["streets"].setChecked(False)
    page.colour_combo.setCurrentIndex(page.colour_combo.findData("state"))
    page.metric_combo.setCurrentIndex(page.metric_combo.findData("ontime_closing_rate"))
    page.closed_action.setChecked(True)
    page.canvas.vb.setRange(QRectF(-1500, -1000, 2400, 1800), padding=0)
    state = json.loads(json.dumps(page.view_state()))
    assert state["user_layers"] == [{"path": str(path.resolve()), "datum": "GCJ02"}]

    other = MapPage(page._worker, page.ctx)
    qtbot.addWidget(other)
    other.resize(900, 700)
    other.show()
    other.restore_view_state(state)  # before the first load, as the main window does
    with qtbot.waitSignals([other.sig_refreshed, other.sig_kpis_loaded,
                            other.sig_layer_imported], timeout=30000):
        other.refresh()
    c = other.canvas
    assert c.visible["heat"] and not c.visible["streets"] and c.visible["user"]
    assert c.colour_by == "state" and c.metric_name == "ontime_closing_rate" and c.show_closed
    assert other.metric_combo.currentData() == "ontime_closing_rate"
    assert len(c.outlines["user"].getData()[0]) > 3
    restored = other.view_state()
    # the saved rectangle is in view again (aspect locked: one axis may show a little more)
    lon0, lat0, lon1, lat1 = restored.pop("range")
    s0, t0, s1, t1 = state.pop("range")
    eps = 1e-5  # ~1 m
    assert lon0 <= s0 + eps and lat0 <= t0 + eps and lon1 >= s1 - eps and lat1 >= t1 - eps
    assert (lon1 - lon0) * (lat1 - lat0) < 1.3 * (s1 - s0) * (t1 - t0)
    assert restored == state
    other.close()


def test_garbled_view_state_is_ignored_and_a_missing_layer_file_reported(qtbot, page):
    before = page.view_state()
    page.restore_view_state("not a dict")
    page.restore_view_state({"layers": "all", "metric": 5, "colour_by": "rainbow",
                             "range": [1, "a", 3], "show_closed": "yes",
                             "user_layers": [3, {"path": 7}]})
    assert page.view_state() == before
    page.restore_view_state({"range": [118.80, 32.03, 118.78, 32.01]})  # inverted: ignored
    assert page.view_state() == before
    with qtbot.waitSignal(page.sig_message, timeout=5000) as blocker:
        page.restore_view_state({"user_layers": [{"path": "/nowhere/gone.geojson"}]})
    assert "gone.geojson" in blocker.args[0] and page.view_state()["layers"] == before["layers"]


def _dark_palette() -> QPalette:
    p = QPalette()
    for role, colour in ((QPalette.ColorRole.Window, "#202328"),
                         (QPalette.ColorRole.WindowText, "#e6e6e6"),
                         (QPalette.ColorRole.Base, "#181a1f"),
                         (QPalette.ColorRole.Text, "#e6e6e6"),
                         (QPalette.ColorRole.Button, "#2a2d33"),
                         (QPalette.ColorRole.ButtonText, "#e6e6e6")):
        p.setColor(role, QColor(colour))
    return p


def test_a_dark_palette_restyles_the_canvas_and_back(qtbot, page):
    c = page.canvas
    geo = c.geo
    i = geo.index_of[HOST_CODE]
    c.vb.setRange(QRectF(geo.label_x[i] - 300, geo.label_y[i] - 300, 600, 600), padding=0)
    assert any(label.isVisible() for label in c.labels)
    page.setPalette(_dark_palette())
    assert c.theme is st.DARK
    assert c.backgroundBrush().color().name() == st.DARK.background
    assert c.outlines["district"].opts["pen"].color().name() == st.DARK.outlines["district"][0]
    assert c.scale.text.color.name() == st.DARK.scale
    shown = [label for label in c.labels if label.isVisible()]
    assert shown and all(label.color.name() == st.DARK.label for label in shown)
    page.show_message("boom")
    assert st.DARK.error in page.status.styleSheet()
    page.setPalette(QPalette(QColor("#f0f0f0")))
    assert c.theme is st.LIGHT and c.backgroundBrush().color().name() == st.LIGHT.background
    assert st.LIGHT.error in page.status.styleSheet()
