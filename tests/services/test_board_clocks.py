"""Deadlines per stage rebuilt from a case's events agree with the clocks the domain ran."""

from __future__ import annotations

from datetime import timedelta

import pytest

from commandcenter.domain.calendar import TimeLimit
from commandcenter.services.board_clocks import stage_clocks

from .conftest import DEPT, DISPATCHER, GRID, GRID_WORKER, HANDLER, INTAKE, LEADER
from .test_cases import REGISTER, hotline


@pytest.fixture
def walk(service, ctx, clock, org):
    """Run a case through the lifecycle, recording the live clocks after every step."""

    def run(steps):
        ref = service.report(hotline(grid_code=GRID), INTAKE)
        seen = [service.detail(ref.id)]
        for action, params, actor, minutes in steps:
            clock.at += timedelta(minutes=minutes)
            service.transition(ref.id, action, params, actor)
            seen.append(service.detail(ref.id))
        return ref.id, seen

    return run


def _rows(ctx, detail, now):
    return stage_clocks(detail, ctx.calendar, ctx.lifecycle.stage_limit, now)


def test_each_finished_stage_has_the_deadline_its_live_clock_had(walk, ctx, clock):
    case_id, seen = walk([("accept", {}, INTAKE, 10), ("register", REGISTER, LEADER, 20),
                          ("dispatch", {"unit": DEPT}, DISPATCHER, 30),
                          ("sign", {}, HANDLER, 45)])
    rows = _rows(ctx, seen[-1], clock.at)
    assert [r.stage for r in rows] == ["accept", "register", "dispatch", "sign", "handle"]
    live = {d.stage_clock.start: d.stage_clock.deadline for d in seen if d.stage_clock}
    for r in rows[:4]:
        assert r.end is not None and r.deadline == live[r.start], r.stage
        assert r.used == pytest.approx(ctx.calendar.elapsed(r.start, r.end, r.unit))
    handle = rows[-1]
    assert handle.running and handle.deadline == seen[-1].handle_clock.deadline
    assert handle.left == pytest.approx(ctx.calendar.remaining(clock.at, handle.deadline,
                                                               handle.unit))
    assert not any(r.overdue for r in rows)


def test_extension_pause_rework_and_overdue(walk, ctx, clock):
    case_id, seen = walk([
        ("accept", {}, INTAKE, 5), ("register", REGISTER, LEADER, 5),
        ("dispatch", {"unit": DEPT}, DISPATCHER, 5), ("sign", {}, HANDLER, 5),
        ("request_extension", {"extra": "1 working_days", "reason": "材料"}, HANDLER, 30),
        ("approve_extension", {}, LEADER, 60),
        ("report_done", {}, HANDLER, 60),
        ("check_fail", {"reason": "未清理"}, GRID_WORKER, 90),
    ])
    last = seen[-1]
    rows = _rows(ctx, last, clock.at)
    handles = [r for r in rows if r.stage == "handle"]
    assert len(handles) == 1  # the rework resumed the same handling clock
    h = handles[0]
    assert h.running and h.deadline == last.handle_clock.deadline
    assert h.extensions == ["1 working_days"]
    assert [why for _a, _b, why in h.pauses] == ["extension", "check"]
    assert all(b is not None for _a, b, _w in h.pauses)
    checks = [r for r in rows if r.stage == "check"]
    assert len(checks) == 1 and checks[0].end is not None
    # a week later, nothing done: the running handling clock is over its deadline
    late = clock.at + timedelta(days=14)
    h_late = [r for r in _rows(ctx, last, late) if r.stage == "handle"][0]
    assert h_late.overdue and h_late.left < 0


def test_finished_handling_clock_is_rebuilt_with_pause_and_extension(walk, ctx, clock):
    case_id, seen = walk([
        ("accept", {}, INTAKE, 5), ("register", REGISTER, LEADER, 5),
        ("dispatch", {"unit": DEPT}, DISPATCHER, 5), ("sign", {}, HANDLER, 5),
        ("request_extension", {"extra": "1 working_days", "reason": "材料"}, HANDLER, 30),
        ("approve_extension", {}, LEADER, 60),
        ("report_done", {}, HANDLER, 60),
        ("check_pass", {}, GRID_WORKER, 30),
    ])
    before_done = seen[-3]  # after the approval: the live handling clock
    rows = _rows(ctx, seen[-1], clock.at)
    h = [r for r in rows if r.stage == "handle"][0]
    assert not h.running and h.end == seen[-2].handled_at
    assert h.deadline == before_done.handle_clock.deadline
    assert TimeLimit.parse(h.extensions[0]) == before_done.handle_clock.extensions[0]
    # time used excludes the hour the extension request waited
    expected = (ctx.calendar.elapsed(h.start, h.end, h.unit)
                - ctx.calendar.elapsed(h.pauses[0][0], h.pauses[0][1], h.unit))
    assert h.used == pytest.approx(expected)
