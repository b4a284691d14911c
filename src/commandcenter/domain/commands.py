"""Commands: one frozen dataclass per lifecycle action, carrying exactly that action's inputs.

`ACTION` is the stable name written into event rows; the services layer builds commands from
the UI or the CLI (see `command_from_dict`), the lifecycle validates and applies them.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any, ClassVar

from .vocabulary import AreaClass, CallbackResult, ReturnVerdict, WhistleReason


@dataclass(frozen=True)
class Command:
    ACTION: ClassVar[str] = ""
    reason: str = ""

    def payload(self) -> dict[str, Any]:
        """The command's inputs as JSON-friendly primitives (stored in the event's payload)."""
        out: dict[str, Any] = {}
        for f in fields(self):
            if f.name == "reason":
                continue
            value = getattr(self, f.name)
            if value is None or value == () or value is False:
                continue
            if isinstance(value, tuple):
                value = list(value)
            elif hasattr(value, "value"):
                value = value.value
            elif not isinstance(value, (str, int, float, bool, list)):
                value = str(value)
            out[f.name] = value
        return out


@dataclass(frozen=True)
class Screen(Command):
    """System: a new report passed the duplicate check (REPORTED → PENDING_ACCEPT)."""

    ACTION: ClassVar[str] = "screen"


@dataclass(frozen=True)
class Merge(Command):
    """A duplicate joins its parent case (REPORTED/PENDING_ACCEPT → MERGED)."""

    ACTION: ClassVar[str] = "merge"
    parent_id: int = 0


@dataclass(frozen=True)
class Accept(Command):
    ACTION: ClassVar[str] = "accept"


@dataclass(frozen=True)
class SendToVerify(Command):
    ACTION: ClassVar[str] = "send_to_verify"
    grid_worker: str | None = None


@dataclass(frozen=True)
class Invalidate(Command):
    ACTION: ClassVar[str] = "invalidate"


@dataclass(frozen=True)
class HandleOnSpot(Command):
    """The grid worker solved it on the spot: straight to closing (PENDING_ACCEPT → PENDING_CLOSE)."""

    ACTION: ClassVar[str] = "handle_on_spot"


@dataclass(frozen=True)
class VerifyTrue(Command):
    ACTION: ClassVar[str] = "verify_true"


@dataclass(frozen=True)
class VerifyFalse(Command):
    ACTION: ClassVar[str] = "verify_false"


@dataclass(frozen=True)
class Register(Command):
    """立案: the minor class and filing condition fix the handling limit (computed by the caller
    from the filing/closing standard and passed in as a TimeLimit)."""

    ACTION: ClassVar[str] = "register"
    minor_code: str = ""
    condition_id: str = ""
    area_class: AreaClass = AreaClass.B
    handle_limit: Any = None
    emergency: bool = False


@dataclass(frozen=True)
class RefuseRegister(Command):
    ACTION: ClassVar[str] = "refuse_register"


@dataclass(frozen=True)
class Dispatch(Command):
    """派遣 to a lead unit (optionally with co-handlers). A target that is a street centre sends the
    case down one command level: that centre signs and re-dispatches it."""

    ACTION: ClassVar[str] = "dispatch"
    unit: str = ""
    unit_is_centre: bool = False
    co_handlers: tuple[str, ...] = ()
    rule_id: str | None = None


@dataclass(frozen=True)
class WhistleCall(Command):
    """吹哨: summon departments; each must check in before the check-in deadline."""

    ACTION: ClassVar[str] = "whistle"
    whistle_reason: WhistleReason = WhistleReason.PRESSING_PROBLEM
    departments: tuple[str, ...] = ()
    lead_unit: str = ""
    checkin_limit: Any = None  # TimeLimit; default from the stage limits (30 natural minutes)


@dataclass(frozen=True)
class CheckIn(Command):
    """报到 by a summoned department (the actor's unit)."""

    ACTION: ClassVar[str] = "check_in"


@dataclass(frozen=True)
class RateCheckIn(Command):
    """The whistling centre rates one department's response (1-5)."""

    ACTION: ClassVar[str] = "rate_check_in"
    unit: str = ""
    rating: int = 0


@dataclass(frozen=True)
class Sign(Command):
    ACTION: ClassVar[str] = "sign"


@dataclass(frozen=True)
class Return(Command):
    """退回 with a reason: the case goes back to its centre's dispatch queue."""

    ACTION: ClassVar[str] = "return"


@dataclass(frozen=True)
class JudgeReturn(Command):
    ACTION: ClassVar[str] = "judge_return"
    verdict: ReturnVerdict = ReturnVerdict.UPHELD


@dataclass(frozen=True)
class RequestExtension(Command):
    ACTION: ClassVar[str] = "request_extension"
    extra: Any = None  # TimeLimit


@dataclass(frozen=True)
class ApproveExtension(Command):
    ACTION: ClassVar[str] = "approve_extension"


@dataclass(frozen=True)
class RejectExtension(Command):
    ACTION: ClassVar[str] = "reject_extension"


@dataclass(frozen=True)
class RequestHang(Command):
    ACTION: ClassVar[str] = "request_hang"


@dataclass(frozen=True)
class Hang(Command):
    """挂账: a leader approves hanging; the clocks stop."""

    ACTION: ClassVar[str] = "hang"


@dataclass(frozen=True)
class Unhang(Command):
    ACTION: ClassVar[str] = "unhang"


@dataclass(frozen=True)
class RequestCoHandling(Command):
    ACTION: ClassVar[str] = "request_co_handling"
    units: tuple[str, ...] = ()


@dataclass(frozen=True)
class AddCoHandlers(Command):
    ACTION: ClassVar[str] = "add_co_handlers"
    units: tuple[str, ...] = ()


@dataclass(frozen=True)
class ReportDone(Command):
    ACTION: ClassVar[str] = "report_done"


@dataclass(frozen=True)
class CheckPass(Command):
    ACTION: ClassVar[str] = "check_pass"


@dataclass(frozen=True)
class CheckFail(Command):
    """核查不通过: rework (返工), back to the unit; the registration time is never reset."""

    ACTION: ClassVar[str] = "check_fail"


@dataclass(frozen=True)
class Close(Command):
    ACTION: ClassVar[str] = "close"


@dataclass(frozen=True)
class ForceClose(Command):
    ACTION: ClassVar[str] = "force_close"


@dataclass(frozen=True)
class Callback(Command):
    """回访 result. Dissatisfied through the unit's fault sends the case to be redone (重办)."""

    ACTION: ClassVar[str] = "callback"
    result: CallbackResult = CallbackResult.SATISFIED
    unit_fault: bool = False


@dataclass(frozen=True)
class Reopen(Command):
    ACTION: ClassVar[str] = "reopen"


@dataclass(frozen=True)
class Supervise(Command):
    """督办: set the supervision level (0 none .. 3 highest); no state change."""

    ACTION: ClassVar[str] = "supervise"
    level: int = 1


ALL_COMMANDS: dict[str, type[Command]] = {
    c.ACTION: c
    for c in (
        Screen, Merge, Accept, SendToVerify, Invalidate, HandleOnSpot, VerifyTrue, VerifyFalse,
        Register, RefuseRegister, Dispatch, WhistleCall, CheckIn, RateCheckIn, Sign, Return,
        JudgeReturn, RequestExtension, ApproveExtension, RejectExtension, RequestHang, Hang,
        Unhang, RequestCoHandling, AddCoHandlers, ReportDone, CheckPass, CheckFail, Close,
        ForceClose, Callback, Reopen, Supervise,
    )
}


def command_from_dict(action: str, params: dict[str, Any]) -> Command:
    """Build a command from primitives (CLI, sync). Unknown actions or fields raise ValueError."""
    from .calendar import TimeLimit  # local: calendar is a sibling domain module

    try:
        cls = ALL_COMMANDS[action]
    except KeyError:
        raise ValueError(f"unknown action {action!r}; known: {', '.join(sorted(ALL_COMMANDS))}") from None
    known = {f.name: f for f in fields(cls)}
    kwargs: dict[str, Any] = {}
    for key, value in params.items():
        if key not in known:
            raise ValueError(f"action {action!r} takes no field {key!r}; fields: {', '.join(known)}")
        if key in ("handle_limit", "checkin_limit", "extra") and isinstance(value, str):
            value = TimeLimit.parse(value)
        elif key in ("co_handlers", "departments", "units") and isinstance(value, (list, str)):
            value = tuple(value.split(",")) if isinstance(value, str) else tuple(value)
        elif key == "area_class":
            value = AreaClass(value)
        elif key == "whistle_reason":
            value = WhistleReason(value)
        elif key == "verdict":
            value = ReturnVerdict(value)
        elif key == "result":
            value = CallbackResult(value)
        elif key in ("parent_id", "rating", "level"):
            value = int(value)
        elif key in ("emergency", "unit_fault", "unit_is_centre") and isinstance(value, str):
            value = value.lower() in ("1", "true", "yes", "y")
        kwargs[key] = value
    return cls(**kwargs)
