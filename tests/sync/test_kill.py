"""Kill safety: SIGKILL a real import process at random moments; the store stays consistent
and the next run imports the file exactly once.

Each kill is followed by a consistency check (SQLite integrity, the file either fully applied
and recorded or not at all, two events and one sync row per imported case, the change counter
ahead of every case). The outcome (runs, kills that hit a running import, failures) is printed.
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

from .helpers import district_rows, write_district

ROWS = 4000
KILLS = 16
CODE = "import sys; from commandcenter.cli import main; sys.exit(main(sys.argv[1:]))"


def _run(db: Path, csv: Path, home: Path) -> subprocess.Popen:
    env = {**os.environ, "COMMANDCENTER_HOME": str(home)}
    return subprocess.Popen([sys.executable, "-c", CODE, "--db", sqlite_url(db), "import",
                             str(csv), "--json"], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)


def _check(db: Path) -> tuple[bool, int, str]:
    """(consistent, imported cases, why not)."""
    con = sqlite3.connect(db)
    try:
        if con.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
            return False, -1, "integrity"
        cases = con.execute("SELECT count(*) FROM cases WHERE source='district'").fetchone()[0]
        files = con.execute("SELECT count(*) FROM sync_files").fetchone()[0]
        events = con.execute("SELECT count(*) FROM case_events e JOIN cases c ON c.id=e.case_id "
                             "WHERE c.source='district'").fetchone()[0]
        rows = con.execute("SELECT count(*) FROM sync_rows WHERE source='district'").fetchone()[0]
        seq = con.execute("SELECT value FROM counters WHERE name='change_seq'").fetchone()[0]
        top = con.execute("SELECT coalesce(max(updated_seq), 0) FROM cases").fetchone()[0]
    finally:
        con.close()
    if cases not in (0, ROWS) or files != (1 if cases else 0):
        return False, cases, f"partial file: {cases} cases, {files} file records"
    if events != 2 * cases or rows != cases or seq < top:
        return False, cases, f"events {events}, sync rows {rows}, seq {seq} < {top}"
    return True, cases, ""


@pytest.mark.timeout(900)  # up to 6×16 real import processes on a busy 2-core machine
def test_sigkill_at_random_points_then_exactly_once(store, tmp_path):
    csv = write_district(tmp_path / "big.csv", district_rows(store, ROWS))
    db = Path(store.url.removeprefix("sqlite:///"))
    store.close()
    home = tmp_path / "home"
    # how long one complete run takes, measured on a scratch copy
    scratch = tmp_path / "scratch.sqlite3"
    scratch.write_bytes(db.read_bytes())
    t0 = time.perf_counter()
    p = _run(scratch, csv, home)
    out, err = p.communicate(timeout=300)
    full = time.perf_counter() - t0
    assert p.returncode == 0, err.decode()
    assert json.loads(out)["imported"] == ROWS

    pristine = tmp_path / "pristine.sqlite3"
    pristine.write_bytes(db.read_bytes())
    rng = random.Random(20260310)
    runs = hits = inside = completed = failures = 0
    # Kill moments are drawn from a window of the measured run time that adapts to this machine's
    # speed: a kill that lands before the write transaction moves the window later, a run that
    # finished first moves it earlier, so kills inside the transaction happen however loaded the
    # machine is (start-up is the first part of a run).
    lo, hi = 0.3, 0.95
    while (hits < KILLS or inside < 3) and runs < 6 * KILLS:
        p = _run(db, csv, home)
        runs += 1
        frac = rng.uniform(lo, hi)
        time.sleep(frac * full)
        if p.poll() is None:
            hits += 1
            p.send_signal(signal.SIGKILL)
            # the CLI prints each stage to stderr: "insert" means the transaction was open
            in_tx = b"insert" in p.communicate(timeout=300)[1]
            inside += in_tx
            if not in_tx:
                lo = min(max(lo, frac), hi - 0.05)
        else:
            p.communicate(timeout=300)
            hi = max(min(hi, frac + 0.05), lo + 0.05)
        ok, cases, why = _check(db)
        failures += not ok
        assert ok, why
        if cases:  # this run finished before the kill: count it, start again from scratch
            completed += 1
            db.write_bytes(pristine.read_bytes())
            for extra in (db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")):
                extra.unlink(missing_ok=True)
    p = _run(db, csv, home)
    out, err = p.communicate(timeout=300)
    runs += 1
    assert p.returncode == 0, err.decode()
    ok, cases, why = _check(db)
    assert ok and cases == ROWS, why
    print(f"\nkill test: {runs} runs, {hits} SIGKILLs of a running import ({inside} inside the "
          f"write transaction), {completed} runs had committed before dying, {failures} "
          f"inconsistencies; one full run {full:.1f} s")
    assert hits >= KILLS and inside >= 3
