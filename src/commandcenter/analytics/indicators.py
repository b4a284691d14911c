"""Indicator values per object over a period, computed column-wise from the event log.

Usage (the services layer fetches rows, the UI gets frames)::

    a = Assessment(events, cases, Period.month(2024, 5), as_of=now, context=AssessmentContext(...))
    a.frame(ObjectType.UNIT)          # one row per unit, one column per indicator id
    a.drill_down(ObjectType.UNIT, "U01", "ontime_closing_rate")   # the cases behind a figure

Contracts
- Definitions are those of ``commandcenter.domain.indicators`` (INDICATORS, TERMS): each
  indicator is an `Items` table (the events or cases behind it, each with a numerator weight, a
  denominator weight and, for means, a value) aggregated per object with ``np.bincount``:
  counts sum the numerator, rates divide numerator by denominator sums (NaN when the denominator
  is 0), means and percentiles run over the denominator items' values.
- Only events before the evaluation time (``min(period.end, as_of)``) count, so the figures of a
  closed period never change; event-based indicators take events inside the period, closing
  indicators take cases registered inside it (see TERMS["cohort"]).
- Stage timeliness uses ``stage_limits`` (default: the lifecycle's, override with the shipped
  catalogue's `load_stage_limits()`) measured with the business calendar (`DutyAxis`), emergency
  cases on natural time capped at 1 h, as the lifecycle does.
- Nothing loops per case or per event in Python; the frames may hold millions of rows.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property

import numpy as np
import pandas as pd

from commandcenter.analytics.duty import DutyAxis, stage_deadlines
from commandcenter.analytics.eventlog import NAT, EventLog, Spans, take
from commandcenter.analytics.timeline import CaseFacts, case_facts, lead_setters
from commandcenter.domain.calendar import BusinessCalendar, TimeLimit
from commandcenter.domain.indicators import INDICATORS, Kind, ObjectType, Period, indicators_for
from commandcenter.domain.lifecycle import DEFAULT_STAGE_LIMITS
from commandcenter.domain.vocabulary import Stage

PUBLIC_CHANNELS = ("hotline_12345", "service_window")


@dataclass(frozen=True)
class AssessmentContext:
    """Reference data some indicators need (all optional; missing data gives NaN, never an error).

    unit_street      unit code -> street code (self-handled rate)
    grid_worker_of   grid code -> the grid worker responsible (pending verifications and checks,
                     missed-report rate)
    grid_counts      area code -> number of grids (density per grid), for streets/communities
    areas_km2        area code -> area in km² (density per km²)
    repeat_days      window of the repeat-case rate
    """

    unit_street: Mapping[str, str] = field(default_factory=dict)
    grid_worker_of: Mapping[str, str] = field(default_factory=dict)
    grid_counts: Mapping[str, float] = field(default_factory=dict)
    areas_km2: Mapping[str, float] = field(default_factory=dict)
    repeat_days: int = 30


class Items:
    """The rows behind one indicator: per item its object (a code into ``labels``, -1: none),
    numerator and denominator weights (None: 1 each), an optional value (means, percentiles),
    and, for drill-down, its case and time (arrays, or functions computing them on first use:
    figures never need them)."""

    def __init__(self, case, key: np.ndarray, labels: pd.Index, num: np.ndarray | None,
                 den: np.ndarray | None, at, value: np.ndarray | None = None) -> None:
        self.key = key
        self.labels = labels
        self.num = num
        self.den = den
        self.value = value
        self._case, self._at = case, at

    @cached_property
    def case(self) -> np.ndarray:
        return self._case() if callable(self._case) else self._case

    @cached_property
    def at(self) -> np.ndarray:
        return self._at() if callable(self._at) else self._at

    @staticmethod
    def concat(parts: list[Items]) -> Items:
        labels = parts[0].labels
        cat = np.concatenate

        def weights(name: str) -> np.ndarray:
            return cat([p.weights(name) for p in parts])
        values = None if parts[0].value is None else cat([p.value for p in parts])
        return Items(lambda: cat([p.case for p in parts]), cat([p.key for p in parts]), labels,
                     weights("num"), weights("den"), lambda: cat([p.at for p in parts]), values)

    def weights(self, name: str) -> np.ndarray:
        w = getattr(self, name)
        return np.ones(self.key.size) if w is None else w

    def sums(self, weights: np.ndarray | None = None) -> np.ndarray:
        """Per label: the sum of ``weights`` over its items (their number when None)."""
        key = self.key
        if key.size and key.min() < 0:
            ok = key >= 0
            key, weights = key[ok], None if weights is None else weights[ok]
        if weights is None:
            return np.bincount(key, minlength=len(self.labels)).astype(float)
        return np.bincount(key, weights=weights, minlength=len(self.labels))

    def aggregate(self, how: str) -> pd.Series:
        """``count`` | ``rate`` | ``mean`` | ``p50`` | ``p90`` per label (NaN where undefined)."""
        return pd.Series(self.aggregate_with_count(how)[0], index=self.labels)

    def aggregate_with_count(self, how: str) -> tuple[np.ndarray, np.ndarray]:
        """(the aggregate per label, the number of items per label)."""
        items = self.sums()
        if how == "count":
            return (items if self.num is None else self.sums(self.num)), items
        den = items if self.den is None else self.sums(self.den)
        with np.errstate(invalid="ignore", divide="ignore"):
            if how == "rate":
                num = items if self.num is None else self.sums(self.num)
                return np.where(den > 0, num / den, np.nan), items
            if how == "mean":
                v = self.value if self.den is None else np.where(self.den > 0, self.value, 0.0)
                return np.where(den > 0, self.sums(v) / den, np.nan), items
        q = {"p50": 0.5, "p90": 0.9}[how]
        sel = (self.key >= 0) & (self.weights("den") > 0)
        s = pd.Series(self.value[sel]).groupby(self.key[sel]).quantile(q)
        out = np.full(len(self.labels), np.nan)
        out[s.index.to_numpy()] = s.to_numpy()
        return out, items

    def rows_of(self, label: str) -> pd.DataFrame:
        """The items of one object: case id, time, numerator and denominator weight (and value)."""
        code = self.labels.get_indexer([label])[0]
        sel = self.key == code
        out = pd.DataFrame({"case_id": self.case[sel], "at": self.at[sel].view("datetime64[us]"),
                            "num": self.weights("num")[sel], "den": self.weights("den")[sel]})
        if self.value is not None:
            out["value"] = self.value[sel]
        return out.sort_values(["at", "case_id"], kind="stable").reset_index(drop=True)


def how_of(indicator_id: str) -> str:
    ind = INDICATORS[indicator_id]
    if indicator_id.endswith("_p50_seconds"):
        return "p50"
    if indicator_id.endswith("_p90_seconds"):
        return "p90"
    if ind.kind is Kind.RATE:
        return "rate"
    if ind.kind in (Kind.HOURS, Kind.MULTIPLE, Kind.RATING):
        return "mean"
    return "count"


Builder = Callable[["Assessment"], Items]


class Cohort:
    """Cases registered in the period (positions into the case facts) with the closing flags of
    TERMS: should_close, hung, net (should close − hung), closed_flag, closed_on_time,
    handled_on_time."""

    def __init__(self, facts: CaseFacts, pos: np.ndarray) -> None:
        self.facts = facts
        self.pos = pos
        self.ids = facts.ids[pos]
        self.at = facts["registered_at"][pos]
        closed = facts.is_("state", "closed")[pos]
        hung = facts["hung"][pos]
        should = closed | facts["due"][pos] | hung
        net = should & ~hung
        on_time = facts["on_time"][pos]
        self.flags = {
            "all": np.ones(pos.size, dtype=bool),
            "should_close": should,
            "hung": hung,
            "net": net,
            "closed_flag": net & closed,
            "closed_on_time": net & closed & ~facts["forced"][pos] & on_time,
            "handled_on_time": net & on_time,
        }
        self._cols: dict[str, np.ndarray] = {}

    def __len__(self) -> int:
        return self.pos.size

    def __getitem__(self, name: str) -> np.ndarray:
        if name in self.flags:
            return self.flags[name]
        if name not in self._cols:
            self._cols[name] = self.facts[name][self.pos]
        return self._cols[name]


class Assessment:
    """Indicators of every object type for one period; shared intermediate results are cached."""

    def __init__(
        self,
        events: pd.DataFrame | EventLog,
        cases: pd.DataFrame | None,
        period: Period,
        *,
        as_of: datetime | None = None,
        calendar: BusinessCalendar | None = None,
        stage_limits: Mapping[Stage, TimeLimit] | None = None,
        context: AssessmentContext | None = None,
    ) -> None:
        # An EventLog may be passed instead of the frame: its masks and per-case indices do not
        # depend on the period, so switching periods or weights on the same log reuses them.
        self.log = events if isinstance(events, EventLog) else EventLog(events)
        self.cases = cases
        self.period = period
        self.as_of = period.end if as_of is None else min(period.end, as_of)
        self.start64 = np.datetime64(period.start, "us")
        self.as_of64 = np.datetime64(self.as_of, "us")
        self.calendar = calendar or BusinessCalendar.default()
        self.stage_limits = {**DEFAULT_STAGE_LIMITS, **(stage_limits or {})}
        self.context = context or AssessmentContext()
        self._items: dict[tuple[ObjectType, str], Items] = {}
        self._memo: dict[str, object] = {}

    def memo(self, key: str, compute: Callable[[], object]):
        """Cache an intermediate result shared by several builders."""
        if key not in self._memo:
            self._memo[key] = compute()
        return self._memo[key]

    # ------------------------------------------------------------------ shared facts
    @cached_property
    def valid(self) -> np.ndarray:
        return self.log.before(self.as_of64)

    @cached_property
    def in_period(self) -> np.ndarray:
        return self.valid & (self.log.at >= self.start64)

    def rows(self, *actions: str) -> np.ndarray:
        """Rows of ``actions`` inside the period (before the evaluation time)."""
        return np.flatnonzero(self.log.action(*actions) & self.in_period)

    @cached_property
    def case_facts(self) -> CaseFacts:
        return case_facts(self.log, self.cases, self.as_of)

    @property
    def facts(self) -> pd.DataFrame:
        """The case facts as a DataFrame indexed by case_id (see `analytics.timeline`)."""
        return self.case_facts.frame

    @cached_property
    def axis(self) -> DutyAxis:
        first = self.log.at.min() if self.log.n else self.start64
        return DutyAxis.covering(self.calendar, np.array([first, self.as_of64, self.start64]))

    @cached_property
    def cohort(self) -> Cohort:
        """Cases registered in the period (see TERMS["cohort"]) with their closing flags."""
        f = self.case_facts
        reg = f["registered_at"]
        start, end = self.start64.astype(np.int64), self.as_of64.astype(np.int64)
        m = (reg >= start) & (reg < end) & ~f.is_("state", "void", "merged")
        return Cohort(f, np.flatnonzero(m))

    def fact_pos(self, rows: np.ndarray) -> np.ndarray:
        """Position in the case facts of each row's case (-1 if the case has no valid event)."""
        return self.case_facts.pos_of_ordinal[self.log.ordinal[rows]] if rows.size else rows.astype(np.int64)

    def fact_at_rows(self, name: str, rows: np.ndarray, missing) -> np.ndarray:
        return take(self.case_facts[name], self.fact_pos(rows), missing)

    def lead_at_rows(self, rows: np.ndarray) -> np.ndarray:
        """Lead-unit code in force at each of ``rows`` (-1: none)."""
        codes = self.log.codes("lead_unit")
        own = take(codes, rows, -1)  # a dispatch or whistle names the lead itself
        rest = np.flatnonzero(own < 0)
        if rest.size:
            own = own.copy()
            own[rest] = take(codes, self.log.last_at_or_before(lead_setters(self.log), rows[rest]), -1)
        return own

    @cached_property
    def _judged(self) -> tuple[np.ndarray, np.ndarray]:
        """(return rows that were ruled on before as_of, ascending; the verdict codes)."""
        log = self.log
        judge = np.flatnonzero(log.action("judge_return") & self.valid)
        ret = log.last_at_or_before(log.action("return"), judge)
        ok = ret >= 0
        return ret[ok], log.codes("verdict")[judge[ok]]

    def verdict_is(self, rows: np.ndarray, verdict: str) -> np.ndarray:
        """For return rows: was the ruling on it ``verdict``? (False when not ruled on)."""
        code = self.log.categories("verdict").get_indexer([verdict])[0]
        judged, verdicts = self._judged
        out = np.zeros(rows.size, dtype=bool)
        if code < 0 or judged.size == 0 or rows.size == 0:
            return out
        returns = np.flatnonzero(take(self.log.action("return"), rows, False))
        pos = np.minimum(np.searchsorted(judged, rows[returns]), judged.size - 1)
        out[returns] = (judged[pos] == rows[returns]) & (verdicts[pos] == code)
        return out

    def stage_timeliness(self, spans: Spans, stage: Stage, *, emergency: bool = True):
        """(deadline, left on time, due) per visit of a stage (see TERMS["stage"])."""
        entered = self.log.at[spans.entries]
        urgent = self.fact_at_rows("emergency", spans.entries, False) if emergency else None
        deadline = stage_deadlines(self.axis, entered, self.stage_limits[stage], urgent)
        left_at = spans.exit_values(self.log.at_us, NAT).view("datetime64[us]")
        on_time = spans.left & (left_at <= deadline)
        due = spans.left | (deadline < self.as_of64)
        return deadline, on_time, due

    def row_items(self, rows: np.ndarray, key: np.ndarray, labels: pd.Index, num=None, den=None, value=None) -> Items:
        return Items(
            lambda: self.log.case[rows], key.astype(np.int64, copy=False), labels,
            None if num is None else np.asarray(num, dtype=float),
            None if den is None else np.asarray(den, dtype=float),
            lambda: self.log.at_us[rows], value,
        )

    def cohort_items(self, sel: np.ndarray, key: np.ndarray, labels: pd.Index, num=None, den=None, value=None) -> Items:
        """Items over the cohort cases selected by the boolean ``sel`` (``key``, ``num``... are
        cohort-length arrays)."""
        c = self.cohort
        return Items(
            lambda: c.ids[sel], key[sel].astype(np.int64, copy=False), labels,
            None if num is None else np.asarray(num[sel], dtype=float),
            None if den is None else np.asarray(den[sel], dtype=float),
            lambda: c.at[sel], None if value is None else value[sel],
        )

    # ------------------------------------------------------------------ public API
    def items(self, obj: ObjectType, indicator: str) -> Items:
        """The items behind one indicator of one object type (cached)."""
        key = (obj, indicator)
        if key not in self._items:
            builders = _builders(obj)
            if indicator not in builders:
                raise KeyError(f"{indicator!r} is not computed for {obj.value}")
            self._items[key] = builders[indicator](self)
        return self._items[key]

    def labels(self, obj: ObjectType) -> pd.Index:
        """The object codes of one object type; every builder of that type keys into them."""
        key = ("labels", obj)
        if key not in self.__dict__.setdefault("_labels", {}):
            self._labels[key] = _module(obj).labels(self, obj)
        return self._labels[key]

    def frame(self, obj: ObjectType) -> pd.DataFrame:
        """One row per object that has any item, one column per indicator id (catalogue order)."""
        builders = _builders(obj)
        labels = self.labels(obj)
        columns = {}
        present = np.zeros(len(labels), dtype=bool)
        for ind in indicators_for(obj):
            if ind.id not in builders:
                continue
            values, counts = self.items(obj, ind.id).aggregate_with_count(how_of(ind.id))
            columns[ind.id] = values
            present |= counts > 0
        out = pd.DataFrame(columns, index=labels)
        out = _module(obj).finish(self, obj, out)
        out = out.loc[present]
        out.index.name = obj.value
        return out

    def drill_down(self, obj: ObjectType, code: str, indicator: str) -> pd.DataFrame:
        """The cases behind one figure: case_id, at, num (counted in the numerator), den."""
        return self.items(obj, indicator).rows_of(code)


def _module(obj: ObjectType):
    from commandcenter.analytics import areas, people, units

    if obj is ObjectType.UNIT:
        return units
    if obj in (ObjectType.STREET, ObjectType.COMMUNITY, ObjectType.GRID):
        return areas
    return people


def _builders(obj: ObjectType) -> dict[str, Builder]:
    return _module(obj).builders(obj)


# ---------------------------------------------------------------------- function-style API
def unit_indicators(events: pd.DataFrame, cases: pd.DataFrame | None, period: Period, **options) -> pd.DataFrame:
    """Department/unit indicators over ``period`` (options as for `Assessment`)."""
    return Assessment(events, cases, period, **options).frame(ObjectType.UNIT)


def area_indicators(
    events: pd.DataFrame, cases: pd.DataFrame | None, period: Period, level: ObjectType, **options
) -> pd.DataFrame:
    """Street, community or grid indicators over ``period``."""
    if level not in (ObjectType.STREET, ObjectType.COMMUNITY, ObjectType.GRID):
        raise ValueError(f"an area level is street, community or grid, not {level}")
    return Assessment(events, cases, period, **options).frame(level)


def grid_worker_indicators(events: pd.DataFrame, cases: pd.DataFrame | None, period: Period, **options) -> pd.DataFrame:
    return Assessment(events, cases, period, **options).frame(ObjectType.GRID_WORKER)


def operator_indicators(
    events: pd.DataFrame, cases: pd.DataFrame | None, period: Period, role: ObjectType, **options
) -> pd.DataFrame:
    """Intake operator, shift leader or dispatcher indicators over ``period``."""
    if role not in (ObjectType.INTAKE_OPERATOR, ObjectType.SHIFT_LEADER, ObjectType.DISPATCHER):
        raise ValueError(f"an operator role is intake_operator, shift_leader or dispatcher, not {role}")
    return Assessment(events, cases, period, **options).frame(role)
