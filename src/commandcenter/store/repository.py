"""The case repository: cases, their events and reporters, with optimistic locking.

Contracts
- Works inside the caller's transaction (a `uow.UnitOfWork`); never commits or rolls back.
- Returns detached records (`records`), never ORM objects.
- Every write to a case (`create`, `save_transition`) takes the next ``change_seq`` (see
  `seq`), stores it as the case's ``updated_seq`` and on each of its event rows, and writes at
  least one event: version *k* of a case is therefore the *k*-th distinct event seq of that case
  (version 1 = creation), which `events_since_version` relies on.
- `save_transition` writes only if the case is still at ``expected_version``
  (``UPDATE ... WHERE id = :id AND version = :expected``); otherwise it raises
  `StaleVersionError` having written nothing the caller's rollback would not undo.
- Events are only ever inserted (the database refuses UPDATE/DELETE on ``case_events``).
- Reporter identity is written only by `add_reporters` (sealed by `mapping.reporter_columns`)
  and read only opened through the database's key (`store.crypto_keys`).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from datetime import datetime

from sqlalchemy import func, insert, select, update
from sqlalchemy.orm import Session

from commandcenter.domain.case import CaseSnapshot, Event
from commandcenter.domain.vocabulary import State

from . import seq as counters
from .crypto import IdentityCipher, PiiKeyError
from .crypto_keys import cipher_for
from .mapping import (
    event_from_row,
    event_row,
    record_from_row,
    reporter_columns,
    reporter_from_row,
    snapshot_columns,
)
from .models import Case, CaseEvent, Reporter
from .records import (
    LOCAL_SOURCE,
    CaseContent,
    CaseNotFoundError,
    CaseRecord,
    CaseStub,
    CreatedCase,
    EventRecord,
    ReporterRecord,
    SavedTransition,
    StaleVersionError,
)

cases_t = Case.__table__
events_t = CaseEvent.__table__
reporters_t = Reporter.__table__

log = logging.getLogger(__name__)

DEFAULT_CODE_PREFIX = "QH"  # 秦淮 (Qinhuai); see services for the configured prefix


class CaseRepository:
    def __init__(self, session: Session) -> None:
        self.session = session
        self._cipher: IdentityCipher | None = None
        self._cipher_created = False

    # ------------------------------------------------------------------ writes
    def create(
        self,
        content: CaseContent,
        snapshot: CaseSnapshot,
        events: Sequence[Event],
        reporter: ReporterRecord | None = None,
        *,
        code_prefix: str = DEFAULT_CODE_PREFIX,
    ) -> CreatedCase:
        """Insert a new case at version 1 with its events and (if any) its reporter. A case
        carrying an external id must be of the local source (ValueError else)."""
        if not events:
            raise ValueError("a new case is written with at least one event")
        if snapshot.reported_at is None:
            raise ValueError("a new case needs reported_at")
        if content.external_id is not None and content.source != LOCAL_SOURCE:
            # another system's ids are held unique by sync_rows, which only the importer writes
            # (cases' own unique index covers the 'local' source alone: migration 0008)
            raise ValueError(f"a case numbered by source {content.source!r} is created by the "
                             "district importer, not here")
        # The change seq is every writer's first lock (see `seq`); the day's code counter second.
        change_seq = counters.next_change_seq(self.session)
        code = content.code or counters.next_case_code(
            self.session, code_prefix, snapshot.reported_at.strftime("%Y%m%d")
        )
        values = {
            "code": code, "source": content.source, "external_id": content.external_id,
            "title": content.title, "description": content.description, "address": content.address,
            "lon": content.lon, "lat": content.lat, "street_code": content.street_code,
            "community_code": content.community_code, "grid_code": content.grid_code,
            "outside_district": content.outside_district, "priority": content.priority,
            "duplicates_count": 0, "version": 1, "updated_seq": change_seq,
            **snapshot_columns(snapshot),
        }
        case_id = self.session.execute(
            insert(cases_t).values(**values).returning(cases_t.c.id)
        ).scalar_one()
        stored = self._insert_events(case_id, change_seq, events)
        if reporter is not None and not reporter.is_empty:
            self.add_reporters([(case_id, reporter)])
        return CreatedCase(id=case_id, code=code, version=1, seq=change_seq, events=stored)

    def save_transition(
        self,
        case_id: int,
        expected_version: int,
        snapshot: CaseSnapshot,
        events: Sequence[Event],
    ) -> SavedTransition:
        """Store the new snapshot and its events if the case is still at ``expected_version``."""
        if not events:
            raise ValueError("a transition is written with at least one event")
        change_seq = counters.next_change_seq(self.session)
        result = self.session.execute(
            update(cases_t)
            .where(cases_t.c.id == case_id, cases_t.c.version == expected_version)
            .values(**snapshot_columns(snapshot), version=cases_t.c.version + 1,
                    updated_seq=change_seq)
            .returning(cases_t.c.version, cases_t.c.code)
        ).one_or_none()
        if result is None:
            raise StaleVersionError(case_id, expected_version, self.version_of(case_id))
        stored = self._insert_events(case_id, change_seq, events)
        return SavedTransition(case_id=case_id, code=result.code, version=result.version,
                               seq=change_seq, events=stored)

    def _insert_events(self, case_id: int, change_seq: int, events: Iterable[Event]) -> tuple[EventRecord, ...]:
        rows = [event_row(e, case_id, change_seq) for e in events]
        ids = self.session.execute(
            insert(events_t).returning(events_t.c.id, sort_by_parameter_order=True), rows
        ).scalars().all()
        return tuple(event_from_row({**row, "id": i}) for row, i in zip(rows, ids, strict=True))

    # ------------------------------------------------------------------ reads
    def get(self, case_id: int) -> CaseRecord:
        row = self.session.execute(select(cases_t).where(cases_t.c.id == case_id)).mappings().first()
        if row is None:
            raise CaseNotFoundError(case_id)
        return record_from_row(row)

    def get_by_code(self, code: str) -> CaseRecord:
        row = self.session.execute(select(cases_t).where(cases_t.c.code == code)).mappings().first()
        if row is None:
            raise CaseNotFoundError(code)
        return record_from_row(row)

    def find(self, id_or_code: int | str) -> CaseRecord:
        """By id (an int, or a string of digits that is not a known code) or by code."""
        if isinstance(id_or_code, int):
            return self.get(id_or_code)
        try:
            return self.get_by_code(id_or_code)
        except CaseNotFoundError:
            if id_or_code.isdigit():
                return self.get(int(id_or_code))
            raise

    def version_of(self, case_id: int) -> int | None:
        return self.session.execute(
            select(cases_t.c.version).where(cases_t.c.id == case_id)
        ).scalar_one_or_none()

    def events(self, case_id: int) -> tuple[EventRecord, ...]:
        rows = self.session.execute(
            select(events_t).where(events_t.c.case_id == case_id).order_by(events_t.c.id)
        ).mappings()
        return tuple(event_from_row(r) for r in rows)

    def events_since_version(self, case_id: int, version: int) -> tuple[EventRecord, ...]:
        """Events written after the case reached ``version`` (see the module contract)."""
        seqs = self.session.execute(
            select(events_t.c.seq).where(events_t.c.case_id == case_id)
            .distinct().order_by(events_t.c.seq)
        ).scalars().all()
        if version < 1 or not seqs:
            return self.events(case_id)
        if version > len(seqs):
            return ()
        after = seqs[version - 1]
        rows = self.session.execute(
            select(events_t).where(events_t.c.case_id == case_id, events_t.c.seq > after)
            .order_by(events_t.c.id)
        ).mappings()
        return tuple(event_from_row(r) for r in rows)

    def reporter(self, case_id: int) -> ReporterRecord | None:
        """The case's reporter, opened (plaintext: services mask it). A sealed identity whose
        key is missing here comes back with ``unavailable`` set, never as an anonymous reporter;
        `reporter_strict` raises instead."""
        return self._open_reporter(case_id, strict=False)

    def reporter_strict(self, case_id: int) -> ReporterRecord | None:
        """Like `reporter`, but a missing key raises `PiiKeyError` (reveal, export)."""
        return self._open_reporter(case_id, strict=True)

    def _open_reporter(self, case_id: int, *, strict: bool) -> ReporterRecord | None:
        row = self.session.execute(
            select(reporters_t).where(reporters_t.c.case_id == case_id).order_by(reporters_t.c.id)
        ).mappings().first()
        if row is None:
            return None
        try:
            cipher = self.cipher() if row["identity_ct"] is not None else None
        except PiiKeyError as exc:
            if strict:
                raise
            log.error("reporter of case %s not opened: %s", case_id, exc)
            return reporter_from_row(row, None, "key_missing")
        return reporter_from_row(row, cipher)

    # ------------------------------------------------------------------ reporter identity
    def cipher(self, *, create: bool = False) -> IdentityCipher:
        """This database's identity cipher (store.crypto_keys; cached per unit of work)."""
        if self._cipher is None or (create and not self._cipher_created):
            self._cipher = cipher_for(self.session, create=create)
            self._cipher_created = create
        return self._cipher

    def add_reporters(self, items: Sequence[tuple[int, ReporterRecord]]) -> int:
        """THE write of reporter identity (intake, sync, anything but the demo's bulk loader,
        which seals through the same `mapping.reporter_columns`): one sealed row per
        (case_id, reporter) with identity; empty reporters are skipped. Returns rows written.
        Raises `PiiKeyError` when the database's key is missing (nothing is written in clear)."""
        items = [(cid, r) for cid, r in items if r is not None and not r.is_empty]
        if not items:
            return 0
        cols = reporter_columns(self.cipher(create=True), [c for c, _ in items],
                                [r.name for _, r in items], [r.phone for _, r in items],
                                [r.id_number for _, r in items])
        rows = [dict(zip(cols, values, strict=True)) for values in zip(*cols.values(), strict=True)]
        self.session.execute(insert(reporters_t), rows)
        return len(rows)

    def case_ids_by_phone(self, phone: str) -> tuple[int, ...]:
        """Cases whose reporter gave this phone (blind-index lookup; no plaintext compared)."""
        try:
            indexes = self.cipher().phone_indexes(phone)
        except PiiKeyError:
            return ()
        if not indexes:
            return ()
        return tuple(self.session.execute(
            select(reporters_t.c.case_id).where(reporters_t.c.phone_index.in_(indexes))
            .order_by(reporters_t.c.case_id)
        ).scalars())

    def purge_reporters(self, case_ids: Sequence[int], at: datetime) -> int:
        """Remove the identity of these cases' reporters (the rows stay, marked ``purged_at``)."""
        total = 0
        for start in range(0, len(case_ids), 5000):
            chunk = list(case_ids[start:start + 5000])
            total += self.session.execute(
                update(reporters_t)
                .where(reporters_t.c.case_id.in_(chunk), reporters_t.c.identity_ct.isnot(None))
                .values(identity_ct=None, phone_index=None, key_id=None, purged_at=at)
            ).rowcount or 0
        return total

    def duplicates_of(self, case_id: int) -> tuple[CaseStub, ...]:
        """Cases merged into this one (their parent_id points here)."""
        rows = self.session.execute(
            select(cases_t.c.id, cases_t.c.code, cases_t.c.state, cases_t.c.reported_at)
            .where(cases_t.c.parent_id == case_id).order_by(cases_t.c.id)
        )
        return tuple(CaseStub(r.id, r.code, State(r.state), r.reported_at) for r in rows)

    def changed_since(self, since_seq: int) -> tuple[int, tuple[int, ...]]:
        """(max seq seen, ids of cases written after ``since_seq``), ids in seq order.

        Safe to poll: seqs become visible in commit order (see `seq`), so passing back the
        returned max never skips a committed change. With nothing new, max is ``since_seq``.
        """
        rows = self.session.execute(
            select(cases_t.c.id, cases_t.c.updated_seq)
            .where(cases_t.c.updated_seq > since_seq).order_by(cases_t.c.updated_seq)
        ).all()
        if not rows:
            return since_seq, ()
        return max(r.updated_seq for r in rows), tuple(r.id for r in rows)

    def count(self) -> int:
        return self.session.execute(select(func.count()).select_from(cases_t)).scalar_one()
