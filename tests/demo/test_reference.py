"""The demo district's division dictionary shipped under resources/org."""

from __future__ import annotations

from collections import Counter

import pytest

from commandcenter.demo import reference
from commandcenter.demo.reference import (
    Community,
    ReferenceDataError,
    Street,
    communities_by_street,
    extract_district_rows,
    load_communities,
    load_streets,
    streets_without_communities,
)
from commandcenter.resources import resource_path, resources_root

SHARED = resources_root().parents[1] / "shared" / "data"


def test_streets_are_twelve_streets_and_four_zones():
    streets = load_streets()
    assert len(streets) == 16
    assert all(isinstance(s.code, str) and len(s.code) == 9 for s in streets)
    suffixes = [s.code[6:] for s in streets]
    assert suffixes == [f"{i:03d}" for i in range(1, 13)] + ["400", "401", "402", "403"]
    assert [s.kind for s in streets] == ["street"] * 12 + ["zone"] * 4
    assert streets[0] == Street("320104001", "秦虹街道", "320104")
    assert streets[-1].name == "新街口商务商贸街区"


def test_communities_are_the_108_real_ones():
    communities = load_communities()
    assert len(communities) == 108
    assert len({c.code for c in communities}) == 108
    assert all(isinstance(c.code, str) and len(c.code) == 12 for c in communities)
    assert Community("320104001009", "扇骨里社区居委会", "320104001") in communities
    per_street = Counter(c.street_code for c in communities)
    assert per_street["320104011"] == 13 and per_street["320104006"] == 5


def test_every_street_has_communities_and_zones_have_one_virtual_each():
    grouped = communities_by_street()
    assert set(grouped) == {s.code for s in load_streets()}
    assert streets_without_communities() == []
    virtual = [c for c in load_communities() if c.is_virtual]
    assert [c.code for c in virtual] == ["320104400498", "320104401498", "320104402498",
                                         "320104403498"]
    for street in load_streets():
        if street.kind == "zone":
            assert grouped[street.code] == [c for c in virtual if c.street_code == street.code]


def test_a_street_without_communities_is_reported():
    streets = [Street("320104001", "秦虹街道", "320104"), Street("320104099", "新街道", "320104")]
    communities = [Community("320104001001", "中牌楼社区居委会", "320104001")]
    assert streets_without_communities(streets, communities) == [streets[1]]
    assert communities_by_street(streets, communities)["320104099"] == []


def test_a_community_of_an_unknown_street_is_an_error():
    with pytest.raises(ReferenceDataError, match="unknown street"):
        communities_by_street([], [Community("320104001001", "x", "320104001")])


def test_short_names():
    assert Community("320104001009", "扇骨里社区居委会", "320104001").short_name == "扇骨里"
    assert Community("320104401498", "高新园虚拟社区", "320104401").short_name == "高新园"


def test_default_files_are_shipped_resources():
    """The app never reads ../shared at run time: the defaults live under resources/org."""
    assert resource_path("org", reference.STREETS_FILE).is_file()
    assert resource_path("org", reference.COMMUNITIES_FILE).is_file()
    assert load_streets(resource_path("org", reference.STREETS_FILE)) == load_streets()


@pytest.mark.skipif(not SHARED.is_dir(), reason="../shared/data not present")
@pytest.mark.parametrize("source, shipped", [
    ("nanjing_streets_2023.csv", reference.STREETS_FILE),
    ("nanjing_communities_2023.csv", reference.COMMUNITIES_FILE),
])
def test_shipped_rows_are_the_source_rows(tmp_path, source, shipped):
    target = tmp_path / shipped
    extract_district_rows(SHARED / source, target)
    assert target.read_bytes() == resource_path("org", shipped).read_bytes()


def test_extract_district_rows_keeps_header_and_matching_lines(tmp_path):
    source = tmp_path / "src.csv"
    source.write_text('code,name,areaCode\n320102002,"梅园新村街道",320102\n'
                      '320104001,"秦虹街道",320104\n', encoding="utf-8")
    assert extract_district_rows(source, tmp_path / "out" / "x.csv") == 1
    assert (tmp_path / "out" / "x.csv").read_text(encoding="utf-8") == (
        'code,name,areaCode\n320104001,"秦虹街道",320104\n')


def test_codes_stay_text_and_a_bom_is_tolerated(tmp_path):
    path = tmp_path / "s.csv"
    path.write_text("\ufeffcode,name,areaCode\n320104001,秦虹街道,320104\n", encoding="utf-8")
    assert load_streets(path) == [Street("320104001", "秦虹街道", "320104")]


@pytest.mark.parametrize("text, message", [
    ("code,name\n320104001,秦虹街道\n", "missing column"),
    ("code,name,areaCode\n32010400X,秦虹街道,320104\n", "not 9 digits"),
    ("code,name,areaCode\n320105001,秦虹街道,320104\n", "not under district"),
])
def test_malformed_street_files_are_rejected(tmp_path, text, message):
    path = tmp_path / "s.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ReferenceDataError, match=message):
        load_streets(path)


def test_a_community_outside_its_street_is_rejected(tmp_path):
    path = tmp_path / "c.csv"
    path.write_text("code,name,streetCode\n320104002001,莲子营,320104001\n", encoding="utf-8")
    with pytest.raises(ReferenceDataError, match="not under street"):
        load_communities(path)
