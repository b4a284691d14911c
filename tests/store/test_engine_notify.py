"""PostgreSQL: every committed write to a case announces its change seq on NOTIFY; a rolled-back
one announces nothing (the trigger of migration 0007)."""

from __future__ import annotations

import psycopg
import pytest
from sqlalchemy import text

from commandcenter.store import dialect
from commandcenter.store.seq import current_value
from commandcenter.store.uow import UnitOfWork

pytestmark = pytest.mark.postgres


@pytest.fixture
def pg_engine(db_engine):
    if db_engine.dialect.name != "postgresql":
        pytest.skip("NOTIFY is PostgreSQL's")
    return db_engine


def _listen(engine) -> psycopg.Connection:
    url = engine.url.render_as_string(hide_password=False)
    conn = psycopg.connect(dialect.libpq_conninfo(url), autocommit=True)
    conn.execute(f"LISTEN {dialect.NOTIFY_CHANNEL}")
    return conn


def _received(conn: psycopg.Connection, wait: float = 0.5) -> list[str]:
    return [n.payload for n in conn.notifies(timeout=wait)]


def test_commit_notifies_the_new_seq_and_rollback_nothing(pg_engine, session_factory, add_case):
    listener = _listen(pg_engine)
    try:
        created = add_case("噪音")
        assert _received(listener) == [str(created.seq)]
        with pytest.raises(RuntimeError), UnitOfWork(session_factory, write=True) as uow:
            add_seq = current_value(uow.session)
            uow.session.execute(text(
                "UPDATE counters SET value = value + 1 WHERE name = 'change_seq'"))
            raise RuntimeError("rolled back")
        assert _received(listener) == []
        second = add_case("占道")
        assert second.seq == add_seq + 1
        assert _received(listener) == [str(second.seq)]
    finally:
        listener.close()


def test_other_counters_do_not_notify(pg_engine, session_factory):
    listener = _listen(pg_engine)
    try:
        with UnitOfWork(session_factory, write=True) as uow:
            uow.session.execute(text(
                "INSERT INTO counters (name, value) VALUES ('case_code:X', 1)"))
            uow.session.execute(text(
                "UPDATE counters SET value = 2 WHERE name = 'case_code:X'"))
        assert _received(listener) == []
    finally:
        listener.close()
