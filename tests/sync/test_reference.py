"""Reference-data sync: the district's units / people export, validated, diffed, applied at
once with history; a unit with open cases is never retired."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from sqlalchemy import func, insert, select

from commandcenter.domain.vocabulary import TERMINAL_STATES
from commandcenter.store.models import Case, Person, Unit
from commandcenter.store.models_sync import SyncFile, SyncReferenceChange
from commandcenter.sync.reference import (
    ReferenceError,
    apply_reference,
    preview_reference,
    retired_units,
)

UNIT_HEADER = ["单位编码", "单位名称", "单位类型", "所属街道编码", "上级单位编码", "班组"]
PEOPLE_HEADER = ["人员编码", "姓名", "角色", "所属单位编码", "在岗"]


def _units(ctx) -> pd.DataFrame:
    with ctx.unit_of_work() as uow:
        rows = uow.session.execute(select(Unit.code, Unit.name, Unit.kind, Unit.street_code,
                                          Unit.parent_code, Unit.team).order_by(Unit.code)).all()
    return pd.DataFrame(rows, columns=UNIT_HEADER, dtype=object)


def _people(ctx) -> pd.DataFrame:
    with ctx.unit_of_work() as uow:
        rows = uow.session.execute(select(Person.code, Person.name, Person.role,
                                          Person.unit_code, Person.active)
                                   .order_by(Person.code)).all()
    frame = pd.DataFrame(rows, columns=PEOPLE_HEADER, dtype=object)
    frame["在岗"] = frame["在岗"].map(lambda v: "是" if v else "否")
    return frame


def _free_unit(ctx) -> str:
    """A unit nothing hangs on (no people, no cases, no units below it): added here."""
    with ctx.unit_of_work(write=True) as uow:
        uow.session.execute(insert(Unit.__table__).values(
            code="OLDTEAM", name="秦淮区旧专项工作组", kind="department"))
    return "OLDTEAM"


def _leading_unit(ctx) -> str:
    """A unit open cases are led by, not CGJ (the tests rename CGJ; which unit leads the
    first open case depends on the demo's clock)."""
    with ctx.unit_of_work() as uow:
        return uow.session.execute(select(Case.lead_unit).where(
            Case.lead_unit.is_not(None), Case.lead_unit != "CGJ",
            Case.state.not_in([s.value for s in TERMINAL_STATES])).limit(1)).scalar_one()


def _history(ctx) -> list[tuple]:
    with ctx.unit_of_work() as uow:
        return [tuple(r) for r in uow.session.execute(select(
            SyncReferenceChange.kind, SyncReferenceChange.code, SyncReferenceChange.action)
            .order_by(SyncReferenceChange.id))]


def test_retiring_a_unit_the_rules_name_says_so(store, tmp_path):
    """Found in review: the units sync retired a unit the responsibility rules route to without
    a word (routing then skips those rules). It is said in the preview's notes, not refused: a
    reorganisation usually reaches the units before the district's new rules."""
    import copy

    from commandcenter.domain.routing import shipped_path

    free = _free_unit(store)
    doc = json.loads(shipped_path().read_text(encoding="utf-8"))
    rule = copy.deepcopy(doc["rules"][0])
    rule.update(id="X-OLD", target=free, priority=99)
    rule.pop("time_window", None)
    doc["rules"].append(rule)
    rules = tmp_path / "rules.json"
    rules.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    assert apply_reference(store, rules).status == "applied"
    units = _units(store)
    path = tmp_path / "units.csv"
    units[units["单位编码"] != free].to_csv(path, index=False)
    preview = preview_reference(store, path)
    assert preview.refused == []
    assert [c.code for c in preview.changes if c.action == "retired"] == [free]
    assert [n for n in preview.notes if "X-OLD" in n] == [
        f"{free}: responsibility rule(s) X-OLD name it; routing skips them until a rules file "
        "replaces them"]


def test_units_export_diff_apply_with_history_and_refusal(store_with_cases, tmp_path):
    ctx = store_with_cases
    free, leading = _free_unit(ctx), _leading_unit(ctx)
    units = _units(ctx)
    units.loc[units["单位编码"] == "CGJ", "单位名称"] = "秦淮区城市管理局（新）"
    units = units[~units["单位编码"].isin([free, leading])]
    units.loc[len(units) + 1000] = ["NEWDEPT", "秦淮区数据资源管理局", "区级职能部门", None, None,
                                    None]
    path = tmp_path / "units.csv"
    units.to_csv(path, index=False, encoding="gb18030")
    before = len(_units(ctx))

    preview = preview_reference(ctx, path)
    assert preview.kind == "units" and not preview.problems
    c = preview.counts()
    assert (c["added"], c["changed"], c["retired"], c["refused"]) == (1, 1, 1, 1)
    [changed] = [x for x in preview.changes if x.action == "changed"]
    assert changed.code == "CGJ" and changed.fields == ("name",)
    [refused] = preview.refused
    assert refused["code"] == leading and "open case" in refused["reason"]
    assert refused["open_cases"] >= 1 and not refused["centre"]
    assert len(_units(ctx)) == before and _history(ctx) == []  # a preview writes nothing

    done = apply_reference(ctx, path)
    assert done.status == "applied" and done.counts() == c
    plain = done.to_dict()
    assert plain["counts"] == c and json.dumps(plain, ensure_ascii=False, default=str)
    assert {x["code"]: x["fields"] for x in plain["changes"]}["CGJ"] == ["name"]
    after = _units(ctx).set_index("单位编码")
    assert after.loc["CGJ", "单位名称"] == "秦淮区城市管理局（新）"
    assert after.loc["NEWDEPT", "单位类型"] == "department"
    assert free in after.index and leading in after.index  # rows kept: history names them
    with ctx.unit_of_work() as uow:
        assert retired_units(uow.session) == {free}
        rec = uow.session.execute(select(SyncFile.profile, SyncFile.counts)).one()
    assert rec.profile == "reference:units" and rec.counts["retired"] == 1
    assert sorted(_history(ctx)) == sorted([("unit", "NEWDEPT", "added"),
                                            ("unit", "CGJ", "changed"),
                                            ("unit", free, "retired")])
    assert ctx.organisation.unit("NEWDEPT").name == "秦淮区数据资源管理局"
    assert apply_reference(ctx, path).status == "already_applied"

    # the retired unit comes back in a later export
    back = pd.concat([_units(ctx)[lambda f: f["单位编码"] != free], pd.DataFrame(
        [[free, "回来的单位", "区级职能部门", None, None, None]], columns=UNIT_HEADER)])
    back.to_csv(tmp_path / "units2.csv", index=False)
    res = apply_reference(ctx, tmp_path / "units2.csv")
    assert [(x.code, x.action) for x in res.changes] == [(free, "reactivated")]
    with ctx.unit_of_work() as uow:
        assert retired_units(uow.session) == set()


def test_people_move_retire_and_a_bad_file_changes_nothing(store, tmp_path):
    people = _people(store)
    gone = people.iloc[0]["人员编码"]
    mover = people.iloc[1]["人员编码"]
    people.loc[people["人员编码"] == mover, "所属单位编码"] = "CGJ"
    people = people[people["人员编码"] != gone]
    people.loc[len(people) + 10] = ["NEW-01", "李新", "受理员", "NOSUCHUNIT", "是"]
    path = tmp_path / "people.xlsx"
    people.to_excel(path, index=False)
    bad = preview_reference(store, path)
    assert bad.kind == "people" and len(bad.problems) == 1
    assert "NOSUCHUNIT" in bad.problems[0] and "row" in bad.problems[0]
    with pytest.raises(ReferenceError) as err:
        apply_reference(store, path)
    assert err.value.problems == bad.problems
    assert _history(store) == [] and len(_people(store)) == len(people)  # nothing written

    people.loc[people["人员编码"] == "NEW-01", "所属单位编码"] = "QZX"
    people.to_excel(path, index=False)
    res = apply_reference(store, path)
    assert {(x.code, x.action) for x in res.changes} == {
        (gone, "retired"), (mover, "changed"), ("NEW-01", "added")}
    now = _people(store).set_index("人员编码")
    assert now.loc[gone, "在岗"] == "否" and now.loc[mover, "所属单位编码"] == "CGJ"
    assert now.loc["NEW-01", "角色"] == "intake_operator"
    assert "NEW-01" in {m.code for m in store.organisation.members}


def test_a_partial_file_retires_nothing_and_busy_units_are_refused(store, tmp_path):
    units = _units(store)
    path = tmp_path / "few.csv"
    units[units["单位编码"].isin(["CGZF", "QZX"])].to_csv(path, index=False)  # CGZF is below CGJ
    assert preview_reference(store, path, full=False).counts()["retired"] == 0
    res = preview_reference(store, path)
    reasons = {r["code"]: r["reason"] for r in res.refused}
    assert "active people" in reasons["CGJ"] and "units below it stay (CGZF)" in reasons["CGJ"]
    assert "QZX" not in reasons  # listed: stays
    units[units["单位编码"] == "CGZF"].to_csv(path, index=False)
    reasons = {r["code"]: r["reason"] for r in preview_reference(store, path).refused}
    assert "it is this command centre" in reasons["QZX"]


def test_structural_problems_are_clear(store, tmp_path):
    from commandcenter.sync.readers import StructuralError

    path = tmp_path / "x.csv"
    path.write_text("foo,bar\n1,2\n", encoding="utf-8")
    with pytest.raises(StructuralError, match="no usable header"):
        preview_reference(store, path)
    with store.unit_of_work() as uow:
        assert uow.session.execute(select(func.count()).select_from(SyncFile)).scalar_one() == 0


def test_the_service_audits_an_applied_file_and_lists_unfinished_imports(store, tmp_path):
    from commandcenter.services import audit
    from commandcenter.services.sync import SyncService
    from commandcenter.sync.importer import import_file

    from .helpers import district_rows, write_district

    units = _units(store)
    units.loc[units["单位编码"] == "CGJ", "单位名称"] = "城管局"
    units.to_csv(tmp_path / "u.csv", index=False)
    svc = SyncService(store)
    res = svc.apply_reference(tmp_path / "u.csv")
    [entry] = audit.query(store, action="sync.reference")
    assert entry.actor == "district-sync" and entry.detail["changed"] == 1
    assert entry.detail["sha256"] == res.sha256
    assert [(h["code"], h["action"]) for h in svc.reference_history()] == [("CGJ", "changed")]

    class Stop(Exception):
        pass

    def stop(done, total, stage):
        if done == 5 and stage == "insert":
            raise Stop

    path = write_district(tmp_path / "d.csv", district_rows(store, 12))
    with pytest.raises(Stop):
        import_file(store, path, batch_rows=5, progress=stop)
    [pending] = svc.unfinished_imports()
    assert (pending["name"], pending["rows_done"], pending["rows_total"]) == ("d.csv", 5, 12)
    import_file(store, path)
    assert svc.unfinished_imports() == []


def test_apply_refuses_what_differs_from_the_confirmed_preview(store, tmp_path):
    units = _units(store)
    units.loc[len(units)] = ["NEWU", "秦淮区新单位", "department", None, None, None]
    path = tmp_path / "u.csv"
    units.to_csv(path, index=False)
    confirmed = preview_reference(store, path)
    other = tmp_path / "v.csv"  # the same changes from another file: not what was confirmed
    units.to_csv(other, index=False, encoding="gb18030")
    with pytest.raises(ReferenceError, match="changed on disk"):
        apply_reference(store, other, expected=confirmed)
    with store.unit_of_work(write=True) as uow:  # the store moves on after the preview
        uow.session.execute(insert(Unit.__table__).values(code="NEWU", name="别的", kind="department"))
    with pytest.raises(ReferenceError, match="no longer those previewed"):
        apply_reference(store, path, expected=confirmed)
    assert _history(store) == []
    with store.unit_of_work() as uow:
        assert uow.session.execute(select(func.count()).select_from(SyncFile)).scalar_one() == 0
