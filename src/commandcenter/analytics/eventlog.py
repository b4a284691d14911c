"""Column-wise primitives over a sorted event frame: masks, per-case look-backs, stage spans.

Every indicator is built from a handful of whole-column operations over the frame that
`build_event_frame` returns (rows sorted by case, then time). Because the rows of one case are
contiguous and in time order:

- "the value in force at a row" is the latest *setter* row at or before it in the same case:
  a binary search of the row among the setter rows (`EventLog.last_at_or_before`), done only for
  the rows that are asked about;
- the rows before an evaluation time form a prefix of each case, so a setter found before a
  valid row is itself valid, and "the last valid row of each case" is one boundary scan;
- a stage's visits are the rows entering the state paired with the next rows leaving it
  (`EventLog.spans`).

No Python loop runs per case or per event. `EventLog` caches the numpy views and the masks it
has been asked for; it never copies the frame.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np
import pandas as pd

NAT = np.iinfo(np.int64).min


class EventLog:
    """Numpy views of an event frame (sorted as `build_event_frame` leaves it)."""

    def __init__(self, events: pd.DataFrame) -> None:
        self.frame = events
        self.n = len(events)
        self._codes: dict[str, np.ndarray] = {}
        self._masks: dict[tuple, np.ndarray] = {}

    # ------------------------------------------------------------------ columns
    @cached_property
    def case(self) -> np.ndarray:
        return self.frame["case_id"].to_numpy(np.int64)

    @cached_property
    def at(self) -> np.ndarray:
        return self.times("at").view("datetime64[us]")

    @cached_property
    def at_us(self) -> np.ndarray:
        return self.times("at")

    def codes(self, column: str) -> np.ndarray:
        if column not in self._codes:
            self._codes[column] = self.frame[column].cat.codes.to_numpy()
        return self._codes[column]

    def categories(self, column: str) -> pd.Index:
        return self.frame[column].cat.categories

    def is_(self, column: str, *values: str) -> np.ndarray:
        """Rows whose categorical ``column`` is one of ``values`` (unknown values match nothing)."""
        key = (column, *sorted(values))
        if key not in self._masks:
            cats = self.categories(column)
            codes = self.codes(column)
            mask = np.zeros(self.n, dtype=bool)
            for v in values:
                if v in cats:
                    # comparing the small integer codes directly beats a lookup table
                    mask |= codes == codes.dtype.type(cats.get_loc(v))
            self._masks[key] = mask
        return self._masks[key]

    def times(self, column: str) -> np.ndarray:
        """A datetime column as int64 microseconds (NaT = `NAT`), cached."""
        if column not in self._codes:
            values = self.frame[column].to_numpy()
            if values.dtype != np.dtype("datetime64[us]"):
                values = values.astype("datetime64[us]")
            self._codes[column] = values.view("int64")
        return self._codes[column]

    def cached(self, key: str, compute) -> np.ndarray:
        """A derived row mask or row-index array, computed once per log."""
        if key not in self._masks:
            self._masks[key] = compute()
        return self._masks[key]

    def action(self, *names: str) -> np.ndarray:
        return self.is_("action", *names)

    def before(self, as_of: np.datetime64) -> np.ndarray:
        return self.at < as_of

    def within(self, start: np.datetime64, end: np.datetime64) -> np.ndarray:
        return (self.at >= start) & (self.at < end)

    # ------------------------------------------------------------------ per-case look-ups
    @cached_property
    def case_starts(self) -> np.ndarray:
        """Index of the first row of each case (ascending); case k spans [starts[k], starts[k+1])."""
        if self.n == 0:
            return np.zeros(0, dtype=np.int64)
        return np.flatnonzero(np.r_[True, self.case[1:] != self.case[:-1]])

    @cached_property
    def ordinal(self) -> np.ndarray:
        """Per row, the number of its case among `case_starts`."""
        mark = np.zeros(self.n, dtype=np.int32)
        mark[self.case_starts[1:]] = 1
        return np.cumsum(mark, dtype=np.int32)

    def valid_last(self, valid: np.ndarray) -> np.ndarray:
        """Per case, its last row among ``valid`` (a per-case prefix), or -1."""
        if self.n == 0:
            return np.zeros(0, dtype=np.int64)
        if valid.all():
            return np.r_[self.case_starts[1:] - 1, self.n - 1]
        counts = np.add.reduceat(valid.astype(np.int32), self.case_starts)
        return np.where(counts > 0, self.case_starts + counts - 1, -1)

    def per_case_last(self, rows: np.ndarray) -> np.ndarray:
        """Per case, the last of ``rows`` (ascending indices, or a boolean mask), or -1."""
        return self._per_case(rows, last=True)

    def per_case_first(self, rows: np.ndarray) -> np.ndarray:
        """Per case, the first of ``rows`` (ascending indices, or a boolean mask), or -1."""
        return self._per_case(rows, last=False)

    def _per_case(self, rows: np.ndarray, last: bool) -> np.ndarray:
        rows = np.flatnonzero(rows) if rows.dtype == bool else rows
        out = np.full(self.case_starts.size, -1, dtype=np.int64)
        if rows.size:
            o = self.ordinal[rows]
            keep = np.ones(rows.size, dtype=bool)
            if last:
                keep[:-1] = o[1:] != o[:-1]
            else:
                keep[1:] = o[1:] != o[:-1]
            out[o[keep]] = rows[keep]
        return out

    def last_at_or_before(self, setter: np.ndarray, rows: np.ndarray) -> np.ndarray:
        """For each row index in ``rows``, the latest ``setter`` row at or before it in the same
        case, or -1. ``setter`` is a boolean mask or an ascending array of row indices."""
        setters = np.flatnonzero(setter) if setter.dtype == bool else setter
        out = np.full(rows.size, -1, dtype=np.int64)
        if setters.size == 0 or rows.size == 0:
            return out
        pos = np.searchsorted(setters, rows, side="right") - 1
        ok = np.flatnonzero(pos >= 0)
        cand = setters[pos[ok]]
        same = self.case[cand] == self.case[rows[ok]]
        out[ok[same]] = cand[same]
        return out

    def next_after(self, rows: np.ndarray, target: np.ndarray) -> np.ndarray:
        """For each row index in ``rows``, the first later ``target`` row of the same case, or -1."""
        targets = np.flatnonzero(target) if target.dtype == bool else target
        out = np.full(rows.size, -1, dtype=np.int64)
        if targets.size == 0 or rows.size == 0:
            return out
        pos = np.searchsorted(targets, rows, side="right")
        ok = np.flatnonzero(pos < targets.size)
        cand = targets[pos[ok]]
        same = self.case[cand] == self.case[rows[ok]]
        out[ok[same]] = cand[same]
        return out

    def last_rows(self, mask: np.ndarray) -> np.ndarray:
        """Indices of the last ``mask`` row of each case that has one (ascending)."""
        idx = np.flatnonzero(mask)
        if idx.size == 0:
            return idx
        keep = np.ones(idx.size, dtype=bool)
        keep[:-1] = self.case[idx[1:]] != self.case[idx[:-1]]
        return idx[keep]

    def first_rows(self, mask: np.ndarray) -> np.ndarray:
        """Indices of the first ``mask`` row of each case that has one (ascending)."""
        idx = np.flatnonzero(mask)
        if idx.size == 0:
            return idx
        keep = np.ones(idx.size, dtype=bool)
        keep[1:] = self.case[idx[1:]] != self.case[idx[:-1]]
        return idx[keep]

    def spans(self, state: str, valid: np.ndarray) -> Spans:
        """Visits of ``state`` among ``valid`` rows (a per-case prefix: the rows before as_of)."""
        to_s = self.is_("to_state", state)
        from_s = self.is_("from_state", state)
        leave = from_s & ~to_s & valid
        entries = np.flatnonzero(to_s & ~from_s & valid)
        # Usually the very next row leaves the state: check that first, search only for the rest.
        nxt = np.minimum(entries + 1, max(self.n - 1, 0))
        hit = (entries + 1 < self.n) & leave[nxt] & (self.case[nxt] == self.case[entries])
        exits = np.where(hit, nxt, -1)
        rest = np.flatnonzero(~hit)
        if rest.size:
            exits[rest] = self.next_after(entries[rest], np.flatnonzero(leave))
        return Spans(entries, exits)


@dataclass(frozen=True)
class Spans:
    """Visits of one state: the entering row of each visit and its leaving row (-1 while in it)."""

    entries: np.ndarray
    exits: np.ndarray

    @property
    def left(self) -> np.ndarray:
        return self.exits >= 0

    def subset(self, keep: np.ndarray) -> Spans:
        return Spans(self.entries[keep], self.exits[keep])

    def exit_values(self, values: np.ndarray, missing) -> np.ndarray:
        return take(values, self.exits, missing)


def take(values: np.ndarray, index: np.ndarray, missing) -> np.ndarray:
    """``values[index]`` with ``missing`` where the index is -1."""
    if index.size == 0 or index.min() >= 0:
        return values[index]
    ok = index >= 0
    out = np.full(index.shape, missing, dtype=values.dtype)
    out[ok] = values[index[ok]]
    return out
