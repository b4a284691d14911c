"""Mapping profiles (shipped and user ones, validation) and the mapping of rows onto ours."""

from __future__ import annotations

import json
from datetime import datetime

import pandas as pd
import pytest

from commandcenter.geo.datum import to_wgs84
from commandcenter.sync.mapping import map_table, parse_dates
from commandcenter.sync.profiles import (
    ProfileError,
    detect_profile,
    load_profiles,
    profile_from_dict,
)
from commandcenter.sync.readers import RawTable, StructuralError

SHIPPED = {"commandcenter", "district_cn", "la311", "nyc311", "boston311", "nyc_council",
           "open311"}


def test_every_shipped_profile_loads_and_validates():
    profiles = load_profiles()
    assert set(profiles) >= SHIPPED
    for p in profiles.values():
        if "category" in p.columns:
            assert p.codes["category"].default, p.name  # a catch-all minor class


def test_user_profile_overrides_a_shipped_one(tmp_path):
    d = tmp_path / "sync_profiles"
    d.mkdir()
    raw = json.loads((load_profiles()["la311"].path).read_text(encoding="utf-8"))
    raw["source"] = "la-mine"
    (d / "mine.json").write_text(json.dumps(raw), encoding="utf-8")
    assert load_profiles(tmp_path)["la311"].source == "la-mine"


BASE = {"name": "t", "columns": {"external_id": ["id"], "reported_at": ["t"]}}


@pytest.mark.parametrize("change,message", [
    ({"columns": {"external_id": ["id"], "reported_at": ["t"], "colour": ["c"]}},
     "unknown target field 'colour'"),
    ({"columns": {"reported_at": ["t"]}}, "columns.external_id is required"),
    ({"columns": {"external_id": ["id"], "reported_at": ["t"], "lon": ["x"]}},
     "datum"),
    ({"codes": {"state": {"map": {"done": "finished"}}}}, "unknown values: finished"),
    ({"codes": {"channel": {"map": {}, "default": "pigeon"}}}, "unknown values: pigeon"),
    ({"columns": {"external_id": ["id"], "reported_at": ["t"], "category": ["c"]},
      "codes": {"category": {"map": {"x": "0102"}}}}, "catch-all"),
    ({"codes": {"category": {"map": {"x": "9999"}, "default": "0603"}}}, "unknown values: 9999"),
    ({"name": ""}, "name"),
])
def test_profile_validation_names_the_problem(change, message):
    with pytest.raises(ProfileError, match=message):
        profile_from_dict({**BASE, **change}, "x.json")


def test_detection_by_header():
    profiles = load_profiles()
    assert detect_profile(["srnumber", "requesttype", "requestsource", "x"], profiles).name == "la311"
    assert detect_profile(["案件号", "上报时间", "当前阶段"], profiles).name == "district_cn"
    assert detect_profile(["foo", "bar"], profiles) is None


def test_date_formats():
    s = pd.Series(["2026-03-05T14:02:00", "2026/3/5 14:02", "06/26/2018 10:58:54 AM",
                   "46086.5", "garbage", None])
    got = parse_dates(s, ("iso", "%Y/%m/%d %H:%M", "%m/%d/%Y %I:%M:%S %p", "excel"))
    assert got.tolist()[:4] == [pd.Timestamp("2026-03-05 14:02"), pd.Timestamp("2026-03-05 14:02"),
                                pd.Timestamp("2018-06-26 10:58:54"),
                                pd.Timestamp("2026-03-05 12:00")]
    assert got.isna().tolist()[4:] == [True, True]


def _raw(rows, header):
    return RawTable(pd.DataFrame(rows, columns=header, dtype=object), "csv")


PROFILE = {
    "name": "p", "source": "p",
    "columns": {"external_id": ["编号"], "reported_at": ["上报时间"], "closed_at": ["结案时间"],
                "state": ["状态"], "channel": ["来源"], "category": ["小类"], "lon": ["经度"],
                "lat": ["纬度"], "grid_code": ["网格"]},
    "dates": ["%Y/%m/%d %H:%M"], "datum": "GCJ-02",
    "codes": {"state": {"map": {"处置中": "in_progress", "已结案": "closed"}},
              "channel": {"map": {"12345": "hotline_12345"}, "default": "district_sync"},
              "category": {"map": {"暴露垃圾": "0102"}, "default": "0603"}},
}
HEADER = ["编号", "上报时间", "结案时间", "状态", "来源", "小类", "经度", "纬度", "网格"]


def test_rows_map_and_bad_rows_go_to_quarantine_with_reasons():
    rows = [
        ["A1", "2026/3/5 14:02", None, "处置中", "12345", "暴露垃圾", "118.79", "32.02", None],
        ["A2", "2026/3/5 14:02", "2026/3/6 9:00", "已结案", "短信", "外星人", None, None, None],
        [None, "2026/3/5 14:02", None, "处置中", None, None, None, None, None],
        ["A1", "2026/3/5 14:02", None, "处置中", None, None, None, None, None],
        ["A4", None, None, "处置中", None, None, None, None, None],
        ["A5", "5 March", None, "处置中", None, None, None, None, None],
        ["A6", "2026/3/5 14:02", "2026/3/1 9:00", "已结案", None, None, None, None, None],
        ["A7", "2026/3/5 14:02", None, "处置中", None, None, "999", "32", None],
        ["A8", "2026/3/5 14:02", None, "挂起", None, None, None, None, None],
        ["A9", "2026/3/5 14:02", None, "处置中", None, None, None, None, "NOPE"],
    ]
    m = map_table(_raw(rows, HEADER), profile_from_dict(PROFILE),
                  known={"grid_code": {"320104001001001"}})
    assert m.total == 10
    assert m.rows["external_id"].tolist() == ["A1", "A2"]
    q = dict(zip(m.quarantine["row_number"], m.quarantine["reason"], strict=True))
    assert q == {4: "missing_external_id", 5: "duplicate_external_id", 6: "missing_reported_at",
                 7: "bad_date", 8: "closed_before_reported", 9: "bad_coordinate",
                 10: "unknown_state", 11: "unknown_grid"}
    assert m.quarantine.set_index("row_number").loc[9, "column"] == "经度"
    a1, a2 = m.rows.iloc[0], m.rows.iloc[1]
    assert (a1.state, a1.channel, a1.minor_code) == ("in_progress", "hotline_12345", "0102")
    assert (a2.state, a2.channel, a2.minor_code) == ("closed", "district_sync", "0603")
    assert a2.closed_at == datetime(2026, 3, 6, 9, 0) and a2.source_state == "已结案"
    lon, lat = to_wgs84([118.79], [32.02], "GCJ02")  # the declared datum is converted
    assert (a1.lon, a1.lat) == (round(float(lon[0]), 6), round(float(lat[0]), 6))
    assert abs(a1.lon - 118.79) > 0.001


def test_a_header_without_id_or_time_is_structural():
    with pytest.raises(StructuralError, match="no usable header"):
        map_table(_raw([["x"]], ["名称"]), profile_from_dict(PROFILE))
