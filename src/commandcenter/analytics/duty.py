"""Business-calendar arithmetic over arrays of instants (deadlines and elapsed working time).

`BusinessCalendar.add/elapsed` work on one instant at a time; stage timeliness over millions of
events needs the same arithmetic column-wise. :class:`DutyAxis` reproduces the calendar's
contract exactly (see ``commandcenter.domain.calendar``), in integer microseconds:

- the *position* of an instant is the duty time since the axis origin (a night, a weekend or a
  holiday has the position of the next duty start);
- ``add`` of working hours lands on the earliest instant (a window's end when exactly on it), of
  working days on the later window's start; adding 0 returns the instant; natural hours are wall
  time;
- ``elapsed`` is the difference of positions (or of wall time) in the unit's size.

Instants are numpy ``datetime64[us]`` arrays of naive local time. The axis covers whole days from
``first`` to ``last``; `DutyAxis.covering` sizes it from the data with a margin for deadlines.
tests/analytics compares it with the calendar on random instants.
"""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np

from commandcenter.domain.calendar import BusinessCalendar, TimeLimit, TimeUnit

US_PER_HOUR = 3_600_000_000
US_PER_DAY = 24 * US_PER_HOUR
_EPOCH = date(1970, 1, 1)


def _us(t) -> np.ndarray:
    return np.asarray(t).astype("datetime64[us]").view("int64")


class DutyAxis:
    """The duty axis of ``calendar`` over the days ``first`` .. ``last`` (inclusive)."""

    def __init__(self, calendar: BusinessCalendar, first: date, last: date) -> None:
        self.calendar = calendar
        self.first_day = (first - _EPOCH).days
        n = (last - first).days + 1
        self.working = np.fromiter(
            (calendar.is_working_day(first + timedelta(days=i)) for i in range(n)), dtype=bool, count=n)
        self.before = np.concatenate([[0], np.cumsum(self.working)]).astype(np.int64)
        self.working_days = np.flatnonzero(self.working).astype(np.int64)
        self.spans = np.array(
            [(_tod_us(w.start), _tod_us(w.end)) for w in calendar.duty_windows], dtype=np.int64)
        self.daily = int((self.spans[:, 1] - self.spans[:, 0]).sum())

    @classmethod
    def covering(cls, calendar: BusinessCalendar, *instants, margin_days: int = 120) -> DutyAxis:
        """An axis covering every non-NaT instant given, plus a margin after for deadlines."""
        lo, hi = None, None
        for arr in instants:
            a = np.asarray(arr).astype("datetime64[us]")
            a = a[~np.isnat(a)]
            if a.size:
                lo = a.min() if lo is None else min(lo, a.min())
                hi = a.max() if hi is None else max(hi, a.max())
        if lo is None:
            lo = hi = np.datetime64("2000-01-01", "us")
        first = lo.astype("datetime64[D]").astype(date) - timedelta(days=7)
        last = hi.astype("datetime64[D]").astype(date) + timedelta(days=margin_days)
        return cls(calendar, first, last)

    # ------------------------------------------------------------------ positions
    def _days(self, day: np.ndarray) -> np.ndarray:
        d = day - self.first_day
        if d.size and (d.min() < 0 or d.max() >= self.working.size):
            raise ValueError("an instant lies outside the duty axis; build it with DutyAxis.covering")
        return d

    def position(self, t) -> np.ndarray:
        """Duty microseconds since the axis origin (int64); NaT gives an unspecified value."""
        t_us = _us(t)
        nat = t_us == np.iinfo(np.int64).min
        if nat.any():
            t_us = np.where(nat, (self.first_day + 1) * US_PER_DAY, t_us)
        day = t_us // US_PER_DAY
        d = self._days(day)
        tod = t_us - day * US_PER_DAY
        within = np.zeros(t_us.shape, dtype=np.int64)
        for s, e in self.spans.tolist():  # a couple of duty windows: 1-D passes, no (n, k) temporaries
            within += np.clip(tod - s, 0, e - s)
        return self.before[d] * self.daily + np.where(self.working[d], within, 0)

    def _instant(self, pos: np.ndarray, at_window_end: bool) -> np.ndarray:
        k = (-(-pos // self.daily) - 1) if at_window_end else pos // self.daily
        r = pos - k * self.daily
        if k.size and k.max() >= self.working_days.size:
            raise ValueError("a deadline lies beyond the duty axis; build it with a larger margin")
        day = self.working_days[k] + self.first_day
        tod = np.full(pos.shape, self.spans[-1, 1], dtype=np.int64)
        done = np.zeros(pos.shape, dtype=bool)
        passed = 0
        for s, e in self.spans.tolist():
            length = e - s
            hit = ~done & ((r < passed + length) | ((r == passed + length) & at_window_end))
            tod = np.where(hit, s + (r - passed), tod)
            done |= hit
            passed += length
        return day * US_PER_DAY + tod

    # ------------------------------------------------------------------ arithmetic
    def add(self, t, limit: TimeLimit) -> np.ndarray:
        """``calendar.add(t, limit)`` for every instant (datetime64[us]; NaT stays NaT)."""
        t_us = _us(t)
        nat = t_us == np.iinfo(np.int64).min
        if limit.unit is TimeUnit.NATURAL_HOURS:
            out = t_us + round(limit.amount * US_PER_HOUR)
        else:
            per = US_PER_HOUR if limit.unit is TimeUnit.WORKING_HOURS else self.daily
            amount = round(limit.amount * per)
            out = self._instant(self.position(t_us) + amount, limit.unit is TimeUnit.WORKING_HOURS)
        out = np.where(nat, np.iinfo(np.int64).min, out)
        return out.view("datetime64[us]")

    def elapsed(self, a, b, unit: TimeUnit) -> np.ndarray:
        """Business time from ``a`` to ``b`` in ``unit`` (float; NaN where either is NaT)."""
        a_us, b_us = _us(a), _us(b)
        nat = (a_us == np.iinfo(np.int64).min) | (b_us == np.iinfo(np.int64).min)
        if unit is TimeUnit.NATURAL_HOURS:
            out = (b_us - a_us) / US_PER_HOUR
        else:
            per = US_PER_HOUR if unit is TimeUnit.WORKING_HOURS else self.daily
            out = (self.position(b_us) - self.position(a_us)) / per
        return np.where(nat, np.nan, out)


def _tod_us(t) -> int:
    return ((t.hour * 60 + t.minute) * 60 + t.second) * 1_000_000 + t.microsecond


def stage_deadlines(axis: DutyAxis, entered, limit: TimeLimit, emergency: np.ndarray | None = None) -> np.ndarray:
    """Deadlines of a stage entered at ``entered``; emergencies run on natural time capped at 1 h.

    Mirrors ``Lifecycle.stage_limit``: an emergency case's working-time limit becomes
    ``min(amount, 1)`` natural hours.
    """
    out = axis.add(entered, limit)
    if emergency is None or limit.unit is TimeUnit.NATURAL_HOURS or not np.any(emergency):
        return out
    urgent = np.flatnonzero(emergency)
    capped = TimeLimit(min(limit.amount, 1.0), TimeUnit.NATURAL_HOURS)
    out[urgent] = axis.add(np.asarray(entered)[urgent], capped)
    return out
