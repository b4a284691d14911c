"""Business-calendar arithmetic over arrays of instants (deadlines and elapsed working time).

`BusinessCalendar.add/elapsed` work on one instant at a time; the demo generator (millions of
instants), the board's aging colours and stage timeliness over millions of events need the same
arithmetic column-wise. This module holds the one vectorised implementation; it reproduces the
calendar's contract exactly (see ``commandcenter.domain.calendar``):

- the *position* of an instant is the duty time since the axis origin (a night, a weekend or a
  holiday has the position of the next duty start);
- ``add`` of working hours lands on the earliest instant (a window's end when exactly on it), of
  working days on the later window's start; adding 0 returns the instant; natural hours are wall
  time;
- ``elapsed`` is the difference of positions (or of wall time).

Two call styles share it:

- :class:`TickAxis` (the implementation): instants are int64 *ticks* since 1970-01-01 of naive
  local time (no time-zone arithmetic), one unit code per row (``U_WH``/``U_WD``/``U_NAT``) and
  amounts in ticks of that unit's axis. The default tick is a second (demo generator, board);
  inputs must then be whole seconds.
- :class:`DutyAxis` (a thin adapter): numpy ``datetime64[us]`` arrays, one `TimeLimit`/`TimeUnit`
  per call, NaT passing through; it runs a microsecond `TickAxis`. `DutyAxis.covering` sizes the
  axis from the data with a margin for deadlines.

Both cover whole days from ``first`` to ``last``; instants outside raise ``ValueError``. The test
suites (tests/analytics, tests/demo) compare them with the calendar on random instants.
"""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np

from commandcenter.domain.calendar import BusinessCalendar, TimeLimit, TimeUnit

DAY = 86_400  # seconds
US_PER_HOUR = 3_600_000_000
US_PER_DAY = 24 * US_PER_HOUR
_EPOCH = date(1970, 1, 1)
_NAT = np.iinfo(np.int64).min

# Unit codes used in per-row integer unit arrays.
U_WH, U_WD, U_NAT = 0, 1, 2
UNIT_CODES = {
    TimeUnit.WORKING_HOURS: U_WH,
    TimeUnit.WORKING_DAYS: U_WD,
    TimeUnit.NATURAL_HOURS: U_NAT,
}


def day_number(d: date) -> int:
    """Days from 1970-01-01 to ``d``."""
    return (d - _EPOCH).days


class TickAxis:
    """The duty axis of ``calendar`` over the days ``first`` .. ``last`` (inclusive), in ticks.

    ``per_second`` ticks make a second (1: seconds, 1_000_000: microseconds). ``daily`` is one
    working day's duty time in ticks.
    """

    def __init__(
        self, calendar: BusinessCalendar, first: date, last: date, per_second: int = 1
    ) -> None:
        self.calendar = calendar
        self.per_second = per_second
        self.day = DAY * per_second
        self.hour = 3600 * per_second
        self.first_day = day_number(first)
        n = (last - first).days + 1
        self.working = np.fromiter(
            (calendar.is_working_day(first + timedelta(days=i)) for i in range(n)),
            dtype=bool, count=n,
        )
        # before[i] = working days among the axis's first i days
        self.before = np.concatenate([[0], np.cumsum(self.working)]).astype(np.int64)
        self.working_days = np.flatnonzero(self.working).astype(np.int64)
        self.spans = np.array(
            [(self._tod(w.start), self._tod(w.end)) for w in calendar.duty_windows],
            dtype=np.int64,
        )
        self.daily = int((self.spans[:, 1] - self.spans[:, 0]).sum())

    def _tod(self, t) -> int:
        seconds = (t.hour * 60 + t.minute) * 60 + t.second
        return seconds * self.per_second + t.microsecond * self.per_second // 1_000_000

    # ------------------------------------------------------------------ positions
    def _day_index(self, t: np.ndarray) -> np.ndarray:
        d = t // self.day - self.first_day
        if d.size and (d.min() < 0 or d.max() >= self.working.size):
            raise ValueError("an instant lies outside the duty axis range")
        return d

    def tod_position(self, tod: np.ndarray) -> np.ndarray:
        """Duty ticks of a working day before the time of day ``tod`` (ticks)."""
        tod = np.asarray(tod, dtype=np.int64)
        within = np.zeros(tod.shape, dtype=np.int64)
        for s, e in self.spans.tolist():  # a couple of windows: 1-D passes, no (n, k) temporaries
            within += np.clip(tod - s, 0, e - s)
        return within

    def position(self, t) -> np.ndarray:
        """Duty ticks since the axis origin of the instants ``t`` (int64 ticks)."""
        t = np.asarray(t, dtype=np.int64)
        d = self._day_index(t)
        within = np.where(self.working[d], self.tod_position(t % self.day), 0)
        return self.before[d] * self.daily + within

    def instant(self, pos, at_window_end: bool) -> np.ndarray:
        """The instant at duty position ``pos`` (see the module docstring for boundaries)."""
        pos = np.asarray(pos, dtype=np.int64)
        k = (-(-pos // self.daily) - 1) if at_window_end else pos // self.daily
        r = pos - k * self.daily
        if k.size and k.max() >= self.working_days.size:
            raise ValueError("a position lies beyond the duty axis range; build a larger axis")
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
        return day * self.day + tod

    # ------------------------------------------------------------------ arithmetic
    def add(self, t, amount, unit) -> np.ndarray:
        """``t`` plus ``amount`` ticks of duty time (units WH/WD) or wall time (NAT).

        ``amount`` is in duty ticks for WH and WD (a working day = ``daily`` ticks).
        """
        t = np.asarray(t, dtype=np.int64)
        amount = np.broadcast_to(np.asarray(amount, dtype=np.int64), t.shape)
        unit = np.broadcast_to(np.asarray(unit, dtype=np.int8), t.shape)
        out = np.array(t + amount)  # natural time, and the result wherever amount == 0
        duty = (unit != U_NAT) & (amount > 0)
        for code, end in ((U_WH, True), (U_WD, False)):
            sel = duty & (unit == code)
            if sel.any():
                out[sel] = self.instant(self.position(t[sel]) + amount[sel], at_window_end=end)
        return out

    def elapsed(self, a, b, unit) -> np.ndarray:
        """Duty ticks (WH/WD) or wall ticks (NAT) from ``a`` to ``b``."""
        a, b = np.broadcast_arrays(np.asarray(a, dtype=np.int64), np.asarray(b, dtype=np.int64))
        unit = np.broadcast_to(np.asarray(unit, dtype=np.int8), a.shape)
        nat = unit == U_NAT
        out = np.array(b - a)
        if (~nat).any():
            out[~nat] = self.position(b[~nat]) - self.position(a[~nat])
        return out

    def unit_seconds(self, unit) -> np.ndarray:
        """Ticks of one unit: an hour (WH, NAT) or one day's duty time (WD)."""
        return np.where(np.asarray(unit) == U_WD, self.daily, self.hour)

    def limit_seconds(self, limit: TimeLimit) -> tuple[int, int]:
        """(unit code, amount in ticks of that unit's axis) of a time limit."""
        code = UNIT_CODES[limit.unit]
        per = self.daily if code == U_WD else self.hour
        return code, int(round(limit.amount * per))


def _us(t) -> np.ndarray:
    return np.asarray(t).astype("datetime64[us]").view("int64")


class DutyAxis:
    """``datetime64[us]`` adapter over a microsecond :class:`TickAxis` (NaT passes through)."""

    def __init__(self, calendar: BusinessCalendar, first: date, last: date) -> None:
        self.calendar = calendar
        self.ticks = TickAxis(calendar, first, last, per_second=1_000_000)

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

    def _plain(self, t) -> tuple[np.ndarray, np.ndarray]:
        """(int64 microseconds with NaT replaced by an on-axis instant, NaT mask)."""
        t_us = _us(t)
        nat = t_us == _NAT
        if nat.any():
            t_us = np.where(nat, (self.ticks.first_day + 1) * US_PER_DAY, t_us)
        return t_us, nat

    def position(self, t) -> np.ndarray:
        """Duty microseconds since the axis origin (int64); NaT gives an unspecified value."""
        return self.ticks.position(self._plain(t)[0])

    def add(self, t, limit: TimeLimit) -> np.ndarray:
        """``calendar.add(t, limit)`` for every instant (datetime64[us]; NaT stays NaT)."""
        t_us, nat = self._plain(t)
        code, amount = self.ticks.limit_seconds(limit)
        out = self.ticks.add(t_us, amount, code)
        return np.where(nat, _NAT, out).view("datetime64[us]")

    def elapsed(self, a, b, unit: TimeUnit) -> np.ndarray:
        """Business time from ``a`` to ``b`` in ``unit`` (float; NaN where either is NaT)."""
        (a_us, a_nat), (b_us, b_nat) = self._plain(a), self._plain(b)
        code = UNIT_CODES[unit]
        out = self.ticks.elapsed(a_us, b_us, code) / int(self.ticks.unit_seconds(code))
        return np.where(a_nat | b_nat, np.nan, out)


def stage_deadlines(
    axis: DutyAxis, entered, limit: TimeLimit, emergency: np.ndarray | None = None
) -> np.ndarray:
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
