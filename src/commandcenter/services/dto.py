"""Plain values crossing the services boundary (what ui/ and cli.py send and receive).

All frozen dataclasses without database state: safe to hand to another thread or to keep after
the unit of work that produced them ended.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from commandcenter.domain.case import CaseSnapshot
from commandcenter.domain.vocabulary import Channel, State
from commandcenter.store.mapping import snapshot_of
from commandcenter.store.records import CaseRecord, CaseStub, EventRecord, ReporterRecord

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
    source: str = "local"
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


def mask_name(name: str | None) -> str | None:
    """张三 -> 张*, 欧阳娜娜 -> 欧***: the family name's first character stays."""
    if not name:
        return name
    return name[0] + "*" * (len(name) - 1)


def mask_phone(phone: str | None) -> str | None:
    """13812341234 -> 138****1234; short numbers keep only their last 2 characters."""
    if not phone:
        return phone
    if len(phone) >= 8:
        return phone[:3] + "*" * (len(phone) - 7) + phone[-4:]
    return "*" * max(len(phone) - 2, 0) + phone[-2:]


def mask_id_number(id_number: str | None) -> str | None:
    """320104199001011234 -> 320104********1234 (division code and last 4 stay)."""
    if not id_number:
        return id_number
    if len(id_number) >= 12:
        return id_number[:6] + "*" * (len(id_number) - 10) + id_number[-4:]
    return "*" * len(id_number)


@dataclass(frozen=True)
class MaskedReporter:
    """A reporter as handling units see it by default (DOMAIN.md §8)."""

    name: str | None
    phone: str | None
    id_number: str | None

    @classmethod
    def of(cls, reporter: ReporterRecord) -> MaskedReporter:
        return cls(mask_name(reporter.name), mask_phone(reporter.phone),
                   mask_id_number(reporter.id_number))


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
