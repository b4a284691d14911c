"""Kill safety and resume: SIGKILL a real import process at random points (before its first
batch, inside a batch's transaction, between batches, in the last transaction); after every kill
the store is consistent, the next run resumes where the last committed batch ended, and a file
completed through any number of kills leaves exactly what one uninterrupted import leaves.

Each kill is followed by a consistency check (SQLite integrity; cases = rows recorded done in
``sync_batches``; two events and one sync row per imported case, no external id twice; the file
recorded in ``sync_files`` only when complete; the change counter ahead of every case). Runs are
NOT reset after a kill: the next run resumes the same file. Once a file completes, the store is
compared with a one-shot import and reset. The outcome (runs, kills, kills inside a batch, kills
with a partly imported file, resumed completions, failures) is printed.
"""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from commandcenter.settings import sqlite_url

from .helpers import district_rows, snapshot, write_district

ROWS = 4000
BATCH = 500
KILLS = 16
# The import as the CLI runs it, with its batch transactions traced on stderr: "tx" just before
# a batch's unit of work opens, "committed" once it has committed.
RUNNER = """
import json, sys
from commandcenter.services.context import AppContext
from commandcenter.sync import importer

def traced(real):
    def run(*a, **k):
        sys.stderr.write("tx\\n"); sys.stderr.flush()
        out = real(*a, **k)
        sys.stderr.write("committed\\n"); sys.stderr.flush()
        return out
    return run

importer._write_batch = traced(importer._write_batch)
importer._finish = traced(importer._finish)
ctx = AppContext.open(sys.argv[1])
res = importer.import_file(ctx, sys.argv[2], batch_rows=int(sys.argv[3]))
ctx.close()
print(json.dumps(res.to_dict()))
"""


def _run(db: Path, csv: Path, home: Path) -> subprocess.Popen:
    env = {**os.environ, "COMMANDCENTER_HOME": str(home)}
    return subprocess.Popen([sys.executable, "-c", RUNNER, sqlite_url(db), str(csv), str(BATCH)],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def _check(db: Path) -> tuple[bool, int, bool, str]:
    """(consistent, imported cases, file recorded applied, why not)."""
    con = sqlite3.connect(db)
    try:
        if con.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
            return False, -1, False, "integrity"
        one = lambda sql: con.execute(sql).fetchone()[0]  # noqa: E731
        cases = one("SELECT count(*) FROM cases WHERE source='district'")
        distinct = one("SELECT count(DISTINCT external_id) FROM cases WHERE source='district'")
        files = one("SELECT count(*) FROM sync_files")
        done = one("SELECT coalesce(sum(rows_done), 0) FROM sync_batches")
        status = one("SELECT coalesce(max(status), '') FROM sync_batches")
        events = one("SELECT count(*) FROM case_events e JOIN cases c ON c.id=e.case_id "
                     "WHERE c.source='district'")
        rows = one("SELECT count(*) FROM sync_rows WHERE source='district'")
        seq = one("SELECT value FROM counters WHERE name='change_seq'")
        top = one("SELECT coalesce(max(updated_seq), 0) FROM cases")
    finally:
        con.close()
    applied = status == "done"
    if cases != done or distinct != cases:
        return False, cases, applied, f"{cases} cases ({distinct} distinct), {done} rows done"
    # every batch may be committed while the last transaction (the file record) is not yet
    if files != applied or (applied and cases != ROWS):
        return False, cases, applied, f"{cases} cases, {files} file records, status {status!r}"
    if events != 2 * cases or rows != cases or seq < top:
        return False, cases, applied, f"events {events}, sync rows {rows}, seq {seq} < {top}"
    return True, cases, applied, ""


def _store(db: Path) -> dict:
    from commandcenter.services.context import AppContext

    ctx = AppContext.open(sqlite_url(db))
    try:
        return snapshot(ctx)
    finally:
        ctx.close()


@pytest.mark.timeout(900)  # up to ~100 short import processes on a busy 2-core machine
def test_sigkill_at_random_points_then_resume_exactly_once(store, tmp_path):
    csv = write_district(tmp_path / "big.csv", district_rows(store, ROWS))
    db = Path(store.url.removeprefix("sqlite:///"))
    store.close()
    home = tmp_path / "home"
    pristine = tmp_path / "pristine.sqlite3"
    pristine.write_bytes(db.read_bytes())
    # one uninterrupted run on a scratch copy: its time before the first batch, and its result
    scratch = tmp_path / "scratch.sqlite3"
    scratch.write_bytes(db.read_bytes())
    t0 = time.perf_counter()
    p = _run(scratch, csv, home)
    p.stderr.readline()
    startup = time.perf_counter() - t0
    out, err = p.communicate(timeout=300)
    per_batch = (time.perf_counter() - t0 - startup) / (ROWS // BATCH + 1)
    assert p.returncode == 0, err.decode()
    assert json.loads(out)["imported"] == ROWS
    expected = _store(scratch)

    rng = random.Random(20260310)
    runs = kills = inside = partial = completed = resumed = failures = 0
    killed_since_reset = False
    while kills < KILLS or inside < 4 or resumed < 2:
        assert runs < 8 * KILLS, "could not place enough kills"
        p = _run(db, csv, home)
        runs += 1
        if rng.random() < 0.2:  # somewhere before the first batch (reading, mapping)
            time.sleep(rng.uniform(0, startup))
        else:  # during or after the j-th batch transaction of this run
            for _ in range(rng.randint(1, 4)):
                if not p.stderr.readline():
                    break
            time.sleep(rng.uniform(0, 1.5 * per_batch))
        if p.poll() is None:
            p.send_signal(signal.SIGKILL)
            kills += 1
            killed_since_reset = True
            _, err = p.communicate(timeout=300)
            inside += err.decode().rstrip().endswith("tx")
        else:
            _, err = p.communicate(timeout=300)
            assert p.returncode == 0, err.decode()
        ok, cases, applied, why = _check(db)
        failures += not ok
        assert ok, why
        partial += not applied and cases > 0
        if applied:  # the file completed (through earlier kills or not): exactly once
            completed += 1
            resumed += killed_since_reset
            assert _store(db) == expected
            db.write_bytes(pristine.read_bytes())
            for extra in (db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")):
                extra.unlink(missing_ok=True)
            killed_since_reset = False
    print(f"\nkill test: {runs} runs, {kills} SIGKILLs of a running import ({inside} inside a "
          f"batch transaction), {partial} checks found a partly imported file, {completed} files "
          f"completed ({resumed} of them after kills, resumed), {failures} inconsistencies; "
          f"start-up {startup:.1f} s, one batch {per_batch:.2f} s")
