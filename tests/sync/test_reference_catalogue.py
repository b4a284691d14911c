"""Reference-data sync of the categories and their filing/closing standards: a district export
validated with row numbers, diffed per class, applied at once with history, the in-memory
catalogue reloaded (and kept by the database); a class open cases or routing rules still use
is never retired, a filing condition they use never dropped."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from sqlalchemy import func, insert, select, update

from commandcenter.domain.calendar import TimeLimit, TimeUnit
from commandcenter.domain.routing import ResponsibilityCatalogue
from commandcenter.domain.vocabulary import TERMINAL_STATES
from commandcenter.store.models import Case, Category, Setting
from commandcenter.store.models_sync import SyncFile, SyncReferenceChange
from commandcenter.store.reference import CATALOGUE_SETTING
from commandcenter.sync.reference import ReferenceError, apply_reference, preview_reference
from commandcenter.sync.reference_catalogue_file import parse_limit

HEADER = ["小类编码", "小类名称", "大类编码", "大类名称", "类型", "立案条件编号", "立案条件",
          "A类时限", "B类时限", "C类时限", "条件结案条件", "结案条件", "监督主体", "责任主体",
          "法律依据", "紧急"]
ENGLISH = ["minor_code", "name", "major_code", "major_name", "kind", "condition_id",
           "condition", "limit_a", "limit_b", "limit_c", "condition_closing", "closing",
           "supervisor", "responsible", "legal_basis", "emergency"]


def _export(cat) -> pd.DataFrame:
    """The catalogue as the district would export it: one row per class and condition."""
    rows = []
    for m in cat.minors:
        major, std = cat.major(m.major_code), m.standard
        for c in std.conditions:
            rows.append([m.code, m.name, m.major_code, major.name,
                         "事件" if major.kind == "event" else "部件", c.id, c.text,
                         *(str(c.limits[a]) for a in "ABC"), c.closing, std.closing,
                         std.supervisor, std.responsible, std.legal_basis,
                         "是" if std.emergency else "否"])
    return pd.DataFrame(rows, columns=HEADER, dtype=object)


def _new_class(code: str, name: str, limit: str = "2个工作时") -> list[object]:
    return [code, name, "01", "市容环境", "事件", "01", f"发现{name}", limit, limit, limit,
            None, f"{name}已处理", "秦淮区城市管理局", "属地街道", "《南京市市容管理条例》", "否"]


def _open_minors(ctx) -> set[str]:
    with ctx.unit_of_work() as uow:
        return set(uow.session.execute(select(Case.minor_code).where(
            Case.minor_code.is_not(None),
            Case.state.not_in([s.value for s in TERMINAL_STATES]))).scalars())


def _free_classes(ctx) -> list[str]:
    """Classes no open case and no responsibility rule uses: retirable."""
    named = {r.category for r in ResponsibilityCatalogue.load().rules}
    busy = _open_minors(ctx) | named
    return [m.code for m in ctx.catalogue.minors if m.code not in busy]


def _history(ctx) -> list[tuple]:
    with ctx.unit_of_work() as uow:
        return [tuple(r) for r in uow.session.execute(select(
            SyncReferenceChange.kind, SyncReferenceChange.code, SyncReferenceChange.action)
            .order_by(SyncReferenceChange.id))]


def _stored(ctx) -> str | None:
    with ctx.unit_of_work() as uow:
        return uow.session.execute(select(Setting.value).where(
            Setting.key == CATALOGUE_SETTING)).scalar_one_or_none()


def test_categories_export_diff_apply_reload_with_history_and_refusals(store_with_cases,
                                                                       tmp_path):
    ctx = store_with_cases
    from commandcenter.services.actions import router
    from commandcenter.services.context import AppContext

    named = {r.category for r in ResponsibilityCatalogue.load().rules}
    busy = sorted(_open_minors(ctx) - named)[0]  # open cases, no rule: refused for the cases
    free = _free_classes(ctx)[0]
    frame = _export(ctx.catalogue)
    frame.loc[(frame["小类编码"] == "0101") & (frame["立案条件编号"] == "02"), "C类时限"] = \
        "18个工作日"
    frame.loc[frame["小类编码"] == "0102", "监督主体"] = "秦淮区城市管理局（新）"
    frame = frame[~frame["小类编码"].isin([busy, free])]
    frame.loc[len(frame) + 1000] = _new_class("0190", "共享单车乱停放")
    path = tmp_path / "categories.csv"
    frame.to_csv(path, index=False, encoding="gb18030")

    preview = preview_reference(ctx, path)
    assert preview.kind == "categories" and not preview.problems, preview.problems
    c = preview.counts()
    assert (c["added"], c["changed"], c["retired"], c["refused"]) == (1, 2, 1, 1)
    fields = {x.code: x.fields for x in preview.changes if x.action == "changed"}
    assert fields == {"0101": ("cond.02.limit_C",), "0102": ("supervisor",)}
    [changed] = [x for x in preview.changes if x.code == "0101"]
    assert (changed.before["cond.02.limit_C"], changed.after["cond.02.limit_C"]) == (
        "20 working_days", "18 working_days")
    [refused] = preview.refused
    assert refused["code"] == busy and refused["cases"] >= 1 and refused["rules"] == []
    assert "open case" in refused["reason"]
    assert _history(ctx) == [] and _stored(ctx) is None  # a preview writes nothing

    done = apply_reference(ctx, path)
    assert done.status == "applied" and done.counts() == c
    assert json.dumps(done.to_dict(), ensure_ascii=False)
    cat = ctx.catalogue  # reloaded
    assert cat.limit("0101", "02", "C") == TimeLimit(18, TimeUnit.WORKING_DAYS)
    assert cat.standard("0102").supervisor == "秦淮区城市管理局（新）"
    assert cat.minor("0190").name == "共享单车乱停放"
    assert cat.limit("0190", "01", "A") == TimeLimit(2, TimeUnit.WORKING_HOURS)
    assert not cat.has_minor(free) and cat.has_minor(busy)
    router(ctx)  # the responsibility rules still load against the new catalogue
    with ctx.unit_of_work() as uow:
        rows = dict(uow.session.execute(select(Category.code, Category.name)).all())
        rec = uow.session.execute(select(SyncFile.profile, SyncFile.counts)).one()
    assert rows["0190"] == "共享单车乱停放" and free in rows  # a retired class keeps its row
    assert rec.profile == "reference:categories" and rec.counts["retired"] == 1
    assert sorted(_history(ctx)) == sorted([("category", "0101", "changed"),
                                            ("category", "0102", "changed"),
                                            ("category", free, "retired"),
                                            ("category", "0190", "added")])
    with AppContext.open(ctx.url) as again:  # the database keeps it: the next start loads it
        assert again.catalogue.minor("0190").name == "共享单车乱停放"
        assert not again.catalogue.has_minor(free)
    assert apply_reference(ctx, path).status == "already_applied"

    # the retired class comes back in a later export
    back = pd.concat([_export(ctx.catalogue), _export(_shipped_only(free))])
    back.to_csv(tmp_path / "categories2.csv", index=False)
    res = apply_reference(ctx, tmp_path / "categories2.csv")
    assert [(x.code, x.action) for x in res.changes] == [(free, "reactivated")]
    assert ctx.catalogue.has_minor(free)


def _shipped_only(code: str):
    from commandcenter.domain.catalogue import Catalogue

    shipped = Catalogue.load()
    m = shipped.minor(code)
    return Catalogue([shipped.major(m.major_code)], [m])


def test_a_bad_file_lists_every_problem_with_its_row_and_changes_nothing(store, tmp_path):
    rows = [
        ["12", "短编码", "01", "市容环境", "事件", "01", "x", *["1 working_hours"] * 3, None,
         "x", "x", "x", "x", "no"],                                             # row 2
        ["0191", "外星类", "01", "市容环境", "外星", "01", "x", *["1 working_hours"] * 3, None,
         "x", "x", "x", "x", "no"],                                             # row 3
        ["0192", "含糊时限", "01", "市容环境", "event", "01", "x", "4小时", "4小时", "4小时",
         None, "x", "x", "x", "x", "no"],                                       # row 4
        ["0193", "无依据", "01", "市容环境", "event", "01", "x", *["1 working_hours"] * 3,
         None, "x", "x", "x", None, "no"],                                      # row 5
        ["0194", "倒挂时限", "01", "市容环境", "event", "01", "x", "8 working_hours",
         "4 working_hours", "8 working_hours", None, "x", "x", "x", "x", "no"],  # row 6
        ["0195", "重复条件", "01", "市容环境", "event", "01", "x", *["1 working_hours"] * 3,
         None, "x", "x", "x", "x", "no"],                                       # row 7
        ["0195", "重复条件", "01", "市容环境", "event", "1", "y", *["2 working_hours"] * 3,
         None, "x", "x", "x", "x", "no"],                                       # row 8
        ["0196", "大类不一", "01", "环境市容", "event", "01", "x", *["1 working_hours"] * 3,
         None, "x", "x", "x", "x", "no"],                                       # row 9
    ]
    path = tmp_path / "bad.xlsx"
    pd.DataFrame(rows, columns=ENGLISH, dtype=object).to_excel(path, index=False)
    bad = preview_reference(store, path, full=False)
    assert bad.kind == "categories"
    text = "\n".join(bad.problems)
    for expected in ("row 2: minor class code '12' must be 4 digits",
                     "row 3: 0191 has unknown kind '外星'",
                     "row 4: 0192 condition 01 area class A: '4小时' is ambiguous",
                     "row 5: 0193 has no legal_basis",
                     "row 6: 0194: limits must satisfy A <= B <= C",
                     "row 8: 0195 condition 01 repeated",
                     "row 9: 0196 gives major class 01 as 环境市容 (event)"):
        assert expected in text, text
    with pytest.raises(ReferenceError) as err:
        apply_reference(store, path, full=False)
    assert err.value.problems == bad.problems
    assert _history(store) == [] and _stored(store) is None
    with store.unit_of_work() as uow:
        assert uow.session.execute(select(func.count()).select_from(SyncFile)).scalar_one() == 0
        assert uow.session.execute(select(func.count()).select_from(Category).where(
            Category.code.like("019%"))).scalar_one() == 0


def test_a_file_without_condition_columns_renames_and_keeps_the_standards(store, tmp_path):
    path = tmp_path / "names.csv"
    pd.DataFrame([["0102", "暴露垃圾（含垃圾桶满溢）"]], columns=["小类编码", "小类名称"]) \
        .to_csv(path, index=False)
    before = store.catalogue.standard("0102")
    res = apply_reference(store, path, "categories", full=False)
    assert [(x.code, x.action, x.fields) for x in res.changes] == [("0102", "changed", ("name",))]
    assert store.catalogue.minor("0102").name == "暴露垃圾（含垃圾桶满溢）"
    assert store.catalogue.standard("0102") == before

    # condition columns, but no condition cells on this class's row: its conditions stay
    path = tmp_path / "names2.csv"
    pd.DataFrame([["0101", "违法建设（新）", None], ["0102", "暴露垃圾", "新的立案条件"]],
                 columns=["小类编码", "小类名称", "立案条件"]).to_csv(path, index=False)
    res = preview_reference(store, path, full=False)
    assert {x.code: x.fields for x in res.changes} == {
        "0101": ("name",), "0102": ("name", "cond.01.text")}


@pytest.fixture
def org_ctx(ctx):
    from commandcenter.demo import build_demo

    build_demo(ctx, cases=0)
    return ctx


def _open_case(ctx, minor: str, condition: str) -> int:
    with ctx.unit_of_work(write=True) as uow:
        return uow.session.execute(insert(Case.__table__).values(
            code="T-REF-1", channel="grid_worker", state="in_progress", owner_centre="QZX",
            minor_code=minor, condition_id=condition, reported_at=ctx.now())
            .returning(Case.id)).scalar_one()


def test_a_condition_open_cases_use_is_not_dropped_on_both_dialects(org_ctx, tmp_path):
    ctx = org_ctx
    case_id = _open_case(ctx, "0101", "02")
    frame = _export(ctx.catalogue)
    frame = frame[frame["小类编码"] == "0101"]
    one = frame[frame["立案条件编号"] == "01"].copy()
    one["A类时限"] = one["B类时限"] = one["C类时限"] = "3 working_hours"
    path = tmp_path / "one.csv"
    one.to_csv(path, index=False)

    res = apply_reference(ctx, path, full=False)  # a partial file: nothing else retires
    assert res.changes == [] and res.unchanged == 0
    [refused] = res.refused
    assert (refused["code"], refused["cases"], refused["conditions"]) == ("0101", 1, ["02"])
    assert ctx.catalogue.limit("0101", "01", "A") == TimeLimit(4, TimeUnit.WORKING_HOURS)

    with ctx.unit_of_work(write=True) as uow:
        uow.session.execute(update(Case.__table__).where(Case.id == case_id).values(
            state="closed"))
    one.to_csv(path, index=False, encoding="utf-8-sig")  # other bytes: a new file
    res = apply_reference(ctx, path, full=False)
    assert res.refused == [] and [x.code for x in res.changes] == ["0101"]
    assert set(res.changes[0].fields) >= {"cond.01.limit_A", "cond.02.text"}
    assert ctx.catalogue.limit("0101", "01", "A") == TimeLimit(3, TimeUnit.WORKING_HOURS)
    assert [c.id for c in ctx.catalogue.standard("0101").conditions] == ["01"]
    assert json.loads(_stored(ctx))["version"] == 1


def test_a_refused_row_renames_no_major_class(org_ctx, tmp_path):
    """A row whose change is refused (it drops a condition an open case was registered under)
    leaves its class as it is, and so the major-class name it gives is not taken either."""
    ctx = org_ctx
    _open_case(ctx, "0101", "02")
    frame = _export(ctx.catalogue)
    one = frame[(frame["小类编码"] == "0101") & (frame["立案条件编号"] == "01")].copy()
    one["大类名称"] = "市容环境（改）"
    path = tmp_path / "renames.csv"
    one.to_csv(path, index=False)
    res = apply_reference(ctx, path, full=False)
    assert [r["code"] for r in res.refused] == ["0101"] and res.changes == []
    assert ctx.catalogue.major("01").name == "市容环境"
    assert not [n for n in res.notes if "major class" in n]
    with ctx.unit_of_work() as uow:
        names = set(uow.session.execute(select(Category.major_name).where(
            Category.major_code == "01")).scalars())
    assert names == {"市容环境"}


def test_time_limits_in_the_catalogue_form_and_in_chinese():
    wh, wd, nh = TimeUnit.WORKING_HOURS, TimeUnit.WORKING_DAYS, TimeUnit.NATURAL_HOURS
    assert parse_limit("4 working_hours") == TimeLimit(4, wh)
    assert parse_limit("4 Working Hours") == TimeLimit(4, wh)
    assert parse_limit("1 working day") == TimeLimit(1, wd)
    assert parse_limit("4个工作时") == TimeLimit(4, wh)
    assert parse_limit("15 个工作日") == TimeLimit(15, wd)
    assert parse_limit("0.5自然时") == TimeLimit(0.5, nh)
    assert parse_limit("2小时（自然时）") == TimeLimit(2, nh)
    for bad in ("4小时", "四个工作日", "4", "0 working_hours"):
        with pytest.raises(ValueError):
            parse_limit(bad)


def test_the_service_needs_the_right_and_audits_the_kind(store, tmp_path):
    from commandcenter.domain.vocabulary import Role
    from commandcenter.services import audit
    from commandcenter.services.errors import PermissionDenied
    from commandcenter.services.permissions import Principal
    from commandcenter.services.sync import SyncService

    path = tmp_path / "names.csv"
    pd.DataFrame([["0102", "暴露垃圾（新）", "01"]], columns=["小类编码", "小类名称", "大类编码"]) \
        .to_csv(path, index=False)
    svc = SyncService(store)
    store.principal = Principal(1, "v", "只读", Role.VIEWER)
    with pytest.raises(PermissionDenied):
        svc.apply_reference(path, full=False)
    assert _history(store) == []
    store.principal = None
    res = svc.apply_reference(path, full=False)
    [entry] = audit.query(store, action="sync.reference")
    assert entry.detail["kind"] == "categories" and entry.detail["changed"] == 1
    assert entry.detail["sha256"] == res.sha256
    assert [(h["kind"], h["code"]) for h in svc.reference_history()] == [("category", "0102")]


def test_two_applications_at_once_do_not_lose_either_change(org_ctx, tmp_path):
    """The second application waits for the first and diffs against what it committed (without
    the lock it would write the whole catalogue back from before the first one's change)."""
    import threading
    import time

    ctx = org_ctx
    ctx.catalogue  # noqa: B018 - loaded before the threads
    paths = []
    for code, who in (("0102", "甲单位"), ("0103", "乙单位")):
        paths.append(tmp_path / f"{code}.csv")
        pd.DataFrame([[code, who]], columns=["小类编码", "监督主体"]).to_csv(paths[-1],
                                                                            index=False)
    inside, errors = threading.Event(), []

    def hold(session, preview):  # the first one's transaction stays open a while
        inside.set()
        time.sleep(0.8)

    def first():
        try:
            apply_reference(ctx, paths[0], "categories", full=False, on_applied=hold)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    t = threading.Thread(target=first)
    t.start()
    assert inside.wait(20)
    second = apply_reference(ctx, paths[1], "categories", full=False)
    t.join(20)
    assert not errors and not t.is_alive()
    assert [x.code for x in second.changes] == ["0103"]
    cat = ctx.reload_catalogue()
    assert (cat.standard("0102").supervisor, cat.standard("0103").supervisor) == (
        "甲单位", "乙单位")


def test_another_workstation_registers_by_the_applied_standards(store, tmp_path):
    """B loaded its catalogue before A applied a categories file: B's next registration reads
    the database's catalogue (a changed limit applies, a retired class is refused)."""
    from commandcenter.domain.case import Actor
    from commandcenter.domain.vocabulary import Channel, Role
    from commandcenter.services.cases import CaseService
    from commandcenter.services.context import AppContext
    from commandcenter.services.dto import NewCase
    from commandcenter.services.errors import TransitionError

    a = store
    b = AppContext.open(a.url, now=a.now)
    try:
        assert b.catalogue.limit("0101", "02", "C") == TimeLimit(20, TimeUnit.WORKING_DAYS)
        free = _free_classes(a)[0]
        frame = _export(a.catalogue)
        frame.loc[(frame["小类编码"] == "0101") & (frame["立案条件编号"] == "02"),
                  ["A类时限", "B类时限", "C类时限"]] = "18个工作日"
        frame = frame[frame["小类编码"] != free]
        path = tmp_path / "categories.csv"
        frame.to_csv(path, index=False)
        assert apply_reference(a, path).status == "applied"

        service = CaseService(b)
        intake, leader = Actor("i", Role.INTAKE_OPERATOR, "QZX"), Actor("l", Role.SHIFT_LEADER,
                                                                        "QZX")

        def pending_register() -> int:
            ref = service.report(NewCase(channel=Channel.HOTLINE_12345, title="占道堆物"), intake)
            service.transition(ref.id, "accept", {}, intake)
            return ref.id

        first = pending_register()
        service.transition(first, "register", {"minor_code": "0101", "condition_id": "02",
                                               "area_class": "C"}, leader)
        assert service.detail(first).handle_limit == TimeLimit(18, TimeUnit.WORKING_DAYS)
        second = pending_register()
        with pytest.raises(TransitionError):
            service.transition(second, "register", {"minor_code": free, "condition_id": "01"},
                               leader)
        assert not b.catalogue.has_minor(free)  # B's cache followed the database
    finally:
        b.close()


def test_another_workstation_finds_a_class_the_district_added(store, tmp_path):
    from commandcenter.services.context import AppContext
    from commandcenter.services.intake import category_search

    b = AppContext.open(store.url, now=store.now)
    try:
        assert category_search(b, "共享单车") == []
        frame = _export(store.catalogue)
        frame.loc[len(frame) + 1000] = _new_class("0190", "共享单车乱停放")
        path = tmp_path / "categories.csv"
        frame.to_csv(path, index=False)
        assert apply_reference(store, path).status == "applied"
        assert [h.code for h in category_search(b, "共享单车")] == ["0190"]
        assert [h.code for h in category_search(b, "gxdc")][:1] == ["0190"]  # pinyin initials
    finally:
        b.close()
