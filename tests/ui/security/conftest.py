"""Fixtures for the security UI tests: an empty migrated SQLite store, a DbWorker, cheap
argon2 parameters (the real ones cost ~0.1 s a hash)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from argon2 import PasswordHasher, Type

from commandcenter.services import auth
from commandcenter.services.context import AppContext
from commandcenter.store.engine import sqlite_url_for

PW = "Correct-Horse-9"


@pytest.fixture(autouse=True)
def cheap_hashes(monkeypatch):
    monkeypatch.setattr(auth, "DEFAULT_POLICY", auth.AuthPolicy(
        max_failures=3, lock_minutes=10,
        hasher=PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1, type=Type.ID)))


@pytest.fixture
def env(tmp_path, qtbot) -> Iterator[tuple]:
    from commandcenter.ui.db_worker import DbWorker

    ctx = AppContext.open(sqlite_url_for(tmp_path / "security.sqlite3"))
    worker = DbWorker()
    yield ctx, worker
    worker.shutdown()
    ctx.close()


def settle(qtbot, worker) -> None:
    """Wait until every submitted task was delivered to its callback."""
    qtbot.waitUntil(lambda: worker.pending_count == 0, timeout=10000)
