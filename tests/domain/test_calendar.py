"""Business calendar: real Chinese holidays and make-up days, duty windows, add/elapsed."""

from __future__ import annotations

import json
import logging
import time as wall
from datetime import date, datetime, time, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from commandcenter.domain.calendar import (
    DEFAULT_DUTY_WINDOWS,
    BusinessCalendar,
    DutyWindow,
    TimeLimit,
    TimeUnit,
    load_overrides,
)

WH = TimeUnit.WORKING_HOURS
WD = TimeUnit.WORKING_DAYS
NH = TimeUnit.NATURAL_HOURS

CAL = BusinessCalendar()  # package data + default duty windows, no overrides


def wh(amount: float) -> TimeLimit:
    return TimeLimit(amount, WH)


def wd(amount: float) -> TimeLimit:
    return TimeLimit(amount, WD)


def dt(text: str) -> datetime:
    return datetime.fromisoformat(text)


# ------------------------------------------------------------------ TimeLimit
@pytest.mark.parametrize(
    "text", ["4 working_hours", "15 working_days", "0.5 natural_hours", "2.25 working_hours"]
)
def test_time_limit_round_trips_through_text(text: str) -> None:
    limit = TimeLimit.parse(text)
    assert str(limit) == text
    assert TimeLimit.parse(str(limit)) == limit


def test_time_limit_parse_reads_amount_and_unit() -> None:
    assert TimeLimit.parse("4 working_hours") == TimeLimit(4.0, TimeUnit.WORKING_HOURS)
    assert TimeLimit.parse("  20   working_days ") == TimeLimit(20, WD)


@given(st.floats(min_value=1e-6, max_value=1e6, allow_nan=False), st.sampled_from(list(TimeUnit)))
@settings(max_examples=50)
def test_time_limit_text_round_trip_property(amount: float, unit: TimeUnit) -> None:
    limit = TimeLimit(amount, unit)
    assert TimeLimit.parse(str(limit)) == limit


@pytest.mark.parametrize("amount", [0, -1, -0.5, float("nan"), float("inf")])
def test_time_limit_rejects_non_positive_or_non_finite(amount: float) -> None:
    with pytest.raises(ValueError):
        TimeLimit(amount, WH)


def test_time_limit_rejects_bool_amount_and_unknown_unit() -> None:
    with pytest.raises(TypeError):
        TimeLimit(True, WH)  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        TimeLimit(1, "fortnights")  # type: ignore[arg-type]


@pytest.mark.parametrize("text", ["4", "4 working_hours extra", "four working_hours", "4 hours"])
def test_time_limit_parse_rejects_garbage(text: str) -> None:
    with pytest.raises(ValueError):
        TimeLimit.parse(text)


# ------------------------------------------------------------ working days
@pytest.mark.parametrize("day", [date(2025, 10, 1) + timedelta(days=i) for i in range(8)])
def test_national_day_2025_is_a_holiday(day: date) -> None:
    assert not CAL.is_working_day(day)


@pytest.mark.parametrize("day", [date(2025, 9, 28), date(2025, 10, 11)])
def test_national_day_2025_make_up_weekend_days_are_working(day: date) -> None:
    assert day.weekday() >= 5  # a Sunday and a Saturday...
    assert CAL.is_working_day(day)  # ...that are working days (调休)


@pytest.mark.parametrize("day", [date(2026, 2, 15) + timedelta(days=i) for i in range(9)])
def test_spring_festival_2026_is_a_holiday(day: date) -> None:
    assert not CAL.is_working_day(day)


@pytest.mark.parametrize("day", [date(2026, 2, 14), date(2026, 2, 28), date(2026, 1, 4)])
def test_2026_make_up_weekend_days_are_working(day: date) -> None:
    assert day.weekday() >= 5
    assert CAL.is_working_day(day)


def test_ordinary_days_around_holidays() -> None:
    assert CAL.is_working_day(date(2025, 10, 9))  # Thursday after National Day
    assert CAL.is_working_day(date(2026, 2, 24))  # Tuesday after Spring Festival
    assert not CAL.is_working_day(date(2025, 10, 12))  # ordinary Sunday
    assert not CAL.is_working_day(date(2026, 1, 2))  # New Year bridge Friday


def test_is_working_day_accepts_a_datetime() -> None:
    assert not CAL.is_working_day(dt("2025-10-03 10:00"))


def test_overrides_win_over_the_package() -> None:
    cal = BusinessCalendar({date(2025, 10, 3): True, date(2025, 11, 17): False})
    assert cal.is_working_day(date(2025, 10, 3))
    assert not cal.is_working_day(date(2025, 11, 17))
    assert cal.is_working_day(date(2025, 11, 18))


def test_uncovered_year_falls_back_to_weekdays_and_is_recorded(caplog) -> None:
    cal = BusinessCalendar({date(2099, 1, 1): False})
    with caplog.at_level(logging.WARNING, logger="commandcenter.domain.calendar"):
        assert not cal.is_working_day(date(2099, 1, 1))  # override (a Thursday)
        assert cal.is_working_day(date(2099, 1, 2))  # Friday
        assert not cal.is_working_day(date(2099, 1, 3))  # Saturday
        assert cal.is_working_day(date(2099, 1, 5))
    assert 2099 in cal.uncovered_years
    assert 2025 not in cal.uncovered_years
    assert sum("2099" in r.getMessage() for r in caplog.records) == 1  # logged once


def test_add_in_uncovered_year_does_not_crash() -> None:
    cal = BusinessCalendar()
    assert cal.add(dt("2099-01-02 16:00"), wh(4)) == dt("2099-01-05 11:00")
    assert cal.uncovered_years == {2099}


def test_working_days_between_and_nth_working_day_cross_years() -> None:
    # 2025-12-31 (Wed) is working; 2026-01-01..03 holiday; 2026-01-04 (Sun) make-up day.
    assert CAL.nth_working_day(date(2025, 12, 31), 1) == date(2026, 1, 4)
    assert CAL.nth_working_day(date(2026, 1, 1)) == date(2026, 1, 4)
    assert CAL.nth_working_day(date(2025, 12, 31)) == date(2025, 12, 31)
    assert CAL.working_days_between(date(2025, 12, 31), date(2026, 1, 6)) == 3
    assert CAL.working_days_between(date(2026, 1, 6), date(2025, 12, 31)) == -3
    assert CAL.working_days_between(date(2024, 1, 1), date(2026, 1, 1)) == sum(
        CAL.is_working_day(date(2024, 1, 1) + timedelta(days=i)) for i in range(731)
    )


# ------------------------------------------------------------ duty windows
def test_duty_time_is_half_open_and_skips_lunch_and_holidays() -> None:
    assert CAL.is_duty_time(dt("2025-11-17 08:30"))
    assert not CAL.is_duty_time(dt("2025-11-17 08:29"))
    assert not CAL.is_duty_time(dt("2025-11-17 12:00"))
    assert not CAL.is_duty_time(dt("2025-11-17 13:00"))
    assert CAL.is_duty_time(dt("2025-11-17 17:29"))
    assert not CAL.is_duty_time(dt("2025-11-17 17:30"))
    assert not CAL.is_duty_time(dt("2025-10-02 10:00"))
    assert CAL.daily_duty_hours == 7.5


def test_duty_windows_are_validated() -> None:
    with pytest.raises(ValueError):
        DutyWindow(time(12, 0), time(8, 30))
    with pytest.raises(ValueError):
        BusinessCalendar(
            duty_windows=[DutyWindow(time(8), time(12)), DutyWindow(time(11), time(14))]
        )
    with pytest.raises(ValueError):
        BusinessCalendar(duty_windows=[])


def test_custom_duty_windows_change_working_hours() -> None:
    cal = BusinessCalendar(duty_windows=[DutyWindow(time(9), time(17))])
    assert cal.daily_duty_hours == 8
    assert cal.add(dt("2025-11-14 16:00"), wh(4)) == dt("2025-11-17 12:00")


# ------------------------------------------------------------ working hours
def test_exposed_garbage_reported_friday_afternoon_is_due_monday_morning() -> None:
    # 16:00-17:30 Friday = 1.5 h, then 2.5 h from 08:30 Monday.
    assert CAL.add(dt("2025-11-14 16:00"), TimeLimit.parse("4 working_hours")) == dt(
        "2025-11-17 11:00"
    )


def test_friday_before_a_make_up_sunday_is_due_on_the_sunday() -> None:
    assert CAL.add(dt("2025-09-26 16:00"), wh(4)) == dt("2025-09-28 11:00")


def test_working_hours_skip_the_national_day_holiday() -> None:
    assert CAL.add(dt("2025-09-30 16:00"), wh(4)) == dt("2025-10-09 11:00")


def test_working_hours_skip_the_lunch_break() -> None:
    assert CAL.add(dt("2025-11-17 11:00"), wh(2)) == dt("2025-11-17 14:30")
    assert CAL.elapsed(dt("2025-11-17 11:00"), dt("2025-11-17 14:30"), WH) == 2.0


@pytest.mark.parametrize(
    ("start", "hours", "deadline"),
    [
        ("2025-11-17 10:00", 2, "2025-11-17 12:00"),  # ends with the AM window, not at 13:30
        ("2025-11-17 08:30", 7.5, "2025-11-17 17:30"),  # a whole day ends the same evening
        ("2025-11-17 12:30", 1, "2025-11-17 14:30"),  # start at lunch: counts from 13:30
        ("2025-11-17 07:00", 1, "2025-11-17 09:30"),  # start before duty
        ("2025-11-17 20:00", 1, "2025-11-18 09:30"),  # start at night
        ("2025-11-15 10:00", 1, "2025-11-17 09:30"),  # start on a Saturday
        ("2025-11-17 09:00", 0.25, "2025-11-17 09:15"),
    ],
)
def test_working_hours_boundaries(start: str, hours: float, deadline: str) -> None:
    assert CAL.add(dt(start), wh(hours)) == dt(deadline)


def test_elapsed_working_hours_ignores_nights_weekends_and_is_signed() -> None:
    assert CAL.elapsed(dt("2025-11-14 16:00"), dt("2025-11-17 11:00"), WH) == 4.0
    assert CAL.elapsed(dt("2025-11-17 11:00"), dt("2025-11-14 16:00"), WH) == -4.0
    assert CAL.elapsed(dt("2025-11-15 09:00"), dt("2025-11-16 18:00"), WH) == 0.0
    assert CAL.remaining(dt("2025-11-17 10:00"), dt("2025-11-17 11:00"), WH) == 1.0
    assert CAL.remaining(dt("2025-11-17 11:00"), dt("2025-11-17 10:00"), WH) == -1.0


# ------------------------------------------------------------- working days
@pytest.mark.parametrize(
    ("start", "days", "deadline"),
    [
        ("2025-11-17 10:00", 2, "2025-11-19 10:00"),  # same clock time N working days later
        ("2025-11-14 10:00", 1, "2025-11-17 10:00"),  # over a weekend
        ("2025-09-30 10:00", 1, "2025-10-09 10:00"),  # over National Day
        ("2025-09-26 10:00", 1, "2025-09-28 10:00"),  # onto the make-up Sunday
        ("2025-11-17 08:30", 1, "2025-11-18 08:30"),  # window start stays a window start
        ("2025-11-17 13:30", 1, "2025-11-18 13:30"),
        ("2025-11-17 12:30", 1, "2025-11-18 13:30"),  # lunch: next duty start
        ("2025-11-17 17:45", 1, "2025-11-19 08:30"),  # evening: next morning, then one day
        ("2025-11-15 10:00", 1, "2025-11-18 08:30"),  # Saturday: Monday 08:30, then one day
        ("2025-11-17 08:30", 0.5, "2025-11-17 13:45"),  # 3.75 h: AM is 3.5 h
    ],
)
def test_working_days(start: str, days: float, deadline: str) -> None:
    assert CAL.add(dt(start), wd(days)) == dt(deadline)


def test_twenty_working_days_across_spring_festival_2026() -> None:
    # From Mon 2026-02-02: Feb 3-13 (9) + Sat 14th (1) + Feb 24-27 (4) + Sat 28th (1)
    # + Mar 2-6 (5) = 20 working days later is Friday 2026-03-06.
    assert CAL.add(dt("2026-02-02 09:00"), wd(20)) == dt("2026-03-06 09:00")
    assert CAL.elapsed(dt("2026-02-02 09:00"), dt("2026-03-06 09:00"), WD) == 20.0


def test_elapsed_working_days_is_duty_time_over_a_duty_day() -> None:
    assert CAL.elapsed(dt("2025-11-17 10:00"), dt("2025-11-19 10:00"), WD) == 2.0
    assert CAL.elapsed(dt("2025-11-17 08:30"), dt("2025-11-17 13:45"), WD) == 0.5
    assert CAL.elapsed(dt("2025-11-17 08:30"), dt("2025-11-17 12:45"), WD) == pytest.approx(
        3.5 / 7.5
    )


# ------------------------------------------------------------ natural hours
def test_natural_hours_run_across_midnight_and_holidays() -> None:
    start = dt("2025-09-30 22:00")
    deadline = CAL.add(start, TimeLimit(4, NH))
    assert deadline == dt("2025-10-01 02:00")
    assert CAL.elapsed(start, deadline, NH) == 4.0
    assert CAL.elapsed(dt("2025-10-01 00:00"), dt("2025-10-02 00:00"), NH) == 24.0


def test_shift_by_zero_is_identity_and_negative_is_refused() -> None:
    start = dt("2025-11-15 03:00")
    assert CAL.shift(start, 0, WH) == start
    with pytest.raises(ValueError):
        CAL.shift(start, -1, WH)


# ------------------------------------------------------------ resources
def test_default_calendar_loads_shipped_resources_once() -> None:
    cal = BusinessCalendar.default()
    assert cal is BusinessCalendar.default()
    assert cal.duty_windows == DEFAULT_DUTY_WINDOWS
    assert cal.is_working_day(date(2025, 9, 28))


def test_from_files_reads_overrides_and_duty(tmp_path) -> None:
    overrides = tmp_path / "overrides.json"
    overrides.write_text(
        json.dumps(
            [{"date": "2025-11-17", "working": False, "note": "台风停工"}], ensure_ascii=False
        ),
        encoding="utf-8",
    )
    duty = tmp_path / "duty.json"
    duty.write_text(json.dumps({"windows": [{"name": "全天", "start": "09:00", "end": "17:00"}]}))
    cal = BusinessCalendar.from_files(overrides, duty)
    assert not cal.is_working_day(date(2025, 11, 17))
    assert cal.duty_windows == (DutyWindow(time(9), time(17), "全天"),)


@pytest.mark.parametrize(
    "rows",
    [
        {"date": "2025-11-17", "working": False},
        [{"date": "2025-11-17", "working": "no"}],
        [{"date": "2025-11-17", "working": False}, {"date": "2025-11-17", "working": True}],
    ],
)
def test_load_overrides_rejects_bad_files(tmp_path, rows) -> None:
    path = tmp_path / "overrides.json"
    path.write_text(json.dumps(rows))
    with pytest.raises(ValueError):
        load_overrides(path)


def test_add_is_fast_at_day_level() -> None:
    start = dt("2025-03-03 10:00")
    CAL.add(start, wh(1000))  # fill the year tables first
    t0 = wall.perf_counter()
    for _ in range(1000):
        CAL.add(start, wh(1000))
        CAL.add(start, wd(20))
    # A minute loop would need ~60,000 steps per call; day-level jumps take microseconds.
    assert wall.perf_counter() - t0 < 1.0
    assert CAL.elapsed(start, CAL.add(start, wh(1000)), WH) == pytest.approx(1000)


# --------------------------------------------------------------- properties
FIRST_DAY = date(2024, 1, 1)


def duty_instant(day_index: int, minute: int) -> datetime:
    """An instant inside duty time: the day_index-th working day since 2024, minute of duty."""
    day = CAL.nth_working_day(FIRST_DAY, day_index)
    am = DEFAULT_DUTY_WINDOWS[0]
    am_minutes = (am.end_us - am.start_us) // 60_000_000
    window = am if minute < am_minutes else DEFAULT_DUTY_WINDOWS[1]
    offset = minute if minute < am_minutes else minute - am_minutes
    return datetime.combine(day, window.start) + timedelta(minutes=offset)


duty_starts = st.builds(duty_instant, st.integers(0, 600), st.integers(0, 449))
any_starts = st.datetimes(min_value=datetime(2024, 1, 1), max_value=datetime(2026, 6, 30))
hour_amounts = st.floats(min_value=0.01, max_value=1000, allow_nan=False)
day_amounts = st.floats(min_value=0.01, max_value=60, allow_nan=False)


@given(duty_starts, hour_amounts)
@settings(max_examples=80, deadline=None)
def test_add_then_elapsed_round_trips_working_hours(start: datetime, amount: float) -> None:
    assert CAL.elapsed(start, CAL.add(start, wh(amount)), WH) == pytest.approx(amount, abs=1e-6)


@given(duty_starts, day_amounts)
@settings(max_examples=80, deadline=None)
def test_add_then_elapsed_round_trips_working_days(start: datetime, amount: float) -> None:
    assert CAL.elapsed(start, CAL.add(start, wd(amount)), WD) == pytest.approx(amount, abs=1e-6)


@given(any_starts, hour_amounts)
@settings(max_examples=60, deadline=None)
def test_round_trip_holds_from_any_start(start: datetime, amount: float) -> None:
    assert CAL.elapsed(start, CAL.add(start, wh(amount)), WH) == pytest.approx(amount, abs=1e-6)


@given(any_starts, hour_amounts, hour_amounts, st.sampled_from([WH, WD, NH]))
@settings(max_examples=80, deadline=None)
def test_larger_amounts_never_give_earlier_deadlines(
    start: datetime, a: float, b: float, unit: TimeUnit
) -> None:
    small, large = sorted((a / 10, b / 10) if unit is WD else (a, b))
    assert CAL.add(start, TimeLimit(small, unit)) <= CAL.add(start, TimeLimit(large, unit))


@given(any_starts, hour_amounts)
@settings(max_examples=80, deadline=None)
def test_working_hours_deadlines_land_in_duty_time_on_a_working_day(
    start: datetime, amount: float
) -> None:
    deadline = CAL.add(start, wh(amount))
    assert deadline > start
    assert CAL.is_working_day(deadline.date())
    tod = deadline.time()
    # A deadline may sit on a window's closing instant (17:30), hence closed windows.
    assert any(w.start <= tod <= w.end for w in CAL.duty_windows)


def brute_force_add(start: datetime, minutes: int) -> datetime:
    """Reference: walk minute by minute, counting duty minutes (start on a whole minute)."""
    t = start
    while minutes:
        if CAL.is_duty_time(t):
            minutes -= 1
        t += timedelta(minutes=1)
    # The earliest instant at which the last duty minute has passed.
    return t


@given(
    st.datetimes(min_value=datetime(2025, 9, 20), max_value=datetime(2025, 10, 20)).map(
        lambda t: t.replace(second=0, microsecond=0)
    ),
    st.integers(1, 1200),
)
@settings(max_examples=40, deadline=None)
def test_add_working_hours_matches_a_minute_by_minute_reference(start: datetime, n: int) -> None:
    assert CAL.add(start, wh(n / 60)) == brute_force_add(start, n)
