"""The lifecycle state machine: every action allowed where DOMAIN.md §3 allows it, refused elsewhere."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from commandcenter.domain import commands as c
from commandcenter.domain import sla
from commandcenter.domain.calendar import TimeLimit, TimeUnit
from commandcenter.domain.case import Actor, CaseSnapshot, TransitionError
from commandcenter.domain.lifecycle import GATES, Lifecycle, current_clock
from commandcenter.domain.vocabulary import (
    CallbackResult,
    Channel,
    Level,
    ReturnVerdict,
    Role,
    State,
    WhistleReason,
)

DISTRICT = "320104-ZX"
STREET_CENTRE = "320104002-ZX"
UNIT = "QCG"  # 区城市管理局
UNIT2 = "QJT"
UNIT3 = "QSW"
MON_9 = datetime(2026, 11, 23, 9, 0)  # a Monday, a working day
FOUR_WH = TimeLimit(4, TimeUnit.WORKING_HOURS)

SYSTEM = Actor.system()
INTAKE = Actor("intake1", Role.INTAKE_OPERATOR, DISTRICT)
LEADER = Actor("leader1", Role.SHIFT_LEADER, DISTRICT)
DISPATCHER = Actor("disp1", Role.DISPATCHER, DISTRICT)
CALLBACK = Actor("cb1", Role.CALLBACK_OPERATOR, DISTRICT)
GRID = Actor("gw1", Role.GRID_WORKER, None)
HANDLER = Actor("h1", Role.HANDLING_UNIT, UNIT)
HANDLER2 = Actor("h2", Role.HANDLING_UNIT, UNIT2)
HANDLER3 = Actor("h3", Role.HANDLING_UNIT, UNIT3)
SUPERVISOR = Actor("sup1", Role.SUPERVISOR, None)


@pytest.fixture(scope="module")
def lc() -> Lifecycle:
    return Lifecycle()


class Driver:
    """Applies a sequence of commands, advancing a clock, keeping every event."""

    def __init__(self, lc: Lifecycle, channel: Channel = Channel.GRID_WORKER, owner: str = DISTRICT):
        self.lc = lc
        self.at = MON_9
        tr = lc.report(channel, owner, SYSTEM, self.at)
        self.case = tr.case
        self.events = list(tr.events)

    def do(self, cmd: c.Command, actor: Actor, minutes: int = 5) -> CaseSnapshot:
        at = self.at + timedelta(minutes=minutes)
        tr = self.lc.apply(self.case, cmd, actor, at)  # a refusal leaves the clock where it was
        self.at = at
        self.case = tr.case
        self.events.extend(tr.events)
        return self.case

    def to_pending_dispatch(self) -> CaseSnapshot:
        self.do(c.Screen(), SYSTEM)
        self.do(c.Accept(), INTAKE)
        return self.do(c.Register(minor_code="0101", condition_id="c1", handle_limit=FOUR_WH), LEADER)

    def to_in_progress(self) -> CaseSnapshot:
        self.to_pending_dispatch()
        self.do(c.Dispatch(unit=UNIT), DISPATCHER)
        return self.do(c.Sign(), HANDLER)


# ---------------------------------------------------------------------- the happy paths
def test_grid_report_to_closed_records_every_event(lc):
    d = Driver(lc)
    d.to_in_progress()
    d.do(c.ReportDone(), HANDLER)
    d.do(c.CheckPass(), GRID)
    case = d.do(c.Close(), LEADER)
    assert case.state is State.CLOSED
    assert [e.action for e in d.events] == [
        "report", "screen", "accept", "register", "dispatch", "sign", "report_done", "check_pass", "close",
    ]
    # every event links from the previous event's state
    for prev, nxt in zip(d.events, d.events[1:]):
        assert nxt.from_state is prev.to_state
    assert d.events[4].payload["lead_unit"] == UNIT
    assert d.events[6].unit_code == UNIT and d.events[6].role is Role.HANDLING_UNIT


def test_hotline_case_goes_to_callback_and_closes_when_satisfied(lc):
    d = Driver(lc, Channel.HOTLINE_12345)
    d.to_in_progress()
    d.do(c.ReportDone(), HANDLER)
    d.do(c.CheckPass(), GRID)
    assert d.do(c.Close(), LEADER).state is State.PENDING_VISIT
    case = d.do(c.Callback(result=CallbackResult.BASICALLY_SATISFIED), CALLBACK)
    assert case.state is State.CLOSED and case.closed_at == d.at


def test_dissatisfied_through_unit_fault_is_redone_keeping_registration_time(lc):
    d = Driver(lc, Channel.HOTLINE_12345)
    d.to_in_progress()
    registered = d.case.registered_at
    d.do(c.ReportDone(), HANDLER)
    d.do(c.CheckPass(), GRID)
    d.do(c.Close(), LEADER)
    with pytest.raises(TransitionError) as err:
        d.do(c.Callback(result=CallbackResult.DISSATISFIED, unit_fault=True), CALLBACK)
    assert err.value.code == "missing_input"
    case = d.do(c.Callback(result=CallbackResult.DISSATISFIED, unit_fault=True, reason="垃圾仍未清运"), CALLBACK)
    assert case.state is State.PENDING_DISPATCH and case.redo_count == 1
    assert case.registered_at == registered
    case = d.do(c.Dispatch(unit=UNIT), DISPATCHER)
    assert case.handle_clock.start == d.at  # a new handling clock for the redo


def test_dissatisfied_not_unit_fault_closes(lc):
    d = Driver(lc, Channel.SERVICE_WINDOW)
    d.to_in_progress()
    d.do(c.ReportDone(), HANDLER)
    d.do(c.CheckPass(), GRID)
    d.do(c.Close(), LEADER)
    assert d.do(c.Callback(result=CallbackResult.DISSATISFIED), CALLBACK).state is State.CLOSED


def test_unreachable_callbacks_close_after_the_configured_attempts(lc):
    d = Driver(lc, Channel.HOTLINE_12345)
    d.to_in_progress()
    d.do(c.ReportDone(), HANDLER)
    d.do(c.CheckPass(), GRID)
    d.do(c.Close(), LEADER)
    assert d.do(c.Callback(result=CallbackResult.UNREACHABLE), CALLBACK).state is State.PENDING_VISIT
    assert d.do(c.Callback(result=CallbackResult.UNREACHABLE), CALLBACK).state is State.PENDING_VISIT
    case = d.do(c.Callback(result=CallbackResult.UNREACHABLE), CALLBACK)
    assert case.state is State.CLOSED and case.callback_attempts == 3


# ---------------------------------------------------------------------- intake branches
def test_verification_true_and_false(lc):
    d = Driver(lc)
    d.do(c.Screen(), SYSTEM)
    d.do(c.SendToVerify(grid_worker="gw1"), INTAKE)
    assert d.case.state is State.VERIFYING
    assert d.do(c.VerifyTrue(), GRID).state is State.PENDING_REGISTER

    d2 = Driver(lc)
    d2.do(c.Screen(), SYSTEM)
    d2.do(c.SendToVerify(), INTAKE)
    with pytest.raises(TransitionError) as err:
        d2.do(c.VerifyFalse(), GRID)
    assert err.value.code == "missing_input" and err.value.params["field"] == "reason"
    assert d2.do(c.VerifyFalse(reason="现场无此问题"), GRID).state is State.VOID


def test_invalid_refused_register_and_on_the_spot(lc):
    d = Driver(lc)
    d.do(c.Screen(), SYSTEM)
    assert d.do(c.Invalidate(reason="重复来电"), INTAKE).state is State.VOID

    d = Driver(lc)
    d.do(c.Screen(), SYSTEM)
    d.do(c.Accept(), INTAKE)
    assert d.do(c.RefuseRegister(reason="不属于受理范围"), LEADER).state is State.VOID

    d = Driver(lc)
    d.do(c.Screen(), SYSTEM)
    case = d.do(c.HandleOnSpot(reason="网格员已现场劝离"), GRID)
    assert case.state is State.PENDING_CLOSE and case.handled_at == d.at
    assert d.do(c.Close(), LEADER).state is State.CLOSED


def test_register_needs_class_condition_and_limit(lc):
    d = Driver(lc)
    d.do(c.Screen(), SYSTEM)
    d.do(c.Accept(), INTAKE)
    for bad, field in [
        (c.Register(condition_id="c1", handle_limit=FOUR_WH), "minor_code"),
        (c.Register(minor_code="0101", handle_limit=FOUR_WH), "condition_id"),
        (c.Register(minor_code="0101", condition_id="c1"), "handle_limit"),
    ]:
        with pytest.raises(TransitionError) as err:
            d.do(bad, LEADER)
        assert err.value.code == "missing_input" and err.value.params["field"] == field
    assert d.case.state is State.PENDING_REGISTER


def test_merge_duplicate_into_parent(lc):
    d = Driver(lc)
    with pytest.raises(TransitionError):
        d.do(c.Merge(), SYSTEM)
    case = d.do(c.Merge(parent_id=42, reason="同一地点同类问题"), SYSTEM)
    assert case.state is State.MERGED and case.parent_id == 42
    assert lc.allowed_actions(case, LEADER) == []


# ---------------------------------------------------------------------- dispatch, return, whistle
def test_return_with_reason_then_judged(lc):
    d = Driver(lc)
    d.to_pending_dispatch()
    d.do(c.Dispatch(unit=UNIT), DISPATCHER)
    with pytest.raises(TransitionError) as err:
        d.do(c.Return(), HANDLER)
    assert err.value.code == "missing_input"
    with pytest.raises(TransitionError) as err:
        d.do(c.Return(reason="不属于本单位职责"), HANDLER2)
    assert err.value.code == "wrong_unit"
    case = d.do(c.Return(reason="不属于本单位职责"), HANDLER)
    assert case.state is State.PENDING_DISPATCH and case.return_count == 1 and case.return_to_judge
    assert case.handle_clock is None
    case = d.do(c.JudgeReturn(verdict=ReturnVerdict.UPHELD), DISPATCHER)
    assert not case.return_to_judge
    with pytest.raises(TransitionError):
        d.do(c.JudgeReturn(verdict=ReturnVerdict.OVERRULED), DISPATCHER)
    case = d.do(c.Dispatch(unit=UNIT2), DISPATCHER)
    assert case.lead_chain == (UNIT, UNIT2)


def test_whistle_every_department_checks_in_then_lead_signs(lc):
    d = Driver(lc)
    d.to_pending_dispatch()
    with pytest.raises(TransitionError) as err:
        d.do(c.WhistleCall(reason="产权复杂多头管理", departments=(UNIT, UNIT2), lead_unit=UNIT3), DISPATCHER)
    assert err.value.params["field"] == "lead_unit"
    case = d.do(
        c.WhistleCall(
            reason="产权复杂多头管理", whistle_reason=WhistleReason.LACKS_ENFORCEMENT,
            departments=(UNIT, UNIT2, UNIT3), lead_unit=UNIT2,
        ),
        DISPATCHER,
    )
    assert case.state is State.WHISTLED
    assert case.whistle.checkin_deadline == d.at + timedelta(minutes=30)
    assert case.handle_clock.start == d.at  # the summons is the dispatch
    assert case.lead_unit == UNIT2 and set(case.co_handlers) == {UNIT, UNIT3}
    with pytest.raises(TransitionError) as err:
        d.do(c.CheckIn(), Actor("x", Role.HANDLING_UNIT, "OTHER"))
    assert err.value.code == "wrong_unit"
    assert d.do(c.CheckIn(), HANDLER).state is State.WHISTLED
    with pytest.raises(TransitionError):
        d.do(c.CheckIn(), HANDLER)  # twice
    assert d.do(c.CheckIn(), HANDLER3).state is State.WHISTLED
    case = d.do(c.CheckIn(), HANDLER2)
    assert case.state is State.DISPATCHED and case.whistle.outstanding == ()
    case = d.do(c.RateCheckIn(unit=UNIT3, rating=5), DISPATCHER)
    assert dict(case.whistle.ratings) == {UNIT3: 5}
    with pytest.raises(TransitionError):
        d.do(c.RateCheckIn(unit=UNIT3, rating=9), DISPATCHER)
    with pytest.raises(TransitionError) as err:
        d.do(c.Sign(), HANDLER)  # a co-handler is not the lead
    assert err.value.code == "wrong_unit"
    assert d.do(c.Sign(), HANDLER2).state is State.IN_PROGRESS


def test_three_level_command_district_to_street_to_team(lc):
    street_disp = Actor("sd1", Role.DISPATCHER, STREET_CENTRE)
    street_team = Actor("st1", Role.HANDLING_UNIT, "320104002-CG")
    d = Driver(lc)
    d.to_pending_dispatch()
    case = d.do(c.Dispatch(unit=STREET_CENTRE, unit_is_centre=True), DISPATCHER)
    assert case.state is State.DISPATCHED and case.handle_clock is None
    with pytest.raises(TransitionError) as err:
        d.do(c.Dispatch(unit="X"), street_disp)
    assert err.value.code == "wrong_state"
    case = d.do(c.Sign(), street_disp)
    assert case.state is State.PENDING_DISPATCH and case.level is Level.STREET
    assert case.owner_centre == STREET_CENTRE and case.centre_chain == (DISTRICT, STREET_CENTRE)
    with pytest.raises(TransitionError) as err:
        d.do(c.Dispatch(unit="320104002-CG"), DISPATCHER)  # the district no longer runs it
    assert err.value.code == "wrong_unit"
    case = d.do(c.Dispatch(unit="320104002-CG"), street_disp)
    assert case.lead_chain == (STREET_CENTRE, "320104002-CG")
    assert d.events[-1].unit_code == STREET_CENTRE  # each level's action is attributable
    d.do(c.Sign(), street_team)
    assert d.case.state is State.IN_PROGRESS


def test_street_centre_hands_a_case_back_up(lc):
    street_disp = Actor("sd1", Role.DISPATCHER, STREET_CENTRE)
    d = Driver(lc)
    d.to_pending_dispatch()
    d.do(c.Dispatch(unit=STREET_CENTRE, unit_is_centre=True), DISPATCHER)
    d.do(c.Sign(), street_disp)
    case = d.do(c.Return(reason="需区级部门处置"), street_disp)
    assert case.owner_centre == DISTRICT and case.level is Level.DISTRICT and case.return_to_judge
    # the district centre can now whistle or dispatch again
    assert d.do(c.Dispatch(unit=UNIT), DISPATCHER).state is State.DISPATCHED


def test_street_centre_whistles_up_to_district_departments(lc):
    street_disp = Actor("sd1", Role.DISPATCHER, STREET_CENTRE)
    d = Driver(lc, owner=STREET_CENTRE)
    d.do(c.Screen(), SYSTEM)
    d.do(c.Accept(), Actor("si", Role.INTAKE_OPERATOR, STREET_CENTRE))
    d.do(c.Register(minor_code="0101", condition_id="c1", handle_limit=FOUR_WH), Actor("sl", Role.SHIFT_LEADER, STREET_CENTRE))
    case = d.do(c.WhistleCall(reason="街道无执法权", departments=(UNIT,)), street_disp)
    assert case.state is State.WHISTLED
    assert d.do(c.CheckIn(), HANDLER).state is State.DISPATCHED


# ---------------------------------------------------------------------- clocks: hang, extension, rework
def test_hang_stops_the_handling_clock_and_unhang_returns(lc):
    d = Driver(lc)
    d.to_in_progress()
    deadline = d.case.handle_clock.deadline
    with pytest.raises(TransitionError) as err:
        d.do(c.Hang(reason="待拆迁"), DISPATCHER)
    assert err.value.code == "wrong_role"
    d.do(c.RequestHang(reason="涉及拆迁，需缓办"), HANDLER)
    assert d.case.hang_requested
    case = d.do(c.Hang(reason="涉及拆迁，需缓办"), LEADER, minutes=1)
    assert case.state is State.HUNG and case.hung_from is State.IN_PROGRESS
    assert case.handle_clock.is_paused
    case = d.do(c.Unhang(), LEADER, minutes=60)
    assert case.state is State.IN_PROGRESS and not case.handle_clock.is_paused
    assert case.handle_clock.deadline == deadline + timedelta(minutes=60)


def test_hang_from_pending_dispatch_and_back(lc):
    d = Driver(lc)
    d.to_pending_dispatch()
    d.do(c.Hang(reason="等待上级批复"), LEADER)
    assert d.case.stage_clock.is_paused
    case = d.do(c.Unhang(), SUPERVISOR)
    assert case.state is State.PENDING_DISPATCH and not case.stage_clock.is_paused


def test_extension_waits_with_the_clock_stopped_then_extends(lc):
    d = Driver(lc)
    d.to_in_progress()
    deadline = d.case.handle_clock.deadline
    with pytest.raises(TransitionError):
        d.do(c.RequestExtension(reason="需采购配件"), HANDLER)  # no amount
    d.do(c.RequestExtension(reason="需采购配件", extra=TimeLimit(2, TimeUnit.WORKING_HOURS)), HANDLER, minutes=1)
    assert d.case.handle_clock.is_paused
    with pytest.raises(TransitionError) as err:
        d.do(c.ReportDone(), HANDLER)
    assert err.value.code == "wrong_state"
    with pytest.raises(TransitionError) as err:
        d.do(c.ApproveExtension(), HANDLER)
    assert err.value.code == "wrong_role"
    case = d.do(c.ApproveExtension(), LEADER, minutes=30)
    assert not case.handle_clock.is_paused
    assert case.handle_clock.deadline == deadline + timedelta(minutes=30 + 120)
    with pytest.raises(TransitionError):
        d.do(c.ApproveExtension(), LEADER)  # nothing waiting any more


def test_rejected_extension_resumes_without_extra_time(lc):
    d = Driver(lc)
    d.to_in_progress()
    deadline = d.case.handle_clock.deadline
    d.do(c.RequestExtension(reason="x", extra=TimeLimit(1, TimeUnit.WORKING_DAYS)), HANDLER, minutes=1)
    case = d.do(c.RejectExtension(reason="理由不充分"), LEADER, minutes=10)
    assert case.handle_clock.deadline == deadline + timedelta(minutes=10)


def test_rework_keeps_registration_and_counts(lc):
    d = Driver(lc)
    d.to_in_progress()
    registered = d.case.registered_at
    d.do(c.ReportDone(), HANDLER)
    with pytest.raises(TransitionError):
        d.do(c.CheckFail(), GRID)
    case = d.do(c.CheckFail(reason="垃圾未清理干净"), GRID)
    assert case.state is State.IN_PROGRESS and case.rework_count == 1
    assert case.registered_at == registered and not case.handle_clock.is_paused
    assert current_clock(case) is case.handle_clock


def test_co_handling_request_and_add(lc):
    d = Driver(lc)
    d.to_in_progress()
    with pytest.raises(TransitionError):
        d.do(c.RequestCoHandling(reason="需交通部门配合"), HANDLER)
    d.do(c.RequestCoHandling(reason="需交通部门配合", units=(UNIT2,)), HANDLER)
    with pytest.raises(TransitionError) as err:
        d.do(c.AddCoHandlers(units=(UNIT,)), DISPATCHER)
    assert err.value.code == "bad_input"
    case = d.do(c.AddCoHandlers(units=(UNIT2, UNIT3)), DISPATCHER)
    assert case.co_handlers == (UNIT2, UNIT3) and case.lead_unit == UNIT


# ---------------------------------------------------------------------- closing exits
def test_force_close_is_flagged_and_needs_a_reason(lc):
    d = Driver(lc)
    d.to_in_progress()
    with pytest.raises(TransitionError):
        d.do(c.ForceClose(), LEADER)
    case = d.do(c.ForceClose(reason="历史遗留，无法处置"), LEADER)
    assert case.state is State.CLOSED and case.forced


def test_reopen_closed_case(lc):
    d = Driver(lc)
    d.to_in_progress()
    d.do(c.ReportDone(), HANDLER)
    d.do(c.CheckPass(), GRID)
    d.do(c.Close(), LEADER)
    case = d.do(c.Reopen(reason="同一地点七日内再次发生"), LEADER)
    assert case.state is State.IN_PROGRESS and case.reopen_count == 1 and case.closed_at is None
    assert case.handle_clock.start == d.at


def test_supervision_overlays_without_state_change(lc):
    d = Driver(lc)
    d.to_in_progress()
    case = d.do(c.Supervise(level=2, reason="群众反映强烈"), SUPERVISOR)
    assert case.state is State.IN_PROGRESS and case.supervision_level == 2
    assert d.events[-1].from_state is d.events[-1].to_state is State.IN_PROGRESS


def test_emergency_cases_run_on_natural_time(lc):
    d = Driver(lc)
    d.do(c.Screen(), SYSTEM)
    d.do(c.Accept(), INTAKE)
    d.do(
        c.Register(minor_code="0401", condition_id="c1", emergency=True,
                   handle_limit=TimeLimit(2, TimeUnit.NATURAL_HOURS)),
        LEADER,
    )
    assert d.case.stage_clock.unit is TimeUnit.NATURAL_HOURS
    d.at = datetime(2026, 11, 28, 23, 0)  # a Saturday night
    case = d.do(c.Dispatch(unit=UNIT), DISPATCHER, minutes=0)
    assert case.handle_clock.deadline == datetime(2026, 11, 29, 1, 0)


def test_aging_of_the_current_clock(lc):
    d = Driver(lc)
    d.to_in_progress()
    clock = current_clock(d.case)
    assert sla.aging(lc.calendar, clock, clock.start) is sla.Aging.GREEN
    assert sla.aging(lc.calendar, clock, clock.deadline + timedelta(minutes=1)) is sla.Aging.RED


# ---------------------------------------------------------------------- the gate table, exhaustively
ROLE_ACTORS = {
    Role.SYSTEM: SYSTEM, Role.INTAKE_OPERATOR: INTAKE, Role.SHIFT_LEADER: LEADER,
    Role.DISPATCHER: DISPATCHER, Role.HANDLING_UNIT: HANDLER, Role.GRID_WORKER: GRID,
    Role.CALLBACK_OPERATOR: CALLBACK, Role.SUPERVISOR: SUPERVISOR,
    Role.ADMIN: Actor("admin", Role.ADMIN, DISTRICT), Role.VIEWER: Actor("v", Role.VIEWER, DISTRICT),
}


def _snapshot(state: State) -> CaseSnapshot:
    return CaseSnapshot(
        state=state, channel=Channel.HOTLINE_12345, owner_centre=DISTRICT, centre_chain=(DISTRICT,),
        lead_unit=UNIT, hung_from=State.IN_PROGRESS if state is State.HUNG else None,
    )


@pytest.mark.parametrize("action", sorted(GATES))
def test_every_action_is_refused_outside_its_states(lc, action):
    states, roles, _ = GATES[action]
    role = sorted(roles)[0]
    cmd = c.ALL_COMMANDS[action]()
    for state in State:
        if state in states:
            continue
        with pytest.raises(TransitionError) as err:
            lc.apply(_snapshot(state), cmd, ROLE_ACTORS[role], MON_9)
        assert err.value.code == "wrong_state", (action, state)


@pytest.mark.parametrize("action", sorted(GATES))
def test_every_action_is_refused_to_other_roles(lc, action):
    states, roles, _ = GATES[action]
    state = sorted(states)[0]
    cmd = c.ALL_COMMANDS[action]()
    for role, actor in ROLE_ACTORS.items():
        if role in roles:
            continue
        with pytest.raises(TransitionError) as err:
            lc.apply(_snapshot(state), cmd, actor, MON_9)
        assert err.value.code == "wrong_role", (action, role)


def test_centre_actions_refused_to_another_centre(lc):
    other = Actor("o", Role.SHIFT_LEADER, "320104009-ZX")
    with pytest.raises(TransitionError) as err:
        lc.apply(_snapshot(State.PENDING_CLOSE), c.Close(), other, MON_9)
    assert err.value.code == "wrong_unit"


def test_every_state_of_the_table_is_reachable_by_some_action(lc):
    """Drive real paths and collect the states the events actually land in."""
    reached: set[State] = set()
    hotline = Driver(lc, Channel.HOTLINE_12345)
    hotline.do(c.Screen(), SYSTEM)
    hotline.do(c.SendToVerify(), INTAKE)
    hotline.do(c.VerifyTrue(), GRID)
    hotline.do(c.Register(minor_code="0101", condition_id="c1", handle_limit=FOUR_WH), LEADER)
    hotline.do(c.Hang(reason="待批复"), LEADER)
    hotline.do(c.Unhang(), LEADER)
    hotline.do(c.WhistleCall(reason="多头管理", departments=(UNIT,)), DISPATCHER)
    hotline.do(c.CheckIn(), HANDLER)
    hotline.do(c.Sign(), HANDLER)
    hotline.do(c.ReportDone(), HANDLER)
    hotline.do(c.CheckPass(), GRID)
    hotline.do(c.Close(), LEADER)
    hotline.do(c.Callback(result=CallbackResult.SATISFIED), CALLBACK)
    void = Driver(lc)
    void.do(c.Screen(), SYSTEM)
    void.do(c.Invalidate(reason="无效"), INTAKE)
    merged = Driver(lc)
    merged.do(c.Merge(parent_id=1, reason="重复"), SYSTEM)
    for d in (hotline, void, merged):
        reached.update(e.to_state for e in d.events)
    assert reached == set(State)
