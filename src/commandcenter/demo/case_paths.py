"""Lifecycle paths of generated cases, built for a whole group of cases at once.

Every generated case follows one *path template* (normal, with return, with whistle, voided at
accept, ...; see `case_templates.TEMPLATES`) in one *variant* (callback channel or not, verified on site or
accepted directly, dispatched directly or down through a street centre, 2 or 3 summoned
departments). All cases sharing a template and variant take the same sequence of actions, so a
:class:`Walker` applies each action to numpy arrays holding every case of the group: the actors,
times, units and the resulting snapshot fields are columns, never a per-case Python loop.

The walker mirrors `commandcenter.domain.lifecycle.Lifecycle` exactly (states, owner and lead
changes, chains, counters, the handling clock with its pauses and extensions, the whistle, and
the event payloads, extras included); the test suite replays generated events through the real
lifecycle and compares. Deadlines use :class:`commandcenter.analytics.duty.TickAxis`, which is
exact for the real business calendar.

Times: centre staff act in natural time (the centres keep night shifts); handling units, grid
workers, callback operators and leaders act in duty time. Handling ends on time with probability
`case_steps.ON_TIME` (at a random fraction of the time left), otherwise after the deadline.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

import numpy as np

from commandcenter.analytics.duty import U_WD
from commandcenter.demo.case_steps import HandlingSteps
from commandcenter.domain.vocabulary import (
    Level,
    ReturnVerdict,
    Role,
    State,
    WhistleReason,
)

STATES = list(State)
STATE_CODE = {s: i for i, s in enumerate(STATES)}
ROLES = list(Role)
ROLE_CODE = {r: i for i, r in enumerate(ROLES)}
EMPTY = "{}"


def iso(t: np.ndarray) -> list[str]:
    """ISO strings (``YYYY-MM-DDTHH:MM:SS``, as `datetime.isoformat`) of epoch seconds."""
    return np.datetime_as_string(np.asarray(t, dtype="datetime64[s]"), unit="s").tolist()


@dataclass
class Block:
    """Events of one step for every case of a group (columns of equal length, or scalars)."""

    action: str
    from_state: State | None
    to_state: State
    at: np.ndarray
    person: np.ndarray  # index into GenContext.person_codes; -1 = the system
    role: Role
    unit: np.ndarray  # index into GenContext.unit_codes; -1 = none
    reason: np.ndarray | int = -1  # index into GenContext.reasons; -1 = ""
    payload: list[str] | str = EMPTY


@dataclass
class HandleClock:
    """The handling clock of every case of a group (mirrors `sla.Clock`)."""

    start: np.ndarray
    limit: np.ndarray  # index into GenContext.limits
    deadline: np.ndarray
    paused_since: np.ndarray | None = None
    pauses: list[tuple[np.ndarray, np.ndarray]] = field(default_factory=list)
    paused_amount: np.ndarray | None = None
    extensions: list[int] = field(default_factory=list)  # indexes into GenContext.limits


class Walker(HandlingSteps):
    """Applies one path, action by action, to the cases ``idx`` of a `GenContext`."""

    def __init__(self, g, idx: np.ndarray, *, callback: bool, verify: bool, down: bool) -> None:
        self.g = g
        self.idx = idx
        self.n = idx.size
        self.callback, self.verify, self.down = callback, verify, down
        self.blocks: list[Block] = []
        self.state: State = State.REPORTED
        self.t = g.reported[idx].copy()
        self.owner = g.owner[idx].copy()
        self.level = Level.DISTRICT if g.owner_is_district[idx[0]] else Level.STREET
        self.lead = np.full(self.n, -1, dtype=np.int64)
        self.lead_is_centre = False
        self.lead_chain: list[np.ndarray] = []
        self.centre_chain: list[np.ndarray] = [self.owner.copy()]
        self.co_handlers: list[np.ndarray] = []
        self.clock: HandleClock | None = None
        self.whistle: dict | None = None
        self.counts = {"rework": 0, "return": 0, "redo": 0, "callback": 0}
        self.registered = self.dispatched = self.handled = self.closed = None
        self.forced = False
        self.merged = False
        self.limit = g.limit[idx]  # the handling limit fixed at registration
        self._report()

    # ------------------------------------------------------------------ time
    def _rand(self) -> np.ndarray:
        return self.g.rng.random(self.n)

    def natural(self, median: float, sigma: float = 0.8, floor: int = 5) -> None:
        """Move the group's clock on by a log-normal natural delay (seconds)."""
        z = self.g.rng.standard_normal(self.n)
        self.t = self.t + np.maximum(floor, (median * np.exp(sigma * z)).astype(np.int64))

    def duty(self, median: float, sigma: float = 0.9, floor: int = 30) -> None:
        """Move on by a log-normal amount of duty time (the actor works duty hours)."""
        z = self.g.rng.standard_normal(self.n)
        amount = np.maximum(floor, (median * np.exp(sigma * z)).astype(np.int64))
        self.t = self.g.axis.add(self.t, amount, U_WD)

    # ------------------------------------------------------------------ events
    def _emit(self, action, to_state, person, role, unit, reason=-1, payload=EMPTY) -> None:
        self.blocks.append(
            Block(action, self.state, to_state, self.t.copy(), person, role, unit, reason, payload)
        )
        self.state = to_state

    def _reason(self, action: str) -> np.ndarray:
        first, count = self.g.reason_range[action]
        return first + self.g.rng.integers(0, count, self.n)

    def _staff(self, unit: np.ndarray, role: Role) -> tuple[np.ndarray, Role, np.ndarray]:
        return self.g.pick(unit, role), role, unit

    def _worker(self) -> tuple[np.ndarray, Role, np.ndarray]:
        p = self.g.worker[self.idx]
        return p, Role.GRID_WORKER, self.g.person_unit[p]

    def _lead_handler(self) -> tuple[np.ndarray, Role, np.ndarray]:
        return self._staff(self.lead, Role.HANDLING_UNIT)

    def _payload(self, parts: list[tuple[str, object]]) -> list[str]:
        """JSON objects from (key, column-or-scalar) pairs; None entries are left out."""
        cols = []
        for key, value in parts:
            if value is None:
                continue
            if isinstance(value, (list, np.ndarray)):
                vals = value.tolist() if isinstance(value, np.ndarray) else value
                cols.append([f'"{key}": {v}' for v in _json_values(vals)])
            else:
                cols.append([f'"{key}": {_json_values([value])[0]}'] * self.n)
        if not cols:
            return [EMPTY] * self.n
        return ["{" + ", ".join(row) + "}" for row in zip(*cols)]

    def _deadline_payload(self) -> list[str]:
        return iso(self.clock.deadline)

    def _deadline_if_changed(self, before: np.ndarray) -> list[str]:
        """The lifecycle records the handling deadline only in events that move it."""
        return _add_key(
            [EMPTY] * self.n,
            "handle_deadline",
            self._deadline_payload(),
            self.clock.deadline != before,
        )

    # ------------------------------------------------------------------ intake
    def _report(self) -> None:
        g, idx = self.g, self.idx
        person, role, unit = g.reporter_actor(idx)
        payload = self._payload(
            [
                ("channel", g.channel_names[g.channel[idx]].tolist()),
                ("owner_centre", g.unit_codes[self.owner].tolist()),
                ("level", self.level.value),
            ]
        )
        self.blocks.append(
            Block("report", None, State.REPORTED, self.t.copy(), person, role, unit, -1, payload)
        )

    def screen(self) -> None:
        # `CaseService.report` screens in the same write, at the same instant.
        self._emit(
            "screen", State.PENDING_ACCEPT, np.full(self.n, -1), Role.SYSTEM, np.full(self.n, -1)
        )

    def intake(self) -> None:
        """Accept, or send to the grid worker to verify on site first."""
        self.screen()
        if self.verify:
            self.send_to_verify()
            self.duty(1800)
            self._emit("verify_true", State.PENDING_REGISTER, *self._worker())
        else:
            self.natural(240)
            self._emit(
                "accept", State.PENDING_REGISTER, *self._staff(self.owner, Role.INTAKE_OPERATOR)
            )

    def send_to_verify(self) -> None:
        self.natural(300)
        worker = self.g.person_codes[self.g.worker[self.idx]]
        self._emit(
            "send_to_verify",
            State.VERIFYING,
            *self._staff(self.owner, Role.INTAKE_OPERATOR),
            payload=self._payload([("grid_worker", worker)]),
        )

    def invalidate(self) -> None:
        self.natural(300)
        self._emit(
            "invalidate",
            State.VOID,
            *self._staff(self.owner, Role.INTAKE_OPERATOR),
            reason=self._reason("invalidate"),
        )
        self.closed = self.t.copy()

    def verify_false(self) -> None:
        self.duty(1800)
        self._emit("verify_false", State.VOID, *self._worker(), reason=self._reason("verify_false"))
        self.closed = self.t.copy()

    def merge(self) -> None:
        self.natural(200)
        parents = self.g.parent_id[self.idx]
        self._emit(
            "merge",
            State.MERGED,
            *self._staff(self.owner, Role.INTAKE_OPERATOR),
            payload=self._payload([("parent_id", parents)]),
        )
        self.closed = self.t.copy()
        self.merged = True

    def handle_on_spot(self) -> None:
        self.natural(600)
        self._emit("handle_on_spot", State.PENDING_CLOSE, *self._worker())
        self.handled = self.t.copy()

    def register(self) -> None:
        g, idx = self.g, self.idx
        self.natural(900)
        cond = g.cond[idx]
        payload = self._payload(
            [
                ("minor_code", g.cond_minor[cond].tolist()),
                ("condition_id", g.cond_id[cond].tolist()),
                ("area_class", g.area_names[g.area[idx]].tolist()),
                ("handle_limit", [g.limit_text[i] for i in self.limit.tolist()]),
                ("emergency", True if g.emergency[idx[0]] else None),
            ]
        )
        self._emit(
            "register",
            State.PENDING_DISPATCH,
            *self._staff(self.owner, Role.SHIFT_LEADER),
            payload=payload,
        )
        self.registered = self.t.copy()

    def refuse_register(self) -> None:
        self.natural(900)
        self._emit(
            "refuse_register",
            State.VOID,
            *self._staff(self.owner, Role.SHIFT_LEADER),
            reason=self._reason("refuse_register"),
        )
        self.closed = self.t.copy()

    # ------------------------------------------------------------------ dispatch
    def _start_clock(self) -> None:
        g = self.g
        unit, amount = g.limit_unit[self.limit], g.limit_amount[self.limit]
        self.clock = HandleClock(
            self.t.copy(),
            self.limit.copy(),
            g.axis.add(self.t, amount, unit),
            paused_amount=np.zeros(self.n),
        )

    def _pause(self) -> None:
        self.clock.paused_since = self.t.copy()

    def _resume(self) -> None:
        c, g = self.clock, self.g
        unit = g.limit_unit[c.limit]
        spent = np.maximum(0, g.axis.elapsed(c.paused_since, self.t, unit))
        c.deadline = g.axis.add(c.deadline, spent, unit)
        c.pauses.append((c.paused_since, self.t.copy()))
        c.paused_amount = c.paused_amount + (spent * 1_000_000) / (
            g.axis.unit_seconds(unit) * 1_000_000
        )
        c.paused_since = None

    def dispatch(self, unit: np.ndarray, *, centre: bool = False, rule: bool = True) -> None:
        """派遣 by the owning centre's dispatcher to ``unit`` (a street centre when ``centre``)."""
        g = self.g
        self.natural(600)
        changed = unit != self.lead
        self.lead = unit.copy()
        self.lead_is_centre = centre
        self.lead_chain.append(unit.copy())
        self.co_handlers = []
        self.dispatched = self.t.copy() if self.dispatched is None else self.dispatched
        codes = g.unit_codes[unit]
        parts: list[tuple[str, object]] = [
            ("unit", codes),
            ("unit_is_centre", True if centre else None),
        ]
        if rule and not centre:
            parts.append(("rule_id", g.rule_text[g.rule[self.idx]]))
        if centre:
            self.clock = None
        else:
            self._start_clock()
        payload = self._payload(parts)
        if changed.any():
            payload = _add_key(payload, "lead_unit", codes, changed)
        if not centre:
            payload = _add_key(payload, "handle_deadline", self._deadline_payload())
        self._emit(
            "dispatch", State.DISPATCHED, *self._staff(self.owner, Role.DISPATCHER), payload=payload
        )

    def sign_at_centre(self) -> None:
        """The street centre signs for a case sent down by the district and takes over."""
        self.natural(900)
        centre = self.lead.copy()
        self._emit(
            "sign",
            State.PENDING_DISPATCH,
            *self._staff(centre, Role.DISPATCHER),
            payload=self._payload([("owner_centre", self.g.unit_codes[centre])]),
        )
        self.owner = centre
        self.level = Level.STREET
        self.centre_chain.append(centre)
        self.lead = np.full(self.n, -1, dtype=np.int64)
        self.lead_is_centre = False
        self.co_handlers = []

    def dispatch_segment(self, *, wrong_first: bool = False, overruled: bool = False) -> None:
        """Dispatch to the target, through the street centre in the down variant, optionally
        after a return (to a wrong unit first, or an overruled return by the target itself)."""
        g, idx = self.g, self.idx
        if self.down:
            self.dispatch(g.street_centre[idx], centre=True)
            self.sign_at_centre()
        target = g.target[idx]
        if wrong_first or overruled:
            self.dispatch(g.alt[idx] if wrong_first else target)
            self.duty(1200)
            self._emit(
                "return",
                State.PENDING_DISPATCH,
                *self._lead_handler(),
                reason=self._reason("return"),
            )
            self.counts["return"] += 1
            self.clock = None
            self.natural(1200)
            verdict = ReturnVerdict.OVERRULED if overruled else ReturnVerdict.UPHELD
            self._emit(
                "judge_return",
                State.PENDING_DISPATCH,
                *self._staff(self.owner, Role.DISPATCHER),
                payload=self._payload([("verdict", verdict.value)]),
            )
        self.dispatch(target)

    def whistle_segment(self, k: int, checked: int | None = None) -> None:
        """吹哨: the owning centre summons ``k`` departments and ``checked`` (default all) of
        them check in; when all have, the case is DISPATCHED to the lead."""
        g, idx = self.g, self.idx
        self.natural(900)
        depts = [g.whistle_depts[idx, j] for j in range(k)]
        lead = depts[0]
        codes = [g.unit_codes[d] for d in depts]
        reason_code = g.rng.choice(len(WHISTLE_REASONS), self.n, p=WHISTLE_P)
        self.lead, self.lead_is_centre = lead.copy(), False
        self.lead_chain.append(lead.copy())
        self.co_handlers = depts[1:]
        self.dispatched = self.t.copy() if self.dispatched is None else self.dispatched
        self._start_clock()
        called = self.t.copy()
        lim_unit, lim_amount = g.checkin_limit
        checkin_deadline = g.axis.add(called, lim_amount, lim_unit)
        dept_lists = [list(row) for row in zip(*[c.tolist() for c in codes])]
        reason_names = [WHISTLE_REASONS[i].value for i in reason_code.tolist()]
        lead_codes = codes[0].tolist()
        payload = self._payload(
            [
                ("whistle_reason", reason_names),
                ("departments", dept_lists),
                ("lead_unit", lead_codes),
            ]
        )
        payload = _add_key(payload, "handle_deadline", self._deadline_payload())
        self._emit(
            "whistle",
            State.WHISTLED,
            *self._staff(self.owner, Role.DISPATCHER),
            reason=self._reason("whistle"),
            payload=payload,
        )
        self.whistle = {
            "reason": reason_names,
            "departments": dept_lists,
            "lead": lead_codes,
            "called_at": called,
            "deadline": checkin_deadline,
            "checked_in": [],
            "ratings": [],
        }
        # Check-ins in random order, 30-minute limit: most arrive in time.
        order = np.argsort(g.rng.random((self.n, k)), axis=1)
        base = self.t.copy()
        arrive = np.sort(
            base[:, None] + np.maximum(60, (g.rng.gamma(2.0, 600, (self.n, k)))).astype(np.int64),
            axis=1,
        )
        stack = np.stack(depts, axis=1)
        for j in range(k if checked is None else checked):
            unit = stack[np.arange(self.n), order[:, j]]
            self.t = arrive[:, j]
            to = State.DISPATCHED if j == k - 1 else State.WHISTLED
            self._emit("check_in", to, *self._staff(unit, Role.HANDLING_UNIT))
            self.whistle["checked_in"].append((unit, self.t.copy()))

    def rate_check_ins(self) -> None:
        for unit, _ in self.whistle["checked_in"]:
            self.natural(600)
            rating = self.g.rng.choice([3, 4, 5], self.n, p=[0.1, 0.4, 0.5])
            self._emit(
                "rate_check_in",
                self.state,
                *self._staff(self.owner, Role.DISPATCHER),
                payload=self._payload([("unit", self.g.unit_codes[unit]), ("rating", rating)]),
            )
            self.whistle["ratings"].append((unit, rating))


WHISTLE_REASONS = list(WhistleReason)
WHISTLE_P = [0.55, 0.35, 0.10]


def _add_key(payload: list[str], key: str, values, mask: np.ndarray | None = None) -> list[str]:
    """Append ``"key": value`` to JSON object strings (only where ``mask``)."""
    vals = _json_values(values.tolist() if isinstance(values, np.ndarray) else values)
    mask_l = [True] * len(payload) if mask is None else mask.tolist()
    out = []
    for p, v, m in zip(payload, vals, mask_l):
        if not m:
            out.append(p)
            continue
        item = f'"{key}": {v}'
        out.append("{" + item + "}" if p == EMPTY else p[:-1] + ", " + item + "}")
    return out


def _json_values(values: list) -> list[str]:
    """JSON texts of a column of values (as ``json.dumps(v, ensure_ascii=False)``), fast for
    the homogeneous columns of plain strings or integers that fill payloads."""
    if not values:
        return []
    first = values[0]
    if type(first) is str:
        try:
            joined = "".join(values)  # one C-level pass; TypeError if a value is not a str
        except TypeError:
            joined = None
        if joined is not None and '"' not in joined and "\\" not in joined and joined.isprintable():
            return [f'"{v}"' for v in values]
    elif type(first) is int and all(type(v) is int for v in values):
        return [str(v) for v in values]
    return [json.dumps(v, ensure_ascii=False) for v in values]
