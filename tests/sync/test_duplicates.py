"""Cross-channel duplicate suggestions: near, related class, in the window, similar text."""

from __future__ import annotations

from commandcenter.domain.case import Actor
from commandcenter.domain.vocabulary import Channel, Role
from commandcenter.services.cases import CaseService
from commandcenter.services.dto import NewCase
from commandcenter.services.sync import SyncService
from commandcenter.sync.duplicates import text_similarity
from commandcenter.sync.importer import import_file

from .helpers import grids, write_district

HEADER_ROW = ["案件号", "问题来源", "小类名称", "标题", "问题描述", "地址", "经度", "纬度", "网格编码",
              "上报时间", "结案时间", "当前阶段"]


def test_text_similarity_works_on_chinese():
    assert text_similarity("小区门口垃圾堆放无人清理", "小区门口有垃圾堆放没人清理") > 0.4
    assert text_similarity("小区门口垃圾堆放无人清理", "路灯不亮影响夜间出行") == 0.0


def test_incoming_cases_matching_an_open_case_are_suggested_not_merged(store, tmp_path):
    code, lon, lat = grids(store, 1)[0]
    store.now = lambda: __import__("datetime").datetime(2026, 3, 5, 15, 0)
    local = CaseService(store).report(NewCase(
        channel=Channel.GRID_WORKER, title="暴露垃圾", description="小区门口垃圾堆放无人清理",
        lon=lon, lat=lat, grid_code=code), Actor("g", Role.GRID_WORKER, "QZX"))
    CaseService(store).transition(local.id, "accept", {}, Actor("i", Role.INTAKE_OPERATOR, "QZX"))
    CaseService(store).transition(local.id, "register", {"minor_code": "0102",
                                                         "condition_id": "01"},
                                  Actor("l", Role.SHIFT_LEADER, "QZX"))
    near = f"{lon + 0.0003:.6f}", f"{lat:.6f}"  # ~30 m east
    far = f"{lon + 0.01:.6f}", f"{lat:.6f}"  # ~1 km
    rows = [
        ["D1", "12345热线", "暴露垃圾", "垃圾", "小区门口有垃圾堆放没人清理", "", *near, code,
         "2026/3/5 16:00", "", "待受理"],  # the duplicate
        ["D2", "12345热线", "暴露垃圾", "垃圾", "小区门口有垃圾堆放没人清理", "", *far, code,
         "2026/3/5 16:00", "", "待受理"],  # too far
        ["D3", "12345热线", "路灯", "路灯", "小区门口有垃圾堆放没人清理", "", *near, code,
         "2026/3/5 16:00", "", "待受理"],  # unrelated class
        ["D4", "12345热线", "暴露垃圾", "噪声", "夜间施工噪声扰民严重", "", *near, code,
         "2026/3/5 16:00", "", "待受理"],  # different text
        ["D5", "12345热线", "暴露垃圾", "垃圾", "小区门口有垃圾堆放没人清理", "", *near, code,
         "2026/3/20 16:00", "", "待受理"],  # outside the time window
    ]
    res = import_file(store, write_district(tmp_path / "d.csv", rows))
    assert res.imported == 5 and res.duplicates == 1
    [s] = SyncService(store).duplicates()
    assert (s["candidate_code"], s["status"]) == (local.code, "open")
    assert 20 < s["distance_m"] < 40 and s["text_score"] >= 0.25
    detail = CaseService(store).detail(local.id)
    assert detail.state == "pending_dispatch"  # nothing was merged
    SyncService(store).set_duplicate(s["id"], "dismissed")
    assert SyncService(store).duplicates() == []
