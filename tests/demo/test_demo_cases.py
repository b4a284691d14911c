"""Generated demo cases: histories the real lifecycle accepts, consistent rows, realism, speed-ups.

Most tests read the session's `demo_store` (3,000 cases, see conftest.py).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import fields
from datetime import date, datetime, timedelta

import numpy as np
import pytest
import shapely
from sqlalchemy import func, select, text

from commandcenter.analytics.duty import TickAxis
from commandcenter.demo import DemoError, build_demo, is_seeded
from commandcenter.demo.case_draw import CHANNEL_MIX, CHANNELS
from commandcenter.demo.case_templates import TEMPLATES
from commandcenter.demo.cases import generate
from commandcenter.demo.names import id_check_digit
from commandcenter.demo.org_seed import build_org
from commandcenter.domain import commands as c
from commandcenter.domain.calendar import BusinessCalendar, TimeLimit, TimeUnit
from commandcenter.domain.case import Actor
from commandcenter.domain.lifecycle import Lifecycle, current_clock
from commandcenter.domain.vocabulary import Channel, Level, Role, State
from commandcenter.store import models
from commandcenter.store.mapping import snapshot_of

from .conftest import DEMO_CASES, DEMO_NOW, DEMO_SEED

EPOCH = datetime(1970, 1, 1)


def _epoch(d: datetime) -> int:
    return int((d - EPOCH).total_seconds())


# ---------------------------------------------------------------------- replay
def _command(action: str, payload: dict, reason: str) -> c.Command:
    """Rebuild the command an event records (independently of the generator's own helper)."""
    names = {f.name for f in fields(c.ALL_COMMANDS[action])} - {"reason"}
    params = {k: v for k, v in payload.items() if k in names}
    if reason:
        params["reason"] = reason
    return c.command_from_dict(action, params)


def _replay(lifecycle: Lifecycle, events):
    first = events[0]
    assert first.action == "report" and first.from_state is None
    case = lifecycle.report(
        Channel(first.payload["channel"]),
        first.payload["owner_centre"],
        Actor(first.actor_id, first.role, first.unit_code),
        first.at,
        level=Level(first.payload["level"]),
    ).case
    for e in events[1:]:
        result = lifecycle.apply(
            case,
            _command(e.action, e.payload, e.reason),
            Actor(e.actor_id, e.role, e.unit_code),
            e.at,
        )
        got = result.event
        assert (e.from_state, e.to_state) == (got.from_state, got.to_state), e
        assert e.payload == got.payload, (e.action, e.payload, got.payload)
        case = result.case
    return case


def _sample(ctx, per_template: int = 25) -> list[int]:
    """Up to ``per_template`` cases of every template, plus every open case (ids)."""
    from commandcenter.demo.cases import generate  # noqa: F401 - template codes below

    with ctx.engine.connect() as conn:
        rows = conn.execute(text("SELECT id, state FROM cases ORDER BY id")).all()
    ids = np.array([r[0] for r in rows])
    open_ids = [r[0] for r in rows if State(r[1]).is_open]
    return ids, open_ids


@pytest.fixture(scope="module")
def generated():
    org = build_org(DEMO_SEED)
    return generate(org, DEMO_CASES, DEMO_SEED, DEMO_NOW, Lifecycle(BusinessCalendar.default()))


def test_replay_through_the_lifecycle_matches_every_stored_row(demo_store, generated):
    ctx, _ = demo_store
    rng = np.random.default_rng(7)
    chosen: set[int] = set()
    for ti in range(len(TEMPLATES)):
        ids = np.flatnonzero(generated.template == ti) + 1
        chosen.update(
            rng.choice(ids, min(25, ids.size), replace=False).tolist() if ids.size else []
        )
    _, open_ids = _sample(ctx)
    chosen.update(open_ids[:150])
    assert len(chosen) >= 300
    with ctx.unit_of_work() as uow:
        for case_id in sorted(chosen):
            record = uow.cases.get(case_id)
            events = uow.cases.events(case_id)
            replayed = _replay(ctx.lifecycle, list(events))
            stored = snapshot_of(record)
            assert replayed == stored, case_id
            seqs = sorted({e.seq for e in events})
            assert record.version == len(seqs) and record.updated_seq == seqs[-1]


def test_every_template_occurs_with_its_share(generated):
    counts = Counter(generated.template.tolist())
    n = DEMO_CASES
    for ti, t in enumerate(TEMPLATES):
        if ti == 0:
            continue
        expected = t.weight * n
        if expected < 5:
            continue  # too rare to judge at this size
        got = counts.get(ti, 0)
        assert abs(got - expected) <= 4 * expected**0.5 + 0.25 * expected, (t.name, got, expected)
    assert counts[0] > 0.45 * n  # the normal path stays the majority


def test_same_seed_same_rows_other_seed_other_rows():
    org = build_org(DEMO_SEED)
    lc = Lifecycle(BusinessCalendar.default())
    first, again, other = (generate(org, 800, seed, DEMO_NOW, lc) for seed in (1, 1, 2))
    for key in ("code", "reported_at", "state", "lead_unit", "handle_clock", "lon", "description"):
        assert list(again.cases[key]) == list(first.cases[key]), key
    for key in ("case_id", "at", "action", "actor_id", "payload", "seq"):
        assert list(again.events[key]) == list(first.events[key]), key
    assert list(again.reporters["phone"]) == list(first.reporters["phone"])
    assert list(other.cases["reported_at"]) != list(first.cases["reported_at"])


def test_channel_mix_and_callbacks(demo_store):
    ctx, _ = demo_store
    with ctx.engine.connect() as conn:
        by_channel = dict(
            conn.execute(text("SELECT channel, count(*) FROM cases GROUP BY channel")).all()
        )
        visits = (
            conn.execute(text("SELECT e.payload FROM case_events e WHERE e.action = 'callback'"))
            .scalars()
            .all()
        )
    for ch in CHANNELS:
        share = by_channel.get(ch.value, 0) / DEMO_CASES
        assert abs(share - CHANNEL_MIX[ch]) < 0.03, ch
    import json

    results = Counter(
        json.loads(v)["result"] if isinstance(v, str) else v["result"] for v in visits
    )
    reached = sum(v for k, v in results.items() if k != "unreachable")
    good = results["satisfied"] + results["basically_satisfied"]
    assert 0.85 < good / reached < 0.96


def test_events_are_ordered_timed_and_acted_by_real_people(demo_store):
    ctx, _ = demo_store
    with ctx.engine.connect() as conn:
        people = {
            r.code: (r.role, r.unit_code)
            for r in conn.execute(
                select(models.Person.code, models.Person.role, models.Person.unit_code)
            )
        }
        rows = conn.execute(
            text(
                "SELECT case_id, id, seq, at, actor_id, role, unit_code FROM case_events "
                "ORDER BY case_id, id"
            )
        ).all()
        max_seq = conn.execute(text("SELECT value FROM counters WHERE name='change_seq'")).scalar()
    assert max_seq == max(r.seq for r in rows)
    last: dict[int, tuple] = {}
    now = DEMO_NOW.isoformat(sep=" ")
    for r in rows:
        assert str(r.at) <= now
        prev = last.get(r.case_id)
        if prev:
            assert str(r.at) >= prev[0] and r.seq >= prev[1]
        last[r.case_id] = (str(r.at), r.seq)
        if r.actor_id == "system":
            assert r.role == Role.SYSTEM.value and r.unit_code is None
        else:
            assert people[r.actor_id] == (r.role, r.unit_code), r
    # ids follow seqs: the change feed order is the insertion order
    seqs = [r.seq for r in sorted(rows, key=lambda r: r.id)]
    assert seqs == sorted(seqs)


def test_places_are_consistent_and_inside_their_grid(demo_store):
    ctx, _ = demo_store
    org = build_org(DEMO_SEED)
    index = {g["code"]: i for i, g in enumerate(org.grids)}
    with ctx.engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT c.grid_code, c.community_code, c.street_code, c.lon, c.lat, "
                "g.community_code AS gc, g.street_code AS gs, m.street_code AS ms FROM cases c "
                "JOIN grids g ON g.code = c.grid_code JOIN communities m ON m.code = c.community_code"
            )
        ).all()
    assert len(rows) == DEMO_CASES
    for r in rows:
        assert (r.community_code, r.street_code) == (r.gc, r.gs) and r.ms == r.street_code
    geoms = org.grid_geoms[[index[r.grid_code] for r in rows]]
    inside = shapely.covers(geoms, shapely.points([r.lon for r in rows], [r.lat for r in rows]))
    assert inside.all()


def test_open_cases_are_recent_and_carry_the_current_clock(demo_store):
    ctx, summary = demo_store
    with ctx.unit_of_work() as uow:
        ids = (
            uow.session.execute(
                select(models.Case.id).where(
                    models.Case.state.notin_(
                        [State.CLOSED.value, State.VOID.value, State.MERGED.value]
                    )
                )
            )
            .scalars()
            .all()
        )
        records = [uow.cases.get(i) for i in ids]
    assert summary.open_cases == len(records) > 0
    states = Counter(r.state for r in records)
    for state in (
        State.PENDING_DISPATCH,
        State.DISPATCHED,
        State.IN_PROGRESS,
        State.PENDING_CHECK,
        State.PENDING_CLOSE,
        State.PENDING_VISIT,
    ):
        assert states[state] > 0, state
    for r in records:
        snap = snapshot_of(r)
        clock = current_clock(snap)
        if r.state is State.HUNG:
            assert r.handle_clock is not None and r.handle_clock.is_paused
            continue
        assert clock is not None, r.id
        assert (r.due_at, r.due_start) == (clock.deadline, clock.start)
        if r.state is not State.IN_PROGRESS:
            assert r.stage_clock is not None
    closed_recently = sum(1 for r in records if r.reported_at > DEMO_NOW - timedelta(days=10))
    assert closed_recently > 0.6 * len(records)


def test_on_time_rate_is_realistic(demo_store):
    ctx, _ = demo_store
    with ctx.unit_of_work() as uow:
        ids = (
            uow.session.execute(
                select(models.Case.id).where(
                    models.Case.state == State.CLOSED.value, models.Case.handle_clock.isnot(None)
                )
            )
            .scalars()
            .all()
        )
        clocks = [uow.cases.get(i).handle_clock for i in ids]
    done = [cl for cl in clocks if cl.is_paused]  # handled (report_done pauses the clock)
    late = sum(cl.paused_since > cl.deadline for cl in done)
    assert len(done) > 0.5 * DEMO_CASES
    assert 0.07 < late / len(done) < 0.2


def test_reporters_only_for_public_channels(demo_store):
    ctx, _ = demo_store
    with ctx.engine.connect() as conn:
        pairs = conn.execute(
            text("SELECT c.id, c.channel FROM reporters r JOIN cases c ON c.id = r.case_id")
        ).all()
        public = conn.execute(
            text("SELECT count(*) FROM cases WHERE channel IN ('hotline_12345', 'service_window')")
        ).scalar()
    with ctx.unit_of_work() as uow:  # identity is sealed: open it through the repository
        opened = [uow.cases.reporter(case_id) for case_id, _ in pairs]
    assert len(pairs) == public
    assert {ch for _, ch in pairs} == {Channel.HOTLINE_12345.value, Channel.SERVICE_WINDOW.value}
    assert all(re.fullmatch(r"1[3-9]\d{9}", r.phone) for r in opened)
    ids = [r.id_number for r in opened if r.id_number]
    assert 0.2 < len(ids) / len(opened) < 0.4
    for n in ids:
        assert re.fullmatch(r"\d{17}[\dX]", n) and id_check_digit(n[:17]) == n[17]
        date(int(n[6:10]), int(n[10:12]), int(n[12:14]))  # a real birth date


def test_counters_continue_after_the_demo(demo_store):
    ctx, _ = demo_store
    with ctx.engine.connect() as conn:
        last_code = conn.execute(select(func.max(models.Case.code))).scalar()
        counter = conn.execute(
            text("SELECT value FROM counters WHERE name = :n"), {"n": f"case_code:{last_code[:10]}"}
        ).scalar()
    assert counter == int(last_code[10:])


def test_a_second_demo_is_refused(demo_store):
    ctx, _ = demo_store
    assert is_seeded(ctx)
    with pytest.raises(DemoError):
        build_demo(ctx, cases=10, now=DEMO_NOW)


def test_duty_axis_is_the_business_calendar():
    cal = BusinessCalendar.default()
    axis = TickAxis(cal, date(2024, 9, 1), date(2026, 12, 31))
    rng = np.random.default_rng(3)
    t = _epoch(datetime(2024, 9, 20)) + rng.integers(0, 86400 * 500, 400)
    t[:100] = t[:100] // 1800 * 1800  # window boundaries included
    for limit in (
        TimeLimit(4, TimeUnit.WORKING_HOURS),
        TimeLimit(3, TimeUnit.WORKING_DAYS),
        TimeLimit(0.5, TimeUnit.NATURAL_HOURS),
    ):
        unit, amount = axis.limit_seconds(limit)
        got = axis.add(t, amount, unit)
        for a, b in zip(t.tolist(), got.tolist()):
            start = EPOCH + timedelta(seconds=a)
            assert EPOCH + timedelta(seconds=b) == cal.add(start, limit), (start, limit)


def test_small_demo_on_each_dialect(db_url):
    """A fresh store (SQLite and PostgreSQL): the generic writer path and the org seeding."""
    from commandcenter.services.context import AppContext

    ctx = AppContext.open(db_url)
    try:
        assert not is_seeded(ctx)
        summary = build_demo(ctx, cases=250, seed=5, now=DEMO_NOW)
        assert summary.org_seeded and summary.events > 250 * 5
        with ctx.unit_of_work() as uow:
            ids = uow.session.execute(select(models.Case.id)).scalars().all()
            assert len(ids) == summary.cases == 250
            for case_id in ids[::10]:
                record = uow.cases.get(case_id)
                assert _replay(ctx.lifecycle, list(uow.cases.events(case_id))) == snapshot_of(
                    record
                )
    finally:
        ctx.close()


def test_bulk_load_leaves_the_schema_and_settings_as_migrated(demo_store, tmp_path):
    """Indexes dropped for the load are back, identical; WAL and foreign keys are in force."""
    from commandcenter.store.engine import make_engine, sqlite_url_for
    from commandcenter.store.migrate import upgrade_to_head

    ctx, _ = demo_store
    fresh = make_engine(sqlite_url_for(tmp_path / "fresh.sqlite3"))
    upgrade_to_head(fresh)
    query = "SELECT name, sql FROM sqlite_master WHERE type = 'index' ORDER BY name"
    with fresh.connect() as a, ctx.engine.connect() as b:
        assert a.exec_driver_sql(query).all() == b.exec_driver_sql(query).all()
        assert b.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert b.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert b.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
        assert b.exec_driver_sql("PRAGMA foreign_key_check").all() == []
    fresh.dispose()


def test_a_reader_holding_the_file_open_does_not_stop_the_load(tmp_path):
    """The load leaves WAL only when it is alone; with another connection open it stays in WAL."""
    from commandcenter.services.context import AppContext
    from commandcenter.store.engine import sqlite_url_for

    ctx = AppContext.open(sqlite_url_for(tmp_path / "busy.sqlite3"))
    try:
        reader = ctx.engine.connect()
        reader.exec_driver_sql("SELECT count(*) FROM cases").all()
        reader.commit()
        summary = build_demo(ctx, cases=200, seed=3, now=DEMO_NOW)
        assert reader.exec_driver_sql("SELECT count(*) FROM cases").scalar() == summary.cases
        assert reader.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        reader.close()
    finally:
        ctx.close()


def test_same_seed_same_database(tmp_path):
    """Two stores built with the same seed and ``now`` hold identical rows, table by table
    (reporters compared opened: each store seals with its own key and random nonces)."""
    from commandcenter.services.context import AppContext
    from commandcenter.store.engine import sqlite_url_for

    dumps = []
    for name in ("a", "b"):
        ctx = AppContext.open(sqlite_url_for(tmp_path / f"{name}.sqlite3"))
        try:
            build_demo(ctx, cases=300, seed=11, now=DEMO_NOW)
            with ctx.engine.connect() as conn:
                dump = {
                    table: conn.exec_driver_sql(f"SELECT * FROM {table} ORDER BY 1").all()
                    for table in ("cases", "case_events", "people", "grid_assignments",
                                  "counters")
                }
                case_ids = conn.exec_driver_sql(
                    "SELECT case_id FROM reporters ORDER BY id").scalars().all()
            with ctx.unit_of_work() as uow:
                dump["reporters"] = [
                    (r.case_id, r.name, r.phone, r.id_number)
                    for r in (uow.cases.reporter(i) for i in case_ids)
                ]
            dumps.append(dump)
        finally:
            ctx.close()
    for table, rows in dumps[0].items():
        assert rows == dumps[1][table], table


