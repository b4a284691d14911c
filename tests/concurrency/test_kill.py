"""A workstation killed in the middle of a transition: the database holds the whole transition
or none of it, and no lock is left behind (the next writer goes through).

Each child process takes one step on its own case and SIGKILLs itself at a chosen point of the
write: after taking the change sequence (on PostgreSQL: holding the counter's row lock), after
updating the case row, after inserting the events (just before COMMIT), or right after COMMIT.
A second test kills stress workers at random moments under load."""

from __future__ import annotations

import random
import signal
import time

from commandcenter.domain.case import Actor
from commandcenter.domain.vocabulary import Role
from commandcenter.services.cases import CaseService
from commandcenter.services.context import AppContext

from .stress import KILL_POINTS, STEPS, setup, spawn, verify

ROUNDS = 2


def _state(url, ids):
    with AppContext.open(url, migrate=False) as ctx:
        service = CaseService(ctx)
        return {i: (d.version, d.state, len(d.events)) for i in ids for d in [service.detail(i)]}


def test_killed_inside_the_write_transaction_leaves_all_or_nothing(db_url, tmp_path):
    ids = setup(db_url, len(KILL_POINTS))
    before = _state(db_url, ids)
    procs = {}
    for case_id, point in zip(ids, KILL_POINTS, strict=True):
        procs[point] = spawn(["kill", db_url, "--ids", str(case_id), "--point", point], tmp_path)
    for point, p in procs.items():
        _out, err = p.communicate(timeout=120)
        assert p.returncode == -signal.SIGKILL, (point, p.returncode, err[-1000:])
    after = _state(db_url, ids)
    for case_id, point in zip(ids, KILL_POINTS, strict=True):
        version, state, events = before[case_id]
        if point == "after_commit":
            assert after[case_id][0] == version + 1 and after[case_id][2] == events + 1, point
        else:
            assert after[case_id] == (version, state, events), point
    assert verify(db_url)["problems"] == []
    # nothing left locked: every case takes its next step at once
    with AppContext.open(db_url, migrate=False) as ctx:
        service = CaseService(ctx)
        started = time.monotonic()
        for case_id in ids:
            action, actor, params = STEPS[service.detail(case_id).state][0]
            service.transition(case_id, action, dict(params), actor)
        assert time.monotonic() - started < 30
    assert verify(db_url)["problems"] == []


def test_workers_killed_at_random_moments_leave_a_consistent_store(db_url, tmp_path):
    ids = setup(db_url, 10)
    rng = random.Random(11)
    killed = 0
    ids_arg = ",".join(map(str, ids))
    for round_no in range(ROUNDS):
        procs = [spawn(["worker", db_url, "--ids", ids_arg, "--n", "400", "--seed",
                        str(round_no * 10 + w), "--think-ms", "0"], tmp_path) for w in range(2)]
        victim = procs[0]
        # wait until the victim is writing (its first success line), then kill it a moment later
        first = victim.stdout.readline()
        assert first.startswith('{"ok"'), first + victim.stderr.read()[-1000:]
        time.sleep(rng.uniform(0, 0.3))
        victim.send_signal(signal.SIGKILL)
        victim.communicate(timeout=60)
        killed += victim.returncode == -signal.SIGKILL
        procs[1].kill()
        procs[1].communicate(timeout=60)
        report = verify(db_url)
        assert report["problems"] == [], (round_no, report["problems"])
    assert killed == ROUNDS
    # and the store still takes writes
    with AppContext.open(db_url, migrate=False) as ctx:
        service = CaseService(ctx)
        # a case the workers left open (they may have closed some: supervise needs an open one)
        case_id = next(i for i in ids if service.detail(i).state.is_open)
        service.transition(case_id, "supervise", {"level": 1},
                           Actor("u-sup", Role.SUPERVISOR, None))
