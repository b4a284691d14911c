"""The handling and closing steps of a `case_paths.Walker` (a mixin, split out for size).

Sign, report done (on time or late against the handling deadline), extension, hanging, the grid
worker's check, closing, the callback visit and forced closing; each mirrors the lifecycle's
action of the same name on a whole group of cases at once (see `case_paths`).
"""

from __future__ import annotations

import numpy as np

from commandcenter.analytics.duty import U_NAT
from commandcenter.domain.vocabulary import CallbackResult, Role, State

ON_TIME = 0.885  # share of handling finished before the deadline
ON_TIME_REWORK = 0.7  # after a failed check
VISIT_RESULTS = [
    CallbackResult.SATISFIED.value,
    CallbackResult.BASICALLY_SATISFIED.value,
    CallbackResult.DISSATISFIED.value,
]
VISIT_P = [0.80, 0.155, 0.045]


class HandlingSteps:
    """Mixed into `Walker`: uses its clock, emit, staff and payload helpers."""

    def sign(self) -> None:
        self.duty(900, floor=30)
        self._emit("sign", State.IN_PROGRESS, *self._lead_handler())

    def report_done(self, on_time: float = ON_TIME) -> None:
        """Finish handling on time with probability ``on_time``, else after the deadline."""
        g, c = self.g, self.clock
        unit = g.limit_unit[c.limit]
        nat = unit == U_NAT
        prev = self.t
        p_prev = np.where(nat, prev, g.axis.position(prev))
        p_dead = np.where(nat, c.deadline, g.axis.position(c.deadline))
        p_start = np.where(nat, c.start, g.axis.position(c.start))
        late = self._rand() >= on_time
        frac = 0.05 + 0.92 * g.rng.beta(2.0, 2.2, self.n)
        room = np.maximum(0, p_dead - p_prev)
        target = p_prev + (frac * room).astype(np.int64)
        over = (np.maximum(600, p_dead - p_start) * g.rng.uniform(0.05, 1.2, self.n)).astype(
            np.int64
        )
        target = np.where(late, np.maximum(p_dead, p_prev) + over, target)
        target = np.maximum(target, p_prev + 60)
        when = np.where(nat, target, g.axis.instant(np.where(nat, 0, target), at_window_end=False))
        self.t = np.maximum(when, prev + 60)
        self._pause()
        self._emit("report_done", State.PENDING_CHECK, *self._lead_handler())
        self.handled = self.t.copy()

    def request_extension(self) -> None:
        g = self.g
        self.duty(3600)
        extra = g.extension_limit
        self._pause()
        self._emit(
            "request_extension",
            State.IN_PROGRESS,
            *self._lead_handler(),
            reason=self._reason("request_extension"),
            payload=self._payload([("extra", g.limit_text[extra])]),
        )
        self.duty(1800)
        before = self.clock.deadline.copy()
        self._resume()
        unit, amount = g.limit_unit[extra], g.limit_amount[extra]
        self.clock.deadline = g.axis.add(self.clock.deadline, np.full(self.n, amount), unit)
        self.clock.extensions.append(extra)
        self._emit(
            "approve_extension",
            State.IN_PROGRESS,
            *self._staff(self.owner, Role.SHIFT_LEADER),
            payload=self._deadline_if_changed(before),
        )

    def hang(self, resume: bool) -> None:
        self.duty(5400)
        self._emit(
            "request_hang",
            State.IN_PROGRESS,
            *self._lead_handler(),
            reason=self._reason("request_hang"),
        )
        self.duty(3600)
        self._pause()
        self._emit(
            "hang",
            State.HUNG,
            *self._staff(self.owner, Role.SHIFT_LEADER),
            reason=self._reason("hang"),
        )
        if resume:
            self.duty(5 * 27000, sigma=0.7)
            before = self.clock.deadline.copy()
            self._resume()
            self._emit(
                "unhang",
                State.IN_PROGRESS,
                *self._staff(self.owner, Role.SHIFT_LEADER),
                payload=self._deadline_if_changed(before),
            )

    def check(self, passed: bool = True) -> None:
        self.duty(2400)
        if passed:
            self._emit("check_pass", State.PENDING_CLOSE, *self._worker())
            return
        before = self.clock.deadline.copy()
        self._resume()
        self._emit(
            "check_fail",
            State.IN_PROGRESS,
            *self._worker(),
            reason=self._reason("check_fail"),
            payload=self._deadline_if_changed(before),
        )
        self.counts["rework"] += 1
        self.handled = None

    # ------------------------------------------------------------------ closing
    def close(self) -> None:
        self.natural(1800)
        to = State.PENDING_VISIT if self.callback else State.CLOSED
        self._emit("close", to, *self._staff(self.owner, Role.SHIFT_LEADER))
        if not self.callback:
            self.closed = self.t.copy()

    def visit(self, result: str = "normal") -> None:
        """回访: ``normal`` (mostly satisfied), ``redo`` (dissatisfied, unit's fault) or
        ``unreachable`` (every attempt fails, the case closes)."""
        g = self.g
        if result == "unreachable":
            for _ in range(g.max_callback_attempts):
                self.duty(7200)
                self.counts["callback"] += 1
                last = self.counts["callback"] >= g.max_callback_attempts
                self._emit(
                    "callback",
                    State.CLOSED if last else State.PENDING_VISIT,
                    *self._staff(self.owner, Role.CALLBACK_OPERATOR),
                    payload=self._payload([("result", CallbackResult.UNREACHABLE.value)]),
                )
            self.closed = self.t.copy()
            return
        self.duty(9000)
        if result == "redo":
            self._emit(
                "callback",
                State.PENDING_DISPATCH,
                *self._staff(self.owner, Role.CALLBACK_OPERATOR),
                reason=self._reason("callback"),
                payload=self._payload(
                    [("result", CallbackResult.DISSATISFIED.value), ("unit_fault", True)]
                ),
            )
            self.counts["redo"] += 1
            self.counts["callback"] = 0
            self.handled = None
            self.clock = None
            return
        pick = g.rng.choice(len(VISIT_RESULTS), self.n, p=VISIT_P)
        self.counts["callback"] += 1
        self._emit(
            "callback",
            State.CLOSED,
            *self._staff(self.owner, Role.CALLBACK_OPERATOR),
            payload=self._payload([("result", [VISIT_RESULTS[i] for i in pick.tolist()])]),
        )
        self.closed = self.t.copy()

    def close_and_visit(self) -> None:
        self.close()
        if self.callback:
            self.visit()

    def force_close(self) -> None:
        self.duty(10 * 27000, sigma=0.6)
        self._emit(
            "force_close",
            State.CLOSED,
            *self._staff(self.owner, Role.SHIFT_LEADER),
            reason=self._reason("force_close"),
        )
        self.closed = self.t.copy()
        self.forced = True
