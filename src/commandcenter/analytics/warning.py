"""Early warning (预警监测, DOMAIN.md §7): configuration, deadline warnings, shared statistics.

The signals live in four modules, all pure functions over pandas frames (no store, no Qt):

- this module: `WarningConfig` (the shipped defaults in ``resources/assessment/warning.json``),
  `deadline_warnings` (yellow / red clocks and the "about to go red" queue), and the exact tail
  probabilities the detectors test with (`poisson_sf`, `binom_sf`);
- `warning_surge`: surges per grid × minor class and per street × major class against their own
  seasonal baseline (the method, alpha and the measured false-alarm rate are documented there);
- `warning_repeat`: the same address, or the same minor class within ~50 m, reported again and
  again ("solve it once, not five times");
- `warning_quality`: data-quality signals (return ping-pong, forced-close rate, reports bunched
  before month end).

Every detector returns a `Signal` list: one plain record per thing worth an alert, with the
numbers an operator needs (observed, expected, threshold) and the case ids behind it, so the
alerts panel can drill down to the board. The services layer (`services.alerts`) persists them.

Deadline contract (`deadline_warnings(cases, now, ...)`): ``cases`` has ``case_id`` (index or
column), ``state``, ``due_start``, ``due_at``, ``clock_paused`` and optionally ``emergency``,
``lead_unit``, ``owner_centre``, ``street_code``, ``grid_code``. Colours come from
`analytics.live.aging` (RED strictly after ``due_at``, YELLOW from ``yellow_at`` of the budget in
working time, a paused clock never ages). The queue ``soon`` holds the open, running, not yet red
cases whose ``due_at`` falls within ``red_horizon_minutes`` of wall-clock time after ``now``
(they *will* turn red within the hour unless handled: RED is judged on the wall clock against
``due_at``, which the business calendar already placed); for those few candidates the calendar
also gives the working time left, which the panel shows beside the minutes left.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field, fields
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from commandcenter.analytics.live import aging
from commandcenter.domain.calendar import BusinessCalendar, TimeUnit
from commandcenter.domain.vocabulary import OPEN_STATES

OPEN_STATE_VALUES = tuple(s.value for s in OPEN_STATES)


# --------------------------------------------------------------------------- configuration
@dataclass(frozen=True)
class DeadlineConfig:
    yellow_at: float = 0.8
    red_horizon_minutes: int = 60
    min_red: int = 1  # a unit gets a deadline alert from this many overdue cases


@dataclass(frozen=True)
class SurgeConfig:
    window_hours: int = 3  # tumbling windows aligned on midnight; must divide 24
    baseline_weeks: int = 8
    shrink_weeks: float = 8.0  # pseudo-weeks of the pooled seasonal shape (see warning_surge)
    alpha: float = 0.0005
    min_observed: int = 3
    lookback_hours: int = 24  # the scan evaluates the windows of the last day
    documented_false_alarm_rate: float = 0.001


@dataclass(frozen=True)
class RepeatConfig:
    days: int = 30
    min_reports: int = 3
    radius_m: float = 50.0
    address_same_class: bool = True
    nearby_min_reports: int = 5
    nearby_alpha: float = 0.001
    context_m: float = 250.0
    context_reach: int = 2
    address_prefixes: tuple[str, ...] = ("江苏省", "南京市", "秦淮区")


@dataclass(frozen=True)
class PingPongConfig:
    days: int = 30
    min_returns: int = 2


@dataclass(frozen=True)
class ForcedCloseConfig:
    days: int = 30
    max_rate: float = 0.1
    min_closed: int = 20


@dataclass(frozen=True)
class MonthEndConfig:
    last_days: int = 3
    ratio: float = 2.0
    min_reports: int = 20
    alpha: float = 0.001


@dataclass(frozen=True)
class WarningConfig:
    deadline: DeadlineConfig = field(default_factory=DeadlineConfig)
    surge: SurgeConfig = field(default_factory=SurgeConfig)
    repeat: RepeatConfig = field(default_factory=RepeatConfig)
    ping_pong: PingPongConfig = field(default_factory=PingPongConfig)
    forced_close: ForcedCloseConfig = field(default_factory=ForcedCloseConfig)
    month_end: MonthEndConfig = field(default_factory=MonthEndConfig)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> WarningConfig:
        parts = {}
        for f in fields(cls):
            section_cls = f.default_factory  # type: ignore[misc]
            given = dict(data.get(f.name) or {})
            known = {g.name for g in fields(section_cls)}
            unknown = set(given) - known
            if unknown:
                raise ValueError(f"unknown warning settings in {f.name!r}: {sorted(unknown)}")
            if "address_prefixes" in given:
                given["address_prefixes"] = tuple(given["address_prefixes"])
            parts[f.name] = section_cls(**given)
        if parts["surge"].window_hours <= 0 or 24 % parts["surge"].window_hours:
            raise ValueError("surge.window_hours must divide 24")
        return cls(**parts)

    @classmethod
    def load(cls, path: Path | None = None) -> WarningConfig:
        """The shipped defaults (``resources/assessment/warning.json``), or built-ins if absent."""
        if path is None:
            from commandcenter.resources import resource_path

            path = resource_path("assessment", "warning.json")
            if not path.exists():
                return cls()
        return cls.from_dict(json.loads(path.read_text(encoding="utf-8")))


# --------------------------------------------------------------------------- the signal record
@dataclass
class Signal:
    """One thing worth an alert. ``object_key`` plus ``window_start`` identify its episode."""

    kind: str  # deadline | surge | repeat | data_quality
    subkind: str  # red | grid_minor | street_major | address | nearby | ping_pong | ...
    object_type: str  # unit | grid_minor | street_major | address | place | case | person
    object_key: str
    window_start: datetime
    window_end: datetime
    observed: float
    expected: float | None = None
    threshold: float | None = None
    severity: int = 1  # 1 notice, 2 warning, 3 serious
    minor_code: str | None = None
    street_code: str | None = None
    grid_code: str | None = None
    case_ids: list[int] = field(default_factory=list)
    detail: dict[str, Any] = field(default_factory=dict)

    @property
    def dedup_key(self) -> str:
        return f"{self.kind}:{self.subkind}:{self.object_key}:{self.window_start:%Y%m%d%H%M}"[:200]


# --------------------------------------------------------------------------- exact tails
def _log_factorials(n_max: int) -> np.ndarray:
    """log(k!) for k = 0..n_max."""
    out = np.zeros(n_max + 1)
    if n_max >= 1:
        out[1:] = np.cumsum(np.log(np.arange(1, n_max + 1, dtype=float)))
    return out


def poisson_sf(observed: np.ndarray, lam: np.ndarray) -> np.ndarray:
    """P(X >= observed) for X ~ Poisson(lam), elementwise; exact to float precision.

    Sums the upper tail term by term from ``observed`` (no 1 - cdf cancellation), far enough
    past the mean that the remainder is negligible. Vectorised over elements, looping only over
    the tail's length."""
    x = np.asarray(observed, dtype=np.int64)
    lam = np.maximum(np.asarray(lam, dtype=float), 1e-300)
    if x.size == 0:
        return np.zeros(0)
    span = int(np.ceil(lam.max() + 12 * math.sqrt(lam.max()) + 40))
    lf = _log_factorials(int(x.max()) + span + 1)
    total = np.zeros(x.shape)
    for d in range(span):
        k = x + d
        total += np.exp(k * np.log(lam) - lam - lf[k])
    return np.where(x <= 0, 1.0, np.minimum(total, 1.0))


def binom_sf(k: np.ndarray, n: np.ndarray, p: np.ndarray) -> np.ndarray:
    """P(X >= k) for X ~ Binomial(n, p), elementwise, summing the upper tail exactly."""
    k = np.asarray(k, dtype=np.int64)
    n = np.asarray(n, dtype=np.int64)
    p = np.clip(np.asarray(p, dtype=float), 1e-12, 1 - 1e-12)
    if k.size == 0:
        return np.zeros(0)
    lf = _log_factorials(int(n.max()) + 1)
    total = np.zeros(k.shape)
    mode = (n + 1) * p
    for d in range(int(max(0, (n - k).max())) + 1):
        j = k + d
        ok = j <= n
        jj = np.where(ok, j, n)
        logc = lf[n] - lf[jj] - lf[n - jj]
        term = np.where(ok, np.exp(logc + jj * np.log(p) + (n - jj) * np.log1p(-p)), 0.0)
        total += term
        # past the mode the terms shrink geometrically: stop once every remaining tail is below
        # double precision of its sum (a month's report counts would otherwise loop thousands
        # of times over every element)
        if d % 16 == 15 and np.all(~ok | ((jj >= mode) & (term <= total * 1e-18))):
            break
    return np.where(k <= 0, 1.0, np.minimum(total, 1.0))


# --------------------------------------------------------------------------- deadlines
@dataclass(frozen=True)
class DeadlineWarnings:
    """``cases``: case_id, aging (yellow/red only), due_at, unit, street_code, grid_code,
    emergency (a natural-time clock);
    ``soon``: the "about to go red" queue (same columns + minutes_left, working_minutes_left),
    soonest first."""

    cases: pd.DataFrame
    soon: pd.DataFrame


def _with_case_id(cases: pd.DataFrame) -> pd.DataFrame:
    if "case_id" in cases.columns:
        return cases.reset_index(drop=True)
    return cases.rename_axis("case_id").reset_index()


def deadline_warnings(
    cases: pd.DataFrame,
    now: datetime,
    *,
    calendar: BusinessCalendar | None = None,
    config: DeadlineConfig | None = None,
) -> DeadlineWarnings:
    config = config or DeadlineConfig()
    calendar = calendar or BusinessCalendar.default()
    frame = _with_case_id(cases)
    frame = frame.loc[frame["state"].astype(object).isin(OPEN_STATE_VALUES)].reset_index(drop=True)
    for col in ("lead_unit", "owner_centre", "street_code", "grid_code"):
        if col not in frame:
            frame[col] = None
    colour = aging(frame, now, yellow_at=config.yellow_at, calendar=calendar).astype(object)
    unit = frame["lead_unit"].astype(object).where(frame["lead_unit"].notna(),
                                                  frame["owner_centre"].astype(object))
    base = pd.DataFrame({
        "case_id": frame["case_id"].to_numpy(np.int64),
        "aging": colour.to_numpy(),
        "due_at": frame["due_at"].to_numpy().astype("datetime64[us]"),
        "unit": unit.fillna("").to_numpy(object),
        "street_code": frame["street_code"].astype(object).to_numpy(),
        "grid_code": frame["grid_code"].astype(object).to_numpy(),
        "emergency": (frame["emergency"].fillna(False).to_numpy(bool) if "emergency" in frame
                      else np.zeros(len(frame), bool)),
    })
    warned = base.loc[base["aging"].isin(["yellow", "red"])].reset_index(drop=True)
    paused = frame["clock_paused"].fillna(False).to_numpy(bool)
    due = base["due_at"].to_numpy()
    running = ~np.isnat(due) & ~paused & (base["aging"].to_numpy() != "red")
    horizon = timedelta(minutes=config.red_horizon_minutes)
    near = running & (due <= np.datetime64(now + horizon, "us"))
    cand = base.loc[near].reset_index(drop=True)
    wall = (cand["due_at"] - pd.Timestamp(now)).dt.total_seconds().to_numpy() / 60.0
    working = np.array([
        calendar.remaining(now, d.to_pydatetime(), TimeUnit.WORKING_HOURS) * 60.0
        for d in cand["due_at"]
    ], dtype=float)
    cand["minutes_left"] = wall
    cand["working_minutes_left"] = working
    soon = cand.sort_values(["due_at", "case_id"]).reset_index(drop=True)
    return DeadlineWarnings(warned, soon)


def deadline_signals(warn: DeadlineWarnings, now: datetime,
                     config: DeadlineConfig | None = None) -> list[Signal]:
    """One signal per unit with at least ``min_red`` overdue cases (its yellow ones in detail).

    The episode starts at the unit's earliest overdue deadline, so rescans while the unit stays
    overdue update the same alert."""
    config = config or DeadlineConfig()
    frame = warn.cases
    out: list[Signal] = []
    if frame.empty:
        return out
    for unit, group in frame.groupby("unit", sort=True):  # one row per unit, not per case
        red = group.loc[group["aging"] == "red"]
        if len(red) < config.min_red:
            continue
        yellow = group.loc[group["aging"] == "yellow"]
        n_red = len(red)
        out.append(Signal(
            kind="deadline", subkind="red", object_type="unit", object_key=str(unit),
            window_start=pd.Timestamp(red["due_at"].min()).to_pydatetime(), window_end=now,
            observed=float(n_red), expected=None, threshold=float(config.min_red),
            severity=3 if n_red >= 10 else 2 if n_red >= 3 else 1,
            case_ids=sorted(int(c) for c in red["case_id"]),
            detail={"yellow": len(yellow), "red": n_red,
                    "yellow_case_ids": sorted(int(c) for c in yellow["case_id"])},
        ))
    return out
