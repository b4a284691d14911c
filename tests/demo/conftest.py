"""Demo fixtures: one generated store shared by the demo tests (built once per session).

`demo_store` is a SQLite file in a session temp folder holding the demo organisation and
`DEMO_CASES` cases generated with `DEMO_SEED` up to the fixed `DEMO_NOW`; it yields
``(ctx, summary)``. Tests read it, never write to it.
"""

from __future__ import annotations

from datetime import datetime

import pytest

DEMO_CASES = 3000
DEMO_SEED = 20191217
DEMO_NOW = datetime(2026, 3, 18, 15, 20, 5)  # a Wednesday afternoon


@pytest.fixture(scope="session")
def demo_store(tmp_path_factory):
    from commandcenter.demo import build_demo
    from commandcenter.services.context import AppContext
    from commandcenter.store.engine import sqlite_url_for

    path = tmp_path_factory.mktemp("demo") / "demo.sqlite3"
    ctx = AppContext.open(sqlite_url_for(path))
    summary = build_demo(ctx, cases=DEMO_CASES, seed=DEMO_SEED, now=DEMO_NOW)
    yield ctx, summary
    ctx.close()
