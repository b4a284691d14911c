"""CaseService on SQLite and PostgreSQL: the whole lifecycle, conflicts, races, atomicity."""

from __future__ import annotations

import threading
from datetime import datetime, timedelta

import pytest
from sqlalchemy import func, select

from commandcenter.domain.calendar import TimeLimit, TimeUnit
from commandcenter.domain.vocabulary import AreaClass, Channel, Level, State
from commandcenter.services.dto import NewCase, ReporterInfo
from commandcenter.services.errors import CaseNotFoundError, ConflictError, TransitionError
from commandcenter.store import seq
from commandcenter.store.models import CaseEvent, Reporter
from commandcenter.store.repository import CaseRepository

from .conftest import (
    CALLBACK,
    COMMUNITY,
    DEPT,
    DISPATCHER,
    DISTRICT,
    GRID,
    GRID_WORKER,
    HANDLER,
    INTAKE,
    LEADER,
    STREET,
    STREET_CENTRE,
)

REGISTER = {"minor_code": "0101", "condition_id": "01"}  # 违法建设, stop work: 4 working hours


def hotline(**changes) -> NewCase:
    fields = {"channel": Channel.HOTLINE_12345, "title": "占道经营", "address": "夫子庙贡院街",
              "grid_code": GRID, "reporter": ReporterInfo("张三", "13812341234", "320104199001011234")}
    return NewCase(**{**fields, **changes})


def event_count(ctx) -> int:
    with ctx.unit_of_work() as uow:
        return uow.session.execute(select(func.count()).select_from(CaseEvent)).scalar_one()


def test_report_lands_in_pending_accept(service, ctx):
    ref = service.report(hotline(), INTAKE)
    assert ref.state is State.PENDING_ACCEPT and ref.version == 1
    assert ref.code == "QH20240304000001"
    detail = service.detail(ref.code)
    assert detail.id == ref.id
    assert (detail.street_code, detail.community_code) == (STREET, COMMUNITY)  # from the grid
    assert detail.owner_centre == DISTRICT and detail.level is Level.DISTRICT
    assert [e.action for e in detail.events] == ["report", "screen"]
    assert detail.stage_clock is not None and detail.due_at == detail.stage_clock.deadline


def test_full_lifecycle_path(service, ctx, clock):
    ref = service.report(hotline(), INTAKE)
    steps = [
        ("accept", {}, INTAKE, State.PENDING_REGISTER),
        ("register", REGISTER, LEADER, State.PENDING_DISPATCH),
        ("dispatch", {"unit": DEPT}, DISPATCHER, State.DISPATCHED),
        ("sign", {}, HANDLER, State.IN_PROGRESS),
        ("report_done", {}, HANDLER, State.PENDING_CHECK),
        ("check_pass", {}, GRID_WORKER, State.PENDING_CLOSE),
        ("close", {}, LEADER, State.PENDING_VISIT),  # a hotline case gets a callback
        ("callback", {"result": "satisfied"}, CALLBACK, State.CLOSED),
    ]
    version, last_seq, state = ref.version, 0, ref.state
    for action, params, actor, expected_state in steps:
        clock.at += timedelta(minutes=20)
        result = service.transition(ref.id, action, params, actor, expected_version=version)
        assert (result.from_state, result.to_state) == (state, expected_state), action
        assert result.version == version + 1 and result.seq > last_seq
        assert result.event.action == action and result.event.seq == result.seq
        assert result.code == ref.code
        version, last_seq, state = result.version, result.seq, result.to_state
    detail = service.detail(ref.id)
    assert detail.state is State.CLOSED and detail.version == 1 + len(steps)
    assert [e.action for e in detail.events] == ["report", "screen"] + [s[0] for s in steps]
    # register was completed from the catalogue and the grid's area class
    assert detail.handle_limit == TimeLimit(4, TimeUnit.WORKING_HOURS)
    assert detail.area_class is AreaClass.A
    assert detail.registered_at == datetime(2024, 3, 4, 9, 40)
    assert detail.closed_at == clock.at
    assert detail.lead_unit == DEPT and detail.lead_chain == (DEPT,)
    assert detail.handle_clock.start == datetime(2024, 3, 4, 10, 0)  # the clock starts at dispatch
    assert service.changed_since(0).case_ids == (ref.id,)


def test_expected_version_defaults_to_the_version_read(service):
    ref = service.report(hotline(), INTAKE)
    assert service.transition(ref.id, "accept", {}, INTAKE).version == 2


def test_dispatch_to_a_street_centre_sends_the_case_down(service):
    ref = service.report(hotline(), INTAKE)
    service.transition(ref.id, "accept", {}, INTAKE)
    service.transition(ref.id, "register", REGISTER, LEADER)
    # the caller cannot pretend: unit_is_centre comes from the units table
    service.transition(ref.id, "dispatch", {"unit": STREET_CENTRE, "unit_is_centre": False},
                       DISPATCHER)
    detail = service.detail(ref.id)
    assert detail.lead_is_centre is True and detail.handle_clock is None


def test_stale_expected_version_raises_conflict_and_writes_nothing(service, ctx):
    ref = service.report(hotline(), INTAKE)
    service.transition(ref.id, "accept", {}, INTAKE, expected_version=1)
    before = (event_count(ctx), service.changed_since(0).max_seq)
    with pytest.raises(ConflictError) as err:
        service.transition(ref.id, "invalidate", {"reason": "重复"}, INTAKE, expected_version=1)
    conflict = err.value
    assert (conflict.case_id, conflict.code, conflict.expected, conflict.actual) == (
        ref.id, ref.code, 1, 2)
    assert conflict.actions == ("accept",) and conflict.changes[0].actor_id == INTAKE.user_id
    assert "accept by u-intake" in str(conflict)
    assert (event_count(ctx), service.changed_since(0).max_seq) == before
    assert service.detail(ref.id).state is State.PENDING_REGISTER


def test_racing_transitions_exactly_one_wins(service, ctx):
    ref = service.report(hotline(), INTAKE)
    barrier = threading.Barrier(2, timeout=20)
    outcomes: list[object] = []

    def worker():
        barrier.wait()
        try:
            outcomes.append(service.transition(ref.id, "accept", {}, INTAKE, expected_version=1))
        except Exception as exc:  # asserted below
            outcomes.append(exc)

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    conflicts = [o for o in outcomes if isinstance(o, ConflictError)]
    assert len(outcomes) == 2 and len(conflicts) == 1, outcomes
    assert conflicts[0].actions == ("accept",)
    assert event_count(ctx) == 3
    assert service.detail(ref.id).version == 2


def test_domain_refusals_and_bad_parameters_raise_transition_error(service, ctx):
    ref = service.report(hotline(), INTAKE)
    with pytest.raises(TransitionError) as wrong_state:
        service.transition(ref.id, "sign", {}, HANDLER)
    assert wrong_state.value.code == "wrong_state"
    for action, params in [("no_such_action", {}), ("accept", {"bogus": 1})]:
        with pytest.raises(TransitionError) as bad:
            service.transition(ref.id, action, params, INTAKE)
        assert bad.value.code == "bad_input"
    service.transition(ref.id, "accept", {}, INTAKE)
    with pytest.raises(TransitionError, match="unknown minor class"):
        service.transition(ref.id, "register", {"minor_code": "9999", "condition_id": "01"}, LEADER)
    service.transition(ref.id, "register", REGISTER, LEADER)
    with pytest.raises(TransitionError, match="unknown unit") as unknown:
        service.transition(ref.id, "dispatch", {"unit": "NOPE"}, DISPATCHER)
    assert unknown.value.params["field"] == "unit"
    assert event_count(ctx) == 4  # report, screen, accept, register: refusals wrote nothing
    with pytest.raises(CaseNotFoundError):
        service.transition(999_999, "accept", {}, INTAKE)


def test_register_keeps_explicit_inputs(service):
    ref = service.report(hotline(grid_code=None), INTAKE)
    service.transition(ref.id, "accept", {}, INTAKE)
    service.transition(ref.id, "register", {**REGISTER, "area_class": "C",
                                           "handle_limit": "2 working_days", "emergency": True},
                       LEADER)
    detail = service.detail(ref.id)
    assert detail.area_class is AreaClass.C and detail.emergency is True
    assert detail.handle_limit == TimeLimit(2, TimeUnit.WORKING_DAYS)


def test_failure_midway_leaves_no_partial_rows(service, ctx, monkeypatch):
    ref = service.report(hotline(), INTAKE)
    before = (event_count(ctx), service.changed_since(0).max_seq, service.detail(ref.id).version)

    def broken(self, case_id, change_seq, events):
        raise OSError("disk full")

    monkeypatch.setattr(CaseRepository, "_insert_events", broken)
    with pytest.raises(OSError, match="disk full"):
        service.transition(ref.id, "accept", {}, INTAKE)
    with pytest.raises(OSError, match="disk full"):
        service.report(hotline(), INTAKE)
    monkeypatch.undo()
    assert (event_count(ctx), service.changed_since(0).max_seq, service.detail(ref.id).version) == before
    assert service.report(hotline(), INTAKE).code == "QH20240304000002"  # numbering rolled back too


def test_reporter_is_stored_apart_and_shown_masked(service, ctx):
    ref = service.report(hotline(), INTAKE)
    bare = service.report(hotline(reporter=None), INTAKE)
    detail = service.detail(ref.id)
    assert (detail.reporter.name, detail.reporter.phone, detail.reporter.id_number) == (
        "张*", "138****1234", "3201**********1234")  # issue 8's masks
    assert service.detail(bare.id).reporter is None
    with ctx.unit_of_work() as uow:  # one reporter row, apart from the case (sealed: issue 8)
        rows = uow.session.execute(select(Reporter.case_id)).all()
    assert rows == [(ref.id,)]


def test_report_to_a_street_centre_runs_at_street_level(service):
    ref = service.report(hotline(owner_centre=STREET_CENTRE, channel="grid_worker"), INTAKE)
    detail = service.detail(ref.id)
    assert detail.owner_centre == STREET_CENTRE and detail.level is Level.STREET
    assert detail.channel is Channel.GRID_WORKER


def test_changed_since_reports_exactly_the_changed_cases(service):
    a, b, c = (service.report(hotline(title=t), INTAKE) for t in "abc")
    mark = service.changed_since(0).max_seq
    service.transition(c.id, "accept", {}, INTAKE)
    service.transition(a.id, "accept", {}, INTAKE)
    batch = service.changed_since(mark)
    assert batch.case_ids == (c.id, a.id) and batch.max_seq == mark + 2
    assert service.changed_since(batch.max_seq).case_ids == ()
    assert b.id not in batch.case_ids


def test_detail_lists_merged_duplicates(service, ctx):
    parent = service.report(hotline(), INTAKE)
    child = service.report(hotline(), INTAKE)
    service.transition(child.id, "merge", {"parent_id": parent.id}, INTAKE)
    detail = service.detail(parent.id)
    assert [(d.id, d.state) for d in detail.duplicates] == [(child.id, State.MERGED)]
    with ctx.unit_of_work() as uow:
        assert seq.current_value(uow.session) == 3  # two reports and a merge


def test_paused_clocks_and_extensions_survive_the_store(service, clock):
    ref = service.report(hotline(), INTAKE)
    for action, params, actor in [("accept", {}, INTAKE), ("register", REGISTER, LEADER),
                                  ("dispatch", {"unit": DEPT}, DISPATCHER), ("sign", {}, HANDLER)]:
        service.transition(ref.id, action, params, actor)
    deadline = service.detail(ref.id).due_at
    clock.at += timedelta(minutes=30)
    service.transition(ref.id, "request_extension", {"extra": "1 working_days", "reason": "材料"},
                       HANDLER)
    waiting = service.detail(ref.id)
    assert waiting.clock_paused is True and waiting.handle_clock.is_paused
    assert waiting.extension_requested == TimeLimit(1, TimeUnit.WORKING_DAYS)
    clock.at += timedelta(hours=1)
    service.transition(ref.id, "approve_extension", {}, LEADER)
    extended = service.detail(ref.id)
    assert extended.clock_paused is False and extended.extension_requested is None
    assert extended.due_at > deadline + timedelta(hours=1)
    assert extended.handle_clock.extensions == (TimeLimit(1, TimeUnit.WORKING_DAYS),)
    service.transition(ref.id, "report_done", {}, HANDLER)
    result = service.transition(ref.id, "check_fail", {"reason": "未清理"}, GRID_WORKER)
    assert result.to_state is State.IN_PROGRESS
    assert service.detail(ref.id).rework_count == 1
