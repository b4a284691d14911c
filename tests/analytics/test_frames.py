"""Event and case frames from the rows the services layer hands over."""

from __future__ import annotations

import json
from datetime import datetime

import pandas as pd
import pytest

from commandcenter.analytics import build_case_frame, build_event_frame
from commandcenter.analytics.frames import EVENT_DTYPES


def _row(case, action, frm, to, at, payload=None, unit=None, reason=""):
    return (case, action, frm, to, "u1", "dispatcher", unit, at, reason, payload or {})


def test_tuples_with_json_payloads_are_typed_sorted_and_parsed():
    rows = [
        _row(2, "report", None, "reported", datetime(2024, 5, 6, 9)),
        _row(1, "dispatch", "pending_dispatch", "dispatched", datetime(2024, 5, 6, 10),
             json.dumps({"unit": "QCG", "lead_unit": "QCG", "handle_deadline": "2024-05-06T14:00:00"})),
        _row(1, "report", None, "reported", datetime(2024, 5, 6, 9), "", reason="a reason"),
        _row(1, "judge_return", "pending_dispatch", "pending_dispatch", datetime(2024, 5, 6, 11), {"verdict": "upheld"}),
        _row(1, "callback", "pending_visit", "closed", datetime(2024, 5, 6, 12), {"result": "basically_satisfied"}),
        _row(1, "rate_check_in", "closed", "closed", datetime(2024, 5, 6, 13), {"unit": "QSW", "rating": 4}),
    ]
    ev = build_event_frame(rows)
    assert list(ev["case_id"]) == [1, 1, 1, 1, 1, 2]
    assert list(ev["action"]) == ["report", "dispatch", "judge_return", "callback", "rate_check_in", "report"]
    assert set(EVENT_DTYPES) <= set(ev.columns) and "reason" not in ev.columns and "payload" not in ev.columns
    assert ev.loc[1, "lead_unit"] == "QCG" and ev.loc[1, "handle_deadline"] == pd.Timestamp("2024-05-06 14:00")
    assert ev.loc[2, "verdict"] == "upheld" and ev.loc[3, "callback_result"] == "basically_satisfied"
    assert ev.loc[4, "rated_unit"] == "QSW" and ev.loc[4, "rating"] == 4.0
    assert not ev.loc[3, "unit_fault"]  # omitted False comes back as False
    assert str(ev["at"].dtype) == "datetime64[us]"
    # unit columns share one category list, so their codes compare
    assert list(ev["lead_unit"].cat.categories) == list(ev["rated_unit"].cat.categories) == list(ev["unit_code"].cat.categories)


def test_mappings_and_seq_break_ties_in_time():
    at = datetime(2024, 5, 6, 9)
    rows = [
        {"case_id": 1, "seq": 2, "action": "screen", "from_state": "reported", "to_state": "pending_accept", "at": at, "payload": {}},
        {"case_id": 1, "seq": 1, "action": "report", "from_state": None, "to_state": "reported", "at": at, "payload": {}},
    ]
    ev = build_event_frame(rows)
    assert list(ev["action"]) == ["report", "screen"]


def test_a_redispatch_to_the_same_unit_still_names_its_lead():
    # the lifecycle writes "lead_unit" only when the lead changes; the command's "unit" remains
    rows = [
        _row(1, "dispatch", "pending_dispatch", "dispatched", datetime(2024, 5, 6, 10), {"unit": "QJT", "lead_unit": "QJT"}),
        _row(1, "return", "dispatched", "pending_dispatch", datetime(2024, 5, 6, 10, 20), unit="QJT"),
        _row(1, "dispatch", "pending_dispatch", "dispatched", datetime(2024, 5, 6, 10, 40), {"unit": "QJT"}),
        _row(2, "whistle", "pending_dispatch", "whistled", datetime(2024, 5, 6, 10), {"departments": ["QSW", "QCG"], "lead_unit": ""}),
    ]
    ev = build_event_frame(rows)
    assert [None if pd.isna(v) else v for v in ev["lead_unit"]] == ["QJT", None, "QJT", "QSW"]


def test_whistle_check_in_deadlines():
    rows = [
        _row(1, "whistle", "pending_dispatch", "whistled", datetime(2024, 5, 10, 17), {"departments": ["QCG", "QNEVER"]}),
        _row(2, "whistle", "pending_dispatch", "whistled", datetime(2024, 5, 10, 17),
             {"departments": ["QCG"], "checkin_limit": "1 working_hours"}),
    ]
    ev = build_event_frame(rows)
    assert ev.loc[0, "checkin_deadline"] == pd.Timestamp("2024-05-10 17:30")  # default 30 natural minutes
    # Friday 17:00 + 1 working hour: 17:00-17:30, then Saturday 11 May 2024 (a make-up working
    # day, 调休) 08:30-09:00
    assert ev.loc[1, "checkin_deadline"] == pd.Timestamp("2024-05-11 09:00")
    assert ev.loc[0, "departments"] == ("QCG", "QNEVER")
    assert "QNEVER" in ev["unit_code"].cat.categories  # summoned, never acted: still a unit


def test_case_frames_are_indexed_by_case_id():
    cases = build_case_frame([{"id": 3, "channel": "hotline_12345", "state": "closed", "emergency": None},
                              {"id": 1, "channel": "grid_worker", "state": "in_progress", "emergency": True}])
    assert list(cases.index) == [1, 3] and cases.index.name == "case_id"
    assert list(cases["emergency"]) == [True, False]
    assert cases["due_at"].isna().all() and str(cases["due_at"].dtype) == "datetime64[us]"
    tuples = build_case_frame([(1, "sensor")], columns=["id", "channel"])
    assert tuples.loc[1, "channel"] == "sensor"
    with pytest.raises(ValueError, match="column names"):
        build_case_frame([(1, "sensor")])
    with pytest.raises(ValueError, match="'id' or 'case_id'"):
        build_case_frame([{"channel": "sensor"}])
