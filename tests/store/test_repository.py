"""The case repository on SQLite and PostgreSQL: locking, sequence, immutability, atomicity."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import IntegrityError

from commandcenter.domain.case import Actor
from commandcenter.domain.commands import Accept, Invalidate
from commandcenter.domain.vocabulary import Channel, Role, State
from commandcenter.store import seq
from commandcenter.store.mapping import snapshot_of
from commandcenter.store.models import Case, CaseEvent, Reporter
from commandcenter.store.records import (
    CaseContent,
    CaseNotFoundError,
    ReporterRecord,
    StaleVersionError,
)
from commandcenter.store.repository import CaseRepository
from commandcenter.store.uow import UnitOfWork

from .conftest import CENTRE, INTAKE, T0


def counts(factory) -> dict[str, int]:
    with UnitOfWork(factory) as uow:
        s = uow.session
        return {
            "cases": s.execute(select(func.count()).select_from(Case)).scalar_one(),
            "events": s.execute(select(func.count()).select_from(CaseEvent)).scalar_one(),
            "reporters": s.execute(select(func.count()).select_from(Reporter)).scalar_one(),
            "change_seq": seq.current_value(s),
        }


def accept(factory, lifecycle, case_id, expected=None, at=T0 + timedelta(minutes=5)):
    with UnitOfWork(factory, write=True) as uow:
        record = uow.cases.get(case_id)
        done = lifecycle.apply(snapshot_of(record), Accept(), INTAKE, at)
        return uow.cases.save_transition(
            case_id, record.version if expected is None else expected, done.case, done.events)


def test_create_numbers_cases_per_day_and_starts_at_version_one(session_factory, add_case):
    a, b = add_case(), add_case()
    c = add_case(at=T0 + timedelta(days=1))
    assert (a.code, b.code, c.code) == ("QH20240304000001", "QH20240304000002", "QH20240305000001")
    assert a.version == 1 and len(a.events) == 2  # report + screen, one seq
    assert {e.seq for e in a.events} == {a.seq}
    with UnitOfWork(session_factory) as uow:
        assert uow.cases.get_by_code(b.code).id == b.id
        assert uow.cases.find(str(c.id)).code == c.code
        with pytest.raises(CaseNotFoundError):
            uow.cases.get(10_000)


def test_save_transition_bumps_version_and_seq(session_factory, lifecycle, add_case):
    created = add_case()
    saved = accept(session_factory, lifecycle, created.id, expected=1)
    assert saved.version == 2 and saved.seq == created.seq + 1
    assert [e.action for e in saved.events] == ["accept"]
    with UnitOfWork(session_factory) as uow:
        record = uow.cases.get(created.id)
        assert record.state is State.PENDING_REGISTER
        assert record.updated_seq == saved.seq
        assert [e.seq for e in uow.cases.events(created.id)] == [created.seq] * 2 + [saved.seq]


def test_stale_version_raises_and_writes_nothing(session_factory, lifecycle, add_case):
    created = add_case()
    with UnitOfWork(session_factory) as uow:
        seen = uow.cases.get(created.id)  # version 1, PENDING_ACCEPT
    leader = Actor("u", Role.SHIFT_LEADER, CENTRE)
    done = lifecycle.apply(snapshot_of(seen), Invalidate(reason="x"), leader, T0 + timedelta(hours=1))
    accept(session_factory, lifecycle, created.id)  # someone else got there first
    before = counts(session_factory)
    with pytest.raises(StaleVersionError) as err, UnitOfWork(session_factory, write=True) as uow:
        uow.cases.save_transition(created.id, seen.version, done.case, done.events)
    assert (err.value.case_id, err.value.expected, err.value.actual) == (created.id, 1, 2)
    assert counts(session_factory) == before
    with UnitOfWork(session_factory) as uow:
        assert uow.cases.get(created.id).state is State.PENDING_REGISTER


def test_racing_writers_exactly_one_wins(session_factory, lifecycle, add_case):
    """Both read version 1, then both try to write it: one commits, the other is stale."""
    created = add_case()
    barrier = threading.Barrier(2, timeout=20)
    outcomes: list[object] = []

    def worker():
        try:
            with UnitOfWork(session_factory) as uow:
                record = uow.cases.get(created.id)
            done = lifecycle.apply(snapshot_of(record), Accept(), INTAKE, T0 + timedelta(minutes=1))
            barrier.wait()
            with UnitOfWork(session_factory, write=True) as uow:
                outcomes.append(uow.cases.save_transition(created.id, record.version, done.case,
                                                          done.events))
        except Exception as exc:  # collected and asserted below
            outcomes.append(exc)

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    stale = [o for o in outcomes if isinstance(o, StaleVersionError)]
    won = [o for o in outcomes if not isinstance(o, Exception)]
    assert len(won) == 1 and len(stale) == 1, outcomes
    assert stale[0].actual == 2
    after = counts(session_factory)
    assert after["events"] == 3 and after["change_seq"] == created.seq + 1


def test_change_seq_is_strictly_increasing_and_changed_since_is_exact(session_factory, lifecycle,
                                                                     add_case):
    a, b, c = add_case("a"), add_case("b"), add_case("c")
    assert a.seq < b.seq < c.seq
    mark = c.seq
    sa = accept(session_factory, lifecycle, a.id)
    sc = accept(session_factory, lifecycle, c.id)
    assert mark < sa.seq < sc.seq
    with UnitOfWork(session_factory) as uow:
        assert uow.cases.changed_since(mark) == (sc.seq, (a.id, c.id))
        assert uow.cases.changed_since(sa.seq) == (sc.seq, (c.id,))
        assert uow.cases.changed_since(sc.seq) == (sc.seq, ())
        assert uow.cases.changed_since(0) == (sc.seq, (b.id, a.id, c.id))
        all_seqs = uow.session.execute(select(CaseEvent.seq).order_by(CaseEvent.id)).scalars().all()
    assert all_seqs == sorted(all_seqs)


@pytest.mark.parametrize("statement", [
    "UPDATE case_events SET reason = 'rewritten'",
    "DELETE FROM case_events",
])
def test_events_are_immutable(session_factory, add_case, statement):
    add_case()
    with pytest.raises(IntegrityError, match="immutable"), UnitOfWork(session_factory, write=True) as uow:
        uow.session.execute(text(statement))
    assert counts(session_factory)["events"] == 2


def test_failure_inside_a_unit_leaves_no_partial_rows(session_factory, lifecycle, add_case):
    before = counts(session_factory)
    with pytest.raises(RuntimeError, match="midway"), UnitOfWork(session_factory, write=True) as uow:
        reported = lifecycle.report(Channel.SENSOR, CENTRE, INTAKE, T0)
        uow.cases.create(CaseContent(), reported.case, reported.events,
                         ReporterRecord(name="张三", phone="13812341234"))
        raise RuntimeError("midway")
    assert counts(session_factory) == before
    with UnitOfWork(session_factory) as uow:  # the day's code counter was rolled back too
        names = uow.session.execute(text("SELECT name FROM counters")).scalars().all()
    assert not [n for n in names if n.startswith("case_code:")]


def test_transition_failing_after_the_case_update_is_rolled_back(session_factory, lifecycle,
                                                                 add_case, monkeypatch):
    created = add_case()
    before = counts(session_factory)

    def broken(self, case_id, change_seq, events):
        raise RuntimeError("disk full")

    monkeypatch.setattr(CaseRepository, "_insert_events", broken)
    with pytest.raises(RuntimeError, match="disk full"):
        accept(session_factory, lifecycle, created.id)
    assert counts(session_factory) == before
    with UnitOfWork(session_factory) as uow:
        record = uow.cases.get(created.id)
    assert (record.version, record.state, record.updated_seq) == (1, State.PENDING_ACCEPT, created.seq)


def test_reporter_is_stored_apart_from_the_case(session_factory, add_case):
    who = ReporterRecord(name="张三", phone="13812341234", id_number="320104199001011234")
    created = add_case(reporter=who)
    add_case()  # without a reporter: no empty row
    with UnitOfWork(session_factory) as uow:
        stored = uow.cases.reporter(created.id)
        case_row = uow.session.execute(select(Case.__table__).where(Case.id == created.id)).one()
        reporters = uow.session.execute(select(func.count()).select_from(Reporter)).scalar_one()
    assert (stored.name, stored.phone, stored.id_number) == (who.name, who.phone, who.id_number)
    assert stored.case_id == created.id and reporters == 1
    flat = " ".join(str(v) for v in case_row)
    for secret in (who.name, who.phone, who.id_number):
        assert secret not in flat


def test_events_since_version(session_factory, lifecycle, add_case):
    created = add_case()
    accept(session_factory, lifecycle, created.id)
    with UnitOfWork(session_factory) as uow:
        assert [e.action for e in uow.cases.events_since_version(created.id, 1)] == ["accept"]
        assert uow.cases.events_since_version(created.id, 2) == ()
        assert [e.action for e in uow.cases.events_since_version(created.id, 0)] == [
            "report", "screen", "accept"]


def test_missing_counter_row_is_reported_clearly(session_factory):
    with pytest.raises(seq.MissingCounterError), UnitOfWork(session_factory, write=True) as uow:
        seq.next_value(uow.session, "no_such_counter")


def _create(session_factory, lifecycle, source: str, external_id: str):
    reported = lifecycle.report(Channel.HOTLINE_12345, CENTRE, INTAKE, T0)
    with UnitOfWork(session_factory, write=True) as uow:
        return uow.cases.create(CaseContent(title="case", source=source, external_id=external_id),
                                reported.case, reported.events, None)


def test_a_local_external_id_is_unique_and_other_sources_are_the_importers(
        session_factory, lifecycle):
    """(source, external_id) stays unique for cases entered here (the partial index of
    migration 0008); another source's ids are the importer's, held unique by sync_rows."""
    _create(session_factory, lifecycle, "local", "12345-0001")
    before = counts(session_factory)
    with pytest.raises(IntegrityError):
        _create(session_factory, lifecycle, "local", "12345-0001")
    assert counts(session_factory) == before  # the refused case left nothing behind
    _create(session_factory, lifecycle, "local", "12345-0002")
    with pytest.raises(ValueError, match="district importer"):
        _create(session_factory, lifecycle, "district", "QX-0001")
    assert counts(session_factory)["cases"] == before["cases"] + 1
