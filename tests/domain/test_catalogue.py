"""The category catalogue with filing/closing standards, and the stage-limit defaults."""

from __future__ import annotations

import copy
import json
from dataclasses import replace
from pathlib import Path

import pytest

from commandcenter.domain.calendar import TimeLimit, TimeUnit
from commandcenter.domain.catalogue import (
    Catalogue,
    CatalogueError,
    CategoryKind,
    load_stage_limits,
)
from commandcenter.domain.vocabulary import AreaClass, Stage


def wh(n: float) -> TimeLimit:
    return TimeLimit(n, TimeUnit.WORKING_HOURS)


def wd(n: float) -> TimeLimit:
    return TimeLimit(n, TimeUnit.WORKING_DAYS)


@pytest.fixture(scope="module")
def shipped() -> Catalogue:
    return Catalogue.load()


def minimal() -> dict:
    return {
        "version": 1,
        "majors": [{"code": "01", "name": "市容环境", "kind": "event"}],
        "minors": [{
            "code": "0102", "name": "暴露垃圾", "major": "01",
            "conditions": [{"id": "01", "text": "暴露垃圾",
                            "limits": {"A": "2 working_hours", "B": "4 working_hours",
                                       "C": "8 working_hours"}}],
            "closing": "已清除", "supervisor": "区城市管理局", "responsible": "街道环卫所",
            "legal_basis": "《南京市生活垃圾管理条例》", "emergency": False,
        }],
    }


def write(tmp_path: Path, data: dict) -> Path:
    path = tmp_path / "categories.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def test_shipped_catalogue_loads(shipped: Catalogue) -> None:
    assert 60 <= len(shipped.minors) <= 90
    event_majors = [m.name for m in shipped.majors if m.kind is CategoryKind.EVENT
                    and not m.extension]
    assert event_majors == ["市容环境", "宣传广告", "施工管理", "突发事件", "街面秩序", "其他事件"]
    component_majors = [m.name for m in shipped.majors if m.kind is CategoryKind.COMPONENT]
    assert component_majors == ["公用设施", "道路交通", "市容环境", "园林绿化", "房屋土地", "其他设施"]
    extensions = {m.name for m in shipped.majors if m.extension}
    assert extensions == {"矛盾纠纷", "安全隐患", "消防", "物业", "信访稳定"}
    assert all(shipped.minors_of(m.code) for m in shipped.majors)
    assert shipped.kind_of("1101") is CategoryKind.COMPONENT
    assert shipped.kind_of("0102") is CategoryKind.EVENT


def test_domain_examples_are_the_shipped_limits(shipped: Catalogue) -> None:
    assert shipped.minor("0102").name == "暴露垃圾"
    assert shipped.limit("0102", "01", "B") == wh(4)
    assert shipped.limit("0101", "01", AreaClass.A) == wh(4)  # illegal building: stop work
    assert shipped.limit("0101", "02", AreaClass.A) == wd(15)  # demolition 15-20 working days
    assert shipped.limit("0101", "02", AreaClass.C) == wd(20)
    assert shipped.limit("0104", "01", AreaClass.B) == wh(2)  # road not clean
    assert shipped.limit("0105", "01", AreaClass.B) == wd(15)  # water body not clean
    assert shipped.standard("0403").emergency
    assert shipped.limit("0403", "01", "A").unit is TimeUnit.NATURAL_HOURS
    std = shipped.standard("0101")
    assert std.closing_for("02") == "违法建设已拆除，建筑垃圾已清运"
    assert "第六十四条" in std.legal_basis


def test_unknown_lookups_raise(shipped: Catalogue) -> None:
    with pytest.raises(CatalogueError, match="unknown minor class '9999'"):
        shipped.minor("9999")
    with pytest.raises(CatalogueError, match="0102 has no filing condition '09'"):
        shipped.limit("0102", "09", "A")


def test_search(shipped: Catalogue) -> None:
    covers = [m.code for m in shipped.search("井盖")]
    assert covers == ["1101", "1102", "1103", "1104", "1105", "1106"]
    assert [m.code for m in shipped.search("0102")] == ["0102"]
    by_major = shipped.search("园林绿化")
    assert by_major and all(m.major_code == "14" for m in by_major)
    assert shipped.search("没有这个") == []


def test_save_load_round_trip(shipped: Catalogue, tmp_path: Path) -> None:
    first = tmp_path / "a.json"
    shipped.save(first)
    again = Catalogue.load(first)
    assert again.majors == shipped.majors
    assert again.minors == shipped.minors
    assert again.note == shipped.note
    second = tmp_path / "b.json"
    again.save(second)
    assert first.read_bytes() == second.read_bytes()
    assert "暴露垃圾" in first.read_text(encoding="utf-8")  # ensure_ascii=False


def test_admin_edit_round_trip(shipped: Catalogue, tmp_path: Path) -> None:
    garbage = shipped.minor("0102")
    condition = replace(garbage.standard.conditions[0],
                        limits={AreaClass.A: wh(1), AreaClass.B: wh(3), AreaClass.C: wh(6)})
    edited = shipped.with_minor(replace(garbage, standard=replace(
        garbage.standard, conditions=(condition,))))
    new = replace(garbage, code="0111", name="垃圾满溢", standard=garbage.standard)
    edited = edited.with_minor(new)
    path = tmp_path / "edited.json"
    edited.save(path)
    loaded = Catalogue.load(path)
    assert loaded.limit("0102", "01", "B") == wh(3)
    assert loaded.minor("0111").name == "垃圾满溢"
    assert len(loaded.minors) == len(shipped.minors) + 1


def test_minimal_file_is_valid(tmp_path: Path) -> None:
    cat = Catalogue.load(write(tmp_path, minimal()))
    assert cat.limit("0102", "01", "C") == wh(8)


def _bad(mutate):
    data = minimal()
    mutate(data)
    return data


def _dup_minor(d):
    d["minors"].append(copy.deepcopy(d["minors"][0]))


def _set_limit(area, text):
    def mutate(d):
        d["minors"][0]["conditions"][0]["limits"][area] = text
    return mutate


@pytest.mark.parametrize(("mutate", "entry", "reason"), [
    (_dup_minor, "minor 0102 暴露垃圾", "duplicate minor code"),
    (_set_limit("B", "4 hours"), "minor 0102 暴露垃圾 condition 01", "area class B: bad time limit"),
    (_set_limit("A", "four working_hours"), "minor 0102 暴露垃圾 condition 01", "area class A"),
    (lambda d: d["minors"][0].update(major="02", code="0202"), "minor 0202 暴露垃圾",
     "unknown major class '02'"),
    (_set_limit("A", "10 working_hours"), "minor 0102 暴露垃圾 condition 01", "A <= B <= C"),
    (_set_limit("C", "0.5 working_days"), "minor 0102 暴露垃圾 condition 01", "A <= B <= C"),
    (_set_limit("A", "1 natural_hours"), "minor 0102 暴露垃圾 condition 01",
     "mix natural and working"),
    (lambda d: d["minors"][0].pop("legal_basis"), "minor 0102 暴露垃圾",
     "missing field 'legal_basis'"),
    (lambda d: d["minors"][0]["conditions"][0]["limits"].pop("C"),
     "minor 0102 暴露垃圾 condition 01 limits", "missing field 'C'"),
    (lambda d: d["minors"][0].update(limts={}), "minor 0102 暴露垃圾", "unknown field 'limts'"),
    (lambda d: d["majors"].append({"code": "01", "name": "又一个", "kind": "event"}),
     "major 01 又一个", "duplicate major code"),
    (lambda d: d["majors"][0].update(kind="thing"), "major 01 市容环境",
     "kind must be event or component"),
    (lambda d: d["minors"][0].update(code="102"), "minor 102 暴露垃圾", "4 digits"),
    (lambda d: d["minors"][0].update(code="0201"), "minor 0201 暴露垃圾",
     "does not start with its major code"),
    (lambda d: d["minors"][0]["conditions"].append(
        copy.deepcopy(d["minors"][0]["conditions"][0])),
     "minor 0102 暴露垃圾 condition 01", "duplicate condition id"),
    (lambda d: d["minors"][0].update(conditions=[]), "minor 0102 暴露垃圾",
     "at least one filing condition"),
    (lambda d: d["minors"][0].update(closing=" "), "minor 0102 暴露垃圾", "empty field 'closing'"),
])
def test_validation_names_file_entry_and_reason(tmp_path: Path, mutate, entry, reason) -> None:
    path = write(tmp_path, _bad(mutate))
    with pytest.raises(CatalogueError) as info:
        Catalogue.load(path)
    err = info.value
    assert err.entry == entry
    assert reason in err.reason
    assert str(path) in str(err) and entry in str(err)


def test_unreadable_file(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(CatalogueError, match="broken.json: cannot read"):
        Catalogue.load(path)


def test_shipped_stage_limits() -> None:
    limits = load_stage_limits()
    assert set(limits) == set(Stage) - {Stage.HANDLE}
    assert limits[Stage.CHECK_IN] == TimeLimit(0.5, TimeUnit.NATURAL_HOURS)


@pytest.mark.parametrize(("change", "message"), [
    ({"handle": "4 working_hours"}, "stage handle: handling limits come from the category"),
    ({"sign": None}, "stage sign: missing stage limit"),
    ({"lunch": "1 working_hours"}, "stage lunch: unknown stage"),
    ({"visit": "2 days"}, "stage visit: bad time limit"),
])
def test_stage_limit_validation(tmp_path: Path, change: dict, message: str) -> None:
    limits = {s.value: "1 working_hours" for s in Stage if s is not Stage.HANDLE}
    for key, value in change.items():
        if value is None:
            limits.pop(key)
        else:
            limits[key] = value
    path = tmp_path / "stage_limits.json"
    path.write_text(json.dumps({"version": 1, "limits": limits}), encoding="utf-8")
    with pytest.raises(CatalogueError, match=message):
        load_stage_limits(path)
