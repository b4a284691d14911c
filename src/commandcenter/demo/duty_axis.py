"""Vectorised business time for generated history: `BusinessCalendar` arithmetic over arrays.

The demo generator moves millions of instants by working hours/days. Calling
`BusinessCalendar.add` per instant would take minutes, so :class:`DutyAxis` redoes the same
arithmetic on numpy arrays. It is exact, not an approximation: it reads the working days of the
real calendar (statutory holidays and make-up days included) and its duty windows, and follows
the calendar's contract (see `commandcenter.domain.calendar`) to the second:

* an instant maps to a *position* on the duty axis (duty seconds since the axis origin; a
  non-working day or a night has the position of the next duty start);
* ``WORKING_HOURS`` additions land on the earliest instant (a window's end when exactly on it),
  ``WORKING_DAYS`` additions on the later window's start; adding 0 returns the instant itself;
* ``NATURAL_HOURS`` is wall-clock time.

Instants are int64 seconds since 1970-01-01 of the naive local time (no time zone arithmetic),
so inputs must be whole seconds, which the generator guarantees. The test suite compares the
axis with `BusinessCalendar.add`/`elapsed` on random instants.
"""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np

from commandcenter.domain.calendar import BusinessCalendar, TimeLimit, TimeUnit

DAY = 86_400
_EPOCH = date(1970, 1, 1)

# Unit codes used in the generator's integer arrays.
U_WH, U_WD, U_NAT = 0, 1, 2
UNIT_CODES = {
    TimeUnit.WORKING_HOURS: U_WH,
    TimeUnit.WORKING_DAYS: U_WD,
    TimeUnit.NATURAL_HOURS: U_NAT,
}


def day_number(d: date) -> int:
    return (d - _EPOCH).days


class DutyAxis:
    """The duty axis of a calendar between two days (inclusive); instants outside raise."""

    def __init__(self, calendar: BusinessCalendar, first: date, last: date) -> None:
        self.calendar = calendar
        self.first_day = day_number(first)
        n = (last - first).days + 1
        self.working = np.array(
            [calendar.is_working_day(first + timedelta(days=i)) for i in range(n)], dtype=bool
        )
        # before[i] = working days among the axis's first i days
        self.before = np.concatenate([[0], np.cumsum(self.working)]).astype(np.int64)
        self.working_days = np.flatnonzero(self.working).astype(np.int64)
        spans = []
        for w in calendar.duty_windows:
            s = w.start.hour * 3600 + w.start.minute * 60 + w.start.second
            e = w.end.hour * 3600 + w.end.minute * 60 + w.end.second
            spans.append((s, e))
        self.spans = np.array(spans, dtype=np.int64)
        self.daily = int((self.spans[:, 1] - self.spans[:, 0]).sum())

    # ------------------------------------------------------------------ positions
    def _day_index(self, t: np.ndarray) -> np.ndarray:
        d = t // DAY - self.first_day
        if d.size and (d.min() < 0 or d.max() >= self.working.size):
            raise ValueError("instant outside the duty axis range")
        return d

    def tod_position(self, tod: np.ndarray) -> np.ndarray:
        """Duty seconds of a working day before the time of day ``tod`` (seconds)."""
        s, e = self.spans[:, 0], self.spans[:, 1]
        return np.clip(tod[..., None] - s, 0, e - s).sum(axis=-1)

    def position(self, t: np.ndarray) -> np.ndarray:
        t = np.asarray(t, dtype=np.int64)
        d = self._day_index(t)
        within = np.where(self.working[d], self.tod_position(t % DAY), 0)
        return self.before[d] * self.daily + within

    def instant(self, pos: np.ndarray, at_window_end: bool) -> np.ndarray:
        """The instant at duty position ``pos`` (see the module docstring for boundaries)."""
        pos = np.asarray(pos, dtype=np.int64)
        if at_window_end:
            k = -(-pos // self.daily) - 1
        else:
            k = pos // self.daily
        r = pos - k * self.daily
        if k.size and k.max() >= self.working_days.size:
            raise ValueError("position beyond the duty axis range")
        day = self.working_days[k] + self.first_day
        tod = np.full(pos.shape, self.spans[-1, 1], dtype=np.int64)
        done = np.zeros(pos.shape, dtype=bool)
        passed = 0
        for s, e in self.spans.tolist():
            length = e - s
            hit = ~done & (
                (r < passed + length) | ((r == passed + length) if at_window_end else False)
            )
            tod = np.where(hit, s + (r - passed), tod)
            done |= hit
            passed += length
        return day * DAY + tod

    # ------------------------------------------------------------------ arithmetic
    def add(self, t: np.ndarray, amount: np.ndarray, unit: np.ndarray) -> np.ndarray:
        """``t`` plus ``amount`` seconds of duty time (units WH/WD) or wall time (NAT).

        ``amount`` is in duty seconds for WH and WD (a working day = ``daily`` seconds).
        """
        t = np.asarray(t, dtype=np.int64)
        amount = np.broadcast_to(np.asarray(amount, dtype=np.int64), t.shape)
        unit = np.broadcast_to(np.asarray(unit, dtype=np.int8), t.shape)
        out = t + amount  # natural time, and the result wherever amount == 0
        duty = (unit != U_NAT) & (amount > 0)
        for code, end in ((U_WH, True), (U_WD, False)):
            sel = duty & (unit == code)
            if sel.any():
                out[sel] = self.instant(self.position(t[sel]) + amount[sel], at_window_end=end)
        return out

    def elapsed(self, a: np.ndarray, b: np.ndarray, unit: np.ndarray) -> np.ndarray:
        """Duty seconds (WH/WD) or wall seconds (NAT) from ``a`` to ``b``."""
        a = np.asarray(a, dtype=np.int64)
        b = np.asarray(b, dtype=np.int64)
        unit = np.broadcast_to(np.asarray(unit, dtype=np.int8), a.shape)
        nat = unit == U_NAT
        out = b - a
        if (~nat).any():
            duty = self.position(b[~nat]) - self.position(a[~nat])
            out = out.copy()
            out[~nat] = duty
        return out

    def unit_seconds(self, unit: np.ndarray) -> np.ndarray:
        """Seconds of one unit: an hour (WH, NAT) or one day's duty time (WD)."""
        return np.where(np.asarray(unit) == U_WD, self.daily, 3600)

    def limit_seconds(self, limit: TimeLimit) -> tuple[int, int]:
        """(unit code, amount in seconds of that unit's axis) of a time limit."""
        code = UNIT_CODES[limit.unit]
        per = self.daily if code == U_WD else 3600
        return code, int(round(limit.amount * per))
