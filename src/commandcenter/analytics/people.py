"""Grid worker and operator indicators (DOMAIN.md §6, third and fourth lists).

People are keyed by their ``actor_id`` (the person code on events). Operators are judged on
what they did in the period (stage visits *left* in the period by their action, in their role);
grid workers on verification and check tasks *started* in the period, including the ones still
waiting past their limit, which go to the worker named when the task was sent or to the grid's
worker (`AssessmentContext.grid_worker_of`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from commandcenter.analytics.eventlog import NAT, Spans
from commandcenter.analytics.indicators import PUBLIC_CHANNELS, Assessment, Items
from commandcenter.domain.indicators import ObjectType
from commandcenter.domain.vocabulary import Stage

W = ObjectType.GRID_WORKER
INTAKE, L, D = ObjectType.INTAKE_OPERATOR, ObjectType.SHIFT_LEADER, ObjectType.DISPATCHER


def labels(a: Assessment, obj: ObjectType) -> pd.Index:
    people = set(a.log.categories("actor_id"))
    if obj is W:
        people |= set(a.log.categories("grid_worker")) | set(a.context.grid_worker_of.values())
    return pd.Index(sorted(str(p) for p in people))


def finish(a: Assessment, obj: ObjectType, frame: pd.DataFrame) -> pd.DataFrame:
    return frame


def _codes(a: Assessment, obj: ObjectType, column: str, rows: np.ndarray) -> np.ndarray:
    """Label codes of a categorical event column at ``rows`` (-1 where NA)."""
    mapping = a.labels(obj).get_indexer(a.log.categories(column).astype(str))
    codes = a.log.codes(column)[rows]
    return np.where(codes >= 0, mapping[np.maximum(codes, 0)], -1)


def _worker_of_grid_code(a: Assessment) -> np.ndarray:
    """Per grid category of the case facts: the label code of its worker (-1: none known)."""
    grids = a.case_facts.categories("grid_code")
    workers = pd.Index(grids).map(lambda g: a.context.grid_worker_of.get(g))
    return a.labels(W).get_indexer(workers) if len(grids) else np.zeros(0, dtype=np.int64)


def _grid_worker_codes(a: Assessment, rows: np.ndarray) -> np.ndarray:
    """Codes of the worker responsible for the grid of each row's case (-1: unknown)."""
    if not a.context.grid_worker_of:
        return np.full(rows.size, -1, dtype=np.int64)
    grid = a.fact_at_rows("grid_code", rows, -1).astype(np.int64)
    worker = _worker_of_grid_code(a)
    return np.where(grid >= 0, worker[np.maximum(grid, 0)] if worker.size else -1, -1)


def _visits(a: Assessment, state: str, *, entered_in_period: bool) -> Spans:
    spans = a.log.spans(state, a.valid)
    if entered_in_period:
        return spans.subset(a.in_period[spans.entries])
    return spans.subset(spans.left & a.in_period[np.where(spans.left, spans.exits, 0)])


# ---------------------------------------------------------------------- grid workers
def _worker_reports(a: Assessment) -> Items:
    rows = np.flatnonzero(a.log.action("report") & a.in_period & a.log.is_("role", "grid_worker"))
    return a.row_items(rows, _codes(a, W, "actor_id", rows), a.labels(W))


def _worker_reported(a: Assessment) -> np.ndarray:
    """Per case fact: reported in the period by a grid worker."""
    f = a.case_facts
    rep = f["reported_at"]
    return (rep >= a.start64.astype(np.int64)) & (rep < a.as_of64.astype(np.int64)) & f.is_("reporter_role", "grid_worker")


def _worker_registration(a: Assessment, rate: bool) -> Items:
    f = a.case_facts
    registered = f["registered_at"] != NAT
    sel = _worker_reported(a) & (True if rate else registered)
    mapping = a.labels(W).get_indexer(f.categories("reporter").astype(str))
    reporter = f["reporter"][sel].astype(np.int64)
    key = np.where(reporter >= 0, mapping[np.maximum(reporter, 0)] if mapping.size else -1, -1)
    return Items(f.ids[sel], key, a.labels(W), registered[sel].astype(float),
                 np.ones(int(sel.sum())), f["reported_at"][sel])


def _worker_tasks(a: Assessment, state: str, stage: Stage, done_actions: tuple[str, ...], named: str | None) -> Items:
    """Tasks started in the period: on time = finished by the stage limit by the right action."""
    spans = _visits(a, state, entered_in_period=True)
    _, on_time, due = a.stage_timeliness(spans, stage)
    finished = spans.exit_values(a.log.action(*done_actions), False)
    exits = np.where(spans.left, spans.exits, 0)
    key = np.where(finished, _codes(a, W, "actor_id", exits), -1)
    if named:
        key = np.where(key >= 0, key, _codes(a, W, named, spans.entries))
    key = np.where(key >= 0, key, _grid_worker_codes(a, spans.entries))
    return a.row_items(spans.entries[due], key[due], a.labels(W), num=(on_time & finished)[due])


def _missed(a: Assessment) -> Items:
    """Registrations in each worker's grids; counted when they came from a public channel.

    A worker's grids: the grid assignment (context.grid_worker_of), else the grid of most of
    their reports in the period (ties: the smaller grid code)."""
    f, c = a.case_facts, a.cohort
    grids = f.categories("grid_code")
    if a.context.grid_worker_of:
        pairs = pd.DataFrame(list(a.context.grid_worker_of.items()), columns=["grid", "worker"])
        pairs["grid"] = grids.get_indexer(pairs["grid"])
        pairs["worker"] = a.labels(W).get_indexer(pairs["worker"].astype(str))
    else:
        mine = _worker_reported(a)
        mapping = a.labels(W).get_indexer(f.categories("reporter").astype(str))
        rep = pd.DataFrame({"worker": mapping[f["reporter"][mine].astype(np.int64)] if mapping.size else [],
                            "grid": f["grid_code"][mine].astype(np.int64)})
        counts = rep.groupby(["worker", "grid"]).size().reset_index(name="n")
        counts = counts.sort_values(["worker", "n", "grid"], ascending=[True, False, True])
        pairs = counts.drop_duplicates("worker")[["grid", "worker"]]
    pairs = pairs.loc[(pairs["grid"] >= 0) & (pairs["worker"] >= 0)]
    cases = pd.DataFrame({"i": np.arange(len(c)), "grid": c["grid_code"].astype(np.int64)})
    joined = cases.merge(pairs, on="grid")
    i = joined["i"].to_numpy()
    cats = f.categories("channel")
    public = np.isin(c["channel"][i], [cats.get_loc(ch) for ch in PUBLIC_CHANNELS if ch in cats])
    return Items(c.ids[i], joined["worker"].to_numpy(np.int64), a.labels(W), public.astype(float),
                 np.ones(i.size), c.at[i])


# ---------------------------------------------------------------------- operators
def _operator_visits(a: Assessment, obj: ObjectType, state: str, stage: Stage, role: str,
                     actions: tuple[str, ...], *, emergency: bool = True):
    """Visits of ``state`` left in the period by ``actions`` taken in ``role``: entries, exits,
    on time, seconds spent, operator codes."""
    def compute():
        spans = _visits(a, state, entered_in_period=False)
        by = a.log.action(*actions) & a.log.is_("role", role)
        keep = by[spans.exits]
        spans = spans.subset(keep)
        _, on_time, _ = a.stage_timeliness(spans, stage, emergency=emergency)
        seconds = (a.log.at[spans.exits] - a.log.at[spans.entries]).astype("timedelta64[us]").astype(np.int64) / 1e6
        return spans, on_time, seconds, _codes(a, obj, "actor_id", spans.exits)
    return a.memo(f"visits:{obj}:{state}:{','.join(actions)}", compute)


def _op_items(a: Assessment, obj: ObjectType, visits, what: str, subset: tuple[str, ...] = ()) -> Items:
    spans, on_time, seconds, key = visits
    sel = np.ones(spans.exits.size, dtype=bool)
    if subset:
        sel = a.log.action(*subset)[spans.exits]
    exits = spans.exits[sel]
    num = on_time[sel] if what == "rate" else None
    value = seconds[sel] if what == "seconds" else None
    return a.row_items(exits, key[sel], a.labels(obj), num=num, value=value)


_INTAKE = ("pending_accept", Stage.ACCEPT, "intake_operator",
           ("accept", "send_to_verify", "invalidate", "merge", "handle_on_spot"))
_REGISTER = ("pending_register", Stage.REGISTER, "shift_leader", ("register", "refuse_register"))
_CLOSE = ("pending_close", Stage.CLOSE, "shift_leader", ("close", "force_close"))
_DISPATCH = ("pending_dispatch", Stage.DISPATCH, "dispatcher", ("dispatch", "whistle"))


def _intake(a: Assessment):
    return _operator_visits(a, INTAKE, *_INTAKE, emergency=False)


def _registrations(a: Assessment) -> Items:
    rows = np.flatnonzero(a.log.action("register") & a.in_period & a.log.is_("role", "shift_leader"))
    return a.row_items(rows, _codes(a, L, "actor_id", rows), a.labels(L))


def _register_accuracy(a: Assessment) -> Items:
    c, f = a.cohort, a.case_facts
    voided = f.is_("state", "closed")[c.pos] & c["forced"]
    mapping = a.labels(L).get_indexer(f.categories("registrar").astype(str))
    registrar = c["registrar"].astype(np.int64)
    key = np.where(registrar >= 0, mapping[np.maximum(registrar, 0)] if mapping.size else -1, -1)
    return a.cohort_items(c["all"], key, a.labels(L), ~voided)


def _dispatch_accuracy(a: Assessment) -> Items:
    """A dispatch is inaccurate when, before the next dispatch of the case, it was returned (and
    the return not overruled) or the handling failed a check."""
    log = a.log
    spans, _, _, key = _operator_visits(a, D, *_DISPATCH)
    returns = np.flatnonzero(log.action("return") & a.valid)
    returns = returns[~a.verdict_is(returns, "overruled")]
    bad_rows = np.union1d(returns, np.flatnonzero(log.action("check_fail") & a.valid))
    owner = log.last_at_or_before(log.action("dispatch", "whistle"), bad_rows)
    bad = np.isin(spans.exits, owner[owner >= 0])
    return a.row_items(spans.exits, key, a.labels(D), num=~bad)


BUILDERS = {
    W: {
        "reports": _worker_reports,
        "registered": lambda a: _worker_registration(a, rate=False),
        "valid_report_rate": lambda a: _worker_registration(a, rate=True),
        "verify_ontime_rate": lambda a: _worker_tasks(
            a, "verifying", Stage.VERIFY, ("verify_true", "verify_false"), "grid_worker"),
        "check_ontime_rate": lambda a: _worker_tasks(a, "pending_check", Stage.CHECK, ("check_pass", "check_fail"), None),
        "missed_report_rate": _missed,
    },
    INTAKE: {
        "intake_volume": lambda a: _op_items(a, INTAKE, _intake(a), "count"),
        "accept_ontime_rate": lambda a: _op_items(a, INTAKE, _intake(a), "rate"),
        "verify_dispatch_ontime_rate": lambda a: _op_items(a, INTAKE, _intake(a), "rate", ("send_to_verify",)),
        "accept_p50_seconds": lambda a: _op_items(a, INTAKE, _intake(a), "seconds"),
        "accept_p90_seconds": lambda a: _op_items(a, INTAKE, _intake(a), "seconds"),
    },
    L: {
        "registrations": _registrations,
        "register_ontime_rate": lambda a: _op_items(a, L, _operator_visits(a, L, *_REGISTER), "rate"),
        "register_accuracy": _register_accuracy,
        "close_ontime_rate": lambda a: _op_items(a, L, _operator_visits(a, L, *_CLOSE), "rate"),
    },
    D: {
        "dispatch_volume": lambda a: _op_items(a, D, _operator_visits(a, D, *_DISPATCH), "count"),
        "dispatch_ontime_rate": lambda a: _op_items(a, D, _operator_visits(a, D, *_DISPATCH), "rate"),
        "dispatch_accuracy": _dispatch_accuracy,
        "dispatch_p50_seconds": lambda a: _op_items(a, D, _operator_visits(a, D, *_DISPATCH), "seconds"),
        "dispatch_p90_seconds": lambda a: _op_items(a, D, _operator_visits(a, D, *_DISPATCH), "seconds"),
    },
}


def builders(obj: ObjectType) -> dict:
    return BUILDERS[obj]


def response_times(a: Assessment) -> pd.DataFrame:
    """District-wide accept and dispatch times (seconds): n, median, 90th percentile, share ≤ 60 s."""
    out = {}
    for name, visits in (("accept", _intake(a)), ("dispatch", _operator_visits(a, D, *_DISPATCH))):
        s = pd.Series(visits[2])
        out[name] = {"n": int(s.size), "p50_seconds": s.quantile(0.5) if s.size else np.nan,
                     "p90_seconds": s.quantile(0.9) if s.size else np.nan,
                     "within_60s": float((s <= 60).mean()) if s.size else np.nan}
    return pd.DataFrame(out).T
