"""CaseSnapshot <-> cases row: lossless round trip, in memory and through both databases."""

from __future__ import annotations

import dataclasses
from datetime import datetime, timedelta

from sqlalchemy import select

from commandcenter.domain import sla
from commandcenter.domain.calendar import BusinessCalendar, TimeLimit, TimeUnit
from commandcenter.domain.case import CaseSnapshot, Event, Whistle
from commandcenter.domain.vocabulary import AreaClass, Channel, Level, Role, State, WhistleReason
from commandcenter.store import mapping
from commandcenter.store.models import Case
from commandcenter.store.records import CaseContent
from commandcenter.store.uow import UnitOfWork

CAL = BusinessCalendar()
T = datetime(2024, 3, 4, 9, 15, 30, 123456)


def rich_snapshot() -> CaseSnapshot:
    """Every field away from its default, clocks paused/extended, a whistle with answers."""
    handle = sla.start_clock(CAL, T, TimeLimit(4, TimeUnit.WORKING_HOURS))
    handle = sla.pause(handle, T + timedelta(hours=1))
    handle = sla.resume(handle, T + timedelta(hours=2), cal=CAL)
    handle = sla.extend(handle, TimeLimit(1, TimeUnit.WORKING_DAYS), cal=CAL)
    handle = sla.pause(handle, T + timedelta(hours=3))
    stage = sla.start_clock(CAL, T, TimeLimit(0.5, TimeUnit.NATURAL_HOURS))
    whistle = Whistle(
        reason=WhistleReason.LACKS_ENFORCEMENT, departments=("CGJ", "SJJ"), lead_unit="CGJ",
        called_at=T, checkin_deadline=T + timedelta(minutes=30),
        checked_in=(("CGJ", T + timedelta(minutes=5)),), ratings=(("CGJ", 4),),
    )
    return CaseSnapshot(
        state=State.IN_PROGRESS, channel=Channel.SERVICE_WINDOW, owner_centre="320104001-ZX",
        level=Level.STREET, lead_unit="CGJ", co_handlers=("SJJ", "ZJJ"), lead_chain=("320104001-ZX", "CGJ"),
        centre_chain=("QZX", "320104001-ZX"), lead_is_centre=False, hung_from=State.PENDING_DISPATCH,
        hang_requested=True, extension_requested=TimeLimit(2.5, TimeUnit.WORKING_DAYS),
        return_to_judge=True, whistle=whistle, parent_id=None, minor_code="0101", condition_id="01",
        area_class=AreaClass.A, emergency=True, handle_limit=TimeLimit(4, TimeUnit.WORKING_HOURS),
        supervision_level=2, rework_count=1, return_count=2, redo_count=3, reopen_count=1,
        callback_attempts=2, forced=True, reported_at=T, registered_at=T + timedelta(minutes=10),
        dispatched_at=T + timedelta(minutes=20), handled_at=T + timedelta(hours=5),
        closed_at=T + timedelta(days=1), stage_clock=stage, handle_clock=handle,
    )


def test_every_snapshot_field_has_a_column():
    assert set(mapping.SNAPSHOT_FIELDS) <= set(mapping.CASE_COLUMNS)


def test_the_rich_snapshot_really_differs_from_defaults_everywhere():
    minimal = CaseSnapshot(state=State.REPORTED, channel=Channel.GRID_WORKER, owner_centre="X")
    same = [f.name for f in dataclasses.fields(CaseSnapshot)
            if getattr(rich_snapshot(), f.name) == getattr(minimal, f.name)]
    assert same == ["lead_is_centre", "parent_id"]  # both exercised by other tests


def test_columns_hold_only_primitives_and_denormalise_the_current_clock():
    snap = rich_snapshot()
    cols = mapping.snapshot_columns(snap)
    assert cols["state"] == "in_progress" and cols["hung_from"] == "pending_dispatch"
    assert cols["extension_requested"] == "2.5 working_days"
    assert cols["co_handlers"] == ["SJJ", "ZJJ"]
    assert cols["handle_clock"] == snap.handle_clock.to_dict()
    # IN_PROGRESS shows the handling clock (lifecycle.current_clock)
    assert cols["due_at"] == snap.handle_clock.deadline
    assert cols["due_start"] == snap.handle_clock.start
    assert cols["clock_paused"] is True


def test_snapshot_round_trips_through_the_store(db_engine, session_factory, lifecycle):
    snap = rich_snapshot()
    event = Event("report", None, State.REPORTED, "u1", Role.INTAKE_OPERATOR, "QZX", T,
                  payload={"说明": "中文"})
    with UnitOfWork(session_factory, write=True) as uow:
        created = uow.cases.create(CaseContent(title="标题", lon=118.79, lat=32.02), snap, [event])
        # a parent for the merged case below (parent_id is a foreign key)
        merged = uow.cases.create(
            CaseContent(title="dup"),
            snap.evolve(state=State.MERGED, parent_id=created.id, lead_is_centre=True), [event],
        )
    with UnitOfWork(session_factory) as uow:
        record = uow.cases.get(created.id)
        child = uow.cases.get(merged.id)
        stored_events = uow.cases.events(created.id)
    assert mapping.snapshot_of(record) == snap
    assert mapping.snapshot_of(child).parent_id == created.id
    assert mapping.snapshot_of(child).lead_is_centre is True
    assert record.title == "标题" and record.lon == 118.79 and record.version == 1
    assert record.due_at == snap.handle_clock.deadline and record.clock_paused is True
    assert record.updated_seq == created.seq
    assert stored_events[0].payload == {"说明": "中文"} and stored_events[0].at == T


def test_rows_read_back_as_domain_types(session_factory, add_case):
    created = add_case()
    with UnitOfWork(session_factory) as uow:
        row = uow.session.execute(select(Case.__table__).where(Case.id == created.id)).mappings().one()
    record = mapping.record_from_row(row)
    assert record.state is State.PENDING_ACCEPT
    assert record.channel is Channel.HOTLINE_12345
    assert isinstance(record.stage_clock, sla.Clock)
    assert record.centre_chain == ("QZX",)
