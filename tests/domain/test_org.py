"""The organisation model: codes, validity dates, lookups and validation."""

from __future__ import annotations

import csv
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from commandcenter.domain.org import (
    Community,
    District,
    Grid,
    GridWorker,
    Member,
    Organisation,
    OrgError,
    SiteKind,
    Street,
    Unit,
    grid_code,
    layer_of_code,
    load_departments,
)
from commandcenter.domain.vocabulary import AreaClass, GridLayer, Role, UnitKind

SHARED_DATA = Path(__file__).resolve().parents[3] / "shared" / "data"
QINHUAI = District("320104", "秦淮区")
STREETS = (Street("320104001", "秦虹街道"), Street("320104002", "夫子庙街道"),
           Street("320104400", "夫子庙秦淮风光带", "zone"))
COMMUNITIES = (Community("320104001001", "中牌楼社区居委会", "320104001"),
               Community("320104002001", "钓鱼台社区居委会", "320104002"),
               Community("320104400498", "夫子庙秦淮风光带虚拟社区", "320104400"))


def grids() -> list[Grid]:
    return [
        Grid("320104001001001", "中牌楼第一网格", GridLayer.COMPREHENSIVE, "320104001001",
             "320104001", AreaClass.B, date(2020, 1, 1), date(2024, 1, 1)),
        Grid("320104001001001", "中牌楼第一网格（调整后）", GridLayer.COMPREHENSIVE,
             "320104001001", "320104001", AreaClass.B, date(2024, 1, 1)),
        Grid("320104001001002", "中牌楼第二网格", GridLayer.COMPREHENSIVE, "320104001001",
             "320104001", AreaClass.C, date(2024, 1, 1)),
        Grid("320104002001900", "夫子庙景区专属网格", GridLayer.DEDICATED, "320104002001",
             "320104002", AreaClass.A, date(2020, 1, 1), site_kind=SiteKind.SCENIC),
    ]


def build(**changes) -> Organisation:
    units = load_departments().units_for(STREETS, COMMUNITIES)
    parts = dict(district=QINHUAI, streets=STREETS, communities=COMMUNITIES, grids=grids(),
                 units=units,
                 members=[Member("M001", "张三", Role.DISPATCHER, "320104001-ZX")],
                 workers=[GridWorker("W001", "李四", ("320104001001001",), is_leader=True)])
    parts.update(changes)
    return Organisation(**parts)


def test_grid_codes_tell_the_layer() -> None:
    assert grid_code("320104001001", 1) == "320104001001001"
    assert grid_code("320104001001", 1, GridLayer.DEDICATED) == "320104001001900"
    assert layer_of_code("320104001001899") is GridLayer.COMPREHENSIVE
    assert layer_of_code("320104001001905") is GridLayer.DEDICATED
    with pytest.raises(OrgError):
        grid_code("320104001001", 900)


def test_shipped_departments_expand_per_street() -> None:
    org = build()
    assert org.unit("CGJ").name == "秦淮区城市管理局"
    assert org.unit("JJDD").parent_code == "GAFJ"
    for street in ("320104001", "320104002", "320104400"):
        assert org.territorial_unit(street).code == f"{street}-ZX"
        assert org.street_team(street, "urban").code == f"{street}-CGB"
    assert org.territorial_unit("320104001").name == "秦虹街道指挥中心"
    assert org.enforcement_team("320104002").name == "夫子庙街道综合行政执法大队"
    assert org.street_team("320104001", "night_patrol").parent_code == "320104001-ZF"
    assert org.unit("320104001001").kind is UnitKind.COMMUNITY
    assert [u.code for u in org.units_by_kind(UnitKind.STREET_CENTRE)] == [
        "320104001-ZX", "320104002-ZX", "320104400-ZX"]
    assert {u.kind for u in org.units_by_kind(UnitKind.ENTERPRISE)} == {UnitKind.ENTERPRISE}
    assert all(u.street_code == "320104002" for u in org.units_of_street("320104002"))


def test_zone_has_no_enforcement_team() -> None:
    org = build()
    with pytest.raises(OrgError, match="320104400.*no enforcement team"):
        org.enforcement_team("320104400")
    with pytest.raises(OrgError, match="no 'nonexistent' team"):
        org.street_team("320104001", "nonexistent")


def test_grid_validity_at_a_date() -> None:
    org = build()
    assert org.grid("320104001001001", date(2023, 6, 1)).name == "中牌楼第一网格"
    assert org.grid("320104001001001", date(2024, 1, 1)).name == "中牌楼第一网格（调整后）"
    assert org.grid("320104001001001").name == "中牌楼第一网格（调整后）"
    with pytest.raises(OrgError, match="not valid on 2023-06-01"):
        org.grid("320104001001002", date(2023, 6, 1))
    assert [g.code for g in org.grids_valid_at(date(2023, 6, 1))] == [
        "320104001001001", "320104002001900"]
    assert len(org.grids_valid_at(date(2024, 6, 1), street_code="320104001")) == 2
    assert org.street_of("320104002001900").name == "夫子庙街道"


def test_people_lookups() -> None:
    org = build()
    assert [m.name for m in org.members_of("320104001-ZX")] == ["张三"]
    assert [w.code for w in org.workers_of("320104001001001")] == ["W001"]
    assert org.workers_of("320104001001002") == []


@pytest.mark.parametrize(("changes", "expected"), [
    (dict(streets=(*STREETS, Street("320104001", "重复街道"))), "duplicate street code '320104001'"),
    (dict(streets=(*STREETS, Street("320105001", "外区街道"))), "street '320105001'"),
    (dict(streets=(*STREETS, Street("320104003", "红花街道", "town"))), "kind 'town'"),
    (dict(communities=(*COMMUNITIES, Community("320104002009", "错社区", "320104001"))),
     "community '320104002009'"),
    (dict(communities=(*COMMUNITIES, Community("320104009001", "孤社区", "320104009"))),
     "unknown street '320104009'"),
])
def test_division_validation(changes, expected) -> None:
    with pytest.raises(OrgError, match=expected):
        build(**changes)


def test_grid_validation() -> None:
    base = grids()
    dedicated_as_comprehensive = replace(base[3], layer=GridLayer.COMPREHENSIVE, site_kind=None)
    with pytest.raises(OrgError, match="'320104002001900'.*does not denote layer"):
        build(grids=[*base[:3], dedicated_as_comprehensive])
    with pytest.raises(OrgError, match="dedicated grid needs a site kind"):
        build(grids=[*base[:3], replace(base[3], site_kind=None)])
    with pytest.raises(OrgError, match="not its community's street"):
        build(grids=[*base[:3], replace(base[3], street_code="320104001")])
    overlapping = replace(base[0], valid_to=date(2024, 3, 1))
    with pytest.raises(OrgError, match="'320104001001001': versions .* overlap"):
        build(grids=[overlapping, *base[1:]])
    with pytest.raises(OrgError, match="valid_to .* is not after valid_from"):
        build(grids=[*base[:3], replace(base[3], valid_to=date(2020, 1, 1))])


def test_unit_validation() -> None:
    units = load_departments().units_for(STREETS, COMMUNITIES)
    no_centre = [u for u in units if u.code != "320104002-ZX"
                 and u.parent_code != "320104002-ZX"]
    with pytest.raises(OrgError, match="'320104002' .* has 0 street centres"):
        build(units=no_centre)
    second = Unit("320104001-ZX2", "另一个中心", UnitKind.STREET_CENTRE, "320104001")
    with pytest.raises(OrgError, match="'320104001' .* has 2 street centres"):
        build(units=[*units, second])
    orphan = Unit("X1", "孤儿单位", UnitKind.DEPARTMENT, parent_code="NOPE")
    with pytest.raises(OrgError, match="unit 'X1' .*unknown parent 'NOPE'"):
        build(units=[*units, orphan])
    with pytest.raises(OrgError, match="duplicate unit code 'CGJ'"):
        build(units=[*units, Unit("CGJ", "重复", UnitKind.DEPARTMENT)])
    twin = Unit("320104001-CG2", "第二城管办", UnitKind.STREET_TEAM, "320104001", team="urban")
    with pytest.raises(OrgError, match="two 'urban' teams"):
        build(units=[*units, twin])
    streetless = Unit("T1", "无街道科室", UnitKind.STREET_TEAM)
    with pytest.raises(OrgError, match="'T1' .*needs a street"):
        build(units=[*units, streetless])


def test_people_validation_and_all_problems_reported() -> None:
    with pytest.raises(OrgError) as info:
        build(members=[Member("M9", "王五", Role.DISPATCHER, "NOPE")],
              workers=[GridWorker("W9", "赵六", ("320104001001077",))])
    assert len(info.value.problems) == 2
    assert "member 'M9' (王五): unknown unit 'NOPE'" in str(info.value)
    assert "grid worker 'W9' (赵六): unknown grid '320104001001077'" in str(info.value)


@pytest.mark.skipif(not (SHARED_DATA / "nanjing_streets_2023.csv").exists(),
                    reason="shared real data not present")
def test_real_qinhuai_divisions_build() -> None:
    with open(SHARED_DATA / "nanjing_streets_2023.csv", encoding="utf-8") as fh:
        streets = [Street(r["code"], r["name"], "zone" if r["code"][6] == "4" else "street")
                   for r in csv.DictReader(fh) if r["areaCode"] == "320104"]
    with open(SHARED_DATA / "nanjing_communities_2023.csv", encoding="utf-8") as fh:
        communities = [Community(r["code"], r["name"], r["streetCode"])
                       for r in csv.DictReader(fh) if r["areaCode"] == "320104"]
    org = Organisation(QINHUAI, streets, communities,
                       units=load_departments().units_for(streets, communities))
    assert len(org.streets) == 16 and len(org.communities) == 108
    assert len(org.units_by_kind(UnitKind.STREET_CENTRE)) == 16
    assert len(org.units_by_kind(UnitKind.ENFORCEMENT_TEAM)) == 12  # zones have none
