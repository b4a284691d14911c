"""Who may see and do what: the signed-in principal, its rights and its scope (issue 8).

``AppContext.principal`` is None for trusted system use (installer CLI commands, demo seeding,
sync, tests that do not care) and then nothing here refuses anything. When it is a `Principal`,
the services call these checks before they read or write, so a hidden button is never the only
guard:

- Rights by role (`RIGHTS`): changing cases needs an acting role (viewers and admins only read;
  supervisors take the lifecycle actions the gate table gives them: supervise, hang, force
  close); reporting new cases needs a centre role or a grid worker; the audit view needs a
  supervisor or an admin; managing users needs an admin; the assessment needs a supervisor,
  an admin or a shift leader; applying the district's reference data (units and people,
  `MANAGE_REFERENCE`) needs an admin: it changes who exists and who cases can go to, which is
  administration, not the shift's work (a shift leader registers and closes cases, DOMAIN.md
  section 3, and does not redraw the organisation).
- Scope (`in_scope`): district scope, supervisors and admins see every case; a street scope sees
  the cases of its street (``street_code``) and those led by one of its street's units; a unit
  scope sees the cases its unit leads, co-handles or was summoned to by a whistle. Acting
  needs the case in scope too; the lifecycle then checks the role and unit of the action.
- The actor of a command must be the principal's own actor (`Principal.actor`): nobody acts in
  someone else's name (``wrong_actor``).
- `scope_mask` is the same scope rule over the board's column arrays, vectorised.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

import numpy as np

from commandcenter.domain.case import Actor
from commandcenter.domain.vocabulary import Role

from .errors import PermissionDenied


class ScopeKind(StrEnum):
    DISTRICT = "district"
    STREET = "street"
    UNIT = "unit"


class Right(StrEnum):
    READ_CASES = "read_cases"
    ACT = "act"  # take lifecycle actions
    REPORT = "report"  # file new cases
    VIEW_AUDIT = "view_audit"
    EXPORT_AUDIT = "export_audit"
    MANAGE_USERS = "manage_users"
    ASSESSMENT = "assessment"
    MANAGE_REFERENCE = "manage_reference"  # apply units / people exports (sync.reference)


# Account roles: every Role except SYSTEM (which only the software itself acts in).
ACCOUNT_ROLES: tuple[Role, ...] = tuple(r for r in Role if r is not Role.SYSTEM)
_ACTING = frozenset({Role.INTAKE_OPERATOR, Role.SHIFT_LEADER, Role.DISPATCHER,
                     Role.HANDLING_UNIT, Role.GRID_WORKER, Role.CALLBACK_OPERATOR,
                     Role.SUPERVISOR})
_REPORTING = frozenset({Role.INTAKE_OPERATOR, Role.SHIFT_LEADER, Role.DISPATCHER,
                        Role.GRID_WORKER, Role.CALLBACK_OPERATOR})
RIGHTS: dict[Right, frozenset[Role]] = {
    Right.READ_CASES: frozenset(ACCOUNT_ROLES),
    Right.ACT: _ACTING,
    Right.REPORT: _REPORTING,
    Right.VIEW_AUDIT: frozenset({Role.SUPERVISOR, Role.ADMIN}),
    Right.EXPORT_AUDIT: frozenset({Role.SUPERVISOR, Role.ADMIN}),
    Right.MANAGE_USERS: frozenset({Role.ADMIN}),
    Right.ASSESSMENT: frozenset({Role.SUPERVISOR, Role.ADMIN, Role.SHIFT_LEADER}),
    Right.MANAGE_REFERENCE: frozenset({Role.ADMIN}),
}
# Roles whose reading is district-wide whatever the account's scope says.
SEE_ALL_ROLES = frozenset({Role.SUPERVISOR, Role.ADMIN})


@dataclass(frozen=True)
class Principal:
    """The signed-in user, resolved at sign-in (plain values; no session behind it).

    ``unit_code`` is the unit the user acts for in case events: the linked person's unit, else
    the scope's unit (unit scope), the street's centre (street scope) or the district centre.
    ``scope_units`` are the unit codes of a street scope's street (empty otherwise).
    """

    user_id: int
    username: str
    display_name: str
    role: Role
    scope_kind: ScopeKind = ScopeKind.DISTRICT
    scope_code: str | None = None
    person_id: str | None = None
    unit_code: str | None = None
    scope_units: frozenset[str] = field(default_factory=frozenset)
    must_change_password: bool = False

    def actor(self) -> Actor:
        return Actor(self.person_id or self.username, self.role, self.unit_code,
                     self.display_name)

    def can(self, right: Right) -> bool:
        return self.role in RIGHTS[right]

    @property
    def sees_all(self) -> bool:
        return self.role in SEE_ALL_ROLES or self.scope_kind is ScopeKind.DISTRICT


def can(principal: Principal | None, right: Right) -> bool:
    return principal is None or principal.can(right)


def require(principal: Principal | None, right: Right) -> None:
    """Raise `PermissionDenied` ``wrong_role`` unless the principal has ``right``."""
    if principal is not None and not principal.can(right):
        code = "read_only" if right in (Right.ACT, Right.REPORT) else "wrong_role"
        raise PermissionDenied(code, f"role {principal.role.value} may not {right.value}",
                               role=principal.role.value, right=right.value)


def in_scope(principal: Principal | None, *, street_code: str | None, lead_unit: str | None,
             involved_units: Iterable[str] = ()) -> bool:
    """The scope rule of the module docstring for one case; ``involved_units`` are the
    co-handlers and the whistle's summoned departments."""
    if principal is None or principal.sees_all:
        return True
    if principal.scope_kind is ScopeKind.STREET:
        return street_code == principal.scope_code or (
            lead_unit is not None and lead_unit in principal.scope_units)
    unit = principal.scope_code
    return lead_unit == unit or unit in set(involved_units)


def involved_units(case) -> tuple[str, ...]:
    """Co-handlers and summoned departments of a case record or snapshot."""
    whistle = getattr(case, "whistle", None)
    return tuple(case.co_handlers) + (tuple(whistle.departments) if whistle else ())


def case_in_scope(principal: Principal | None, case) -> bool:
    return in_scope(principal, street_code=case.street_code, lead_unit=case.lead_unit,
                    involved_units=involved_units(case))


def check_read(principal: Principal | None, case) -> None:
    """Raise `PermissionDenied` ``out_of_scope`` unless the principal may see ``case``."""
    if not case_in_scope(principal, case):
        raise PermissionDenied("out_of_scope", f"case {case.code} is outside your scope",
                               case_id=case.id, case_code=case.code)


def check_act(principal: Principal | None, case, actor: Actor) -> None:
    """May the principal act on ``case`` as ``actor``? (role, actor identity, scope)"""
    if principal is None:
        return
    require(principal, Right.ACT)
    check_actor(principal, actor)
    check_read(principal, case)


def check_actor(principal: Principal | None, actor: Actor) -> None:
    if principal is None:
        return
    own = principal.actor()
    if (actor.user_id, actor.role, actor.unit_code) != (own.user_id, own.role, own.unit_code):
        raise PermissionDenied("wrong_actor", f"you may act only as yourself ({own.user_id})",
                               actor=actor.user_id)


def scope_mask(principal: Principal | None, street_codes: np.ndarray, lead_units: np.ndarray,
               *, case_ids: np.ndarray | None = None,
               involved_ids: np.ndarray | None = None) -> np.ndarray | None:
    """Boolean mask of the rows the principal may see, or None when it sees every row.

    ``street_codes`` and ``lead_units`` are aligned arrays of codes (object arrays with None,
    or string arrays). For a unit scope, cases the unit co-handles or was whistled to are not
    visible from these two columns: pass the board's ``case_ids`` and `involved_case_ids`
    of that unit as ``involved_ids`` to include them.
    """
    if principal is None or principal.sees_all:
        return None
    if principal.scope_kind is ScopeKind.STREET:
        mask = _equals(street_codes, principal.scope_code)
        if principal.scope_units:
            mask |= _member(lead_units, principal.scope_units)
        return mask
    mask = _equals(lead_units, principal.scope_code)
    if case_ids is not None and involved_ids is not None and len(involved_ids):
        mask |= np.isin(np.asarray(case_ids), np.asarray(involved_ids))
    return mask


def _equals(values: np.ndarray, code: str | None) -> np.ndarray:
    arr = np.asarray(values)
    if code is None:
        return np.zeros(arr.shape, dtype=bool)
    return np.asarray(arr == code, dtype=bool)


def _member(values: np.ndarray, codes: frozenset[str]) -> np.ndarray:
    arr = np.asarray(values)
    if arr.dtype == object:  # None mixed with str: no sorting-based isin
        return np.frompyfunc(codes.__contains__, 1, 1)(arr).astype(bool)
    return np.isin(arr, list(codes))


def _member_of_json_list(column: Any, code: str) -> Any:
    """SQL: the JSON list in ``column`` holds the string ``code`` (a LIKE on its text)."""
    from sqlalchemy import String, cast

    needle = '%"' + code.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + '"%'
    return cast(column, String).like(needle, escape="\\")


def scope_clause(principal: Principal | None) -> Any:
    """The scope rule (`in_scope`, `scope_mask`) as a SQL condition on ``cases``; None when
    the principal sees every case."""
    from sqlalchemy import false, or_

    from commandcenter.store.models import Case

    if principal is None or principal.sees_all:
        return None
    code = principal.scope_code
    if principal.scope_kind is ScopeKind.STREET:
        parts = [Case.street_code == code] if code is not None else []
        if principal.scope_units:
            parts.append(Case.lead_unit.in_(sorted(principal.scope_units)))
    else:
        parts = [] if code is None else [
            Case.lead_unit == code, _member_of_json_list(Case.co_handlers, code),
            _member_of_json_list(Case.whistle, code)]
    return or_(*parts) if parts else false()


def involved_case_ids(ctx, unit_code: str) -> np.ndarray:
    """Ids of the cases that ``unit_code`` co-handles or was summoned to by a whistle (the part
    of a unit scope that the lead-unit column cannot show), as an int64 array."""
    from sqlalchemy import or_, select

    from commandcenter.store.models import Case

    with ctx.unit_of_work() as uow:
        ids = uow.session.execute(select(Case.id).where(or_(
            _member_of_json_list(Case.co_handlers, unit_code),
            _member_of_json_list(Case.whistle, unit_code),
        ))).scalars().all()
    return np.asarray(ids, dtype=np.int64)
