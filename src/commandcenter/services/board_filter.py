"""What the board shows: lanes (queues by lifecycle state) and the filter bar's criteria.

Contracts
- `LANES`: lane keys in display order; `LANE_STATES[lane]` the states a state lane holds.
  "all_open" = every open state, "mine" = open cases of my unit/street/centre (see
  `BoardStore.set_operator`), "all" = every case, "drill" = exactly `BoardFilter.ids` (a drill-down
  from the KPI view or the map).
- `BoardFilter`: immutable; empty tuples/None mean "any". `aging` is "" (any), "warning"
  (yellow), "overdue" (red) or "at_risk" (yellow or red). Dates bound `reported_at`
  (`date_from` inclusive, `date_to` exclusive). `text` is a substring of code/address/description.
- `base_mask(store, flt, now)`: rows matching every criterion except the lane.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

import numpy as np

from commandcenter.domain.vocabulary import OPEN_STATES, State

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
    text: str = ""
    ids: tuple[int, ...] | None = None


def _in(store: BoardStore, col: str, values: tuple[str, ...], mask: np.ndarray) -> np.ndarray:
    if not values:
        return mask
    codes = store.cats[col].codes(values)
    return mask & np.isin(store.cols[col], np.asarray(codes, dtype=np.int32))


def base_mask(store: BoardStore, flt: BoardFilter, now: datetime | None = None) -> np.ndarray:
    from .board import to_seconds

    n = len(store)
    mask = np.ones(n, dtype=bool)
    if flt.ids is not None:
        mask[:] = False
        pos = store.positions_of(list(flt.ids))
        mask[pos[pos >= 0]] = True
    mask = _in(store, "state", tuple(flt.states), mask)
    mask = _in(store, "street_code", flt.streets, mask)
    mask = _in(store, "community_code", flt.communities, mask)
    mask = _in(store, "grid_code", flt.grids, mask)
    mask = _in(store, "minor_code", flt.minors, mask)
    mask = _in(store, "channel", tuple(flt.channels), mask)
    mask = _in(store, "lead_unit", flt.units, mask)
    if flt.majors:
        minors = tuple(m for m, major in store.names.minor_major.items() if major in flt.majors)
        mask &= np.isin(store.cols["minor_code"],
                        np.asarray(store.cats["minor_code"].codes(minors), dtype=np.int32))
    if flt.date_from is not None:
        mask &= store.cols["reported_at"] >= to_seconds(flt.date_from)
    if flt.date_to is not None:
        mask &= store.cols["reported_at"] < to_seconds(flt.date_to)
    if flt.aging:
        from .board_columns import AGING_RED, AGING_YELLOW

        aging, _, _ = store.aging(now)
        wanted = {"warning": (AGING_YELLOW,), "overdue": (AGING_RED,),
                  "at_risk": (AGING_YELLOW, AGING_RED)}[flt.aging]
        mask &= np.isin(aging, wanted)
    if flt.text.strip():
        # The text test is the costliest part: run it last, on the rows left. Few rows left:
        # test them one by one; many: one scan of the whole text, cached per query string.
        rows = np.flatnonzero(mask)
        if len(rows) <= max(2000, n // 16):
            mask[rows] = store.text.search_rows(flt.text, rows)
        else:
            mask &= store.text_mask(flt.text)
    return mask
