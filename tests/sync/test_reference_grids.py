"""Reference-data sync of the grids: the district's grids GeoJSON updates the grids table's
attributes (diffed per grid, applied at once with history); a grid is retired by its
``valid_to``, never deleted, and never while open cases are in it."""

from __future__ import annotations

import copy
import json
from datetime import date

import pytest
from sqlalchemy import func, select

from commandcenter.domain.vocabulary import TERMINAL_STATES
from commandcenter.resources import resource_path
from commandcenter.store.models import Case, Grid
from commandcenter.store.models_sync import SyncFile, SyncReferenceChange
from commandcenter.sync.reference import ReferenceError, apply_reference, preview_reference

from .conftest import NOW


def _shipped() -> dict:
    return json.loads(resource_path("geo", "grids.geojson").read_text(encoding="utf-8"))


def _write(path, document):
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return path


def _feature(doc: dict, code: str) -> dict:
    return next(f for f in doc["features"] if f["properties"]["code"] == code)


def _grid(ctx, code: str):
    with ctx.unit_of_work() as uow:
        return uow.session.execute(select(Grid.__table__).where(Grid.code == code)).one()


def _busy_grid(ctx) -> str:
    with ctx.unit_of_work() as uow:
        return uow.session.execute(select(Case.grid_code).where(
            Case.grid_code.is_not(None), Case.state.not_in([s.value for s in TERMINAL_STATES]))
            .order_by(Case.grid_code).limit(1)).scalar_one()


def _free_grid(ctx, doc: dict, skip: set[str]) -> str:
    with ctx.unit_of_work() as uow:
        used = set(uow.session.execute(select(Case.grid_code).where(
            Case.grid_code.is_not(None))).scalars())
    return next(f["properties"]["code"] for f in doc["features"]
                if f["properties"]["layer"] == "comprehensive"
                and f["properties"]["code"] not in used | skip)


def test_grids_file_diff_apply_retire_and_refuse(store_with_cases, tmp_path):
    from commandcenter.services.context import AppContext

    ctx = store_with_cases
    doc = _shipped()
    busy = _busy_grid(ctx)
    first = doc["features"][0]["properties"]["code"]
    free = _free_grid(ctx, doc, {busy, first})
    renamed = _feature(doc, first)
    renamed["properties"]["name"] = "中牌楼社区第1网格（调整）"
    renamed["properties"]["area_class"] = "A"
    new = copy.deepcopy(renamed)
    new_code = new["properties"]["code"][:12] + "777"
    new["properties"].update(code=new_code, name="新设网格", valid_from="2026-03-01")
    del new["properties"]["area_class"]
    doc["features"].append(new)
    doc["features"] = [f for f in doc["features"]
                       if f["properties"]["code"] not in (busy, free)]
    path = _write(tmp_path / "grids.geojson", doc)

    preview = preview_reference(ctx, path)
    assert preview.kind == "grids" and not preview.problems, preview.problems
    c = preview.counts()
    assert (c["added"], c["changed"], c["retired"], c["refused"]) == (1, 1, 1, 1)
    by = {x.code: x for x in preview.changes}
    assert by[first].fields == ("name", "area_class")
    assert by[free].action == "retired" and by[free].after["valid_to"] == NOW.date().isoformat()
    assert by[new_code].after["area_class"] == "B" and by[new_code].after["centroid_lon"]
    [refused] = preview.refused
    assert refused["code"] == busy and refused["grid_cases"] >= 1
    assert by[new_code].after["boundary"].endswith(by[first].after["boundary"].split("#")[1])
    assert "boundary" not in by[first].fields  # the same polygon: no change

    done = apply_reference(ctx, path)
    assert done.status == "applied" and done.counts() == c
    assert _grid(ctx, first).name == "中牌楼社区第1网格（调整）"
    assert _grid(ctx, first).area_class == "A"
    assert _grid(ctx, free).valid_to == NOW.date()  # retired, the row stays
    assert _grid(ctx, busy).valid_to is None  # refused: open cases are in it
    added = _grid(ctx, new_code)
    assert (added.valid_from, added.layer) == (date(2026, 3, 1), "comprehensive")
    assert ctx.organisation.grid(new_code).name == "新设网格"  # reloaded
    assert not ctx.organisation.grid(free).valid_at(NOW.date())
    with ctx.unit_of_work() as uow:
        history = sorted(tuple(r) for r in uow.session.execute(select(
            SyncReferenceChange.kind, SyncReferenceChange.code, SyncReferenceChange.action)))
        assert uow.session.execute(select(SyncFile.profile)).scalar_one() == "reference:grids"
    assert history == sorted([("grid", first, "changed"), ("grid", free, "retired"),
                              ("grid", new_code, "added")])
    assert apply_reference(ctx, path).status == "already_applied"

    # the boundaries are the database's now: the new grid is in the layer, the retired not
    layer = ctx.grid_layer
    codes = {p["code"]: p for p in layer.properties}
    assert new_code in codes and free not in codes and busy in codes
    assert codes[first]["name"] == "中牌楼社区第1网格（调整）"
    assert layer.source == "database (synced grids)"
    with AppContext.open(ctx.url, now=ctx.now) as other, other.unit_of_work() as uow:
        assert {p["code"] for p in other.current_grid_layer(uow.session).properties} == set(codes)

    # the retired grid comes back in a later (partial) file
    back = {"type": "FeatureCollection",
            "features": [f for f in _shipped()["features"] if f["properties"]["code"] == free]}
    res = apply_reference(ctx, _write(tmp_path / "back.geojson", back), full=False)
    assert [(x.code, x.action) for x in res.changes] == [(free, "reactivated")]
    assert _grid(ctx, free).valid_to is None


def test_a_feature_can_retire_its_grid_and_a_bad_file_changes_nothing(store, tmp_path):
    doc = _shipped()
    codes = [f["properties"]["code"] for f in doc["features"][:6]]
    part = {"type": "FeatureCollection", "features": copy.deepcopy(doc["features"][:6])}
    part["features"][0]["properties"]["valid_to"] = "2026-04-01"
    res = preview_reference(store, _write(tmp_path / "retire.geojson", part), full=False)
    assert [(x.code, x.action, x.after["valid_to"]) for x in res.changes] == [
        (codes[0], "retired", "2026-04-01")]

    p = [f["properties"] for f in part["features"]]
    p[0]["valid_to"] = "next spring"
    p[1]["layer"] = "网格"
    p[2]["area_class"] = "D"
    p[3]["community_code"] = "320104999999"
    p[4]["code"] = p[5]["code"]
    part["features"].append({"type": "Feature", "geometry": {"type": "Point",
                                                             "coordinates": [118.8, 32.0]},
                             "properties": {"code": "12345", "name": "x",
                                            "layer": "dedicated"}})
    path = _write(tmp_path / "bad.geojson", part)
    preview = preview_reference(store, path, full=False)
    text = "\n".join(preview.problems)
    for expected in (f"feature 1 ({codes[0]}): unreadable valid_to 'next spring'",
                     f"feature 2 ({codes[1]}): unknown layer '网格'",
                     f"feature 3 ({codes[2]}): unknown area class 'D'",
                     f"feature 4 ({codes[3]}): unknown community 320104999999",
                     f"feature 6 ({codes[5]}): grid code repeated",
                     "feature 7 (12345): boundary is a Point; a polygon layer takes only"):
        assert expected in text, (expected, preview.problems)
    with pytest.raises(ReferenceError, match="problem"):
        apply_reference(store, path, full=False)
    with store.unit_of_work() as uow:
        s = uow.session
        assert s.execute(select(func.count()).select_from(SyncReferenceChange)).scalar_one() == 0
        assert s.execute(select(func.count()).select_from(SyncFile)).scalar_one() == 0
        assert s.execute(select(func.count()).select_from(Grid).where(
            Grid.valid_to.is_not(None))).scalar_one() == 0

    from commandcenter.sync.readers import StructuralError

    with pytest.raises(StructuralError, match="grids"):
        preview_reference(store, _write(tmp_path / "x.geojson", {"type": "Feature"}), "grids")


def test_the_shipped_layer_changes_nothing(store):
    preview = preview_reference(store, resource_path("geo", "grids.geojson"))
    assert preview.kind == "grids" and not preview.problems
    assert not preview.changes and preview.unchanged == preview.total == 1334


def test_intake_locates_cases_in_the_grids_the_database_holds(store, tmp_path):
    from commandcenter.domain.case import Actor
    from commandcenter.domain.vocabulary import Channel, Role
    from commandcenter.services import intake

    doc = _shipped()
    kept, gone = [f for f in doc["features"] if f["properties"]["layer"] == "comprehensive"][:2]
    actor = Actor("u-intake", Role.INTAKE_OPERATOR, "QZX")

    def case_grid(feature) -> str | None:
        g = _grid(store, feature["properties"]["code"])
        ref = intake.create_case(store, intake.IntakeForm(
            channel=Channel.HOTLINE_12345, title="暴露垃圾", address="中华路1号",
            lon=g.centroid_lon, lat=g.centroid_lat), actor)
        with store.unit_of_work() as uow:
            return uow.session.execute(select(Case.grid_code).where(Case.id == ref.id)
                                       ).scalar_one()

    gone["properties"]["valid_to"] = NOW.date().isoformat()
    part = {"type": "FeatureCollection", "features": [gone]}
    res = apply_reference(store, _write(tmp_path / "retire.geojson", part), full=False)
    assert [x.action for x in res.changes] == ["retired"]
    assert case_grid(gone) is None  # no grid in force there any more
    assert case_grid(kept) == kept["properties"]["code"]

    # the district replaces it by a new grid with the same boundary: intake finds the new one
    new = copy.deepcopy(gone)
    new_code = new["properties"]["code"][:12] + "778"
    new["properties"].update(code=new_code, name="替代网格")
    del new["properties"]["valid_to"]
    part = {"type": "FeatureCollection", "features": [new]}
    res = apply_reference(store, _write(tmp_path / "new.geojson", part), full=False)
    assert [x.action for x in res.changes] == ["added"]
    assert case_grid(new) == new_code

    # the board's map preview draws the database's grids too
    from commandcenter.services.board_detail import board_detail

    with store.unit_of_work() as uow:
        case_id = uow.session.execute(select(Case.id).where(Case.grid_code == new_code)
                                      ).scalar_one()
    [shape] = [s for s in board_detail(store, case_id).preview.shapes if s.is_case_grid]
    assert (shape.code, shape.name) == (new_code, "替代网格")


def test_a_gcj02_grids_file_changes_nothing_a_moved_boundary_is_a_change(store, tmp_path):
    """Boundaries declared GCJ-02 are converted like the map's layers: the shipped grids, sent
    in GCJ-02 coordinates, change nothing; a moved boundary is a change (and moves the
    centroid)."""
    import coordTransform
    import numpy as np

    doc = _shipped()
    part = {"type": "FeatureCollection", "datum": "GCJ-02", "features": doc["features"][:20]}
    for f in part["features"]:
        rings = f["geometry"]["coordinates"]
        f["geometry"]["coordinates"] = [
            [list(coordTransform.wgs84_to_gcj02(lon, lat)) for lon, lat in ring] for ring in rings]
    preview = preview_reference(store, _write(tmp_path / "gcj.geojson", part), full=False)
    assert not preview.problems, preview.problems
    assert not preview.changes and preview.unchanged == 20
    part["features"][0]["geometry"]["coordinates"][0] = [  # moved 100 m east
        [lon + 0.001, lat] for lon, lat in part["features"][0]["geometry"]["coordinates"][0]]
    [moved] = preview_reference(store, _write(tmp_path / "gcj2.geojson", part),
                                full=False).changes
    assert moved.fields == ("centroid_lon", "centroid_lat", "boundary")
    assert np.isclose(moved.after["centroid_lon"] - moved.before["centroid_lon"], 0.001,
                      atol=1e-4)


def test_the_map_draws_the_grids_the_database_holds(store, tmp_path):
    from commandcenter.services import map_query as mq
    from commandcenter.services.context import AppContext

    other = AppContext.open(store.url, now=store.now)  # another workstation, its map loaded
    shipped = mq.load_map(other, kpis=False).geometry
    assert shipped is mq.map_geometry()  # no grids file yet: the shipped geometry, shared
    doc = _shipped()
    gone = next(f for f in doc["features"] if f["properties"]["layer"] == "comprehensive")
    code = gone["properties"]["code"]
    new = copy.deepcopy(gone)
    new["properties"].update(code=code[:12] + "779", name="替代网格")
    gone["properties"]["valid_to"] = NOW.date().isoformat()
    part = {"type": "FeatureCollection", "features": [gone, new]}
    apply_reference(store, _write(tmp_path / "grids.geojson", part), full=False)

    data = mq.load_map(store, kpis=False)
    codes = data.geometry.codes.tolist()
    assert code[:12] + "779" in codes and code not in codes
    assert len(codes) == len(shipped.codes)
    patch = mq.map_changes(store, [], mq.KpiSlot())
    assert patch.geometry is data.geometry  # the page keeps its map
    try:  # the other workstation's next change batch says its map must be loaded again
        geo = mq.map_changes(other, [], mq.KpiSlot()).geometry
        assert geo is not shipped and geo.codes.tolist() == codes
        assert mq.load_map(other, kpis=False).geometry is geo
    finally:
        other.close()


# ---------------------------------------------------------------------- found in review
def _new_case_grid(ctx, lon: float, lat: float) -> str | None:
    from commandcenter.domain.case import Actor
    from commandcenter.domain.vocabulary import Channel, Role
    from commandcenter.services import intake

    ref = intake.create_case(ctx, intake.IntakeForm(
        channel=Channel.HOTLINE_12345, title="暴露垃圾", address="中华路1号", lon=lon, lat=lat),
        Actor("u-intake", Role.INTAKE_OPERATOR, "QZX"))
    with ctx.unit_of_work() as uow:
        return uow.session.execute(select(Case.grid_code).where(Case.id == ref.id)).scalar_one()


def test_an_end_date_brought_forward_is_refused_while_cases_are_open(store, tmp_path):
    """A grid given an end date far ahead takes cases meanwhile; a later file bringing the date
    forward retires it, and that is refused like any retirement while cases are open."""
    doc = _shipped()
    feature = copy.deepcopy(_feature(doc, _free_grid(store, doc, set())))
    code = feature["properties"]["code"]
    feature["properties"]["valid_to"] = "2099-01-01"
    one = {"type": "FeatureCollection", "features": [feature]}
    res = apply_reference(store, _write(tmp_path / "ahead.geojson", one), full=False)
    assert [(x.code, x.action) for x in res.changes] == [(code, "retired")]
    g = _grid(store, code)
    assert _new_case_grid(store, g.centroid_lon, g.centroid_lat) == code  # still in force
    feature["properties"]["valid_to"] = NOW.date().isoformat()
    res = apply_reference(store, _write(tmp_path / "forward.geojson", one), full=False)
    assert res.changes == [] and [r["code"] for r in res.refused] == [code]
    assert _grid(store, code).valid_to == date(2099, 1, 1)


def test_an_end_before_the_start_is_a_problem(store, tmp_path):
    doc = _shipped()
    feature = copy.deepcopy(doc["features"][0])
    feature["properties"].update(code=feature["properties"]["code"][:12] + "779",
                                 valid_from="2026-04-01", valid_to="2026-03-20")
    preview = preview_reference(store, _write(tmp_path / "bad.geojson", {
        "type": "FeatureCollection", "features": [feature]}), full=False)
    assert any("valid_to 2026-03-20 is before its valid_from 2026-04-01" in p
               for p in preview.problems)


def test_the_grids_in_force_follow_the_day_in_a_running_session(geo_db_file, tmp_path):
    """A replacement planned for tomorrow: a session still open tomorrow locates new cases in
    the new grid (the layer was cached for the file only, so the old grid stayed)."""
    import shutil
    from datetime import timedelta

    from commandcenter.services.context import AppContext
    from commandcenter.settings import sqlite_url

    clock = [NOW]
    target = tmp_path / "day.sqlite3"
    shutil.copyfile(geo_db_file, target)
    ctx = AppContext.open(sqlite_url(target), now=lambda: clock[0])
    try:
        doc = _shipped()
        old = copy.deepcopy(_feature(doc, _free_grid(ctx, doc, set())))
        new = copy.deepcopy(old)
        tomorrow = (NOW + timedelta(days=1)).date().isoformat()
        new_code = old["properties"]["code"][:12] + "778"
        old["properties"]["valid_to"] = tomorrow
        new["properties"].update(code=new_code, name="替代网格", valid_from=tomorrow)
        apply_reference(ctx, _write(tmp_path / "plan.geojson", {
            "type": "FeatureCollection", "features": [old, new]}), full=False)
        g = _grid(ctx, old["properties"]["code"])
        assert _new_case_grid(ctx, g.centroid_lon, g.centroid_lat) == old["properties"]["code"]
        clock[0] = NOW + timedelta(days=2)
        assert _new_case_grid(ctx, g.centroid_lon, g.centroid_lat) == new_code
    finally:
        ctx.close()


def test_the_board_preview_of_another_workstation_draws_the_applied_grids(
        store_with_cases, tmp_path):
    from commandcenter.services.board_detail import board_detail
    from commandcenter.services.context import AppContext

    other = AppContext.open(store_with_cases.url, now=lambda: NOW)
    try:
        with store_with_cases.unit_of_work() as uow:
            case_id, code = uow.session.execute(select(Case.id, Case.grid_code).where(
                Case.grid_code.is_not(None)).order_by(Case.id).limit(1)).one()
        [before] = [s for s in board_detail(other, case_id).preview.shapes if s.is_case_grid]
        doc = _shipped()
        feature = copy.deepcopy(_feature(doc, code))
        feature["properties"]["name"] = "改名网格"
        apply_reference(store_with_cases, _write(tmp_path / "rename.geojson", {
            "type": "FeatureCollection", "features": [feature]}), full=False)
        [after] = [s for s in board_detail(other, case_id).preview.shapes if s.is_case_grid]
        assert before.name != "改名网格" and after.name == "改名网格"
    finally:
        other.close()
