"""The on-time rule against a real city's own verdict: Boston 311's ``ontime`` flag.

../shared/data/boston311_100.csv has, per case, the open time, the deadline (``target_dt``, may be
empty), the close time (empty while open) and Boston's ``ontime`` (ONTIME/OVERDUE). Each row
becomes a case whose events are: report and register at ``open_dt``; a dispatch to its
department carrying ``target_dt`` as the handling deadline; when closed, report_done and close at
``closed_dt``.

Where the definitions meet: Boston flags a case OVERDUE when it was closed after its deadline,
or is still open with the deadline passed *at the time of the export*; a case without a deadline
is ONTIME. That is our ``overdue_now`` evaluated "as of" the export: the export date is not in the
file, but every one of the 12 open cases with a deadline is flagged OVERDUE, the latest such
deadline being 2022-05-20 13:03:21, so any evaluation time after it reproduces every flag (and an
earlier one flips exactly the OVERDUE cases whose deadline had not yet come, including some
closed late afterwards, which were still open then: shown below). The 3
open cases without a deadline are ONTIME in Boston's export and not "should close" for us (no
deadline has passed); the 8 closed ones without a deadline are on time under both rules.
"""

from __future__ import annotations

import csv
from datetime import datetime
from pathlib import Path

import pytest

from commandcenter.analytics import Assessment, build_case_frame, build_event_frame
from commandcenter.analytics.areas import district_frame
from commandcenter.domain.indicators import ObjectType, Period

DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "boston311_100.csv"
LAST_OPEN_DEADLINE = datetime(2022, 5, 20, 13, 3, 21)
AS_OF = datetime(2022, 6, 1)


def _when(text: str) -> datetime | None:
    return datetime.fromisoformat(text) if text.strip() else None


@pytest.fixture(scope="module")
def boston() -> list[dict]:
    if not DATA.exists():
        pytest.skip(f"{DATA} is not here (the shared data folder sits beside the checkout)")
    with DATA.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 100
    return rows


def _frames(rows: list[dict]):
    events, cases = [], []
    for i, r in enumerate(rows, start=1):
        opened, target, closed = _when(r["open_dt"]), _when(r["target_dt"]), _when(r["closed_dt"])
        unit = r["department"].strip() or "UNKNOWN"
        payload = {"unit": unit, **({"handle_deadline": target.isoformat()} if target else {})}
        events += [
            (i, "report", None, "reported", "system", "system", None, opened, "", {"channel": "hotline_12345"}),
            (i, "register", "pending_register", "pending_dispatch", "leader", "shift_leader", "BOS", opened, "", {}),
            (i, "dispatch", "pending_dispatch", "dispatched", "dispatcher", "dispatcher", "BOS", opened, "", payload),
        ]
        if closed:
            events += [
                (i, "report_done", "in_progress", "pending_check", "worker", "handling_unit", unit, closed, "", {}),
                (i, "close", "pending_close", "closed", "leader", "shift_leader", "BOS", closed, "", {}),
            ]
        cases.append({"id": i, "channel": "hotline_12345", "street_code": "BOSTON", "state": "closed" if closed else "in_progress"})
    return build_event_frame(events), build_case_frame(cases)


def _assessment(rows, as_of: datetime) -> Assessment:
    events, cases = _frames(rows)
    return Assessment(events, cases, Period(datetime(2022, 1, 1), as_of))


def test_every_flag_is_reproduced_as_of_after_the_last_open_deadline(boston):
    facts = _assessment(boston, AS_OF).facts
    ours = ["OVERDUE" if facts.loc[i, "overdue_now"] else "ONTIME" for i in range(1, 101)]
    theirs = [r["ontime"] for r in boston]
    assert ours == theirs
    assert theirs.count("OVERDUE") == 17


def test_closed_cases_with_a_deadline_are_judged_alike(boston):
    facts = _assessment(boston, AS_OF).facts
    judged = [(i, r) for i, r in enumerate(boston, start=1) if r["closed_dt"].strip() and r["target_dt"].strip()]
    assert len(judged) == 77
    for i, r in judged:
        assert bool(facts.loc[i, "on_time"]) == (r["ontime"] == "ONTIME"), r["case_enquiry_id"]


def test_the_ontime_closing_rate_equals_bostons_own_count(boston):
    closed_ontime = sum(1 for r in boston if r["case_status"] == "Closed" and r["ontime"] == "ONTIME")
    closed = sum(1 for r in boston if r["case_status"] == "Closed")
    open_overdue = sum(1 for r in boston if r["case_status"] == "Open" and r["ontime"] == "OVERDUE")
    assert (closed_ontime, closed, open_overdue) == (80, 85, 12)
    a = _assessment(boston, AS_OF)
    d = district_frame(a)
    assert d.ontime_closing_rate == pytest.approx(closed_ontime / (closed + open_overdue))
    assert d.closing_rate == pytest.approx(closed / (closed + open_overdue))
    # and per department (the dispatch names it as lead unit)
    units = a.frame(ObjectType.UNIT)
    for dept in {r["department"].strip() for r in boston}:
        mine = [r for r in boston if r["department"].strip() == dept]
        num = sum(1 for r in mine if r["case_status"] == "Closed" and r["ontime"] == "ONTIME")
        den = sum(1 for r in mine if r["case_status"] == "Closed" or r["ontime"] == "OVERDUE")
        if den:
            assert units.loc[dept, "ontime_closing_rate"] == pytest.approx(num / den), dept


def test_an_earlier_evaluation_time_flips_exactly_the_overdue_cases_not_yet_due(boston):
    as_of = datetime(2022, 2, 1)
    events, _ = _frames(boston)
    facts = _assessment(boston, as_of).facts
    flipped = {r["case_enquiry_id"] for i, r in enumerate(boston, start=1)
               if ("OVERDUE" if facts.loc[i, "overdue_now"] else "ONTIME") != r["ontime"]}
    not_yet_due = {r["case_enquiry_id"] for r in boston
                   if r["ontime"] == "OVERDUE" and _when(r["target_dt"]) >= as_of}
    assert flipped == not_yet_due
    still_open_then = {r["case_enquiry_id"] for r in not_yet_due_rows(boston, as_of) if r["case_status"] == "Closed"}
    assert len(flipped) == 8 and still_open_then == {"101004113363", "101004114820"}
    assert all(_when(r["target_dt"]) <= LAST_OPEN_DEADLINE for r in boston if r["target_dt"].strip() and r["case_status"] == "Open")
    assert len(events) == 3 * 100 + 2 * 85


def not_yet_due_rows(rows: list[dict], as_of: datetime) -> list[dict]:
    return [r for r in rows if r["ontime"] == "OVERDUE" and _when(r["target_dt"]) >= as_of]
