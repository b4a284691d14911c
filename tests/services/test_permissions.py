"""Permissions enforced in the services: each role and scope calls CaseService and the board's
action functions and gets exactly what it may have; every transition is audited."""

from __future__ import annotations

import numpy as np
import pytest
from sqlalchemy import func, insert, select

from commandcenter.domain.vocabulary import Role, State
from commandcenter.services import actions, audit, intake
from commandcenter.services.errors import PermissionDenied
from commandcenter.services.permissions import (
    Principal,
    Right,
    ScopeKind,
    involved_case_ids,
    scope_mask,
)
from commandcenter.store.models import Case, Street

from .conftest import DEPT, DISPATCHER, DISTRICT, GRID, INTAKE, LEADER, STREET, STREET_CENTRE
from .test_cases import REGISTER, hotline

TEAM = f"{STREET}-CGB"
OTHER_STREET = "320104002"


def principal(role: Role, kind: ScopeKind = ScopeKind.DISTRICT, code: str | None = None,
              unit: str | None = DISTRICT, name: str | None = None, person: str | None = None,
              scope_units: frozenset[str] = frozenset()) -> Principal:
    username = name or f"{role.value}-{code or 'all'}".lower()[:32]
    return Principal(1, username, username, role, kind, code, person, unit, scope_units)


HANDLER_DEPT = principal(Role.HANDLING_UNIT, ScopeKind.UNIT, DEPT, DEPT, "cgj")
HANDLER_TEAM = principal(Role.HANDLING_UNIT, ScopeKind.UNIT, TEAM, TEAM, "cgb")
STREET_OP = principal(Role.DISPATCHER, ScopeKind.STREET, STREET, STREET_CENTRE, "fzm",
                      scope_units=frozenset({STREET_CENTRE, TEAM, "320104001001"}))
OTHER_STREET_OP = principal(Role.DISPATCHER, ScopeKind.STREET, OTHER_STREET, None, "other",
                            scope_units=frozenset({f"{OTHER_STREET}-ZX"}))
VIEWER = principal(Role.VIEWER, name="viewer")
ADMIN = principal(Role.ADMIN, name="admin")
SUPERVISOR = principal(Role.SUPERVISOR, name="sup")
INTAKE_P = principal(Role.INTAKE_OPERATOR, name="u-intake", person="u-intake")
DISPATCH_P = principal(Role.DISPATCHER, name="u-dispatch", person="u-dispatch")


@pytest.fixture
def dispatched(ctx, service):
    """A case of STREET dispatched to the department DEPT (built by trusted system use)."""
    ref = service.report(hotline(), INTAKE)
    service.transition(ref.id, "accept", {}, INTAKE)
    service.transition(ref.id, "register", REGISTER, LEADER)
    service.transition(ref.id, "dispatch", {"unit": DEPT}, DISPATCHER)
    return ref


def as_(ctx, p: Principal | None) -> None:
    ctx.principal = p


def test_handling_unit_sees_and_acts_only_on_its_own_cases(ctx, service, dispatched):
    as_(ctx, HANDLER_TEAM)
    with pytest.raises(PermissionDenied) as exc:
        service.detail(dispatched.id)
    assert exc.value.code == "out_of_scope"
    with pytest.raises(PermissionDenied, match="outside your scope"):
        service.transition(dispatched.id, "sign", {}, HANDLER_TEAM.actor())
    as_(ctx, HANDLER_DEPT)
    assert service.detail(dispatched.id).lead_unit == DEPT
    result = service.transition(dispatched.id, "sign", {}, HANDLER_DEPT.actor())
    assert result.to_state is State.IN_PROGRESS


def test_a_refusal_writes_nothing(ctx, service, dispatched):
    before = audit.count(ctx)
    as_(ctx, HANDLER_TEAM)
    with pytest.raises(PermissionDenied):
        service.transition(dispatched.id, "sign", {}, HANDLER_TEAM.actor())
    as_(ctx, None)
    assert service.detail(dispatched.id).version == dispatched.version + 3
    assert audit.count(ctx) == before


def test_street_centre_sees_only_its_street(ctx, service, dispatched):
    with ctx.unit_of_work(write=True) as uow:
        uow.session.execute(insert(Street.__table__).values(code=OTHER_STREET, name="另一街道"))
    as_(ctx, STREET_OP)
    assert service.detail(dispatched.code).street_code == STREET
    as_(ctx, OTHER_STREET_OP)
    with pytest.raises(PermissionDenied):
        service.detail(dispatched.code)
    with pytest.raises(PermissionDenied):
        actions.available_actions(ctx, dispatched.id, OTHER_STREET_OP.actor())
    with pytest.raises(PermissionDenied):
        actions.case_id_of(ctx, dispatched.code)
    with pytest.raises(PermissionDenied):
        actions.prepare_action(ctx, [dispatched.id], "sign", OTHER_STREET_OP.actor())


def test_street_centre_cannot_report_outside_its_street(ctx, service):
    n = _cases(ctx)
    as_(ctx, OTHER_STREET_OP)
    with pytest.raises(PermissionDenied) as exc:
        service.report(hotline(), OTHER_STREET_OP.actor())  # the grid lies in STREET
    assert exc.value.code == "out_of_scope"
    assert _cases(ctx) == n
    as_(ctx, STREET_OP)
    assert service.report(hotline(), STREET_OP.actor()).state is State.PENDING_ACCEPT


@pytest.mark.parametrize("who", [VIEWER, ADMIN], ids=["viewer", "admin"])
def test_read_only_roles_read_but_never_change(ctx, service, dispatched, who):
    as_(ctx, who)
    assert service.detail(dispatched.id).id == dispatched.id
    with pytest.raises(PermissionDenied) as exc:
        service.transition(dispatched.id, "sign", {}, who.actor())
    assert exc.value.code == "read_only"
    with pytest.raises(PermissionDenied):
        service.report(hotline(), who.actor())
    assert actions.available_actions(ctx, dispatched.id, who.actor()) == []
    results = actions.bulk_transition(ctx, [dispatched.id], "sign", {}, who.actor())
    assert results[0].error == "denied" and not results[0].ok


def test_supervisor_reads_everything_and_supervises(ctx, service, dispatched):
    as_(ctx, SUPERVISOR)
    assert service.detail(dispatched.id).id == dispatched.id
    result = service.transition(dispatched.id, "supervise", {"level": 2}, SUPERVISOR.actor())
    assert result.to_state is State.DISPATCHED
    with pytest.raises(PermissionDenied):
        service.report(hotline(), SUPERVISOR.actor())  # supervisors do not take calls
    assert SUPERVISOR.can(Right.ASSESSMENT) and SUPERVISOR.can(Right.VIEW_AUDIT)
    assert not VIEWER.can(Right.VIEW_AUDIT) and not HANDLER_DEPT.can(Right.ASSESSMENT)


def test_nobody_acts_in_someone_elses_name(ctx, service):
    ref = service.report(hotline(), INTAKE)
    as_(ctx, INTAKE_P)
    with pytest.raises(PermissionDenied) as exc:
        service.transition(ref.id, "accept", {}, LEADER)
    assert exc.value.code == "wrong_actor"
    with pytest.raises(PermissionDenied):
        service.report(hotline(), LEADER)
    assert [p.code for p in actions.acting_people(ctx)] == ["u-intake"]


def test_centre_operator_acts_through_the_lifecycle(ctx, service):
    ref = service.report(hotline(), INTAKE)
    as_(ctx, INTAKE_P)
    assert "accept" in actions.available_actions(ctx, ref.id, INTAKE_P.actor())
    assert service.transition(ref.id, "accept", {}, INTAKE_P.actor()).to_state is \
        State.PENDING_REGISTER


def test_co_handling_units_see_the_case(ctx, service):
    ref = service.report(hotline(), INTAKE)
    service.transition(ref.id, "accept", {}, INTAKE)
    service.transition(ref.id, "register", REGISTER, LEADER)
    service.transition(ref.id, "dispatch", {"unit": TEAM}, DISPATCHER)
    as_(ctx, HANDLER_DEPT)
    with pytest.raises(PermissionDenied):
        service.detail(ref.id)
    as_(ctx, None)
    service.transition(ref.id, "add_co_handlers", {"units": [DEPT]}, DISPATCHER)
    as_(ctx, HANDLER_DEPT)
    assert service.detail(ref.id).lead_unit == TEAM  # co-handling, not leading
    assert list(involved_case_ids(ctx, DEPT)) == [ref.id]
    assert list(involved_case_ids(ctx, "C_J")) == []  # "_" is not a wildcard


def test_every_transition_and_report_is_audited(ctx, service):
    as_(ctx, INTAKE_P)
    ref = service.report(hotline(), INTAKE_P.actor())
    service.transition(ref.id, "accept", {}, INTAKE_P.actor())
    as_(ctx, None)
    service.transition(ref.id, "register", REGISTER, LEADER)
    rows = audit.query(ctx, case_id=ref.id)
    assert [(r.action, r.actor) for r in rows] == [
        ("case.register", "u-leader"), ("case.accept", "u-intake"), ("case.report", "u-intake")]
    assert rows[1].detail["from"] == "pending_accept" and rows[1].detail["to"] == "pending_register"
    assert audit.verify(ctx).ok


def test_duplicate_suggestions_and_merge_respect_scope(ctx, service):
    ref = service.report(hotline(title="占道经营 夫子庙", lon=118.79, lat=32.02), INTAKE)
    as_(ctx, OTHER_STREET_OP)
    hits = intake.duplicate_suggestions(ctx, None, None, None, "占道经营 夫子庙", ctx.now())
    assert ref.id not in [h.case_id for h in hits]
    as_(ctx, STREET_OP)
    hits = intake.duplicate_suggestions(ctx, None, None, None, "占道经营 夫子庙", ctx.now())
    assert ref.id in [h.case_id for h in hits]


def test_scope_mask():
    streets = np.array([STREET, OTHER_STREET, None, STREET], dtype=object)
    leads = np.array([DEPT, TEAM, TEAM, None], dtype=object)
    assert scope_mask(None, streets, leads) is None
    assert scope_mask(SUPERVISOR, streets, leads) is None
    assert scope_mask(INTAKE_P, streets, leads) is None
    assert scope_mask(STREET_OP, streets, leads).tolist() == [True, True, True, True]
    assert scope_mask(OTHER_STREET_OP, streets, leads).tolist() == [False, True, False, False]
    assert scope_mask(HANDLER_TEAM, streets, leads).tolist() == [False, True, True, False]
    ids = np.array([10, 11, 12, 13])
    mask = scope_mask(HANDLER_DEPT, streets, leads, case_ids=ids, involved_ids=np.array([13]))
    assert mask.tolist() == [True, False, False, True]
    # plain string arrays work too
    assert scope_mask(OTHER_STREET_OP, streets.astype(str), leads.astype(str)).tolist() == [
        False, True, False, False]


def test_scope_mask_agrees_with_the_service_check(ctx, service, dispatched):
    """The board's vectorised mask and CaseService.detail decide alike for each principal."""
    with ctx.unit_of_work() as uow:
        row = uow.session.execute(select(Case.street_code, Case.lead_unit)).one()
    for p in (HANDLER_DEPT, HANDLER_TEAM, STREET_OP, OTHER_STREET_OP, VIEWER):
        mask = scope_mask(p, np.array([row[0]], dtype=object), np.array([row[1]], dtype=object))
        as_(ctx, p)
        try:
            service.detail(dispatched.id)
            allowed = True
        except PermissionDenied:
            allowed = False
        assert (mask is None or bool(mask[0])) == allowed, p.username


def _cases(ctx) -> int:
    with ctx.unit_of_work() as uow:
        return uow.session.execute(select(func.count()).select_from(Case)).scalar_one()


def test_grid_fixture_is_in_street():  # guards the assumptions the tests above rely on
    assert GRID.startswith(STREET)


def test_summoned_departments_see_a_whistled_case(ctx, service):
    from commandcenter.store.models import Unit

    with ctx.unit_of_work(write=True) as uow:
        uow.session.execute(insert(Unit.__table__).values(code="SWJ", name="水务局",
                                                          kind="department"))
    ctx.reload_organisation()
    ref = service.report(hotline(), INTAKE)
    service.transition(ref.id, "accept", {}, INTAKE)
    service.transition(ref.id, "register", REGISTER, LEADER)
    service.transition(ref.id, "whistle", {"departments": [DEPT, "SWJ"], "lead_unit": DEPT,
                                           "reason": "街道缺乏执法权",
                                           "whistle_reason": "lacks_enforcement"}, DISPATCHER)
    water = principal(Role.HANDLING_UNIT, ScopeKind.UNIT, "SWJ", "SWJ", "swj")
    as_(ctx, water)
    assert service.detail(ref.id).lead_unit == DEPT  # summoned, not leading
    assert service.transition(ref.id, "check_in", {}, water.actor()).to_state is State.WHISTLED
    assert list(involved_case_ids(ctx, "SWJ")) == [ref.id]


def test_only_an_admin_manages_reference_data():
    """Applying the district's units / people export is administration (issue 6)."""
    from commandcenter.services.permissions import ACCOUNT_ROLES, RIGHTS, require

    assert RIGHTS[Right.MANAGE_REFERENCE] == frozenset({Role.ADMIN})
    for role in ACCOUNT_ROLES:
        p = Principal(1, "u", "u", role)
        if role is Role.ADMIN:
            require(p, Right.MANAGE_REFERENCE)
        else:
            with pytest.raises(PermissionDenied):
                require(p, Right.MANAGE_REFERENCE)
