"""Accounts and the hash-chained audit log (issue 8).

Contracts
- `users`: one row per account. ``username`` is unique (lower-case ASCII, validated by
  `services.auth`); ``role`` is a `Role` value; ``scope_kind`` is district | street | unit with
  ``scope_code`` naming the street or unit (None for the district); ``person_code`` optionally
  links the account to a person of the organisation (the actor id written into case events).
  ``password_hash`` is an argon2id PHC string, never a password. ``failed_count`` /
  ``locked_until`` implement the lockout; ``must_change_password`` is set by an admin reset.
- `audit_log`: append-only. ``seq`` numbers entries 1, 2, 3 ... in chain order (taken from the
  ``counters`` row "audit_seq" under the change-seq lock, see `services.audit`); ``prev_hash`` is
  the previous entry's ``hash`` ("0" * 64 for the first) and ``hash`` is the SHA-256 of the
  canonical JSON of the entry's fields. ``detail`` is stored as that canonical JSON text so the
  bytes that were hashed are the bytes that are kept. Triggers (migration 0004) refuse UPDATE
  and DELETE on both dialects.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Boolean, DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from commandcenter.store.models import Base, BigId


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    username: Mapped[str] = mapped_column(String(32), unique=True)
    display_name: Mapped[str] = mapped_column(String(64))
    role: Mapped[str] = mapped_column(String(24))
    scope_kind: Mapped[str] = mapped_column(String(16), default="district")
    scope_code: Mapped[str | None] = mapped_column(String(32))
    person_code: Mapped[str | None] = mapped_column(ForeignKey("people.code"))
    password_hash: Mapped[str] = mapped_column(String(255))
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=False)
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)
    failed_count: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(DateTime)
    last_sign_in: Mapped[datetime | None] = mapped_column(DateTime)
    password_changed_at: Mapped[datetime | None] = mapped_column(DateTime)
    created_at: Mapped[datetime] = mapped_column(DateTime)


class AuditEntry(Base):
    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    seq: Mapped[int] = mapped_column(BigInteger, unique=True)
    at: Mapped[datetime] = mapped_column(DateTime)
    actor: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(64))
    case_id: Mapped[int | None] = mapped_column(BigInteger)
    detail: Mapped[str] = mapped_column(Text, default="{}")
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))

    __table_args__ = (
        Index("ix_audit_log_at", "at"),
        Index("ix_audit_log_actor", "actor"),
        Index("ix_audit_log_action", "action"),
        Index("ix_audit_log_case_id", "case_id"),
    )
