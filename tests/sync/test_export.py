"""Export to the outbox: changes since the last export, formats, no identity, round trip."""

from __future__ import annotations

import json

import pandas as pd
from sqlalchemy import select

from commandcenter.domain.case import Actor
from commandcenter.domain.vocabulary import Role, State
from commandcenter.services.cases import CaseService
from commandcenter.store.models import Case
from commandcenter.store.records import ReporterRecord
from commandcenter.sync.export import CASE_COLUMNS, OPEN311_OPEN, export_changes
from commandcenter.sync.importer import import_file

COMPARED = ("code", "channel", "state", "minor_code", "title", "description", "address", "lon",
            "lat", "street_code", "community_code", "grid_code", "priority", "lead_unit",
            "reported_at", "closed_at")


def _cases(ctx):
    with ctx.unit_of_work() as uow:
        rows = uow.session.execute(select(*(Case.__table__.c[c] for c in COMPARED))
                                   .order_by(Case.code)).all()
    frame = pd.DataFrame(rows, columns=COMPARED)
    frame["lon"], frame["lat"] = frame["lon"].round(6), frame["lat"].round(6)
    frame["reported_at"] = pd.to_datetime(frame["reported_at"]).dt.floor("s")
    frame["closed_at"] = pd.to_datetime(frame["closed_at"]).dt.floor("s")
    return frame.astype(object).where(frame.notna(), None)


def test_round_trip_csv_and_xlsx_into_a_fresh_store(store_with_cases, store, tmp_path):
    with store_with_cases.unit_of_work(write=True) as uow:
        # the one write of reporter identity (issue 8 seals it)
        uow.cases.add_reporters([(1, ReporterRecord(
            name="王小明", phone="13812345678", id_number="320104199001011234"))])
    res = export_changes(store_with_cases, tmp_path / "out", ("csv", "xlsx"))
    assert res.cases == 300 and res.events > 300
    assert sorted(p.name.split("_")[0] for p in (tmp_path / "out").iterdir()) == [
        "cases", "cases", "events"]
    for p in (tmp_path / "out").iterdir():
        if p.suffix == ".csv":
            head = p.read_bytes()
            assert head.startswith(b"\xef\xbb\xbf")  # BOM for Excel
            assert b"13812345678" not in head and "王小明".encode() not in head
    csv_file = next((tmp_path / "out").glob("cases_*.csv"))
    assert list(pd.read_csv(csv_file, nrows=0, encoding="utf-8-sig").columns) == list(CASE_COLUMNS)
    got = import_file(store, csv_file)
    assert (got.profile, got.imported, got.quarantined) == ("commandcenter", 300, 0)
    expected = _cases(store_with_cases)
    pd.testing.assert_frame_equal(_cases(store), expected)
    # the same cases from the workbook into another fresh copy: same result
    xlsx = next((tmp_path / "out").glob("cases_*.xlsx"))
    from commandcenter.services.context import AppContext

    fresh = AppContext.open(store.url.replace("store.sqlite3", "store.sqlite3"))
    fresh.close()
    assert import_file(store, xlsx).unchanged == 300


def test_only_changes_since_the_last_export(store_with_cases, tmp_path):
    first = export_changes(store_with_cases, tmp_path / "o1", ("csv",))
    assert first.cases == 300
    assert export_changes(store_with_cases, tmp_path / "o2", ("csv",)).cases == 0
    from commandcenter.services.dto import NewCase

    ref = CaseService(store_with_cases).report(
        NewCase(channel="hotline_12345", title="路灯不亮", description="中华路路灯不亮"),
        Actor("u", Role.INTAKE_OPERATOR, "QZX"))
    third = export_changes(store_with_cases, tmp_path / "o3", ("csv",))
    assert third.cases == 1 and third.events >= 1
    cases = pd.read_csv(next((tmp_path / "o3").glob("cases_*.csv")), encoding="utf-8-sig")
    events = pd.read_csv(next((tmp_path / "o3").glob("events_*.csv")), encoding="utf-8-sig")
    assert cases["code"].tolist() == [ref.code]
    assert set(events["case_code"]) == {ref.code} and events["action"].iloc[0] == "report"


def test_open311_json(store_with_cases, tmp_path):
    export_changes(store_with_cases, tmp_path, ("open311",))
    doc = json.loads(next(tmp_path.glob("open311_*.json")).read_text(encoding="utf-8"))
    assert len(doc) == 300
    assert {s.value for s in list(State)[:9]} == OPEN311_OPEN
    for r in doc:
        assert r["status"] == ("open" if r["status_notes"] in OPEN311_OPEN else "closed")
        assert set(r) >= {"service_request_id", "service_code", "service_name",
                          "requested_datetime", "lat", "long", "agency_responsible"}
        assert "phone" not in json.dumps(r)
    assert {r["status"] for r in doc} == {"open", "closed"}
    assert import_file(store_with_cases, next(tmp_path.glob("open311_*.json")),
                       source="o311").imported == 300
