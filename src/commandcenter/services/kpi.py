"""KPI queries: event and case frames from the store, the live picture and period assessments.

Every function here is a plain query meant to run on the DB worker (never on the UI thread); it
opens its own unit of work and returns pandas frames or plain dataclasses, never ORM objects.

Contracts
- `fetch_cases(ctx, where)` / `fetch_events(ctx, case_where, until)` return frames built by
  `analytics.build_case_frame` / `build_event_frame`. Payloads travel as JSON text and only for
  the actions whose payload the analytics read, so the parse stays column-wise.
- `period_frames(ctx, period, as_of)`: every event before the evaluation time of every case
  with an event in the period (the full history, so per-case facts such as the registration
  time survive rework), and those cases' rows.
- `LiveService(ctx, target=0.9)`: `load()` builds the live picture from the open and recent
  cases (`analytics.live_picture`); `apply(case_ids)` refetches only those cases' rows and
  events and patches it. Both return a `LiveSnapshot`. Call both from the one serial worker.
- `AssessmentService(ctx)`: `load(period, as_of=None) -> AssessmentData` (indicator frames of
  every assessed object type, names, and the `Assessment` for drill-down); `score(data, weights)`
  per object; `trend(periods, obj, weights)`; `drill_down(data, obj, code, indicator)` -> ids.
- `publish_weights(weights, by, path=None)` validates and writes weights.json with who
  published it and when (the admin action behind the what-if panel's "publish").
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from sqlalchemy import Text, and_, case, cast, func, or_, select

from commandcenter.analytics import (
    Assessment,
    AssessmentContext,
    assess,
    build_case_frame,
    build_event_frame,
)
from commandcenter.analytics.live_picture import (
    LivePicture,
    LiveSnapshot,
    case_window_start,
    month_start,
)
from commandcenter.domain.indicators import (
    AssessmentWeights,
    ObjectType,
    Period,
    load_weights,
    parse_weights,
)
from commandcenter.store.models import (
    Case,
    CaseEvent,
    Category,
    Community,
    Grid,
    GridAssignment,
    Person,
    Street,
    Unit,
)

if TYPE_CHECKING:
    from commandcenter.services.context import AppContext

CASE_COLUMNS = ("id", "channel", "street_code", "community_code", "grid_code", "minor_code", "state",
                "lead_unit", "owner_centre", "reported_at", "registered_at", "dispatched_at",
                "closed_at", "due_start", "due_at", "forced", "emergency", "clock_paused")
_PAYLOAD_ACTIONS = ("dispatch", "whistle", "approve_extension", "reject_extension", "unhang",
                    "check_fail", "reopen", "judge_return", "callback", "rate_check_in",
                    "send_to_verify")
ASSESSED = (ObjectType.UNIT, ObjectType.STREET, ObjectType.COMMUNITY, ObjectType.GRID,
            ObjectType.GRID_WORKER)
_ID_CHUNK = 500


# ---------------------------------------------------------------------- frames
def _case_select():
    return select(*[getattr(Case, c) for c in CASE_COLUMNS])


def _event_select():
    e = CaseEvent
    payload = case((e.action.in_(_PAYLOAD_ACTIONS), cast(e.payload, Text)), else_=None)
    return select(e.case_id, e.seq, e.action, e.from_state, e.to_state, e.actor_id, e.role,
                  e.unit_code, e.at, payload.label("payload"))


_EVENT_NAMES = ("case_id", "seq", "action", "from_state", "to_state", "actor_id", "role",
                "unit_code", "at", "payload")


def _events_frame(rows: Sequence[Any], ctx: AppContext) -> pd.DataFrame:
    df = pd.DataFrame.from_records(list(rows), columns=list(_EVENT_NAMES))
    if not len(df):
        df["at"] = pd.Series(dtype="datetime64[us]")
    return build_event_frame(df, calendar=ctx.calendar)


def _cases_frame(rows: Sequence[Any]) -> pd.DataFrame:
    return build_case_frame(pd.DataFrame.from_records(list(rows), columns=list(CASE_COLUMNS)))


def fetch_cases(ctx: AppContext, where: Any = None) -> pd.DataFrame:
    stmt = _case_select()
    if where is not None:
        stmt = stmt.where(where)
    with ctx.unit_of_work() as uow:
        return _cases_frame(uow.session.execute(stmt).all())


def fetch_events(ctx: AppContext, case_where: Any, until: datetime | None = None) -> pd.DataFrame:
    """Every event (before ``until``) of the cases matching ``case_where`` (a Case clause)."""
    stmt = _event_select().where(CaseEvent.case_id.in_(select(Case.id).where(case_where)))
    if until is not None:
        stmt = stmt.where(CaseEvent.at < until)
    with ctx.unit_of_work() as uow:
        return _events_frame(uow.session.execute(stmt).all(), ctx)


def fetch_by_ids(ctx: AppContext, ids: Iterable[int]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(events, cases) of the given cases: full histories and current rows."""
    ids = sorted(set(int(i) for i in ids))
    ev_rows: list[Any] = []
    case_rows: list[Any] = []
    with ctx.unit_of_work() as uow:
        for i in range(0, len(ids), _ID_CHUNK):
            chunk = ids[i:i + _ID_CHUNK]
            ev_rows += uow.session.execute(_event_select().where(CaseEvent.case_id.in_(chunk))).all()
            case_rows += uow.session.execute(_case_select().where(Case.id.in_(chunk))).all()
    return _events_frame(ev_rows, ctx), _cases_frame(case_rows)


def period_frames(ctx: AppContext, period: Period, as_of: datetime | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(events, cases) behind an assessment of ``period`` (see the module docstring)."""
    end = min(period.end, as_of) if as_of else period.end
    touched = select(CaseEvent.case_id).where(CaseEvent.at >= period.start, CaseEvent.at < end)
    stmt = _event_select().where(CaseEvent.case_id.in_(touched), CaseEvent.at < end)
    with ctx.unit_of_work() as uow:
        events = _events_frame(uow.session.execute(stmt).all(), ctx)
        cases = _cases_frame(uow.session.execute(_case_select().where(Case.id.in_(touched))).all())
    return events, cases


# ---------------------------------------------------------------------- live picture
class LiveService:
    """The live picture's state, kept between calls on the DB worker (see module docstring)."""

    def __init__(self, ctx: AppContext, target: float = 0.9) -> None:
        self.ctx = ctx
        self.target = target
        self.picture: LivePicture | None = None
        self.names: dict[str, str] | None = None

    def _snapshot(self) -> LiveSnapshot:
        if self.names is None:
            self.names = reference_names(self.ctx)
        snap = self.picture.snapshot()
        snap.names = self.names
        return snap

    def now(self) -> datetime:
        return self.ctx.now()

    def load(self, now: datetime | None = None) -> LiveSnapshot:
        now = now or self.now()
        day = now.date()
        start = case_window_start(day)
        day_start = datetime.combine(day, datetime.min.time())
        wanted = or_(Case.state.in_(_open_states()), Case.reported_at >= start, Case.registered_at >= start)
        cases = fetch_cases(self.ctx, wanted)
        touched_today = select(CaseEvent.case_id).where(CaseEvent.at >= day_start)
        need_events = or_(Case.registered_at >= month_start(day), Case.state == "whistled",
                          Case.id.in_(touched_today))
        events = fetch_events(self.ctx, need_events, until=None)
        events = events.loc[events["at"] <= np.datetime64(now, "us")].reset_index(drop=True)
        self.picture = LivePicture.build(events, cases, now, target=self.target,
                                         calendar=self.ctx.calendar,
                                         stage_limits=getattr(self.ctx.lifecycle, "stage_limits", None))
        return self._snapshot()

    def apply(self, case_ids: Iterable[int], now: datetime | None = None) -> LiveSnapshot:
        if self.picture is None:
            return self.load(now)
        events, cases = fetch_by_ids(self.ctx, case_ids)
        self.picture.apply(events, cases, now or self.now())
        return self._snapshot()

    def set_target(self, target: float) -> LiveSnapshot | None:
        self.target = target
        if self.picture is None:
            return None
        self.picture.target = target
        return self._snapshot()


def _open_states() -> list[str]:
    from commandcenter.domain.vocabulary import OPEN_STATES

    return [s.value for s in OPEN_STATES]


# ---------------------------------------------------------------------- assessment
@dataclass
class AssessmentData:
    """Indicator frames of one period (index: object code), display names, the Assessment."""

    period: Period
    as_of: datetime
    frames: dict[ObjectType, pd.DataFrame]
    names: dict[str, str]
    assessment: Assessment = field(repr=False)

    def name(self, code: str) -> str:
        return self.names.get(code, code)


def reference_names(ctx: AppContext) -> dict[str, str]:
    """Code -> display name of streets, communities, grids, units and people."""
    names: dict[str, str] = {}
    with ctx.unit_of_work() as uow:
        for model in (Street, Community, Grid, Unit, Person, Category):
            names.update(dict(uow.session.execute(select(model.code, model.name)).all()))
    return names


def assessment_context(ctx: AppContext) -> AssessmentContext:
    with ctx.unit_of_work() as uow:
        s = uow.session
        unit_street = {c: st for c, st in s.execute(select(Unit.code, Unit.street_code)) if st}
        workers = dict(s.execute(
            select(GridAssignment.grid_code, func.min(GridAssignment.person_code))
            .where(GridAssignment.valid_to.is_(None)).group_by(GridAssignment.grid_code)).all())
        counts: dict[str, float] = {}
        for col in (Grid.street_code, Grid.community_code):
            counts.update({k: float(n) for k, n in s.execute(select(col, func.count()).group_by(col))})
        areas: dict[str, float] = {}
        for model in (Street, Community, Grid):
            areas.update({k: float(v) for k, v in s.execute(select(model.code, model.area_km2)) if v})
    return AssessmentContext(unit_street, workers, counts, areas)


class AssessmentService:
    def __init__(self, ctx: AppContext) -> None:
        self.ctx = ctx
        self._names: dict[str, str] | None = None
        self._context: AssessmentContext | None = None

    def load(self, period: Period, as_of: datetime | None = None,
             objects: Sequence[ObjectType] = ASSESSED) -> AssessmentData:
        as_of = min(period.end, as_of or self.ctx.now())
        if self._names is None:
            self._names = reference_names(self.ctx)
            self._context = assessment_context(self.ctx)
        events, cases = period_frames(self.ctx, period, as_of)
        a = Assessment(events, cases, period, as_of=as_of, calendar=self.ctx.calendar,
                       context=self._context)
        frames = {obj: a.frame(obj) for obj in objects}
        return AssessmentData(period, as_of, frames, self._names, a)

    @staticmethod
    def score(data: AssessmentData, weights: AssessmentWeights | None = None) -> dict[ObjectType, pd.DataFrame]:
        """Per object type: indicators + scores + composite + rating + rank, best first."""
        weights = weights or load_weights()
        return {obj: assess(f, obj, weights).sort_values(["rank", "composite"], na_position="last")
                for obj, f in data.frames.items()}

    def trend(self, periods: Sequence[Period], obj: ObjectType,
              weights: AssessmentWeights | None = None) -> pd.DataFrame:
        """Composite per object (rows) and period (columns, the periods' starts)."""
        weights = weights or load_weights()
        if self._names is None:
            self._names = reference_names(self.ctx)
            self._context = assessment_context(self.ctx)
        now = self.ctx.now()
        span = Period(min(p.start for p in periods), max(p.end for p in periods))
        # one fetch for the whole span: each Assessment keeps only what its period may see
        events, cases = period_frames(self.ctx, span, now)
        cols = {}
        for p in periods:
            if p.start >= now:
                continue
            a = Assessment(events, cases, p, as_of=min(p.end, now), calendar=self.ctx.calendar,
                           context=self._context)
            cols[p.start] = assess(a.frame(obj), obj, weights)["composite"]
        return pd.DataFrame(cols)

    @staticmethod
    def drill_down(data: AssessmentData, obj: ObjectType, code: str, indicator: str,
                   part: str = "den") -> list[int]:
        """The distinct cases behind one figure: ``den`` every item counted (the denominator or
        the counted events), ``num`` only those in the numerator."""
        rows = data.assessment.drill_down(obj, code, indicator)
        if part == "num":
            rows = rows.loc[rows["num"] > 0]
        else:
            rows = rows.loc[(rows["den"] > 0) | (rows["num"] > 0)]
        return sorted(set(int(i) for i in rows["case_id"]))


def compare(current: pd.DataFrame, previous: pd.DataFrame) -> pd.DataFrame:
    """Two scored frames of one object type: composite and rank now, before, delta, movement
    (positive = moved up the table)."""
    out = pd.DataFrame({"composite": current["composite"], "rank": current["rank"]})
    prev = previous.reindex(out.index)
    out["composite_before"] = prev["composite"]
    out["rank_before"] = prev["rank"]
    out["delta"] = out["composite"] - out["composite_before"]
    out["movement"] = out["rank_before"] - out["rank"]
    return out


def with_component_weights(weights: AssessmentWeights, obj: ObjectType,
                           new: Sequence[float]) -> AssessmentWeights:
    """A copy of ``weights`` with ``obj``'s component weights replaced (in component order)."""
    spec = weights.objects[obj]
    if len(new) != len(spec.components):
        raise ValueError(f"{obj.value} has {len(spec.components)} components, got {len(new)} weights")
    comps = tuple(replace(c, weight=float(w)) for c, w in zip(spec.components, new, strict=True))
    objects = dict(weights.objects)
    objects[obj] = replace(spec, components=comps)
    return replace(weights, objects=objects)


def publish_weights(weights: AssessmentWeights, by: str, path: str | Path | None = None,
                    at: datetime | None = None) -> Path:
    """Validate and write the weights (default: the shipped weights.json), recording who and when.

    The indicator core has no save function yet, so the file is written here, atomically, in
    the same JSON shape `load_weights` reads; ``published_by``/``published_at`` travel as extra
    top-level keys, which `parse_weights` keeps.
    """
    for obj, spec in weights.objects.items():
        total = sum(c.weight for c in spec.components)
        if abs(total - 100) > 1e-6:
            raise ValueError(f"{obj.value}: the component weights sum to {total:g}, not 100")
    if path is None:
        from commandcenter.resources import resource_path

        path = resource_path("assessment", "weights.json")
    path = Path(path)
    doc = weights.to_dict()
    doc["published_by"] = by
    doc["published_at"] = (at or datetime.now()).isoformat(timespec="seconds")
    parse_weights(doc, source=str(path))  # refuse to write what cannot be read back
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(doc, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    tmp.replace(path)
    return path


def direct_count(ctx: AppContext, where: Any) -> int:
    """COUNT(*) of cases matching a clause (tests check drill-downs against it)."""
    with ctx.unit_of_work() as uow:
        return int(uow.session.scalar(select(func.count()).select_from(Case).where(and_(where))))
