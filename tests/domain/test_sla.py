"""Stage clocks: deadlines, pause/resume, extensions, aging colours, serialisation."""

from __future__ import annotations

import json
from datetime import date, datetime, time, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from commandcenter.domain.calendar import BusinessCalendar, DutyWindow, TimeLimit, TimeUnit
from commandcenter.domain.sla import (
    Aging,
    Clock,
    ClockError,
    aging,
    extend,
    is_overdue,
    pause,
    resume,
    start_clock,
    time_left,
    used_fraction,
)

WH = TimeUnit.WORKING_HOURS
WD = TimeUnit.WORKING_DAYS
NH = TimeUnit.NATURAL_HOURS

CAL = BusinessCalendar()


def dt(text: str) -> datetime:
    return datetime.fromisoformat(text)


def garbage_clock(start: str = "2025-11-17 08:30") -> Clock:
    """Exposed garbage: 4 working hours. From Monday 08:30 it is due at 14:00."""
    return start_clock(CAL, dt(start), TimeLimit.parse("4 working_hours"))


def test_start_clock_sets_the_deadline_from_the_calendar() -> None:
    clock = garbage_clock("2025-11-14 16:00")  # Friday afternoon
    assert clock.deadline == dt("2025-11-17 11:00")
    assert clock.unit is WH
    assert not clock.is_paused
    assert garbage_clock().deadline == dt("2025-11-17 14:00")


# ------------------------------------------------------------------- aging
@pytest.mark.parametrize(
    ("now", "expected"),
    [
        ("2025-11-17 08:30", Aging.GREEN),
        ("2025-11-17 11:39:36", Aging.GREEN),  # 79 % of 4 h used
        ("2025-11-17 11:42", Aging.YELLOW),  # exactly 80 %
        ("2025-11-17 12:45", Aging.YELLOW),  # lunch: still 3.5 h used
        ("2025-11-17 14:00", Aging.YELLOW),  # at the deadline: not yet overdue
        ("2025-11-17 14:00:01", Aging.RED),
        ("2025-11-20 09:00", Aging.RED),
    ],
)
def test_aging_thresholds(now: str, expected: Aging) -> None:
    assert aging(CAL, garbage_clock(), dt(now)) is expected


def test_used_fraction_counts_business_time_only() -> None:
    clock = garbage_clock()
    assert used_fraction(CAL, clock, dt("2025-11-17 11:39:36")) == pytest.approx(0.79)
    assert used_fraction(CAL, clock, dt("2025-11-17 11:42")) == pytest.approx(0.80)
    assert used_fraction(CAL, clock, dt("2025-11-17 13:00")) == pytest.approx(3.5 / 4)
    assert used_fraction(CAL, clock, dt("2025-11-18 09:30")) == pytest.approx(8.5 / 4)
    assert used_fraction(CAL, clock, dt("2025-11-17 07:00")) == 0.0


def test_yellow_threshold_is_configurable() -> None:
    clock = garbage_clock()
    assert aging(CAL, clock, dt("2025-11-17 10:30"), yellow_at=0.5) is Aging.YELLOW
    assert aging(CAL, clock, dt("2025-11-17 10:30")) is Aging.GREEN
    with pytest.raises(ValueError):
        aging(CAL, clock, dt("2025-11-17 10:30"), yellow_at=0)
    with pytest.raises(ValueError):
        aging(CAL, clock, dt("2025-11-17 10:30"), yellow_at=1.5)


def test_no_clock_means_no_colour() -> None:
    assert aging(CAL, None, dt("2025-11-17 10:30")) is Aging.NONE


def test_overdue_and_time_left_are_signed() -> None:
    clock = garbage_clock()
    assert not is_overdue(clock, dt("2025-11-17 14:00"))
    assert is_overdue(clock, dt("2025-11-17 14:00:01"))
    assert time_left(CAL, clock, dt("2025-11-17 11:00")) == pytest.approx(1.5)
    assert time_left(CAL, clock, dt("2025-11-18 09:30")) == pytest.approx(-4.5)


# ------------------------------------------------------------ pause/resume
def test_pause_resume_moves_the_deadline_by_the_paused_duty_time() -> None:
    clock = pause(garbage_clock(), dt("2025-11-17 09:30"))
    assert clock.is_paused
    # Paused 09:30-12:00 and 13:30-15:30: 4.5 working hours.
    resumed = resume(clock, dt("2025-11-17 15:30"), cal=CAL)
    assert resumed.paused_amount == pytest.approx(4.5)
    assert resumed.pauses == ((dt("2025-11-17 09:30"), dt("2025-11-17 15:30")),)
    assert not resumed.is_paused
    # 14:00 + 4.5 h: 3.5 h to 17:30, then 1 h on Tuesday.
    assert resumed.deadline == dt("2025-11-18 09:30")
    assert time_left(CAL, resumed, dt("2025-11-17 15:30")) == pytest.approx(3.0)


def test_a_paused_clock_stands_still() -> None:
    # Hung on Tuesday before National Day, still hung a week later.
    clock = start_clock(CAL, dt("2025-09-29 09:00"), TimeLimit(1, WD))
    hung = pause(clock, dt("2025-09-29 10:00"))
    later = dt("2025-10-13 10:00")
    assert not is_overdue(hung, later)
    assert time_left(CAL, hung, later) == pytest.approx(
        time_left(CAL, clock, dt("2025-09-29 10:00"))
    )
    assert used_fraction(CAL, hung, later) == pytest.approx(1 / 7.5)
    assert aging(CAL, hung, later) is Aging.GREEN
    assert aging(CAL, clock, later) is Aging.RED  # the unpaused clock ran out


def test_a_clock_paused_after_its_deadline_stays_red() -> None:
    hung = pause(garbage_clock(), dt("2025-11-17 15:00"))
    assert is_overdue(hung, dt("2025-11-20 10:00"))
    assert aging(CAL, hung, dt("2025-11-20 10:00")) is Aging.RED
    assert time_left(CAL, hung, dt("2025-11-20 10:00")) == pytest.approx(-1.0)


def test_pauses_accumulate() -> None:
    clock = garbage_clock()
    clock = resume(pause(clock, dt("2025-11-17 09:00")), dt("2025-11-17 10:00"), cal=CAL)
    clock = resume(pause(clock, dt("2025-11-17 11:00")), dt("2025-11-17 14:00"), cal=CAL)
    assert clock.paused_amount == pytest.approx(1.0 + 1.5)
    assert len(clock.pauses) == 2
    assert clock.deadline == CAL.add(dt("2025-11-17 08:30"), TimeLimit(6.5, WH))
    assert used_fraction(CAL, clock, dt("2025-11-17 15:30")) == pytest.approx((0.5 + 1.0 + 1.5) / 4)


def test_pause_during_a_night_moves_nothing_for_a_business_clock() -> None:
    clock = garbage_clock()
    resumed = resume(pause(clock, dt("2025-11-17 18:00")), dt("2025-11-18 08:00"), cal=CAL)
    assert resumed.deadline == clock.deadline
    assert resumed.paused_amount == 0.0


def test_natural_hours_clock_runs_through_the_night_but_stops_while_hung() -> None:
    clock = start_clock(CAL, dt("2025-09-30 23:00"), TimeLimit(2, NH))
    assert clock.deadline == dt("2025-10-01 01:00")  # over midnight into the holiday
    assert used_fraction(CAL, clock, dt("2025-10-01 00:00")) == pytest.approx(0.5)
    resumed = resume(pause(clock, dt("2025-09-30 23:30")), dt("2025-10-01 00:30"), cal=CAL)
    assert resumed.paused_amount == pytest.approx(1.0)
    assert resumed.deadline == dt("2025-10-01 02:00")


@pytest.mark.parametrize(
    "operation",
    [
        lambda c: pause(pause(c, dt("2025-11-17 09:00")), dt("2025-11-17 10:00")),
        lambda c: resume(c, dt("2025-11-17 10:00"), cal=CAL),
        lambda c: resume(pause(c, dt("2025-11-17 10:00")), dt("2025-11-17 09:00"), cal=CAL),
        lambda c: pause(c, dt("2025-11-17 08:00")),
    ],
    ids=["pause-twice", "resume-running", "resume-before-pause", "pause-before-start"],
)
def test_inconsistent_pause_operations_are_refused(operation) -> None:
    with pytest.raises(ClockError):
        operation(garbage_clock())


def test_resume_uses_the_default_calendar_without_one() -> None:
    clock = pause(garbage_clock(), dt("2025-11-17 09:30"))
    assert resume(clock, dt("2025-11-17 15:30")).deadline == dt("2025-11-18 09:30")


def test_resume_uses_the_calendar_it_is_given() -> None:
    one_window = BusinessCalendar(duty_windows=[DutyWindow(time(9), time(17))])
    clock = start_clock(one_window, dt("2025-11-17 09:00"), TimeLimit(4, WH))
    assert clock.deadline == dt("2025-11-17 13:00")
    resumed = resume(pause(clock, dt("2025-11-17 10:00")), dt("2025-11-17 12:00"), cal=one_window)
    assert resumed.deadline == dt("2025-11-17 15:00")


# -------------------------------------------------------------- extension
def test_extension_moves_the_deadline_and_the_budget() -> None:
    clock = extend(garbage_clock(), TimeLimit(4, WH), cal=CAL)
    assert clock.deadline == dt("2025-11-18 09:00")  # 14:00 + 3.5 h + 0.5 h
    assert clock.extensions == (TimeLimit(4, WH),)
    assert used_fraction(CAL, clock, dt("2025-11-17 14:00")) == pytest.approx(0.5)
    assert aging(CAL, clock, dt("2025-11-17 15:00")) is Aging.GREEN


def test_extension_in_another_unit() -> None:
    clock = extend(garbage_clock(), TimeLimit(1, WD))
    assert clock.deadline == dt("2025-11-18 14:00")
    clock = extend(clock, TimeLimit(2, NH))
    assert clock.deadline == dt("2025-11-18 16:00")
    assert [str(e) for e in clock.extensions] == ["1 working_days", "2 natural_hours"]


# ---------------------------------------------------------- serialisation
def test_clock_round_trips_through_json() -> None:
    clock = garbage_clock()
    clock = resume(pause(clock, dt("2025-11-17 09:00")), dt("2025-11-17 10:00:00.250000"), cal=CAL)
    clock = extend(clock, TimeLimit(0.5, WD), cal=CAL)
    clock = pause(clock, dt("2025-11-17 11:00"))
    data = json.loads(json.dumps(clock.to_dict()))
    assert data["limit"] == "4 working_hours"
    assert data["paused_since"] == "2025-11-17T11:00:00"
    assert Clock.from_dict(data) == clock


def test_running_clock_round_trips_and_rejects_aware_datetimes() -> None:
    clock = garbage_clock()
    data = clock.to_dict()
    assert data["paused_since"] is None
    assert Clock.from_dict(data) == clock
    with pytest.raises(ValueError):
        Clock.from_dict({**data, "start": "2025-11-17T08:30:00+08:00"})


# --------------------------------------------------------------- properties
starts = st.datetimes(min_value=datetime(2024, 1, 1), max_value=datetime(2026, 6, 30))
limits = st.one_of(
    st.builds(TimeLimit, st.floats(0.1, 200), st.just(WH)),
    st.builds(TimeLimit, st.floats(0.1, 30), st.just(WD)),
    st.builds(TimeLimit, st.floats(0.1, 200), st.just(NH)),
)
offsets = st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=40))


@given(starts, limits, offsets, offsets)
@settings(max_examples=80, deadline=None)
def test_pause_resume_never_moves_a_deadline_earlier_nor_eats_time_left(
    start: datetime, limit: TimeLimit, until_pause: timedelta, paused_for: timedelta
) -> None:
    clock = start_clock(CAL, start, limit)
    paused_at = start + until_pause
    resumed_at = paused_at + paused_for
    resumed = resume(pause(clock, paused_at), resumed_at, cal=CAL)
    assert resumed.deadline >= clock.deadline
    left_at_pause = time_left(CAL, clock, paused_at)
    assert time_left(CAL, resumed, resumed_at) == pytest.approx(left_at_pause, abs=1e-6)


@given(starts, limits, offsets, offsets)
@settings(max_examples=60, deadline=None)
def test_used_fraction_never_decreases_as_time_passes(
    start: datetime, limit: TimeLimit, a: timedelta, b: timedelta
) -> None:
    clock = start_clock(CAL, start, limit)
    early, late = sorted((start + a, start + b))
    assert used_fraction(CAL, clock, early) <= used_fraction(CAL, clock, late) + 1e-9
    order = [Aging.GREEN, Aging.YELLOW, Aging.RED]
    assert order.index(aging(CAL, clock, early)) <= order.index(aging(CAL, clock, late))


def test_default_calendar_is_used_for_real_dates() -> None:
    assert BusinessCalendar.default().is_working_day(date(2026, 2, 28))
