"""Plain, detached values that repositories return (never ORM objects, never lazy loads).

Values are already in domain types: states and channels as enums, clocks as `sla.Clock`, time
limits as `TimeLimit`, whistles as `Whistle`, JSON lists as tuples. `mapping` converts between
these and database rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from commandcenter.domain.case import Whistle
from commandcenter.domain.vocabulary import AreaClass, Channel, Level, Role, State


class CaseNotFoundError(LookupError):
    """No case with that id or code."""

    def __init__(self, key: int | str) -> None:
        super().__init__(f"no case {key!r}")
        self.key = key


class StaleVersionError(Exception):
    """An optimistic-lock check failed: the case is no longer at the version the writer read.

    Nothing was written. `actual` is the version found (None if the case vanished).
    """

    def __init__(self, case_id: int, expected: int, actual: int | None) -> None:
        super().__init__(
            f"case {case_id} changed: expected version {expected}, found {actual}"
        )
        self.case_id = case_id
        self.expected = expected
        self.actual = actual


LOCAL_SOURCE = "local"  # the source of cases entered here (other sources: the importer)


@dataclass(frozen=True)
class CaseContent:
    """The descriptive part of a new case (the lifecycle never reads it).

    ``code`` None lets the repository number the case (``<prefix><yyyymmdd><6 digits>``).
    """

    title: str = ""
    description: str = ""
    address: str = ""
    lon: float | None = None
    lat: float | None = None
    street_code: str | None = None
    community_code: str | None = None
    grid_code: str | None = None
    outside_district: bool = False
    priority: int = 0
    source: str = LOCAL_SOURCE
    external_id: str | None = None
    code: str | None = None


@dataclass(frozen=True)
class ReporterRecord:
    """Reporter identity (sensitive, stored sealed apart from the case). Plaintext in memory:
    handle with care, never log it, hand it out of services only masked (or through
    `services.pii.reveal`).

    Read back, ``purged_at`` is set when retention removed the identity (fields None), and
    ``unavailable`` says why a sealed identity could not be opened here (e.g. the key is
    missing) rather than pretending the reporter was anonymous.
    """

    name: str | None = None
    phone: str | None = None
    id_number: str | None = None
    id: int | None = None
    case_id: int | None = None
    purged_at: datetime | None = None
    unavailable: str | None = None

    @property
    def is_empty(self) -> bool:
        return not (self.name or self.phone or self.id_number)

    def __repr__(self) -> str:  # never print identity by accident (logs, tracebacks)
        return (f"ReporterRecord(id={self.id}, case_id={self.case_id}, "
                f"fields={[k for k in ('name', 'phone', 'id_number') if getattr(self, k)]})")


@dataclass(frozen=True)
class EventRecord:
    """One stored, immutable history row of a case."""

    id: int
    case_id: int
    seq: int
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
class CaseRecord:
    """Every column of one ``cases`` row, in domain types."""

    id: int
    code: str
    source: str
    external_id: str | None
    title: str
    description: str
    address: str
    lon: float | None
    lat: float | None
    street_code: str | None
    community_code: str | None
    grid_code: str | None
    outside_district: bool
    priority: int
    duplicates_count: int
    # lifecycle snapshot (same names as domain.case.CaseSnapshot)
    state: State
    channel: Channel
    owner_centre: str
    level: Level
    lead_unit: str | None
    lead_is_centre: bool
    co_handlers: tuple[str, ...]
    lead_chain: tuple[str, ...]
    centre_chain: tuple[str, ...]
    hung_from: State | None
    hang_requested: bool
    extension_requested: Any  # TimeLimit | None
    return_to_judge: bool
    whistle: Whistle | None
    parent_id: int | None
    minor_code: str | None
    condition_id: str | None
    area_class: AreaClass | None
    emergency: bool
    handle_limit: Any  # TimeLimit | None
    supervision_level: int
    rework_count: int
    return_count: int
    redo_count: int
    reopen_count: int
    callback_attempts: int
    forced: bool
    reported_at: datetime
    registered_at: datetime | None
    dispatched_at: datetime | None
    handled_at: datetime | None
    closed_at: datetime | None
    stage_clock: Any  # sla.Clock | None
    handle_clock: Any  # sla.Clock | None
    # the current clock, denormalised
    due_start: datetime | None
    due_at: datetime | None
    clock_paused: bool
    # concurrency and change feed
    version: int
    updated_seq: int


@dataclass(frozen=True)
class CreatedCase:
    id: int
    code: str
    version: int
    seq: int
    events: tuple[EventRecord, ...]


@dataclass(frozen=True)
class SavedTransition:
    case_id: int
    code: str
    version: int
    seq: int
    events: tuple[EventRecord, ...]


@dataclass(frozen=True)
class CaseStub:
    """Enough to list a related case (a merged duplicate, a parent)."""

    id: int
    code: str
    state: State
    reported_at: datetime
