"""The sync panel's "units and people" page, driven through its widgets on a real store: a
units export previewed as a diff, applied by an admin only, kept in the history; a file with
problems cannot be applied."""

from __future__ import annotations

import pandas as pd
import pytest
from sqlalchemy import select

from commandcenter.domain.vocabulary import Role
from commandcenter.services.permissions import Principal, ScopeKind
from commandcenter.store.models import Unit

HEADER = ["单位编码", "单位名称", "单位类型", "所属街道编码", "上级单位编码", "班组"]


@pytest.fixture(autouse=True)
def _chinese(translations):
    """These tests read the page in its default language, zh_CN."""


def _units(ctx) -> pd.DataFrame:
    with ctx.unit_of_work() as uow:
        rows = uow.session.execute(select(Unit.code, Unit.name, Unit.kind, Unit.street_code,
                                          Unit.parent_code, Unit.team).order_by(Unit.code)).all()
    return pd.DataFrame(rows, columns=HEADER, dtype=object)


def _principal(role: Role) -> Principal:
    return Principal(user_id=7, username=f"u-{role.value}", display_name="测试", role=role,
                     scope_kind=ScopeKind.DISTRICT, scope_code=None, unit_code="QZX")


def _cells(model) -> list[tuple[str, ...]]:
    return [tuple(str(model.data(model.index(r, c)) or "") for c in range(model.columnCount()))
            for r in range(model.rowCount())]


def _preview(qtbot, page, path) -> None:
    page.file_edit.setText(str(path))
    with qtbot.waitSignal(page.sig_previewed, timeout=30000):
        page.preview_btn.click()


def test_an_admin_previews_and_applies_a_units_export(panel, qtbot, tmp_path, qtmodeltester):
    page = panel.reference
    ctx = panel._ctx
    units = _units(ctx)
    renamed = units.loc[units["单位类型"] == "department", "单位编码"].iloc[0]
    old_name = units.loc[units["单位编码"] == renamed, "单位名称"].iloc[0]
    units.loc[units["单位编码"] == renamed, "单位名称"] = "秦淮区城市治理专班"
    units.loc[len(units)] = ["QHXZB", "秦淮区新设专班", "区级职能部门", None, None, None]
    path = tmp_path / "units.csv"
    units.to_csv(path, index=False, encoding="gb18030")

    ctx.principal = _principal(Role.DISPATCHER)
    page.retranslate()
    _preview(qtbot, page, path)
    rows = _cells(page.changes_model)
    assert ("QHXZB", "秦淮区新设专班", "新增", "名称", "", "秦淮区新设专班") in rows
    assert (renamed, "秦淮区城市治理专班", "变更", "名称", old_name, "秦淮区城市治理专班") in rows
    assert len(rows) == 2 and "1 个新增" in page.summary_label.text()
    assert not page.apply_btn.isEnabled() and "管理员" in page.apply_btn.toolTip()

    ctx.principal = _principal(Role.ADMIN)
    page.full_check.toggle()  # other inputs than the preview's: preview again first
    page.full_check.toggle()
    _preview(qtbot, page, path)
    assert page.apply_btn.isEnabled()
    page.kind_combo.setCurrentIndex(page.kind_combo.findData("people"))
    assert not page.apply_btn.isEnabled()  # the preview was of other inputs
    page.kind_combo.setCurrentIndex(page.kind_combo.findData(None))
    with qtbot.waitSignal(page.sig_applied, timeout=30000) as applied:
        page.apply_btn.click()
    assert applied.args[0].status == "applied"
    with ctx.unit_of_work() as uow:
        names = dict(uow.session.execute(select(Unit.code, Unit.name)).all())
    assert names["QHXZB"] == "秦淮区新设专班" and names[renamed] == "秦淮区城市治理专班"
    assert ctx.organisation.unit("QHXZB").name == "秦淮区新设专班"
    qtbot.waitUntil(lambda: page.history_model.rowCount() == 2, timeout=30000)
    assert {r[3] for r in _cells(page.history_model)} == {"QHXZB", renamed}
    assert not page.apply_btn.isEnabled()  # applied: nothing left to apply
    for model in (page.changes_model, page.findings_model, page.history_model):
        qtmodeltester.check(model)

    with qtbot.waitSignal(panel.sig_refreshed, timeout=30000):  # the panel loads it too
        panel.refresh()
    assert page.history_model.rowCount() == 2


def test_a_file_with_problems_lists_them_and_cannot_be_applied(panel, qtbot, tmp_path):
    page = panel.reference
    units = _units(panel._ctx)
    units.loc[len(units)] = ["QHBAD", None, "不存在的类型", None, None, None]
    path = tmp_path / "bad.csv"
    units.to_csv(path, index=False, encoding="utf-8-sig")
    _preview(qtbot, page, path)
    findings = _cells(page.findings_model)
    assert len(findings) >= 2 and all(f[0] == "问题" for f in findings)
    assert any("QHBAD" in f[2] or "不存在的类型" in f[2] for f in findings)
    assert "2 个问题" in page.summary_label.text() and "才能应用" in page.summary_label.text()
    assert not page.apply_btn.isEnabled()
    page.apply()  # refused without a usable preview: nothing is written
    assert panel._worker.wait_idle(30000)
    with panel._ctx.unit_of_work() as uow:
        assert uow.session.execute(select(Unit.code).where(Unit.code == "QHBAD")).first() is None


def test_a_unit_with_people_is_not_retired_and_the_reason_is_in_the_ui_language(
        panel, qtbot, tmp_path):
    from sqlalchemy import func

    from commandcenter.store.models import Person

    page = panel.reference
    with panel._ctx.unit_of_work() as uow:
        staffed, people = uow.session.execute(
            select(Person.unit_code, func.count()).where(Person.active.is_(True))
            .group_by(Person.unit_code).order_by(Person.unit_code)).first()
    units = _units(panel._ctx)
    path = tmp_path / "fewer.csv"
    units[units["单位编码"] != staffed].to_csv(path, index=False)
    _preview(qtbot, page, path)
    refused = [f for f in _cells(page.findings_model) if f[0] == "未停用"]
    assert [f[1] for f in refused] == [staffed]
    assert f"有 {people} 名在岗人员属于该单位" in refused[0][2]
    assert staffed not in {r[0] for r in _cells(page.changes_model)}


def test_a_categories_export_shows_standards_in_the_ui_language(panel, qtbot, tmp_path):
    from commandcenter.domain.routing import ResponsibilityCatalogue
    from commandcenter.domain.vocabulary import TERMINAL_STATES
    from commandcenter.store.models import Case

    page = panel.reference
    cat = panel._ctx.catalogue
    header = ["小类编码", "小类名称", "大类编码", "大类名称", "类型", "立案条件编号", "立案条件",
              "A类时限", "B类时限", "C类时限", "条件结案条件", "结案条件", "监督主体", "责任主体",
              "法律依据", "紧急"]
    rows = []
    for m in cat.minors:
        major, std = cat.major(m.major_code), m.standard
        rows += [[m.code, m.name, m.major_code, major.name,
                  "事件" if major.kind == "event" else "部件", c.id, c.text,
                  *(str(c.limits[a]) for a in "ABC"), c.closing, std.closing, std.supervisor,
                  std.responsible, std.legal_basis, "是" if std.emergency else "否"]
                 for c in std.conditions]
    frame = pd.DataFrame(rows, columns=header, dtype=object)
    frame.loc[(frame["小类编码"] == "0101") & (frame["立案条件编号"] == "02"), "C类时限"] = \
        "18个工作日"
    with panel._ctx.unit_of_work() as uow:
        open_minors = set(uow.session.execute(select(Case.minor_code).where(
            Case.minor_code.is_not(None),
            Case.state.not_in([s.value for s in TERMINAL_STATES]))).scalars())
    named = {r.category for r in ResponsibilityCatalogue.load().rules}
    busy = sorted(open_minors - named)[0]
    frame = frame[frame["小类编码"] != busy]
    path = tmp_path / "categories.csv"
    frame.to_csv(path, index=False, encoding="gb18030")

    _preview(qtbot, page, path)
    [limit] = [r for r in _cells(page.changes_model) if r[0] == "0101"]
    assert limit[2] == "变更" and "18" in limit[5] and "工作日" in limit[5]
    assert "working_days" not in limit[4] + limit[5]
    [refused] = [f for f in _cells(page.findings_model) if f[1] == busy]
    assert refused[0] == "未停用" and "件在办案件属于该小类" in refused[2]
    assert "案件类别" in page.summary_label.text()


def test_a_file_replaced_after_its_preview_is_not_applied(panel, qtbot, tmp_path):
    page = panel.reference
    units = _units(panel._ctx)
    units.loc[len(units)] = ["QHXZB", "秦淮区新设专班", "区级职能部门", None, None, None]
    path = tmp_path / "units.csv"
    units.to_csv(path, index=False)
    _preview(qtbot, page, path)
    assert page.apply_btn.isEnabled()
    units.loc[units["单位编码"] == "QHXZB", "单位名称"] = "别的名字"  # a new download, same name
    units.to_csv(path, index=False)
    page.apply_btn.click()
    assert panel._worker.wait_idle(30000)
    qtbot.waitUntil(lambda: "未应用" in page.summary_label.text(), timeout=10000)
    assert not page.apply_btn.isEnabled() and page.changes_model.rowCount() == 0
    with panel._ctx.unit_of_work() as uow:
        assert uow.session.execute(select(Unit.code).where(Unit.code == "QHXZB")).first() is None


def test_a_rules_file_is_previewed_per_rule_and_applied_by_an_admin(panel, qtbot, tmp_path):
    import json

    from commandcenter.domain.routing import shipped_path

    page = panel.reference
    ctx = panel._ctx
    doc = json.loads(shipped_path().read_text(encoding="utf-8"))
    next(r for r in doc["rules"] if r["id"] == "R0105")["target"] = "CGJ"
    removed = doc["rules"].pop(2)["id"]
    doc["rules"].append({"id": "R-NIGHT", "category": "0102", "time_window": "22:00-06:00",
                         "target": "HWS", "legal_basis": "《南京市生活垃圾管理条例》"})
    path = tmp_path / "rules.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    assert page.kind_combo.findData("rules") > 0
    ctx.principal = _principal(Role.ADMIN)
    page.retranslate()
    _preview(qtbot, page, path)
    rows = _cells(page.changes_model)
    assert ("R0105", "0105 → CGJ", "变更", "主办单位", "SWJ", "CGJ") in rows
    assert ("R-NIGHT", "0102 → HWS", "新增", "名称", "", "0102 → HWS") in rows
    [gone] = [r for r in rows if r[0] == removed]
    assert gone[2] == "删除" and gone[5] == ""
    assert "权责清单" in page.summary_label.text()
    assert page.apply_btn.isEnabled()
    with qtbot.waitSignal(page.sig_applied, timeout=30000) as applied:
        page.apply_btn.click()
    assert applied.args[0].status == "applied"
    assert "R-NIGHT" in {r.id for r in ctx.rules.rules}
    qtbot.waitUntil(lambda: page.history_model.rowCount() == 3, timeout=30000)
    assert {r[2] for r in _cells(page.history_model)} == {"权责清单规则"}

    doc["rules"].append({"id": "R-BAD", "category": "0102", "target": "NOSUCH",
                         "legal_basis": "x", "time_window": "22:00-06:00"})
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    _preview(qtbot, page, path)
    findings = _cells(page.findings_model)
    assert [f[0] for f in findings] == ["问题", "问题"]
    assert "(R-BAD): same keys and priority as rule R-NIGHT" in findings[0][2]
    assert "(R-BAD): unknown unit 'NOSUCH'" in findings[1][2]
    assert not page.apply_btn.isEnabled()


def test_a_grids_file_shows_attributes_and_refused_retirements(panel, qtbot, tmp_path):
    import json

    from commandcenter.domain.vocabulary import TERMINAL_STATES
    from commandcenter.resources import resource_path
    from commandcenter.store.models import Case

    page = panel.reference
    doc = json.loads(resource_path("geo", "grids.geojson").read_text(encoding="utf-8"))
    with panel._ctx.unit_of_work() as uow:
        busy = uow.session.execute(select(Case.grid_code).where(
            Case.grid_code.is_not(None),
            Case.state.not_in([s.value for s in TERMINAL_STATES])).limit(1)).scalar_one()
    first = doc["features"][0]["properties"]
    first["area_class"] = "A"
    first["layer"] = "综合网格"
    doc["features"] = [f for f in doc["features"] if f["properties"]["code"] != busy]
    path = tmp_path / "grids.geojson"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    _preview(qtbot, page, path)
    rows = _cells(page.changes_model)
    assert rows == [(first["code"], first["name"], "变更", "区域类别", "B", "A")]
    [refused] = _cells(page.findings_model)
    assert refused[:2] == ("未停用", busy) and "件在办案件位于该网格" in refused[2]
    assert "网格" in page.summary_label.text()
