"""Early-warning alerts: scan the store for signals, persist them once, list and acknowledge them.

Contracts (plain functions; each opens its own unit of work and may run on any thread, the GUI
calls them on its DB worker)
- `scan(ctx, now=None, config=None) -> list[AlertRow]`: fetches the frames the detectors of
  `analytics.warning*` need (plain SQL, columns only), computes every signal (deadline, surge,
  repeat, data quality), and upserts them into ``alerts``; returns the alerts it *created* (not
  those it updated). It never deletes an alert and never creates a duplicate:
    1. a signal whose ``dedup_key`` exists updates that alert;
    2. else an alert of the same kind, subkind and object whose window reaches the signal's
       window start (the same episode continuing: a surge lasting two windows, a unit still
       overdue, a repeat group sliding through its 30 days) is updated;
    3. else, for repeat groups, an alert of the same kind and subkind whose case ids overlap the
       signal's (a "nearby" group whose earliest case left the window) is updated;
    4. else a new alert is inserted.
  Updating refreshes the figures (observed, expected, severity, case ids) from the newest window,
  widens the window, records ``detail["last_seen"]``, and keeps status and acknowledgement.
- `list_alerts(ctx, status="open", kind=None, limit=2000) -> list[AlertRow]`, newest first
  (``status``/``kind`` None for all).
- `acknowledge(ctx, alert_id, actor, note, at=None) -> AlertRow`: records who (``actor`` is a
  `domain.case.Actor` or a user id), when and the note; an empty note raises `AlertError`, as
  does an unknown id. The acknowledgement is written to the audit trail ("alert.ack",
  `audit.record_alert_ack`) in the same transaction: if the audit entry cannot be written,
  nothing is acknowledged.
- `alert_grids(ctx) -> list[str]`: grid codes with open alerts (for the map).
- `object_names(ctx) -> dict[str, dict[str, str]]`: display names of units, streets, grids,
  minor/major classes, people and the case codes behind open alerts (``"case"``), for the
  panel's "object" column (read once, off the UI thread).
- `deadline_queue(ctx, now=None, case_ids=None) -> DeadlineWarnings`: the live yellow/red cases and
  the "about to go red" queue (its ``soon`` frame also carries the case ``code``), restricted to
  ``case_ids`` when given (the panel's cheap update after a change batch).

Permissions (issue 8; ``ctx.principal`` None = trusted use, nothing refused or hidden)
- A principal who sees the whole district (district scope, supervisor, admin) sees every
  alert, except that district-wide statistical alerts (no street, grid, unit or case behind
  them) are for supervisors, admins and the centre roles (`DISTRICT_ALERT_ROLES`) only.
- A street or unit scope sees an alert when one of its cases is in the scope, when it is about
  a unit of the scope (a unit scope: its own unit; a street scope: a unit of its street), or,
  for a street scope, when its street (or its grid's street) is the scope's street. The rows
  returned carry only the case ids in scope (the others are not its business).
- `list_alerts`, `scan` (the alerts it created), `alert_grids` follow that rule, and
  `object_names` names only the cases in scope;
  `deadline_queue` lists only the cases in scope; `acknowledge` needs an alert the principal
  sees (else `PermissionDenied` ``out_of_scope``), a role that may act (viewers and admins
  read only: ``read_only``) and the principal's own actor (``wrong_actor``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

import pandas as pd
from sqlalchemy import select

from commandcenter.analytics.warning import (
    OPEN_STATE_VALUES,
    DeadlineWarnings,
    Signal,
    WarningConfig,
    deadline_signals,
    deadline_warnings,
)
from commandcenter.domain.vocabulary import Role
from commandcenter.services.audit import record_alert_ack
from commandcenter.services.errors import PermissionDenied
from commandcenter.services.kpi_rows import read_frame, to_times, visible_ids, visible_mask
from commandcenter.services.permissions import Right, ScopeKind, check_actor, require
from commandcenter.store.models import Alert, Case, CaseEvent, Category, Grid, Person, Street, Unit

if TYPE_CHECKING:
    from commandcenter.services.context import AppContext

KINDS = ("deadline", "surge", "repeat", "data_quality")
DISTRICT_ALERT_ROLES = frozenset({Role.SUPERVISOR, Role.ADMIN, Role.INTAKE_OPERATOR,
                                  Role.SHIFT_LEADER, Role.DISPATCHER, Role.CALLBACK_OPERATOR})


class AlertError(ValueError):
    """A refused alert operation (unknown alert, empty note)."""


@dataclass(frozen=True)
class AlertRow:
    """A plain copy of one ``alerts`` row (``case_ids`` from its detail)."""

    id: int
    kind: str
    subkind: str
    dedup_key: str
    object_type: str
    object_key: str
    minor_code: str | None
    street_code: str | None
    grid_code: str | None
    raised_at: datetime
    window_start: datetime | None
    window_end: datetime | None
    observed: float | None
    expected: float | None
    threshold: float | None
    severity: int
    status: str
    ack_by: str | None
    ack_at: datetime | None
    ack_note: str | None
    case_ids: tuple[int, ...] = ()
    detail: dict[str, Any] = field(default_factory=dict)


def _row(a: Alert) -> AlertRow:
    detail = dict(a.detail or {})
    return AlertRow(
        id=a.id, kind=a.kind, subkind=str(detail.get("subkind", "")), dedup_key=a.dedup_key,
        object_type=a.object_type, object_key=a.object_key, minor_code=a.minor_code,
        street_code=a.street_code, grid_code=a.grid_code, raised_at=a.raised_at,
        window_start=a.window_start, window_end=a.window_end, observed=a.observed,
        expected=a.expected, threshold=a.threshold, severity=a.severity, status=a.status,
        ack_by=a.ack_by, ack_at=a.ack_at, ack_note=a.ack_note,
        case_ids=tuple(int(c) for c in detail.get("case_ids", ())), detail=detail,
    )


# --------------------------------------------------------------------------- fetching frames
def _frame(session, stmt, columns: list[str]) -> pd.DataFrame:
    """The rows of ``stmt`` read column-wise from the driver (`services.kpi_rows`), renamed to
    ``columns``; ``*_at``/``at`` columns as datetime64[us]."""
    frame = read_frame(session, stmt)
    frame.columns = columns
    for col in columns:
        if col.endswith("_at") or col == "at":
            frame[col] = to_times(frame[col])
    return frame


def _open_cases(session, case_ids: Iterable[int] | None = None) -> pd.DataFrame:
    cols = ["case_id", "state", "due_start", "due_at", "clock_paused", "emergency", "lead_unit",
            "owner_centre", "street_code", "grid_code"]
    stmt = select(Case.id, Case.state, Case.due_start, Case.due_at, Case.clock_paused,
                  Case.emergency, Case.lead_unit, Case.owner_centre, Case.street_code,
                  Case.grid_code).where(Case.state.in_(OPEN_STATE_VALUES))
    if case_ids is not None:
        stmt = stmt.where(Case.id.in_(list(case_ids)))
    frame = _frame(session, stmt, cols)
    for col in ("clock_paused", "emergency"):
        frame[col] = frame[col].astype("boolean")
    return frame


def _signals(session, ctx: AppContext, now: datetime, config: WarningConfig) -> list[Signal]:
    from commandcenter.analytics.warning_quality import (
        forced_close_signals,
        month_end_signals,
        ping_pong_signals,
    )
    from commandcenter.analytics.warning_repeat import repeat_signals
    from commandcenter.analytics.warning_surge import surge_signals

    out = deadline_signals(
        deadline_warnings(_open_cases(session), now, calendar=ctx.calendar,
                          config=config.deadline), now, config.deadline)

    s = config.surge
    since = now - timedelta(hours=s.lookback_hours, weeks=s.baseline_weeks, days=1)
    reports = _frame(session, select(Case.id, Case.reported_at, Case.grid_code, Case.street_code,
                                     Case.minor_code)
                     .where(Case.reported_at > since, Case.reported_at <= now,
                            Case.minor_code.is_not(None), Case.state != "void"),
                     ["case_id", "reported_at", "grid_code", "street_code", "minor_code"])
    street_of_grid = dict(session.execute(select(Grid.code, Grid.street_code)).all())
    out += surge_signals(reports, now, s, street_of_grid)

    r = config.repeat
    recent = _frame(session, select(Case.id, Case.reported_at, Case.address, Case.minor_code,
                                    Case.lon, Case.lat, Case.grid_code, Case.street_code,
                                    Case.state)
                    .where(Case.reported_at > now - timedelta(days=r.days),
                           Case.reported_at <= now),
                    ["case_id", "reported_at", "address", "minor_code", "lon", "lat",
                     "grid_code", "street_code", "state"])
    out += repeat_signals(recent, now, r)

    pp = config.ping_pong
    returned = (select(CaseEvent.case_id).where(
        CaseEvent.action == "return", CaseEvent.at > now - timedelta(days=pp.days)))
    returns = _frame(session, select(CaseEvent.case_id, CaseEvent.at, CaseEvent.unit_code,
                                     Case.street_code, Case.grid_code)
                     .join(Case, Case.id == CaseEvent.case_id)
                     .where(CaseEvent.action == "return", CaseEvent.at <= now,
                            CaseEvent.case_id.in_(returned)),
                     ["case_id", "at", "unit_code", "street_code", "grid_code"])
    out += ping_pong_signals(returns, now, pp)

    fc = config.forced_close
    # closed_at has no index and the cases table is wide: find the cases through their closing
    # events (ix_case_events_at), then keep the exact closed_at condition
    since = now - timedelta(days=fc.days)
    closing = select(CaseEvent.case_id).where(CaseEvent.at > since, CaseEvent.to_state == "closed")
    closed = _frame(session, select(Case.id, Case.closed_at, Case.forced, Case.lead_unit,
                                    Case.street_code)
                    .where(Case.id.in_(closing), Case.closed_at > since, Case.closed_at <= now),
                    ["case_id", "closed_at", "forced", "lead_unit", "street_code"])
    out += forced_close_signals(closed, now, fc)

    month_start = datetime(now.year, now.month, 1)
    prev_start = (month_start - timedelta(days=1)).replace(day=1)
    report_events = _frame(session, select(CaseEvent.case_id, CaseEvent.at, CaseEvent.actor_id,
                                           CaseEvent.role, CaseEvent.unit_code)
                           .where(CaseEvent.action == "report", CaseEvent.at >= prev_start,
                                  CaseEvent.at < month_start),
                           ["case_id", "at", "actor_id", "role", "unit_code"])
    out += month_end_signals(report_events, now, config.month_end)
    return out


# --------------------------------------------------------------------------- upsert
def _detail(signal: Signal, now: datetime) -> dict[str, Any]:
    return {**signal.detail, "subkind": signal.subkind, "case_ids": list(signal.case_ids),
            "last_seen": now.isoformat(timespec="seconds")}


def _update(alert: Alert, signal: Signal, now: datetime) -> None:
    newest = alert.window_end is None or signal.window_end >= alert.window_end
    if newest:
        alert.observed, alert.expected = signal.observed, signal.expected
        alert.threshold, alert.severity = signal.threshold, signal.severity
        alert.detail = _detail(signal, now)
        alert.window_end = signal.window_end
    if alert.window_start is None or signal.window_start < alert.window_start:
        alert.window_start = signal.window_start


class _Index:
    """Alerts already stored, looked up by dedup key, by object and (repeats) by case id."""

    def __init__(self, alerts: Iterable[Alert]) -> None:
        self.by_key: dict[str, Alert] = {}
        self.by_object: dict[tuple, list[Alert]] = {}
        self.by_case: dict[tuple, Alert] = {}
        for a in alerts:
            self.add(a)

    @staticmethod
    def _object(kind: str, subkind: str, object_type: str, object_key: str) -> tuple:
        return kind, subkind, object_type, object_key

    def add(self, a: Alert) -> None:
        detail = a.detail or {}
        subkind = detail.get("subkind", "")
        self.by_key[a.dedup_key] = a
        self.by_object.setdefault(self._object(a.kind, subkind, a.object_type, a.object_key),
                                  []).append(a)
        if a.kind == "repeat":
            for case_id in detail.get("case_ids", ()):
                self.by_case[(subkind, int(case_id))] = a

    def match(self, signal: Signal) -> Alert | None:
        found = self.by_key.get(signal.dedup_key)
        if found is not None:
            return found
        same = self.by_object.get(self._object(signal.kind, signal.subkind, signal.object_type,
                                               signal.object_key), ())
        for a in same:
            if a.window_end is not None and a.window_end >= signal.window_start:
                return a
        if signal.kind == "repeat":
            for case_id in signal.case_ids:
                a = self.by_case.get((signal.subkind, int(case_id)))
                if a is not None:
                    return a
        return None


def _upsert(session, signals: list[Signal], now: datetime) -> list[Alert]:
    if not signals:
        return []
    signals = sorted(signals, key=lambda s: (s.window_start, s.window_end))
    earliest = min(s.window_start for s in signals)
    kinds = sorted({s.kind for s in signals})
    index = _Index(session.scalars(select(Alert).where(
        Alert.kind.in_(kinds), Alert.window_end >= earliest - timedelta(days=1))))
    wanted = [s.dedup_key for s in signals if s.dedup_key not in index.by_key]
    for start in range(0, len(wanted), 500):  # older alerts with the same key
        for a in session.scalars(select(Alert).where(Alert.dedup_key.in_(wanted[start:start + 500]))):
            if a.dedup_key not in index.by_key:
                index.add(a)
    created = []
    for signal in signals:
        alert = index.match(signal)
        if alert is not None:
            _update(alert, signal, now)
            if alert.kind == "repeat":
                index.add(alert)  # its case ids may have grown
            continue
        alert = Alert(
            kind=signal.kind, dedup_key=signal.dedup_key, object_type=signal.object_type,
            object_key=signal.object_key, minor_code=signal.minor_code,
            street_code=signal.street_code, grid_code=signal.grid_code, raised_at=now,
            window_start=signal.window_start, window_end=signal.window_end,
            observed=signal.observed, expected=signal.expected, threshold=signal.threshold,
            severity=signal.severity, detail=_detail(signal, now), status="open")
        session.add(alert)
        index.add(alert)
        created.append(alert)
    session.flush()
    return created


# --------------------------------------------------------------------------- scope
def _district_wide(row: AlertRow) -> bool:
    return (not row.case_ids and row.street_code is None and row.grid_code is None
            and row.object_type not in ("unit", "street", "grid", "case"))


def _visible(ctx: AppContext, rows: list[AlertRow]) -> list[AlertRow]:
    """The rows ``ctx.principal`` may see, each with only its in-scope case ids (module
    docstring). A few thousand alerts at most: plain Python per alert is fine here."""
    p = getattr(ctx, "principal", None)
    if p is None:
        return rows
    if p.sees_all:
        if p.role in DISTRICT_ALERT_ROLES:
            return rows
        return [r for r in rows if not _district_wide(r)]
    seen = visible_ids(ctx, {c for r in rows for c in r.case_ids}) or set()
    units = {p.scope_code} if p.scope_kind is ScopeKind.UNIT else set(p.scope_units)
    street_of_grid: dict[str, str] = {}
    if p.scope_kind is ScopeKind.STREET:
        grids = sorted({r.grid_code for r in rows if r.grid_code})
        if grids:
            with ctx.unit_of_work() as uow:
                street_of_grid = dict(uow.session.execute(
                    select(Grid.code, Grid.street_code).where(Grid.code.in_(grids))).all())
    out = []
    for r in rows:
        mine = [c for c in r.case_ids if c in seen]
        ok = bool(mine) or (r.object_type == "unit" and r.object_key in units)
        if not ok and p.scope_kind is ScopeKind.STREET and p.scope_code is not None:
            ok = p.scope_code in (r.street_code, street_of_grid.get(r.grid_code or ""))
        if ok:
            detail = {**r.detail, "case_ids": mine} if "case_ids" in r.detail else r.detail
            out.append(replace(r, case_ids=tuple(mine), detail=detail))
    return out


# --------------------------------------------------------------------------- public API
def scan(ctx: AppContext, now: datetime | None = None,
         config: WarningConfig | None = None) -> list[AlertRow]:
    now = now or ctx.now()
    config = config or WarningConfig.load()
    with ctx.unit_of_work() as uow:  # the reads: no write lock held while computing
        signals = _signals(uow.session, ctx, now, config)
    with ctx.unit_of_work(write=True) as uow:
        created = [_row(a) for a in _upsert(uow.session, signals, now)]
    return _visible(ctx, created)


def list_alerts(ctx: AppContext, status: str | None = "open", kind: str | None = None,
                limit: int = 2000) -> list[AlertRow]:
    stmt = select(Alert).order_by(Alert.raised_at.desc(), Alert.id.desc()).limit(limit)
    if status is not None:
        stmt = stmt.where(Alert.status == status)
    if kind is not None:
        stmt = stmt.where(Alert.kind == kind)
    with ctx.unit_of_work() as uow:
        rows = [_row(a) for a in uow.session.scalars(stmt)]
    return _visible(ctx, rows)


def acknowledge(ctx: AppContext, alert_id: int, actor: Any, note: str,
                at: datetime | None = None) -> AlertRow:
    note = (note or "").strip()
    if not note:
        raise AlertError("acknowledging an alert needs a note")
    actor_id = str(getattr(actor, "user_id", actor) or "").strip()
    if not actor_id:
        raise AlertError("acknowledging an alert needs the person acknowledging it")
    at = at or ctx.now()
    p = getattr(ctx, "principal", None)
    if p is not None:
        require(p, Right.ACT)
        if hasattr(actor, "role"):
            check_actor(p, actor)
        elif actor_id != p.actor().user_id:
            raise PermissionDenied("wrong_actor", f"you may act only as yourself "
                                   f"({p.actor().user_id})", actor=actor_id)
        with ctx.unit_of_work() as uow:  # the scope check reads before the write transaction
            alert = uow.session.get(Alert, alert_id)
            row = _row(alert) if alert is not None else None
        if row is not None and not _visible(ctx, [row]):
            raise PermissionDenied("out_of_scope", f"alert {alert_id} is outside your scope",
                                   alert_id=alert_id)
    with ctx.unit_of_work(write=True) as uow:
        alert = uow.session.get(Alert, alert_id)
        if alert is None:
            raise AlertError(f"no alert {alert_id}")
        alert.status, alert.ack_by, alert.ack_at, alert.ack_note = "acknowledged", actor_id, at, note
        uow.session.flush()
        row = _row(alert)
        record_alert_ack(uow.session, row, actor_id, at)
        return row


def alert_grids(ctx: AppContext) -> list[str]:
    if getattr(ctx, "principal", None) is not None:
        return sorted({r.grid_code for r in list_alerts(ctx, limit=100_000) if r.grid_code})
    with ctx.unit_of_work() as uow:
        codes = uow.session.scalars(select(Alert.grid_code).distinct().where(
            Alert.status == "open", Alert.grid_code.is_not(None)))
        return sorted(codes)


def deadline_queue(ctx: AppContext, now: datetime | None = None,
                   case_ids: Iterable[int] | None = None,
                   config: WarningConfig | None = None) -> DeadlineWarnings:
    now = now or ctx.now()
    config = config or WarningConfig.load()
    with ctx.unit_of_work() as uow:
        frame = _open_cases(uow.session, case_ids)
    if case_ids is not None:  # a change batch: look the few ids up by key, no scan
        seen = visible_ids(ctx, frame["case_id"])
        mask = None if seen is None else frame["case_id"].isin(list(seen)).to_numpy()
    else:
        mask = visible_mask(ctx, frame["street_code"].astype(object).to_numpy(),
                            frame["lead_unit"].astype(object).to_numpy(),
                            frame["case_id"].to_numpy())
    if mask is not None:
        frame = frame.loc[mask].reset_index(drop=True)
    with ctx.unit_of_work() as uow:
        warn = deadline_warnings(frame, now, calendar=ctx.calendar, config=config.deadline)
        ids = [int(i) for i in warn.soon["case_id"]]
        codes = dict(uow.session.execute(select(Case.id, Case.code).where(Case.id.in_(ids))).all()
                     ) if ids else {}
    warn.soon["code"] = [codes.get(int(i), str(i)) for i in warn.soon["case_id"]]
    return warn


def object_names(ctx: AppContext) -> dict[str, dict[str, str]]:
    with ctx.unit_of_work() as uow:
        s = uow.session
        cats = s.execute(select(Category.code, Category.name, Category.major_code,
                                Category.major_name)).all()
        case_keys = s.scalars(select(Alert.object_key).where(Alert.object_type == "case",
                                                             Alert.status == "open")).all()
        ids = [int(k) for k in case_keys if str(k).isdigit()]
        seen = visible_ids(ctx, ids)  # case codes only of the cases the principal may see
        if seen is not None:
            ids = [i for i in ids if i in seen]
        return {
            "unit": dict(s.execute(select(Unit.code, Unit.name)).all()),
            "street": dict(s.execute(select(Street.code, Street.name)).all()),
            "grid": dict(s.execute(select(Grid.code, Grid.name)).all()),
            "person": dict(s.execute(select(Person.code, Person.name)).all()),
            "minor": {c: n for c, n, _, _ in cats},
            "major": {m: mn for _, _, m, mn in cats},
            "case": {str(i): c for i, c in s.execute(
                select(Case.id, Case.code).where(Case.id.in_(ids))).all()} if ids else {},
        }
