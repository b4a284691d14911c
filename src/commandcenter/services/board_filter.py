"""What the board shows: lanes (queues by lifecycle state) and the filter bar's criteria.

Contracts
- `LANES`: lane keys in display order; `LANE_STATES[lane]` the states a state lane holds.
  "all_open" = every open state, "mine" = open cases of my unit/street/centre (see
  `BoardStore.set_operator`), "all" = every case, "drill" = exactly `BoardFilter.ids` (a drill-down
  from the KPI view or the map).
- `BoardFilter`: immutable; empty tuples/None mean "any". `aging` is "" (any), "warning"
  (yellow), "overdue" (red) or "at_risk" (yellow or red). Dates bound the instant named by
  `date_field` (`DATE_FIELDS`: "received", "deadline" of the current stage's clock, "closed",
  "changed" = the last state change), `date_from` inclusive, `date_to` exclusive; rows without
  that instant (an open case has no closing time) never match a date range. `text` is a
  substring of code/address/description.
- `base_mask(store, flt, now, rows=None)`: rows matching every criterion except the lane.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

import numpy as np

from commandcenter.domain.vocabulary import OPEN_STATES, State

from .board_load import NO_TIME

if TYPE_CHECKING:
    from .board import BoardStore

LANE_STATES: dict[str, tuple[str, ...]] = {
    "pending_accept": (State.REPORTED, State.PENDING_ACCEPT),
    "verifying": (State.VERIFYING,),
    "pending_register": (State.PENDING_REGISTER,),
    "pending_dispatch": (State.PENDING_DISPATCH,),
    "whistled": (State.WHISTLED,),
    "dispatched": (State.DISPATCHED,),
    "in_progress": (State.IN_PROGRESS,),
    "pending_check": (State.PENDING_CHECK,),
    "pending_close": (State.PENDING_CLOSE,),
    "pending_visit": (State.PENDING_VISIT,),
    "hung": (State.HUNG,),
    "all_open": tuple(s for s in State if s in OPEN_STATES),
}
LANES: tuple[str, ...] = (*LANE_STATES, "mine", "all")
AGING_FILTERS = ("", "warning", "overdue", "at_risk")
# which instant the date range bounds -> the store's int64 seconds column
DATE_FIELDS: dict[str, str] = {"received": "reported_at", "deadline": "due_at",
                               "closed": "closed_at", "changed": "changed_at"}


@dataclass(frozen=True)
class BoardFilter:
    lane: str = "all_open"
    states: tuple[str, ...] = ()
    streets: tuple[str, ...] = ()
    communities: tuple[str, ...] = ()
    grids: tuple[str, ...] = ()
    majors: tuple[str, ...] = ()
    minors: tuple[str, ...] = ()
    channels: tuple[str, ...] = ()
    units: tuple[str, ...] = ()
    aging: str = ""
    date_from: datetime | None = None
    date_to: datetime | None = None
    date_field: str = "received"
    text: str = ""
    ids: tuple[int, ...] | None = None

    def __post_init__(self) -> None:
        if self.date_field not in DATE_FIELDS:
            raise ValueError(f"unknown date field {self.date_field!r}; one of "
                             f"{', '.join(DATE_FIELDS)}")
        if self.aging not in AGING_FILTERS:
            raise ValueError(f"unknown aging filter {self.aging!r}")


def _in(col: np.ndarray, store: BoardStore, name: str, values: tuple[str, ...],
        mask: np.ndarray) -> np.ndarray:
    if not values:
        return mask
    codes = store.cats[name].codes(values)
    if len(codes) == 1:  # the filter bar's usual case: one compare is ~5x cheaper than isin
        return mask & (col == codes[0])
    return mask & np.isin(col, np.asarray(codes, dtype=np.int32))


def base_mask(store: BoardStore, flt: BoardFilter, now: datetime | None = None,
              rows: np.ndarray | None = None) -> np.ndarray:
    """Rows matching every criterion of `flt` except the lane: a mask over every row, or with
    `rows` (positions) one flag per given row."""
    from .board import to_seconds

    def col(name: str) -> np.ndarray:
        return store.cols[name] if rows is None else store.cols[name][rows]

    n = len(store) if rows is None else len(rows)
    mask = np.ones(n, dtype=bool)
    if flt.ids is not None:
        wanted = np.zeros(len(store), dtype=bool)
        pos = store.positions_of(list(flt.ids))
        wanted[pos[pos >= 0]] = True
        mask = wanted if rows is None else wanted[rows]
    mask = _in(col("state"), store, "state", tuple(flt.states), mask)
    mask = _in(col("street_code"), store, "street_code", flt.streets, mask)
    mask = _in(col("community_code"), store, "community_code", flt.communities, mask)
    mask = _in(col("grid_code"), store, "grid_code", flt.grids, mask)
    mask = _in(col("minor_code"), store, "minor_code", flt.minors, mask)
    mask = _in(col("channel"), store, "channel", tuple(flt.channels), mask)
    mask = _in(col("lead_unit"), store, "lead_unit", flt.units, mask)
    if flt.majors:
        minors = tuple(m for m, major in store.names.minor_major.items() if major in flt.majors)
        mask &= np.isin(col("minor_code"),
                        np.asarray(store.cats["minor_code"].codes(minors), dtype=np.int32))
    if flt.date_from is not None or flt.date_to is not None:
        at = col(DATE_FIELDS[flt.date_field])
        if flt.date_from is not None:
            mask &= (at >= to_seconds(flt.date_from)) & (at != NO_TIME)
        if flt.date_to is not None:
            mask &= (at < to_seconds(flt.date_to)) & (at != NO_TIME)
    if flt.aging:
        from .board_columns import AGING_RED, AGING_YELLOW

        aging, _, _ = store.aging(now)
        wanted_codes = {"warning": (AGING_YELLOW,), "overdue": (AGING_RED,),
                        "at_risk": (AGING_YELLOW, AGING_RED)}[flt.aging]
        mask &= np.isin(aging if rows is None else aging[rows], wanted_codes)
    if flt.text.strip():
        # The text test is the costliest part: run it last, on the rows left. Few rows left:
        # test them one by one; many: one scan of the whole text, cached per query string.
        left = np.flatnonzero(mask)
        if rows is not None:
            mask[left] = store.text.search_rows(flt.text, rows[left])
        elif len(left) <= max(2000, n // 12):  # a row tested alone costs ~10 rows scanned
            mask[left] = store.text.search_rows(flt.text, left)
        else:
            mask &= store.text_mask(flt.text)
    return mask
