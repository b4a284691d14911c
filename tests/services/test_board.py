"""BoardStore on a small demo store: every answer checked against SQL or the domain's own clocks."""

from __future__ import annotations

import shutil
from datetime import datetime, timedelta
from pathlib import Path

import numpy as np
import pytest
from sqlalchemy import text

from commandcenter.domain import sla
from commandcenter.domain.case import Actor
from commandcenter.domain.lifecycle import current_clock
from commandcenter.domain.vocabulary import OPEN_STATES, Channel, Role, State
from commandcenter.services.board import BoardStore
from commandcenter.services.board_columns import (
    AGING_GREEN,
    AGING_NONE,
    AGING_RED,
    AGING_YELLOW,
    U_WD,
)
from commandcenter.services.board_filter import LANE_STATES, BoardFilter
from commandcenter.services.board_load import NO_TIME
from commandcenter.services.cases import CaseService
from commandcenter.services.context import AppContext
from commandcenter.services.dto import NewCase
from commandcenter.settings import sqlite_url

CASES = 800


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from commandcenter.demo import build_demo

    path = tmp_path_factory.mktemp("board") / "t.sqlite3"
    ctx = AppContext.open(sqlite_url(path))
    try:
        build_demo(ctx, cases=CASES)
    finally:
        ctx.close()
    return path


@pytest.fixture
def bctx(template: Path, tmp_path: Path):
    target = tmp_path / "b.sqlite3"
    shutil.copyfile(template, target)
    ctx = AppContext.open(sqlite_url(target))
    yield ctx
    ctx.close()


def _now(ctx) -> datetime:
    with ctx.engine.connect() as conn:
        last = conn.execute(text("SELECT MAX(reported_at) FROM cases")).scalar_one()
    # whole minutes: the store evaluates aging at the start of the current minute
    return (datetime.fromisoformat(str(last)) + timedelta(minutes=5)).replace(second=0,
                                                                              microsecond=0)


def _rows(ctx) -> list[dict]:
    with ctx.engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(text(
            "SELECT id, state, street_code, address, description, code, reported_at, lead_unit "
            "FROM cases ORDER BY id"))]


def test_load_reads_every_case_and_lanes_match_sql(bctx):
    store = BoardStore.load(bctx)
    rows = _rows(bctx)
    assert len(store) == CASES and store.ids.tolist() == [r["id"] for r in rows]
    counts = store.queue_counts(BoardFilter(), _now(bctx))
    for lane, states in LANE_STATES.items():
        assert counts[lane] == sum(r["state"] in states for r in rows), lane
    assert counts["all_open"] == sum(State(r["state"]) in OPEN_STATES for r in rows) > 0
    assert counts["all"] == CASES


def test_filter_state_street_text_matches_brute_force(bctx):
    store = BoardStore.load(bctx)
    rows = _rows(bctx)
    street = next(r["street_code"] for r in rows if r["street_code"])
    word = rows[0]["address"][-6:-2]  # a Chinese piece of a real address
    assert any("\u4e00" <= ch <= "\u9fff" for ch in word)
    flt = BoardFilter(lane="all", states=(State.CLOSED,), streets=(street,), text=word)
    got = store.ids[store.query(flt)].tolist()
    want = [r["id"] for r in rows if r["state"] == "closed" and r["street_code"] == street
            and (word in r["address"] or word in r["description"])]
    assert sorted(got) == want
    found = store.ids[store.query(BoardFilter(lane="all", text=word))].tolist()
    assert rows[0]["id"] in found
    code = rows[5]["code"]
    assert store.ids[store.query(BoardFilter(lane="all", text=code.lower()))].tolist() == [
        rows[5]["id"]]


def test_sorts_are_stable_and_ordered(bctx):
    store = BoardStore.load(bctx)
    flt = BoardFilter(lane="all")
    pos = store.query(flt, "reported_at", descending=True)
    rep = store.cols["reported_at"][pos]
    assert np.all(np.diff(rep) <= 0)
    ties = np.flatnonzero(np.diff(rep) == 0)
    assert np.all(pos[ties] < pos[ties + 1])  # equal keys keep id order
    pos = store.query(flt, "state", descending=False)
    order = [list(State).index(State(store.value("state", p))) for p in pos]
    assert order == sorted(order)
    for key in ("code", "channel", "major", "minor", "street", "community", "grid", "address",
                "lead_unit", "time_left", "priority", "supervision", "duplicates"):
        a = store.query(flt, key, False)
        b = store.query(flt, key, True)
        assert sorted(a.tolist()) == sorted(b.tolist()) == list(range(CASES)), key
    addresses = [store.value("address", p) for p in store.query(flt, "address", False)]
    assert addresses == sorted(addresses)


def test_aging_is_exact_business_time(bctx):
    store = BoardStore.load(bctx)
    now = _now(bctx)
    aging, left, _ = store.aging(now)
    service = CaseService(bctx)
    expected = {sla.Aging.NONE: AGING_NONE, sla.Aging.GREEN: AGING_GREEN,
                sla.Aging.YELLOW: AGING_YELLOW, sla.Aging.RED: AGING_RED}
    checked = 0
    open_pos = np.flatnonzero(store.open_mask())
    for p in open_pos.tolist():
        snap = service.detail(int(store.ids[p])).snapshot
        clock = current_clock(snap)
        if clock is None or clock.pauses:  # finished pauses: the documented approximation
            continue
        assert aging[p] == expected[sla.aging(bctx.calendar, clock, now)], store.ids[p]
        assert left[p] == pytest.approx(sla.time_left(bctx.calendar, clock, now), abs=1e-6)
        checked += 1
    assert checked > 10
    assert {AGING_GREEN, AGING_RED} <= set(aging[open_pos].tolist())


def test_aging_filter_and_unit_load(bctx):
    store = BoardStore.load(bctx)
    now = _now(bctx)
    aging, _, _ = store.aging(now)
    red = store.query(BoardFilter(lane="all_open", aging="overdue"), now=now)
    assert set(red.tolist()) == set(np.flatnonzero((aging == AGING_RED) & store.open_mask()))
    load = store.unit_load(now)
    assert sum(u["overdue"] for u in load) == int(np.count_nonzero(
        (aging == AGING_RED) & store.open_mask() & (store.cols["lead_unit"] != 0)))
    rows = _rows(bctx)
    busiest = load[0]
    assert busiest["open"] == sum(r["lead_unit"] == busiest["code"] and State(r["state"])
                                  in OPEN_STATES for r in rows)


def test_mine_lane_for_a_street_centre(bctx):
    store = BoardStore.load(bctx)
    rows = _rows(bctx)
    street = next(r["street_code"] for r in rows if r["street_code"])
    centre = next(c for c, k in store.names.unit_kind.items()
                  if k == "street_centre" and store.names.unit_street[c] == street)
    store.set_operator(centre)
    mine = set(store.ids[store.query(BoardFilter(lane="mine"))].tolist())
    assert mine and all(State(store.value("state", int(p))) in OPEN_STATES
                        for p in store.positions_of(list(mine)))
    in_street = {r["id"] for r in rows if r["street_code"] == street
                 and State(r["state"]) in OPEN_STATES}
    assert in_street <= mine


def test_open_only_store_then_an_older_case_arrives(bctx):
    import json

    with bctx.engine.begin() as conn:  # one paused clock (as a hang leaves it)
        case_id, clock = conn.execute(text(
            "SELECT id, stage_clock FROM cases WHERE state = 'dispatched' "
            "AND stage_clock IS NOT NULL ORDER BY id LIMIT 1")).one()
        clock = json.loads(clock) if isinstance(clock, str) else dict(clock)
        clock["paused_since"] = "2026-03-05T14:02:00"
        conn.execute(text("UPDATE cases SET clock_paused = :t, stage_clock = :c WHERE id = :i"),
                     {"t": True, "c": json.dumps(clock), "i": case_id})
    full = BoardStore.load(bctx)
    part = BoardStore.load(bctx, open_only=True)
    assert part.partial and len(part) == int(np.count_nonzero(full.open_mask())) < len(full)
    assert np.all(np.diff(part.ids) > 0)
    # paused clocks (hung cases, extensions) read with the rows, as the full load reads them
    same = full.positions_of(part.ids.tolist())
    assert np.array_equal(part.paused_since, full.paused_since[same])
    assert np.count_nonzero(part.paused_since != NO_TIME) > 0
    closed = [int(full.ids[p]) for p in full.query(BoardFilter(lane="all", states=("closed",)))]
    result = part.apply_changes(bctx, closed[:3])
    assert result.reordered and np.all(np.diff(part.ids) > 0)
    for case_id in closed[:3]:
        p = int(part.positions_of([case_id])[0])
        q = int(full.positions_of([case_id])[0])
        assert part.value("code", p) == full.value("code", q)
        assert part.value("state", p) == State.CLOSED


def test_every_load_path_reads_the_same_text_even_with_separators_inside(bctx):
    """The open-only load and the bulk load take the text joined by the database, a change
    batch reads it per column: the three must agree, also on a value holding a line feed or a
    unit separator (the index's own separators), and find it by a word on either side."""
    with bctx.engine.begin() as conn:
        open_id = conn.execute(text("SELECT id FROM cases WHERE state IN ('dispatched', "
                                    "'in_progress', 'pending_dispatch') ORDER BY id LIMIT 1")
                               ).scalar_one()
        conn.execute(text("UPDATE cases SET address = :a, description = :d WHERE id = :i"),
                     {"a": "秦淮区\x1f瞻园路\n12号", "d": "井盖\n缺失\x1f待修", "i": open_id})
    full = BoardStore.load(bctx)
    part = BoardStore.load(bctx, open_only=True)
    fetched = BoardStore.load(bctx)
    fetched.apply_changes(bctx, [open_id])
    for store in (full, part, fetched):
        pos = int(store.positions_of([open_id])[0])
        assert store.value("address", pos) == "秦淮区 瞻园路 12号"
        assert store.value("description", pos) == "井盖 缺失 待修"
        for word in ("瞻园路 12", "缺失 待修"):
            hits = store.query(BoardFilter(lane="all", text=word))
            assert [int(store.ids[h]) for h in hits] == [open_id]
    for pos_part, case_id in enumerate(part.ids.tolist()):
        q = int(full.positions_of([case_id])[0])
        for name in ("code", "address", "description"):
            assert part.value(name, pos_part) == full.value(name, q)


def test_apply_changes_rewrites_and_appends(bctx):
    store = BoardStore.load(bctx)
    other = AppContext.open(bctx.url)  # a second session on the same database
    try:
        service = CaseService(other)
        pend = store.query(BoardFilter(lane="pending_accept"))
        new = service.report(NewCase(channel=Channel.HOTLINE_12345, address="秦淮区测试巷99号",
                                     description="井盖缺失"),
                             Actor("u1", Role.INTAKE_OPERATOR, "QZX"))
        ids = [new.id]
        if len(pend):
            case_id = int(store.ids[pend[0]])
            service.transition(case_id, "accept", {}, Actor("u1", Role.INTAKE_OPERATOR,
                                                            store.value("owner_centre",
                                                                        int(pend[0]))))
            ids.append(case_id)
    finally:
        other.close()
    before = len(store)
    result = store.apply_changes(bctx, ids)
    assert len(store) == before + 1 and result.appended == [before]
    assert store.value("state", before) == State.PENDING_ACCEPT
    assert store.ids[store.query(BoardFilter(lane="all", text="测试巷99"))].tolist() == [new.id]
    if len(pend):
        assert result.updated == [int(pend[0])]
        assert store.value("state", int(pend[0])) == State.PENDING_REGISTER


def test_worker_load_counts_verifications_and_checks(bctx):
    store = BoardStore.load(bctx)
    rows = store.worker_load(_now(bctx))
    state = store.cols["state"]
    for col, st in (("verifying", State.VERIFYING), ("checking", State.PENDING_CHECK)):
        code = store.cats["state"].code(st)
        staffed = [p for p in range(len(store)) if state[p] == code
                   and store.names.grid_workers.get(store.value("grid_code", p))]
        assert sum(r[col] for r in rows) == len(staffed), col
    assert all(r["verifying"] + r["checking"] > 0 for r in rows)


def test_time_left_sort_puts_most_overdue_first_across_units(bctx):
    store = BoardStore.load(bctx)
    now = _now(bctx)
    _, left, unit = store.aging(now)
    pos = store.query(BoardFilter(lane="all_open"), "time_left", False, now)
    hours = left[pos] * np.where(unit[pos] == U_WD, store._axis.axis.daily / 3600, 1.0)
    live = hours[~np.isnan(hours)]
    assert len(live) > 10 and np.all(np.diff(live) >= 0)
    assert np.all(np.isnan(hours[len(live):]))  # cases without a clock come last
