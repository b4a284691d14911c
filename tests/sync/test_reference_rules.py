"""Reference-data sync of the responsibility (routing) rules: a district rules file (the
responsibility.json format) validated rule by rule, diffed per rule, applied at once with
history and kept by the database, where routing suggestions read it (on every context)."""

from __future__ import annotations

import copy
import json

import pytest
from sqlalchemy import func, select

from commandcenter.domain.routing import shipped_path
from commandcenter.domain.vocabulary import TERMINAL_STATES
from commandcenter.store.models import Case, Setting
from commandcenter.store.models_sync import SyncFile, SyncReferenceChange
from commandcenter.store.reference import RULES_SETTING, RULES_VERSION_SETTING
from commandcenter.sync.reference import ReferenceError, apply_reference, preview_reference


def _shipped() -> dict:
    return json.loads(shipped_path().read_text(encoding="utf-8"))


def _write(path, document) -> object:
    path.write_text(json.dumps(document, ensure_ascii=False, indent=1), encoding="utf-8")
    return path


def _rule(doc: dict, rule_id: str) -> dict:
    return next(r for r in doc["rules"] if r["id"] == rule_id)


def _settings(ctx) -> dict[str, str]:
    with ctx.unit_of_work() as uow:
        return dict(uow.session.execute(select(Setting.key, Setting.value).where(
            Setting.key.in_([RULES_SETTING, RULES_VERSION_SETTING]))).all())


def _history(ctx) -> list[tuple]:
    with ctx.unit_of_work() as uow:
        return [tuple(r) for r in uow.session.execute(select(
            SyncReferenceChange.kind, SyncReferenceChange.code, SyncReferenceChange.action)
            .order_by(SyncReferenceChange.id))]


def _files(ctx) -> int:
    with ctx.unit_of_work() as uow:
        return uow.session.execute(select(func.count()).select_from(SyncFile)).scalar_one()


def test_every_problem_is_named_by_rule_and_a_refused_file_changes_nothing(store, tmp_path):
    doc = _shipped()
    doc["rules"] += [
        {"id": "X1", "category": "0999", "target": "CGJ", "legal_basis": "x"},
        {"id": "X2", "category": "0102", "condition": "77", "target": "CGJ", "legal_basis": "x"},
        {"id": "X3", "category": "0102", "target": "NOSUCHUNIT", "legal_basis": "x",
         "time_window": "20:00-06:00"},
        {"id": "X4", "category": "0102", "target": "CGJ", "legal_basis": "x",
         "time_window": "25:00-06:00"},
        {"id": "X5", "category": "0102", "target": "@street_team:nosuchteam", "legal_basis": "x",
         "area_class": "A"},
        {"id": "R0102", "category": "0103", "target": "CGJ", "legal_basis": "x",
         "area_class": "B"},
        {"id": "X6", "category": "0102", "target": "@somewhere", "legal_basis": "x"},
        {"id": "X7", "category": "99*", "target": "CGJ", "legal_basis": "x"},
        {"id": "X8", "category": "0102", "target": "CGJ", "legal_basis": "x", "colour": "red"},
        {"id": "X9", "category": "0102", "target": "CGJ", "legal_basis": "x",
         "time_window": "20:00-06:00"},
    ]
    n = len(doc["rules"])
    path = _write(tmp_path / "rules.json", doc)
    preview = preview_reference(store, path)
    assert preview.kind == "rules" and preview.total == n
    text = "\n".join(preview.problems)
    for expected in (f"rule {n - 9} (X1): unknown minor class '0999'",
                     f"rule {n - 8} (X2): minor class 0102 has no filing condition '77'",
                     f"rule {n - 7} (X3): unknown unit 'NOSUCHUNIT'",
                     f"rule {n - 6} (X4): time window out of range",
                     f"rule {n - 5} (X5): no street has a team 'nosuchteam'",
                     f"rule {n - 4} (R0102): duplicate rule id (also rule 3 (R0102))",
                     f"rule {n - 3} (X6): unknown target '@somewhere'",
                     f"rule {n - 2} (X7): unknown major class '99'",
                     f"rule {n - 1} (X8): unknown field 'colour'",
                     f"rule {n} (X9): same keys and priority as rule X3"):
        assert expected in text, (expected, preview.problems)
    assert len(preview.problems) == 10 and not preview.changes

    with pytest.raises(ReferenceError, match="10 problem"):
        apply_reference(store, path)
    assert _settings(store) == {} and _history(store) == [] and _files(store) == 0

    # not the format at all: a structural error, nothing written
    from commandcenter.sync.readers import StructuralError

    with pytest.raises(StructuralError, match="rules"):
        preview_reference(store, _write(tmp_path / "x.json", {"rules": 3}), "rules")
    bad = _shipped()
    bad["version"] = 2
    assert preview_reference(store, _write(tmp_path / "v.json", bad)).problems == [
        "the file: unsupported version 2"]


def test_a_retired_unit_is_no_target(store, tmp_path):
    from sqlalchemy import insert

    from commandcenter.store.models import Unit

    with store.unit_of_work(write=True) as uow:
        uow.session.execute(insert(Unit.__table__).values(code="OLDTEAM", name="旧工作组",
                                                          kind="department"))
        uow.session.execute(insert(SyncReferenceChange.__table__).values(
            file_sha256="0" * 64, file_name="u.csv", applied_at=store.now(), kind="unit",
            code="OLDTEAM", action="retired", before={"name": "旧工作组"}, after=None))
    doc = _shipped()
    doc["rules"].append({"id": "X1", "category": "0102", "owner": "CGJ", "target": "OLDTEAM",
                         "legal_basis": "x"})
    preview = preview_reference(store, _write(tmp_path / "rules.json", doc))
    assert preview.problems == [f"rule {len(doc['rules'])} (X1): unit 'OLDTEAM' is retired"]


def test_a_partial_file_cannot_keep_a_rule_naming_a_unit_retired_since(store, tmp_path):
    """Found in review: the stored rules a partial file keeps were not checked against the
    units, so a rule whose target was retired after it was applied stayed in force."""
    from sqlalchemy import insert

    from commandcenter.store.models import Unit

    with store.unit_of_work(write=True) as uow:
        uow.session.execute(insert(Unit.__table__).values(code="TMPTEAM", name="临时工作组",
                                                          kind="department"))
    doc = _shipped()
    doc["rules"].append({"id": "X1", "category": "0102", "owner": "CGJ", "target": "TMPTEAM",
                         "legal_basis": "x"})
    res = apply_reference(store, _write(tmp_path / "full.json", doc))
    assert "X1" in {x.code for x in res.changes}
    with store.unit_of_work(write=True) as uow:  # the units sync retires it afterwards
        uow.session.execute(insert(SyncReferenceChange.__table__).values(
            file_sha256="1" * 64, file_name="u.csv", applied_at=store.now(), kind="unit",
            code="TMPTEAM", action="retired", before={"name": "临时工作组"}, after=None))
    part = {"version": doc["version"], "rules": [
        {**next(r for r in doc["rules"] if r["id"] == "R0105"), "target": "CGJ"}]}
    with pytest.raises(ReferenceError):
        apply_reference(store, _write(tmp_path / "part.json", part), full=False)
    preview = preview_reference(store, _write(tmp_path / "part.json", part), full=False)
    assert preview.problems == ["kept rule X1: unit 'TMPTEAM' is retired"]


def test_rules_diff_apply_history_and_idempotence(store, tmp_path):
    from commandcenter.services.context import AppContext

    doc = _shipped()
    _rule(doc, "R0105")["target"] = "CGJ"
    _rule(doc, "R0105")["note"] = "水域保洁改由城管局负责"
    removed = doc["rules"].pop(2)["id"]  # R0102
    doc["rules"].append({"id": "R0102-NIGHT", "category": "0102", "time_window": "22:00-06:00",
                         "area_class": ["A", "B"], "target": "HWS",
                         "legal_basis": "《南京市生活垃圾管理条例》", "priority": 2})
    path = _write(tmp_path / "rules.json", doc)

    preview = preview_reference(store, path)
    assert not preview.problems, preview.problems
    c = preview.counts()
    assert (c["added"], c["changed"], c["retired"], c["refused"]) == (1, 1, 1, 0)
    assert c["unchanged"] == len(doc["rules"]) - 2
    by = {x.code: x for x in preview.changes}
    assert by["R0105"].action == "changed" and by["R0105"].fields == ("target", "note")
    assert (by["R0105"].before["target"], by["R0105"].after["target"]) == ("SWJ", "CGJ")
    assert by[removed].action == "retired" and by[removed].after is None
    added = by["R0102-NIGHT"].after
    assert (added["time_window"], added["area_class"], added["priority"]) == (
        "22:00-06:00", "A/B", 2)
    assert json.dumps(preview.to_dict(), ensure_ascii=False)
    assert _settings(store) == {} and _history(store) == []  # a preview writes nothing

    done = apply_reference(store, path)
    assert done.status == "applied" and done.counts() == c
    assert sorted(_history(store)) == sorted([("rule", "R0105", "changed"),
                                              ("rule", removed, "retired"),
                                              ("rule", "R0102-NIGHT", "added")])
    stored = _settings(store)
    assert stored[RULES_VERSION_SETTING] == done.sha256
    kept = json.loads(stored[RULES_SETTING])
    assert kept["version"] == 1 and [r["id"] for r in kept["rules"]] == [
        r["id"] for r in doc["rules"]]
    assert store.rules.source == "database (synced responsibility rules)"
    ids = {r.id for r in store.rules.rules}
    assert "R0102-NIGHT" in ids and removed not in ids
    with store.unit_of_work() as uow:
        profile = uow.session.execute(select(SyncFile.profile)).scalar_one()
    assert profile == "reference:rules"
    with AppContext.open(store.url) as again:  # the database keeps them: the next start
        assert {r.id for r in again.rules.rules} == ids

    # the same file again: nothing; the same rules in another file: applied, nothing changes
    assert apply_reference(store, path).status == "already_applied"
    same = _write(tmp_path / "same.json", {**doc, "rules": doc["rules"]} | {"extra": None})
    res = apply_reference(store, same)
    assert res.status == "applied" and not res.changes
    assert res.unchanged == len(doc["rules"])
    assert _settings(store)[RULES_VERSION_SETTING] == done.sha256  # nothing stored again
    assert len(_history(store)) == 3


def test_a_partial_file_adds_and_changes_and_keeps_the_rest(store, tmp_path):
    shipped = _shipped()
    part = {"version": 1, "rules": [copy.deepcopy(_rule(shipped, "R0105")),
                                    {"id": "R0199", "category": "0102", "owner": "CGJ",
                                     "target": "CGJ", "legal_basis": "x"}]}
    part["rules"][0]["target"] = "CGJ"
    res = apply_reference(store, _write(tmp_path / "part.json", part), full=False)
    assert sorted((x.code, x.action) for x in res.changes) == [("R0105", "changed"),
                                                                ("R0199", "added")]
    rules = {r.id: r for r in store.rules.rules}
    assert len(rules) == len(shipped["rules"]) + 1 and rules["R0105"].target == "CGJ"
    assert store.rules.note == shipped["note"]  # the partial file had none: kept


def _open_case(ctx) -> tuple[int, str, str | None]:
    with ctx.unit_of_work() as uow:
        row = uow.session.execute(select(Case.id, Case.minor_code, Case.condition_id).where(
            Case.minor_code.is_not(None), Case.street_code.is_not(None),
            Case.state.not_in([s.value for s in TERMINAL_STATES])).order_by(Case.id)
            .limit(1)).one()
    return row.id, row.minor_code, row.condition_id


def test_routing_reads_the_applied_rules_on_another_context(store_with_cases, tmp_path):
    from commandcenter.services.actions import routing_suggestion
    from commandcenter.services.context import AppContext

    ctx = store_with_cases
    case_id, minor, condition = _open_case(ctx)
    at = ctx.now()
    with AppContext.open(ctx.url, now=ctx.now) as other:
        before = routing_suggestion(other, case_id, at)  # caches the shipped rules
        assert before is not None and before.rule_id != "R-DISTRICT"
        doc = _shipped()
        rule = {"id": "R-DISTRICT", "category": minor, "target": "SWJ",
                "legal_basis": "区权责清单（调整）", "priority": 9}
        if condition:
            rule["condition"] = condition
        doc["rules"].append(rule)
        apply_reference(ctx, _write(tmp_path / "rules.json", doc))
        after = routing_suggestion(other, case_id, at)  # the other workstation sees it
        assert (after.rule_id, after.unit_code) == ("R-DISTRICT", "SWJ")
        assert "区权责清单（调整）" in after.legal_basis
        assert routing_suggestion(ctx, case_id, at).rule_id == "R-DISTRICT"


def test_categories_sync_respects_the_rules_the_database_holds(store, tmp_path):
    """A class only the district's rules name cannot be retired by a categories file."""
    from .test_reference_catalogue import _export, _free_classes

    free = _free_classes(store)[0]
    doc = _shipped()
    doc["rules"].append({"id": "R-NEW", "category": free, "target": "CGJ", "legal_basis": "x"})
    apply_reference(store, _write(tmp_path / "rules.json", doc))
    frame = _export(store.catalogue)
    frame = frame[frame["小类编码"] != free]
    frame.to_csv(tmp_path / "categories.csv", index=False)
    preview = preview_reference(store, tmp_path / "categories.csv")
    [refused] = preview.refused
    assert refused["code"] == free and refused["rules"] == ["R-NEW"]


@pytest.fixture
def demo_ctx(ctx):
    from commandcenter.demo import build_demo

    build_demo(ctx, cases=0)
    return ctx


def test_rules_and_grids_apply_on_both_dialects(demo_ctx, tmp_path):
    from commandcenter.resources import resource_path

    ctx = demo_ctx
    doc = _shipped()
    _rule(doc, "R0105")["target"] = "CGJ"
    res = apply_reference(ctx, _write(tmp_path / "rules.json", doc))
    assert [(x.code, x.action) for x in res.changes] == [("R0105", "changed")]
    assert _settings(ctx)[RULES_VERSION_SETTING] == res.sha256
    assert {r.id: r.target for r in ctx.rules.rules}["R0105"] == "CGJ"

    grids = json.loads(resource_path("geo", "grids.geojson").read_text(encoding="utf-8"))
    part = {"type": "FeatureCollection", "features": grids["features"][:1]}
    part["features"][0]["properties"]["area_class"] = "C"
    res = apply_reference(ctx, _write(tmp_path / "grids.geojson", part), full=False)
    assert [x.fields for x in res.changes] == [("area_class",)]
    code = part["features"][0]["properties"]["code"]
    assert ctx.organisation.grid(code).area_class == "C"
