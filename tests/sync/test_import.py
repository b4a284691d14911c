"""Importing a file: events of new cases, idempotence, updates, conflicts, atomicity."""

from __future__ import annotations

import gc

import pytest
from sqlalchemy import select

from commandcenter.domain.case import Actor
from commandcenter.domain.vocabulary import Role
from commandcenter.services.cases import CaseService
from commandcenter.services.sync import SyncService
from commandcenter.store.models import Case, CaseEvent
from commandcenter.store.models_sync import SyncFile, SyncQuarantine
from commandcenter.sync.importer import import_file
from commandcenter.sync.readers import StructuralError

from .helpers import HEADER, counts, district_rows, write_district

ACTOR = Actor("u-leader", Role.SHIFT_LEADER, "QZX")


def _case(ctx, ext):
    with ctx.unit_of_work() as uow:
        return uow.session.execute(select(Case).where(Case.external_id == ext)).scalar_one()


def _events(ctx, case_id):
    with ctx.unit_of_work() as uow:
        return uow.session.execute(select(CaseEvent.action, CaseEvent.from_state,
                                          CaseEvent.to_state, CaseEvent.payload, CaseEvent.seq)
                                   .where(CaseEvent.case_id == case_id)
                                   .order_by(CaseEvent.id)).all()


def test_new_rows_arrive_as_report_then_sync_import(store, tmp_path):
    rows = district_rows(store, 3)
    rows[2][-1], rows[2][-2] = "已结案", "2026/3/8 10:00"
    path = write_district(tmp_path / "a.csv", rows)
    res = import_file(store, path)
    assert (res.status, res.profile, res.imported, res.quarantined) == ("applied", "district_cn",
                                                                        3, 0)
    case = _case(store, "QX202600000000")
    assert (case.source, case.state, case.channel, case.minor_code, case.version) == (
        "district", "in_progress", "hotline_12345", "0102", 1)
    assert case.code.startswith("QH20260301")
    ev = _events(store, case.id)
    assert [(e.action, e.from_state, e.to_state) for e in ev] == [
        ("report", None, "reported"), ("sync_import", "reported", "in_progress")]
    assert ev[1].payload["source_state"] == "处置中" and ev[0].seq == ev[1].seq == case.updated_seq
    closed = _case(store, "QX202600000002")
    assert closed.state == "closed" and str(closed.closed_at) == "2026-03-08 10:00:00"


def test_a_file_is_applied_once_and_unchanged_rows_write_nothing(store, tmp_path):
    path = write_district(tmp_path / "a.csv", district_rows(store, 20))
    assert import_file(store, path).imported == 20
    before = counts(store)
    again = import_file(store, path)
    assert again.status == "already_applied" and counts(store) == before
    forced = import_file(store, path, force=True)
    assert (forced.imported, forced.updated, forced.unchanged) == (0, 0, 20)
    copy = write_district(tmp_path / "b.csv", district_rows(store, 20), encoding="utf-8-sig")
    other = import_file(store, copy)  # a different file (bytes) with the same rows
    assert (other.status, other.imported, other.unchanged) == ("applied", 0, 20)
    assert counts(store) == before
    with store.unit_of_work() as uow:
        assert len(uow.session.execute(select(SyncFile.id)).all()) == 2


def test_a_changed_row_updates_fields_with_an_event(store, tmp_path):
    import_file(store, write_district(tmp_path / "a.csv", district_rows(store, 2)))
    rows = district_rows(store, 2)
    rows[0][5] = "中华路999号"
    rows[0][-1], rows[0][-2] = "已结案", "2026/3/9 08:00"
    res = import_file(store, write_district(tmp_path / "b.csv", rows))
    assert (res.updated, res.unchanged, res.conflicts) == (1, 1, 0)
    case = _case(store, "QX202600000000")
    assert (case.address, case.state, case.version) == ("中华路999号", "closed", 2)
    last = _events(store, case.id)[-1]
    assert (last.action, last.from_state, last.to_state) == ("sync_update", "in_progress", "closed")
    assert last.payload["changed"]["address"] == ["中华路0号", "中华路999号"]
    assert last.seq == case.updated_seq
    feed = CaseService(store).changed_since(last.seq - 1)
    assert feed.case_ids == (case.id,)


def test_conflicts_go_to_review_and_are_never_overwritten(store, tmp_path):
    import_file(store, write_district(tmp_path / "a.csv", district_rows(store, 1,
                                                                          state="待受理")))
    case = _case(store, "QX202600000000")
    assert case.state == "pending_accept"
    CaseService(store).transition(case.id, "accept", {}, Actor("u-i", Role.INTAKE_OPERATOR, "QZX"))
    ours = _case(store, "QX202600000000")
    assert ours.state == "pending_register"
    rows = district_rows(store, 1, state="处置中")
    rows[0][5] = "新地址1号"
    res = import_file(store, write_district(tmp_path / "b.csv", rows))
    assert (res.updated, res.conflicts) == (1, 1)  # the address applies, the state waits
    after = _case(store, "QX202600000000")
    assert (after.state, after.address) == ("pending_register", "新地址1号")
    svc = SyncService(store)
    [conflict] = svc.conflicts()
    assert (conflict["field"], conflict["ours"], conflict["theirs"], conflict["base"]) == (
        "state", "pending_register", "in_progress", "pending_accept")
    svc.resolve_conflict(conflict["id"], "theirs", ACTOR)
    final = _case(store, "QX202600000000")
    assert final.state == "in_progress" and final.version == after.version + 1
    assert _events(store, final.id)[-1].action == "sync_resolve"
    assert svc.conflicts() == [] and svc.conflicts(None)[0]["status"] == "taken"
    # the same district file again raises no new conflict (the district did not change again)
    again = import_file(store, write_district(tmp_path / "c.csv", rows, encoding="utf-8"))
    assert again.conflicts == 0


def test_keep_ours_closes_the_conflict_without_writing(store, tmp_path):
    import_file(store, write_district(tmp_path / "a.csv", district_rows(store, 1,
                                                                          state="待受理")))
    case = _case(store, "QX202600000000")
    CaseService(store).transition(case.id, "accept", {}, Actor("u-i", Role.INTAKE_OPERATOR, "QZX"))
    import_file(store, write_district(tmp_path / "b.csv", district_rows(store, 1)))
    svc = SyncService(store)
    [c] = svc.conflicts()
    before = counts(store)
    svc.resolve_conflict(c["id"], "ours", ACTOR)
    assert counts(store) == before and _case(store, "QX202600000000").state == "pending_register"
    assert svc.conflicts(None)[0]["status"] == "kept"


def test_structural_rejection_changes_nothing(store, tmp_path):
    before = counts(store)
    bad = tmp_path / "bad.csv"
    bad.write_text("名称,备注\n甲,乙\n", encoding="utf-8")
    with pytest.raises(StructuralError, match="no mapping profile"):
        import_file(store, bad)
    with pytest.raises(StructuralError, match="no usable header"):
        import_file(store, bad, profile="district_cn")
    assert counts(store) == before
    with store.unit_of_work() as uow:
        assert uow.session.execute(select(SyncFile.id)).first() is None


def test_quarantine_is_recorded_and_exportable(store, tmp_path):
    rows = district_rows(store, 4)
    rows[1][9] = "昨天下午"
    rows[3][8] = "999999999999999"
    res = import_file(store, write_district(tmp_path / "a.csv", rows))
    assert (res.imported, res.quarantined) == (2, 2)
    assert res.reasons == {"bad_date": 1, "unknown_grid": 1}
    svc = SyncService(store)
    q = sorted((r["row_number"], r["column"], r["reason"]) for r in svc.quarantine())
    assert q == [(3, "上报时间", "bad_date"), (5, "网格编码", "unknown_grid")]
    out = tmp_path / "q.csv"
    assert svc.export_quarantine(out) == 2
    text = out.read_text(encoding="utf-8-sig")
    assert "昨天下午" in text and "unknown_grid" in text
    with store.unit_of_work() as uow:
        raw = uow.session.execute(select(SyncQuarantine.raw)).scalars().first()
    assert set(raw) <= set(HEADER)


def test_one_file_with_new_changed_and_unchanged_rows(store, tmp_path):
    import_file(store, write_district(tmp_path / "a.csv", district_rows(store, 4)))
    rows = district_rows(store, 6)  # rows 4 and 5 are new
    rows[1][5] = "中华路101号"
    res = import_file(store, write_district(tmp_path / "b.csv", rows))
    assert (res.imported, res.updated, res.unchanged, res.conflicts) == (2, 1, 3, 0)
    assert _case(store, "QX202600000001").address == "中华路101号"
    assert _case(store, "QX202600000005").version == 1
    forced = import_file(store, tmp_path / "b.csv", force=True)
    assert (forced.imported, forced.updated, forced.unchanged) == (0, 0, 6)


@pytest.mark.parametrize("collecting", [True, False])
def test_the_collector_state_is_restored_after_an_import(store, tmp_path, collecting):
    path = write_district(tmp_path / "a.csv", district_rows(store, 2))
    was = gc.isenabled()
    (gc.enable if collecting else gc.disable)()
    try:
        import_file(store, path)
        assert gc.isenabled() is collecting
        with pytest.raises(StructuralError):
            import_file(store, path, profile="no-such-profile", force=True)
        assert gc.isenabled() is collecting
    finally:
        (gc.enable if was else gc.disable)()
