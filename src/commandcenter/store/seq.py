"""Counters: the change sequence and the daily case-code sequences.

``change_seq`` orders every write to cases. A writer takes the next value with
``UPDATE counters SET value = value + 1 WHERE name = 'change_seq' RETURNING value`` inside its
own transaction. On PostgreSQL that UPDATE row-locks the counter until commit, so a second
writer waits and gets a larger value only after the first committed: sequence numbers become
visible in commit order, and a reader that saw seq N has seen every change numbered below N.
On SQLite a write unit of work holds the write lock from its start (see `dialect`), which
already serialises writers.

The change seq is the first row lock every writer takes (before any case row or other counter):
with one lock that everybody takes first, writers can never deadlock one another. Take it after
the work that needs no lock (reading, applying the lifecycle), since it serialises writers
until commit.
"""

from __future__ import annotations

from sqlalchemy import Connection, text
from sqlalchemy.orm import Session

CHANGE_SEQ = "change_seq"

_BUMP = text("UPDATE counters SET value = value + 1 WHERE name = :name RETURNING value")
# Portable upsert: INSERT ... ON CONFLICT DO NOTHING exists in SQLite >= 3.24 and PostgreSQL.
_ENSURE = text("INSERT INTO counters (name, value) VALUES (:name, 0) ON CONFLICT (name) DO NOTHING")


class MissingCounterError(RuntimeError):
    """The counters row is missing: the database was not created by our migrations."""


def next_value(conn: Session | Connection, name: str, *, create: bool = False) -> int:
    """Increment counter ``name`` in the current transaction and return its new value."""
    if create:
        conn.execute(_ENSURE, {"name": name})
    value = conn.execute(_BUMP, {"name": name}).scalar_one_or_none()
    if value is None:
        raise MissingCounterError(f"counters row {name!r} is missing; is the schema migrated?")
    return int(value)


def next_change_seq(conn: Session | Connection) -> int:
    return next_value(conn, CHANGE_SEQ)


def current_value(conn: Session | Connection, name: str = CHANGE_SEQ) -> int:
    """The counter's committed value as this transaction sees it (0 when the row is missing)."""
    value = conn.execute(
        text("SELECT value FROM counters WHERE name = :name"), {"name": name}
    ).scalar_one_or_none()
    return int(value or 0)


def next_case_code(conn: Session | Connection, prefix: str, day_key: str) -> str:
    """``<prefix><yyyymmdd><6-digit sequence of that day>``, e.g. ``QH20191217000042``."""
    n = next_value(conn, f"case_code:{prefix}{day_key}", create=True)
    return f"{prefix}{day_key}{n:06d}"
