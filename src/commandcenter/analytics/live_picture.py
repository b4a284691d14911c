"""The operators' live picture as an incrementally maintained state (no store, no Qt).

`LivePicture.build(events, cases, now, ...)` computes every figure once from frames the services
layer fetched (see `services.kpi.LiveService`); `apply(events, cases, now)` then takes the FULL
event history and the current rows of only the cases that changed and patches the state:

- funnel: per stage, the set of cases that reached it today (only the changed cases' events are
  examined; a new day rebuilds the day's sets from what is held);
- open cases: the held case rows are replaced for the changed cases (open by state, deadline
  colours by unit, intake by hour and top categories are cheap column operations over the held
  rows, which are only the open and recent cases, never the whole store);
- on-time closing month-to-date: per-case cohort flags (net "should close − hung", closed on
  time) are recomputed for the changed cases only, with the indicator core's `Assessment`;
- open whistles: the changed cases' rows are recomputed with `analytics.live.open_whistles`.

Figures that drift with time alone (a deadline passing with no event) are exact as of the last
`build`; the UI rebuilds periodically (every few minutes) and on demand.

`snapshot()` returns a `LiveSnapshot`: plain numbers, numpy arrays and small frames, each figure
with the case ids behind it for drill-down.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

import numpy as np
import pandas as pd

from commandcenter.analytics import live
from commandcenter.analytics.eventlog import EventLog
from commandcenter.analytics.indicators import Assessment
from commandcenter.domain.calendar import BusinessCalendar, TimeLimit
from commandcenter.domain.indicators import Period
from commandcenter.domain.vocabulary import OPEN_STATES, Stage

OPEN = frozenset(s.value for s in OPEN_STATES)


@dataclass
class LiveSnapshot:
    """Everything the live view draws. ``*_ids`` map a figure's key to the cases behind it."""

    now: datetime
    day: date
    funnel: list[tuple[str, int]]
    funnel_ids: dict[str, np.ndarray]
    open_states: list[tuple[str, int]]
    open_ids: dict[str, np.ndarray]
    warnings: pd.DataFrame  # index unit; columns open, yellow, red
    warning_ids: dict[tuple[str, str], np.ndarray]  # (unit, "yellow"|"red"|"open") -> ids
    whistles: pd.DataFrame  # case_id, department, called_at, deadline, checked_in_at, status
    intake: live.IntakeByHour
    ontime_rate: float  # NaN when nothing should have closed yet
    ontime_closed: int
    ontime_net: int
    ontime_target: float
    ontime_ids: np.ndarray  # closed on time (numerator)
    ontime_net_ids: np.ndarray  # should close − hung (denominator)
    top: pd.DataFrame  # minor_code, count, previous, change, change_pct
    top_ids: dict[str, np.ndarray] = field(default_factory=dict)
    daily_days: np.ndarray = field(default_factory=lambda: np.zeros(0, "datetime64[D]"))
    daily_counts: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    names: dict[str, str] = field(default_factory=dict)  # code -> display name (set by services)
    case_codes: dict[int, str] = field(default_factory=dict)  # id -> case code (set by services)
    version: int = 0  # bumped on every build/apply


def month_start(day: date) -> datetime:
    return datetime(day.year, day.month, 1)


def case_window_start(day: date, weeks: int = 4) -> datetime:
    """The earliest reported/registered time the live picture needs rows for (intake curves over
    ``weeks`` weeks, this month and the previous 7 days for top categories)."""
    return min(datetime.combine(day - timedelta(weeks=weeks), time()), month_start(day),
               datetime.combine(day - timedelta(days=13), time()))


class LivePicture:
    def __init__(self, *, target: float = 0.9, weeks: int = 4, calendar: BusinessCalendar | None = None,
                 stage_limits: Mapping[Stage, TimeLimit] | None = None) -> None:
        self.target = target
        self.weeks = weeks
        self.calendar = calendar or BusinessCalendar.default()
        self.stage_limits = stage_limits
        self.version = 0

    # ------------------------------------------------------------------ full build
    @classmethod
    def build(cls, events: pd.DataFrame, cases: pd.DataFrame, now: datetime, **options) -> LivePicture:
        self = cls(**options)
        self._rebuild(events, cases, now)
        return self

    def _rebuild(self, events: pd.DataFrame, cases: pd.DataFrame, now: datetime) -> None:
        self.now = now
        self.day = now.date()
        self.cases = cases.copy()
        self.stage_sets = self._stage_sets(events)
        self.cohort = self._cohort_flags(events, cases)
        self.whistle_rows = _whistles(events, now)
        self.today_events = events.loc[events["at"] >= np.datetime64(datetime.combine(self.day, time()), "us")]
        self.version += 1

    def _stage_sets(self, events: pd.DataFrame) -> dict[str, set[int]]:
        """Per funnel stage, the cases that reached it today, up to and including now."""
        if not len(events):
            return {s: set() for s in live.FUNNEL}
        lo = np.datetime64(datetime.combine(self.day, time()), "us")
        hi = np.datetime64(self.now, "us") + np.timedelta64(1, "us")
        reached = live.stage_cases(EventLog(events), lo, hi)
        return {stage: set(ids.tolist()) for stage, ids in reached.items()}

    def _cohort_flags(self, events: pd.DataFrame, cases: pd.DataFrame) -> pd.DataFrame:
        """Per case registered this month: net (should close − hung) and closed on time."""
        period = Period(month_start(self.day), datetime.combine(self.day + timedelta(days=1), time()))
        if not len(events):
            return pd.DataFrame({"net": pd.Series(dtype=bool), "ontime": pd.Series(dtype=bool)})
        a = Assessment(events, cases, period, as_of=self.now, calendar=self.calendar,
                       stage_limits=self.stage_limits)
        c = a.cohort
        return pd.DataFrame({"net": c["net"], "ontime": c["closed_on_time"]},
                            index=pd.Index(c.ids, name="case_id"))

    # ------------------------------------------------------------------ incremental update
    def apply(self, events: pd.DataFrame, cases: pd.DataFrame, now: datetime) -> None:
        """Patch the state with the changed cases: ``cases`` their current rows, ``events`` their
        full event histories (both frames from `analytics.frames`)."""
        if now.date() != self.day:
            # a new day: the day's sets start empty; held rows stay (the next build refreshes)
            self.day = now.date()
            self.now = now
            self.stage_sets = {s: set() for s in live.FUNNEL}
        self.now = now
        ids = cases.index.to_numpy()
        # case rows: replace (keep only rows the picture needs)
        keep = self.cases.index.difference(ids)
        fresh = cases.loc[self._wanted(cases)]
        if len(fresh):
            fresh = _aligned(fresh, self.cases)  # widens self.cases' categories first
            self.cases = pd.concat([self.cases.loc[keep], fresh]).sort_index()
        else:
            self.cases = self.cases.loc[keep]
        # funnel: add the changed cases' stages reached today
        for stage, members in self._stage_sets(events).items():
            self.stage_sets[stage] |= members
        # month-to-date cohort flags
        flags = self._cohort_flags(events, cases)
        self.cohort = pd.concat([self.cohort.loc[self.cohort.index.difference(ids)], flags])
        # whistles
        rest = self.whistle_rows.loc[~self.whistle_rows["case_id"].isin(ids)]
        new = _whistles(events, now)
        self.whistle_rows = pd.concat([rest, new], ignore_index=True) if len(new) else rest
        self.version += 1

    def _wanted(self, cases: pd.DataFrame) -> np.ndarray:
        start = np.datetime64(case_window_start(self.day, self.weeks), "us")
        state = cases["state"].astype(object).to_numpy()
        recent = (cases["reported_at"].to_numpy() >= start) | (cases["registered_at"].to_numpy() >= start)
        return np.isin(state, list(OPEN)) | recent

    # ------------------------------------------------------------------ figures
    def snapshot(self) -> LiveSnapshot:
        now, day, cases = self.now, self.day, self.cases
        funnel_ids = {s: np.array(sorted(self.stage_sets[s]), dtype=np.int64) for s in live.FUNNEL}
        state = cases["state"].astype(object)
        open_mask = state.isin(OPEN)
        by_state = live.open_by_state(cases.loc[open_mask])
        open_ids = {s: cases.index[(state == s).to_numpy()].to_numpy() for s in by_state.index}
        open_cases = cases.loc[open_mask]
        warnings, warning_ids = self._warnings(open_cases, now)
        whistles = self.whistle_rows.copy()
        if len(whistles):
            late = whistles["checked_in_at"].isna() & (whistles["deadline"] < np.datetime64(now, "us"))
            whistles["status"] = np.where(whistles["checked_in_at"].notna(), "checked_in",
                                          np.where(late, "late", "waiting"))
        intake = live.intake_by_hour(cases, day, weeks=self.weeks, until=now)
        net = self.cohort["net"].to_numpy(bool)
        ontime = self.cohort["ontime"].to_numpy(bool) & net
        n_net, n_ok = int(net.sum()), int(ontime.sum())
        top, top_ids = self._top(cases, day)
        days, daily = self._daily(cases, day)
        return LiveSnapshot(
            now=now, day=day,
            funnel=[(s, len(self.stage_sets[s])) for s in live.FUNNEL], funnel_ids=funnel_ids,
            open_states=list(zip(by_state.index, by_state.astype(int).tolist(), strict=True)),
            open_ids=open_ids, warnings=warnings, warning_ids=warning_ids, whistles=whistles,
            intake=intake, ontime_rate=(n_ok / n_net) if n_net else float("nan"),
            ontime_closed=n_ok, ontime_net=n_net, ontime_target=self.target,
            ontime_ids=self.cohort.index.to_numpy()[ontime],
            ontime_net_ids=self.cohort.index.to_numpy()[net], top=top, top_ids=top_ids,
            daily_days=days, daily_counts=daily, version=self.version,
        )

    def _warnings(self, open_cases: pd.DataFrame, now: datetime):
        if not len(open_cases):
            empty = pd.DataFrame({"open": [], "yellow": [], "red": []}, dtype=int)
            return empty, {}
        colour = live.aging(open_cases, now, calendar=self.calendar).astype(object).to_numpy()
        unit = open_cases["lead_unit"].astype(object).fillna(open_cases["owner_centre"].astype(object))
        unit = unit.fillna("").to_numpy()
        df = pd.DataFrame({"unit": unit, "yellow": colour == "yellow", "red": colour == "red"})
        out = df.groupby("unit").agg(open=("red", "size"), yellow=("yellow", "sum"), red=("red", "sum"))
        out = out.astype(int).sort_values(["red", "yellow", "open"], ascending=False)
        ids = open_cases.index.to_numpy()
        order = np.argsort(unit, kind="stable")
        bounds = np.flatnonzero(np.r_[True, unit[order][1:] != unit[order][:-1], True])
        groups: dict[tuple[str, str], np.ndarray] = {}
        for a, b in zip(bounds[:-1], bounds[1:], strict=True):
            rows = order[a:b]
            u = unit[rows[0]]
            groups[(u, "open")] = np.sort(ids[rows])
            groups[(u, "yellow")] = np.sort(ids[rows][colour[rows] == "yellow"])
            groups[(u, "red")] = np.sort(ids[rows][colour[rows] == "red"])
        return out, groups

    def _daily(self, cases: pd.DataFrame, day: date, days: int = 28):
        """Cases reported per day over the ``days`` days ending today."""
        axis = np.arange(np.datetime64(day, "D") - days + 1, np.datetime64(day, "D") + 1)
        rep = cases["reported_at"].to_numpy().astype("datetime64[D]")
        pos = (rep - axis[0]).astype(np.int64)
        ok = ~np.isnat(rep) & (pos >= 0) & (pos < days)
        return axis, np.bincount(pos[ok], minlength=days).astype(np.int64)

    def _top(self, cases: pd.DataFrame, day: date, k: int = 10):
        """Registrations per minor class over the last 7 days against the 7 days before."""
        end = datetime.combine(day + timedelta(days=1), time())
        period = Period(end - timedelta(days=7), end)
        top = live.top_categories(cases, period, k=k)
        reg = cases["registered_at"].to_numpy()
        sel = (reg >= np.datetime64(period.start, "us")) & (reg < np.datetime64(period.end, "us"))
        minor = cases["minor_code"].astype(object).to_numpy()
        ids = {m: cases.index.to_numpy()[sel & (minor == m)] for m in top["minor_code"].astype(object)}
        return top, ids


def _aligned(fresh: pd.DataFrame, like: pd.DataFrame) -> pd.DataFrame:
    """``fresh`` with ``like``'s columns and categorical dtypes widened to hold both (concat of
    categoricals with different categories would silently become object columns)."""
    out = fresh.reindex(columns=like.columns)
    for column in like.columns:
        dtype = like[column].dtype
        if isinstance(dtype, pd.CategoricalDtype):
            cats = dtype.categories.union(pd.Index(out[column].dropna().astype(object).unique()))
            if len(cats) != len(dtype.categories):
                like[column] = like[column].cat.set_categories(cats)
            out[column] = out[column].astype(object).astype(like[column].dtype)
        else:
            out[column] = out[column].astype(dtype)
    return out


def _whistles(events: pd.DataFrame, now: datetime) -> pd.DataFrame:
    if not len(events):
        return _empty_whistles()
    return live.open_whistles(events, now)


def _empty_whistles() -> pd.DataFrame:
    return pd.DataFrame({
        "case_id": pd.Series(dtype="int64"), "department": pd.Series(dtype=object),
        "called_at": pd.Series(dtype="datetime64[us]"), "deadline": pd.Series(dtype="datetime64[us]"),
        "checked_in_at": pd.Series(dtype="datetime64[us]"), "status": pd.Series(dtype=object),
    })
