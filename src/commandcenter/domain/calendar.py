"""The business calendar: which days are working days, which hours are duty time (DOMAIN.md §4).

Working days come from the maintained ``chinese_calendar`` package, which knows China's statutory
holidays *and* the make-up working days (调休, some Saturdays/Sundays), then local overrides win.
For a year the package does not cover, Monday-Friday stands in (plus the overrides); such years are
recorded in :attr:`BusinessCalendar.uncovered_years` and logged once, never raised.

Duty windows (default AM 08:30-12:00, PM 13:30-17:30) are the working hours of a working day.

Definitions, in terms of the *duty axis*: the line made by laying every duty window of every
working day end to end (nights, lunch breaks, weekends and holidays take no room on it).

* ``WORKING_HOURS``: an amount of duty time. ``add`` returns the *earliest* instant at which that
  much duty time has passed, so a limit ending exactly at the close of a window gives the close
  (17:30 on that day, not 08:30 on the next working day).
* ``WORKING_DAYS``: one working day is one day's duty time (7.5 h by default). ``add(start, N)`` for
  a start inside duty time ends at the same clock time N working days later; a start outside duty
  time (night, lunch, holiday) first moves to the next duty start. Fractional days are allowed (used
  when a paused clock is resumed). On a window boundary the *later* window's start is reported.
* ``NATURAL_HOURS``: wall-clock time; nights and holidays count (emergencies).

``elapsed(start, end, unit)`` is the duty time (or wall time) between two instants in that unit, so
``elapsed(s, add(s, L), L.unit) == L.amount`` for every start. It is negative when end < start.
Internally durations are integer microseconds, so the arithmetic is exact and day-level (per-year
prefix counts of working days plus a bisect), never a minute loop.

Datetimes are naive, in the centre's local time (China Standard Time, no DST).
"""

from __future__ import annotations

import bisect
import functools
import json
import logging
import math
import re
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from pathlib import Path

import chinese_calendar

from commandcenter.resources import resource_path

log = logging.getLogger(__name__)

_US_PER_SECOND = 1_000_000
_US_PER_HOUR = 3600 * _US_PER_SECOND
# A calendar whose overrides leave no working day in this many years is broken: stop searching.
_MAX_YEARS_SEARCHED = 200


class TimeUnit(StrEnum):
    """Units of a time limit; the values are stored in the database and in catalogues."""

    WORKING_HOURS = "working_hours"  # 工作时
    WORKING_DAYS = "working_days"  # 工作日
    NATURAL_HOURS = "natural_hours"  # 自然时 (emergencies: the clock never stops)


@dataclass(frozen=True)
class TimeLimit:
    """A positive amount of time in a unit, written ``"4 working_hours"`` in data files."""

    amount: float
    unit: TimeUnit

    def __post_init__(self) -> None:
        if isinstance(self.amount, bool) or not isinstance(self.amount, int | float):
            raise TypeError(f"time limit amount must be a number, got {self.amount!r}")
        amount = float(self.amount)
        if not math.isfinite(amount) or amount <= 0:
            raise ValueError(f"time limit amount must be finite and > 0, got {self.amount!r}")
        object.__setattr__(self, "amount", amount)
        object.__setattr__(self, "unit", TimeUnit(self.unit))

    @classmethod
    def parse(cls, text: str) -> TimeLimit:
        """Parse ``"<amount> <unit>"``, e.g. ``"4 working_hours"`` or ``"0.5 natural_hours"``."""
        parts = text.split()
        if len(parts) != 2:
            raise ValueError(f"expected '<amount> <unit>', got {text!r}")
        try:
            amount = float(parts[0])
            unit = TimeUnit(parts[1])
        except ValueError as exc:
            raise ValueError(f"bad time limit {text!r}: {exc}") from None
        return cls(amount, unit)

    def __str__(self) -> str:
        # repr() of a float is the shortest text that parses back to the same float.
        amount = str(int(self.amount)) if self.amount.is_integer() else repr(self.amount)
        return f"{amount} {self.unit.value}"


@dataclass(frozen=True)
class DutyWindow:
    """One daily duty window [start, end) in local time, e.g. 08:30-12:00."""

    start: time
    end: time
    name: str = ""

    def __post_init__(self) -> None:
        if not self.start < self.end:
            raise ValueError(f"duty window must start before it ends: {self.start}-{self.end}")

    @property
    def start_us(self) -> int:
        return _time_us(self.start)

    @property
    def end_us(self) -> int:
        return _time_us(self.end)


DEFAULT_DUTY_WINDOWS = (
    DutyWindow(time(8, 30), time(12, 0), "AM"),
    DutyWindow(time(13, 30), time(17, 30), "PM"),
)

_HHMM = re.compile(r"^(\d{1,2}):(\d{2})$")


def _parse_hhmm(text: str) -> time:
    match = _HHMM.match(text.strip())
    if not match:
        raise ValueError(f"expected HH:MM, got {text!r}")
    return time(int(match[1]), int(match[2]))


def _time_us(t: time) -> int:
    return ((t.hour * 60 + t.minute) * 60 + t.second) * _US_PER_SECOND + t.microsecond


def _us_to_time(us: int) -> time:
    seconds, micro = divmod(us, _US_PER_SECOND)
    minutes, second = divmod(seconds, 60)
    hour, minute = divmod(minutes, 60)
    return time(hour, minute, second, micro)


def _delta_us(delta: timedelta) -> int:
    return (delta.days * 86_400 + delta.seconds) * _US_PER_SECOND + delta.microseconds


def load_overrides(path: Path) -> dict[date, bool]:
    """Read an overrides file: a JSON list of ``{"date": "YYYY-MM-DD", "working": bool, "note"}``."""
    rows = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(rows, list):
        raise ValueError(f"{path}: expected a JSON list of overrides")
    overrides: dict[date, bool] = {}
    for row in rows:
        day = date.fromisoformat(row["date"])
        working = row["working"]
        if not isinstance(working, bool):
            raise ValueError(f"{path}: 'working' must be true or false for {row['date']}")
        if day in overrides:
            raise ValueError(f"{path}: {row['date']} is overridden twice")
        overrides[day] = working
    return overrides


def load_duty_windows(path: Path) -> tuple[DutyWindow, ...]:
    """Read a duty file: ``{"windows": [{"name", "start": "HH:MM", "end": "HH:MM"}, ...]}``."""
    doc = json.loads(path.read_text(encoding="utf-8"))
    return tuple(
        DutyWindow(_parse_hhmm(w["start"]), _parse_hhmm(w["end"]), w.get("name", ""))
        for w in doc["windows"]
    )


class BusinessCalendar:
    """Working days and duty windows; converts between instants and business time.

    Immutable after construction (the overrides and windows are copied); the per-year tables are
    filled lazily and are safe to share between threads. See the module docstring for the exact
    meaning of each unit.
    """

    def __init__(
        self,
        overrides: Mapping[date, bool] | None = None,
        duty_windows: Iterable[DutyWindow] = DEFAULT_DUTY_WINDOWS,
    ) -> None:
        self._overrides = dict(overrides or {})
        windows = tuple(sorted(duty_windows, key=lambda w: w.start))
        if not windows:
            raise ValueError("a business calendar needs at least one duty window")
        for before, after in zip(windows, windows[1:]):
            if after.start < before.end:
                raise ValueError(f"duty windows overlap: {before} and {after}")
        self._windows = windows
        self._spans = tuple((w.start_us, w.end_us) for w in windows)
        self._daily_us = sum(end - start for start, end in self._spans)
        # year -> prefix counts: table[i] = working days among the year's first i days.
        self._years: dict[int, list[int]] = {}
        self._uncovered: set[int] = set()
        self._lock = threading.Lock()

    @classmethod
    def from_files(cls, overrides_path: Path, duty_path: Path) -> BusinessCalendar:
        return cls(load_overrides(overrides_path), load_duty_windows(duty_path))

    @classmethod
    def default(cls) -> BusinessCalendar:
        """The calendar from the shipped resources/calendar/ files (loaded once, then cached)."""
        return _default_calendar()

    # ------------------------------------------------------------------ days
    @property
    def duty_windows(self) -> tuple[DutyWindow, ...]:
        return self._windows

    @property
    def daily_duty_hours(self) -> float:
        """Duty time of one working day, in hours (the length of one working day)."""
        return self._daily_us / _US_PER_HOUR

    @property
    def uncovered_years(self) -> frozenset[int]:
        """Years met so far that chinese_calendar does not know (Mon-Fri + overrides used)."""
        return frozenset(self._uncovered)

    def is_working_day(self, d: date) -> bool:
        if isinstance(d, datetime):
            d = d.date()
        table = self._year_table(d.year)
        i = d.timetuple().tm_yday - 1
        return table[i + 1] > table[i]

    def is_duty_time(self, t: datetime) -> bool:
        """True inside a duty window [start, end) of a working day."""
        us = _time_us(t.time())
        return self.is_working_day(t.date()) and any(s <= us < e for s, e in self._spans)

    def _package_says_working(self, d: date) -> bool | None:
        try:
            return bool(chinese_calendar.is_workday(d))
        except NotImplementedError:
            return None

    def _year_table(self, year: int) -> list[int]:
        table = self._years.get(year)
        if table is not None:
            return table
        first = date(year, 1, 1)
        days = (date(year + 1, 1, 1) - first).days if year < 9999 else 365
        covered = self._package_says_working(date(year, 6, 30)) is not None
        table = [0]
        for i in range(days):
            d = first + timedelta(days=i)
            if d in self._overrides:
                working = self._overrides[d]
            elif covered:
                working = bool(self._package_says_working(d))
            else:
                working = d.weekday() < 5
            table.append(table[-1] + working)
        with self._lock:
            if not covered and year not in self._uncovered:
                self._uncovered.add(year)
                log.warning(
                    "chinese_calendar has no holiday data for %d: using Monday-Friday plus local "
                    "overrides (add the year's holidays to resources/calendar/overrides.json)",
                    year,
                )
            self._years[year] = table
        return table

    def working_days_between(self, a: date, b: date) -> int:
        """Number of working days in the half-open range [a, b); negative when b < a."""
        if b < a:
            return -self.working_days_between(b, a)
        ta, tb = self._year_table(a.year), self._year_table(b.year)
        ia, ib = a.timetuple().tm_yday - 1, b.timetuple().tm_yday - 1
        if a.year == b.year:
            return tb[ib] - ta[ia]
        total = ta[-1] - ta[ia] + tb[ib]
        for year in range(a.year + 1, b.year):
            total += self._year_table(year)[-1]
        return total

    def nth_working_day(self, d: date, n: int = 0) -> date:
        """The (n+1)-th working day on or after ``d`` (n=0: ``d`` itself if working, else next)."""
        if n < 0:
            raise ValueError("n must be >= 0")
        year = d.year
        target = self._year_table(year)[d.timetuple().tm_yday - 1] + n + 1
        for _ in range(_MAX_YEARS_SEARCHED):
            table = self._year_table(year)
            if target <= table[-1]:
                index = bisect.bisect_left(table, target)  # first prefix reaching target
                return date(year, 1, 1) + timedelta(days=index - 1)
            target -= table[-1]
            year += 1
        raise ValueError(f"no working day within {_MAX_YEARS_SEARCHED} years after {d}")

    # ------------------------------------------------------------- duty axis
    def _position(self, tod_us: int) -> int:
        """Duty time of a working day before the time of day ``tod_us`` (0 .. daily)."""
        return sum(max(0, min(tod_us, e) - s) for s, e in self._spans)

    def _time_at(self, position: int, *, at_window_end: bool) -> int:
        """Time of day at which ``position`` of duty time has passed.

        On a boundary between windows ``at_window_end`` picks the earlier window's end (a
        deadline reached at 12:00 is 12:00), otherwise the later window's start (13:30).
        """
        passed = 0
        for s, e in self._spans:
            length = e - s
            if position < passed + length or (at_window_end and position == passed + length):
                return s + (position - passed)
            passed += length
        return self._spans[-1][1]

    def _working_position(self, t: datetime) -> int:
        return self._position(_time_us(t.time())) if self.is_working_day(t.date()) else 0

    def _duty_us_between(self, start: datetime, end: datetime) -> int:
        days = self.working_days_between(start.date(), end.date())
        return days * self._daily_us + self._working_position(end) - self._working_position(start)

    def _shift_duty(self, start: datetime, duty_us: int, *, at_window_end: bool) -> datetime:
        """The instant ``duty_us`` of duty time after ``start`` (``duty_us`` > 0)."""
        day = start.date()
        if self.is_working_day(day):
            total = self._position(_time_us(start.time())) + duty_us
        else:
            day, total = self.nth_working_day(day), duty_us
        if at_window_end:
            days_on = -(-total // self._daily_us) - 1  # the position lands in (0, daily]
        else:
            days_on = total // self._daily_us  # the position lands in [0, daily)
        position = total - days_on * self._daily_us
        target = self.nth_working_day(day, days_on) if days_on else day
        tod = self._time_at(position, at_window_end=at_window_end)
        return datetime.combine(target, time()) + timedelta(microseconds=tod)

    # ------------------------------------------------------------ public API
    def add(self, start: datetime, limit: TimeLimit) -> datetime:
        """The deadline: ``limit`` of business time after ``start`` (see the module docstring)."""
        return self.shift(start, limit.amount, limit.unit)

    def shift(self, start: datetime, amount: float, unit: TimeUnit) -> datetime:
        """Like :meth:`add` for a bare amount >= 0 (0 returns ``start`` unchanged)."""
        if not math.isfinite(amount) or amount < 0:
            raise ValueError(f"shift amount must be finite and >= 0, got {amount!r}")
        unit = TimeUnit(unit)
        if unit is TimeUnit.NATURAL_HOURS:
            return start + timedelta(microseconds=round(amount * _US_PER_HOUR))
        duty_us = round(amount * self._unit_us(unit))
        if duty_us == 0:
            return start
        return self._shift_duty(start, duty_us, at_window_end=unit is TimeUnit.WORKING_HOURS)

    def elapsed(self, start: datetime, end: datetime, unit: TimeUnit) -> float:
        """Business time from ``start`` to ``end`` in ``unit``; negative when ``end < start``."""
        unit = TimeUnit(unit)
        if unit is TimeUnit.NATURAL_HOURS:
            return _delta_us(end - start) / _US_PER_HOUR
        return self._duty_us_between(start, end) / self._unit_us(unit)

    def remaining(self, now: datetime, deadline: datetime, unit: TimeUnit) -> float:
        """Business time left from ``now`` to ``deadline`` in ``unit``; negative when overdue."""
        return self.elapsed(now, deadline, unit)

    def _unit_us(self, unit: TimeUnit) -> int:
        return _US_PER_HOUR if unit is TimeUnit.WORKING_HOURS else self._daily_us


@functools.cache
def _default_calendar() -> BusinessCalendar:
    return BusinessCalendar.from_files(
        resource_path("calendar", "overrides.json"), resource_path("calendar", "duty.json")
    )
