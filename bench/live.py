"""Benchmark: live updates between workstations and write throughput (issue 7).

Prints JSON lines {"name", "value", "unit", "n", ...}; never asserts. For each dialect
(SQLite; PostgreSQL when ``--pg`` or ``CC_TEST_PG`` names a server):
- live.latency.p50 / live.latency.p95 (ms): a transition committed by workstation A (one
  process) until it is merged into workstation B's board model (another process running the real
  `BoardPage` fed by the real `ChangeFeed`: NOTIFY-woken on PostgreSQL, polling every 1 s - the
  application's default - on SQLite), over ``--transitions`` transitions spaced 20-80 ms apart.
  Clocks: both processes on this machine, ``time.time()``.
- live.throughput.w<k> (transitions/s) for k = 1, 2, 4, 8 writer processes each taking
  ``supervise`` steps on random cases as fast as they can for ``--seconds``; also the conflicts.
The store is a demo store of ``--cases`` cases (default 20,000: a modest store, so the figures
measure the live path and the write path, not the board's load), built once per dialect
(SQLite under /tmp/cc-bench-live/, PostgreSQL in database ``cc_bench_live`` of the server,
dropped and rebuilt when the case count differs).

    python bench/live.py [--cases 20000] [--pg postgresql+psycopg://...] [--transitions 500]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve()
WORK = Path("/tmp/cc-bench-live")


def emit(name: str, value: float, unit: str, n: int, **extra) -> None:
    print(json.dumps({"name": name, "value": round(value, 2), "unit": unit, "n": n, **extra},
                     ensure_ascii=False), flush=True)


# ---------------------------------------------------------------------- stores
def sqlite_store(cases: int) -> str:
    from commandcenter.store.dialect import sqlite_url_for

    path = WORK / f"live-{cases}.sqlite3"
    url = sqlite_url_for(path)
    if not path.exists():
        WORK.mkdir(parents=True, exist_ok=True)
        _build(url, cases)
    return url


def pg_store(server: str, cases: int) -> str:
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = "cc_bench_live"
    url = make_url(server).set(database=name).render_as_string(hide_password=False)
    admin = create_engine(make_url(server), isolation_level="AUTOCOMMIT", pool_size=1)
    try:
        with admin.connect() as conn:
            exists = conn.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"),
                                  {"n": name}).scalar()
        if exists and _case_count(url) == cases:
            return url
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    finally:
        admin.dispose()
    _build(url, cases)
    return url


def _case_count(url: str) -> int:
    from commandcenter.services.context import AppContext

    try:
        with AppContext.open(url, migrate=False) as ctx, ctx.unit_of_work() as uow:
            return uow.cases.count()
    except Exception:  # noqa: BLE001 - no usable store: rebuild
        return -1


def _build(url: str, cases: int) -> None:
    from commandcenter.demo import build_demo
    from commandcenter.services.context import AppContext

    started = time.monotonic()
    with AppContext.open(url) as ctx:
        build_demo(ctx, cases=cases)
    print(f"# built {cases} demo cases at {url.split('@')[-1]} in "
          f"{time.monotonic() - started:.0f} s", file=sys.stderr)


def open_case_ids(url: str, limit: int = 2000) -> list[int]:
    from sqlalchemy import text

    from commandcenter.services.context import AppContext

    with AppContext.open(url, migrate=False) as ctx, ctx.unit_of_work() as uow:
        return list(uow.session.execute(text(
            "SELECT id FROM cases WHERE closed_at IS NULL AND state NOT IN ('reported', 'merged')"
            " ORDER BY id LIMIT :n"), {"n": limit}).scalars())


# ---------------------------------------------------------------------- roles (child processes)
def observe(url: str, out: Path, ready: Path, stop: Path) -> None:
    """Workstation B: the board on its change feed; logs (time, max_seq, ids) of every merge."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from commandcenter.services.context import AppContext
    from commandcenter.ui.board.board_page import BoardPage
    from commandcenter.ui.change_feed import ChangeFeed
    from commandcenter.ui.db_worker import DbWorker

    app = QApplication.instance() or QApplication([])
    ctx = AppContext.open(url, migrate=False)
    worker = DbWorker()
    board = BoardPage(worker, ctx)
    feed = ChangeFeed(worker, ctx)  # the application's defaults
    pending: list = []
    log = out.open("w")
    real_apply, real_merge = board.apply_changes, board._merge

    def apply(batch) -> None:
        pending.append(batch)
        real_apply(batch)

    def merge(rows) -> None:
        real_merge(rows)
        batch = pending.pop(0)
        log.write(json.dumps([time.time(), batch.max_seq, list(batch.case_ids)]) + "\n")
        log.flush()

    board._merge = merge
    feed.sig_changed.connect(apply)

    def started() -> None:
        feed.start()

    def tick() -> None:
        if not ready.exists() and feed.seq is not None and (
                not feed.listening or feed.listener_connected):
            ready.touch()
        if stop.exists():
            app.quit()

    board.sig_refreshed.connect(started)
    board.refresh()
    timer = QTimer()
    timer.timeout.connect(tick)
    timer.start(20)
    app.exec()
    timer.stop()
    feed.stop()
    worker.shutdown()
    ctx.close()
    log.close()


def write(url: str, n: int, out: Path, seed: int) -> None:
    """Workstation A: ``n`` supervise steps spaced 20-80 ms; logs (time after commit, seq, id)."""
    from commandcenter.domain.case import Actor
    from commandcenter.domain.vocabulary import Role
    from commandcenter.services.cases import CaseService
    from commandcenter.services.context import AppContext

    rng = random.Random(seed)
    ids = open_case_ids(url)
    sup = Actor("u-bench", Role.SUPERVISOR, None)
    with AppContext.open(url, migrate=False) as ctx, out.open("w") as log:
        service = CaseService(ctx)
        for i in range(n):
            case_id = rng.choice(ids)
            done = service.transition(case_id, "supervise", {"level": i % 4}, sup)
            log.write(json.dumps([time.time(), done.seq, case_id]) + "\n")
            log.flush()
            time.sleep(rng.uniform(0.02, 0.08))


def hammer(url: str, seconds: float, go: Path, out: Path, seed: int) -> None:
    """One of k writers: supervise steps on random open cases as fast as possible."""
    from commandcenter.domain.case import Actor
    from commandcenter.domain.vocabulary import Role
    from commandcenter.services.cases import CaseService
    from commandcenter.services.context import AppContext
    from commandcenter.services.errors import ConflictError

    rng = random.Random(seed)
    ids = open_case_ids(url)
    sup = Actor("u-bench", Role.SUPERVISOR, None)
    ok = conflicts = 0
    with AppContext.open(url, migrate=False) as ctx:
        service = CaseService(ctx)
        service.detail(ids[0])  # connected and warm
        (go.parent / f"ready-{os.getpid()}").touch()
        while not go.exists():
            time.sleep(0.002)
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            try:
                service.transition(rng.choice(ids), "supervise", {"level": rng.randrange(4)}, sup)
                ok += 1
            except ConflictError:
                conflicts += 1
    out.write_text(json.dumps({"ok": ok, "conflicts": conflicts}))


def _child(*args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, str(HERE), *args])


# ---------------------------------------------------------------------- measurements
def latency(url: str, label: str, n: int, cases: int) -> None:
    run = WORK / f"lat-{label}"
    run.mkdir(parents=True, exist_ok=True)
    for f in run.iterdir():
        f.unlink()
    b_log, a_log, ready, stop = (run / "b.jsonl", run / "a.jsonl", run / "ready", run / "stop")
    observer = _child("observe", url, str(b_log), str(ready), str(stop))
    try:
        deadline = time.monotonic() + 600
        while not ready.exists():
            if observer.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("the observing workstation did not start")
            time.sleep(0.05)
        writer = _child("write", url, "--n", str(n), "--out", str(a_log))
        writer.wait(timeout=3600)
        time.sleep(3)  # the last polls / merges
    finally:
        stop.touch()
        observer.wait(timeout=120)
    merges = [json.loads(line) for line in b_log.read_text().splitlines()]
    lat = []
    for t_commit, seq, case_id in (json.loads(x) for x in a_log.read_text().splitlines()):
        seen = next((t for t, max_seq, ids in merges if max_seq >= seq and case_id in ids), None)
        if seen is not None:
            lat.append((seen - t_commit) * 1000)
    lat.sort()
    how = "NOTIFY" if label == "postgresql" else "1 s polling"
    common = {"dialect": label, "wake": how, "store_cases": cases, "missed": n - len(lat)}
    if lat:
        emit(f"live.latency.p50.{label}", statistics.median(lat), "ms", len(lat), **common)
        emit(f"live.latency.p95.{label}", lat[int(0.95 * (len(lat) - 1))], "ms", len(lat), **common)
        emit(f"live.latency.max.{label}", lat[-1], "ms", len(lat), **common)


def throughput(url: str, label: str, writers: list[int], seconds: float, cases: int) -> None:
    for k in writers:
        run = WORK / f"tp-{label}-{k}"
        run.mkdir(parents=True, exist_ok=True)
        for f in run.iterdir():
            f.unlink()
        go = run / "go"
        procs = [_child("hammer", url, "--seconds", str(seconds), "--go", str(go), "--out",
                        str(run / f"out-{w}.json"), "--seed", str(w)) for w in range(k)]
        deadline = time.monotonic() + 600
        while len(list(run.glob("ready-*"))) < k and time.monotonic() < deadline:
            time.sleep(0.02)
        go.touch()
        for p in procs:
            p.wait(timeout=seconds + 600)
        results = [json.loads((run / f"out-{w}.json").read_text()) for w in range(k)]
        ok = sum(r["ok"] for r in results)
        emit(f"live.throughput.w{k}.{label}", ok / seconds, "transitions/s", ok, dialect=label,
             writers=k, seconds=seconds, conflicts=sum(r["conflicts"] for r in results),
             store_cases=cases)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("role", nargs="?", default="bench",
                        choices=["bench", "observe", "write", "hammer"])
    parser.add_argument("args", nargs="*")
    parser.add_argument("--cases", type=int, default=20_000)
    parser.add_argument("--pg", default=os.environ.get("CC_TEST_PG", ""))
    parser.add_argument("--transitions", type=int, default=500)
    parser.add_argument("--seconds", type=float, default=8.0)
    parser.add_argument("--writers", default="1,2,4,8")
    parser.add_argument("--dialects", default="sqlite,postgresql")
    parser.add_argument("--n", type=int, default=500)
    parser.add_argument("--out", type=Path)
    parser.add_argument("--go", type=Path)
    parser.add_argument("--seed", type=int, default=1)
    a = parser.parse_args(argv)
    if a.role == "observe":
        observe(a.args[0], Path(a.args[1]), Path(a.args[2]), Path(a.args[3]))
        return 0
    if a.role == "write":
        write(a.args[0], a.n, a.out, a.seed)
        return 0
    if a.role == "hammer":
        hammer(a.args[0], a.seconds, a.go, a.out, a.seed)
        return 0
    writers = [int(k) for k in a.writers.split(",")]
    for label in a.dialects.split(","):
        if label == "postgresql":
            if not a.pg:
                print("# no PostgreSQL server (--pg or CC_TEST_PG): skipped", file=sys.stderr)
                continue
            url = pg_store(a.pg, a.cases)
        else:
            url = sqlite_store(a.cases)
        latency(url, label, a.transitions, a.cases)
        throughput(url, label, writers, a.seconds, a.cases)
    return 0


if __name__ == "__main__":
    sys.exit(main())
