"""Everything that depends on the database dialect, in one place.

SQLite (a workstation's own file) and PostgreSQL (a shared server) run the same schema and the
same statements; only connection set-up, transaction start, locking for migrations and the size
query differ, and those differences live here and nowhere else.

SQLite contract (see `configure_sqlite`):

- every connection runs with ``journal_mode=WAL``, ``synchronous=FULL`` (user data: a power cut
  must not lose a committed case), ``foreign_keys=ON`` and ``busy_timeout`` 10 s;
- pysqlite's own transaction handling is switched off (``isolation_level = None``) and the
  engine's ``begin`` event emits ``BEGIN`` itself, as SQLAlchemy documents for the pysqlite
  driver: reads are then really inside a transaction (a stable snapshot) and DDL is
  transactional (a failed migration leaves nothing behind);
- a connection that carries the execution option ``WRITE_OPTION`` begins with
  ``BEGIN IMMEDIATE``: it takes the write lock up front (waiting up to the busy timeout), so a
  write unit of work never fails half-way with "database is locked" when it upgrades a read lock.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, event, text
from sqlalchemy.engine import make_url

# Execution option naming a write transaction; other dialects ignore unknown options.
WRITE_OPTION = "commandcenter_write"
BUSY_TIMEOUT_MS = 10_000
# Key of the transaction-scoped advisory lock that serialises migrations on PostgreSQL.
_PG_MIGRATION_LOCK = 0x63635F6D6967  # "cc_mig"


def is_sqlite(url_or_name: str) -> bool:
    """True for a SQLite URL or dialect name ("sqlite", "sqlite:///x.db", "sqlite+pysqlite://")."""
    return url_or_name.split(":", 1)[0].split("+", 1)[0] == "sqlite"


def sqlite_url_for(path: str | Path) -> str:
    """The SQLAlchemy URL of a SQLite file (absolute, so the working directory never matters)."""
    return f"sqlite:///{Path(path).expanduser().resolve()}"


def sqlite_engine_kwargs(url: str) -> dict[str, Any]:
    """Extra `create_engine` arguments for a SQLite URL; creates the file's folder if missing."""
    database = make_url(url).database
    if database and database != ":memory:" and not database.startswith("file:"):
        Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
    # pysqlite's own timeout also waits on locks; keep it equal to the PRAGMA below.
    return {"connect_args": {"timeout": BUSY_TIMEOUT_MS / 1000, "check_same_thread": False}}


def configure_sqlite(engine: Engine) -> None:
    """Install the connect and begin hooks described in the module docstring."""

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
        # Let SQLAlchemy (the begin hook below) emit BEGIN instead of pysqlite.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=FULL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        write = conn.get_execution_options().get(WRITE_OPTION, False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


def lock_for_migration(conn: Connection) -> None:
    """Serialise concurrent migrations (two workstations starting at once).

    On PostgreSQL a transaction-scoped advisory lock; on SQLite the write transaction that the
    migration runs in (``BEGIN IMMEDIATE``) already excludes every other writer.
    """
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_MIGRATION_LOCK})


def database_size_bytes(conn: Connection) -> int:
    """Size of the database: pages in use on SQLite (WAL not included), else pg_database_size."""
    if conn.dialect.name == "sqlite":
        pages = conn.exec_driver_sql("PRAGMA page_count").scalar_one()
        page_size = conn.exec_driver_sql("PRAGMA page_size").scalar_one()
        return int(pages) * int(page_size)
    if conn.dialect.name == "postgresql":
        return int(conn.execute(text("SELECT pg_database_size(current_database())")).scalar_one())
    raise NotImplementedError(f"no size query for dialect {conn.dialect.name}")


def sqlite_pragmas(conn: Connection) -> dict[str, Any]:
    """The connection settings that matter, for diagnostics and tests (SQLite only)."""
    names = ("journal_mode", "synchronous", "foreign_keys", "busy_timeout")
    return {n: conn.exec_driver_sql(f"PRAGMA {n}").scalar_one() for n in names}
