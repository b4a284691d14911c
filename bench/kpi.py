"""Benchmark: full recompute of a year's assessment over ~1M cases / ~9M events vs its floor.

Prints JSON lines {"name", "value", "unit", "n", "floor", "ratio"} (value and floor in seconds,
ratio = value / floor; medians of interleaved runs, plus a ``.best`` line with the minimums;
"cpu"/"cpu_floor"/"cpu_ratio" the same medians in CPU seconds of this process, which a loaded
machine disturbs far less than wall time);
never asserts times. Each run builds a fresh `Assessment` (nothing cached between runs). The floor is a pandas groupby of the same event
frame by unit and state (``events.groupby(["unit_code", "to_state"]).size()``), measured in the
same run on the same frame. The event log is synthetic but shaped like the lifecycle's (paths
with returns, rework, callbacks, hanging, open and void cases), generated column-wise.

    python bench/kpi.py [--cases 1000000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import time
from datetime import datetime

import numpy as np
import pandas as pd

from commandcenter.analytics import (
    Assessment,
    AssessmentContext,
    build_case_frame,
    build_event_frame,
)
from commandcenter.analytics.eventlog import EventLog
from commandcenter.domain.indicators import ObjectType, Period

# (action, from_state, to_state, role) steps of each path; the weights are the paths' shares.
_R, _S, _A, _G = ("report", None, "reported", "grid_worker"), ("screen", "reported", "pending_accept", "system"), \
    ("accept", "pending_accept", "pending_register", "intake_operator"), \
    ("register", "pending_register", "pending_dispatch", "shift_leader")
_D = ("dispatch", "pending_dispatch", "dispatched", "dispatcher")
_SIGN = ("sign", "dispatched", "in_progress", "handling_unit")
_DONE = ("report_done", "in_progress", "pending_check", "handling_unit")
_PASS = ("check_pass", "pending_check", "pending_close", "grid_worker")
_CLOSE = ("close", "pending_close", "closed", "shift_leader")
PATHS = [
    (0.60, [_R, _S, _A, _G, _D, _SIGN, _DONE, _PASS, _CLOSE]),
    (0.10, [_R, _S, _A, _G, _D, _SIGN, _DONE, _PASS, ("close", "pending_close", "pending_visit", "shift_leader"),
            ("callback", "pending_visit", "closed", "callback_operator")]),
    (0.10, [_R, _S, _A, _G, _D, ("return", "dispatched", "pending_dispatch", "handling_unit"),
            ("judge_return", "pending_dispatch", "pending_dispatch", "dispatcher"), _D, _SIGN, _DONE, _PASS, _CLOSE]),
    (0.08, [_R, _S, _A, _G, _D, _SIGN, _DONE, ("check_fail", "pending_check", "in_progress", "grid_worker"),
            _DONE, _PASS, _CLOSE]),
    (0.05, [_R, _S, _A, _G, _D, _SIGN, ("hang", "in_progress", "hung", "shift_leader")]),
    (0.04, [_R, _S, _A, _G, _D, _SIGN]),
    (0.03, [_R, _S, ("invalidate", "pending_accept", "void", "intake_operator")]),
]


def synthetic(n_cases: int, seed: int = 7, year: int = 2023) -> tuple[pd.DataFrame, pd.DataFrame]:
    rng = np.random.default_rng(seed)
    shares = np.array([p for p, _ in PATHS])
    path_of = rng.choice(len(PATHS), size=n_cases, p=shares / shares.sum())
    lengths = np.array([len(steps) for _, steps in PATHS])[path_of]
    n = int(lengths.sum())
    case = np.repeat(np.arange(1, n_cases + 1), lengths)
    step = np.arange(n) - np.repeat(np.cumsum(lengths) - lengths, lengths)
    table = {k: [] for k in ("action", "from_state", "to_state", "role")}
    offsets = np.zeros(len(PATHS) + 1, dtype=np.int64)
    for i, (_, steps) in enumerate(PATHS):
        for a, f, t, r in steps:
            table["action"].append(a)
            table["from_state"].append(f)
            table["to_state"].append(t)
            table["role"].append(r)
        offsets[i + 1] = offsets[i] + len(steps)
    flat = offsets[np.repeat(path_of, lengths)] + step
    cols = {k: pd.Categorical(np.array(v, dtype=object)[flat]) for k, v in table.items()}
    start = np.datetime64(f"{year}-01-01T00:00", "us").astype(np.int64)
    span = 365 * 86_400_000_000
    t0 = start + rng.integers(0, span, n_cases)
    gaps = rng.exponential(40 * 60e6, n).astype(np.int64)  # ~40 minutes between steps
    gaps[step == 0] = 0
    at = np.repeat(t0, lengths) + (np.cumsum(gaps) - np.repeat(np.cumsum(gaps)[np.cumsum(lengths) - lengths], lengths))
    units = np.array([f"U{i:02d}" for i in range(60)], dtype=object)
    unit_of_case = rng.integers(0, 60, n_cases)
    unit_row = units[np.repeat(unit_of_case, lengths)]
    action = cols["action"]
    is_dispatch = np.asarray(action == "dispatch")
    handling = np.asarray(cols["role"] == "handling_unit")
    lead = np.where(is_dispatch, unit_row, None)
    unit_code = np.where(handling, unit_row, np.where(np.asarray(cols["role"] == "grid_worker"), None, "CENTRE"))
    deadline = np.where(is_dispatch, at + rng.integers(2, 48, n) * 3_600_000_000, np.iinfo(np.int64).min)
    role = np.asarray(cols["role"]).astype(object)
    pools = {"grid_worker": 1000, "intake_operator": 20, "shift_leader": 10, "dispatcher": 15,
             "handling_unit": 0, "callback_operator": 8, "system": 1}
    actor = np.empty(n, dtype=object)
    for r, size in pools.items():
        sel = role == r
        if size:
            actor[sel] = np.char.add(f"{r[:2]}", rng.integers(0, size, sel.sum()).astype(str))
        else:
            actor[sel] = np.char.add("h", unit_row[sel].astype(str))
    judge = np.asarray(action == "judge_return")
    verdict = np.where(judge, np.where(rng.random(n) < 0.5, "upheld", "overruled"), None)
    cb = np.asarray(action == "callback")
    result = np.where(cb, np.where(rng.random(n) < 0.85, "satisfied", "dissatisfied"), None)
    events = pd.DataFrame({
        "case_id": case, **cols, "actor_id": pd.Categorical(actor), "unit_code": unit_code, "at": at.view("datetime64[us]"),
        "lead_unit": lead, "handle_deadline": deadline.view("datetime64[us]"),
        "verdict": pd.Categorical(verdict), "callback_result": pd.Categorical(result),
    })
    grid = rng.integers(0, 1334, n_cases)
    cases = pd.DataFrame({
        "case_id": np.arange(1, n_cases + 1),
        "channel": pd.Categorical(np.where(rng.random(n_cases) < 0.3, "hotline_12345", "grid_worker")),
        "grid_code": pd.Categorical(np.char.add("G", grid.astype(str))),
        "community_code": pd.Categorical(np.char.add("C", (grid // 13).astype(str))),
        "street_code": pd.Categorical(np.char.add("S", (grid // 90).astype(str))),
        "minor_code": pd.Categorical(np.char.add("01", rng.integers(10, 60, n_cases).astype(str))),
        "emergency": rng.random(n_cases) < 0.02,
    })
    return events, cases


CPU: dict[str, list[float]] = {"value": [], "floor": []}  # CPU seconds of the last interleaved runs


def _once(fn, cpu: list[float] | None = None) -> float:
    t, c = time.perf_counter(), time.process_time()
    fn()
    if cpu is not None:
        cpu.append(time.process_time() - c)
    return time.perf_counter() - t


def interleaved(measured, floor, repeat: int) -> tuple[list[float], list[float]]:
    """Times of ``measured`` and ``floor`` taken alternately (the machine's load hits both);
    their CPU times are kept in `CPU` (close to an idle machine's wall time: one thread)."""
    values, floors = [], []
    CPU["value"], CPU["floor"] = [], []
    for _ in range(repeat):
        floors.append(_once(floor, CPU["floor"]))
        values.append(_once(measured, CPU["value"]))
    return values, floors


def emit(name: str, value: float, n: int, floor: float | None = None, cpu: bool = False) -> None:
    """One JSON line; ``cpu``: add the median CPU seconds of the last interleaved runs
    ("cpu", "cpu_floor", "cpu_ratio")."""
    line = {"name": name, "value": round(value, 4), "unit": "s", "n": n,
            "floor": None if floor is None else round(floor, 4),
            "ratio": None if floor is None else round(value / floor, 2)}
    if cpu and CPU["value"] and CPU["floor"]:
        v, f = float(np.median(CPU["value"])), float(np.median(CPU["floor"]))
        line.update(cpu=round(v, 4), cpu_floor=round(f, 4), cpu_ratio=round(v / f, 2))
    print(json.dumps(line), flush=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cases", type=int, default=1_000_000)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    raw_events, raw_cases = synthetic(args.cases)
    t = time.perf_counter()
    events = build_event_frame(raw_events)
    cases = build_case_frame(raw_cases)
    emit("kpi.frames_typed", time.perf_counter() - t, len(events))
    period = Period.year(2023)
    context = AssessmentContext(unit_street={f"U{i:02d}": f"S{i % 15}" for i in range(60)})

    def floor():
        return events.groupby(["unit_code", "to_state"], observed=True).size()

    def units():
        return Assessment(events, cases, period, as_of=datetime(2024, 1, 1), context=context).frame(ObjectType.UNIT)

    log = EventLog(events)

    def units_warm():  # same event log, new period: the log's masks and indices are reused
        return Assessment(log, cases, period, as_of=datetime(2024, 1, 1), context=context).frame(ObjectType.UNIT)

    def everything():
        a = Assessment(events, cases, period, context=context)
        return [a.frame(o) for o in ObjectType]

    values, floors = interleaved(units, floor, args.repeat)
    emit("kpi.floor_groupby_unit_state", float(np.median(floors)), len(events))
    emit("kpi.unit_assessment_year", float(np.median(values)), len(events), float(np.median(floors)),
         cpu=True)
    # best of the runs: the least disturbed by other processes
    emit("kpi.unit_assessment_year.best", min(values), len(events), min(floors))
    values, floors = interleaved(units_warm, floor, args.repeat)
    emit("kpi.unit_assessment_year.warm_log", float(np.median(values)), len(events),
         float(np.median(floors)), cpu=True)
    values, floors = interleaved(everything, floor, max(1, args.repeat // 2))
    emit("kpi.all_objects_assessment_year", float(np.median(values)), len(events),
         float(np.median(floors)), cpu=True)

if __name__ == "__main__":
    main()
