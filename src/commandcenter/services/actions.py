"""What the board's operator can do to cases, and what will happen before they confirm.

Queries and commands the board's action layer calls (always on the DB worker thread):

- `available_actions(ctx, case_id, actor)`: the lifecycle's allowed actions for that actor,
  narrowed by the case's context (no "approve extension" without a waiting request, no "rule on
  return" without a return, "check in" only for a summoned department that has not yet ...).
- `register_preview(...)`: the handling limit and the deadline that registering would set,
  computed with the catalogue's filing standard and the business calendar, before confirming.
- `routing_suggestion(ctx, case_id, at)`: the responsibility catalogue's lead unit with its
  reason (rule, legal basis); `dispatch_candidates` / `whistle_candidates` list the other units.
  Retired units (the reference sync, `AppContext.retired_units`) are never offered nor
  suggested (routing resolves over `AppContext.active_organisation`, so a rule whose unit was
  retired falls through to the next rule or to 属地兜底).
- `check_targets_active(ctx, action, params)`: refuses (`TransitionError` ``bad_input``
  ``retired_unit``) an action that sends a case to a retired unit (dispatch, co-handlers,
  whistle, co-handling) early; `bulk_transition` calls it once for the whole selection
  (`CaseService.transition` itself refuses them inside its write transaction).
- `bulk_transition(...)`: one action on many cases, each in its own transaction; one refusal or
  conflict never blocks the rest; returns one `BulkResult` per case, in the order given.
- `category_search(ctx, text)`: minor classes by code, Chinese name or pinyin initials
  ("bllj" finds 暴露垃圾) or full pinyin.
- `acting_people(ctx, centre)`: people the "acting as" selector offers until sign-in exists.

Every result is a plain frozen dataclass; nothing here keeps a session.

Permissions (issue 8): with ``ctx.principal`` set, every function that reads a case by id
refuses a case outside the principal's scope (`PermissionDenied` ``out_of_scope``); the
available actions of a principal who may not act (viewer, admin) are empty; bulk results
carry ``error="denied"`` for refused cases; `acting_people` offers only the principal.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select

from commandcenter.domain.calendar import TimeLimit
from commandcenter.domain.case import Actor, TransitionError
from commandcenter.domain.catalogue import CatalogueError
from commandcenter.domain.org import OrgError
from commandcenter.domain.routing import (
    ResponsibilityCatalogue,
    Router,
    RoutingError,
    RoutingFacts,
    limit_cn,
)
from commandcenter.domain.vocabulary import AreaClass, Role, Stage, State, UnitKind
from commandcenter.store.mapping import snapshot_of
from commandcenter.store.models import Person, Unit

from .cases import CaseService, refuse_retired_targets, target_units
from .context import AppContext
from .errors import CaseNotFoundError, ConflictError, PermissionDenied
from .intake import CategoryHit, category_search  # noqa: F401 - part of this module's API
from .permissions import Right, case_in_scope, check_read

# Actions the operator never takes by hand (the system screens new reports).
_SYSTEM_ONLY = frozenset({"screen"})


# ---------------------------------------------------------------------- available actions
def available_actions(ctx: AppContext, case_id: int, actor: Actor) -> list[str]:
    """Action names this actor may take on this case now (state, role, unit and context)."""
    with ctx.unit_of_work() as uow:
        record = uow.cases.get(case_id)
    check_read(ctx.principal, record)
    return actions_for_snapshot(ctx, snapshot_of(record), actor)


def actions_for_snapshot(ctx: AppContext, case, actor: Actor) -> list[str]:
    p = ctx.principal
    if p is not None and not p.can(Right.ACT):  # callers checked the scope on the record
        return []
    allowed = [a for a in ctx.lifecycle.allowed_actions(case, actor) if a not in _SYSTEM_ONLY]
    waiting_ext = case.extension_requested is not None
    w = case.whistle
    rules = {
        "judge_return": case.return_to_judge,
        "approve_extension": waiting_ext,
        "reject_extension": waiting_ext,
        "request_extension": not waiting_ext,
        "report_done": not waiting_ext,
        "check_in": w is not None and actor.unit_code in w.outstanding,
        "rate_check_in": w is not None and bool(w.checked_in),
        "reopen": case.lead_unit is not None,
        # A street centre hands a case up only when it came down from above.
        "return": case.state is State.DISPATCHED or len(case.centre_chain) > 1,
    }
    return [a for a in allowed if rules.get(a, True)]


def common_actions(ctx: AppContext, case_ids: Iterable[int], actor: Actor) -> dict[str, list[int]]:
    """For a selection: each action -> the ids of the cases it applies to (for bulk menus)."""
    out: dict[str, list[int]] = {}
    ids = list(case_ids)
    with ctx.unit_of_work() as uow:
        records = [uow.cases.get(i) for i in ids]
    for rec in records:
        if not case_in_scope(ctx.principal, rec):  # out-of-scope cases offer nothing
            continue
        for action in actions_for_snapshot(ctx, snapshot_of(rec), actor):
            out.setdefault(action, []).append(rec.id)
    return out


# ---------------------------------------------------------------------- register preview
@dataclass(frozen=True)
class RegisterPreview:
    """What registering would fix: the limit of the filing standard and the deadline from ``at``
    (the handling clock starts at dispatch; this assumes dispatch now)."""

    minor_code: str
    minor_name: str
    condition_id: str
    condition_text: str
    area_class: AreaClass
    limit: TimeLimit
    limit_text: str  # e.g. "4个工作时"
    deadline: datetime
    emergency: bool
    closing: str
    legal_basis: str


def case_area_class(ctx: AppContext, case_id: int) -> AreaClass:
    """The area class of the case's grid (B when it has no known grid)."""
    with ctx.unit_of_work() as uow:
        record = uow.cases.get(case_id)
        check_read(ctx.principal, record)
        grid = uow.org.grid_row(record.grid_code) if record.grid_code else None
    return grid[2] if grid is not None else AreaClass.B


def register_preview(ctx: AppContext, case_id: int, minor_code: str, condition_id: str,
                     area_class: AreaClass | str | None, at: datetime) -> RegisterPreview:
    """Raises `TransitionError` ``bad_input`` for an unknown class or condition."""
    area = AreaClass(area_class) if area_class else case_area_class(ctx, case_id)
    cat = ctx.catalogue
    try:
        minor = cat.minor(minor_code)
        cond = cat.condition(minor_code, condition_id)
    except CatalogueError as exc:
        raise TransitionError("bad_input", str(exc), field="minor_code",
                              minor_code=minor_code, condition_id=condition_id) from None
    limit = cond.limits[area]
    std = minor.standard
    return RegisterPreview(
        minor_code=minor.code, minor_name=minor.name, condition_id=cond.id,
        condition_text=cond.text, area_class=area, limit=limit, limit_text=limit_cn(limit),
        deadline=ctx.calendar.add(at, limit), emergency=std.emergency,
        closing=cond.closing or std.closing, legal_basis=std.legal_basis,
    )


# ---------------------------------------------------------------------- routing
@dataclass(frozen=True)
class RoutingAdvice:
    """The suggested lead unit and why (rule, legal basis); ``rule_id`` "fallback" = 属地兜底."""

    unit_code: str
    unit_name: str
    rule_id: str
    reason_text: str
    legal_basis: str
    is_fallback: bool
    deadline_text: str = ""  # a rule's own deadline override, in Chinese, if any


@dataclass(frozen=True)
class UnitChoice:
    code: str
    name: str
    kind: UnitKind


def router(ctx: AppContext, rules: ResponsibilityCatalogue | None = None) -> Router:
    """Routing over the units still in service (retired units are never suggested), with
    ``rules`` (default: the context's cached responsibility rules)."""
    return Router(rules or ctx.rules, ctx.active_organisation, ctx.catalogue)


def routing_suggestion(ctx: AppContext, case_id: int, at: datetime) -> RoutingAdvice | None:
    """None when the case cannot be routed yet (not registered, or no street known). The
    rules are those the database holds now (a rules file applied on another workstation
    counts at once)."""
    with ctx.unit_of_work() as uow:
        record = uow.cases.get(case_id)
        rules = ctx.current_rules(uow.session)
    check_read(ctx.principal, record)
    if not record.minor_code:
        return None
    org = ctx.organisation
    street = record.street_code
    layer = site = None
    if record.grid_code:
        try:
            grid = org.grid(record.grid_code)
            street = street or grid.street_code
            layer, site = grid.layer, grid.site_kind
        except (OrgError, KeyError):
            pass
    if not street:
        return None
    facts = RoutingFacts(
        minor_code=record.minor_code, condition_id=record.condition_id,
        area_class=record.area_class, street_code=street, grid_layer=layer, site_kind=site,
        at=at,
    )
    try:
        s = router(ctx, rules).suggest(facts)
    except RoutingError:
        return None
    if s.unit_code in ctx.retired_units:  # only if the active organisation could not be built
        return None
    name = org.unit(s.unit_code).name if org.has_unit(s.unit_code) else s.unit_code
    return RoutingAdvice(
        unit_code=s.unit_code, unit_name=name, rule_id=s.rule_id, reason_text=s.reason_text,
        legal_basis=s.legal_basis, is_fallback=s.is_fallback,
        deadline_text=limit_cn(s.deadline_override) if s.deadline_override else "",
    )


_DISPATCHABLE = (UnitKind.STREET_TEAM, UnitKind.ENFORCEMENT_TEAM, UnitKind.COMMUNITY,
                 UnitKind.STREET_CENTRE, UnitKind.DEPARTMENT, UnitKind.ENTERPRISE)


def dispatch_candidates(ctx: AppContext, case_id: int | None = None) -> list[UnitChoice]:
    """Units a case can be dispatched to: its street's units first, then departments and
    enterprises, then the other streets' centres."""
    street = None
    if case_id is not None:
        with ctx.unit_of_work() as uow:
            record = uow.cases.get(case_id)
        check_read(ctx.principal, record)
        street = record.street_code
    retired = ctx.retired_units
    units = [u for u in ctx.organisation.units if u.code not in retired]
    own = [u for u in units if street and u.street_code == street and u.kind in _DISPATCHABLE]
    district = [u for u in units if u.kind in (UnitKind.DEPARTMENT, UnitKind.ENTERPRISE)]
    centres = [u for u in units if u.kind is UnitKind.STREET_CENTRE and u.street_code != street]
    return [UnitChoice(u.code, u.name, u.kind) for u in own + district + centres]


def whistle_candidates(ctx: AppContext) -> list[UnitChoice]:
    """District departments a whistle can summon (enterprises too: water, power, gas), not
    retired ones."""
    retired = ctx.retired_units
    return [UnitChoice(u.code, u.name, u.kind) for u in ctx.organisation.units
            if u.kind in (UnitKind.DEPARTMENT, UnitKind.ENTERPRISE) and u.code not in retired]


def check_targets_active(ctx: AppContext, action: str, params: Mapping[str, Any]) -> None:
    """Raise `TransitionError` ``bad_input`` (``reason="retired_unit"``, ``units``) when the
    action would send the case to a unit the reference sync retired (read from the database,
    so a retirement applied by another workstation counts at once). `CaseService.transition`
    makes the same check inside its write transaction; this one answers a dialog early."""
    codes = target_units(action, params)
    if not codes:
        return
    with ctx.unit_of_work() as uow:
        refuse_retired_targets(uow.session, codes)


def whistle_checkin_deadline(ctx: AppContext, at: datetime) -> datetime:
    """When summoned departments must have checked in if the whistle is blown at ``at``."""
    return ctx.calendar.add(at, ctx.lifecycle.stage_limits[Stage.CHECK_IN])


# ---------------------------------------------------------------------- bulk
@dataclass(frozen=True)
class BulkResult:
    """One case's outcome: ``ok`` with its new state and version, or why it was refused.
    ``error`` is a TransitionError code, "conflict", "not_found" or "denied"; ``changes`` lists, for a
    conflict, what others did meanwhile as (action, actor_id, role, at) tuples."""

    case_id: int
    code: str
    ok: bool
    to_state: State | None = None
    version: int | None = None
    error: str = ""
    message: str = ""
    params: Mapping[str, Any] | None = None
    changes: tuple[tuple[str, str, str, datetime], ...] = ()


def conflict_changes(exc: ConflictError) -> tuple[tuple[str, str, str, datetime], ...]:
    return tuple((e.action, e.actor_id, e.role.value, e.at) for e in exc.changes)


def bulk_transition(ctx: AppContext, case_ids: Iterable[int], action: str,
                    params: Mapping[str, Any], actor: Actor,
                    expected_versions: Mapping[int, int] | None = None) -> list[BulkResult]:
    """Apply ``action`` to each case in its own transaction (see the module docstring)."""
    service = CaseService(ctx)
    out: list[BulkResult] = []
    try:  # once for the selection: the same units for every case
        check_targets_active(ctx, action, params)
        retired: TransitionError | None = None
    except TransitionError as exc:
        retired = exc
    for case_id in case_ids:
        expected = (expected_versions or {}).get(case_id)
        try:
            if retired is not None:
                raise retired
            r = service.transition(case_id, action, dict(params), actor, expected_version=expected)
        except ConflictError as exc:
            out.append(BulkResult(case_id, exc.code or str(case_id), False, error="conflict",
                                  message=str(exc), changes=conflict_changes(exc)))
        except TransitionError as exc:
            out.append(BulkResult(case_id, _code_of(ctx, case_id), False, error=exc.code,
                                  message=str(exc), params=dict(exc.params)))
        except CaseNotFoundError as exc:
            out.append(BulkResult(case_id, str(case_id), False, error="not_found", message=str(exc)))
        except PermissionDenied as exc:
            out.append(BulkResult(case_id, str(case_id), False, error="denied", message=str(exc),
                                  params={"denied": exc.code, **exc.params}))
        else:
            out.append(BulkResult(case_id, r.code, True, to_state=r.to_state, version=r.version))
    return out


def _code_of(ctx: AppContext, case_id: int) -> str:
    try:
        with ctx.unit_of_work() as uow:
            return uow.cases.get(case_id).code
    except CaseNotFoundError:
        return str(case_id)


# ---------------------------------------------------------------------- preparing a dialog
# Actions the lifecycle refuses without a reason (a dialog does not close without one).
REASON_REQUIRED = frozenset({
    "invalidate", "verify_false", "refuse_register", "whistle", "return", "request_extension",
    "reject_extension", "request_hang", "hang", "request_co_handling", "check_fail",
    "force_close", "reopen",
})


@dataclass(frozen=True)
class CaseBrief:
    """What an action dialog shows about a case and the version it was read at."""

    id: int
    code: str
    version: int
    state: State
    title: str
    address: str
    minor_code: str | None
    lead_unit: str | None
    available: tuple[str, ...]
    whistle_departments: tuple[str, ...] = ()
    whistle_checked_in: tuple[str, ...] = ()
    extension: str = ""


@dataclass(frozen=True)
class ActionPrep:
    """Everything a dialog for ``action`` on ``cases`` needs, read in one go off the UI thread.
    ``applicable`` are the ids of the cases the action is available for."""

    action: str
    cases: tuple[CaseBrief, ...]
    applicable: tuple[int, ...]
    at: datetime
    advice: RoutingAdvice | None = None
    units: tuple[UnitChoice, ...] = ()
    area_class: AreaClass | None = None
    checkin_deadline: datetime | None = None
    unit_names: Mapping[str, str] | None = None
    handle_due: datetime | None = None  # dispatch/whistle: when handling is due if done now
    handle_limit_text: str = ""


def prepare_action(ctx: AppContext, case_ids: Iterable[int], action: str,
                   actor: Actor) -> ActionPrep:
    """Read the cases (with their versions) and whatever the action's dialog shows."""
    at = ctx.now()
    briefs = []
    with ctx.unit_of_work() as uow:
        records = [uow.cases.get(i) for i in case_ids]
    for r in records:
        check_read(ctx.principal, r)
        snap = snapshot_of(r)
        w = snap.whistle
        briefs.append(CaseBrief(
            r.id, r.code, r.version, r.state, r.title, r.address, r.minor_code, r.lead_unit,
            tuple(actions_for_snapshot(ctx, snap, actor)),
            w.departments if w else (), tuple(w.checked_in_units) if w else (),
            str(snap.extension_requested) if snap.extension_requested is not None else "",
        ))
    applicable = tuple(b.id for b in briefs if action in b.available)
    first = next((b for b in briefs if b.id in applicable), briefs[0] if briefs else None)
    extra: dict[str, Any] = {}
    if first is not None and action in ("dispatch", "whistle"):
        # The handling clock starts at dispatch (or the whistle), never at signing.
        rec = next(r for r in records if r.id == first.id)
        limit = rec.handle_limit if isinstance(rec.handle_limit, TimeLimit) else \
            ctx.lifecycle.stage_limit(Stage.HANDLE, snapshot_of(rec))
        extra["handle_due"] = ctx.calendar.add(at, limit)
        extra["handle_limit_text"] = limit_cn(limit)
    if first is not None and action in ("dispatch", "add_co_handlers"):
        extra["units"] = tuple(dispatch_candidates(ctx, first.id))
        if action == "dispatch":
            extra["advice"] = routing_suggestion(ctx, first.id, at)
    elif action in ("whistle", "request_co_handling"):
        extra["units"] = tuple(whistle_candidates(ctx))
        extra["checkin_deadline"] = whistle_checkin_deadline(ctx, at)
    elif first is not None and action == "register":
        extra["area_class"] = case_area_class(ctx, first.id)
    org = ctx.organisation
    codes = {u for b in briefs for u in (*b.whistle_departments, b.lead_unit) if u}
    extra["unit_names"] = {c: org.unit(c).name for c in codes if org.has_unit(c)}
    return ActionPrep(action, tuple(briefs), applicable, at, **extra)


def transition_one(ctx: AppContext, case_id: int, action: str, params: Mapping[str, Any],
                   actor: Actor, expected_version: int | None):
    """`CaseService.transition` for the UI's worker (a plain function, no state); the service
    refuses retired target units inside its write transaction."""
    return CaseService(ctx).transition(case_id, action, dict(params), actor, expected_version)


def case_id_of(ctx: AppContext, code: str) -> int | None:
    """The id of the case with this code (or id), None when there is none; `PermissionDenied`
    when it is outside the principal's scope."""
    try:
        with ctx.unit_of_work() as uow:
            record = uow.cases.find(code.strip())
    except CaseNotFoundError:
        return None
    check_read(ctx.principal, record)
    return record.id


# ---------------------------------------------------------------------- acting as
@dataclass(frozen=True)
class PersonChoice:
    code: str
    name: str
    role: Role
    unit_code: str | None
    unit_name: str

    def actor(self) -> Actor:
        return Actor(self.code, self.role, self.unit_code, self.name)


CENTRE_ROLES = (Role.INTAKE_OPERATOR, Role.SHIFT_LEADER, Role.DISPATCHER, Role.CALLBACK_OPERATOR)


def acting_people(ctx: AppContext, centre: str | None = None) -> list[PersonChoice]:
    """People of the centre in its roles first, then handling-unit members and grid workers
    (to act for them in demos and training). ``centre`` None = this database's centre.
    With a signed-in principal: only the principal (nobody acts in another's name)."""
    p = ctx.principal
    if p is not None:
        a = p.actor()
        unit_name = ctx.organisation.unit(a.unit_code).name \
            if a.unit_code and ctx.organisation.has_unit(a.unit_code) else (a.unit_code or "")
        return [PersonChoice(a.user_id, p.display_name, p.role, a.unit_code, unit_name)]
    with ctx.unit_of_work() as uow:
        centre = centre or ctx.default_centre(uow)
        rows = uow.session.execute(
            select(Person.code, Person.name, Person.role, Person.unit_code, Unit.name)
            .join(Unit, Unit.code == Person.unit_code, isouter=True)
            .where(Person.active.is_(True)).order_by(Person.code)
        ).all()
    own, others = [], []
    for r in rows:
        try:
            role = Role(r[2])
        except ValueError:
            continue
        choice = PersonChoice(r[0], r[1], role, r[3], r[4] or (r[3] or ""))
        if r[3] == centre and role in CENTRE_ROLES:
            own.append(choice)
        elif role in (Role.HANDLING_UNIT, Role.GRID_WORKER):
            others.append(choice)
    own.sort(key=lambda p: (CENTRE_ROLES.index(p.role), p.code))
    others.sort(key=lambda p: (p.role != Role.HANDLING_UNIT, p.unit_code or "", p.code))
    return own + others
