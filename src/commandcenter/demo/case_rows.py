"""Turning walked groups into table columns: events in seq order, snapshots, open-case replay.

`assemble(g, walkers, now, lifecycle, n)` cuts every history at ``now``, concatenates the event
columns of all groups, orders them by time (report and screen share one write, so one seq; every
later event is a write of its own), and fills the ``cases`` columns: from each walker's final
arrays for cases whose path ended (closed, void, merged), and by replaying the events through the
real `Lifecycle` for the few cases still open, whose stage clocks must be the real calendar's.
JSON columns are formatted as `store.mapping` would store them (`Clock.to_dict`,
`Whistle.to_dict`, JSON lists).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, fields
from datetime import datetime, timedelta

import numpy as np

from commandcenter.demo.case_paths import ROLE_CODE, ROLES, STATE_CODE, STATES, Walker, iso
from commandcenter.domain import commands as c
from commandcenter.domain.case import Actor, CaseSnapshot
from commandcenter.domain.lifecycle import Lifecycle
from commandcenter.domain.vocabulary import Channel, Level, Role, State

EPOCH = datetime(1970, 1, 1)


def to_datetime(t: int) -> datetime:
    return EPOCH + timedelta(seconds=int(t))


def to_epoch(d: datetime) -> int:
    return int((d - EPOCH).total_seconds())


@dataclass
class Generated:
    """Table columns. Times are epoch seconds (-1 = NULL). ``cases`` has one row per case (row i
    is case id i + 1), ``events`` one row per event in seq order (row j is event id j + 1)."""

    n: int
    cases: dict[str, np.ndarray | list]
    events: dict[str, np.ndarray | list]
    reporters: dict[str, list]
    template: np.ndarray
    max_seq: int
    day_codes: dict[str, int]  # "yyyymmdd" -> cases numbered that day (case code counters)
    open_cases: int = 0
    timings: dict[str, float] = field(default_factory=dict)


def _chain_json(parts: list[np.ndarray], codes: np.ndarray, n: int) -> list[str]:
    if not parts:
        return ["[]"] * n
    cols = [codes[p].tolist() for p in parts]
    return ["[" + ", ".join(f'"{x}"' for x in row) + "]" for row in zip(*cols)]


def _clock_json(g, w: Walker) -> list[str | None]:
    cl = w.clock
    if cl is None:
        return [None] * w.n
    # Formatted directly (json.dumps per clock is the slowest part otherwise): the same text as
    # json.dumps(Clock.to_dict()) -- ISO strings, limit texts and a float are all JSON-safe.
    start, dead = iso(cl.start), iso(cl.deadline)
    limit = [g.limit_text[i] for i in cl.limit.tolist()]
    paused = (
        [f'"{x}"' for x in iso(cl.paused_since)] if cl.paused_since is not None else ["null"] * w.n
    )
    pairs = [[f'["{a}", "{b}"]' for a, b in zip(iso(a), iso(b))] for a, b in cl.pauses]
    pauses = ["[" + ", ".join(row) + "]" for row in zip(*pairs)] if pairs else ["[]"] * w.n
    amount = [repr(x) for x in cl.paused_amount.tolist()]
    ext = json.dumps([g.limit_text[e] for e in cl.extensions])
    return [
        f'{{"start": "{s}", "limit": "{lim}", "deadline": "{d}", "paused_since": {ps}, '
        f'"pauses": {pr}, "paused_amount": {am}, "extensions": {ext}}}'
        for s, lim, d, ps, pr, am in zip(start, limit, dead, paused, pauses, amount)
    ]


def _whistle_json(w: Walker) -> list[str | None]:
    wh = w.whistle
    if wh is None:
        return [None] * w.n
    called, dead = iso(wh["called_at"]), iso(wh["deadline"])
    checked = [list(zip(u.tolist(), iso(t))) for u, t in wh["checked_in"]]
    ratings = [list(zip(u.tolist(), r.tolist())) for u, r in wh["ratings"]]
    codes = w.g.unit_codes
    out = []
    for r in range(w.n):
        out.append(
            json.dumps(
                {
                    "reason": wh["reason"][r],
                    "departments": wh["departments"][r],
                    "lead_unit": wh["lead"][r],
                    "called_at": called[r],
                    "checkin_deadline": dead[r],
                    "checked_in": [[codes[c_[r][0]], c_[r][1]] for c_ in checked],
                    "ratings": [[codes[x[r][0]], int(x[r][1])] for x in ratings],
                },
                ensure_ascii=False,
            )
        )
    return out


def assemble(g, walkers: list[Walker], now_s: int, lifecycle: Lifecycle, n: int) -> Generated:
    """Columns of every table from the walked groups (see the module docstring)."""
    codes = g.unit_codes
    cols: dict[str, np.ndarray | list] = {
        "state": np.zeros(n, dtype=np.int64),
        "owner_centre": np.empty(n, dtype=object),
        "level": np.empty(n, dtype=object),
        "lead_unit": np.empty(n, dtype=object),
        "lead_is_centre": np.zeros(n, dtype=bool),
        "co_handlers": np.empty(n, dtype=object),
        "lead_chain": np.empty(n, dtype=object),
        "centre_chain": np.empty(n, dtype=object),
        "whistle": np.empty(n, dtype=object),
        "parent_id": np.full(n, -1, dtype=np.int64),
        "minor_code": np.empty(n, dtype=object),
        "condition_id": np.empty(n, dtype=object),
        "area_class": np.empty(n, dtype=object),
        "emergency": np.zeros(n, dtype=bool),
        "handle_limit": np.empty(n, dtype=object),
        "forced": np.zeros(n, dtype=bool),
        "handle_clock": np.empty(n, dtype=object),
        "stage_clock": np.empty(n, dtype=object),
        "extension_requested": np.empty(n, dtype=object),
        "hung_from": np.empty(n, dtype=object),
        "hang_requested": np.zeros(n, dtype=bool),
        "return_to_judge": np.zeros(n, dtype=bool),
        "supervision_level": np.zeros(n, dtype=np.int64),
        "reopen_count": np.zeros(n, dtype=np.int64),
        "due_start": np.full(n, -1, dtype=np.int64),
        "due_at": np.full(n, -1, dtype=np.int64),
        "clock_paused": np.zeros(n, dtype=bool),
    }
    for name in ("rework_count", "return_count", "redo_count", "callback_attempts"):
        cols[name] = np.zeros(n, dtype=np.int64)
    for name in ("registered_at", "dispatched_at", "handled_at", "closed_at"):
        cols[name] = np.full(n, -1, dtype=np.int64)

    ev: dict[str, list[np.ndarray]] = {
        k: []
        for k in ("case", "step", "at", "action", "from", "to", "person", "role", "unit", "reason")
    }
    payloads: list[list[str]] = []
    actions: list[str] = []
    action_code: dict[str, int] = {}
    for w in walkers:
        idx = w.idx
        times = np.stack([b.at for b in w.blocks], axis=1)
        kept = (times <= now_s).sum(axis=1)
        # Paths ending open (hung, stuck) are replayed like the cut-off ones: their clocks matter.
        done = (kept == len(w.blocks)) & w.state.is_terminal
        for s, b in enumerate(w.blocks):
            keep = kept > s
            if not keep.any():
                continue
            code = action_code.setdefault(b.action, len(actions))
            if code == len(actions):
                actions.append(b.action)
            m = int(keep.sum())
            ev["case"].append(idx[keep])
            ev["step"].append(np.full(m, s, dtype=np.int16))
            ev["at"].append(b.at[keep])
            ev["action"].append(np.full(m, code, dtype=np.int8))
            ev["from"].append(
                np.full(m, -1 if b.from_state is None else STATE_CODE[b.from_state], dtype=np.int8)
            )
            ev["to"].append(np.full(m, STATE_CODE[b.to_state], dtype=np.int8))
            ev["person"].append(np.asarray(b.person)[keep])
            role = b.role if isinstance(b.role, np.ndarray) else np.full(w.n, ROLE_CODE[b.role])
            ev["role"].append(role[keep].astype(np.int8))
            ev["unit"].append(np.asarray(b.unit)[keep])
            reason = b.reason if isinstance(b.reason, np.ndarray) else np.full(w.n, b.reason)
            ev["reason"].append(reason[keep])
            pl = b.payload if isinstance(b.payload, list) else [b.payload] * w.n
            payloads.append(pl if keep.all() else [p for p, k in zip(pl, keep.tolist()) if k])
        if not done.any():
            continue
        rows = idx[done]
        cols["state"][rows] = STATE_CODE[w.state]
        cols["owner_centre"][rows] = codes[w.owner[done]]
        cols["level"][rows] = w.level.value
        lead = w.lead[done]
        cols["lead_unit"][rows] = np.where(lead >= 0, codes[np.maximum(lead, 0)], None)
        cols["lead_is_centre"][rows] = w.lead_is_centre
        cols["co_handlers"][rows] = _pick(_chain_json(w.co_handlers, codes, w.n), done)
        cols["lead_chain"][rows] = _pick(_chain_json(w.lead_chain, codes, w.n), done)
        cols["centre_chain"][rows] = _pick(_chain_json(w.centre_chain, codes, w.n), done)
        cols["whistle"][rows] = _pick(_whistle_json(w), done)
        cols["handle_clock"][rows] = _pick(_clock_json(g, w), done)
        if w.merged:
            cols["parent_id"][rows] = g.parent_id[rows]
        if w.registered is not None:
            cond = g.cond[rows]
            cols["minor_code"][rows] = g.cond_minor[cond]
            cols["condition_id"][rows] = g.cond_id[cond]
            cols["area_class"][rows] = g.area_names[g.area[rows]]
            cols["emergency"][rows] = g.emergency[rows]
            cols["handle_limit"][rows] = np.array(g.limit_text, dtype=object)[g.limit[rows]]
        for name, attr in (
            ("registered_at", "registered"),
            ("dispatched_at", "dispatched"),
            ("handled_at", "handled"),
            ("closed_at", "closed"),
        ):
            value = getattr(w, attr)
            if value is not None:
                cols[name][rows] = value[done]
        cols["rework_count"][rows] = w.counts["rework"]
        cols["return_count"][rows] = w.counts["return"]
        cols["redo_count"][rows] = w.counts["redo"]
        cols["callback_attempts"][rows] = w.counts["callback"]
        cols["forced"][rows] = w.forced

    ev_arrays = {k: np.concatenate(v) for k, v in ev.items()}
    payload = np.empty(ev_arrays["case"].size, dtype=object)
    payload[:] = [p for block in payloads for p in block]
    order = np.lexsort((ev_arrays["step"], ev_arrays["case"], ev_arrays["at"]))
    ev_arrays = {k: v[order] for k, v in ev_arrays.items()}
    payload = payload[order]
    # report and screen share one write (one seq); every other event is a write of its own
    screen = actions.index("screen") if "screen" in actions else -1
    new_write = ev_arrays["action"] != screen
    seq = np.cumsum(new_write)
    writes = np.bincount(ev_arrays["case"], weights=new_write, minlength=n).astype(np.int64)
    last_seq = np.zeros(n, dtype=np.int64)
    last_seq[ev_arrays["case"]] = seq  # events are in seq order, so the last write wins
    events = {
        "case_id": ev_arrays["case"] + 1,
        "seq": seq,
        "at": ev_arrays["at"],
        "action": np.array(actions, dtype=object)[ev_arrays["action"]],
        "from_state": np.array([s.value for s in STATES] + [None], dtype=object)[ev_arrays["from"]],
        "to_state": np.array([s.value for s in STATES], dtype=object)[ev_arrays["to"]],
        "actor_id": np.append(g.person_codes, "system").astype(object)[ev_arrays["person"]],
        "role": np.array([r.value for r in ROLES], dtype=object)[ev_arrays["role"]],
        "unit_code": np.append(codes, None)[ev_arrays["unit"]],
        "reason": np.array(g.reasons + [""], dtype=object)[ev_arrays["reason"]],
        "payload": payload,
    }
    cols["version"] = writes
    cols["updated_seq"] = last_seq
    gen = Generated(
        n=n,
        cases=cols,
        events=events,
        reporters={},
        template=np.empty(0),
        max_seq=int(seq[-1]) if seq.size else 0,
        day_codes={},
    )
    gen.open_cases = _replay_open(gen, lifecycle, n)
    cols["state"] = np.array([s.value for s in STATES], dtype=object)[cols["state"]]
    return gen


def _pick(values: list, mask: np.ndarray) -> np.ndarray:
    arr = np.empty(len(values), dtype=object)
    arr[:] = values
    return arr[mask]


# ---------------------------------------------------------------------- open cases
def command_of(action: str, payload: dict, reason: str) -> c.Command:
    """The command an event row records (its payload holds the command's fields)."""
    cls = c.ALL_COMMANDS[action]
    known = {f.name for f in fields(cls)} - {"reason"}
    params = {k: v for k, v in payload.items() if k in known}
    if reason:
        params["reason"] = reason
    return c.command_from_dict(action, params)


def replay(lifecycle: Lifecycle, rows: list[dict]) -> CaseSnapshot:
    """Replay one case's event rows (dicts with the ``case_events`` columns, times as datetimes)
    through the lifecycle; raises `TransitionError` at the first refused event."""
    first = rows[0]
    actor = Actor(first["actor_id"], Role(first["role"]), first["unit_code"])
    p = first["payload"]
    case = lifecycle.report(
        Channel(p["channel"]), p["owner_centre"], actor, first["at"], level=Level(p["level"])
    ).case
    for r in rows[1:]:
        actor = Actor(r["actor_id"], Role(r["role"]), r["unit_code"])
        case = lifecycle.apply(
            case, command_of(r["action"], r["payload"], r["reason"]), actor, r["at"]
        ).case
    return case


def _replay_open(gen: Generated, lifecycle: Lifecycle, n: int) -> int:
    """Snapshots of the cases whose history stops before its path's end, via the lifecycle."""
    from commandcenter.store.mapping import snapshot_columns

    cols, ev = gen.cases, gen.events
    open_rows = np.flatnonzero(cols["owner_centre"] == None)  # noqa: E711 - object array test
    if not open_rows.size:
        return 0
    case_ids = ev["case_id"]
    sel = np.flatnonzero(np.isin(case_ids, open_rows + 1))
    sel = sel[np.lexsort((sel, case_ids[sel]))]
    bounds = np.flatnonzero(np.diff(case_ids[sel])) + 1
    json_cols = {
        "co_handlers",
        "lead_chain",
        "centre_chain",
        "whistle",
        "handle_clock",
        "stage_clock",
    }
    for chunk in np.split(sel, bounds):
        rows = [
            {
                "actor_id": ev["actor_id"][j],
                "role": ev["role"][j],
                "unit_code": ev["unit_code"][j],
                "at": to_datetime(ev["at"][j]),
                "action": ev["action"][j],
                "payload": json.loads(ev["payload"][j]),
                "reason": ev["reason"][j],
            }
            for j in chunk.tolist()
        ]
        snap = replay(lifecycle, rows)
        row = int(case_ids[chunk[0]]) - 1
        values = snapshot_columns(snap)
        for key in cols:
            if key in values and key not in ("version", "updated_seq"):
                v = values[key]
                if key in json_cols:
                    v = None if v is None else json.dumps(v, ensure_ascii=False)
                elif isinstance(v, datetime):
                    v = to_epoch(v)
                elif v is None and cols[key].dtype != object:
                    v = -1
                elif key == "state":
                    v = STATE_CODE[State(v)]
                cols[key][row] = v
    return int(open_rows.size)
