"""KPI queries: event and case frames from the store, the live picture and period assessments.

Every function here is a plain query meant to run on the DB worker (never on the UI thread); it
opens its own unit of work and returns pandas frames or plain dataclasses, never ORM objects.

Contracts
- `fetch_cases(ctx, where)` / `fetch_events(ctx, case_where, until, columns)` return frames
  built by `analytics.build_case_frame` / `build_event_frame`. Rows are read column-wise from
  the DBAPI cursor (`services.kpi_rows.read_frame`: no ORM rows; about 25 µs a row less).
  Payloads travel as JSON text and only for the actions whose payload the analytics read
  (`analytics.frames.PAYLOAD_FIELDS`); each is parsed once.
- `period_frames(ctx, period, as_of)`: every event before the evaluation time of every case
  with an event in the period (the full history, so per-case facts such as the registration
  time survive rework), and those cases' rows.
- `LiveService(ctx, target=0.9)`: `load()` builds the live picture from the open and recent
  cases (`analytics.live_picture`) in one transaction: their case rows, and the events (no
  actors or roles) of the cases registered this month, whistled, or touched today, each set
  found through an index; `apply(case_ids)` refetches only those cases' rows and events and
  patches it. Both return a `LiveSnapshot`. Call both from the one serial worker.
- `AssessmentService(ctx)`: `load(period, as_of=None) -> AssessmentData` (indicator frames of
  every assessed object type, names, and the `Assessment` for drill-down); `score(data, weights)`
  per object; `trend(periods, obj, weights)`; `drill_down(data, obj, code, indicator)` -> ids.
- Weights: `current_weights()` is the published file in the per-user config dir
  (`weights_path()`), else the shipped resources/assessment/weights.json (read-only: a frozen
  build cannot write it); `publish_weights(weights, by, path=None)` validates and writes the
  config-dir file with who published it and when (the what-if panel's admin "publish").

Permissions (issue 8; ``ctx.principal`` None = trusted use, nothing refused)
- The live picture is the principal's own: `LiveService` keeps only the cases in its scope
  (`kpi_rows.visible_mask` on the loaded frames at `load`, `kpi_rows.visible_ids` for a change
  batch, whose cases that left the scope are dropped from the picture), so every figure and
  every drill-down id list of a handling unit or a street centre covers its cases only.
- The assessment rates and ranks units, streets, communities, grids and grid workers against
  each other: DOMAIN.md §6 makes it the centre's and supervisors' instrument, not a view of
  one's own cases, so it needs `Right.ASSESSMENT` (supervisor, admin, shift leader) and is
  refused (`PermissionDenied` ``wrong_role``) to every other role rather than cut down to a
  unit's or street's own row (a table of one cannot rank). A shift leader with a street or
  unit scope still sees the whole table, but its drill-downs list only the cases in its scope.
- Publishing weights changes everyone's ratings: only an admin or a supervisor
  (`AssessmentService.publish`, or `publish_weights(..., principal=...)`).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from sqlalchemy import Text, and_, case, cast, func, or_, select, union

from commandcenter.analytics import (
    Assessment,
    AssessmentContext,
    assess,
    build_case_frame,
    build_event_frame,
)
from commandcenter.analytics.frames import PAYLOAD_FIELDS
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
from commandcenter.domain.vocabulary import Role
from commandcenter.services.errors import PermissionDenied
from commandcenter.services.kpi_rows import read_frame, visible_ids, visible_mask
from commandcenter.services.permissions import Right, require
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

log = logging.getLogger(__name__)

CASE_COLUMNS = ("id", "channel", "street_code", "community_code", "grid_code", "minor_code", "state",
                "lead_unit", "owner_centre", "reported_at", "registered_at", "dispatched_at",
                "closed_at", "due_start", "due_at", "forced", "emergency", "clock_paused")
EVENT_NAMES = ("case_id", "seq", "action", "from_state", "to_state", "actor_id", "role",
               "unit_code", "at", "payload")
# the live picture reads no actors or roles (funnel, cohort flags and whistles do not use them)
_PAYLOAD_ACTIONS = sorted({a for _, _, carriers in PAYLOAD_FIELDS for a in carriers})
LIVE_EVENT_COLUMNS = tuple(c for c in EVENT_NAMES if c not in ("actor_id", "role"))
_CASE_TIMES = tuple(c for c in CASE_COLUMNS if c.endswith("_at") or c == "due_start")
ASSESSED = (ObjectType.UNIT, ObjectType.STREET, ObjectType.COMMUNITY, ObjectType.GRID,
            ObjectType.GRID_WORKER)
_ID_CHUNK = 500


# ---------------------------------------------------------------------- frames
def _case_select():
    return select(*[getattr(Case, c) for c in CASE_COLUMNS])


def _event_select(columns: Sequence[str] = EVENT_NAMES):
    """The stored event columns; ``payload`` as JSON text only for the actions whose payload the
    analytics read (`analytics.frames.PAYLOAD_FIELDS`), NULL otherwise. (Extracting the keys
    with the database's JSON functions instead measured slower: a CASE per key per row.)"""
    e = CaseEvent
    payload = case((e.action.in_(_PAYLOAD_ACTIONS), cast(e.payload, Text)), else_=None)
    return select(*[payload.label("payload") if c == "payload" else getattr(e, c) for c in columns])


def _read_events(session, stmt, ctx: AppContext) -> pd.DataFrame:
    df = read_frame(session, stmt, times=("at",))
    return build_event_frame(df, calendar=ctx.calendar)


def _read_cases(session, stmt) -> pd.DataFrame:
    return build_case_frame(read_frame(session, stmt, times=_CASE_TIMES))


def fetch_cases(ctx: AppContext, where: Any = None) -> pd.DataFrame:
    stmt = _case_select()
    if where is not None:
        stmt = stmt.where(where)
    with ctx.unit_of_work() as uow:
        return _read_cases(uow.session, stmt)


def fetch_events(ctx: AppContext, case_where: Any, until: datetime | None = None,
                 columns: Sequence[str] = EVENT_NAMES) -> pd.DataFrame:
    """Every event (before ``until``) of the cases matching ``case_where`` (a Case clause);
    ``columns`` narrows the stored columns read (the frame still has every column)."""
    stmt = _event_select(columns).where(CaseEvent.case_id.in_(select(Case.id).where(case_where)))
    if until is not None:
        stmt = stmt.where(CaseEvent.at < until)
    with ctx.unit_of_work() as uow:
        return _read_events(uow.session, stmt, ctx)


def fetch_by_ids(ctx: AppContext, ids: Iterable[int]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(events, cases) of the given cases: full histories and current rows."""
    ids = sorted(set(int(i) for i in ids))
    events: list[pd.DataFrame] = []
    cases: list[pd.DataFrame] = []
    with ctx.unit_of_work() as uow:
        for i in range(0, max(len(ids), 1), _ID_CHUNK):
            chunk = ids[i:i + _ID_CHUNK]
            events.append(read_frame(uow.session, _event_select().where(CaseEvent.case_id.in_(chunk)),
                                     times=("at",)))
            cases.append(read_frame(uow.session, _case_select().where(Case.id.in_(chunk)),
                                    times=_CASE_TIMES))
    ev = pd.concat(events, ignore_index=True) if len(events) > 1 else events[0]
    cs = pd.concat(cases, ignore_index=True) if len(cases) > 1 else cases[0]
    return build_event_frame(ev, calendar=ctx.calendar), build_case_frame(cs)


def period_frames(ctx: AppContext, period: Period, as_of: datetime | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(events, cases) behind an assessment of ``period`` (see the module docstring)."""
    end = min(period.end, as_of) if as_of else period.end
    touched = select(CaseEvent.case_id).where(CaseEvent.at >= period.start, CaseEvent.at < end)
    stmt = _event_select().where(CaseEvent.case_id.in_(touched), CaseEvent.at < end)
    with ctx.unit_of_work() as uow:
        events = _read_events(uow.session, stmt, ctx)
        cases = _read_cases(uow.session, _case_select().where(Case.id.in_(touched)))
    return events, cases


# ---------------------------------------------------------------------- live picture
class LiveService:
    """The live picture's state, kept between calls on the DB worker (see module docstring)."""

    def __init__(self, ctx: AppContext, target: float = 0.9) -> None:
        self.ctx = ctx
        self.target = target
        self.picture: LivePicture | None = None
        self.names: dict[str, str] | None = None
        self.codes: dict[int, str] = {}  # case id -> code, kept: a case's code never changes

    def _snapshot(self) -> LiveSnapshot:
        if self.names is None:
            self.names = reference_names(self.ctx)
        snap = self.picture.snapshot()
        snap.names = self.names
        snap.case_codes = self._codes(snap.whistles["case_id"])  # the whistle table's cases
        return snap

    def _codes(self, ids: Any) -> dict[int, str]:
        """Case codes of ``ids``, read only for ids not seen before (in chunks)."""
        wanted = {int(i) for i in ids}
        missing = sorted(wanted - self.codes.keys())
        if missing:
            with self.ctx.unit_of_work() as uow:
                for start in range(0, len(missing), 500):
                    self.codes.update((int(i), c) for i, c in uow.session.execute(
                        select(Case.id, Case.code).where(Case.id.in_(missing[start:start + 500]))))
        return {i: self.codes[i] for i in wanted if i in self.codes}

    def now(self) -> datetime:
        return self.ctx.now()

    def load(self, now: datetime | None = None) -> LiveSnapshot:
        now = now or self.now()
        day = now.date()
        start = case_window_start(day)
        day_start = datetime.combine(day, datetime.min.time())
        # Every clause is an index search: the cases table is wide (texts, JSON), so a full scan
        # of a million rows costs seconds. "Registered since X" is read as "has a register event
        # since X" (ix_case_events_at): registered_at is the time of the first register event,
        # written in the same transaction, so this is the same set or a harmless superset (a
        # re-registration after rework); the picture filters by the rows' own times anyway.
        wanted = or_(Case.state.in_(_open_states()), Case.reported_at >= start,
                     Case.id.in_(_registered_since(start)))
        need_events = union(_registered_since(month_start(day)),
                            select(Case.id).where(Case.state == "whistled"),
                            select(CaseEvent.case_id).where(CaseEvent.at >= day_start))
        ev_stmt = _event_select(LIVE_EVENT_COLUMNS).where(CaseEvent.case_id.in_(need_events))
        with self.ctx.unit_of_work() as uow:  # one transaction: cases and events agree
            cases = _read_cases(uow.session, _case_select().where(wanted))
            events = _read_events(uow.session, ev_stmt, self.ctx)
        events = events.loc[events["at"] <= np.datetime64(now, "us")].reset_index(drop=True)
        cases, events = _in_scope(self.ctx, cases, events)
        self.picture = LivePicture.build(events, cases, now, target=self.target,
                                         calendar=self.ctx.calendar,
                                         stage_limits=getattr(self.ctx.lifecycle, "stage_limits", None))
        return self._snapshot()

    def apply(self, case_ids: Iterable[int], now: datetime | None = None) -> LiveSnapshot:
        if self.picture is None:
            return self.load(now)
        events, cases = fetch_by_ids(self.ctx, case_ids)
        seen = visible_ids(self.ctx, cases.index)
        if seen is not None:
            gone = cases.index[~cases.index.isin(list(seen))]
            cases = cases.loc[cases.index.isin(list(seen))]
            events = events.loc[events["case_id"].isin(list(seen))].reset_index(drop=True)
            _forget(self.picture, gone.to_numpy(np.int64))
        self.picture.apply(events, cases, now or self.now())
        return self._snapshot()

    def set_target(self, target: float) -> LiveSnapshot | None:
        self.target = target
        if self.picture is None:
            return None
        self.picture.target = target
        return self._snapshot()


def _in_scope(ctx: AppContext, cases: pd.DataFrame,
              events: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The rows of the cases the principal may see (frames indexed / keyed by case id)."""
    mask = visible_mask(ctx, cases["street_code"].astype(object).to_numpy(),
                        cases["lead_unit"].astype(object).to_numpy(), cases.index.to_numpy())
    if mask is None:
        return cases, events
    cases = cases.loc[mask]
    events = events.loc[events["case_id"].isin(cases.index)].reset_index(drop=True)
    return cases, events


def _forget(picture: LivePicture, ids: np.ndarray) -> None:
    """Drop cases that left the principal's scope from a live picture (its `apply` replaces
    only the cases it is given)."""
    if not len(ids):
        return
    picture.cases = picture.cases.loc[~picture.cases.index.isin(ids)]
    picture.cohort = picture.cohort.loc[~picture.cohort.index.isin(ids)]
    picture.whistle_rows = picture.whistle_rows.loc[~picture.whistle_rows["case_id"].isin(ids)]
    drop = set(ids.tolist())
    for stage, members in picture.stage_sets.items():
        picture.stage_sets[stage] = members - drop


def _registered_since(at: datetime):
    return select(CaseEvent.case_id).where(CaseEvent.at >= at, CaseEvent.action == "register")


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
    # the case ids the principal may see, sorted (None: every case); drill-downs keep these
    visible: np.ndarray | None = field(default=None, repr=False)

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
        require(self._principal(), Right.ASSESSMENT)
        as_of = min(period.end, as_of or self.ctx.now())
        if self._names is None:
            self._names = reference_names(self.ctx)
            self._context = assessment_context(self.ctx)
        events, cases = period_frames(self.ctx, period, as_of)
        a = Assessment(events, cases, period, as_of=as_of, calendar=self.ctx.calendar,
                       context=self._context)
        frames = {obj: a.frame(obj) for obj in objects}
        mask = visible_mask(self.ctx, cases["street_code"].astype(object).to_numpy(),
                            cases["lead_unit"].astype(object).to_numpy(), cases.index.to_numpy())
        visible = None if mask is None else np.sort(cases.index.to_numpy(np.int64)[mask])
        return AssessmentData(period, as_of, frames, self._names, a, visible)

    def _principal(self):
        return getattr(self.ctx, "principal", None)

    def publish(self, weights: AssessmentWeights, by: str | None = None,
                path: str | Path | None = None, at: datetime | None = None) -> Path:
        """`publish_weights` as the signed-in principal (admin or supervisor only; ``by``
        defaults to the principal's username)."""
        p = self._principal()
        by = by if by is not None else (p.username if p is not None else "system")
        return publish_weights(weights, by, path, at, principal=p)

    @staticmethod
    def score(data: AssessmentData, weights: AssessmentWeights | None = None) -> dict[ObjectType, pd.DataFrame]:
        """Per object type: indicators + scores + composite + rating + rank, best first."""
        weights = weights or current_weights()
        return {obj: assess(f, obj, weights).sort_values(["rank", "composite"], na_position="last")
                for obj, f in data.frames.items()}

    def trend(self, periods: Sequence[Period], obj: ObjectType,
              weights: AssessmentWeights | None = None) -> pd.DataFrame:
        """Composite per object (rows) and period (columns, the periods' starts)."""
        require(self._principal(), Right.ASSESSMENT)
        weights = weights or current_weights()
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
        ids = rows["case_id"].to_numpy(np.int64)
        if data.visible is not None:  # the principal's scope (see the module docstring)
            ids = ids[np.isin(ids, data.visible)]
        return sorted(set(ids.tolist()))


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


WEIGHTS_FILE = "assessment_weights.json"


def weights_path(paths: Any = None) -> Path:
    """Where published weights live: the per-user config dir (`settings.app_paths()`, rooted at
    ``$COMMANDCENTER_HOME/config`` when that is set). A frozen build cannot write its resources."""
    if paths is None:
        from commandcenter.settings import app_paths

        paths = app_paths()
    return Path(paths.config_dir) / WEIGHTS_FILE


def shipped_weights_path() -> Path:
    """The read-only default shipped in resources/assessment/weights.json."""
    from commandcenter.resources import resource_path

    return resource_path("assessment", "weights.json")


def current_weights(path: str | Path | None = None) -> AssessmentWeights:
    """The weights in force: the published file (default `weights_path()`) if there is one, else
    the shipped default. A published file that cannot be read or breaks a rule is left untouched
    and the shipped default is used, with a warning in the log (nothing is lost; publishing
    again replaces it)."""
    path = Path(path) if path is not None else weights_path()
    if path.exists():
        try:
            return load_weights(path)
        except Exception as exc:  # WeightsError, OSError, JSON errors: fall back, keep the file
            log.warning("published weights %s unreadable (%s); using the shipped default", path, exc)
    return load_weights(shipped_weights_path())


PUBLISHING_ROLES = frozenset({Role.ADMIN, Role.SUPERVISOR})


def publish_weights(weights: AssessmentWeights, by: str, path: str | Path | None = None,
                    at: datetime | None = None, *, principal: Any = None) -> Path:
    """Validate and write the weights (default: `weights_path()`, never the shipped file),
    recording who and when; returns the path written.

    Written atomically, in the JSON shape `load_weights` reads; ``published_by``/``published_at``
    travel as extra top-level keys, which `parse_weights` keeps. Weights that break a rule raise
    ValueError and nothing is written. With a ``principal`` (`permissions.Principal`) that is
    not an admin or a supervisor: `PermissionDenied` ``wrong_role``, nothing written.
    """
    if principal is not None and principal.role not in PUBLISHING_ROLES:
        raise PermissionDenied("wrong_role", f"role {principal.role.value} may not publish "
                               "assessment weights", role=principal.role.value,
                               right="publish_weights")
    for obj, spec in weights.objects.items():
        total = sum(c.weight for c in spec.components)
        if abs(total - 100) > 1e-6:
            raise ValueError(f"{obj.value}: the component weights sum to {total:g}, not 100")
    path = Path(path) if path is not None else weights_path()
    doc = weights.to_dict()
    doc["published_by"] = by
    doc["published_at"] = (at or datetime.now()).isoformat(timespec="seconds")
    parse_weights(doc, source=str(path))  # refuse to write what cannot be read back
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(doc, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    tmp.replace(path)
    return path


def direct_count(ctx: AppContext, where: Any) -> int:
    """COUNT(*) of cases matching a clause (tests check drill-downs against it)."""
    with ctx.unit_of_work() as uow:
        return int(uow.session.scalar(select(func.count()).select_from(Case).where(and_(where))))
