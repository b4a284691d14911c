"""Engine set-up: SQLite pragmas and transaction control, URL handling, dialect isolation."""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import text

from commandcenter.store import dialect
from commandcenter.store.engine import (
    make_engine,
    make_session_factory,
    normalise_url,
    sqlite_url_for,
)
from commandcenter.store.uow import UnitOfWork

STORE_DIR = Path(dialect.__file__).parent


@pytest.fixture
def sqlite_path(tmp_path):
    return tmp_path / "sub" / "cc.sqlite3"


@pytest.fixture
def sqlite_engine(sqlite_path):
    engine = make_engine(sqlite_url_for(sqlite_path))
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE t (x INTEGER)"))
    yield engine
    engine.dispose()


def _raw(path, timeout=0.05):
    """A plain sqlite3 connection in autocommit mode that gives up on locks quickly."""
    return sqlite3.connect(path, timeout=timeout, isolation_level=None)


def test_every_sqlite_connection_gets_the_pragmas(sqlite_engine):
    conns = [sqlite_engine.connect() for _ in range(3)]  # distinct pooled connections
    try:
        for conn in conns:
            # pysqlite's own transaction handling is off: the begin hook emits BEGIN instead
            assert conn.connection.dbapi_connection.isolation_level is None
            assert dialect.sqlite_pragmas(conn) == {
                "journal_mode": "wal", "synchronous": 2, "foreign_keys": 1, "busy_timeout": 10_000,
            }
    finally:
        for conn in conns:
            conn.close()


def test_sqlite_url_is_absolute_and_the_folder_is_created(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    url = sqlite_url_for("rel/db.sqlite3")
    assert url == f"sqlite:///{tmp_path}/rel/db.sqlite3"
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        assert (tmp_path / "rel" / "db.sqlite3").exists()
    finally:
        engine.dispose()


def test_write_unit_takes_the_write_lock_on_entry(sqlite_engine, sqlite_path):
    """BEGIN IMMEDIATE: the lock is held before the unit has written anything."""
    factory = make_session_factory(sqlite_engine)
    other = _raw(sqlite_path)
    try:
        with UnitOfWork(factory, write=True), pytest.raises(sqlite3.OperationalError, match="locked"):
            other.execute("BEGIN IMMEDIATE")
        other.execute("BEGIN IMMEDIATE")  # released at the end of the unit
        other.execute("ROLLBACK")
    finally:
        other.close()


def test_read_unit_does_not_block_writers(sqlite_engine, sqlite_path):
    factory = make_session_factory(sqlite_engine)
    other = _raw(sqlite_path)
    try:
        with UnitOfWork(factory) as uow:
            uow.session.execute(text("SELECT count(*) FROM t")).scalar_one()
            other.execute("BEGIN IMMEDIATE")
            other.execute("INSERT INTO t VALUES (1)")
            other.execute("COMMIT")
    finally:
        other.close()


def test_read_unit_sees_a_stable_snapshot(sqlite_engine, sqlite_path):
    """Our own BEGIN makes SELECTs transactional (pysqlite alone would not start a transaction)."""
    factory = make_session_factory(sqlite_engine)
    other = _raw(sqlite_path)
    try:
        with UnitOfWork(factory) as uow:
            before = uow.session.execute(text("SELECT count(*) FROM t")).scalar_one()
            other.execute("INSERT INTO t VALUES (1)")
            again = uow.session.execute(text("SELECT count(*) FROM t")).scalar_one()
            assert again == before
        with UnitOfWork(factory) as uow:
            assert uow.session.execute(text("SELECT count(*) FROM t")).scalar_one() == before + 1
    finally:
        other.close()


def test_ddl_is_transactional_on_sqlite(sqlite_engine):
    with pytest.raises(RuntimeError), sqlite_engine.begin() as conn:
        conn.execute(text("CREATE TABLE u (y INTEGER)"))
        raise RuntimeError("undo")
    with sqlite_engine.connect() as conn:
        names = conn.execute(text("SELECT name FROM sqlite_master WHERE type = 'table'")).scalars().all()
    assert "u" not in names


def test_unit_of_work_rolls_back_on_error_and_commits_otherwise(sqlite_engine):
    factory = make_session_factory(sqlite_engine)
    with pytest.raises(ZeroDivisionError), UnitOfWork(factory, write=True) as uow:
        uow.session.execute(text("INSERT INTO t VALUES (7)"))
        1 / 0  # noqa: B018
    with UnitOfWork(factory, write=True) as uow:
        uow.session.execute(text("INSERT INTO t VALUES (8)"))
    with UnitOfWork(factory) as uow:
        assert uow.session.execute(text("SELECT x FROM t")).scalars().all() == [8]


def test_unit_of_work_is_not_reentrant(sqlite_engine):
    uow = UnitOfWork(make_session_factory(sqlite_engine))
    with uow, pytest.raises(RuntimeError, match="re-entrant"), uow:
        pass


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("postgresql://u@h:5432/db", "postgresql+psycopg://u@h:5432/db"),
        ("postgresql+psycopg://u:pw@h/db", "postgresql+psycopg://u:pw@h/db"),
        ("sqlite:////tmp/x.db", "sqlite:////tmp/x.db"),
    ],
)
def test_normalise_url(url, expected):
    assert normalise_url(url) == expected


@pytest.mark.parametrize("url", ["postgresql+psycopg2://u@h/db", "mysql://u@h/db"])
def test_unsupported_urls_are_refused(url):
    with pytest.raises(ValueError):
        normalise_url(url)


def test_sqlite_specific_code_lives_in_the_dialect_module():
    markers = ("PRAGMA", "import sqlite3", "BEGIN IMMEDIATE", "isolation_level = None")
    offenders = [
        f"{path.name}: {m}"
        for path in sorted(STORE_DIR.glob("*.py"))
        if path.name != "dialect.py"
        for m in markers
        if m in path.read_text(encoding="utf-8")
    ]
    assert offenders == []


def _rollback_file_under_write_lock(path):
    """A new rollback-journal file (not yet WAL) whose write lock a plain connection holds, as
    when another workstation is creating the same file: returns that connection."""
    path.parent.mkdir(parents=True, exist_ok=True)
    holder = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    holder.execute("CREATE TABLE t (x INTEGER)")
    holder.execute("BEGIN IMMEDIATE")
    holder.execute("INSERT INTO t VALUES (1)")
    return holder


def test_switching_a_new_file_to_wal_waits_for_another_writer(sqlite_path):
    # SQLite refuses the switch at once (no busy handler) while another connection holds the
    # write lock; the connect hook waits instead, so four workstations starting together on a
    # new file all open it.
    holder = _rollback_file_under_write_lock(sqlite_path)
    committed = []

    def release():
        holder.execute("COMMIT")
        committed.append(time.monotonic())

    releaser = threading.Timer(0.3, release)
    releaser.start()
    engine = make_engine(sqlite_url_for(sqlite_path))
    try:
        with engine.connect() as conn:
            opened = time.monotonic()
            assert dialect.sqlite_pragmas(conn)["journal_mode"] == "wal"
            assert conn.execute(text("SELECT x FROM t")).scalar_one() == 1  # the writer's row
        assert committed and opened >= committed[0]  # it waited for the writer, then opened
    finally:
        releaser.join()
        engine.dispose()
        holder.close()


def test_a_write_lock_held_past_the_busy_timeout_is_still_an_error(sqlite_path, monkeypatch):
    monkeypatch.setattr(dialect, "BUSY_TIMEOUT_MS", 200)
    holder = _rollback_file_under_write_lock(sqlite_path)
    raw = sqlite3.connect(sqlite_path, timeout=0.2, isolation_level=None)
    try:
        started = time.monotonic()
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            dialect.enter_wal(raw)
        assert 0.1 <= time.monotonic() - started < 2
        assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    finally:
        raw.close()
        holder.execute("COMMIT")
        holder.close()


def _cache_size(conn) -> int:
    return int(conn.exec_driver_sql("PRAGMA cache_size").scalar_one())


def test_a_page_cache_raised_for_bulk_work_lasts_as_long_as_the_work(sqlite_engine):
    with sqlite_engine.connect() as conn:
        own = _cache_size(conn)
        raw = conn.connection.dbapi_connection
    with dialect.bulk_work(sqlite_engine):
        with sqlite_engine.connect() as conn:
            dialect.raise_sqlite_cache(conn, 65536)
            dialect.raise_sqlite_cache(conn, 65536)  # a second batch: its own size still kept
        with sqlite_engine.connect() as conn:  # the next batch: the same pooled connection
            assert conn.connection.dbapi_connection is raw
            assert _cache_size(conn) == -65536
    with sqlite_engine.connect() as conn:  # the first checkout after the work gives it back
        assert conn.connection.dbapi_connection is raw
        assert _cache_size(conn) == own
    with dialect.bulk_work(sqlite_engine), sqlite_engine.connect() as conn:
        assert _cache_size(conn) == own  # nothing left over for the next bulk work either
