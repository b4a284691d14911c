"""Tables of district sync (issue 6): applied files, runs, per-row sync state, review queues.

Contracts
- `sync_files.sha256` is unique: a file is applied at most once. Its row is written in the same
  transaction as the cases it imports, so "recorded" and "applied" can never disagree.
- `sync_rows` holds, per (source, external id), the case it maps to, a hash of the last mapped
  row and the last values the district sent (``base``): an unchanged row is skipped by hash, and a
  field is a conflict when the district changed it AND the centre's value differs from ``base``.
- `sync_quarantine`, `sync_conflicts` and `sync_duplicates` are review queues; rows are resolved
  (status), never deleted by the application.
- `sync_batches` records the progress of a file imported in committed batches (one row per
  SHA-256): ``rows_done`` of ``rows_total`` rows to write are committed, with the counts so far.
  Each batch updates it in the batch's own transaction, so the record and the data agree after
  any crash; the last transaction sets ``status`` "done" together with the `sync_files` row.
- `sync_reference_changes` is the history of reference-data imports (units, people): one row
  per added / changed / retired / reactivated record with its values before and after.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, DateTime, Float, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from commandcenter.store.models import Base, BigId


class SyncFile(Base):
    __tablename__ = "sync_files"
    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(255))
    source: Mapped[str] = mapped_column(String(32))
    profile: Mapped[str] = mapped_column(String(64))
    applied_at: Mapped[datetime] = mapped_column(DateTime)
    counts: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class SyncRun(Base):
    __tablename__ = "sync_runs"
    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(String(16))  # manual | periodic | arrival | cli | export
    started_at: Mapped[datetime] = mapped_column(DateTime, index=True)
    duration_s: Mapped[float] = mapped_column(Float, default=0.0)
    status: Mapped[str] = mapped_column(String(16))  # ok | partial | failed
    files: Mapped[list[Any]] = mapped_column(JSON, default=list)
    counts: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    message: Mapped[str] = mapped_column(Text, default="")


class SyncRow(Base):
    __tablename__ = "sync_rows"
    source: Mapped[str] = mapped_column(String(32), primary_key=True)
    external_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    row_hash: Mapped[int] = mapped_column(BigInteger)
    base: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class SyncQuarantine(Base):
    __tablename__ = "sync_quarantine"
    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    file_sha256: Mapped[str] = mapped_column(String(64), index=True)
    file_name: Mapped[str] = mapped_column(String(255))
    row_number: Mapped[int] = mapped_column(Integer)
    column: Mapped[str] = mapped_column(String(64))
    reason: Mapped[str] = mapped_column(String(64))
    detail: Mapped[str] = mapped_column(Text, default="")
    raw: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(DateTime)


class SyncConflict(Base):
    __tablename__ = "sync_conflicts"
    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    field: Mapped[str] = mapped_column(String(32))
    ours: Mapped[str | None] = mapped_column(Text)
    theirs: Mapped[str | None] = mapped_column(Text)
    base: Mapped[str | None] = mapped_column(Text)
    file_sha256: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16), default="open", index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    resolved_by: Mapped[str | None] = mapped_column(String(32))
    resolved_at: Mapped[datetime | None] = mapped_column(DateTime)


class SyncDuplicate(Base):
    __tablename__ = "sync_duplicates"
    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    candidate_id: Mapped[int] = mapped_column(ForeignKey("cases.id"))
    distance_m: Mapped[float] = mapped_column(Float)
    text_score: Mapped[float] = mapped_column(Float)
    status: Mapped[str] = mapped_column(String(16), default="open", index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime)

    __table_args__ = (Index("ix_sync_duplicates_pair", "case_id", "candidate_id", unique=True),)


class SyncBatch(Base):
    __tablename__ = "sync_batches"
    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(255))
    source: Mapped[str] = mapped_column(String(32))
    profile: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16), default="running")  # running | done
    rows_total: Mapped[int] = mapped_column(Integer)
    rows_done: Mapped[int] = mapped_column(Integer, default=0)
    batches: Mapped[int] = mapped_column(Integer, default=0)
    first_case_id: Mapped[int | None] = mapped_column(BigInteger)  # the file's first new case
    counts: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    started_at: Mapped[datetime] = mapped_column(DateTime)
    updated_at: Mapped[datetime] = mapped_column(DateTime)


class SyncReferenceChange(Base):
    __tablename__ = "sync_reference_changes"
    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    file_sha256: Mapped[str] = mapped_column(String(64), index=True)
    file_name: Mapped[str] = mapped_column(String(255))
    applied_at: Mapped[datetime] = mapped_column(DateTime)
    kind: Mapped[str] = mapped_column(String(16))  # unit | person
    code: Mapped[str] = mapped_column(String(32))
    action: Mapped[str] = mapped_column(String(16))  # added | changed | retired | reactivated
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON)

    __table_args__ = (Index("ix_sync_reference_changes_kind_code", "kind", "code"),)


class SyncExport(Base):
    __tablename__ = "sync_exports"
    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(DateTime)
    max_seq: Mapped[int] = mapped_column(BigInteger)
    cases: Mapped[int] = mapped_column(Integer)
    events: Mapped[int] = mapped_column(Integer)
    files: Mapped[list[Any]] = mapped_column(JSON, default=list)
