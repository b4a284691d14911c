"""The operators' live picture (DOMAIN.md §6 last item): funnel, open work, warnings, intake.

Contracts
- `funnel(events, day, until=None)`: distinct cases reaching each stage on ``day`` (events in
  [day 00:00, min(next day, until))), in `FUNNEL` order: reported (``report``), accepted
  (``accept``, ``send_to_verify``, ``handle_on_spot``), registered, dispatched (dispatch or
  whistle), handled (``report_done`` or ``handle_on_spot``), checked (``check_pass``), closed
  (entering CLOSED, except a case an import brings closed: `NOT_CLOSURES`).
- `stage_cases(log, start, end)`: the cases behind those counts, for events in [start, end)
  (the KPI page's live picture keeps them as sets).
- `open_by_state(cases)`: open cases per state, every open state present (0 when none).
- `aging(cases, now)` / `warnings_by_unit(cases, now)`: the board's colours from the cases frame's
  denormalised clock (``due_start``, ``due_at``, ``clock_paused``): RED when ``now`` is after
  ``due_at``; YELLOW when at least ``yellow_at`` of the budget is used, measured in working time
  (business calendar) or natural time for emergencies and for budgets with no working time; a
  paused clock (hung, extension waiting) is green: time stands still while paused and the pause
  instant is not in the frame. Units: ``lead_unit``, else ``owner_centre``.
- `intake_by_hour(cases, day, weeks=4, until=None)`: reports per channel per hour of ``day`` and
  the same weekday's typical curve (mean over the previous ``weeks`` same weekdays).
- `open_whistles(events, now)`: one row per summoned department of each case still WHISTLED.
- `top_categories(frame, period, by=None, k=10)`: registrations per minor class in the period
  and the previous one (环比), with the change.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import numpy as np
import pandas as pd

from commandcenter.analytics.duty import DutyAxis
from commandcenter.analytics.eventlog import EventLog
from commandcenter.domain.calendar import BusinessCalendar, TimeUnit
from commandcenter.domain.indicators import Period
from commandcenter.domain.vocabulary import OPEN_STATES, State

FUNNEL = ("reported", "accepted", "registered", "dispatched", "handled", "checked", "closed")
_FUNNEL_ACTIONS = {
    "reported": ("report",),
    "accepted": ("accept", "send_to_verify", "handle_on_spot"),
    "registered": ("register",),
    "dispatched": ("dispatch", "whistle"),
    "handled": ("report_done", "handle_on_spot"),
    "checked": ("check_pass",),
}
# Entries into "closed" that are no closure of the day: a case a district export brings already
# closed (its sync_import event) was closed by the district long before it arrived here.
NOT_CLOSURES = ("sync_import",)
AGING = ("none", "green", "yellow", "red")


def _day_bounds(day: date, until: datetime | None) -> tuple[np.datetime64, np.datetime64]:
    start = datetime.combine(day, time())
    end = start + timedelta(days=1)
    if until is not None:
        end = min(end, until)
    return np.datetime64(start, "us"), np.datetime64(end, "us")


def stage_cases(log: EventLog, start: np.datetime64, end: np.datetime64) -> dict[str, np.ndarray]:
    """Per `FUNNEL` stage, the distinct cases (ascending ids) reaching it in [start, end)."""
    window = log.within(start, end)
    out = {}
    for stage in FUNNEL:
        if stage == "closed":
            mask = (log.is_("to_state", "closed") & ~log.is_("from_state", "closed")
                    & ~log.action(*NOT_CLOSURES))
        else:
            mask = log.action(*_FUNNEL_ACTIONS[stage])
        out[stage] = np.unique(log.case[mask & window])
    return out


def funnel(events: pd.DataFrame, day: date, until: datetime | None = None) -> pd.Series:
    reached = stage_cases(EventLog(events), *_day_bounds(day, until))
    return pd.Series({stage: int(ids.size) for stage, ids in reached.items()}, name=str(day))


def open_by_state(cases: pd.DataFrame) -> pd.Series:
    order = [s.value for s in State if s in OPEN_STATES]
    counts = cases["state"].astype(object).value_counts()
    return counts.reindex(order, fill_value=0).astype(int).rename("open")


def aging(cases: pd.DataFrame, now: datetime, *, yellow_at: float = 0.8,
          calendar: BusinessCalendar | None = None) -> pd.Series:
    """Per case: none / green / yellow / red (a categorical in `AGING` order)."""
    start = cases["due_start"].to_numpy().astype("datetime64[us]")
    due = cases["due_at"].to_numpy().astype("datetime64[us]")
    now64 = np.datetime64(now, "us")
    has = ~np.isnat(due)
    paused = cases["clock_paused"].fillna(False).to_numpy(bool) if "clock_paused" in cases else np.zeros(len(cases), bool)
    red = has & ~paused & (due < now64)
    axis = DutyAxis.covering(calendar or BusinessCalendar.default(), start, due, np.array([now64]))
    nows = np.full(start.shape, now64)
    budget_w = axis.elapsed(start, due, TimeUnit.WORKING_HOURS)
    used_w = axis.elapsed(start, nows, TimeUnit.WORKING_HOURS)
    budget_n = axis.elapsed(start, due, TimeUnit.NATURAL_HOURS)
    used_n = axis.elapsed(start, nows, TimeUnit.NATURAL_HOURS)
    emergency = cases["emergency"].fillna(False).to_numpy(bool) if "emergency" in cases else np.zeros(len(cases), bool)
    natural = emergency | ~(budget_w > 0)
    with np.errstate(invalid="ignore", divide="ignore"):
        fraction = np.where(natural, used_n / budget_n, used_w / budget_w)
    yellow = has & ~red & ~paused & (fraction >= yellow_at - 1e-9)
    codes = np.where(~has, 0, np.where(red, 3, np.where(yellow, 2, 1)))
    return pd.Series(pd.Categorical.from_codes(codes, categories=list(AGING)), index=cases.index, name="aging")


def warnings_by_unit(cases: pd.DataFrame, now: datetime, *, yellow_at: float = 0.8,
                     calendar: BusinessCalendar | None = None) -> pd.DataFrame:
    """Open cases, yellow and red counts per responsible unit (or owning centre), worst first."""
    open_cases = cases.loc[cases["state"].isin([s.value for s in OPEN_STATES])]
    colour = aging(open_cases, now, yellow_at=yellow_at, calendar=calendar)
    unit = open_cases["lead_unit"].astype(object).fillna(open_cases["owner_centre"].astype(object))
    df = pd.DataFrame({"unit": unit.fillna(""), "yellow": colour == "yellow", "red": colour == "red"})
    out = df.groupby("unit").agg(open=("red", "size"), yellow=("yellow", "sum"), red=("red", "sum"))
    return out.astype(int).sort_values(["red", "yellow", "open"], ascending=False)


@dataclass(frozen=True)
class IntakeByHour:
    """Reports per channel (rows, ``channels`` order) and hour 0-23 (columns).

    ``today`` is NaN for hours after ``until``; ``typical`` is the mean over ``days_used``."""

    channels: list[str]
    today: np.ndarray
    typical: np.ndarray
    days_used: list[date]


def intake_by_hour(cases: pd.DataFrame, day: date, *, weeks: int = 4, until: datetime | None = None) -> IntakeByHour:
    reported = cases["reported_at"].to_numpy().astype("datetime64[us]")
    channel = cases["channel"].astype(object).fillna("").to_numpy()
    channels = sorted(set(channel) - {""})
    index = {c: i for i, c in enumerate(channels)}
    ch = np.fromiter((index.get(c, -1) for c in channel), dtype=np.int64, count=channel.size) if channels else np.zeros(0, np.int64)

    def counts(d: date) -> np.ndarray:
        lo, hi = _day_bounds(d, None)
        sel = (reported >= lo) & (reported < hi) & (ch >= 0)
        hours = ((reported[sel] - lo) // np.timedelta64(1, "h")).astype(np.int64)
        grid = np.zeros((len(channels), 24))
        np.add.at(grid, (ch[sel], hours), 1)
        return grid

    today = counts(day)
    if until is not None and until.date() == day:
        today[:, until.hour + 1:] = np.nan
    past = [day - timedelta(weeks=k) for k in range(1, weeks + 1)]
    typical = np.mean([counts(d) for d in past], axis=0) if past else np.zeros_like(today)
    return IntakeByHour(channels, today, typical, past)


def open_whistles(events: pd.DataFrame, now: datetime) -> pd.DataFrame:
    """Summoned departments of cases still WHISTLED at ``now``: called_at, deadline, checked-in time
    and status (``checked_in``, ``waiting``, ``late``: no check-in and the deadline passed)."""
    log = EventLog(events)
    now64 = np.datetime64(now, "us")
    valid = log.before(now64)
    last = log.last_rows(valid)
    whistled = last[log.is_("to_state", "whistled")[last]]
    w_rows = log.last_at_or_before(log.action("whistle"), whistled)
    w_rows = w_rows[w_rows >= 0]
    summoned = events["departments"].to_numpy()[w_rows]
    counts = np.fromiter((len(d) if d else 0 for d in summoned), dtype=np.int64, count=w_rows.size)
    w = np.repeat(w_rows, counts)
    df = pd.DataFrame({
        "case_id": log.case[w], "w": w,
        # object dtype even when empty, so the merge keys below always agree
        "department": np.array([u for d in summoned if d for u in d], dtype=object),
        "called_at": log.at[w], "deadline": events["checkin_deadline"].to_numpy().astype("datetime64[us]")[w],
    })
    checks = np.flatnonzero(log.action("check_in") & valid)
    answered = pd.DataFrame({"w": log.last_at_or_before(log.action("whistle"), checks).astype(np.int64),
                             "department": events["unit_code"].astype(object).to_numpy()[checks].astype(object),
                             "checked_in_at": log.at[checks]})
    df = df.merge(answered, on=["w", "department"], how="left").drop(columns="w")
    late = df["checked_in_at"].isna() & (df["deadline"] < now64)
    df["status"] = np.where(df["checked_in_at"].notna(), "checked_in", np.where(late, "late", "waiting"))
    return df.sort_values(["deadline", "case_id", "department"]).reset_index(drop=True)


def top_categories(frame: pd.DataFrame, period: Period, *, by: str | None = None, k: int = 10) -> pd.DataFrame:
    """Registrations per minor class (per ``by`` column if given) in ``period`` and the previous one.

    ``frame`` has ``registered_at`` and ``minor_code`` columns (the case frame or case facts).
    Returns the top ``k`` per group by count: [by,] minor_code, count, previous, change, change_pct
    (NaN when the previous count is 0).
    """
    reg = frame["registered_at"]
    prev = period.previous()
    keys = ([by] if by else []) + ["minor_code"]

    def count(p: Period) -> pd.Series:
        sel = (reg >= p.start) & (reg < p.end)
        return frame.loc[sel].groupby(keys, observed=True).size()

    now, before = count(period), count(prev)
    out = pd.DataFrame({"count": now}).join(pd.DataFrame({"previous": before}), how="left")
    out["previous"] = out["previous"].fillna(0).astype(int)
    out["change"] = out["count"] - out["previous"]
    out["change_pct"] = (out["change"] / out["previous"].where(out["previous"] > 0)).astype(float)
    out = out.reset_index().sort_values(keys[:-1] + ["count", "minor_code"], ascending=[True] * len(keys[:-1]) + [False, True])
    return out.groupby(by, observed=True).head(k).reset_index(drop=True) if by else out.head(k).reset_index(drop=True)
