"""The live picture: funnel, open work, deadline warnings, intake curves, open whistles."""

from __future__ import annotations

from datetime import date, datetime

import numpy as np
import pandas as pd
import pytest

from commandcenter.analytics import build_case_frame
from commandcenter.analytics.live import (
    FUNNEL,
    aging,
    funnel,
    intake_by_hour,
    open_by_state,
    open_whistles,
    warnings_by_unit,
)
from commandcenter.analytics.live_picture import LivePicture
from commandcenter.domain import commands as c


def test_funnel_of_a_day_and_of_the_day_so_far(kit):
    events, _ = kit.people_month(kit.LogBook()).frames()
    # 6 May: P1 and P2 go all the way (P2 is registered at 15:00 and closed at 22:00)
    whole = funnel(events, date(2024, 5, 6))
    assert list(whole.index) == list(FUNNEL)
    assert whole.tolist() == [2, 2, 2, 2, 2, 2, 2]
    so_far = funnel(events, date(2024, 5, 6), until=datetime(2024, 5, 6, 14))
    assert so_far.tolist() == [2, 2, 1, 1, 1, 1, 1]
    # 8 May: P5 sent to verify, P6 accepted and done but never checked
    assert funnel(events, date(2024, 5, 8)).tolist() == [2, 2, 1, 1, 1, 0, 0]


def test_a_case_imported_already_closed_is_not_closed_today(kit):
    """A district export brings cases the district closed long ago: their sync_import event
    (reported -> closed, at the time of the import) is no closure of the day."""
    events, cases = kit.people_month(kit.LogBook()).frames()
    labels = {c: object for c in ("action", "from_state", "to_state")}

    def plus(action: str) -> pd.DataFrame:  # one more case arriving closed on 8 May
        row = events.iloc[[0]].astype(labels)
        row["case_id"] = int(events["case_id"].max()) + 1
        row[["action", "from_state", "to_state"]] = [action, "reported", "closed"]
        row["at"] = pd.Timestamp("2024-05-08 10:00")
        both = pd.concat([events.astype(labels), row], ignore_index=True)
        return both.astype({c: "category" for c in labels})

    assert funnel(plus("sync_import"), date(2024, 5, 8)).tolist() == [2, 2, 1, 1, 1, 0, 0]
    assert funnel(plus("close"), date(2024, 5, 8))["closed"] == 1  # by hand: a closure
    # the KPI page's live picture counts the same way
    evening = datetime(2024, 5, 8, 20)
    for action, closed in (("sync_import", 0), ("close", 1)):
        picture = LivePicture.build(plus(action), cases, evening)
        assert dict(picture.snapshot().funnel)["closed"] == closed, action


def test_the_live_picture_counts_the_day_up_to_and_including_now(kit):
    """The picture at an event's own time already shows it (the funnel's `until` excludes it);
    a later event of the same day does not show yet."""
    events, cases = kit.people_month(kit.LogBook()).frames()
    day = events.loc[events["at"].dt.date == date(2024, 5, 6)]
    first = day.loc[day["action"] == "report", "at"].min().to_pydatetime()
    at_first = dict(LivePicture.build(events, cases, first).snapshot().funnel)
    assert at_first["reported"] == 1
    assert funnel(events, date(2024, 5, 6), until=first)["reported"] == 0
    assert dict(LivePicture.build(events, cases, datetime(2024, 5, 6, 23, 59)).snapshot().funnel) \
        == funnel(events, date(2024, 5, 6)).to_dict()


def test_open_by_state_lists_every_open_state(kit):
    _, cases = kit.people_month(kit.LogBook()).frames()
    counts = open_by_state(cases)
    # P5 waits for verification, P6 for its check, P4 (12345) for its callback
    assert counts["verifying"] == 1 and counts["pending_check"] == 1 and counts["pending_visit"] == 1
    assert counts["pending_dispatch"] == 0 and "closed" not in counts.index
    assert counts.sum() == 3


@pytest.fixture
def clocks() -> pd.DataFrame:
    """Open cases at Monday 6 May 2024 11:00 with their current clocks."""
    d = datetime
    rows = [
        # (id, state, lead, owner, due_start, due_at, paused, emergency)
        (1, "in_progress", "QCG", "ZX", d(2024, 5, 6, 10), d(2024, 5, 6, 12), False, False),  # 1 of 2 h: green
        (2, "in_progress", "QCG", "ZX", d(2024, 5, 6, 9), d(2024, 5, 6, 11, 30), False, False),  # 2 of 2.5 h: yellow
        (3, "dispatched", "QJT", "ZX", d(2024, 5, 6, 8, 30), d(2024, 5, 6, 10, 30), False, False),  # overdue: red
        (4, "hung", "QCG", "ZX", d(2024, 5, 6, 8, 30), d(2024, 5, 6, 9), True, False),  # paused: green
        (5, "pending_dispatch", None, "ZX", d(2024, 5, 6, 10), d(2024, 5, 6, 11, 10), False, True),  # 60/70 min: yellow
        (6, "closed", "QJT", "ZX", None, None, False, False),
        (7, "pending_accept", None, "ZX", None, None, False, False),  # no clock
        # Friday 10 May 17:00 + 1 working hour ends Saturday (a make-up working day) 09:00; on
        # Monday 6 May it has not started: green
        (8, "dispatched", "QSW", "ZX", d(2024, 5, 10, 17), d(2024, 5, 11, 9), False, False),
    ]
    cols = ["id", "state", "lead_unit", "owner_centre", "due_start", "due_at", "clock_paused", "emergency"]
    return build_case_frame(rows, columns=cols)


def test_aging_colours(clocks):
    colours = aging(clocks, datetime(2024, 5, 6, 11))
    assert colours.astype(str).tolist()[:7] == ["green", "yellow", "red", "green", "yellow", "none", "none"]
    # a clock started on Friday evening: at Saturday 08:45 (a working day) 15 of its 30 duty minutes
    # are used: green; at 08:55, 25 of 30: yellow
    assert aging(clocks, datetime(2024, 5, 11, 8, 45)).loc[8] == "green"
    assert aging(clocks, datetime(2024, 5, 11, 8, 55)).loc[8] == "yellow"


def test_warnings_by_unit_worst_first(clocks):
    w = warnings_by_unit(clocks, datetime(2024, 5, 6, 11))
    assert w.index.tolist() == ["QJT", "QCG", "ZX", "QSW"]  # red first, then yellow, then open
    assert w.loc["QCG"].tolist() == [3, 1, 0]  # open, yellow, red
    assert w.loc["QJT"].tolist() == [1, 0, 1]  # the closed case is not counted
    assert w.loc["ZX"].tolist() == [2, 1, 0]  # no lead unit: the owning centre


def test_intake_by_hour_against_the_same_weekday(kit):
    d = datetime
    rows = (
        [(i, "hotline_12345", d(2024, 5, 15, 9, i)) for i in range(1, 4)]  # today, Wednesday
        + [(10, "grid_worker", d(2024, 5, 15, 10, 5))]
        + [(20 + i, "hotline_12345", d(2024, 5, 8, 9, i)) for i in range(2)]
        + [(30 + i, "hotline_12345", d(2024, 5, 1, 9, i)) for i in range(2)]
        + [(40 + i, "hotline_12345", d(2024, 4, 17, 9, i)) for i in range(4)]  # 24 April: none
        + [(50, "hotline_12345", d(2024, 5, 14, 9, 0))]  # a Tuesday: not the same weekday
    )
    cases = build_case_frame(rows, columns=["id", "channel", "reported_at"])
    curve = intake_by_hour(cases, date(2024, 5, 15), weeks=4, until=d(2024, 5, 15, 9, 30))
    hot = curve.channels.index("hotline_12345")
    grid = curve.channels.index("grid_worker")
    assert curve.today[hot, 9] == 3 and np.isnan(curve.today[hot, 10]) and np.isnan(curve.today[grid, 10])
    assert curve.typical[hot, 9] == pytest.approx((2 + 2 + 0 + 4) / 4)
    assert curve.typical[hot].sum() == pytest.approx(2.0)
    assert curve.days_used == [date(2024, 5, 8), date(2024, 5, 1), date(2024, 4, 24), date(2024, 4, 17)]


def test_open_whistles_with_check_in_status(kit):
    book = kit.LogBook()
    t = kit.t
    s = book.new(t(6, 9)).registered(t(6, 9))
    s.do(c.WhistleCall(reason="collapse", departments=(kit.UA, kit.UB), lead_unit=kit.UA), kit.DISPATCHER, t(6, 10))
    s.do(c.CheckIn(), kit.H_A, t(6, 10, 10))
    events, _ = book.frames()
    early = open_whistles(events, t(6, 10, 20))
    assert early[["department", "status"]].values.tolist() == [["QCG", "checked_in"], ["QJT", "waiting"]]
    assert early.loc[0, "checked_in_at"] == pd.Timestamp(t(6, 10, 10))
    late = open_whistles(events, t(6, 10, 40))
    assert late.loc[late["department"] == "QJT", "status"].item() == "late"
    s.do(c.CheckIn(), kit.H_B, t(6, 10, 45))
    events, _ = book.frames()
    assert open_whistles(events, t(6, 11)).empty  # everyone came: the case is dispatched


def test_open_whistles_without_any_whistle_is_empty(kit):
    book = kit.LogBook()
    book.new(kit.t(6, 9)).registered(kit.t(6, 9))
    events, _ = book.frames()
    out = open_whistles(events, kit.t(6, 12))
    assert out.empty
    assert {"case_id", "department", "called_at", "deadline", "checked_in_at", "status"} <= set(out.columns)
