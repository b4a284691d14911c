"""Deadlines per stage for the board's detail panel: every clock a case has run, from its events.

Contract: `stage_clocks(detail, calendar, stage_limit, now) -> list[StageClock]`, oldest first.
`detail` is a `services.dto.CaseDetail` (its `events`, `stage_clock`, `handle_clock`,
`handle_limit`, `state`); `stage_limit(stage, snapshot)` is `Lifecycle.stage_limit`. One row per
visit of a stage (accept, verify, register, dispatch, check-in, sign, check, close, callback) and
one per handling clock (dispatch until the work is reported done; a rework resumes it, a return
ends it). Each row: start, end (None while running), limit, deadline, time used and left in the
limit's unit (at the end, or now while running), the pauses (hung, an extension request
waiting, waiting for the check), the approved extensions, and whether it ran over.

The running clocks come from the case's stored clocks (exact: pauses and extensions included).
Finished clocks are rebuilt from the events by running a `domain.sla` clock again (start, the
pauses, the approved extensions), so deadline, time left and overdue are the domain's arithmetic. Pure: no database, no Qt (runs on the DB worker with `detail`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from commandcenter.domain import sla
from commandcenter.domain.calendar import BusinessCalendar, TimeLimit
from commandcenter.domain.vocabulary import STAGE_OF_STATE, Stage, State

HANDLE = Stage.HANDLE.value
# actions that stop / restart the handling clock (domain.lifecycle: sla.pause / sla.resume)
_PAUSE = {"request_extension": "extension", "hang": "hung", "report_done": "check"}
_RESUME = {"approve_extension", "reject_extension", "unhang", "check_fail"}
# states a handling clock outlives (waiting for the check counts: a rework resumes it), and
# states that end it (returned for re-dispatch, closed, void, merged)
_HANDLE_RUNS = {State.DISPATCHED, State.IN_PROGRESS, State.HUNG, State.PENDING_CHECK}
_HANDLE_ENDS = {State.PENDING_DISPATCH, State.CLOSED, State.VOID, State.MERGED}


@dataclass
class StageClock:
    stage: str  # a Stage value ("handle" for the handling clock)
    start: datetime
    limit: str  # e.g. "4 working_hours"
    unit: str  # the limit's TimeUnit value
    deadline: datetime | None = None
    end: datetime | None = None  # None: still running
    used: float | None = None  # business time used, in `unit`, pauses excluded
    left: float | None = None  # business time left at the end / now (< 0: over by that much)
    pauses: list[tuple[datetime, datetime | None, str]] = field(default_factory=list)
    extensions: list[str] = field(default_factory=list)
    overdue: bool = False

    @property
    def running(self) -> bool:
        return self.end is None

    @property
    def paused(self) -> bool:
        return bool(self.pauses) and self.pauses[-1][1] is None


def stage_clocks(detail: Any, calendar: BusinessCalendar,
                 stage_limit: Callable[[Stage, Any], TimeLimit],
                 now: datetime) -> list[StageClock]:
    rows: list[StageClock] = []
    stage_row: StageClock | None = None
    handle_row: StageClock | None = None
    pending_extra: str | None = None
    snapshot = detail.snapshot
    handle_limit = _parse(detail.handle_limit)
    for e in detail.events:
        changed = e.from_state != e.to_state
        if changed and e.from_state is State.HUNG and stage_row is not None:
            _resume(stage_row, e.at)  # unhang: the same stage clock runs on
        elif changed and e.to_state is State.HUNG:
            if stage_row is not None:
                stage_row.pauses.append((e.at, None, "hung"))
        elif changed:
            if stage_row is not None:
                stage_row.end = e.at
                if stage_row.paused:
                    _resume(stage_row, e.at)
            stage_row = None
            stage = STAGE_OF_STATE.get(e.to_state)
            if stage is not None and stage is not Stage.HANDLE:
                limit = stage_limit(stage, snapshot)
                stage_row = StageClock(stage.value, e.at, str(limit), limit.unit.value)
                rows.append(stage_row)
        # the handling clock
        payload = e.payload or {}
        if handle_row is not None and changed and e.to_state in _HANDLE_ENDS:
            _end_handle(handle_row, e.at)
            handle_row = None
        if handle_row is None and "handle_deadline" in payload:
            limit = handle_limit or _parse(payload.get("handle_limit"))
            if limit is not None:
                handle_row = StageClock(HANDLE, e.at, str(limit), limit.unit.value)
                rows.append(handle_row)
        elif handle_row is not None:
            if e.action in _PAUSE and not handle_row.paused:
                handle_row.pauses.append((e.at, None, _PAUSE[e.action]))
                if e.action == "request_extension":
                    pending_extra = str(payload.get("extra") or "")
            elif e.action in _RESUME and handle_row.paused:
                _resume(handle_row, e.at)
                if e.action == "approve_extension" and pending_extra:
                    handle_row.extensions.append(pending_extra)
                    pending_extra = None
    if handle_row is not None and detail.state not in _HANDLE_RUNS:
        # reported done and checked (or closed since): the handling ended at "report done"
        _end_handle(handle_row, detail.events[-1].at if detail.events else now)
        handle_row = None
    _finish(rows, detail, calendar, now, stage_row, handle_row)
    return rows


def _parse(text: str | None) -> TimeLimit | None:
    if not text:
        return None
    try:
        return TimeLimit.parse(str(text))
    except ValueError:
        return None


def _end_handle(row: StageClock, at: datetime) -> None:
    """A handling clock stops for good: at `at`, or where the work was reported done."""
    if row.paused:
        start, _end, why = row.pauses.pop()
        row.end = start if why == "check" else at
        if why != "check":
            row.pauses.append((start, at, why))
    else:
        row.end = at


def _resume(row: StageClock, at: datetime) -> None:
    start, _end, why = row.pauses[-1]
    row.pauses[-1] = (start, at, why)


def _replay(row: StageClock, calendar: BusinessCalendar) -> sla.Clock:
    """The clock of a row without a stored one, run again through `domain.sla`: started at the
    row's start, paused and resumed as the events did, then the approved extensions."""
    clock = sla.start_clock(calendar, row.start, TimeLimit.parse(row.limit))
    for start, end, _why in row.pauses:
        clock = sla.pause(clock, start)
        if end is not None:
            clock = sla.resume(clock, end, cal=calendar)
    for extra in row.extensions:
        x = _parse(extra)
        if x is not None:
            clock = sla.extend(clock, x, cal=calendar)
    return clock


def _finish(rows: Sequence[StageClock], detail: Any, calendar: BusinessCalendar, now: datetime,
            stage_row: StageClock | None, handle_row: StageClock | None) -> None:
    """Deadlines (stored clocks for the running ones), time used and left."""
    for row in rows:
        live = None
        if row is stage_row and detail.stage_clock is not None:
            live = detail.stage_clock
        elif row is handle_row and detail.handle_clock is not None:
            live = detail.handle_clock
        if live is not None:
            clock = live
            row.extensions = [str(x) for x in live.extensions] or row.extensions
        else:
            clock = _replay(row, calendar)
        until = row.end or now
        # time stands still while paused
        reached = min(until, clock.paused_since) if clock.paused_since is not None else until
        row.deadline = clock.deadline
        row.used = max(calendar.elapsed(row.start, reached, row.unit) - clock.paused_amount, 0.0)
        row.left = sla.time_left(calendar, clock, until)
        row.overdue = sla.is_overdue(clock, until)


__all__ = ["StageClock", "stage_clocks"]
