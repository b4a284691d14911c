"""SQLAlchemy 2.x models: the organisation, the catalogue mirror, cases, events, reporters.

Contracts
- `cases` holds the lifecycle snapshot (see domain.case.CaseSnapshot) in plain columns plus JSON
  for the chains and clocks; `due_at`/`due_start`/`clock_paused` denormalise the current clock so
  the board can compute aging over a million rows with column operations.
- `cases.version` is the optimistic lock: every write is `UPDATE ... WHERE id=? AND version=?`
  and bumps it (bulk writes included); a stale write is a conflict, never an overwrite.
- `cases.updated_seq` and `case_events.seq` take values from the `counters` row "change_seq",
  incremented inside the writing transaction (a row lock), so sequence numbers become visible in
  commit order and "what changed since N" never misses a committed change.
- `case_events` rows are never updated or deleted (enforced by the repository; on PostgreSQL
  also by a trigger installed by the migration).
- Reporter identity lives in `reporters`, apart from case content.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    SmallInteger,
    String,
    Text,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# BigInteger ids that are still INTEGER PRIMARY KEY (rowid aliases) on SQLite.
BigId = BigInteger().with_variant(Integer(), "sqlite")


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {dict[str, Any]: JSON, list[Any]: JSON}


# ---------------------------------------------------------------------- organisation
class Street(Base):
    __tablename__ = "streets"
    code: Mapped[str] = mapped_column(String(12), primary_key=True)
    name: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(16), default="street")  # street | zone
    area_km2: Mapped[float | None] = mapped_column(Float)


class Community(Base):
    __tablename__ = "communities"
    code: Mapped[str] = mapped_column(String(15), primary_key=True)
    name: Mapped[str] = mapped_column(String(64))
    street_code: Mapped[str] = mapped_column(ForeignKey("streets.code"), index=True)
    area_km2: Mapped[float | None] = mapped_column(Float)


class Grid(Base):
    __tablename__ = "grids"
    code: Mapped[str] = mapped_column(String(20), primary_key=True)
    name: Mapped[str] = mapped_column(String(96))
    layer: Mapped[str] = mapped_column(String(16))  # comprehensive | dedicated
    site_kind: Mapped[str | None] = mapped_column(String(24))
    community_code: Mapped[str] = mapped_column(ForeignKey("communities.code"), index=True)
    street_code: Mapped[str] = mapped_column(ForeignKey("streets.code"), index=True)
    area_class: Mapped[str] = mapped_column(String(1), default="B")
    area_km2: Mapped[float | None] = mapped_column(Float)
    centroid_lon: Mapped[float | None] = mapped_column(Float)
    centroid_lat: Mapped[float | None] = mapped_column(Float)
    valid_from: Mapped[date] = mapped_column(Date)
    valid_to: Mapped[date | None] = mapped_column(Date)


class Unit(Base):
    __tablename__ = "units"
    code: Mapped[str] = mapped_column(String(32), primary_key=True)
    name: Mapped[str] = mapped_column(String(96))
    kind: Mapped[str] = mapped_column(String(24), index=True)
    street_code: Mapped[str | None] = mapped_column(ForeignKey("streets.code"), index=True)
    parent_code: Mapped[str | None] = mapped_column(String(32))
    team: Mapped[str | None] = mapped_column(String(24))  # routing key of a street team


class Person(Base):
    """A member of a unit (operator, leader, handler) or a grid worker."""

    __tablename__ = "people"
    code: Mapped[str] = mapped_column(String(32), primary_key=True)
    name: Mapped[str] = mapped_column(String(64))
    role: Mapped[str] = mapped_column(String(24), index=True)
    unit_code: Mapped[str | None] = mapped_column(ForeignKey("units.code"), index=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class GridAssignment(Base):
    __tablename__ = "grid_assignments"
    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    grid_code: Mapped[str] = mapped_column(ForeignKey("grids.code"), index=True)
    person_code: Mapped[str] = mapped_column(ForeignKey("people.code"), index=True)
    is_leader: Mapped[bool] = mapped_column(Boolean, default=False)
    valid_from: Mapped[date] = mapped_column(Date)
    valid_to: Mapped[date | None] = mapped_column(Date)


class Category(Base):
    """Mirror of the shipped catalogue's minor classes (names for joins and reports)."""

    __tablename__ = "categories"
    code: Mapped[str] = mapped_column(String(12), primary_key=True)
    major_code: Mapped[str] = mapped_column(String(4), index=True)
    major_name: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(96))
    kind: Mapped[str] = mapped_column(String(16))  # event | component


# ---------------------------------------------------------------------- cases
class Case(Base):
    __tablename__ = "cases"
    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    source: Mapped[str] = mapped_column(String(32), default="local")
    external_id: Mapped[str | None] = mapped_column(String(64))
    channel: Mapped[str] = mapped_column(String(24))
    # descriptive content
    title: Mapped[str] = mapped_column(String(200), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    address: Mapped[str] = mapped_column(String(200), default="")
    lon: Mapped[float | None] = mapped_column(Float)
    lat: Mapped[float | None] = mapped_column(Float)
    street_code: Mapped[str | None] = mapped_column(ForeignKey("streets.code"))
    community_code: Mapped[str | None] = mapped_column(ForeignKey("communities.code"))
    grid_code: Mapped[str | None] = mapped_column(ForeignKey("grids.code"))
    outside_district: Mapped[bool] = mapped_column(Boolean, default=False)
    priority: Mapped[int] = mapped_column(SmallInteger, default=0)  # 0 normal, 1 urgent
    duplicates_count: Mapped[int] = mapped_column(Integer, default=0)
    # lifecycle snapshot
    state: Mapped[str] = mapped_column(String(24))
    owner_centre: Mapped[str] = mapped_column(String(32))
    level: Mapped[str] = mapped_column(String(16), default="district")
    lead_unit: Mapped[str | None] = mapped_column(String(32))
    lead_is_centre: Mapped[bool] = mapped_column(Boolean, default=False)
    co_handlers: Mapped[list[Any]] = mapped_column(JSON, default=list)
    lead_chain: Mapped[list[Any]] = mapped_column(JSON, default=list)
    centre_chain: Mapped[list[Any]] = mapped_column(JSON, default=list)
    hung_from: Mapped[str | None] = mapped_column(String(24))
    hang_requested: Mapped[bool] = mapped_column(Boolean, default=False)
    extension_requested: Mapped[str | None] = mapped_column(String(32))
    return_to_judge: Mapped[bool] = mapped_column(Boolean, default=False)
    whistle: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"))
    minor_code: Mapped[str | None] = mapped_column(String(12))
    condition_id: Mapped[str | None] = mapped_column(String(24))
    area_class: Mapped[str | None] = mapped_column(String(1))
    emergency: Mapped[bool] = mapped_column(Boolean, default=False)
    handle_limit: Mapped[str | None] = mapped_column(String(32))
    supervision_level: Mapped[int] = mapped_column(SmallInteger, default=0)
    rework_count: Mapped[int] = mapped_column(SmallInteger, default=0)
    return_count: Mapped[int] = mapped_column(SmallInteger, default=0)
    redo_count: Mapped[int] = mapped_column(SmallInteger, default=0)
    reopen_count: Mapped[int] = mapped_column(SmallInteger, default=0)
    callback_attempts: Mapped[int] = mapped_column(SmallInteger, default=0)
    forced: Mapped[bool] = mapped_column(Boolean, default=False)
    reported_at: Mapped[datetime] = mapped_column(DateTime)
    registered_at: Mapped[datetime | None] = mapped_column(DateTime)
    dispatched_at: Mapped[datetime | None] = mapped_column(DateTime)
    handled_at: Mapped[datetime | None] = mapped_column(DateTime)
    closed_at: Mapped[datetime | None] = mapped_column(DateTime)
    stage_clock: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    handle_clock: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    # the current clock, denormalised for column-wise aging on the board
    due_start: Mapped[datetime | None] = mapped_column(DateTime)
    due_at: Mapped[datetime | None] = mapped_column(DateTime)
    clock_paused: Mapped[bool] = mapped_column(Boolean, default=False)
    # concurrency and change feed
    version: Mapped[int] = mapped_column(Integer, default=1)
    updated_seq: Mapped[int] = mapped_column(BigInteger, default=0)

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        Index("ix_cases_state_street", "state", "street_code"),
        Index("ix_cases_updated_seq", "updated_seq"),
        Index("ix_cases_reported_at", "reported_at"),
        Index("ix_cases_grid_code", "grid_code"),
        Index("ix_cases_lead_unit", "lead_unit"),
        # (source, external_id) is unique: for cases entered here (source 'local') by this
        # partial index; for imported cases by sync_rows' primary key, the importer being
        # their only writer. A full index repeated that one and, as district ids come in any
        # order, cost each import a random insert per case (~8 s a million, issue 6).
        Index("ix_cases_source_external", "source", "external_id", unique=True,
              sqlite_where=text("source = 'local'"), postgresql_where=text("source = 'local'")),
    )


class Reporter(Base):
    """Reporter identity, apart from case content and sealed (store.crypto; issue 8).

    ``identity_ct`` is ONE AES-GCM ciphertext of name, phone and ID number under data key
    ``key_id`` (kept outside the database, store.crypto_keys); ``phone_index`` is the keyed HMAC
    blind index of the phone (equality search without plaintext). No plaintext column exists.
    A purged identity (retention) keeps the row with ``identity_ct`` NULL and ``purged_at`` set.
    """

    __tablename__ = "reporters"
    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    identity_ct: Mapped[bytes | None] = mapped_column(LargeBinary)
    key_id: Mapped[str | None] = mapped_column(String(16))
    phone_index: Mapped[str | None] = mapped_column(String(32), index=True)
    purged_at: Mapped[datetime | None] = mapped_column(DateTime)


class CaseEvent(Base):
    """An immutable history row: who, role, unit, when, from, to, why, payload."""

    __tablename__ = "case_events"
    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"))
    seq: Mapped[int] = mapped_column(BigInteger)
    action: Mapped[str] = mapped_column(String(32))
    from_state: Mapped[str | None] = mapped_column(String(24))
    to_state: Mapped[str] = mapped_column(String(24))
    actor_id: Mapped[str] = mapped_column(String(32))
    role: Mapped[str] = mapped_column(String(24))
    unit_code: Mapped[str | None] = mapped_column(String(32))
    at: Mapped[datetime] = mapped_column(DateTime)
    reason: Mapped[str] = mapped_column(Text, default="")
    payload: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    __table_args__ = (
        Index("ix_case_events_case_id", "case_id", "id"),
        Index("ix_case_events_at", "at"),
        Index("ix_case_events_seq", "seq"),
    )


class Counter(Base):
    """Named monotonic counters; "change_seq" orders every write to cases."""

    __tablename__ = "counters"
    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    value: Mapped[int] = mapped_column(BigInteger, default=0)


class Setting(Base):
    """Database-wide settings shared by all workstations (e.g. the demo seed, the centre code)."""

    __tablename__ = "settings"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class Alert(Base):
    """An early-warning alert (预警): raised by the analytics, acknowledged by a person.

    `kind` is deadline | surge | repeat | data_quality; `object_type`/`object_key` name what it is
    about (a grid × minor class, an address, a unit ...). Acknowledging records who, when and why;
    alerts are never deleted, and `dedup_key` stops the same alert being raised twice.
    """

    __tablename__ = "alerts"
    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(String(24), index=True)
    dedup_key: Mapped[str] = mapped_column(String(200), unique=True)
    object_type: Mapped[str] = mapped_column(String(24))
    object_key: Mapped[str] = mapped_column(String(120))
    minor_code: Mapped[str | None] = mapped_column(String(12))
    street_code: Mapped[str | None] = mapped_column(String(12), index=True)
    grid_code: Mapped[str | None] = mapped_column(String(20), index=True)
    raised_at: Mapped[datetime] = mapped_column(DateTime, index=True)
    window_start: Mapped[datetime | None] = mapped_column(DateTime)
    window_end: Mapped[datetime | None] = mapped_column(DateTime)
    observed: Mapped[float | None] = mapped_column(Float)
    expected: Mapped[float | None] = mapped_column(Float)
    threshold: Mapped[float | None] = mapped_column(Float)
    severity: Mapped[int] = mapped_column(SmallInteger, default=1)
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    status: Mapped[str] = mapped_column(String(16), default="open", index=True)
    ack_by: Mapped[str | None] = mapped_column(String(32))
    ack_at: Mapped[datetime | None] = mapped_column(DateTime)
    ack_note: Mapped[str | None] = mapped_column(Text)


from commandcenter.store import models_security, models_sync  # noqa: E402,F401
