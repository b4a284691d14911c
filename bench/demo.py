"""Benchmark: `build_demo` into a fresh SQLite file, organisation + N cases with full histories.

For each N, builds into ``bench/.stores/demo-N.sqlite3`` (deleted first; migrated by AppContext,
which is not timed) and prints JSON lines, never asserting anything:

- {"name": "demo_generate_seconds", "value", "unit": "s", "n"}: the whole `build_demo` call
  (organisation, generation, writing, indexes, commit); for N = 1,000,000 also the goal
  "floor": 180 and "ratio": value / 180 (goal: 1M cases with their events in under 3 minutes);
- {"name": "demo_db_size", "value", "unit": "MB", "n"}: database file size after closing;
- {"name": "demo_events", "value", "unit": "rows", "n"}: event rows written.

    python bench/demo.py [--cases 100000 --cases 1000000 | --cases 100000,1000000] [--seed S]
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path

GOAL_N = 1_000_000
GOAL_SECONDS = 180.0
STORES = Path(__file__).resolve().parent / ".stores"


def _counts(values: list[str] | None) -> list[int]:
    if not values:
        return [100_000, 1_000_000]
    out = []
    for v in values:
        out += [int(x.replace("_", "")) for x in v.split(",") if x.strip()]
    return out


def _emit(**figure) -> None:
    print(json.dumps(figure), flush=True)


def run(n: int, seed: int) -> None:
    from commandcenter.demo import build_demo
    from commandcenter.services.context import AppContext
    from commandcenter.store.engine import sqlite_url_for

    STORES.mkdir(parents=True, exist_ok=True)
    path = STORES / f"demo-{n}.sqlite3"
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    ctx = AppContext.open(sqlite_url_for(path))
    try:
        summary = build_demo(ctx, cases=n, seed=seed)
    finally:
        ctx.close()
    figure = {
        "name": "demo_generate_seconds",
        "value": round(summary.seconds, 2),
        "unit": "s",
        "n": n,
    }
    if n == GOAL_N:
        figure.update(floor=GOAL_SECONDS, ratio=round(summary.seconds / GOAL_SECONDS, 3))
    _emit(**figure)
    size = sum(
        Path(f"{path}{s}").stat().st_size for s in ("", "-wal") if Path(f"{path}{s}").exists()
    )
    _emit(name="demo_db_size", value=round(size / 2**20, 1), unit="MB", n=n)
    _emit(name="demo_events", value=summary.events, unit="rows", n=n)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", action="append", help="N, repeatable or comma-separated")
    parser.add_argument("--seed", type=int, default=20191217)
    args = parser.parse_args(argv)
    # The business calendar warns about years without holiday data; keep stdout JSON-only.
    logging.basicConfig(level=logging.ERROR, stream=sys.stderr)
    for n in _counts(args.cases):
        run(n, args.seed)


if __name__ == "__main__":
    main()
