"""Several workstation processes × random transitions on the same cases (PostgreSQL and SQLite):
every history is a valid path through the lifecycle, every success is exactly one stored write,
every refusal is a conflict or a domain error, nothing crashes or deadlocks.

The issue's scale (4 × 2,000 on 200 cases) is `python tests/concurrency/stress.py run URL`."""

from __future__ import annotations

import json

from sqlalchemy import create_engine, insert, select, text, update

from commandcenter.store.models import Case, CaseEvent

from .stress import run, setup, verify

WORKERS, STEPS, CASES = 4, 100, 30


def test_concurrent_workers_leave_valid_histories(db_url, tmp_path):
    report = run(db_url, WORKERS, STEPS, CASES, think_ms=2, workdir=tmp_path, timeout=240)
    print(json.dumps(report, ensure_ascii=False))
    assert report["problems"] == []
    assert report["crashes"] == 0
    assert report["successes"] + report["conflicts"] + report["refused"] == WORKERS * STEPS
    assert report["transition_events"] == report["successes"] > 0
    assert report["conflicts"] > 0  # the workers really did collide
    assert report["refused"] > 0 and set(report["refused_by_code"]) <= {"wrong_state", "wrong_unit"}


def test_verification_catches_a_history_that_skips_a_step(db_url):
    """The replay is not a rubber stamp: a case moved without its event is found."""
    (case_id,) = setup(db_url, 1)
    assert verify(db_url)["problems"] == []
    engine = create_engine(db_url)
    try:
        with engine.begin() as conn:
            conn.execute(text("UPDATE cases SET state = 'dispatched' WHERE id = :id"), {"id": case_id})
    finally:
        engine.dispose()
    problems = verify(db_url)["problems"]
    assert len(problems) == 1 and f"case {case_id}" in problems[0] and "state" in problems[0]


def test_verification_catches_a_forged_step(db_url):
    """An event the lifecycle would never write (closing a case straight from its first state),
    stored as a complete, consistent write (case state, version, seq and counter all moved),
    is found by the replay of the event itself."""
    (case_id,) = setup(db_url, 1)
    engine = create_engine(db_url)
    try:
        with engine.begin() as conn:
            case = conn.execute(select(Case.state, Case.version, Case.reported_at)
                                .where(Case.id == case_id)).one()
            seq = conn.execute(text("UPDATE counters SET value = value + 1 "
                                    "WHERE name = 'change_seq' RETURNING value")).scalar_one()
            conn.execute(insert(CaseEvent.__table__).values(
                case_id=case_id, seq=seq, action="close", from_state=case.state,
                to_state="closed", actor_id="u-leader", role="shift_leader", unit_code="QZX",
                at=case.reported_at, reason="", payload={}))
            conn.execute(update(Case.__table__).where(Case.id == case_id).values(
                state="closed", version=case.version + 1, updated_seq=seq))
    finally:
        engine.dispose()
    problems = verify(db_url)["problems"]
    assert len(problems) == 1 and f"case {case_id}" in problems[0], problems
    assert "(close" in problems[0] and "not a valid step" in problems[0], problems
