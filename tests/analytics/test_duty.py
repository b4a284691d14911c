"""The vectorised duty axis agrees with the business calendar, instant by instant."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

import numpy as np
import pytest

from commandcenter.analytics.duty import DutyAxis, stage_deadlines
from commandcenter.domain.calendar import BusinessCalendar, TimeLimit, TimeUnit

LIMITS = [
    TimeLimit(1, TimeUnit.WORKING_HOURS), TimeLimit(0.5, TimeUnit.WORKING_HOURS), TimeLimit(7.5, TimeUnit.WORKING_HOURS),
    TimeLimit(2, TimeUnit.WORKING_DAYS), TimeLimit(1.5, TimeUnit.WORKING_DAYS), TimeLimit(0.5, TimeUnit.NATURAL_HOURS),
]


@pytest.fixture(scope="module")
def instants() -> list[datetime]:
    rng = random.Random(20240506)
    out = []
    for _ in range(600):
        t = datetime(2024, 1, 1) + timedelta(seconds=rng.randrange(0, 730 * 86400))
        if rng.random() < 0.3:  # window edges, lunch, evenings
            t = t.replace(hour=rng.choice([8, 12, 13, 17]), minute=rng.choice([0, 30]), second=0)
        out.append(t)
    return out


@pytest.mark.parametrize("limit", LIMITS, ids=str)
def test_add_matches_the_calendar(instants, limit):
    cal = BusinessCalendar.default()
    arr = np.array(instants, dtype="datetime64[us]")
    got = DutyAxis.covering(cal, arr).add(arr, limit)
    assert [g.astype(datetime) for g in got] == [cal.add(t, limit) for t in instants]


@pytest.mark.parametrize("unit", list(TimeUnit))
def test_elapsed_matches_the_calendar(instants, unit):
    cal = BusinessCalendar.default()
    a = np.array(instants, dtype="datetime64[us]")
    b = a[::-1]
    got = DutyAxis.covering(cal, a).elapsed(a, b, unit)
    expected = [cal.elapsed(x, y, unit) for x, y in zip(instants, instants[::-1])]
    assert got == pytest.approx(expected, abs=1e-9)


def test_nat_passes_through_and_emergencies_run_on_natural_time():
    cal = BusinessCalendar.default()
    friday_evening = np.array(["2024-05-10T18:00", "NaT"], dtype="datetime64[us]")
    axis = DutyAxis.covering(cal, friday_evening)
    out = stage_deadlines(axis, friday_evening, TimeLimit(2, TimeUnit.WORKING_HOURS), np.array([True, False]))
    assert out[0] == np.datetime64("2024-05-10T19:00")  # min(2, 1) natural hours
    assert np.isnat(out[1])
    assert np.isnan(axis.elapsed(friday_evening, friday_evening[::-1], TimeUnit.WORKING_HOURS)).all()
    with pytest.raises(ValueError, match="outside the duty axis"):
        axis.position(np.array(["2030-01-01"], dtype="datetime64[us]"))
