"""The demo district: real Qinhuai organisation and generated cases with full histories.

    summary = build_demo(ctx, cases=1_000_000, seed=20191217, progress=fn)

`build_demo` seeds the organisation when the store has none (`org_seed`), then generates ``cases``
cases (`cases.generate`) ending at ``ctx.now()`` (or ``now``) and writes them in one transaction
(`case_writer`). It refuses a store that already holds cases (:class:`DemoError`): demo cases are
never mixed into a store twice. Same seed, same ``now`` -> same rows. ``progress`` is
``fn(done, total, stage)``, called from the calling thread.

`is_seeded(ctx)` is True when the store already holds cases (so `build_demo` would refuse).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import func, select

__all__ = ["DemoError", "DemoSummary", "build_demo", "is_seeded"]

Progress = Callable[[int, int, str], None]


class DemoError(RuntimeError):
    """The demo cannot be built into this store (it already holds cases, or its org differs)."""


@dataclass(frozen=True)
class DemoSummary:
    cases: int
    events: int
    seconds: float
    reporters: int = 0
    open_cases: int = 0
    org_seeded: bool = False
    org_counts: dict[str, int] = field(default_factory=dict)
    now: datetime | None = None
    timings: dict[str, float] = field(default_factory=dict)


def _case_count(conn) -> int:
    from commandcenter.store import models

    return int(conn.execute(select(func.count()).select_from(models.Case.__table__)).scalar() or 0)


def is_seeded(ctx) -> bool:
    """True when the store already holds cases (demo or real)."""
    with ctx.engine.connect() as conn:
        return _case_count(conn) > 0


def _check_people(conn, org) -> None:
    from commandcenter.store import models

    stored = set(conn.execute(select(models.Person.__table__.c.code)).scalars())
    missing = [p["code"] for p in org.people if p["code"] not in stored]
    if missing:
        raise DemoError(
            f"the store's organisation is not the demo's ({len(missing)} demo people "
            f"missing, e.g. {missing[0]}); demo cases need the demo organisation"
        )


def build_demo(
    ctx,
    cases: int = 5000,
    seed: int = 20191217,
    progress: Progress | None = None,
    *,
    now: datetime | None = None,
) -> DemoSummary:
    """Seed the organisation if empty, then generate ``cases`` cases (see the module docstring)."""
    from commandcenter.demo import case_writer
    from commandcenter.demo.cases import generate
    from commandcenter.demo.org_seed import build_org, org_is_seeded, seed_organisation
    from commandcenter.store.repository import DEFAULT_CODE_PREFIX

    started = time.perf_counter()
    if cases < 0:
        raise ValueError("cases must be >= 0")
    now = (now or ctx.now()).replace(microsecond=0)
    with ctx.engine.connect() as conn:
        existing = _case_count(conn)
    if existing:
        raise DemoError(
            f"the store already holds {existing} cases; build the demo into an "
            "empty store (demo cases are never added twice)"
        )
    if progress:
        progress(0, cases, "organisation")
    org = build_org(seed)
    timings = {"organisation": time.perf_counter() - started}
    gen = generate(org, cases, seed, now, ctx.lifecycle, ctx.catalogue, progress) if cases else None
    if gen is not None:
        timings.update(gen.timings)
    with _bulk_connection(ctx) as conn:
        with conn.begin():
            if _case_count(conn):
                raise DemoError("another workstation added cases meanwhile; not seeding")
            seeded = not org_is_seeded(conn)
            if seeded:
                seed_organisation(conn, org)
            else:
                _check_people(conn, org)
            if gen is not None:
                prefix = _code_prefix(conn) or DEFAULT_CODE_PREFIX
                if prefix != "QH":
                    gen.cases["code"] = [prefix + c[2:] for c in gen.cases["code"]]
                timings.update(case_writer.write(conn, gen, prefix, progress))
            stamp = {"demo_seed": str(seed), "demo_cases": str(cases), "demo_now": now.isoformat()}
            _put_settings(conn, stamp)
            committing = time.perf_counter()
        timings["commit"] = time.perf_counter() - committing
    reload = getattr(ctx, "reload_organisation", None)
    if callable(reload):
        reload()
    if progress:
        progress(cases, cases, "done")
    return DemoSummary(
        cases=cases,
        events=len(gen.events["seq"]) if gen else 0,
        seconds=time.perf_counter() - started,
        reporters=len(gen.reporters["case_id"]) if gen else 0,
        open_cases=gen.open_cases if gen else 0,
        org_seeded=seeded,
        org_counts=org.counts(),
        now=now,
        timings=timings,
    )


@contextmanager
def _bulk_connection(ctx):
    """A write connection (BEGIN IMMEDIATE on SQLite) with the bulk-load settings on SQLite."""
    from commandcenter.demo.case_writer import SqliteBulkSettings
    from commandcenter.store.dialect import WRITE_OPTION

    conn = ctx.engine.connect().execution_options(**{WRITE_OPTION: True})
    try:
        if conn.dialect.name == "sqlite":
            with SqliteBulkSettings(conn):
                yield conn
        else:
            yield conn
    finally:
        conn.close()


def _code_prefix(conn) -> str | None:
    from commandcenter.store import models

    t = models.Setting.__table__
    return conn.execute(select(t.c.value).where(t.c.key == "case_code_prefix")).scalar()


def _put_settings(conn, values: dict[str, str]) -> None:
    from sqlalchemy import text

    stmt = text(
        "INSERT INTO settings (key, value) VALUES (:key, :value) "
        "ON CONFLICT (key) DO UPDATE SET value = excluded.value"
    )
    conn.execute(stmt, [{"key": k, "value": v} for k, v in values.items()])
