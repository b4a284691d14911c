"""The case as the state machine sees it: an immutable snapshot, the actor, and the event.

A `CaseSnapshot` carries only what the lifecycle needs to decide a transition (state, ownership,
clocks, counters). Descriptive fields (address, description, location) live in the store; the
lifecycle never reads them. Every transition returns a new snapshot plus the immutable `Event`s
that explain it; KPIs are computed from those events.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from .vocabulary import AreaClass, Channel, Level, Role, State, WhistleReason


class DomainError(Exception):
    """A rule of the domain was broken. `code` is stable (the UI translates it), `params` explain."""

    def __init__(self, code: str, message: str, **params: Any) -> None:
        super().__init__(message)
        self.code = code
        self.params = params


class TransitionError(DomainError):
    """An action is not allowed: wrong state, wrong role, wrong unit or missing input."""


@dataclass(frozen=True)
class Actor:
    """Who acts: a person (or the system) in one role, on behalf of one unit (None = the system)."""

    user_id: str
    role: Role
    unit_code: str | None = None
    name: str = ""

    @classmethod
    def system(cls) -> Actor:
        return cls(user_id="system", role=Role.SYSTEM, unit_code=None, name="system")


@dataclass(frozen=True)
class Event:
    """One immutable row of a case's history: who, role, unit, when, what, from, to, why."""

    action: str
    from_state: State | None
    to_state: State
    actor_id: str
    role: Role
    unit_code: str | None
    at: datetime
    reason: str = ""
    payload: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Whistle:
    """An open or answered 吹哨报到: who was summoned, who has checked in, the street's ratings."""

    reason: WhistleReason
    departments: tuple[str, ...]
    lead_unit: str
    called_at: datetime
    checkin_deadline: datetime
    checked_in: tuple[tuple[str, datetime], ...] = ()
    ratings: tuple[tuple[str, int], ...] = ()

    @property
    def checked_in_units(self) -> frozenset[str]:
        return frozenset(u for u, _ in self.checked_in)

    @property
    def outstanding(self) -> tuple[str, ...]:
        done = self.checked_in_units
        return tuple(d for d in self.departments if d not in done)

    def to_dict(self) -> dict[str, Any]:
        return {
            "reason": self.reason.value,
            "departments": list(self.departments),
            "lead_unit": self.lead_unit,
            "called_at": self.called_at.isoformat(),
            "checkin_deadline": self.checkin_deadline.isoformat(),
            "checked_in": [[u, t.isoformat()] for u, t in self.checked_in],
            "ratings": [[u, r] for u, r in self.ratings],
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Whistle:
        return cls(
            reason=WhistleReason(d["reason"]),
            departments=tuple(d["departments"]),
            lead_unit=d["lead_unit"],
            called_at=datetime.fromisoformat(d["called_at"]),
            checkin_deadline=datetime.fromisoformat(d["checkin_deadline"]),
            checked_in=tuple((u, datetime.fromisoformat(t)) for u, t in d.get("checked_in", [])),
            ratings=tuple((u, int(r)) for u, r in d.get("ratings", [])),
        )


@dataclass(frozen=True)
class CaseSnapshot:
    """What the lifecycle knows of one case. Clocks are `sla.Clock` values (or None).

    `owner_centre` is the command centre that currently runs the case's dispatch (the district
    centre, or a street centre after it signed for a case the district sent down); `lead_chain`
    records every lead unit in order, so each level's part stays attributable.
    """

    state: State
    channel: Channel
    owner_centre: str
    level: Level = Level.DISTRICT
    lead_unit: str | None = None
    co_handlers: tuple[str, ...] = ()
    lead_chain: tuple[str, ...] = ()
    centre_chain: tuple[str, ...] = ()
    lead_is_centre: bool = False
    hung_from: State | None = None
    hang_requested: bool = False
    extension_requested: Any = None  # a TimeLimit waiting for approval
    return_to_judge: bool = False
    whistle: Whistle | None = None
    parent_id: int | None = None
    minor_code: str | None = None
    condition_id: str | None = None
    area_class: AreaClass | None = None
    emergency: bool = False
    handle_limit: Any = None  # TimeLimit from the filing/closing standard
    supervision_level: int = 0
    rework_count: int = 0
    return_count: int = 0
    redo_count: int = 0
    reopen_count: int = 0
    callback_attempts: int = 0
    forced: bool = False
    reported_at: datetime | None = None
    registered_at: datetime | None = None
    dispatched_at: datetime | None = None
    handled_at: datetime | None = None
    closed_at: datetime | None = None
    stage_clock: Any = None  # sla.Clock of the current stage
    handle_clock: Any = None  # sla.Clock from dispatch to "report done"

    def evolve(self, **changes: Any) -> CaseSnapshot:
        return replace(self, **changes)
