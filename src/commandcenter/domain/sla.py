"""Stage clocks: deadlines that stop while paused, move on extension, and age green/yellow/red.

A :class:`Clock` is one stage's time limit (accept, dispatch, handle, ...; DOMAIN.md §4). It is a
plain immutable value: every operation returns a new clock, and ``to_dict``/``from_dict`` turn it
into JSON-ready primitives for the store.

Contracts:

* The deadline is ``cal.add(start, limit)`` and only ever moves later.
* A clock is *paused* while a case is HUNG or while an extension request waits. While paused, time
  does not count: ``used_fraction``, ``time_left`` and ``is_overdue`` are evaluated at the pause
  instant. ``resume`` moves the deadline later by the business time spent paused, measured in the
  clock's own unit (natural-hours clocks count the wall-clock pause, nights included).
* ``extend`` moves the deadline later by an approved extension, which may be in another unit.
* Aging: RED when overdue (strictly after the deadline), YELLOW when at least ``yellow_at`` (default
  0.8) of the budget is used, else GREEN; NONE when there is no clock.

The budget is the business time from start to deadline less the paused time, i.e. the limit plus
extensions, so extensions in a different unit need no conversion.

Functions that move a deadline but are called without a calendar (``resume``, ``extend``) take
an optional keyword ``cal`` and otherwise use :meth:`BusinessCalendar.default`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum
from typing import Any

from commandcenter.domain.calendar import BusinessCalendar, TimeLimit, TimeUnit

DEFAULT_YELLOW_AT = 0.8
# used_fraction is a ratio of floats: forgive rounding noise at the yellow threshold.
_EPSILON = 1e-9


class Aging(StrEnum):
    """Warning colour of a clock (预警)."""

    NONE = "none"  # no clock running
    GREEN = "green"
    YELLOW = "yellow"  # at least yellow_at of the limit used
    RED = "red"  # overdue


class ClockError(ValueError):
    """An operation that makes no sense for the clock's state (pause twice, resume unpaused...)."""


@dataclass(frozen=True)
class Clock:
    """One stage clock.

    ``paused_since`` is set while paused; ``pauses`` lists the finished pauses and
    ``paused_amount`` their total business time in ``limit.unit``; ``extensions`` lists the
    approved extensions in the order granted.
    """

    start: datetime
    limit: TimeLimit
    deadline: datetime
    paused_since: datetime | None = None
    pauses: tuple[tuple[datetime, datetime], ...] = ()
    paused_amount: float = 0.0
    extensions: tuple[TimeLimit, ...] = ()

    @property
    def unit(self) -> TimeUnit:
        return self.limit.unit

    @property
    def is_paused(self) -> bool:
        return self.paused_since is not None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready primitives: datetimes as ISO strings, limits as ``"4 working_hours"``."""
        return {
            "start": self.start.isoformat(),
            "limit": str(self.limit),
            "deadline": self.deadline.isoformat(),
            "paused_since": self.paused_since.isoformat() if self.paused_since else None,
            "pauses": [[a.isoformat(), b.isoformat()] for a, b in self.pauses],
            "paused_amount": self.paused_amount,
            "extensions": [str(e) for e in self.extensions],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Clock:
        paused_since = data.get("paused_since")
        return cls(
            start=_naive(data["start"]),
            limit=TimeLimit.parse(data["limit"]),
            deadline=_naive(data["deadline"]),
            paused_since=_naive(paused_since) if paused_since else None,
            pauses=tuple((_naive(a), _naive(b)) for a, b in data.get("pauses", ())),
            paused_amount=float(data.get("paused_amount", 0.0)),
            extensions=tuple(TimeLimit.parse(e) for e in data.get("extensions", ())),
        )


def _naive(text: str) -> datetime:
    value = datetime.fromisoformat(text)
    _check_naive(value)
    return value


def _check_naive(value: datetime) -> None:
    if value.tzinfo is not None:
        raise ValueError(f"clock datetimes are naive local time, got {value.isoformat()}")


def _effective_now(clock: Clock, now: datetime) -> datetime:
    """The instant the clock has reached: time stands still while it is paused."""
    if clock.paused_since is not None and clock.paused_since < now:
        return clock.paused_since
    return now


def start_clock(cal: BusinessCalendar, start: datetime, limit: TimeLimit) -> Clock:
    """A running clock started at ``start`` with deadline ``cal.add(start, limit)``."""
    _check_naive(start)
    return Clock(start=start, limit=limit, deadline=cal.add(start, limit))


def pause(clock: Clock, at: datetime) -> Clock:
    """Stop the clock at ``at`` (case hung, extension request waiting)."""
    _check_naive(at)
    if clock.is_paused:
        raise ClockError(f"clock already paused since {clock.paused_since}")
    if at < clock.start:
        raise ClockError(f"cannot pause at {at}, before the clock started at {clock.start}")
    return replace(clock, paused_since=at)


def resume(clock: Clock, at: datetime, *, cal: BusinessCalendar | None = None) -> Clock:
    """Restart a paused clock; the deadline moves later by the business time spent paused."""
    if clock.paused_since is None:
        raise ClockError("clock is not paused")
    _check_naive(at)
    if at < clock.paused_since:
        raise ClockError(f"cannot resume at {at}, before the pause at {clock.paused_since}")
    cal = cal or BusinessCalendar.default()
    spent = max(0.0, cal.elapsed(clock.paused_since, at, clock.unit))
    return replace(
        clock,
        deadline=cal.shift(clock.deadline, spent, clock.unit),
        paused_since=None,
        pauses=(*clock.pauses, (clock.paused_since, at)),
        paused_amount=clock.paused_amount + spent,
    )


def extend(clock: Clock, extra: TimeLimit, *, cal: BusinessCalendar | None = None) -> Clock:
    """Grant an approved extension: the deadline moves later by ``extra`` (any unit)."""
    cal = cal or BusinessCalendar.default()
    return replace(
        clock, deadline=cal.add(clock.deadline, extra), extensions=(*clock.extensions, extra)
    )


def used_fraction(cal: BusinessCalendar, clock: Clock, now: datetime) -> float:
    """Share of the budget used at ``now``: 0 at start, 1 at the deadline, > 1 when overdue."""
    reached = _effective_now(clock, now)
    used = max(0.0, cal.elapsed(clock.start, reached, clock.unit) - clock.paused_amount)
    budget = cal.elapsed(clock.start, clock.deadline, clock.unit) - clock.paused_amount
    if budget <= _EPSILON:
        # Only an odd extension (natural hours onto a business clock) gets here.
        return math.inf if reached > clock.deadline else 0.0
    return used / budget


def is_overdue(clock: Clock, at: datetime) -> bool:
    """True when the clock has run past its deadline (a paused clock is judged at its pause)."""
    return _effective_now(clock, at) > clock.deadline


def time_left(cal: BusinessCalendar, clock: Clock, now: datetime) -> float:
    """Business time left in the clock's unit; negative when overdue, frozen while paused."""
    return cal.remaining(_effective_now(clock, now), clock.deadline, clock.unit)


def aging(
    cal: BusinessCalendar,
    clock: Clock | None,
    now: datetime,
    yellow_at: float = DEFAULT_YELLOW_AT,
) -> Aging:
    """Warning colour at ``now``: NONE without a clock, RED overdue, YELLOW from ``yellow_at``."""
    if not 0 < yellow_at <= 1:
        raise ValueError(f"yellow_at must be in (0, 1], got {yellow_at!r}")
    if clock is None:
        return Aging.NONE
    if is_overdue(clock, now):
        return Aging.RED
    if used_fraction(cal, clock, now) >= yellow_at - _EPSILON:
        return Aging.YELLOW
    return Aging.GREEN
