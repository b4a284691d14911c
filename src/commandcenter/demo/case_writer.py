"""Writing generated cases, events and reporters into the store, fast, in one transaction.

SQLite (the workstation file): rows go straight to the driver's ``executemany`` in batches, values
already in the form SQLAlchemy stores them (datetimes as ``YYYY-MM-DD HH:MM:SS.ffffff`` text,
JSON as text, booleans as 0/1), because type processing per value would dominate the run time.
For the bulk load only, on that connection only: ``synchronous=OFF``, a large page cache,
in-memory temporary storage and ``foreign_keys=OFF``; the migration-made secondary indexes of the
three tables are dropped and re-created from their own stored SQL afterwards, inside the same
transaction, so a failure rolls everything back, indexes included. Settings are restored after.

Other dialects (PostgreSQL): SQLAlchemy Core ``insert()`` executemany with Python values.

Reporter identity is sealed before it is written (`_sealed_reporters`: AES-GCM + blind index
through `store.mapping.reporter_columns`, the same function every other writer uses), with the
database's key from `store.crypto_keys` (created here for a fresh store).

Also sets the ``change_seq`` counter to the last event's seq and the daily case-code counters
(``case_code:<prefix><yyyymmdd>``) to the number of cases numbered each day, so cases reported
later through `CaseService` continue both sequences without collisions.
"""

from __future__ import annotations

import json
import logging
import re
import sqlite3
import time
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta

import numpy as np
from sqlalchemy import Connection, insert, text

from commandcenter.demo.case_rows import Generated
from commandcenter.store import models
from commandcenter.store.crypto_keys import cipher_for
from commandcenter.store.mapping import reporter_columns

log = logging.getLogger(__name__)

BATCH = 50_000
_EPOCH = datetime(1970, 1, 1)
TABLES = ("cases", "case_events", "reporters")
# Rows arrive sorted by these keys (cases by report time, events by time and seq), so keeping
# these indexes during the load costs only appends, less than rebuilding them.
ORDERED_INDEXES = frozenset({"ix_cases_reported_at", "ix_case_events_at", "ix_case_events_seq"})
# threads: helper threads for the sorts of CREATE INDEX
_SQLITE_PRAGMAS = {
    "synchronous": "OFF",
    "cache_size": "-1048576",
    "temp_store": "MEMORY",
    "threads": "2",
}
_TIME_COLUMNS = {
    "reported_at",
    "registered_at",
    "dispatched_at",
    "handled_at",
    "closed_at",
    "due_start",
    "due_at",
    "at",
}


_SECONDS_OF_DAY = None


def _fmt_times(t: np.ndarray, sqlite: bool) -> list:
    """Epoch seconds -> stored datetimes (-1 -> NULL).

    SQLite gets SQLAlchemy's text form ``YYYY-MM-DD HH:MM:SS.ffffff``, assembled from a table of
    day strings and one of the 86,400 times of day (much faster than formatting each instant).
    """
    global _SECONDS_OF_DAY
    t = np.asarray(t, dtype=np.int64)
    missing = t < 0
    if not sqlite:
        out = [
            None if m else _EPOCH + timedelta(seconds=v)
            for v, m in zip(t.tolist(), missing.tolist())
        ]
        return out
    if _SECONDS_OF_DAY is None:
        _SECONDS_OF_DAY = [
            f"{h:02d}:{m:02d}:{x:02d}.000000"
            for h in range(24)
            for m in range(60)
            for x in range(60)
        ]
    if not t.size:
        return []
    tt = np.where(missing, t.max(), t)
    day = tt // 86_400
    first = int(day.min())
    days = np.datetime_as_string(np.arange(first, int(day.max()) + 1).astype("datetime64[D]"))
    prefix = [d + " " for d in days.tolist()]
    sod = _SECONDS_OF_DAY
    out = [prefix[d] + sod[x] for d, x in zip((day - first).tolist(), (tt % 86_400).tolist())]
    if missing.any():
        for i in np.flatnonzero(missing).tolist():
            out[i] = None
    return out


def _column(name: str, value, n: int, sqlite: bool) -> list:
    if isinstance(value, (str, bool, int, float)) or value is None:
        v = int(value) if (sqlite and isinstance(value, bool)) else value
        return [v] * n
    if name in _TIME_COLUMNS:
        return _fmt_times(value, sqlite)
    arr = value
    if isinstance(arr, np.ndarray):
        if arr.dtype == bool:
            return arr.astype(np.int64).tolist() if sqlite else arr.tolist()
        if arr.dtype.kind in "iu" and name == "parent_id":
            return [None if v < 0 else v for v in arr.tolist()]
        return arr.tolist()
    return list(arr)


def _json_column(values: list, sqlite: bool) -> list:
    if sqlite:
        return values
    return [None if v is None else json.loads(v) for v in values]


def _rows(
    columns: dict, names: list[str], n: int, sqlite: bool, json_cols: set[str]
) -> Iterator[list[tuple]]:
    for start in range(0, n, BATCH):
        stop = min(n, start + BATCH)
        cols = []
        for name in names:
            value = columns[name]
            if isinstance(value, (np.ndarray, list)):
                value = value[start:stop]
            col = _column(name, value, stop - start, sqlite)
            if name in json_cols:
                col = _json_column(col, sqlite)
            cols.append(col)
        yield list(zip(*cols))


def _json_names(table: str) -> set[str]:
    from sqlalchemy import JSON

    return {c.name for c in models.Base.metadata.tables[table].columns if isinstance(c.type, JSON)}


def write(
    conn: Connection,
    gen: Generated,
    code_prefix: str = "QH",
    progress: Callable[[int, int, str], None] | None = None,
) -> dict[str, float]:
    """Insert everything in the caller's transaction (see the module docstring); returns the
    seconds spent per table and on the indexes."""
    timings: dict[str, float] = {}
    clock = time.perf_counter()
    sqlite = conn.dialect.name == "sqlite"
    n_events = len(gen.events["seq"])
    reporters = _sealed_reporters(conn, gen.reporters)
    timings["seal_reporters"] = time.perf_counter() - clock
    clock = time.perf_counter()
    plans = [
        ("cases", {**gen.cases, "id": np.arange(1, gen.n + 1)}, gen.n),
        ("case_events", {**gen.events, "id": np.arange(1, n_events + 1)}, n_events),
        ("reporters", reporters, len(reporters.get("case_id", []))),
    ]
    total = gen.n + n_events
    done = 0
    saved = _drop_indexes(conn) if sqlite else []
    for table, columns, n in plans:
        names = [c.name for c in models.Base.metadata.tables[table].columns if c.name in columns]
        batches = _rows(columns, names, n, sqlite, _json_names(table))
        sql = f"INSERT INTO {table} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})"
        for rows in batches:
            if sqlite:
                conn.connection.dbapi_connection.cursor().executemany(sql, rows)
            else:
                conn.execute(
                    insert(models.Base.metadata.tables[table]), [dict(zip(names, r)) for r in rows]
                )
            if table != "reporters":
                done += len(rows)
                if progress:
                    progress(done, total, f"writing {table}")
        timings[f"write_{table}"] = time.perf_counter() - clock
        clock = time.perf_counter()
    if progress:
        progress(total, total, "indexing")
    for sql in saved:
        conn.exec_driver_sql(sql)
        name = re.search(r'INDEX\s+(?:IF NOT EXISTS\s+)?"?(\w+)', sql, re.I)
        timings[f"index_{name.group(1) if name else len(timings)}"] = time.perf_counter() - clock
        clock = time.perf_counter()
    _set_counters(conn, gen, code_prefix)
    if not sqlite:
        _advance_sequences(conn)
    return timings


def _sealed_reporters(conn: Connection, plain: dict) -> dict:
    """The generated identities as stored ``reporters`` columns: sealed with this database's key
    through the store's one sealing function (`mapping.reporter_columns`), never in clear."""
    case_ids = list(plain.get("case_id", []))
    if not case_ids:
        return {"case_id": []}
    cipher = cipher_for(conn, create=True)
    return reporter_columns(cipher, case_ids, plain["name"], plain["phone"], plain["id_number"])


def _advance_sequences(conn: Connection) -> None:
    """PostgreSQL: ids were written explicitly, so move the id sequences past them (else the
    next case reported through the services collides with demo case 1)."""
    for table in ("cases", "case_events"):
        conn.exec_driver_sql(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
            f"(SELECT COALESCE(MAX(id), 0) + 1 FROM {table}), false)"
        )


def _drop_indexes(conn: Connection) -> list[str]:
    """Drop the secondary indexes of the bulk-loaded tables, except those the load appends to
    in order; returns the dropped ones' CREATE statements."""
    saved = []
    for table in TABLES:
        rows = conn.exec_driver_sql(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? "
            "AND sql IS NOT NULL",
            (table,),
        ).all()
        for name, sql in rows:
            if name in ORDERED_INDEXES:
                continue
            conn.exec_driver_sql(f'DROP INDEX "{name}"')
            saved.append(sql)
    return saved


def _set_counters(conn: Connection, gen: Generated, prefix: str) -> None:
    upsert = text(
        "INSERT INTO counters (name, value) VALUES (:name, :value) "
        "ON CONFLICT (name) DO UPDATE SET value = excluded.value"
    )
    conn.execute(upsert, {"name": "change_seq", "value": gen.max_seq})
    conn.execute(
        upsert,
        [
            {"name": f"case_code:{prefix}{day}", "value": k}
            for day, k in sorted(gen.day_codes.items())
        ],
    )


class SqliteBulkSettings:
    """Context manager: bulk-load PRAGMAs on one raw SQLite connection, restored on exit.

    Must be entered before the connection begins its transaction (``foreign_keys`` is a no-op
    inside one).
    """

    def __init__(self, conn: Connection) -> None:
        self.raw = conn.connection.dbapi_connection
        self.saved: dict[str, str] = {}

    def __enter__(self) -> SqliteBulkSettings:
        for name, value in {**_SQLITE_PRAGMAS, "foreign_keys": "OFF"}.items():
            self.saved[name] = self.raw.execute(f"PRAGMA {name}").fetchone()[0]
            self.raw.execute(f"PRAGMA {name}={value}")
        # Out of WAL for the load: the pages are written once, not to the WAL and then again by
        # the checkpoint. SQLite refuses (and stays in WAL) while another connection is open.
        self.journal = self.raw.execute("PRAGMA journal_mode").fetchone()[0]
        if self.journal.lower() == "wal":
            timeout = self.raw.execute("PRAGMA busy_timeout").fetchone()[0]
            self.raw.execute("PRAGMA busy_timeout=0")  # fail at once rather than wait
            try:
                self.raw.execute("PRAGMA journal_mode=MEMORY")
            except sqlite3.OperationalError:
                pass  # another connection has the file open: load through the WAL
            finally:
                self.raw.execute(f"PRAGMA busy_timeout={timeout}")
        return self

    def __exit__(self, *exc: object) -> None:
        current = self.raw.execute("PRAGMA journal_mode").fetchone()[0]
        if current.lower() != self.journal.lower():
            try:
                self.raw.execute(f"PRAGMA journal_mode={self.journal}")
            except sqlite3.OperationalError as error:
                # Every new connection of the store switches WAL on again (store.dialect).
                log.warning("could not switch the journal back to %s: %s", self.journal, error)
        for name, value in self.saved.items():
            self.raw.execute(f"PRAGMA {name}={value}")
