"""Units' and grid workers' load for the board's side panel (column-wise over a `BoardStore`).

- `unit_load(store, now)`: per lead unit with open cases: code, name, open, overdue (red),
  warning (yellow); most overdue first.
- `worker_load(store, now)`: per grid worker (the first assigned to a grid, leaders first): open
  verifications and checks in their grids and how many are overdue; busiest first.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

import numpy as np

from commandcenter.domain.vocabulary import State

from .board_columns import AGING_RED, AGING_YELLOW

if TYPE_CHECKING:
    from .board import BoardStore


def unit_load(store: BoardStore, now: datetime | None = None) -> list[dict[str, Any]]:
    """Per lead unit (open > 0): code, name, open, overdue, warning; busiest first."""
    aging, _, _ = store.aging(now)
    open_ = store.open_mask()
    lead = store.cols["lead_unit"]
    k = len(store.cats["lead_unit"].values)
    n_open = np.bincount(lead[open_], minlength=k)
    n_red = np.bincount(lead[open_ & (aging == AGING_RED)], minlength=k)
    n_yellow = np.bincount(lead[open_ & (aging == AGING_YELLOW)], minlength=k)
    rows = [{"code": code, "name": store.names.units.get(code, code), "open": int(n_open[i]),
             "overdue": int(n_red[i]), "warning": int(n_yellow[i])}
            for i, code in enumerate(store.cats["lead_unit"].values)
            if code is not None and n_open[i] > 0]
    rows.sort(key=lambda r: (-r["overdue"], -r["open"], r["code"]))
    return rows


def worker_load(store: BoardStore, now: datetime | None = None) -> list[dict[str, Any]]:
    """Grid workers with open verifications/checks in their grids; busiest first."""
    aging, _, _ = store.aging(now)
    state, grids = store.cols["state"], store.cols["grid_code"]
    verifying = state == (store.cats["state"].code(State.VERIFYING) or -1)
    checking = state == (store.cats["state"].code(State.PENDING_CHECK) or -1)
    sel = verifying | checking
    grid_cat = store.cats["grid_code"]
    k = len(grid_cat.values)
    ver = np.bincount(grids[verifying], minlength=k)
    chk = np.bincount(grids[checking], minlength=k)
    red = np.bincount(grids[sel & (aging == AGING_RED)], minlength=k)
    people: dict[str, dict[str, Any]] = {}
    for g in np.flatnonzero(ver + chk):
        grid = grid_cat.values[g]
        for person in store.names.grid_workers.get(grid, [])[:1]:
            row = people.setdefault(person, {"code": person, "name": store.names.people.get(
                person, person), "verifying": 0, "checking": 0, "overdue": 0})
            row["verifying"] += int(ver[g])
            row["checking"] += int(chk[g])
            row["overdue"] += int(red[g])
    return sorted(people.values(), key=lambda r: (-r["overdue"], -(r["verifying"]
                                                                    + r["checking"])))
