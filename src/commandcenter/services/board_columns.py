"""Column helpers for the board store: categorical codes and the current clock's aging.

- `Categorical`: values <-> int32 codes (code 0 is None); `encode(list)` grows the table.
- `aging_arrays(...)`: green/yellow/red and time left of the current stage clock for every row,
  vectorised. It is EXACT for business time, not a natural-time approximation: the business
  calendar (holidays, make-up working days, duty windows) is laid out once as a duty axis
  (`analytics.duty.TickAxis`, tested against `BusinessCalendar`), and positions on it are numpy
  lookups. The clock's unit comes from the state's stage limit (emergencies: natural hours, as
  `Lifecycle.stage_limit` does) or, while handling, from the case's `handle_limit`.
  One documented approximation: time spent in FINISHED pauses is not subtracted from either the
  used or the total budget (the store keeps only the current pause's start in columns), so a
  clock that was paused and resumed turns yellow slightly early; red (overdue) is exact.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date, timedelta
from typing import Any

import numpy as np

from commandcenter.analytics.duty import DAY, U_NAT, U_WD, U_WH, UNIT_CODES, TickAxis
from commandcenter.domain.calendar import BusinessCalendar, TimeLimit, TimeUnit
from commandcenter.domain.vocabulary import STAGE_OF_STATE, Stage, State

from .board_load import NO_TIME

AGING_NONE, AGING_GREEN, AGING_YELLOW, AGING_RED = 0, 1, 2, 3
YELLOW_AT = 0.8
UNIT_NONE = -1


class Categorical:
    """A growing lookup table of values; code 0 always means None."""

    def __init__(self, fixed: Iterable[str] = ()) -> None:
        self.values: list[str | None] = [None]
        self.index: dict[str | None, int] = {None: 0}
        for v in fixed:
            self.code_for(v)

    def code_for(self, value: str | None) -> int:
        code = self.index.get(value)
        if code is None:
            code = self.index[value] = len(self.values)
            self.values.append(value)
        return code

    def code(self, value: str | None) -> int | None:
        """The code of a known value, None for a value no row has."""
        return self.index.get(value)

    def codes(self, values: Iterable[str]) -> list[int]:
        return [c for c in (self.index.get(v) for v in values) if c is not None]

    def encode(self, values: Sequence[str | None]) -> np.ndarray:
        for v in set(values).difference(self.index):
            self.code_for(v)
        # map() over a dict lookup runs in C: ~4x faster than a Python loop per value
        return np.fromiter(map(self.index.__getitem__, values), dtype=np.int32,
                           count=len(values))

    def ranks(self, label: Mapping[str, str] | None = None) -> np.ndarray:
        """Sort rank of every code by its display label (None last)."""
        keys = [(v is None, (label or {}).get(v, v) if v is not None else "") for v in self.values]
        order = sorted(range(len(keys)), key=keys.__getitem__)
        ranks = np.empty(len(keys), dtype=np.int32)
        ranks[order] = np.arange(len(keys), dtype=np.int32)
        return ranks


def unit_of_limit(text: str | None) -> int:
    if not text:
        return UNIT_NONE
    try:
        return UNIT_CODES[TimeLimit.parse(text).unit]
    except (ValueError, KeyError):
        return UNIT_NONE


def state_units(states: Categorical, stage_limits: Mapping[Stage, TimeLimit]) -> np.ndarray:
    """Clock unit per state code (UNIT_NONE where no stage clock runs or it is the handle clock)."""
    out = np.full(len(states.values), UNIT_NONE, dtype=np.int8)
    for code, value in enumerate(states.values):
        stage = STAGE_OF_STATE.get(State(value)) if value in State._value2member_map_ else None
        if stage is not None and stage is not Stage.HANDLE and stage in stage_limits:
            out[code] = UNIT_CODES[stage_limits[stage].unit]
    return out


class AgingAxis:
    """A duty axis that grows to cover the instants asked about."""

    def __init__(self, calendar: BusinessCalendar) -> None:
        self.calendar = calendar
        self.axis: TickAxis | None = None

    def covering(self, lo: int, hi: int) -> TickAxis:
        a = self.axis
        if a is None or lo // DAY < a.first_day or hi // DAY >= a.first_day + a.working.size:
            first = date(1970, 1, 1) + timedelta(days=int(lo // DAY) - 7)
            last = date(1970, 1, 1) + timedelta(days=int(hi // DAY) + 60)
            self.axis = a = TickAxis(self.calendar, first, last)
        return a


def aging_arrays(axis: AgingAxis, cols: Mapping[str, Any], unit_by_state: np.ndarray,
                 unit_by_handle: np.ndarray, paused_since: np.ndarray, now: int,
                 open_mask: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(aging code int8, time left float in the unit, unit int8) per row; see the module doc."""
    n = len(open_mask)
    aging = np.zeros(n, dtype=np.int8)
    left = np.full(n, np.nan)
    unit = unit_by_state[cols["state"]]
    handling = unit == UNIT_NONE
    unit = np.where(handling, unit_by_handle[cols["handle_limit"]], unit).astype(np.int8)
    emergency = cols["emergency"].astype(bool)
    unit = np.where(emergency & (unit != UNIT_NONE) & ~handling, U_NAT, unit).astype(np.int8)
    start, due = cols["due_start"], cols["due_at"]
    live = open_mask & (due != NO_TIME) & (start != NO_TIME) & (unit != UNIT_NONE)
    rows = np.flatnonzero(live)
    if rows.size == 0:
        return aging, left, unit
    s, d, u = start[rows], due[rows], unit[rows]
    reached = np.where(paused_since[rows] != NO_TIME, np.minimum(paused_since[rows], now), now)
    duty = axis.covering(int(min(s.min(), reached.min())), int(max(d.max(), reached.max())))
    used = duty.elapsed(s, reached, u).astype(np.float64)
    budget = duty.elapsed(s, d, u).astype(np.float64)
    remain = duty.elapsed(reached, d, u).astype(np.float64)
    per_unit = np.where(u == U_WD, duty.daily, 3600).astype(np.float64)
    frac = np.divide(used, budget, out=np.where(reached > d, np.inf, 0.0), where=budget > 0)
    code = np.where(reached > d, AGING_RED,
                    np.where(frac >= YELLOW_AT - 1e-9, AGING_YELLOW, AGING_GREEN))
    aging[rows] = code
    left[rows] = remain / per_unit
    return aging, left, unit


__all__ = ["AGING_GREEN", "AGING_NONE", "AGING_RED", "AGING_YELLOW", "Categorical", "U_NAT",
           "U_WD", "U_WH", "TimeUnit", "aging_arrays", "state_units", "unit_of_limit"]
