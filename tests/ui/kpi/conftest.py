"""KPI GUI test fixtures: one seeded demo store per session (fixed clock), copied per test.

`kpi_store` builds `KPI_CASES` demo cases ending at `NOW` once; `kpi_url` copies it for a test;
`open_ctx(url)` opens an AppContext whose clock is frozen at `NOW` (so "today", the month to date
and the default period are deterministic).
"""

from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path

import pytest

from commandcenter import settings as settings_mod

NOW = datetime(2024, 5, 22, 16, 30)  # a Wednesday afternoon, mid-month
KPI_CASES = 1500


def open_ctx(url: str, now: datetime = NOW):
    from commandcenter.services.context import AppContext

    ctx = AppContext.open(url)
    ctx.now = lambda: now
    return ctx


@pytest.fixture(scope="session")
def kpi_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from commandcenter.demo import build_demo

    path = tmp_path_factory.mktemp("kpi") / "template.sqlite3"
    ctx = open_ctx(settings_mod.sqlite_url(path))
    try:
        build_demo(ctx, cases=KPI_CASES, now=NOW)
    finally:
        ctx.close()
    return path


@pytest.fixture
def kpi_url(kpi_store: Path, tmp_path: Path) -> str:
    target = tmp_path / "kpi.sqlite3"
    shutil.copyfile(kpi_store, target)
    return settings_mod.sqlite_url(target)


@pytest.fixture
def kpi_clock():
    """(NOW, open_ctx): the frozen time and the context opener, for the tests."""
    return NOW, open_ctx
