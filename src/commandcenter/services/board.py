"""The board's data engine: every case as numpy columns, filtered and sorted column-wise.

A QSortFilterProxyModel over a million rows takes ~5 s per filter (STYLE.md habit 5), so the board
keeps ALL cases in memory as columns and answers each filter/sort with a boolean mask and an
argsort; the Qt model then holds only the resulting positions.

Contracts
- `BoardStore.load(ctx, progress=None) -> BoardStore` reads the store in chunks (worker thread).
- `query(flt, sort_key="reported_at", descending=True, now=None) -> np.ndarray` of row positions
  (int64) matching `flt`, sorted by `sort_key` (one of `SORT_KEYS`); ties keep id order (stable).
- `requery_after(flt, shown, touched, sort_key, descending, now)`: the same answer as `query`
  after only the rows `touched` changed, from the previous answer `shown` in O(len(shown))
  (returns `shown` itself when nothing joined, left or moved); `rows_match(flt, rows, now)`
  tests a handful of rows against a filter.
- Masks (open, mine, a filter's base mask) are cached per data version: the table's query and
  the lanes' counts share them; any merge invalidates them. Never modify a returned mask.
- `queue_counts(flt, now) -> dict[lane, int]`: the lanes' live counts under `flt`'s non-lane parts.
- `aging(now)`: per row (aging code, time left in the clock's unit, unit), exact business time
  (see `board_columns`); cached per minute of `now` and data version (a merge recomputes only
  the rows it rewrote). `load` computes it on the worker thread already.
- `fetch(ctx, ids) -> ChangedRows` (worker thread) then `merge(rows, now) -> MergeResult` (GUI
  thread): changed cases are rewritten in place, new ones appended; `apply_changes(ctx, ids)` does
  both. Positions of existing rows never change, so a view's positions stay valid.
- `unit_load(now)`: open/overdue/warning per lead unit and grid workers' open verifications/checks.
- `set_operator(unit_code)`: "mine" = lead unit is my unit, or the case is in my street (for a
  street centre), or my centre owns it.
The store is not thread-safe: after `load` returns, only the GUI thread touches it.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

import numpy as np

from commandcenter.domain.vocabulary import OPEN_STATES, State

from . import board_load as bl
from . import board_workload
from .board_columns import (
    AGING_RED,
    AgingAxis,
    Categorical,
    aging_arrays,
    state_units,
    unit_of_limit,
)
from .board_filter import LANE_STATES, LANES, BoardFilter, base_mask
from .board_order import SORT_KEYS as SORT_KEYS  # re-exported: callers sort by these
from .board_order import OrderMixin
from .board_text import TextIndex


def to_seconds(at: datetime) -> int:
    return int((at - datetime(1970, 1, 1)).total_seconds())


def from_seconds(value: int) -> datetime | None:
    if value == bl.NO_TIME:
        return None
    return datetime(1970, 1, 1) + np.timedelta64(int(value), "s").item()


@dataclass
class ChangedRows:
    """Rows re-read for `merge` (plain lists, safe to pass between threads)."""

    chunk: bl.RawChunk
    paused: dict[int, int]


@dataclass
class MergeResult:
    updated: list[int] = field(default_factory=list)  # positions rewritten in place
    appended: list[int] = field(default_factory=list)  # positions of new cases
    turned_red: list[int] = field(default_factory=list)  # case ids that became overdue
    reordered: bool = False  # positions of existing rows moved: views must re-query


class BoardStore(OrderMixin):
    def __init__(self, names: bl.Names, calendar: Any, stage_limits: Any,
                 now: Callable[[], datetime]) -> None:
        self.names = names
        self.now = now
        self.cats = {c: Categorical(State if c == "state" else ()) for c in bl.CATEGORICAL_COLUMNS}
        self.cols: dict[str, np.ndarray] = {}
        self.ids = np.zeros(0, dtype=np.int64)
        self.text = TextIndex()
        self.paused_since = np.zeros(0, dtype=np.int64)
        self._axis = AgingAxis(calendar)
        self._stage_limits = stage_limits
        self._version = 0
        self._aging_cache: tuple[Any, Any] | None = None
        self._rank_cache: dict[str, tuple[int, np.ndarray]] = {}
        self._text_cache: tuple[str, int, int, np.ndarray] | None = None
        # masks reused until the data (version), the operator or the filter change: the
        # table's query and the lanes' counts ask for the same base mask
        self._mask_cache: dict[Any, np.ndarray] = {}
        self.partial = False  # True while only the open cases are loaded
        self.mine_unit: str | None = None
        self.mine_street: str | None = None

    # ------------------------------------------------------------------ loading
    @classmethod
    def load(cls, ctx: Any, progress: Callable[[int, int, str], None] | None = None,
             chunk: int = 100_000, open_only: bool = False) -> BoardStore:
        """Every case (or with `open_only`, the open ones: a quick first paint of the open
        lanes while the rest loads; `partial` is then True)."""
        store = cls(bl.read_names(ctx), ctx.calendar, ctx.lifecycle.stage_limits, ctx.now)
        store.partial = open_only
        if open_only:
            (raw,) = bl.read_rows(ctx, open_only=True)
            store.cols = store._encode(raw)
            store.ids = store.cols.pop("id")
            # no search signatures: this store only bridges the seconds until the complete
            # one (which has them) arrives, and the first paint should not wait for them
            store.text = TextIndex.from_joined([raw.text or ""], raw.columns["text_len"],
                                               signatures=False)
            store.paused_since = np.full(len(store.ids), bl.NO_TIME, dtype=np.int64)
            store._set_paused(raw.paused or {})
            store._warm()
            return store
        parts: dict[str, list[np.ndarray]] = {}
        texts: list[str] = []
        lengths: list[np.ndarray] = []
        collecting = gc.isenabled()
        gc.disable()  # millions of short-lived tuples: the cyclic GC would rescan them often
        try:
            for raw in bl.read_rows(ctx, chunk=chunk, progress=progress):
                for name, arr in store._encode(raw).items():
                    parts.setdefault(name, []).append(arr)
                texts.append(raw.text or "")
                lengths.append(np.asarray(raw.columns["text_len"], dtype=np.int64))
        finally:
            if collecting:
                gc.enable()
        empty = store._encode(bl.RawChunk({k: [] for k in bl.ALL_COLUMNS}))
        store.cols = {k: np.concatenate(parts.get(k, []) or [empty[k]]) for k in empty}
        store.ids = store.cols.pop("id")
        store.text = TextIndex.from_joined(texts, np.concatenate(lengths) if lengths
                                           else np.zeros(0, dtype=np.int64))
        store.paused_since = np.full(len(store.ids), bl.NO_TIME, dtype=np.int64)
        store._set_paused(bl.read_paused(ctx))
        store._warm()
        return store

    def _warm(self) -> None:
        """Compute what the first paint needs while still on the worker thread: the duty axis
        and aging of this minute, the open mask (the GUI thread then finds them cached)."""
        self.open_mask()
        self.aging()

    def _encode(self, raw: bl.RawChunk) -> dict[str, np.ndarray]:
        c = raw.columns
        out = {"id": np.asarray(c["id"], dtype=np.int64)}
        for name in bl.CATEGORICAL_COLUMNS:
            out[name] = self.cats[name].encode(c[name])
        for name in bl.INT_COLUMNS:
            out[name] = np.asarray([v or 0 for v in c[name]], dtype=np.int32)
        for name in bl.TIME_COLUMNS:
            out[name] = np.asarray(c[name], dtype=np.int64)
        for name in bl.FLOAT_COLUMNS:
            out[name] = np.asarray([np.nan if v is None else v for v in c[name]], dtype=np.float64)
        return out

    def _set_paused(self, paused: dict[int, int]) -> None:
        if paused:
            pos = self.positions_of(list(paused))
            ok = pos >= 0
            self.paused_since[pos[ok]] = np.asarray(list(paused.values()), dtype=np.int64)[ok]

    # ------------------------------------------------------------------ basics
    def __len__(self) -> int:
        return len(self.ids)

    @property
    def version(self) -> int:
        return self._version

    def positions_of(self, case_ids: Sequence[int]) -> np.ndarray:
        """Row positions of case ids (-1 where unknown). Ids are kept ascending."""
        ids = np.asarray(case_ids, dtype=np.int64)
        pos = np.searchsorted(self.ids, ids)
        pos = np.minimum(pos, max(len(self.ids) - 1, 0))
        found = (len(self.ids) > 0) & (self.ids[pos] == ids) if len(self.ids) else np.zeros(
            len(ids), dtype=bool)
        return np.where(found, pos, -1)

    def value(self, name: str, pos: int) -> Any:
        """The decoded value of column `name` at a row position (display, tests)."""
        if name in self.cats:
            return self.cats[name].values[int(self.cols[name][pos])]
        if name in bl.TIME_COLUMNS:
            return from_seconds(int(self.cols[name][pos]))
        if name in ("code", "address", "description"):
            return self.text.row_text(pos)[("code", "address", "description").index(name)]
        if name == "id":
            return int(self.ids[pos])
        return self.cols[name][pos].item()

    def major_of(self, minor: str | None) -> str | None:
        return self.names.minor_major.get(minor) if minor else None

    def set_operator(self, unit_code: str | None) -> None:
        self.mine_unit = unit_code
        street = None
        if unit_code and self.names.unit_kind.get(unit_code) == "street_centre":
            street = self.names.unit_street.get(unit_code)
        self.mine_street = street

    def _now(self, now: datetime | None) -> int:
        return to_seconds(now or self.now())

    def text_mask(self, query: str) -> np.ndarray:
        """`TextIndex.search` over all rows, cached until the query or some row's text changes
        (the lanes' counts and the table ask for the same text filter)."""
        key = (query, self.text.version, len(self.text))
        cached = self._text_cache
        if cached is None or cached[:3] != key:
            cached = self._text_cache = (*key, self.text.search(query))
        return cached[3]

    def _cached(self, key: Any, make: Callable[[], np.ndarray]) -> np.ndarray:
        """A mask cached for this data version (callers must not modify it)."""
        full = (self._version, len(self.ids), key)
        hit = self._mask_cache.get(full)
        if hit is None:
            stale = [k for k in self._mask_cache if k[:2] != full[:2]]
            for k in stale:
                del self._mask_cache[k]
            if len(self._mask_cache) >= 24:  # many filters tried in a row: start afresh
                self._mask_cache.clear()
            hit = self._mask_cache[full] = make()
        return hit

    def open_mask(self) -> np.ndarray:
        return self._cached("open", self._open_mask)

    def _open_mask(self) -> np.ndarray:
        return self._state_lut(OPEN_STATES)[self.cols["state"]]

    def _state_lut(self, states: Any) -> np.ndarray:
        lut = np.zeros(len(self.cats["state"].values), dtype=bool)
        lut[self.cats["state"].codes(states)] = True
        return lut

    # ------------------------------------------------------------------ aging
    def aging(self, now: datetime | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(aging code, time left in the unit, unit code) per row; see `board_columns`."""
        # Cached per minute of `now`: colours and "time left" (shown to 0.1 h) move slower.
        t = self._now(now) // 60 * 60
        key = (t, self._version)
        if self._aging_cache is not None and self._aging_cache[0] == key:
            return self._aging_cache[1]
        result = self._aging_of(None, t)
        self._aging_cache = (key, result)
        return result

    def _aging_of(self, rows: np.ndarray | None, t: int) -> tuple[np.ndarray, ...]:
        """`aging_arrays` over every row, or over the row positions `rows` only."""
        by_state = state_units(self.cats["state"], self._stage_limits)
        by_handle = np.array([unit_of_limit(v) for v in self.cats["handle_limit"].values],
                             dtype=np.int8)
        if rows is None:
            return aging_arrays(self._axis, self.cols, by_state, by_handle, self.paused_since,
                                t, self.open_mask())
        cols = {k: self.cols[k][rows] for k in ("state", "handle_limit", "emergency",
                                                "due_start", "due_at")}
        # the open flag of these rows only: after a merge the whole-store mask is stale
        open_rows = self._state_lut(OPEN_STATES)[cols["state"]]
        return aging_arrays(self._axis, cols, by_state, by_handle, self.paused_since[rows], t,
                            open_rows)

    def _refresh_aging(self, old_key: tuple[int, int], rows: np.ndarray) -> None:
        """After rows changed in place: recompute their aging only, if the cache was current
        (other rows' clocks did not change; a new minute recomputes everything anyway)."""
        cached = self._aging_cache
        if cached is None or cached[0] != old_key or not len(rows) or (
                len(cached[1][0]) != len(self.ids)):
            return
        part = self._aging_of(rows, old_key[0])
        for whole, new in zip(cached[1], part, strict=True):
            whole[rows] = new
        self._aging_cache = ((old_key[0], self._version), cached[1])

    # ------------------------------------------------------------------ queries
    def mine_mask(self) -> np.ndarray:
        return self._cached(("mine", self.mine_unit, self.mine_street), self._mine_mask)

    def _mine_mask(self, rows: np.ndarray | None = None) -> np.ndarray:
        """"Mine" over every row, or over the row positions `rows` only."""
        def col(name: str) -> np.ndarray:
            return self.cols[name] if rows is None else self.cols[name][rows]

        mask = np.zeros(len(self) if rows is None else len(rows), dtype=bool)
        if not self.mine_unit:
            return mask
        for name in ("lead_unit", "owner_centre"):
            code = self.cats[name].code(self.mine_unit)
            if code is not None:
                mask |= col(name) == code
        if self.mine_street:
            code = self.cats["street_code"].code(self.mine_street)
            if code is not None:
                mask |= col("street_code") == code
        return mask

    def mask(self, flt: BoardFilter, now: datetime | None = None) -> np.ndarray:
        """Rows matching every part of `flt` (lane included)."""
        mask = self.base_mask(flt, now)
        if flt.lane in ("drill", "all"):
            return mask
        return mask & self._lane_mask(flt.lane)

    def base_mask(self, flt: BoardFilter, now: datetime | None = None) -> np.ndarray:
        """`board_filter.base_mask` cached per data version and filter (read-only result)."""
        key = replace(flt, lane="")
        if flt.aging:  # aging moves with the clock: part of the key
            key = (key, self._now(now) // 60)
        return self._cached(("base", key), lambda: base_mask(self, flt, now))

    def _lane_mask(self, lane: str) -> np.ndarray:
        if lane == "drill" or lane == "all":
            return np.ones(len(self), dtype=bool)
        if lane == "mine":
            return self.mine_mask() & self.open_mask()
        states = LANE_STATES.get(lane)
        if states is None:
            raise ValueError(f"unknown lane {lane!r}")
        return self._state_lut(states)[self.cols["state"]]

    def rows_match(self, flt: BoardFilter, rows: np.ndarray,
                   now: datetime | None = None) -> np.ndarray:
        """Does each row position in `rows` match `flt` (lane included)? Row by row: for the
        handful of rows a change batch touched."""
        rows = np.asarray(rows, dtype=np.int64)
        if not len(rows):
            return np.zeros(0, dtype=bool)
        ok = base_mask(self, flt, now, rows=rows)
        if flt.lane == "mine":  # row by row: the whole-store masks are stale after a merge
            ok &= self._mine_mask(rows) & self._state_lut(OPEN_STATES)[self.cols["state"][rows]]
        elif flt.lane not in ("drill", "all"):
            states = LANE_STATES.get(flt.lane)
            if states is None:
                raise ValueError(f"unknown lane {flt.lane!r}")
            ok &= self._state_lut(states)[self.cols["state"][rows]]
        return ok

    def query(self, flt: BoardFilter, sort_key: str = "reported_at", descending: bool = True,
              now: datetime | None = None) -> np.ndarray:
        positions = np.flatnonzero(self.mask(flt, now))
        return self.sort(positions, sort_key, descending, now)

    def queue_counts(self, flt: BoardFilter | None = None,
                     now: datetime | None = None) -> dict[str, int]:
        """Cases per lane under `flt` without its lane (lanes show what a click would give)."""
        base = self.base_mask(flt or BoardFilter(), now)
        states = np.bincount(self.cols["state"][base], minlength=len(self.cats["state"].values))
        counts = {}
        for lane in LANES:
            if lane in LANE_STATES:
                counts[lane] = int(sum(states[c] for c in self.cats["state"].codes(
                    LANE_STATES[lane])))
        mine = self.mine_mask()
        counts["mine"] = int(np.count_nonzero(base & mine & self.open_mask())) if (
            self.mine_unit) else 0
        counts["all"] = int(np.count_nonzero(base))
        return counts

    # ------------------------------------------------------------------ load per unit
    def unit_load(self, now: datetime | None = None) -> list[dict[str, Any]]:
        """Per lead unit (open > 0): code, name, open, overdue, warning; busiest first."""
        return board_workload.unit_load(self, now)

    def worker_load(self, now: datetime | None = None) -> list[dict[str, Any]]:
        """Grid workers with open verifications/checks in their grids; busiest first."""
        return board_workload.worker_load(self, now)

    # ------------------------------------------------------------------ live changes
    @staticmethod
    def fetch(ctx: Any, case_ids: Sequence[int]) -> ChangedRows:
        """Re-read the given cases (worker thread)."""
        chunks = list(bl.read_rows(ctx, ids=case_ids))
        merged = {k: [v for c in chunks for v in c.columns[k]] for k in bl.ALL_COLUMNS}
        return ChangedRows(bl.RawChunk(merged), bl.read_paused(ctx, ids=list(case_ids)))

    def merge(self, rows: ChangedRows, now: datetime | None = None) -> MergeResult:
        """Write re-read rows into the columns (GUI thread); see the module contract."""
        result = MergeResult()
        if len(rows.chunk) == 0:
            return result
        before, _, _ = self.aging(now)
        aging_key = self._aging_cache[0] if self._aging_cache is not None else None
        enc = self._encode(rows.chunk)
        ids = enc.pop("id")
        pos = self.positions_of(ids)
        was_red = {int(i) for i, p in zip(ids.tolist(), pos.tolist(), strict=True)
                   if p >= 0 and before[p] == AGING_RED}
        old = pos >= 0
        c = rows.chunk.columns
        if old.any():
            p = pos[old]
            for name, arr in enc.items():
                self.cols[name][p] = arr[old]
            self.paused_since[p] = bl.NO_TIME
            for i in np.flatnonzero(old):
                self.text.update(int(pos[i]), (c["code"][i], c["address"][i],
                                               c["description"][i]))
            result.updated = p.tolist()
        new = ~old
        if new.any() and len(self.ids) and ids[new].min() <= self.ids[-1]:
            # Only a partial store (open cases first) meets an older case it lacks: insert in
            # id order; positions shift, so the caller re-queries (`reordered`).
            self._insert_sorted({k: v[new] for k, v in enc.items()}, ids[new],
                                [(c["code"][i], c["address"][i], c["description"][i])
                                 for i in np.flatnonzero(new)])
            result.reordered = True
            result.updated = self.positions_of(ids[old]).tolist()
            result.appended = self.positions_of(ids[new]).tolist()
        elif new.any():
            start = len(self.ids)
            new_ids = ids[new]
            self.ids = np.concatenate([self.ids, new_ids])
            for name, arr in enc.items():
                self.cols[name] = np.concatenate([self.cols[name], arr[new]])
            self.paused_since = np.concatenate(
                [self.paused_since, np.full(int(new.sum()), bl.NO_TIME, dtype=np.int64)])
            for i in np.flatnonzero(new):
                self.text.append((c["code"][i], c["address"][i], c["description"][i]))
            result.appended = list(range(start, len(self.ids)))
        self._set_paused(rows.paused)
        self._version += 1
        if not result.reordered and not result.appended and aging_key is not None:
            self._refresh_aging(aging_key, np.asarray(result.updated, dtype=np.int64))
        after, _, _ = self.aging(now)
        touched = np.asarray(result.updated + result.appended, dtype=np.int64)
        red_now = self.ids[touched[after[touched] == AGING_RED]].tolist()
        result.turned_red = [i for i in red_now if i not in was_red]
        return result

    def _insert_sorted(self, enc: dict[str, np.ndarray], new_ids: np.ndarray,
                       texts: list[tuple[str, str, str]]) -> None:
        ids = np.concatenate([self.ids, new_ids])
        order = np.argsort(ids, kind="stable")
        self.ids = ids[order]
        for name, arr in enc.items():
            self.cols[name] = np.concatenate([self.cols[name], arr])[order]
        self.paused_since = np.concatenate(
            [self.paused_since, np.full(len(new_ids), bl.NO_TIME, dtype=np.int64)])[order]
        rows = [self.text.row_text(i) for i in range(len(self.text))] + texts
        self.text = TextIndex((rows[i] for i in order.tolist()), signatures=not self.partial)
        self._aging_cache = None

    def apply_changes(self, ctx: Any, case_ids: Sequence[int],
                      now: datetime | None = None) -> MergeResult:
        return self.merge(self.fetch(ctx, case_ids), now)

    def label(self, kind: str, code: str | None) -> str:
        """Display name of a street/community/grid/unit/minor/major code (the code if unknown)."""
        if not code:
            return ""
        table = {"street": self.names.streets, "community": self.names.communities,
                 "grid": self.names.grids, "unit": self.names.units, "minor": self.names.minors,
                 "major": self.names.majors}[kind]
        return table.get(code, code)
