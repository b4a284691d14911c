"""Datum conversion to WGS84: known points against eviltransform's exact inverse, refusals.

eviltransform (test-only) is an independent implementation of GCJ-02/BD-09; its gcj2wgs_exact
inverts by bisection to 1e-6° (~0.1 m), so agreement within 2 m is a meaningful check.
"""

from __future__ import annotations

import math

import coordTransform
import eviltransform
import numpy as np
import pytest

from commandcenter.geo.datum import (
    BD09,
    CGCS2000,
    DATUMS,
    GCJ02,
    WGS84,
    DatumError,
    normalise_datum,
    to_wgs84,
    xy_to_wgs84,
)

# 夫子庙 as read off a GCJ-02 map (AMap), and a Baidu (BD-09) coordinate near it.
FUZIMIAO_GCJ = (118.7886, 32.0207)
FUZIMIAO_BD = (118.7951, 32.0266)
# One point per region of China: Beijing, Shanghai, Urumqi, Haikou, Harbin, Lhasa (GCJ-02).
CHINA_GCJ = [(116.3975, 39.9087), (121.4737, 31.2304), (87.6168, 43.8256),
             (110.3312, 20.0311), (126.6425, 45.7567), (91.1409, 29.6456)]


def metres(lon_a, lat_a, lon_b, lat_b) -> np.ndarray:
    """Great-circle distance in metres (haversine), vectorised."""
    la, lb = np.radians(lat_a), np.radians(lat_b)
    dlat, dlon = lb - la, np.radians(np.asarray(lon_b) - np.asarray(lon_a))
    h = np.sin(dlat / 2) ** 2 + np.cos(la) * np.cos(lb) * np.sin(dlon / 2) ** 2
    return 2 * 6371008.8 * np.arcsin(np.sqrt(h))


def exact_gcj(lon, lat) -> tuple[float, float]:
    wlat, wlon = eviltransform.gcj2wgs_exact(lat, lon)
    return wlon, wlat


def test_nanjing_gcj02_point_moves_about_500_m_and_matches_the_exact_inverse():
    lon, lat = to_wgs84(np.array([FUZIMIAO_GCJ[0]]), np.array([FUZIMIAO_GCJ[1]]), GCJ02)
    shift = metres(*FUZIMIAO_GCJ, lon[0], lat[0])
    assert 450 < shift < 600
    assert metres(lon[0], lat[0], *exact_gcj(*FUZIMIAO_GCJ)) < 2.0


def test_gcj02_points_across_china_match_the_exact_inverse():
    lon, lat = np.array(CHINA_GCJ).T
    rng = np.random.default_rng(7)
    lon = np.r_[lon, rng.uniform(75, 134, 200)]
    lat = np.r_[lat, rng.uniform(19, 53, 200)]
    out_lon, out_lat = to_wgs84(lon, lat, "GCJ-02")
    expected = np.array([exact_gcj(a, b) for a, b in zip(lon, lat)])
    assert metres(out_lon, out_lat, expected[:, 0], expected[:, 1]).max() < 2.0


def test_inverse_is_refined_beyond_the_one_step_formula():
    """Round trip through the package's forward map: the bare one-step inverse is metres off."""
    rng = np.random.default_rng(3)
    wlon, wlat = rng.uniform(75, 134, 2000), rng.uniform(19, 53, 2000)
    glon, glat = (np.asarray(v) for v in coordTransform.wgs84_to_gcj02(wlon, wlat))
    one_lon, one_lat = (np.asarray(v) for v in coordTransform.gcj02_to_wgs84(glon, glat))
    assert metres(wlon, wlat, one_lon, one_lat).max() > 1.0  # what refinement is for
    lon, lat = to_wgs84(glon, glat, GCJ02)
    assert metres(wlon, wlat, lon, lat).max() < 0.05


def test_bd09_point_matches_baidu_to_gcj_then_exact_inverse():
    lon, lat = to_wgs84(np.array([FUZIMIAO_BD[0]]), np.array([FUZIMIAO_BD[1]]), BD09)
    glat, glon = eviltransform.bd2gcj(FUZIMIAO_BD[1], FUZIMIAO_BD[0])
    assert metres(lon[0], lat[0], *exact_gcj(glon, glat)) < 2.0
    assert 900 < metres(*FUZIMIAO_BD, lon[0], lat[0]) < 1400  # BD-09 sits further off


def test_bd09_round_trip_through_the_package_forward_map():
    rng = np.random.default_rng(5)
    wlon, wlat = rng.uniform(100, 125, 500), rng.uniform(22, 45, 500)
    blon, blat = (np.asarray(v) for v in coordTransform.wgs84_to_bd09(wlon, wlat))
    one_lon, one_lat = (np.asarray(v) for v in coordTransform.bd09_to_wgs84(blon, blat))
    assert metres(wlon, wlat, one_lon, one_lat).max() > 1.0
    lon, lat = to_wgs84(blon, blat, "bd-09")
    assert metres(wlon, wlat, lon, lat).max() < 0.1  # below the 0.1 m files are rounded to


@pytest.mark.parametrize("datum", [WGS84, CGCS2000, "EPSG:4326", "EPSG:4490"])
def test_wgs84_and_cgcs2000_pass_through_as_copies(datum):
    lon, lat = np.array([118.78, 118.79]), np.array([32.02, 32.03])
    out_lon, out_lat = to_wgs84(lon, lat, datum)
    np.testing.assert_array_equal(out_lon, lon)
    np.testing.assert_array_equal(out_lat, lat)
    assert not np.shares_memory(out_lon, lon)


def test_shape_and_nan_are_preserved():
    lon = np.array([[118.78, np.nan], [118.79, 118.80]])
    lat = np.array([[32.02, np.nan], [32.03, 32.04]])
    out_lon, out_lat = to_wgs84(lon, lat, GCJ02)
    assert out_lon.shape == out_lat.shape == (2, 2)
    assert np.isnan(out_lon[0, 1]) and np.isnan(out_lat[0, 1])
    assert np.isfinite(out_lon[[0, 1, 1], [0, 0, 1]]).all()
    empty = to_wgs84(np.array([]), np.array([]), GCJ02)
    assert empty[0].shape == (0,)


def test_points_outside_china_are_left_alone_by_gcj02():
    lon, lat = to_wgs84(np.array([-118.25]), np.array([34.05]), GCJ02)
    assert (lon[0], lat[0]) == (-118.25, 34.05)


def test_xy_rows_form_matches_the_array_form():
    xy = np.array([FUZIMIAO_GCJ, CHINA_GCJ[0]])
    lon, lat = to_wgs84(xy[:, 0], xy[:, 1], GCJ02)
    np.testing.assert_array_equal(xy_to_wgs84(xy, GCJ02), np.column_stack((lon, lat)))


@pytest.mark.parametrize(("spelling", "canonical"), [
    ("wgs84", WGS84), ("WGS-84", WGS84), ("urn:ogc:def:crs:OGC:1.3:CRS84", WGS84),
    ("EPSG:4326", WGS84), ("cgcs2000", CGCS2000), ("EPSG:4490", CGCS2000),
    ("gcj02", GCJ02), ("GCJ-02", GCJ02), ("gcj_02", GCJ02), ("BD-09", BD09), ("bd09ll", BD09),
])
def test_declared_spellings_are_recognised(spelling, canonical):
    assert normalise_datum(spelling) == canonical
    assert canonical in DATUMS


@pytest.mark.parametrize("datum", [None, "", "   "])
def test_missing_datum_is_refused_not_guessed(datum):
    with pytest.raises(DatumError, match="no coordinate datum declared"):
        to_wgs84(np.array([118.78]), np.array([32.02]), datum)


@pytest.mark.parametrize("datum", ["WGS72", "Beijing54", "EPSG:4547", "xian80", 4326])
def test_unknown_datum_is_refused(datum):
    with pytest.raises(DatumError, match="datum"):
        to_wgs84(np.array([118.78]), np.array([32.02]), datum)


def test_mismatched_shapes_are_refused():
    with pytest.raises(DatumError, match="shapes differ"):
        to_wgs84(np.zeros(3), np.zeros(2), GCJ02)


def test_metres_helper_is_sane():
    # 0.001° of latitude is about 111 m: the tests' distances mean what they say.
    assert math.isclose(float(metres(118.0, 32.0, 118.0, 32.001)), 111.2, rel_tol=0.01)
