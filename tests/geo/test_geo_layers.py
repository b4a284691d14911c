"""Loading GeoJSON layers: refusals with clear messages, datum handling, drawing arrays,
and the shipped resources/geo layers."""

from __future__ import annotations

import json

import numpy as np
import pytest
import shapely

from commandcenter.domain.vocabulary import GridLayer
from commandcenter.geo.assign import GridIndex
from commandcenter.geo.datum import to_wgs84
from commandcenter.geo.layers import (
    LINE,
    POINT,
    RESOURCE_LAYERS,
    GeoError,
    Layer,
    layer_from_geojson,
    read_layer,
    resource_layer,
    split_grids,
)
from commandcenter.resources import resource_path

SQUARE = [[[118.78, 32.02], [118.79, 32.02], [118.79, 32.03], [118.78, 32.03], [118.78, 32.02]]]
HOLE = [[118.783, 32.023], [118.786, 32.023], [118.786, 32.026], [118.783, 32.026],
        [118.783, 32.023]]


def feature(geometry, **props) -> dict:
    return {"type": "Feature", "properties": props, "geometry": geometry}


def polygon(coords=SQUARE) -> dict:
    return {"type": "Polygon", "coordinates": coords}


def collection(*features, **members) -> dict:
    return {"type": "FeatureCollection", **members, "features": list(features)}


def write(tmp_path, doc, name="layer.geojson"):
    path = tmp_path / name
    path.write_text(doc if isinstance(doc, str) else json.dumps(doc), encoding="utf-8")
    return path


# --- refusals -------------------------------------------------------------------------------


def test_not_json(tmp_path):
    with pytest.raises(GeoError, match=r"bad\.geojson: not JSON .*line 1"):
        read_layer(write(tmp_path, '{"type": "FeatureCollection", ', "bad.geojson"),
                   datum="WGS84")


def test_not_utf8(tmp_path):
    path = tmp_path / "gbk.geojson"
    path.write_bytes(json.dumps(collection(feature(polygon(), name="秦淮")),
                                ensure_ascii=False).encode("gb18030"))
    with pytest.raises(GeoError, match="not UTF-8"):
        read_layer(path, datum="WGS84")


def test_missing_file(tmp_path):
    with pytest.raises(GeoError, match=r"nowhere\.geojson: cannot read"):
        read_layer(tmp_path / "nowhere.geojson", datum="WGS84")


@pytest.mark.parametrize("doc", [feature(polygon()), [feature(polygon())], "text",
                                 {"type": "GeometryCollection", "geometries": []}])
def test_not_a_feature_collection(tmp_path, doc):
    with pytest.raises(GeoError, match="not a GeoJSON FeatureCollection"):
        read_layer(write(tmp_path, json.dumps(doc)), datum="WGS84")


def test_features_not_a_list():
    with pytest.raises(GeoError, match="no features list"):
        layer_from_geojson({"type": "FeatureCollection", "features": {}}, datum="WGS84")


def test_empty_layer(tmp_path):
    with pytest.raises(GeoError, match="layer.geojson: the layer is empty"):
        read_layer(write(tmp_path, collection()), datum="WGS84")


def test_feature_without_geometry_is_named(tmp_path):
    doc = collection(feature(polygon(), code="A"), feature(None, code="B"))
    with pytest.raises(GeoError, match=r"feature 1 \(code B\) has no geometry"):
        read_layer(write(tmp_path, doc), datum="WGS84")


def test_point_in_a_polygon_layer(tmp_path):
    doc = collection(feature(polygon(), name="ok"),
                     feature({"type": "Point", "coordinates": [118.785, 32.025]}, name="亭"))
    with pytest.raises(GeoError, match=r"feature 1 \(name 亭\) is a Point; a polygon layer "
                                       r"takes only Polygon or MultiPolygon"):
        read_layer(write(tmp_path, doc), datum="WGS84")


def test_not_a_feature(tmp_path):
    doc = collection(polygon())
    with pytest.raises(GeoError, match="feature 0 is not a GeoJSON Feature"):
        read_layer(write(tmp_path, doc), datum="WGS84")


def test_malformed_coordinates_are_named(tmp_path):
    unclosed = [[[118.78, 32.02], [118.79, 32.02], [118.79, 32.03]]]
    doc = collection(feature(polygon(), id_="x"), feature(polygon(unclosed), code="G2"))
    with pytest.raises(GeoError, match=r"feature 1 \(code G2\) has malformed coordinates"):
        read_layer(write(tmp_path, doc), datum="WGS84")


def test_empty_geometry(tmp_path):
    with pytest.raises(GeoError, match=r"feature 0 \(code E\) has an empty geometry"):
        read_layer(write(tmp_path, collection(feature(polygon([]), code="E"))), datum="WGS84")


def test_projected_coordinates_are_refused(tmp_path):
    metres = [[[500000, 3540000], [501000, 3540000], [501000, 3541000], [500000, 3540000]]]
    with pytest.raises(GeoError, match=r"feature 0 \(code P\) has coordinate \(500000, "
                                       r"3540000\), not longitude/latitude degrees"):
        read_layer(write(tmp_path, collection(feature(polygon(metres), code="P"))),
                   datum="CGCS2000")


def test_repairable_polygon_is_repaired_and_listed(tmp_path):
    bowtie = [[[118.78, 32.02], [118.79, 32.03], [118.79, 32.02], [118.78, 32.03],
               [118.78, 32.02]]]
    doc = collection(feature(polygon(), code="ok"), feature(polygon(bowtie), code="bow"))
    layer = read_layer(write(tmp_path, doc), datum="WGS84")
    assert layer.repaired == (1,)
    assert shapely.is_valid(layer.geometries).all()
    assert layer.geometries[1].area == pytest.approx(0.005 * 0.01)


def test_unrepairable_polygon_is_named(tmp_path):
    flat = [[[118, 32], [119, 33], [120, 34], [118, 32]]]  # collapses: no area at all
    doc = collection(feature(polygon(), code="ok"), feature(polygon(flat), code="320104x"))
    with pytest.raises(GeoError, match=r"feature 1 \(code 320104x\) is an invalid polygon "
                                       r"\(.*\) that make_valid cannot repair"):
        read_layer(write(tmp_path, doc), datum="WGS84")


def test_unknown_kind_is_a_programming_error():
    with pytest.raises(ValueError, match="unknown layer kind"):
        layer_from_geojson(collection(feature(polygon())), kind="raster", datum="WGS84")


# --- datums -----------------------------------------------------------------------------------


def test_user_file_without_datum_needs_an_explicit_one(tmp_path):
    path = write(tmp_path, collection(feature(polygon(), code="A")), "user.geojson")
    with pytest.raises(GeoError, match=r"user\.geojson: the file declares no coordinate datum"
                                       r".*pass datum="):
        read_layer(path)
    layer = read_layer(path, datum="WGS84")
    assert layer.source_datums == ("WGS84",)
    assert shapely.equals_exact(layer.geometries[0], shapely.from_geojson(json.dumps(polygon())),
                                tolerance=0)


def test_declared_gcj02_is_converted_on_load(tmp_path):
    layer = read_layer(write(tmp_path, collection(feature(polygon()), datum="GCJ-02")))
    xy = np.array(SQUARE[0])
    lon, lat = to_wgs84(xy[:, 0], xy[:, 1], "GCJ02")
    np.testing.assert_allclose(shapely.get_coordinates(layer.geometries[0]),
                               np.column_stack((lon, lat)), rtol=0, atol=1e-12)
    assert layer.source_datums == ("GCJ02",)
    assert layer.bounds[0] == pytest.approx(lon.min())


def test_crs_member_is_a_declaration(tmp_path):
    doc = collection(feature(polygon()), crs={"type": "name",
                                              "properties": {"name": "EPSG:4490"}})
    layer = read_layer(write(tmp_path, doc))
    assert layer.source_datums == ("CGCS2000",)
    np.testing.assert_array_equal(shapely.get_coordinates(layer.geometries[0]), SQUARE[0])


def test_feature_datum_property_wins_for_that_feature(tmp_path):
    doc = collection(feature(polygon(), code="g", datum="GCJ02"),
                     feature(polygon(), code="w"), datum="WGS84")
    layer = read_layer(write(tmp_path, doc))
    assert layer.source_datums == ("GCJ02", "WGS84")
    converted, kept = shapely.get_coordinates(layer.geometries[0]), \
        shapely.get_coordinates(layer.geometries[1])
    np.testing.assert_array_equal(kept, SQUARE[0])
    assert np.abs(converted - kept).max() > 0.003  # ~500 m moved


def test_parameter_contradicting_the_file_is_refused(tmp_path):
    path = write(tmp_path, collection(feature(polygon()), datum="GCJ02"))
    with pytest.raises(GeoError, match="declares datum GCJ02 but datum='WGS84' was given"):
        read_layer(path, datum="WGS84")


def test_datum_and_crs_disagreeing_is_refused(tmp_path):
    doc = collection(feature(polygon()), datum="GCJ02",
                     crs={"type": "name", "properties": {"name": "urn:ogc:def:crs:OGC:1.3:CRS84"}})
    with pytest.raises(GeoError, match="datum member says GCJ02 but the crs says WGS84"):
        read_layer(write(tmp_path, doc))


def test_unknown_declared_datum_is_refused(tmp_path):
    doc = collection(feature(polygon(), code="A", datum="Beijing54"))
    with pytest.raises(GeoError, match=r"feature 0 \(code A\) datum property: unknown "
                                       r"coordinate datum 'Beijing54'"):
        read_layer(write(tmp_path, doc))


# --- the Layer --------------------------------------------------------------------------------


def test_outline_arrays_separate_every_ring_with_nan():
    doc = collection(feature(polygon([SQUARE[0], HOLE]), code="holed"),
                     feature({"type": "MultiPolygon", "coordinates": [
                         [[[0, 0], [1, 0], [1, 1], [0, 0]]], [[[2, 2], [3, 2], [3, 3], [2, 2]]]]},
                         code="two"))
    layer = layer_from_geojson(doc, datum="WGS84")
    x, y = layer.outline_arrays()
    breaks = np.flatnonzero(np.isnan(x))
    assert np.array_equal(breaks, np.isnan(y).nonzero()[0])
    assert breaks.tolist() == [5, 11, 16, 21]  # 4 rings: 5, 5, 4, 4 points, each then NaN
    np.testing.assert_array_equal(x[:5], np.array(SQUARE[0])[:, 0])
    np.testing.assert_array_equal(y[6:11], np.array(HOLE)[:, 1])
    np.testing.assert_array_equal(x[17:21], [2, 3, 3, 2])
    assert x is layer.outline_arrays()[0] and not x.flags.writeable


def test_line_and_point_layers():
    lines = layer_from_geojson(collection(
        feature({"type": "LineString", "coordinates": [[0, 0], [1, 1]]}),
        feature({"type": "MultiLineString", "coordinates": [[[2, 2], [3, 3]], [[4, 4], [5, 5]]]})),
        kind=LINE, datum="WGS84")
    x, _ = lines.outline_arrays()
    assert np.isnan(x).sum() == 3 and len(x) == 9
    points = layer_from_geojson(collection(
        feature({"type": "Point", "coordinates": [1, 2]})), kind=POINT, datum="WGS84")
    assert points.outline_arrays()[0].tolist() == [1.0]
    with pytest.raises(GeoError, match="a line layer takes only LineString"):
        layer_from_geojson(collection(feature(polygon())), kind=LINE, datum="WGS84")


def test_column_subset_and_bounds():
    doc = collection(*(feature(polygon([[[i, 0], [i + 1, 0], [i + 1, 1], [i, 0]]]), code=f"c{i}",
                               layer="dedicated" if i % 2 else "comprehensive")
                       for i in range(4)))
    layer = layer_from_geojson(doc, name="t", datum="WGS84")
    assert layer.column("code").tolist() == ["c0", "c1", "c2", "c3"]
    assert layer.column("missing", "-").tolist() == ["-"] * 4
    assert layer.bounds == (0.0, 0.0, 4.0, 1.0)
    parts = split_grids(layer)
    assert parts[GridLayer.DEDICATED].column("code").tolist() == ["c1", "c3"]
    assert parts[GridLayer.COMPREHENSIVE].bounds == (0.0, 0.0, 3.0, 1.0)
    assert isinstance(parts[GridLayer.COMPREHENSIVE], Layer)


def test_split_grids_refuses_unknown_layer_values():
    layer = layer_from_geojson(collection(feature(polygon(), layer="temporary")), datum="WGS84")
    with pytest.raises(GeoError, match="unknown grid layer value"):
        split_grids(layer)


# --- the shipped layers ------------------------------------------------------------------------

shipped = pytest.mark.skipif(not resource_path("geo", "grids.geojson").exists(),
                             reason="resources/geo not generated yet")


@shipped
@pytest.mark.parametrize("name", RESOURCE_LAYERS)
def test_shipped_layer_loads(name):
    layer = resource_layer(name)
    assert len(layer) > 0 and layer.repaired == ()
    assert shapely.is_valid(layer.geometries).all()
    x, y = layer.outline_arrays()
    assert np.isfinite(x).sum() == len(shapely.get_coordinates(layer.geometries))


def test_unknown_resource_name():
    with pytest.raises(GeoError, match="no shipped layer 'roads'"):
        resource_layer("roads")


@shipped
def test_every_grid_centroid_assigns_to_itself():
    parts = split_grids(resource_layer("grids"))
    for grids in parts.values():
        centres = shapely.get_coordinates(shapely.centroid(grids.geometries))
        index = GridIndex(grids)
        assert np.array_equal(index.assign(centres[:, 0], centres[:, 1]), np.arange(len(grids)))
        codes = index.assign_codes(centres[:, 0], centres[:, 1])
        assert codes.code.tolist() == grids.column("code").tolist()
        assert codes.street_code.tolist() == grids.column("street_code").tolist()
    assert len(parts[GridLayer.COMPREHENSIVE]) > 1000
