"""Plain values crossing the services boundary (what ui/ and cli.py send and receive).

All frozen dataclasses without database state: safe to hand to another thread or to keep after
the unit of work that produced them ended. Reporter identity leaves the services masked
(`MaskedReporter`; the masks live in `domain.pii` and are re-exported here) or, audited, as a
`RevealedIdentity` from `services.pii`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from commandcenter.domain.case import CaseSnapshot
from commandcenter.domain.pii import mask_id_number, mask_name, mask_phone
from commandcenter.domain.vocabulary import Channel, State
from commandcenter.store.mapping import snapshot_of
from commandcenter.store.records import (
    LOCAL_SOURCE,
    CaseRecord,
    CaseStub,
    EventRecord,
    ReporterRecord,
)

EventRow = EventRecord  # events as plain rows: id, case_id, seq, action, from/to, who, when, why


@dataclass(frozen=True)
class ReporterInfo:
    """Who reported a case (sensitive: stored apart from the case, shown masked)."""

    name: str | None = None
    phone: str | None = None
    id_number: str | None = None


@dataclass(frozen=True)
class NewCase:
    """A report as received. ``owner_centre`` None = this database's centre (settings);
    ``received_at`` None = now. Missing street/community codes are filled from the grid."""

    channel: Channel
    title: str = ""
    description: str = ""
    address: str = ""
    lon: float | None = None
    lat: float | None = None
    street_code: str | None = None
    community_code: str | None = None
    grid_code: str | None = None
    priority: int = 0
    reporter: ReporterInfo | None = None
    owner_centre: str | None = None
    received_at: datetime | None = None
    source: str = LOCAL_SOURCE
    external_id: str | None = None


@dataclass(frozen=True)
class CaseRef:
    id: int
    code: str
    version: int
    state: State


@dataclass(frozen=True)
class TransitionResult:
    case_id: int
    code: str
    version: int  # the case's version after the transition: pass it as the next expected_version
    from_state: State
    to_state: State
    seq: int  # the change seq of this write
    event: EventRow  # the (last) event the transition wrote


@dataclass(frozen=True)
class ChangeBatch:
    """Cases written after a seq; poll again with ``max_seq``."""

    max_seq: int
    case_ids: tuple[int, ...]


@dataclass(frozen=True)
class MaskedReporter:
    """A reporter as everyone sees it by default (DOMAIN.md §8): 张*, 138****5678,
    3201**********1234. ``status`` is "ok", "purged" (retention removed the identity) or
    "unavailable" (sealed with a key this workstation lacks); only "ok" carries masks."""

    name: str | None
    phone: str | None
    id_number: str | None
    status: str = "ok"

    @classmethod
    def of(cls, reporter: ReporterRecord) -> MaskedReporter:
        if reporter.unavailable:
            return cls(None, None, None, "unavailable")
        if reporter.purged_at is not None:
            return cls(None, None, None, "purged")
        return cls(mask_name(reporter.name), mask_phone(reporter.phone),
                   mask_id_number(reporter.id_number))


@dataclass(frozen=True)
class RevealedIdentity:
    """A reporter's identity in clear, from `services.pii.reveal` (audited). Keep it on screen
    briefly, never log it, never store it."""

    case_id: int
    code: str
    name: str | None
    phone: str | None
    id_number: str | None
    revealed_at: datetime
    audit_action: str = "pii.reveal"

    def __repr__(self) -> str:  # tracebacks and logs must not carry it
        return f"RevealedIdentity(case_id={self.case_id}, code={self.code!r})"


@dataclass(frozen=True)
class CaseDetail(CaseRecord):
    """Every column of the case (see `CaseRecord`), plus its masked reporter, its events (oldest
    first), the cases merged into it and, as a property, its lifecycle snapshot."""

    reporter: MaskedReporter | None
    events: tuple[EventRow, ...]
    duplicates: tuple[CaseStub, ...]

    @property
    def snapshot(self) -> CaseSnapshot:
        return snapshot_of(self)
