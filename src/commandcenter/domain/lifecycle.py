"""The case lifecycle (DOMAIN.md §3): one state machine for every channel.

`Lifecycle.apply(case, command, actor, at)` checks the case's state, the actor's role and unit,
and the command's inputs; it returns a `Transition` with the new snapshot and the events that
record it, or raises `TransitionError` with a stable `code`:

- ``wrong_state``    the action is not allowed in the case's state
- ``wrong_role``     the actor's role may not take this action
- ``wrong_unit``     the actor acts for another unit or centre than the case requires
- ``missing_input``  a reason, a unit, a class ... is required
- ``bad_input``      an input is present but invalid

Clocks follow DOMAIN.md §4: each state runs its stage clock; the handling clock starts at
dispatch (not at signing) and stops while the case is hung or an extension request waits.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime

from . import commands as c
from . import sla
from .calendar import BusinessCalendar, TimeLimit, TimeUnit
from .case import Actor, CaseSnapshot, Event, TransitionError, Whistle
from .vocabulary import (
    STAGE_OF_STATE,
    CallbackResult,
    Channel,
    Level,
    Role,
    Stage,
    State,
)

CENTRE_ROLES = frozenset({Role.INTAKE_OPERATOR, Role.SHIFT_LEADER, Role.DISPATCHER, Role.CALLBACK_OPERATOR})
LEADER_ROLES = frozenset({Role.SHIFT_LEADER, Role.SUPERVISOR})
DISPATCH_ROLES = frozenset({Role.DISPATCHER, Role.SHIFT_LEADER})
# States from which a forced close is possible (a leader's decision, always flagged).
FORCE_CLOSABLE = frozenset(
    {
        State.PENDING_DISPATCH, State.WHISTLED, State.DISPATCHED, State.IN_PROGRESS,
        State.PENDING_CHECK, State.PENDING_CLOSE, State.PENDING_VISIT, State.HUNG,
    }
)
HANGABLE = frozenset({State.PENDING_DISPATCH, State.IN_PROGRESS})

DEFAULT_STAGE_LIMITS: dict[Stage, TimeLimit] = {
    Stage.ACCEPT: TimeLimit(0.5, TimeUnit.NATURAL_HOURS),
    Stage.VERIFY: TimeLimit(2, TimeUnit.WORKING_HOURS),
    Stage.REGISTER: TimeLimit(1, TimeUnit.WORKING_HOURS),
    Stage.DISPATCH: TimeLimit(1, TimeUnit.WORKING_HOURS),
    Stage.CHECK_IN: TimeLimit(0.5, TimeUnit.NATURAL_HOURS),
    Stage.SIGN: TimeLimit(1, TimeUnit.WORKING_HOURS),
    Stage.HANDLE: TimeLimit(1, TimeUnit.WORKING_DAYS),
    Stage.CHECK: TimeLimit(2, TimeUnit.WORKING_HOURS),
    Stage.CLOSE: TimeLimit(2, TimeUnit.WORKING_HOURS),
    Stage.VISIT: TimeLimit(2, TimeUnit.WORKING_DAYS),
}


@dataclass(frozen=True)
class Transition:
    case: CaseSnapshot
    events: tuple[Event, ...]

    @property
    def event(self) -> Event:
        return self.events[-1]


class Lifecycle:
    """Applies commands to snapshots. Stateless apart from its calendar and configured limits."""

    def __init__(
        self,
        calendar: BusinessCalendar | None = None,
        stage_limits: Mapping[Stage, TimeLimit] | None = None,
        max_callback_attempts: int = 3,
    ) -> None:
        self.calendar = calendar or BusinessCalendar.default()
        self.stage_limits = {**DEFAULT_STAGE_LIMITS, **(stage_limits or {})}
        self.max_callback_attempts = max_callback_attempts
        self._handlers: dict[type[c.Command], Callable[..., CaseSnapshot]] = {
            c.Screen: self._screen, c.Merge: self._merge, c.Accept: self._accept,
            c.SendToVerify: self._send_to_verify, c.Invalidate: self._invalidate,
            c.HandleOnSpot: self._handle_on_spot, c.VerifyTrue: self._verify_true,
            c.VerifyFalse: self._verify_false, c.Register: self._register,
            c.RefuseRegister: self._refuse_register, c.Dispatch: self._dispatch,
            c.WhistleCall: self._whistle, c.CheckIn: self._check_in,
            c.RateCheckIn: self._rate_check_in, c.Sign: self._sign, c.Return: self._return,
            c.JudgeReturn: self._judge_return, c.RequestExtension: self._request_extension,
            c.ApproveExtension: self._approve_extension, c.RejectExtension: self._reject_extension,
            c.RequestHang: self._request_hang, c.Hang: self._hang, c.Unhang: self._unhang,
            c.RequestCoHandling: self._request_co_handling, c.AddCoHandlers: self._add_co_handlers,
            c.ReportDone: self._report_done, c.CheckPass: self._check_pass,
            c.CheckFail: self._check_fail, c.Close: self._close, c.ForceClose: self._force_close,
            c.Callback: self._callback, c.Reopen: self._reopen, c.Supervise: self._supervise,
        }

    # ------------------------------------------------------------------ public API
    def report(
        self, channel: Channel, owner_centre: str, actor: Actor, at: datetime,
        reason: str = "", level: Level = Level.DISTRICT,
    ) -> Transition:
        """A new case enters the system in REPORTED, owned by the centre that received it."""
        case = CaseSnapshot(
            state=State.REPORTED, channel=channel, owner_centre=owner_centre,
            centre_chain=(owner_centre,), reported_at=at, level=level,
        )
        event = Event(
            action="report", from_state=None, to_state=State.REPORTED, actor_id=actor.user_id,
            role=actor.role, unit_code=actor.unit_code, at=at, reason=reason,
            payload={"channel": channel.value, "owner_centre": owner_centre, "level": level.value},
        )
        return Transition(case, (event,))

    def apply(self, case: CaseSnapshot, command: c.Command, actor: Actor, at: datetime) -> Transition:
        handler = self._handlers.get(type(command))
        if handler is None:  # pragma: no cover - every command class is registered above
            raise TransitionError("bad_input", f"unknown command {type(command).__name__}")
        new = handler(case, command, actor, at)
        new = self._retime(case, new, at)
        event = Event(
            action=command.ACTION, from_state=case.state, to_state=new.state,
            actor_id=actor.user_id, role=actor.role, unit_code=actor.unit_code, at=at,
            reason=command.reason, payload=_event_payload(command, case, new),
        )
        return Transition(new, (event,))

    def allowed_actions(self, case: CaseSnapshot, actor: Actor) -> list[str]:
        """Actions whose state and role checks pass for this actor (inputs not checked)."""
        out = []
        for cls in self._handlers:
            try:
                _check_gate(cls.ACTION, case, actor)
            except TransitionError:
                continue
            out.append(cls.ACTION)
        return out

    # ------------------------------------------------------------------ clocks
    def stage_limit(self, stage: Stage, case: CaseSnapshot) -> TimeLimit:
        limit = self.stage_limits[stage]
        if case.emergency and limit.unit is not TimeUnit.NATURAL_HOURS:
            # Emergencies run on natural time: the clock never stops for nights or holidays.
            return TimeLimit(min(limit.amount, 1.0), TimeUnit.NATURAL_HOURS)
        return limit

    def _retime(self, old: CaseSnapshot, new: CaseSnapshot, at: datetime) -> CaseSnapshot:
        """Run the stage clock of the new state. Handlers own the handling clock explicitly."""
        if new.state is old.state:
            return new
        if new.state is State.HUNG:
            clock = sla.pause(old.stage_clock, at) if old.stage_clock else None
        elif old.state is State.HUNG and old.stage_clock is not None:
            clock = sla.resume(old.stage_clock, at, cal=self.calendar)
        elif new.state is State.IN_PROGRESS:
            clock = None  # the handling clock is the stage clock here (see current_clock)
        else:
            stage = STAGE_OF_STATE.get(new.state)
            clock = sla.start_clock(self.calendar, at, self.stage_limit(stage, new)) if stage else None
        return new.evolve(stage_clock=clock)

    # ------------------------------------------------------------------ intake
    def _screen(self, case, cmd, actor, at):
        _check_gate(cmd.ACTION, case, actor)
        return case.evolve(state=State.PENDING_ACCEPT)

    def _merge(self, case, cmd: c.Merge, actor, at):
        _check_gate(cmd.ACTION, case, actor)
        if cmd.parent_id <= 0:
            raise TransitionError("missing_input", "merge needs the parent case", field="parent_id")
        return case.evolve(state=State.MERGED, parent_id=cmd.parent_id, closed_at=at)

    def _accept(self, case, cmd, actor, at):
        _check_gate(cmd.ACTION, case, actor)
        return case.evolve(state=State.PENDING_REGISTER)

    def _send_to_verify(self, case, cmd, actor, at):
        _check_gate(cmd.ACTION, case, actor)
        return case.evolve(state=State.VERIFYING)

    def _invalidate(self, case, cmd, actor, at):
        _check_gate(cmd.ACTION, case, actor)
        _need_reason(cmd)
        return case.evolve(state=State.VOID, closed_at=at)

    def _handle_on_spot(self, case, cmd, actor, at):
        _check_gate(cmd.ACTION, case, actor)
        return case.evolve(state=State.PENDING_CLOSE, handled_at=at)

    def _verify_true(self, case, cmd, actor, at):
        _check_gate(cmd.ACTION, case, actor)
        return case.evolve(state=State.PENDING_REGISTER)

    def _verify_false(self, case, cmd, actor, at):
        _check_gate(cmd.ACTION, case, actor)
        _need_reason(cmd)
        return case.evolve(state=State.VOID, closed_at=at)

    def _register(self, case, cmd: c.Register, actor, at):
        _check_gate(cmd.ACTION, case, actor)
        if not cmd.minor_code or not cmd.condition_id:
            raise TransitionError(
                "missing_input", "registering needs a minor class and a filing condition",
                field="minor_code" if not cmd.minor_code else "condition_id",
            )
        if not isinstance(cmd.handle_limit, TimeLimit):
            raise TransitionError("missing_input", "registering needs the handling time limit", field="handle_limit")
        return case.evolve(
            state=State.PENDING_DISPATCH, minor_code=cmd.minor_code, condition_id=cmd.condition_id,
            area_class=cmd.area_class, handle_limit=cmd.handle_limit, emergency=cmd.emergency,
            # Rework and redo never reset the registration time used for on-time closing.
            registered_at=case.registered_at or at,
        )

    def _refuse_register(self, case, cmd, actor, at):
        _check_gate(cmd.ACTION, case, actor)
        _need_reason(cmd)
        return case.evolve(state=State.VOID, closed_at=at)

    # ------------------------------------------------------------------ dispatch
    def _dispatch(self, case, cmd: c.Dispatch, actor, at):
        _check_gate(cmd.ACTION, case, actor)
        if not cmd.unit:
            raise TransitionError("missing_input", "dispatch needs a lead unit", field="unit")
        if cmd.unit in cmd.co_handlers:
            raise TransitionError("bad_input", "the lead unit cannot also be a co-handler", field="co_handlers")
        handle_clock = None
        if not cmd.unit_is_centre:
            handle_clock = sla.start_clock(self.calendar, at, self._handle_limit(case))
        return case.evolve(
            state=State.DISPATCHED, lead_unit=cmd.unit, lead_is_centre=cmd.unit_is_centre,
            co_handlers=tuple(cmd.co_handlers),
            lead_chain=case.lead_chain + (cmd.unit,), dispatched_at=case.dispatched_at or at,
            handle_clock=handle_clock, hang_requested=False, return_to_judge=False,
        )

    def _handle_limit(self, case: CaseSnapshot) -> TimeLimit:
        return case.handle_limit if isinstance(case.handle_limit, TimeLimit) else self.stage_limit(Stage.HANDLE, case)

    def _whistle(self, case, cmd: c.WhistleCall, actor, at):
        _check_gate(cmd.ACTION, case, actor)
        _need_reason(cmd)
        if not cmd.departments:
            raise TransitionError("missing_input", "a whistle summons at least one department", field="departments")
        if len(set(cmd.departments)) != len(cmd.departments):
            raise TransitionError("bad_input", "a department is summoned twice", field="departments")
        lead = cmd.lead_unit or cmd.departments[0]
        if lead not in cmd.departments:
            raise TransitionError("bad_input", "the lead unit must be one of the summoned departments", field="lead_unit")
        limit = cmd.checkin_limit if isinstance(cmd.checkin_limit, TimeLimit) else self.stage_limits[Stage.CHECK_IN]
        whistle = Whistle(
            reason=cmd.whistle_reason, departments=tuple(cmd.departments), lead_unit=lead,
            called_at=at, checkin_deadline=self.calendar.add(at, limit),
        )
        # The summons is the dispatch: the handling clock starts now, not at check-in or signing.
        return case.evolve(
            state=State.WHISTLED, whistle=whistle, lead_unit=lead, lead_is_centre=False,
            co_handlers=tuple(d for d in cmd.departments if d != lead),
            lead_chain=case.lead_chain + (lead,), dispatched_at=case.dispatched_at or at,
            handle_clock=sla.start_clock(self.calendar, at, self._handle_limit(case)),
            hang_requested=False, return_to_judge=False,
        )

    def _check_in(self, case, cmd, actor, at):
        _check_gate(cmd.ACTION, case, actor)
        w: Whistle = case.whistle
        if actor.unit_code not in w.departments:
            raise TransitionError("wrong_unit", "only a summoned department can check in", unit=actor.unit_code)
        if actor.unit_code in w.checked_in_units:
            raise TransitionError("bad_input", "this department has already checked in", unit=actor.unit_code)
        w = Whistle(**{**w.__dict__, "checked_in": w.checked_in + ((actor.unit_code, at),)})
        state = State.DISPATCHED if not w.outstanding else State.WHISTLED
        return case.evolve(state=state, whistle=w)

    def _rate_check_in(self, case, cmd: c.RateCheckIn, actor, at):
        _check_gate(cmd.ACTION, case, actor)
        w: Whistle | None = case.whistle
        if w is None or cmd.unit not in w.checked_in_units:
            raise TransitionError("bad_input", "only a department that checked in can be rated", unit=cmd.unit)
        if not 1 <= cmd.rating <= 5:
            raise TransitionError("bad_input", "a rating is 1 to 5", field="rating")
        ratings = tuple((u, r) for u, r in w.ratings if u != cmd.unit) + ((cmd.unit, cmd.rating),)
        return case.evolve(whistle=Whistle(**{**w.__dict__, "ratings": ratings}))

    def _sign(self, case, cmd, actor, at):
        _check_gate(cmd.ACTION, case, actor)
        if case.lead_is_centre:
            # A street centre signs for a case sent down by the district: it now runs the dispatch.
            return case.evolve(
                state=State.PENDING_DISPATCH, owner_centre=case.lead_unit, level=Level.STREET,
                centre_chain=case.centre_chain + (case.lead_unit,), lead_unit=None,
                lead_is_centre=False, co_handlers=(),
            )
        return case.evolve(state=State.IN_PROGRESS)

    def _return(self, case, cmd, actor, at):
        _check_gate(cmd.ACTION, case, actor)
        _need_reason(cmd)
        if case.state is State.PENDING_DISPATCH:
            # A street centre hands a case it signed for back up to the centre above it.
            chain = case.centre_chain[:-1]
            return case.evolve(
                owner_centre=chain[-1], centre_chain=chain, level=_level_of(chain),
                lead_unit=None, state=State.PENDING_DISPATCH,
                return_count=case.return_count + 1, return_to_judge=True,
            )
        return case.evolve(
            state=State.PENDING_DISPATCH, return_count=case.return_count + 1, return_to_judge=True,
            handle_clock=None,
        )

    def _judge_return(self, case, cmd, actor, at):
        _check_gate(cmd.ACTION, case, actor)
        if not case.return_to_judge:
            raise TransitionError("wrong_state", "there is no return waiting for a ruling")
        return case.evolve(return_to_judge=False)

    # ------------------------------------------------------------------ handling
    def _request_extension(self, case, cmd: c.RequestExtension, actor, at):
        _check_gate(cmd.ACTION, case, actor)
        _need_reason(cmd)
        if not isinstance(cmd.extra, TimeLimit):
            raise TransitionError("missing_input", "an extension request says how much time", field="extra")
        if case.extension_requested is not None:
            raise TransitionError("wrong_state", "an extension request is already waiting")
        return case.evolve(extension_requested=cmd.extra, handle_clock=sla.pause(case.handle_clock, at))

    def _approve_extension(self, case, cmd, actor, at):
        _check_gate(cmd.ACTION, case, actor)
        if case.extension_requested is None:
            raise TransitionError("wrong_state", "no extension request is waiting")
        resumed = sla.resume(case.handle_clock, at, cal=self.calendar)
        extended = sla.extend(resumed, case.extension_requested, cal=self.calendar)
        return case.evolve(extension_requested=None, handle_clock=extended)

    def _reject_extension(self, case, cmd, actor, at):
        _check_gate(cmd.ACTION, case, actor)
        _need_reason(cmd)
        if case.extension_requested is None:
            raise TransitionError("wrong_state", "no extension request is waiting")
        return case.evolve(extension_requested=None, handle_clock=sla.resume(case.handle_clock, at, cal=self.calendar))

    def _request_hang(self, case, cmd, actor, at):
        _check_gate(cmd.ACTION, case, actor)
        _need_reason(cmd)
        return case.evolve(hang_requested=True)

    def _hang(self, case, cmd, actor, at):
        _check_gate(cmd.ACTION, case, actor)
        _need_reason(cmd)
        clock = case.handle_clock
        if clock is not None and case.extension_requested is None:
            clock = sla.pause(clock, at)  # the clock stops while hung (already stopped if an extension waits)
        return case.evolve(state=State.HUNG, hung_from=case.state, hang_requested=False, handle_clock=clock)

    def _unhang(self, case, cmd, actor, at):
        _check_gate(cmd.ACTION, case, actor)
        clock = case.handle_clock
        if clock is not None and case.extension_requested is None:
            clock = sla.resume(clock, at, cal=self.calendar)
        return case.evolve(state=case.hung_from, hung_from=None, handle_clock=clock)

    def _request_co_handling(self, case, cmd: c.RequestCoHandling, actor, at):
        _check_gate(cmd.ACTION, case, actor)
        _need_reason(cmd)
        if not cmd.units:
            raise TransitionError("missing_input", "name the units to co-handle", field="units")
        return case

    def _add_co_handlers(self, case, cmd: c.AddCoHandlers, actor, at):
        _check_gate(cmd.ACTION, case, actor)
        if not cmd.units:
            raise TransitionError("missing_input", "name the units to co-handle", field="units")
        if case.lead_unit in cmd.units:
            raise TransitionError("bad_input", "the lead unit cannot also be a co-handler", field="units")
        merged = case.co_handlers + tuple(u for u in cmd.units if u not in case.co_handlers)
        return case.evolve(co_handlers=merged)

    def _report_done(self, case, cmd, actor, at):
        _check_gate(cmd.ACTION, case, actor)
        if case.extension_requested is not None:
            raise TransitionError("wrong_state", "an extension request is still waiting for the centre")
        return case.evolve(
            state=State.PENDING_CHECK, handled_at=at,
            handle_clock=sla.pause(case.handle_clock, at) if case.handle_clock else None,
        )

    def _check_pass(self, case, cmd, actor, at):
        _check_gate(cmd.ACTION, case, actor)
        return case.evolve(state=State.PENDING_CLOSE)

    def _check_fail(self, case, cmd, actor, at):
        _check_gate(cmd.ACTION, case, actor)
        _need_reason(cmd)
        # Rework resumes the original handling clock: the time spent waiting for the check
        # is not the unit's, but the deadline itself is never reset.
        clock = sla.resume(case.handle_clock, at, cal=self.calendar) if case.handle_clock else None
        return case.evolve(
            state=State.IN_PROGRESS, rework_count=case.rework_count + 1, handled_at=None,
            handle_clock=clock,
        )

    # ------------------------------------------------------------------ closing
    def _close(self, case, cmd, actor, at):
        _check_gate(cmd.ACTION, case, actor)
        if case.channel.needs_callback:
            return case.evolve(state=State.PENDING_VISIT)
        return case.evolve(state=State.CLOSED, closed_at=at)

    def _force_close(self, case, cmd, actor, at):
        _check_gate(cmd.ACTION, case, actor)
        _need_reason(cmd)
        return case.evolve(state=State.CLOSED, closed_at=at, forced=True, hung_from=None, extension_requested=None)

    def _callback(self, case, cmd: c.Callback, actor, at):
        _check_gate(cmd.ACTION, case, actor)
        attempts = case.callback_attempts + 1
        if cmd.result is CallbackResult.UNREACHABLE:
            if attempts >= self.max_callback_attempts:
                return case.evolve(state=State.CLOSED, closed_at=at, callback_attempts=attempts)
            return case.evolve(callback_attempts=attempts)
        if cmd.result is CallbackResult.DISSATISFIED and cmd.unit_fault:
            _need_reason(cmd)
            # 重办: back to dispatch; registration time and rework count are kept.
            return case.evolve(
                state=State.PENDING_DISPATCH, redo_count=case.redo_count + 1, callback_attempts=0,
                handled_at=None, handle_clock=None,
            )
        return case.evolve(state=State.CLOSED, closed_at=at, callback_attempts=attempts)

    def _reopen(self, case, cmd, actor, at):
        _check_gate(cmd.ACTION, case, actor)
        _need_reason(cmd)
        if case.lead_unit is None:
            raise TransitionError("wrong_state", "a case closed without a handling unit cannot be reopened to one")
        return case.evolve(
            state=State.IN_PROGRESS, reopen_count=case.reopen_count + 1, closed_at=None,
            handled_at=None, forced=False,
            handle_clock=sla.start_clock(self.calendar, at, self._handle_limit(case)),
        )

    def _supervise(self, case, cmd: c.Supervise, actor, at):
        _check_gate(cmd.ACTION, case, actor)
        if not 0 <= cmd.level <= 3:
            raise TransitionError("bad_input", "supervision level is 0 to 3", field="level")
        return case.evolve(supervision_level=cmd.level)


# ---------------------------------------------------------------------- the gate table
# action -> (states it is allowed in, roles that may take it, which unit must the actor belong to)
#   unit rule: "centre" = the case's owning centre; "lead" = the lead unit; "any" = no unit check;
#   "summoned" = a department of the open whistle; "lead_or_centre" = either.
_ANY_OPEN = frozenset(s for s in State if s.is_open and s is not State.REPORTED)
GATES: dict[str, tuple[frozenset[State], frozenset[Role], str]] = {
    "screen": (frozenset({State.REPORTED}), frozenset({Role.SYSTEM}), "any"),
    "merge": (frozenset({State.REPORTED, State.PENDING_ACCEPT}), frozenset({Role.SYSTEM, Role.INTAKE_OPERATOR, Role.SHIFT_LEADER}), "centre"),
    "accept": (frozenset({State.PENDING_ACCEPT}), frozenset({Role.INTAKE_OPERATOR, Role.SHIFT_LEADER}), "centre"),
    "send_to_verify": (frozenset({State.PENDING_ACCEPT}), frozenset({Role.INTAKE_OPERATOR, Role.SHIFT_LEADER}), "centre"),
    "invalidate": (frozenset({State.PENDING_ACCEPT}), frozenset({Role.INTAKE_OPERATOR, Role.SHIFT_LEADER}), "centre"),
    "handle_on_spot": (frozenset({State.PENDING_ACCEPT}), frozenset({Role.INTAKE_OPERATOR, Role.GRID_WORKER}), "any"),
    "verify_true": (frozenset({State.VERIFYING}), frozenset({Role.GRID_WORKER}), "any"),
    "verify_false": (frozenset({State.VERIFYING}), frozenset({Role.GRID_WORKER}), "any"),
    "register": (frozenset({State.PENDING_REGISTER}), frozenset({Role.SHIFT_LEADER}), "centre"),
    "refuse_register": (frozenset({State.PENDING_REGISTER}), frozenset({Role.SHIFT_LEADER}), "centre"),
    "dispatch": (frozenset({State.PENDING_DISPATCH}), DISPATCH_ROLES, "centre"),
    "whistle": (frozenset({State.PENDING_DISPATCH}), DISPATCH_ROLES, "centre"),
    "check_in": (frozenset({State.WHISTLED}), frozenset({Role.HANDLING_UNIT}), "summoned"),
    "rate_check_in": (_ANY_OPEN | {State.CLOSED}, DISPATCH_ROLES, "centre"),
    "sign": (frozenset({State.DISPATCHED}), frozenset({Role.HANDLING_UNIT, Role.DISPATCHER, Role.SHIFT_LEADER}), "lead"),
    "return": (frozenset({State.DISPATCHED, State.PENDING_DISPATCH}), frozenset({Role.HANDLING_UNIT, Role.DISPATCHER, Role.SHIFT_LEADER}), "lead_or_street_centre"),
    "judge_return": (frozenset({State.PENDING_DISPATCH}), DISPATCH_ROLES, "centre"),
    "request_extension": (frozenset({State.IN_PROGRESS}), frozenset({Role.HANDLING_UNIT}), "lead"),
    "approve_extension": (frozenset({State.IN_PROGRESS}), frozenset({Role.SHIFT_LEADER}), "centre"),
    "reject_extension": (frozenset({State.IN_PROGRESS}), frozenset({Role.SHIFT_LEADER}), "centre"),
    "request_hang": (HANGABLE, frozenset({Role.HANDLING_UNIT, Role.DISPATCHER}), "lead_or_centre"),
    "hang": (HANGABLE, LEADER_ROLES, "centre"),
    "unhang": (frozenset({State.HUNG}), LEADER_ROLES, "centre"),
    "request_co_handling": (frozenset({State.IN_PROGRESS}), frozenset({Role.HANDLING_UNIT}), "lead"),
    "add_co_handlers": (frozenset({State.DISPATCHED, State.IN_PROGRESS}), DISPATCH_ROLES, "centre"),
    "report_done": (frozenset({State.IN_PROGRESS}), frozenset({Role.HANDLING_UNIT}), "lead"),
    "check_pass": (frozenset({State.PENDING_CHECK}), frozenset({Role.GRID_WORKER}), "any"),
    "check_fail": (frozenset({State.PENDING_CHECK}), frozenset({Role.GRID_WORKER}), "any"),
    "close": (frozenset({State.PENDING_CLOSE}), frozenset({Role.SHIFT_LEADER}), "centre"),
    "force_close": (FORCE_CLOSABLE, LEADER_ROLES, "centre"),
    "callback": (frozenset({State.PENDING_VISIT}), frozenset({Role.CALLBACK_OPERATOR}), "centre"),
    "reopen": (frozenset({State.CLOSED}), frozenset({Role.SHIFT_LEADER}), "centre"),
    "supervise": (_ANY_OPEN, frozenset({Role.SUPERVISOR, Role.SHIFT_LEADER}), "any"),
}


def _check_gate(action: str, case: CaseSnapshot, actor: Actor) -> None:
    states, roles, unit_rule = GATES[action]
    if case.state not in states:
        raise TransitionError(
            "wrong_state", f"cannot {action} a case in state {case.state.value}",
            action=action, state=case.state.value,
        )
    if actor.role not in roles:
        raise TransitionError(
            "wrong_role", f"role {actor.role.value} may not {action}",
            action=action, role=actor.role.value,
        )
    if actor.role is Role.SYSTEM or (actor.role is Role.SUPERVISOR and unit_rule == "centre"):
        return  # the system and supervisors act district-wide
    ok = {
        "any": lambda: True,
        "centre": lambda: actor.unit_code == case.owner_centre,
        "lead": lambda: actor.unit_code == case.lead_unit,
        "summoned": lambda: True,  # checked in _check_in with a precise message
        "lead_or_centre": lambda: actor.unit_code in (case.lead_unit, case.owner_centre),
        "lead_or_street_centre": lambda: (
            actor.unit_code == case.lead_unit if case.state is State.DISPATCHED
            else len(case.centre_chain) > 1 and actor.unit_code == case.owner_centre
        ),
    }[unit_rule]()
    if not ok:
        raise TransitionError(
            "wrong_unit", f"unit {actor.unit_code} may not {action} this case",
            action=action, unit=actor.unit_code,
        )


# ---------------------------------------------------------------------- helpers
def _need_reason(cmd: c.Command) -> None:
    if not cmd.reason.strip():
        raise TransitionError("missing_input", f"{cmd.ACTION} needs a reason", field="reason")


def _level_of(chain: tuple[str, ...]) -> Level:
    return Level.DISTRICT if len(chain) <= 1 else Level.STREET


def current_clock(case: CaseSnapshot):
    """The clock the board shows: the handling clock while in progress, else the stage clock."""
    return case.handle_clock if case.state is State.IN_PROGRESS else case.stage_clock


def _event_payload(cmd: c.Command, old: CaseSnapshot, new: CaseSnapshot) -> dict:
    payload = cmd.payload()
    if new.lead_unit != old.lead_unit and new.lead_unit:
        payload["lead_unit"] = new.lead_unit
    if new.owner_centre != old.owner_centre:
        payload["owner_centre"] = new.owner_centre
    new_deadline = new.handle_clock.deadline if new.handle_clock is not None else None
    old_deadline = old.handle_clock.deadline if old.handle_clock is not None else None
    if new_deadline is not None and new_deadline != old_deadline:
        payload["handle_deadline"] = new_deadline.isoformat()
    return payload
