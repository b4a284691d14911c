"""Ordering the board's rows: sorting by any column, and keeping an order up to date after a
change batch without sorting again (mixed into `services.board.BoardStore`).

Contracts (the methods live on `BoardStore`)
- `sort(positions, sort_key, descending, now)`: positions reordered by `sort_key` (one of
  `SORT_KEYS`); equal keys keep ascending position (stable) in both directions.
- `requery_after(flt, shown, touched, sort_key, descending, now)`: what `query` would return
  after only the rows `touched` changed in place (or were appended), given the previous answer
  `shown`; O(len(shown)) gathers instead of a mask and an argsort of the whole store. Returns
  `shown` itself when no touched row joined, left or moved. The text and time-left sorts
  (no cheap integer key, or a key moving with the clock) fall back to `query`.
The mixin uses the store's `cols`, `cats`, `names`, `ids`, `aging`, `_axis`, `query`,
`rows_match` and `__len__`.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

import numpy as np

from .board_columns import U_WD

if TYPE_CHECKING:
    from .board_filter import BoardFilter

SORT_KEYS = ("code", "reported_at", "channel", "major", "minor", "street", "community", "grid",
             "address", "lead_unit", "state", "time_left", "priority", "supervision",
             "duplicates")
_CAT_SORT = {"channel": "channel", "minor": "minor_code", "street": "street_code",
             "community": "community_code", "grid": "grid_code", "lead_unit": "lead_unit",
             "state": "state"}
_NUM_SORT = {"reported_at": "reported_at", "supervision": "supervision_level",
             "duplicates": "duplicates_count"}


class OrderMixin:
    cols: dict[str, np.ndarray]
    cats: dict[str, Any]
    names: Any
    _rank_cache: dict[str, tuple[int, np.ndarray]]

    def requery_after(self, flt: BoardFilter, shown: np.ndarray, touched: Sequence[int],
                      sort_key: str = "reported_at", descending: bool = True,
                      now: datetime | None = None) -> np.ndarray:
        """`query(flt, sort_key, descending)` after only the rows `touched` changed in place,
        given `shown` (the previous result): the untouched rows keep their order, the touched
        ones are re-tested (`rows_match`) and put in place by binary search. O(shown) instead
        of a full mask and argsort. Falls back to `query` for the text and time-left sorts (keys not cheaply comparable,
        or moving with the clock)."""
        touched = np.unique(np.asarray(touched, dtype=np.int64))
        if sort_key in ("address", "time_left") or (touched >= len(self)).any():
            return self.query(flt, sort_key, descending, now)
        shown = np.asarray(shown, dtype=np.int64)
        hit = np.zeros(len(self), dtype=bool)
        hit[touched] = True
        in_shown = hit[shown]
        add = touched[self.rows_match(flt, touched, now)]
        if self._still_in_place(shown, np.flatnonzero(in_shown), add, sort_key, descending):
            return shown  # the same object: nothing joined, left or moved
        keep = shown[~in_shown]
        if not len(add):
            return keep
        key_keep = self._composite(keep, sort_key, descending)
        key_add = self._composite(add, sort_key, descending)
        order = np.argsort(key_add, kind="stable")
        add, key_add = add[order], key_add[order]
        at = np.searchsorted(key_keep, key_add, side="left")
        return np.insert(keep, at, add)

    def _still_in_place(self, shown: np.ndarray, rows: np.ndarray, add: np.ndarray,
                        sort_key: str, descending: bool) -> bool:
        """Do the touched rows shown at `rows` of `shown` still match (exactly the rows `add`)
        and still sit between their neighbours? Then `shown` is the answer as it is (the
        usual change batch: states move on inside the "all open" lane, nothing re-sorts)."""
        if len(rows) != len(add) or not np.array_equal(np.sort(shown[rows]), np.sort(add)):
            return False
        if not len(rows):
            return True
        around = np.unique(np.concatenate([rows - 1, rows, rows + 1]))
        around = around[(around >= 0) & (around < len(shown))]
        keys = self._composite(shown[around], sort_key, descending)
        return self._sorted_runs(around, keys)

    @staticmethod
    def _sorted_runs(around: np.ndarray, keys: np.ndarray) -> bool:
        """Keys ascend inside every run of consecutive rows of `around`."""
        step = np.diff(around) == 1
        return bool(np.all(np.diff(keys)[step] > 0))

    def _composite(self, positions: np.ndarray, sort_key: str, descending: bool) -> np.ndarray:
        """One int64 per row ordering like `sort` (key, then ascending position)."""
        key = self._sort_key_values(positions, sort_key).astype(np.int64)
        if descending:
            key = -key
        return key * (len(self) + 1) + positions

    def _sort_key_values(self, positions: np.ndarray, sort_key: str) -> np.ndarray:
        """The integer sort key of `sort` for these rows (not for address/time left)."""
        if sort_key == "code":
            return positions
        if sort_key in _NUM_SORT:
            return self.cols[_NUM_SORT[sort_key]][positions]
        if sort_key == "priority":
            return self.cols["priority"][positions] * 2 + self.cols["emergency"][positions]
        if sort_key == "major":
            return self._ranks("major")[self.cols["minor_code"][positions]]
        col = _CAT_SORT[sort_key]
        return self._ranks(col)[self.cols[col][positions]]

    def sort(self, positions: np.ndarray, sort_key: str, descending: bool = False,
             now: datetime | None = None) -> np.ndarray:
        """`positions` reordered by `sort_key`; equal keys keep ascending position (stable)."""
        if sort_key not in SORT_KEYS:
            raise ValueError(f"unknown sort key {sort_key!r}")
        positions = np.asarray(positions, dtype=np.int64)
        if sort_key == "address":
            texts = np.array([self.text.row_text(int(p))[1] for p in positions], dtype=object)
            order = np.argsort(texts, kind="stable")
            if descending:
                order = order[np.argsort(-_dense_rank(texts[order]), kind="stable")]
            return positions[order]
        if sort_key == "time_left":
            _, left, unit = self.aging(now)
            # one scale for every clock: a working day counts its duty hours
            axis = self._axis.axis
            day_hours = axis.daily / 3600 if axis is not None else 8.0
            key = left[positions] * np.where(unit[positions] == U_WD, day_hours, 1.0)
            key = np.where(np.isnan(key), np.inf, key)  # no clock: last either way
            if descending:
                key = np.where(np.isinf(key), np.inf, -key)
            return positions[np.argsort(key, kind="stable")]
        # Integer keys: numpy's stable sort is a radix sort for 16-bit keys, timsort otherwise.
        # (codes are issued in id order: the position is the code's key)
        key = self._sort_key_values(positions, sort_key)
        if key.dtype == np.int32 and (len(key) == 0 or int(np.abs(key).max()) < 2**15):
            key = key.astype(np.int16)
        if descending:
            key = -key
        return positions[np.argsort(key, kind="stable")]

    def _ranks(self, col: str) -> np.ndarray:
        cat = self.cats["minor_code" if col == "major" else col]
        cached = self._rank_cache.get(col)
        if cached is not None and cached[0] == len(cat.values):
            return cached[1]
        n = self.names
        if col == "major":
            majors = [self.major_of(v) for v in cat.values]
            labels = sorted({m for m in majors if m})
            order = {m: i for i, m in enumerate(labels)}
            ranks = np.array([order.get(m, len(labels)) if m else len(labels) for m in majors],
                             dtype=np.int32)
        else:
            label = {"street_code": n.streets, "community_code": n.communities,
                     "grid_code": n.grids, "lead_unit": n.units, "minor_code": n.minors}.get(col)
            if col == "state":  # lifecycle order, not alphabetical
                ranks = np.arange(len(cat.values), dtype=np.int32)
                ranks[0] = len(cat.values)
            else:
                ranks = cat.ranks(label)
        self._rank_cache[col] = (len(cat.values), ranks)
        return ranks


def _dense_rank(values: np.ndarray) -> np.ndarray:
    """Rank of sorted values where equal values share a rank (for a stable descending sort)."""
    if len(values) == 0:
        return np.zeros(0, dtype=np.int64)
    change = np.concatenate([[False], values[1:] != values[:-1]])
    return np.cumsum(change)
