"""Per-case facts as of an evaluation time: the basis of every closing and timeliness indicator.

`case_facts(log, cases, as_of)` describes every case that has an event before ``as_of``
(definitions in ``commandcenter.domain.indicators.TERMS``):

==================  =========================================================================
state               state after the last event before as_of
reported_at         time of the ``report`` event; ``reporter`` / ``reporter_role`` its actor
registered_at       time of the *first* ``register`` event (rework and redo never reset it);
                    ``registrar`` its actor
lead_unit, lead_at  lead unit named by the last dispatch/whistle and its time; NA after a
                    return or after a street centre signed (the case is back at a centre)
done_at             last ``report_done``/``handle_on_spot``, NA if undone since (failed check,
                    redo, reopen, return)
deadline            handling deadline in force at done_at (or at as_of when not done; the same
                    thing for lifecycle logs, see `_deadline`)
closed_at, forced   when the case entered CLOSED (if closed at as_of), by ``force_close``?
whistled, on_spot   any whistle / on-the-spot handling before as_of
hung                state is HUNG
on_time             handling done and (no deadline or done_at <= deadline)
overdue_now         Boston-style flag: (done_at, else as_of) is after the deadline
due                 the deadline passed before as_of
==================  =========================================================================

plus the descriptive columns of the case frame (channel, street_code, community_code, grid_code,
minor_code, emergency) when one is given. `CaseFacts` computes each column on first use, as a
numpy array (times as int64 microseconds, `NAT` when missing; categoricals as codes with their
categories in ``cats``); ``.frame`` is all of them as a DataFrame indexed by ``case_id``.
"""

from __future__ import annotations

from functools import cached_property

import numpy as np
import pandas as pd

from commandcenter.analytics.eventlog import NAT, EventLog, take

CASE_ATTRIBUTES = ("channel", "street_code", "community_code", "grid_code", "minor_code")
DONE_ACTIONS = ("report_done", "handle_on_spot")
TIME_COLUMNS = ("reported_at", "registered_at", "lead_at", "done_at", "deadline", "closed_at")


def _centre_sign(log: EventLog) -> np.ndarray:
    return log.action("sign") & log.is_("to_state", "pending_dispatch")


def lead_setters(log: EventLog) -> np.ndarray:
    """Rows (ascending indices) that set or clear the lead unit in force: dispatch/whistle,
    return, a street centre's sign."""
    return log.cached("lead_setters", lambda: np.flatnonzero(
        log.action("dispatch", "whistle", "return") | _centre_sign(log)))


def deadline_setters(log: EventLog) -> np.ndarray:
    """Rows that set the handling deadline (payload) or clear it (return, a centre's sign)."""
    return log.cached("deadline_setters", lambda: np.flatnonzero(
        (log.times("handle_deadline") != NAT) | log.action("return") | _centre_sign(log)))


def done_setters(log: EventLog) -> np.ndarray:
    """Rows that mark the handling done, or undo it (failed check, reopen, redo, return)."""
    redo = log.action("callback") & log.is_("to_state", "pending_dispatch")
    return log.cached("done_setters", lambda: np.flatnonzero(
        log.action(*DONE_ACTIONS, "check_fail", "reopen", "return") | redo))


class CaseFacts:
    """The facts of the cases with an event before ``as_of`` (``ids`` ascending), computed lazily."""

    def __init__(self, log: EventLog, cases: pd.DataFrame | None, as_of) -> None:
        self.log = log
        self.cases = cases
        self.as_of64 = np.datetime64(pd.Timestamp(as_of).to_datetime64(), "us")
        self.as_of_us = int(self.as_of64.astype(np.int64))
        self.valid = log.before(self.as_of64)
        self.all_valid = bool(self.valid.all())
        last_all = log.valid_last(self.valid)
        self.present = last_all >= 0
        self.last = last_all if self.all_valid else last_all[self.present]
        self.ids = log.case[self.last]
        # per case of the event log (EventLog.ordinal), its position among the facts or -1
        self.pos_of_ordinal = np.where(self.present, np.cumsum(self.present) - 1, -1)
        self.cats: dict[str, pd.Index] = {
            "state": log.categories("to_state"), "reporter": log.categories("actor_id"),
            "reporter_role": log.categories("role"), "registrar": log.categories("actor_id"),
            "lead_unit": log.categories("lead_unit"),
        }
        self._arrays: dict[str, np.ndarray] = {}

    def __len__(self) -> int:
        return self.ids.size

    def __getitem__(self, name: str) -> np.ndarray:
        if name not in self._arrays:
            self._arrays[name] = _FIELDS[name](self)
        return self._arrays[name]

    @property
    def names(self) -> list[str]:
        return list(_FIELDS)

    def positions(self, case_ids: np.ndarray) -> np.ndarray:
        """Positions of ``case_ids`` among the facts (-1 where absent)."""
        if self.ids.size == 0:
            return np.full(case_ids.size, -1, dtype=np.int64)
        pos = np.minimum(np.searchsorted(self.ids, case_ids), self.ids.size - 1)
        return np.where(self.ids[pos] == case_ids, pos, -1)

    def is_(self, name: str, *values: str) -> np.ndarray:
        cats = self.categories(name)
        wanted = [cats.get_loc(v) for v in values if v in cats]
        codes = self[name]
        out = np.zeros(self.ids.size, dtype=bool)
        for w in wanted:
            out |= codes == w
        return out

    def categories(self, name: str) -> pd.Index:
        if name not in self.cats:
            self[name]  # attributes fill in their categories when computed
        return self.cats[name]

    # ------------------------------------------------------------------ per-case rows
    def last_valid(self, rows: np.ndarray) -> np.ndarray:
        """Per case, the last of ``rows`` (mask or ascending indices) before as_of, or -1."""
        rows = np.flatnonzero(rows) if rows.dtype == bool else rows
        out = self.log.per_case_last(rows if self.all_valid else rows[self.valid[rows]])
        return out if self.all_valid else out[self.present]

    def first_valid(self, mask: np.ndarray) -> np.ndarray:
        """Per case, the first ``mask`` row before as_of, or -1."""
        first = self.log.case_starts if self.all_valid else self.log.case_starts[self.present]
        if mask[first].all():  # a case's first row is its report in lifecycle logs
            return first
        rows = np.flatnonzero(mask)
        out = self.log.per_case_first(rows if self.all_valid else rows[self.valid[rows]])
        return out if self.all_valid else out[self.present]

    @cached_property
    def report_row(self) -> np.ndarray:
        return self.first_valid(self.log.action("report"))

    @cached_property
    def register_row(self) -> np.ndarray:
        return self.first_valid(self.log.action("register"))

    @cached_property
    def lead_row(self) -> np.ndarray:
        return self.last_valid(lead_setters(self.log))

    @cached_property
    def done_row(self) -> np.ndarray:
        idx = self.last_valid(done_setters(self.log))
        return np.where(take(self.log.action(*DONE_ACTIONS), idx, False), idx, -1)

    @cached_property
    def closed_row(self) -> np.ndarray:
        log = self.log
        enter = log.is_("to_state", "closed") & ~log.is_("from_state", "closed")
        return np.where(self.is_("state", "closed"), self.last_valid(enter), -1)

    @cached_property
    def frame(self) -> pd.DataFrame:
        data = {}
        for name in _FIELDS:
            values = self[name]
            if name in self.cats:
                data[name] = pd.Categorical.from_codes(values, categories=self.cats[name])
            elif name in TIME_COLUMNS:
                data[name] = values.view("datetime64[us]")
            else:
                data[name] = values
        return pd.DataFrame(data, index=pd.Index(self.ids, name="case_id"))


def _deadline(f: CaseFacts) -> np.ndarray:
    # The deadline in force when the handling was done is the one in force at as_of: every event
    # that can move the deadline after a report_done (failed check, redo, return, reopen) also
    # undoes the "done" (see done_setters), so no setter that counts follows the done row.
    return take(f.log.times("handle_deadline"), f.last_valid(deadline_setters(f.log)), NAT)


def _attribute(name: str):
    """A descriptive column of the case frame aligned to the facts (codes for categoricals)."""
    def compute(f: CaseFacts) -> np.ndarray:
        cases = f.cases
        empty = cases is None or name not in cases.columns or not len(cases)
        if name == "emergency":
            if empty:
                return np.zeros(f.ids.size, dtype=bool)
            flag = cases["emergency"].fillna(False).to_numpy(dtype=bool)
            pos = _case_positions(f)
            return flag if pos is None else take(flag, pos, False)
        if empty:
            f.cats[name] = pd.Index([], dtype=object)
            return np.full(f.ids.size, -1, dtype=np.int16)
        s = cases[name]
        if not isinstance(s.dtype, pd.CategoricalDtype):
            s = s.astype("category")
        f.cats[name] = s.cat.categories
        codes = s.cat.codes.to_numpy()
        pos = _case_positions(f)
        return codes if pos is None else take(codes, pos, -1)
    return compute


def _case_positions(f: CaseFacts) -> np.ndarray | None:
    """Positions of the facts' cases in the case frame (None when they are the same index)."""
    if "_case_pos" not in f._arrays:
        index = f.cases.index
        same = len(index) == f.ids.size and bool((index.to_numpy() == f.ids).all())
        f._arrays["_case_pos"] = None if same else index.get_indexer(f.ids)
    return f._arrays["_case_pos"]


def _on_time(f: CaseFacts) -> np.ndarray:
    done, deadline = f["done_at"], f["deadline"]
    return (done != NAT) & ((deadline == NAT) | (done <= deadline))


def _overdue_now(f: CaseFacts) -> np.ndarray:
    done, deadline = f["done_at"], f["deadline"]
    return (deadline != NAT) & (np.where(done != NAT, done, f.as_of_us) > deadline)


_FIELDS = {
    "state": lambda f: f.log.codes("to_state")[f.last],
    "reported_at": lambda f: take(f.log.at_us, f.report_row, NAT),
    "reporter": lambda f: take(f.log.codes("actor_id"), f.report_row, -1),
    "reporter_role": lambda f: take(f.log.codes("role"), f.report_row, -1),
    "registered_at": lambda f: take(f.log.at_us, f.register_row, NAT),
    "registrar": lambda f: take(f.log.codes("actor_id"), f.register_row, -1),
    "lead_unit": lambda f: take(f.log.codes("lead_unit"), f.lead_row, -1),
    "lead_at": lambda f: np.where(f["lead_unit"] >= 0, take(f.log.at_us, f.lead_row, NAT), NAT),
    "done_at": lambda f: take(f.log.at_us, f.done_row, NAT),
    "deadline": _deadline,
    "closed_at": lambda f: take(f.log.at_us, f.closed_row, NAT),
    "forced": lambda f: take(f.log.action("force_close"), f.closed_row, False),
    "whistled": lambda f: f.last_valid(f.log.action("whistle")) >= 0,
    "on_spot": lambda f: f.last_valid(f.log.action("handle_on_spot")) >= 0,
    "hung": lambda f: f.is_("state", "hung"),
    "on_time": _on_time,
    "overdue_now": _overdue_now,
    "due": lambda f: (f["deadline"] != NAT) & (f["deadline"] < f.as_of_us),
    **{name: _attribute(name) for name in (*CASE_ATTRIBUTES, "emergency")},
}


def case_facts(log: EventLog, cases: pd.DataFrame | None, as_of) -> CaseFacts:
    """The facts of every case with an event before ``as_of`` (see the module docstring)."""
    return CaseFacts(log, cases, as_of)
