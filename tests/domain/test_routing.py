"""Routing by the responsibility catalogue: specificity, time windows, territory, fallback."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest

from commandcenter.domain.calendar import TimeLimit, TimeUnit
from commandcenter.domain.catalogue import Catalogue
from commandcenter.domain.org import (
    Community,
    District,
    Organisation,
    SiteKind,
    Street,
    load_departments,
)
from commandcenter.domain.routing import (
    FALLBACK_RULE_ID,
    ResponsibilityCatalogue,
    Router,
    RoutingError,
    RoutingFacts,
    RoutingRule,
    TimeWindow,
)
from commandcenter.domain.vocabulary import AreaClass, GridLayer

STREETS = (Street("320104001", "秦虹街道"), Street("320104002", "夫子庙街道"),
           Street("320104400", "夫子庙秦淮风光带", "zone"))
COMMUNITIES = (Community("320104001001", "中牌楼社区居委会", "320104001"),
               Community("320104002001", "钓鱼台社区居委会", "320104002"))
DAY = datetime(2024, 5, 6, 10, 0)
NIGHT = datetime(2024, 5, 6, 23, 0)


@pytest.fixture(scope="module")
def org() -> Organisation:
    units = load_departments().units_for(STREETS, COMMUNITIES)
    return Organisation(District("320104", "秦淮区"), STREETS, COMMUNITIES, units=units)


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return Catalogue.load()


def rule(id: str, category: str, target: str, **kw) -> RoutingRule:
    return RoutingRule(id=id, category=category, target=target, legal_basis=f"依据{id}", **kw)


def facts(minor: str = "0102", street: str = "320104001", **kw) -> RoutingFacts:
    kw.setdefault("at", DAY)
    return RoutingFacts(minor, kw.pop("condition_id", "01"), kw.pop("area_class", AreaClass.B),
                        street, **kw)


def test_minor_rule_beats_major_wildcard(org: Organisation) -> None:
    router = Router([rule("R01", "01*", "CGJ"), rule("R0102", "0102", "@street_team:sanitation")],
                    org)
    s = router.suggest(facts("0102"))
    assert (s.unit_code, s.rule_id, s.matched_on) == ("320104001-HWS", "R0102", ("minor",))
    wildcard = router.suggest(facts("0104"))
    assert (wildcard.unit_code, wildcard.rule_id, wildcard.matched_on) == ("CGJ", "R01", ("major",))


def test_more_keys_win_in_the_documented_order(org: Organisation) -> None:
    rules = [
        rule("R-plain", "1105", "CGJ"),
        rule("R-area", "1105", "ZJJ", area_classes=frozenset({AreaClass.B})),
        rule("R-owner", "1105", "YDGS", owner="YDGS"),
        rule("R-cond", "1105", "DXGS", condition="02"),
    ]
    router = Router(rules, org)
    assert router.suggest(facts("1105")).rule_id == "R-area"
    assert router.suggest(facts("1105", owner_code="YDGS")).rule_id == "R-owner"
    # a filing condition outranks an owner
    s = router.suggest(facts("1105", condition_id="02", owner_code="YDGS"))
    assert (s.rule_id, s.unit_code) == ("R-cond", "DXGS")
    assert [r.id for r in router.candidates(facts("1105", owner_code="YDGS"))] == [
        "R-owner", "R-area", "R-plain"]


def test_site_kind_rule_with_deadline_override(org: Organisation) -> None:
    override = TimeLimit(2, TimeUnit.WORKING_HOURS)
    router = Router([rule("R0102", "0102", "@street_team:sanitation"),
                     rule("R0102-S", "0102", "@street_team:sanitation", site_kind=SiteKind.SCENIC,
                          deadline_override=override)], org)
    s = router.suggest(facts(grid_layer=GridLayer.DEDICATED, site_kind=SiteKind.SCENIC))
    assert s.rule_id == "R0102-S" and s.deadline_override == override
    assert "2个工作时" in s.reason_text
    assert router.suggest(facts(grid_layer=GridLayer.COMPREHENSIVE)).deadline_override is None


def test_ties_go_to_priority_then_id(org: Organisation) -> None:
    ab = frozenset({AreaClass.A, AreaClass.B})
    a = frozenset({AreaClass.A})
    router = Router([rule("R2", "0102", "CGJ", area_classes=ab),
                     rule("R1", "0102", "ZJJ", area_classes=a)], org)
    assert router.suggest(facts(area_class=AreaClass.A)).rule_id == "R1"
    router = Router([rule("R2", "0102", "CGJ", area_classes=ab, priority=5),
                     rule("R1", "0102", "ZJJ", area_classes=a)], org)
    assert router.suggest(facts(area_class=AreaClass.A)).rule_id == "R2"


def test_time_window_is_respected(org: Organisation) -> None:
    router = Router([rule("R0110", "0110", "@enforcement"),
                     rule("R0110-N", "0110", "GAFJ", window=TimeWindow.parse("22:00-06:00"))], org)

    def at(hour: int, minute: int = 0) -> str:
        return router.suggest(facts("0110", at=datetime(2024, 5, 6, hour, minute))).rule_id

    assert at(23) == "R0110-N" and at(22) == "R0110-N" and at(3) == "R0110-N"
    assert at(5, 59) == "R0110-N"
    assert at(6) == "R0110" and at(21, 59) == "R0110" and at(12) == "R0110"
    assert router.suggest(facts("0110", at=None)).rule_id == "R0110"
    night = router.suggest(facts("0110", at=NIGHT))
    assert night.unit_code == "GAFJ" and "时段 22:00-06:00" in night.reason_text


def test_time_window_parsing() -> None:
    day = TimeWindow.parse("08:30-17:30")
    assert day.contains(datetime(2024, 1, 1, 8, 30).time())
    assert not day.contains(datetime(2024, 1, 1, 17, 30).time())
    assert str(TimeWindow.parse("22:00-06:00")) == "22:00-06:00"
    for bad in ("22-06", "25:00-06:00", "10:00-10:00"):
        with pytest.raises(ValueError):
            TimeWindow.parse(bad)


def test_territorial_targets_resolve_per_street(org: Organisation) -> None:
    router = Router([rule("R05", "05*", "@enforcement"),
                     rule("R0506", "0506", "@street_team:night_patrol"),
                     rule("R06", "06*", "@street_centre")], org)
    assert router.suggest(facts("0501", "320104001")).unit_code == "320104001-ZF"
    assert router.suggest(facts("0501", "320104002")).unit_code == "320104002-ZF"
    assert router.suggest(facts("0506", "320104002")).unit_code == "320104002-YX"
    s = router.suggest(facts("0603", "320104002"))
    assert s.unit_code == "320104002-ZX" and not s.is_fallback


def test_unmatched_case_falls_to_the_street_centre(org: Organisation,
                                                   catalogue: Catalogue) -> None:
    router = Router([rule("R05", "05*", "@enforcement")], org, catalogue)
    s = router.suggest(facts("0102", "320104002"))
    assert s.unit_code == "320104002-ZX"
    assert s.rule_id == FALLBACK_RULE_ID and s.is_fallback and s.matched_on == ()
    assert "无匹配规则" in s.reason_text and "属地兜底" in s.reason_text
    assert "暴露垃圾" in s.reason_text and "夫子庙街道指挥中心" in s.reason_text
    assert "属地" in s.legal_basis


def test_missing_territorial_unit_moves_on_then_falls_back(org: Organisation) -> None:
    zone = "320104400"  # zones have no enforcement team
    router = Router([rule("R0101", "0101", "@enforcement"), rule("R01", "01*",
                                                                  "@street_team:urban")], org)
    s = router.suggest(facts("0101", zone))
    assert (s.rule_id, s.unit_code) == ("R01", "320104400-CGB")
    assert "R0101 的承办单位在本街道不存在" in s.reason_text
    only = Router([rule("R0101", "0101", "@enforcement")], org).suggest(facts("0101", zone))
    assert only.is_fallback and only.unit_code == "320104400-ZX"
    assert "R0101" in only.reason_text and "属地兜底" in only.reason_text


def test_reason_names_rule_and_legal_basis(org: Organisation, catalogue: Catalogue) -> None:
    router = Router([RoutingRule("R0101", "0101", "@enforcement", "《城乡规划法》第六十四条")],
                    org, catalogue)
    s = router.suggest(facts("0101"))
    assert s.legal_basis == "《城乡规划法》第六十四条"
    assert s.reason_text.startswith("依据权责清单规则 R0101（小类 0101 违法建设）")
    assert "秦虹街道综合行政执法大队" in s.reason_text
    assert s.reason_text.endswith("法律依据：《城乡规划法》第六十四条。")


def test_unknown_street_is_an_error(org: Organisation) -> None:
    with pytest.raises(RoutingError, match="320104099"):
        Router([], org).suggest(facts("0102", "320104099"))


# -- loading and validation --------------------------------------------------------------------


def write(tmp_path: Path, *rules: dict, version: int = 1) -> Path:
    path = tmp_path / "responsibility.json"
    path.write_text(json.dumps({"version": version, "rules": list(rules)}, ensure_ascii=False),
                    encoding="utf-8")
    return path


def ok(**kw) -> dict:
    return {"id": "R1", "category": "0102", "target": "CGJ", "legal_basis": "某条例", **kw}


def test_load_parses_every_key(tmp_path: Path, catalogue: Catalogue) -> None:
    path = write(tmp_path, ok(condition="01", area_class=["A", "B"], grid_layer="dedicated",
                              site_kind="park", owner="LYJ", time_window="20:00-06:00",
                              deadline_override="3 working_hours", priority=2, note="说明"))
    (r,) = ResponsibilityCatalogue.load(path, catalogue=catalogue).rules
    assert r.area_classes == {AreaClass.A, AreaClass.B}
    assert r.grid_layer is GridLayer.DEDICATED and r.site_kind is SiteKind.PARK
    assert str(r.window) == "20:00-06:00" and r.priority == 2
    assert r.deadline_override == TimeLimit(3, TimeUnit.WORKING_HOURS)
    assert r.matched_on() == ("minor", "condition", "owner", "site_kind", "grid_layer",
                              "time_window", "area_class")


@pytest.mark.parametrize(("rules", "message"), [
    ([ok(), ok(target="ZJJ", priority=1)], "rule R1: duplicate rule id"),
    ([ok(time_window="22-6")], "rule R1: time window must look like"),
    ([ok(target="@street")], "rule R1: unknown target '@street'"),
    ([ok(target="@street_team:")], "unknown target"),
    ([ok(categry="0102")], "rule R1: unknown field 'categry'"),
    ([{"id": "R1", "category": "0102", "target": "CGJ"}], "rule R1: missing field 'legal_basis'"),
    ([ok(category="01*", condition="01")], "a filing condition needs a minor class"),
    ([ok(category="1")], "category must be a minor code"),
    ([ok(deadline_override="2 hours")], "rule R1: bad time limit"),
    ([ok(area_class="D")], "rule R1: 'D' is not a valid AreaClass"),
    ([ok(site_kind="school", grid_layer="comprehensive")], "site kinds belong to dedicated"),
    ([ok(), ok(id="R2", target="ZJJ")], "rule R2: same keys and priority as rule R1"),
    ([ok(category="9999")], "rule R1: unknown minor class '9999'"),
    ([ok(category="99*")], "rule R1: unknown major class '99'"),
    ([ok(condition="07")], "minor class 0102 has no filing condition '07'"),
])
def test_load_validation(tmp_path: Path, catalogue: Catalogue, rules, message) -> None:
    path = write(tmp_path, *rules)
    with pytest.raises(RoutingError, match=message) as info:
        ResponsibilityCatalogue.load(path, catalogue=catalogue)
    assert str(path) in str(info.value)


def test_load_rejects_other_versions(tmp_path: Path) -> None:
    with pytest.raises(RoutingError, match="unsupported version 2"):
        ResponsibilityCatalogue.load(write(tmp_path, ok(), version=2))


def test_validate_against_organisation(tmp_path: Path, org: Organisation) -> None:
    rules = ResponsibilityCatalogue.load(write(
        tmp_path, ok(target="NOPE"), ok(id="R2", category="0103", target="@street_team:ghosts"),
        ok(id="R3", category="1105", target="YDGS", owner="XX")))
    with pytest.raises(RoutingError) as info:
        rules.validate_against(org)
    text = str(info.value)
    assert "rule R1: unknown unit 'NOPE'" in text
    assert "rule R2: no street has a team 'ghosts'" in text
    assert "rule R3: unknown owner unit 'XX'" in text
    ResponsibilityCatalogue.load(write(tmp_path, ok())).validate_against(org)


def test_shipped_rules_route_every_minor_class(org: Organisation, catalogue: Catalogue) -> None:
    shipped = ResponsibilityCatalogue.load(catalogue=catalogue)
    shipped.validate_against(org)
    router = Router(shipped, org, catalogue)
    for minor in catalogue.minors:
        for condition in minor.standard.conditions:
            s = router.suggest(facts(minor.code, condition_id=condition.id))
            assert org.has_unit(s.unit_code)
            assert s.reason_text and s.legal_basis
    night_noise = router.suggest(facts("0110", at=NIGHT))
    assert night_noise.unit_code == "GAFJ"
    assert router.suggest(facts("0110")).unit_code == "320104001-ZF"
    assert router.suggest(facts("1104")).unit_code == "GDGS"
