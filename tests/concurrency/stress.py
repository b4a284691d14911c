"""Several workstation processes against one store: the pieces the concurrency tests run.

Used by tests/concurrency/test_*.py (small runs) and runnable at the issue's scale:

    python tests/concurrency/stress.py run URL --workers 4 --transitions 2000 --cases 200

(URL: ``sqlite:////tmp/x.sqlite3`` or ``postgresql+psycopg://user@host/db``, an EMPTY database;
prints one JSON object with the counts and the problems found, exit status 1 if any.)

Sub-commands run in their own process (``python stress.py worker|claim|kill ...``): each opens
its own `AppContext`, like a workstation. Scenario: cases of the "grid worker" channel (no
callback visit) cycling through accept, register, dispatch, sign / return, report done, check
pass / fail, close, reopen, hang / unhang; each step reads the case (`detail`), thinks for a
random moment, then asks `transition(..., expected_version=<version read>)`; one step in ten
asks an action picked at random (usually refused by the lifecycle). Every outcome is a success
(with its seq), a `ConflictError` or a `TransitionError`; anything else is reported as a crash.

`verify(url)` replays every case's history through the domain `Lifecycle` (each event must be
the lifecycle's answer to its action from the previous state) and checks the stored case
against the replay, the version against the number of writes, and the change counter against
the newest write.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

from sqlalchemy import insert, text

from commandcenter.domain import commands as c
from commandcenter.domain.case import Actor, TransitionError
from commandcenter.domain.vocabulary import Channel, Level, Role, State
from commandcenter.services.cases import CaseService
from commandcenter.services.context import AppContext
from commandcenter.services.dto import NewCase
from commandcenter.services.errors import ConflictError
from commandcenter.store.mapping import snapshot_of
from commandcenter.store.models import Unit

HERE = Path(__file__).resolve()
DISTRICT, DEPT, COMMUNITY = "QZX", "CGJ", "SQ001"
INTAKE = Actor("u-intake", Role.INTAKE_OPERATOR, DISTRICT)
LEADER = Actor("u-leader", Role.SHIFT_LEADER, DISTRICT)
DISPATCHER = Actor("u-dispatch", Role.DISPATCHER, DISTRICT)
HANDLER = Actor("u-cgj", Role.HANDLING_UNIT, DEPT)
GRID = Actor("u-grid", Role.GRID_WORKER, COMMUNITY)
REASON = {"reason": "压力测试"}
REGISTER = {"minor_code": "0101", "condition_id": "0101-01", "handle_limit": "2 working_days",
            "area_class": "A", "emergency": False}
# state -> the steps an operator would take there: (action, actor, params)
STEPS: dict[State, list[tuple[str, Actor, dict[str, Any]]]] = {
    State.PENDING_ACCEPT: [("accept", INTAKE, {})],
    State.PENDING_REGISTER: [("register", LEADER, REGISTER)],
    State.PENDING_DISPATCH: [("dispatch", DISPATCHER, {"unit": DEPT}), ("hang", LEADER, REASON)],
    State.DISPATCHED: [("sign", HANDLER, {}), ("sign", HANDLER, {}), ("return", HANDLER, REASON)],
    State.IN_PROGRESS: [("report_done", HANDLER, {}), ("report_done", HANDLER, {}),
                        ("hang", LEADER, REASON)],
    State.HUNG: [("unhang", LEADER, {})],
    State.PENDING_CHECK: [("check_pass", GRID, {}), ("check_fail", GRID, REASON)],
    State.PENDING_CLOSE: [("close", LEADER, {})],
    State.CLOSED: [("reopen", LEADER, REASON)],
}
ALL_STEPS = [step for steps in STEPS.values() for step in steps]


# ---------------------------------------------------------------------- set-up
def setup(url: str, cases: int) -> list[int]:
    """Migrate an empty database, add the units the scenario needs and ``cases`` new cases."""
    with AppContext.open(url) as ctx:
        with ctx.unit_of_work(write=True) as uow:
            uow.session.execute(insert(Unit.__table__), [
                {"code": DISTRICT, "name": "区指挥中心", "kind": "district_centre"},
                {"code": DEPT, "name": "城市管理局", "kind": "department"},
                {"code": COMMUNITY, "name": "社区", "kind": "community"},
            ])
        service = CaseService(ctx)
        return [
            service.report(NewCase(channel=Channel.GRID_WORKER, title=f"压力测试 {i}",
                                   owner_centre=DISTRICT), GRID).id
            for i in range(cases)
        ]


def drive_to(url: str, case_ids: list[int], state: State) -> None:
    """Walk cases along the scenario's first steps until they reach ``state`` (claim test)."""
    path = [State.PENDING_ACCEPT, State.PENDING_REGISTER, State.PENDING_DISPATCH, State.DISPATCHED]
    with AppContext.open(url, migrate=False) as ctx:
        service = CaseService(ctx)
        for case_id in case_ids:
            for here in path[: path.index(state)]:
                action, actor, params = STEPS[here][0]
                service.transition(case_id, action, dict(params), actor)


# ---------------------------------------------------------------------- workers
def _wait_for(go: Path | None) -> None:
    if go is None:
        return
    (go.parent / f"ready-{os.getpid()}").touch()
    while not go.exists():
        time.sleep(0.005)


def worker(url: str, case_ids: list[int], n: int, seed: int, think_ms: float,
           go: Path | None = None, out=sys.stdout) -> dict[str, Any]:
    """``n`` random steps; one JSON line per success (flushed: a killed worker's partial record
    survives) and a summary line at the end."""
    rng = random.Random(seed)
    hot = case_ids[: max(1, len(case_ids) // 5)]  # a fifth of the cases get half the traffic
    tally: Counter[str] = Counter()
    crashes: list[str] = []
    with AppContext.open(url, migrate=False) as ctx:
        service = CaseService(ctx)
        _wait_for(go)
        for _ in range(n):
            case_id = rng.choice(hot if rng.random() < 0.5 else case_ids)
            try:
                seen = service.detail(case_id)
                if rng.random() < 0.1:
                    action, actor, params = rng.choice(ALL_STEPS)
                else:
                    action, actor, params = rng.choice(STEPS[seen.state])
                time.sleep(rng.uniform(0, think_ms) / 1000)
                done = service.transition(case_id, action, dict(params), actor,
                                          expected_version=seen.version)
            except ConflictError:
                tally["conflict"] += 1
            except TransitionError as exc:
                tally[f"refused:{exc.code}"] += 1
            except Exception as exc:  # noqa: BLE001 - exactly what the test must see
                crashes.append(f"{type(exc).__name__}: {exc}"[:300])
            else:
                tally["ok"] += 1
                print(json.dumps({"ok": [case_id, done.seq, action]}), file=out, flush=True)
    summary = {"tally": dict(tally), "crashes": crashes}
    print(json.dumps({"summary": summary}), file=out, flush=True)
    return summary


def claim(url: str, case_ids: list[int], go: Path | None = None, out=sys.stdout) -> None:
    """Try to sign for every case, as fast as possible (several processes do it at once)."""
    with AppContext.open(url, migrate=False) as ctx:
        service = CaseService(ctx)
        _wait_for(go)
        for case_id in case_ids:
            try:
                done = service.transition(case_id, "sign", {}, HANDLER)
                outcome = ["ok", done.seq]
            except ConflictError:
                outcome = ["conflict", None]
            except TransitionError as exc:
                outcome = [f"refused:{exc.code}", None]
            except Exception as exc:  # noqa: BLE001
                outcome = [f"crash:{type(exc).__name__}: {exc}"[:300], None]
            print(json.dumps({"claim": [case_id, *outcome]}), file=out, flush=True)


KILL_POINTS = ("after_seq", "after_update", "after_events", "after_commit")


def kill_inside(url: str, case_id: int, point: str) -> None:
    """Take the case's next step and SIGKILL this very process at ``point`` of the write."""
    from commandcenter.store import repository, seq

    def die() -> None:
        os.kill(os.getpid(), signal.SIGKILL)

    if point == "after_seq":
        real_seq = seq.next_change_seq

        def seq_then_die(conn):
            real_seq(conn)
            die()

        seq.next_change_seq = seq_then_die
    elif point in ("after_update", "after_events"):
        real_insert = repository.CaseRepository._insert_events

        def insert_and_die(self, *args, **kwargs):
            if point == "after_update":
                die()
            real_insert(self, *args, **kwargs)
            self.session.flush()
            die()

        repository.CaseRepository._insert_events = insert_and_die
    with AppContext.open(url, migrate=False) as ctx:
        service = CaseService(ctx)
        seen = service.detail(case_id)
        action, actor, params = STEPS[seen.state][0]
        service.transition(case_id, action, dict(params), actor, expected_version=seen.version)
    if point == "after_commit":
        die()
    raise SystemExit(f"{point}: the process should have been killed")


# ---------------------------------------------------------------------- checking
def verify(url: str) -> dict[str, Any]:
    """Replay every case's history (see the module docstring); returns counts and problems."""
    problems: list[str] = []
    with AppContext.open(url, migrate=False) as ctx:
        lifecycle = ctx.lifecycle
        with ctx.unit_of_work() as uow:
            ids = uow.session.execute(text("SELECT id FROM cases ORDER BY id")).scalars().all()
            counter = uow.session.execute(
                text("SELECT value FROM counters WHERE name = 'change_seq'")).scalar_one()
            records = {i: uow.cases.get(i) for i in ids}
            histories = {i: uow.cases.events(i) for i in ids}
        creation_seqs, writes, events = set(), Counter(), 0
        top = 0
        for case_id in ids:
            record, history = records[case_id], sorted(histories[case_id], key=lambda e: (e.seq, e.id))
            events += len(history)
            seqs = sorted({e.seq for e in history})
            creation_seqs.add(seqs[0])
            top = max(top, seqs[-1])
            if record.version != len(seqs) or record.updated_seq != seqs[-1]:
                problems.append(f"case {case_id}: version {record.version}/seq {record.updated_seq}"
                                f" but {len(seqs)} writes ending at {seqs[-1]}")
            for e in history:
                if e.seq != seqs[0]:
                    writes[e.action] += 1
            problem = _replay(lifecycle, record, history)
            if problem:
                problems.append(f"case {case_id}: {problem}")
        if counter < top:
            problems.append(f"change_seq {counter} is behind the newest write {top}")
    transition_events = sum(writes.values())
    return {"cases": len(ids), "events": events, "transition_events": transition_events,
            "by_action": dict(writes), "change_seq": counter, "problems": problems}


def transition_seqs(url: str) -> dict[int, tuple[int, str]]:
    """seq -> (case id, action) of every event that is not a case's creation."""
    with AppContext.open(url, migrate=False) as ctx, ctx.unit_of_work() as uow:
        rows = uow.session.execute(text(
            "SELECT e.seq, e.case_id, e.action FROM case_events e WHERE e.seq > "
            "(SELECT min(f.seq) FROM case_events f WHERE f.case_id = e.case_id)")).all()
    return {r.seq: (r.case_id, r.action) for r in rows}


def _replay(lifecycle, record, history) -> str | None:
    first = history[0]
    if first.action != "report":
        return f"history starts with {first.action}"
    p = first.payload
    case = lifecycle.report(record.channel, p["owner_centre"], _actor(first), first.at,
                            level=Level(p.get("level", Level.DISTRICT.value))).case
    for e in history[1:]:
        if e.from_state is not case.state:
            return f"event {e.id} ({e.action}) leaves {e.from_state}, the case was in {case.state}"
        fields = {f.name for f in dataclasses.fields(c.ALL_COMMANDS[e.action])}
        params = {k: v for k, v in e.payload.items() if k in fields}
        if e.reason:
            params["reason"] = e.reason
        try:
            command = c.command_from_dict(e.action, params)
            case = lifecycle.apply(case, command, _actor(e), e.at).case
        except (TransitionError, ValueError) as exc:
            return f"event {e.id} ({e.action} from {e.from_state}) is not a valid step: {exc}"
        if case.state is not e.to_state:
            return f"event {e.id} ({e.action}) went to {e.to_state}, the lifecycle says {case.state}"
    stored = snapshot_of(record)
    for name in ("state", "lead_unit", "return_count", "rework_count", "reopen_count",
                 "hung_from", "registered_at", "dispatched_at", "closed_at"):
        if getattr(stored, name) != getattr(case, name):
            return f"stored {name}={getattr(stored, name)!r}, replay gives {getattr(case, name)!r}"
    return None


def _actor(e) -> Actor:
    return Actor(e.actor_id, e.role, e.unit_code)


# ---------------------------------------------------------------------- orchestration
def spawn(args: list[str], cwd: Path) -> subprocess.Popen:
    """A child process running one sub-command of this script (a separate workstation)."""
    return subprocess.Popen([sys.executable, str(HERE), *args], cwd=cwd, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def start_together(procs: list[subprocess.Popen], go: Path, timeout: float = 120) -> None:
    """Release the children at once, when every one of them is connected and waiting."""
    deadline = time.monotonic() + timeout
    while len(list(go.parent.glob("ready-*"))) < len(procs):
        if time.monotonic() > deadline or any(p.poll() is not None for p in procs):
            raise RuntimeError("a worker did not get ready: "
                               + "; ".join(p.stderr.read()[-500:] for p in procs if p.poll() is not None))
        time.sleep(0.01)
    go.touch()


def collect(procs: list[subprocess.Popen], timeout: float) -> list[list[dict]]:
    """Each child's JSON lines; a child that dies or hangs is a failure of the run."""
    out = []
    for p in procs:
        stdout, stderr = p.communicate(timeout=timeout)
        if p.returncode != 0:
            raise RuntimeError(f"worker exited {p.returncode}: {stderr[-2000:]}")
        out.append([json.loads(line) for line in stdout.splitlines() if line.startswith("{")])
    return out


def run(url: str, workers: int, transitions: int, cases: int, think_ms: float, workdir: Path,
        seed: int = 7, timeout: float = 3600) -> dict[str, Any]:
    """The whole stress run: set up, ``workers`` processes × ``transitions`` steps, verify."""
    started = time.monotonic()
    ids = setup(url, cases)
    go = workdir / "go"
    ids_arg = ",".join(map(str, ids))
    procs = [spawn(["worker", url, "--ids", ids_arg, "--n", str(transitions), "--seed",
                    str(seed * 1000 + w), "--think-ms", str(think_ms), "--go", str(go)], workdir)
             for w in range(workers)]
    try:
        start_together(procs, go)
        outputs = collect(procs, timeout)
    finally:
        for p in procs:
            if p.poll() is None:
                p.kill()
    elapsed = time.monotonic() - started
    successes = [tuple(line["ok"]) for lines in outputs for line in lines if "ok" in line]
    summaries = [line["summary"] for lines in outputs for line in lines if "summary" in line]
    tally: Counter[str] = Counter()
    crashes = []
    for s in summaries:
        tally.update(s["tally"])
        crashes += s["crashes"]
    report = verify(url)
    stored = transition_seqs(url)
    reported = {seq: (case_id, action) for case_id, seq, action in successes}
    if len(summaries) != workers:
        report["problems"].append(f"{workers - len(summaries)} workers gave no summary")
    if crashes:
        report["problems"].append(f"{len(crashes)} crashes, e.g. {crashes[:3]}")
    if report["transition_events"] != len(successes) or stored != reported:
        report["problems"].append(
            f"{report['transition_events']} transition events stored, {len(successes)} successes "
            f"reported; {len(set(stored) ^ set(reported))} seqs differ")
    refused = sum(v for k, v in tally.items() if k.startswith("refused:"))
    report.update({
        "dialect": url.split(":", 1)[0], "workers": workers, "steps_per_worker": transitions,
        "steps": workers * transitions, "successes": len(successes), "conflicts": tally["conflict"],
        "refused": refused, "refused_by_code": {k[8:]: v for k, v in tally.items()
                                                if k.startswith("refused:")},
        "crashes": len(crashes), "seconds": round(elapsed, 1),
    })
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="cmd", required=True)
    p_run = sub.add_parser("run")
    p_run.add_argument("url")
    p_run.add_argument("--workers", type=int, default=4)
    p_run.add_argument("--transitions", type=int, default=2000)
    p_run.add_argument("--cases", type=int, default=200)
    p_run.add_argument("--think-ms", type=float, default=5)
    p_run.add_argument("--workdir", type=Path, default=None)
    for name in ("worker", "claim", "kill"):
        p = sub.add_parser(name)
        p.add_argument("url")
        p.add_argument("--ids", default="")
        p.add_argument("--n", type=int, default=100)
        p.add_argument("--seed", type=int, default=1)
        p.add_argument("--think-ms", type=float, default=5)
        p.add_argument("--go", type=Path, default=None)
        p.add_argument("--point", choices=KILL_POINTS, default="after_events")
    args = parser.parse_args(argv)
    if args.cmd == "run":
        import tempfile

        workdir = args.workdir or Path(tempfile.mkdtemp(prefix="cc-stress-"))
        workdir.mkdir(parents=True, exist_ok=True)
        report = run(args.url, args.workers, args.transitions, args.cases, args.think_ms, workdir)
        print(json.dumps(report, ensure_ascii=False))
        return 1 if report["problems"] else 0
    ids = [int(i) for i in args.ids.split(",") if i]
    if args.cmd == "worker":
        worker(args.url, ids, args.n, args.seed, args.think_ms, args.go)
    elif args.cmd == "claim":
        claim(args.url, ids, args.go)
    else:
        kill_inside(args.url, ids[0], args.point)
    return 0


if __name__ == "__main__":
    sys.exit(main())

