"""Several workstations starting at once on one database: the schema is created exactly once
(the migration lock), every one of them then runs; a database from a newer build is refused by
every one of them with a clear message and left untouched."""

from __future__ import annotations

import subprocess
import sys
import time

from sqlalchemy import text

from commandcenter.store import migrate
from commandcenter.store.engine import make_engine

STARTERS = 4
# A workstation starting: open the context (migrates when behind), report what it found.
CHILD = """
import logging, sys, time
from pathlib import Path
logging.basicConfig(level=logging.INFO, format="%(name)s %(message)s")
from commandcenter.services.context import AppContext
go = Path(sys.argv[2])
(go.parent / f"ready-{sys.argv[3]}").touch()
while not go.exists():
    time.sleep(0.002)
try:
    ctx = AppContext.open(sys.argv[1])
except RuntimeError as exc:
    print("REFUSED", exc)
    sys.exit(3)
with ctx.unit_of_work() as uow:
    uow.session.execute(__import__("sqlalchemy").text("SELECT count(*) FROM cases")).scalar_one()
ctx.close()
print("OK")
"""


def _start_together(url: str, tmp_path) -> list[subprocess.CompletedProcess]:
    go = tmp_path / "go"
    procs = [subprocess.Popen([sys.executable, "-c", CHILD, url, str(go), str(i)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for i in range(STARTERS)]
    deadline = time.monotonic() + 120
    while len(list(tmp_path.glob("ready-*"))) < STARTERS and time.monotonic() < deadline:
        time.sleep(0.01)
    go.touch()
    done = []
    for p in procs:
        out, err = p.communicate(timeout=180)
        done.append(subprocess.CompletedProcess(p.args, p.returncode, out, err))
    return done


def _failures(results, expected: int) -> list[str]:
    """The end of each unexpected starter's stderr (the traceback), for the assertion message."""
    return [r.stderr[-3000:] for r in results if r.returncode != expected]


def test_simultaneous_start_on_an_empty_database_migrates_once(db_url, tmp_path):
    results = _start_together(db_url, tmp_path)
    assert [r.returncode for r in results] == [0] * STARTERS, _failures(results, 0)
    upgrades = sum(r.stderr.count("database schema upgrade: empty ->") for r in results)
    assert upgrades == 1, [r.stderr for r in results]
    engine = make_engine(db_url)
    try:
        assert migrate.is_at_head(engine)
        with engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM alembic_version")).scalar_one() == 1
    finally:
        engine.dispose()


def test_simultaneous_start_on_a_newer_schema_is_refused_by_all(db_url, tmp_path):
    engine = make_engine(db_url)
    try:
        migrate.upgrade_to_head(engine)
        with engine.begin() as conn:
            conn.execute(text("UPDATE alembic_version SET version_num = '9999_future'"))
        results = _start_together(db_url, tmp_path)
        assert [r.returncode for r in results] == [3] * STARTERS, _failures(results, 3)
        for r in results:
            assert "REFUSED" in r.stdout and "newer version of the application" in r.stdout
            assert "9999_future" in r.stdout
        with engine.connect() as conn:
            assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one() \
                == "9999_future"
    finally:
        engine.dispose()
