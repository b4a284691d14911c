"""The demo district's geography: datum conversion, the shipped layers, the generator.

The shipped files under resources/geo are checked directly (the app reads them); the generator
is run into temporary directories when the raw DataV outlines (../shared/data) are present.
Files are read with the app's own loader, `geo.layers.read_layer` (its refusals are tested in
tests/geo/test_geo_layers.py).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter, defaultdict

import numpy as np
import pytest
import shapely

from commandcenter.demo import geography, reference
from commandcenter.demo.geography import LocalFrame
from commandcenter.geo.datum import xy_to_wgs84
from commandcenter.geo.layers import read_layer
from commandcenter.resources import resource_path

GEO = resource_path("geo")
SOURCE = geography.default_source_dir()
needs_source = pytest.mark.skipif(
    not (SOURCE / geography.DISTRICT_SOURCE).exists(), reason="raw DataV outlines not present"
)
FUZIMIAO_GCJ = (118.7886, 32.0207)
# eviltransform.gcj2wgs_exact of FUZIMIAO_GCJ (to its 1e-6° tolerance), fixed here as a fact.
FUZIMIAO_WGS = (118.783399, 32.022750)


def load(path) -> tuple[list[dict], np.ndarray]:
    """(properties, geometries) of one of our WGS84 files."""
    layer = read_layer(path, datum="WGS84")
    return layer.properties, layer.geometries


def metres(a, b) -> float:
    """Distance in metres between two nearby (lng, lat) points."""
    frame = LocalFrame(*a)
    return float(np.hypot(*((np.asarray(b) - np.asarray(a)) * frame.scale)))


@pytest.fixture(scope="module")
def layers():
    """name -> (properties, geometries) of the shipped files."""
    return {name: load(GEO / f"{name}.geojson") for name in geography.LAYER_FILES}


@pytest.fixture(scope="module")
def frame(layers):
    return LocalFrame(*shapely.get_coordinates(shapely.centroid(layers["district"][1][0]))[0])


@pytest.fixture(scope="module")
def grids(layers, frame):
    """(comprehensive props, their geoms in metres, dedicated props, their geoms in metres)."""
    props, geoms = layers["grids"]
    comp = np.array([p["layer"] == "comprehensive" for p in props])
    metric = frame.to_m(geoms)
    return ([p for p, c in zip(props, comp) if c], metric[comp],
            [p for p, c in zip(props, comp) if not c], metric[~comp])


# --- datum ------------------------------------------------------------------------------------


def test_known_point_near_fuzimiao_converts_to_the_exact_inverse():
    wgs = xy_to_wgs84(np.array([FUZIMIAO_GCJ]), "GCJ02")[0]
    assert metres(FUZIMIAO_WGS, wgs) < 0.3
    # the datum shift itself is ~500 m (west and north in Nanjing)
    assert 450 < metres(FUZIMIAO_GCJ, wgs) < 650
    assert wgs[0] < FUZIMIAO_GCJ[0] and wgs[1] > FUZIMIAO_GCJ[1]


def test_conversion_agrees_with_eviltransform_exact_inverse():
    ev = pytest.importorskip("eviltransform")
    gcj = np.array([FUZIMIAO_GCJ, (118.7650, 32.0400), (118.8800, 31.9750), (118.8300, 32.0100)])
    ours = xy_to_wgs84(gcj, "GCJ02")
    for (lng, lat), mine in zip(gcj, ours):
        exact_lat, exact_lng = ev.gcj2wgs_exact(lat, lng)
        assert metres((exact_lng, exact_lat), mine) < 2.0


def test_conversion_round_trips_through_the_forward_transform():
    import coordTransform

    gcj = np.array([FUZIMIAO_GCJ, (118.7650, 32.0400), (118.8800, 31.9750)])
    wgs = xy_to_wgs84(gcj, "GCJ02")
    back = np.column_stack(coordTransform.wgs84_to_gcj02(wgs[:, 0].copy(), wgs[:, 1].copy()))
    assert max(metres(a, b) for a, b in zip(gcj, back)) < 0.05


@needs_source
def test_shipped_outline_is_the_source_shifted_by_the_datum(layers):
    doc = json.loads((SOURCE / geography.DISTRICT_SOURCE).read_text(encoding="utf-8"))
    gcj = [shapely.from_geojson(json.dumps(f["geometry"])) for f in doc["features"]]  # raw
    wgs = layers["district"][1][0]
    shift = metres(shapely.get_coordinates(shapely.centroid(gcj[0]))[0],
                   shapely.get_coordinates(shapely.centroid(wgs))[0])
    assert 450 < shift < 650
    assert shapely.get_num_coordinates(wgs) == shapely.get_num_coordinates(gcj[0])


def test_district_file_properties_and_area(layers):
    props, geoms = layers["district"]
    assert props == [{"code": "320104", "name": "秦淮区", "datum": "WGS84",
                      "area_km2": pytest.approx(49.06, abs=0.05)}]
    assert geometry_area_km2(geoms[0]) == pytest.approx(49.1, rel=0.01)  # official 49.11 km²


def geometry_area_km2(geom) -> float:
    return float(geography.area_km2(geom)[0])


def test_nanjing_context_layer(layers):
    props, geoms = layers["nanjing_districts"]
    assert len(props) == 11 and all(shapely.is_valid(geoms))
    qinhuai = [g for p, g in zip(props, geoms) if p["code"] == "320104"][0]
    district = layers["district"][1][0]
    # the simplified city outline and the detailed district one cover nearly the same ground
    overlap = shapely.area(shapely.intersection(qinhuai, district)) / shapely.area(district)
    assert overlap > 0.9


# --- the partition ----------------------------------------------------------------------------


def test_counts(layers, grids):
    streets, _ = layers["streets"]
    assert Counter(p["kind"] for p in streets) == {"street": 12, "zone": 4}
    assert len(layers["communities"][0]) == 108
    assert 1000 <= len(grids[0]) <= 1100
    assert 280 <= len(grids[2]) <= 340


def test_every_layer_is_valid_polygons(layers):
    for name, (_, geoms) in layers.items():
        assert shapely.is_valid(geoms).all(), name
        assert set(shapely.get_type_id(geoms)) <= {3, 6}, name
    for name in ("streets", "communities", "grids"):
        assert set(shapely.get_type_id(layers[name][1])) == {3}, name


def overlap_m2(geoms) -> float:
    a, b = shapely.STRtree(geoms).query(geoms, predicate="intersects")
    keep = a < b
    return float(shapely.area(shapely.intersection(geoms[a[keep]], geoms[b[keep]])).sum())


@pytest.mark.parametrize("name", ["streets", "communities", "comprehensive"])
def test_layer_partitions_the_district(name, layers, grids, frame):
    geoms = grids[1] if name == "comprehensive" else frame.to_m(layers[name][1])
    district = shapely.area(frame.to_m(layers["district"][1][0]))
    total = shapely.area(geoms).sum()
    union = shapely.area(shapely.union_all(geoms))
    assert total == pytest.approx(district, rel=0.005)
    assert union == pytest.approx(district, rel=0.005)
    assert overlap_m2(geoms) < 1e-5 * district


def test_children_lie_inside_their_parents(layers, grids, frame):
    s_props, s_geoms = layers["streets"]
    c_props, c_geoms = layers["communities"]
    streets = dict(zip([p["code"] for p in s_props], frame.to_m(s_geoms)))
    communities = dict(zip([p["code"] for p in c_props], frame.to_m(c_geoms)))
    parents = np.array([streets[p["street_code"]] for p in c_props])
    assert shapely.area(shapely.difference(frame.to_m(c_geoms), parents)).max() < 1.0  # m²
    comp_props, comp, ded_props, ded = grids
    parents = np.array([communities[p["community_code"]] for p in comp_props])
    assert shapely.area(shapely.difference(comp, parents)).max() < 1.0
    hosts = dict(zip([p["code"] for p in comp_props], comp))
    parents = np.array([hosts[p["host_grid_code"]] for p in ded_props])
    # dedicated sites are clipped to their host grid; rounding may leave a few m² outside
    assert shapely.area(shapely.difference(ded, parents)).max() < 20.0


def test_codes_follow_the_division_codes(layers, grids):
    streets = {s.code: s for s in reference.load_streets()}
    communities = {c.code: c for c in reference.load_communities()}
    s_props, c_props = layers["streets"][0], layers["communities"][0]
    assert sorted(p["code"] for p in s_props) == sorted(streets)
    assert sorted(p["code"] for p in c_props) == sorted(communities)
    for p in s_props:
        assert p["name"] == streets[p["code"]].name and p["kind"] == streets[p["code"]].kind
    for p in c_props:
        assert p["street_code"] == communities[p["code"]].street_code == p["code"][:9]
    comp_props, _, ded_props, _ = grids
    codes = [p["code"] for p in comp_props + ded_props]
    assert len(set(codes)) == len(codes)
    per_community = Counter(p["community_code"] for p in comp_props)
    assert set(per_community) == set(communities)  # at least one grid each
    for p in comp_props:
        assert re.fullmatch(p["community_code"] + r"[0-8]\d\d", p["code"])
        assert p["code"][-3:] != "000"
        assert p["street_code"] == p["community_code"][:9]
        assert p["site_kind"] is None and p["valid_from"] == "2023-01-01"
    for p in ded_props:
        assert re.fullmatch(p["community_code"] + r"9\d\d", p["code"])
        assert p["host_grid_code"].startswith(p["community_code"])
        assert p["site_kind"] in geography.SITE_KINDS and p["valid_from"] == "2023-01-01"


def test_comprehensive_grid_names(grids):
    comp_props = grids[0]
    first = next(p for p in comp_props if p["code"] == "320104001009003")
    assert first["name"] == "秦虹街道扇骨里社区第3网格"
    assert len({p["name"] for p in comp_props}) == len(comp_props)


def test_area_properties_match_the_geometry(layers):
    for name in ("streets", "communities", "grids"):
        props, geoms = layers[name]
        measured = geography.area_km2(geoms)
        stated = np.array([p["area_km2"] for p in props])
        assert np.allclose(stated, measured, rtol=0.01, atol=2e-5), name


def test_grids_are_smaller_in_the_old_city_than_in_the_south_east(grids):
    sizes = defaultdict(list)
    for p, g in zip(grids[0], grids[1]):
        sizes[p["street_code"]].append(g.area)
    core = np.mean(sizes["320104002"] + sizes["320104007"] + sizes["320104005"])
    south_east = np.mean(sizes["320104003"] + sizes["320104011"])
    assert south_east > 2 * core


def test_area_classes(grids):
    comp_props = grids[0]
    classes = Counter(p["area_class"] for p in comp_props)
    assert set(classes) == {"A", "B", "C"} and min(classes.values()) > 0.1 * len(comp_props)

    def share_a(street):
        mine = [p["area_class"] for p in comp_props if p["street_code"] == street]
        return mine.count("A") / len(mine)

    assert share_a("320104002") > 0.5 and share_a("320104400") == 1.0  # 夫子庙, scenic belt
    assert share_a("320104003") < 0.1  # 红花, the south-east
    assert all(p["area_class"] == "A" for p in grids[2] if p["site_kind"] == "scenic")


def test_coordinates_are_rounded_to_six_decimals():
    text = (GEO / "grids.geojson").read_text(encoding="utf-8")
    numbers = re.findall(r"\[(-?\d+\.\d+),(-?\d+\.\d+)\]", text)
    assert numbers and max(len(n.split(".")[1]) for pair in numbers for n in pair) <= 6


# --- the generator ----------------------------------------------------------------------------


def digest(paths) -> dict[str, str]:
    return {k: hashlib.sha256(p.read_bytes()).hexdigest() for k, p in paths.items()}


@pytest.fixture(scope="module")
def fresh(tmp_path_factory):
    if not (SOURCE / geography.DISTRICT_SOURCE).exists():
        pytest.skip("raw DataV outlines not present")
    return geography.build_geography(out_dir=tmp_path_factory.mktemp("geo_a"))


@needs_source
def test_same_seed_gives_the_same_bytes(fresh, tmp_path):
    again = geography.build_geography(out_dir=tmp_path)
    assert digest(again) == digest(fresh)


@needs_source
def test_another_seed_gives_other_grids_with_the_same_codes(fresh, tmp_path):
    other = geography.build_geography(seed=7, out_dir=tmp_path)
    assert digest(other)["grids"] != digest(fresh)["grids"]
    assert digest(other)["district"] == digest(fresh)["district"]
    codes = [[p["code"] for p in load(paths["communities"])[0]] for paths in (fresh, other)]
    assert codes[0] == codes[1]


@needs_source
def test_shipped_files_are_what_the_generator_builds(fresh, layers):
    """The committed files are current: rebuild with `python -m commandcenter.demo.geography`."""
    for name, path in fresh.items():
        props, geoms = load(path)
        assert props == layers[name][0], name
        assert shapely.equals_exact(geoms, layers[name][1], tolerance=1e-5).all(), name


@needs_source
def test_the_generator_reproduces_the_shipped_bytes(fresh):
    """Same seed and library versions: the committed files, byte for byte."""
    assert digest(fresh) == digest({name: GEO / f"{name}.geojson" for name in fresh})
