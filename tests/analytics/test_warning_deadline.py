"""Deadline warnings: yellow/red clocks, the about-to-go-red queue, one alert per unit."""

from __future__ import annotations

from datetime import datetime, timedelta

import pandas as pd

from commandcenter.analytics.warning import WarningConfig, deadline_signals, deadline_warnings

NOW = datetime(2026, 5, 13, 10, 0)  # a Wednesday, inside duty hours


def _cases() -> pd.DataFrame:
    h = timedelta(hours=1)
    rows = [  # case_id, state, due_start, due_at, paused, emergency, unit
        (1, "in_progress", NOW - 10 * h, NOW - h, False, True, "U1"),  # red
        (2, "in_progress", NOW - 9 * h, NOW + 0.5 * h, False, True, "U1"),  # yellow, soon
        (3, "in_progress", NOW - 1 * h, NOW + 9 * h, False, True, "U2"),  # green
        (4, "hung", NOW - 10 * h, NOW + 0.2 * h, True, True, "U2"),  # paused: never ages
        (5, "closed", NOW - 10 * h, NOW - h, False, True, "U2"),  # closed: not open
        (6, "dispatched", NOW - 20 * h, NOW - 2 * h, False, True, "U2"),  # red
        (7, "dispatched", NOW - 20 * h, NOW - 3 * h, False, True, "U2"),  # red
    ]
    frame = pd.DataFrame(rows, columns=["case_id", "state", "due_start", "due_at",
                                        "clock_paused", "emergency", "lead_unit"])
    frame["owner_centre"] = "C"
    return frame


def test_colours_and_queue():
    warn = deadline_warnings(_cases(), NOW)
    colours = dict(zip(warn.cases["case_id"], warn.cases["aging"], strict=True))
    assert colours == {1: "red", 2: "yellow", 6: "red", 7: "red"}
    assert list(warn.soon["case_id"]) == [2]
    assert warn.soon["minutes_left"].iloc[0] == 30


def test_queue_horizon_is_configurable():
    config = WarningConfig().deadline
    wide = type(config)(red_horizon_minutes=600)
    warn = deadline_warnings(_cases(), NOW, config=wide)
    assert list(warn.soon["case_id"]) == [2, 3]


def test_one_signal_per_unit_with_overdue_cases():
    signals = deadline_signals(deadline_warnings(_cases(), NOW), NOW)
    by_unit = {s.object_key: s for s in signals}
    assert set(by_unit) == {"U1", "U2"}
    assert by_unit["U2"].observed == 2 and by_unit["U2"].case_ids == [6, 7]
    assert by_unit["U1"].detail["yellow_case_ids"] == [2]
    assert by_unit["U2"].window_start == NOW - timedelta(hours=3)
