"""Shared database fixtures: every store/services/migrations test runs on SQLite and PostgreSQL.

- `db_url`: an empty database. "sqlite" is a fresh file in ``tmp_path``; "postgresql" is a fresh
  database per test on the throwaway server whose SQLAlchemy URL is in ``CC_TEST_PG`` (started by
  ``make test`` / ``.ci/pg-server``), dropped at teardown. Without ``CC_TEST_PG`` the PostgreSQL
  cases are skipped locally but fail under ``CI=true``: CI must never silently test one dialect.
- `db_engine`: an engine on `db_url`, migrated to head.
- `ctx`: an `AppContext` on `db_url`, migrated to head.

Subfolders add their own conftest.py for non-database fixtures.
"""

from __future__ import annotations

import itertools
import os
import tempfile
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, create_engine
from sqlalchemy.engine import make_url

from commandcenter.store.engine import make_engine, sqlite_url_for
from commandcenter.store.migrate import upgrade_to_head

PG_ENV = "CC_TEST_PG"

# Reporter identity is sealed with a per-database key kept outside the database. Stores built once
# per session are copied into tests that each have their own COMMANDCENTER_HOME: one key folder
# for the whole run (inherited by subprocesses) keeps every copy readable.
os.environ.setdefault("COMMANDCENTER_KEY_DIR", tempfile.mkdtemp(prefix="cc-keys-"))
_db_numbers = itertools.count(1)


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in ("true", "1", "yes")


@pytest.fixture(scope="session")
def pg_admin() -> Iterator[Engine]:
    """An AUTOCOMMIT engine on the throwaway server's maintenance database."""
    url = os.environ.get(PG_ENV, "").strip()
    if not url:
        if _in_ci():
            pytest.fail(f"{PG_ENV} is not set: CI must run the PostgreSQL tests (see .ci/pg-server)")
        pytest.skip(f"{PG_ENV} is not set (start one: bash .ci/pg-server start /tmp/ccpg)")
    engine = create_engine(make_url(url), isolation_level="AUTOCOMMIT", pool_size=1)
    yield engine
    engine.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path) -> Iterator[str]:
    if request.param == "sqlite":
        yield sqlite_url_for(tmp_path / "commandcenter.sqlite3")
        return
    admin: Engine = request.getfixturevalue("pg_admin")
    name = f"cc_test_{os.getpid()}_{next(_db_numbers)}"
    with admin.connect() as conn:
        conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    try:
        yield make_url(os.environ[PG_ENV]).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            # FORCE ends connections a test left open (an engine it did not dispose).
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def db_engine(db_url: str) -> Iterator[Engine]:
    engine = make_engine(db_url)
    upgrade_to_head(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def ctx(db_url: str):
    from commandcenter.services.context import AppContext

    context = AppContext.open(db_url)
    yield context
    context.close()
