"""Benchmark: the live picture's update after 100 new events vs its full recompute.

Prints JSON lines {"name", "value", "unit", "n"} (+ "floor", "ratio"), never asserts; "value" is
the best wall-clock time of ``--repeat`` runs and "cpu" that run's CPU time of this process (on a
loaded machine the wall time is mostly waiting for a core; SQLite reads run in-process, so the
CPU time is close to what an idle machine takes):
- kpi_live_full_seconds: `services.kpi.LiveService.load()` on a store of N cases (fetch the open
  and recent cases and their events from SQLite, build the picture, take a snapshot);
- kpi_live_update_seconds: `LiveService.apply(case_ids)` after another AppContext wrote 100
  events (50 new cases reported: report + screening); "floor" is the full recompute measured in
  the same run, "ratio" = update / full (goal: at most 0.10);
- kpi_live_events: the event count written between the two (100);
- alerts_rescan_seconds: `services.alerts.scan` run again a minute later (every detector over
  the store, upserting into the existing alerts), the early-warning dock's periodic job on the
  same serial DB worker (``--no-alerts`` skips it).

Both are the functions the KPI page runs on its DB worker, never on the UI thread. The store is
a copy of ``bench/.stores/demo-N.sqlite3`` (built by bench/demo.py) if present, else built here.

    python bench/kpi_live.py [--cases 1000000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import shutil
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import text

from commandcenter.domain.case import Actor
from commandcenter.domain.vocabulary import Channel, Role
from commandcenter.services.cases import CaseService
from commandcenter.services.context import AppContext
from commandcenter.services.dto import NewCase
from commandcenter.services.kpi import LiveService

STORES = Path(__file__).resolve().parent / ".stores"


def _emit(**fields) -> None:
    print(json.dumps(fields, ensure_ascii=False), flush=True)


def _timed(fn, *args) -> tuple[float, float]:
    """(wall seconds, CPU seconds of this process) of one call."""
    wall, cpu = time.perf_counter(), time.process_time()
    fn(*args)
    return time.perf_counter() - wall, time.process_time() - cpu


def _store(n: int, work: Path) -> Path:
    target = work / f"kpi-live-{n}.sqlite3"
    source = STORES / f"demo-{n}.sqlite3"
    if source.exists():
        shutil.copyfile(source, target)
        return target
    from commandcenter.demo import build_demo

    ctx = AppContext.open(f"sqlite:///{target}")
    try:
        build_demo(ctx, cases=n)
    finally:
        ctx.close()
    return target


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-alerts", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="kpi-live-") as tmp:
        path = _store(args.cases, Path(tmp))
        url = f"sqlite:///{path}"
        reader = AppContext.open(url)
        with reader.engine.connect() as conn:
            latest = conn.execute(text("select max(at) from case_events")).scalar()
        now = datetime.fromisoformat(str(latest)) + timedelta(minutes=1)
        reader.now = lambda: now
        writer = AppContext.open(url)
        writer.now = lambda: now
        try:
            live = LiveService(reader)
            fulls = [_timed(live.load) for _ in range(args.repeat)]
            full, full_cpu = min(fulls)
            _emit(name="kpi_live_full_seconds", value=round(full, 4), unit="s", n=args.cases,
                  cpu=round(full_cpu, 4))
            updates = []
            service = CaseService(writer)
            intake = Actor("bench-intake", Role.INTAKE_OPERATOR, None)
            for _ in range(args.repeat):
                with writer.engine.connect() as conn:
                    before = conn.execute(text("select count(*) from case_events")).scalar()
                ids = [service.report(NewCase(channel=Channel.HOTLINE_12345, title=f"噪音扰民 {i}"), intake).id
                       for i in range(50)]
                with writer.engine.connect() as conn:
                    written = conn.execute(text("select count(*) from case_events")).scalar() - before
                updates.append(_timed(live.apply, ids))
            update, update_cpu = min(updates)
            _emit(name="kpi_live_events", value=int(written), unit="events", n=args.cases)
            _emit(name="kpi_live_update_seconds", value=round(update, 4), unit="s", n=args.cases,
                  floor=round(full, 4), ratio=round(update / full, 4), cpu=round(update_cpu, 4))
            if not args.no_alerts:
                from commandcenter.services import alerts

                alerts.scan(reader, now)  # the first scan creates the alerts
                rescans = [_timed(alerts.scan, reader, now + timedelta(minutes=1 + i))
                           for i in range(args.repeat)]
                rescan, rescan_cpu = min(rescans)
                _emit(name="alerts_rescan_seconds", value=round(rescan, 4), unit="s", n=args.cases,
                      cpu=round(rescan_cpu, 4))
        finally:
            reader.close()
            writer.close()


if __name__ == "__main__":
    main()
