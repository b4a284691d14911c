"""Street, community and grid indicators (DOMAIN.md §6, second list), and the whole district.

Cases belong to an area by their location columns in the case frame (street_code,
community_code, grid_code); the district level puts every case under the one label "district".
Densities divide the registered count by `AssessmentContext.grid_counts` / `.areas_km2` (a grid
counts as one grid); the registered-volume band is scored in `analytics.scoring`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from commandcenter.analytics.eventlog import NAT
from commandcenter.analytics.indicators import PUBLIC_CHANNELS, Assessment, Items, how_of
from commandcenter.domain.indicators import ObjectType, indicators_for

LEVEL_COLUMN = {ObjectType.STREET: "street_code", ObjectType.COMMUNITY: "community_code", ObjectType.GRID: "grid_code"}
DISTRICT = "district"


def labels(a: Assessment, level) -> pd.Index:
    if level == DISTRICT:
        return pd.Index([DISTRICT])
    return a.case_facts.categories(LEVEL_COLUMN[level])


def _cohort_keys(a: Assessment, level) -> np.ndarray:
    c = a.cohort
    return np.zeros(len(c), dtype=np.int64) if level == DISTRICT else c[LEVEL_COLUMN[level]]


def _row_keys(a: Assessment, level, rows: np.ndarray) -> np.ndarray:
    if level == DISTRICT:
        return np.zeros(rows.size, dtype=np.int64)
    return a.fact_at_rows(LEVEL_COLUMN[level], rows, -1)


def _cohort(a: Assessment, level, flag: str = "all", num: np.ndarray | str | None = None) -> Items:
    c = a.cohort
    n = c[num] if isinstance(num, str) else num
    return a.cohort_items(c[flag], _cohort_keys(a, level), labels(a, level), n)


def _reports(a: Assessment, level) -> Items:
    rows = a.rows("report")
    return a.row_items(rows, _row_keys(a, level, rows), labels(a, level))


def _fact_keys(a: Assessment, level) -> np.ndarray:
    f = a.case_facts
    return np.zeros(len(f), dtype=np.int64) if level == DISTRICT else f[LEVEL_COLUMN[level]]


def _registration(a: Assessment, level) -> Items:
    f = a.case_facts
    rep = f["reported_at"]
    m = (rep >= a.start64.astype(np.int64)) & (rep < a.as_of64.astype(np.int64)) & ~f.is_("state", "merged")
    registered = f["registered_at"] != NAT
    decided = m & (registered | f.is_("state", "void") | f["on_spot"])
    return Items(f.ids[decided], _fact_keys(a, level)[decided].astype(np.int64), labels(a, level),
                 registered[decided].astype(float), np.ones(int(decided.sum())), rep[decided])


def _public(a: Assessment) -> np.ndarray:
    """Per cohort case: did it come through a public channel (12345, service window)?"""
    c = a.cohort
    cats = a.case_facts.categories("channel")
    wanted = [cats.get_loc(ch) for ch in PUBLIC_CHANNELS if ch in cats]
    return np.isin(c["channel"], wanted)


def _self_handled(a: Assessment, level) -> Items:
    c = a.cohort
    unit_cats = a.case_facts.categories("lead_unit")
    street_cats = a.case_facts.categories("street_code")
    # street code of each unit, as a code into the case frame's street categories
    unit_street = street_cats.get_indexer(pd.Index(unit_cats).map(lambda u: a.context.unit_street.get(u)))
    lead = c["lead_unit"]
    lead_street = np.where(lead >= 0, unit_street[np.maximum(lead, 0)] if unit_street.size else -1, -1)
    own = (lead_street >= 0) & (lead_street == c["street_code"])
    registered = _cohort(a, level, "all", own)
    rows = a.rows("handle_on_spot")
    on_spot = a.row_items(rows, _row_keys(a, level, rows), labels(a, level))
    return Items.concat([registered, on_spot])


def repeat_flags(a: Assessment) -> np.ndarray:
    """Per case fact: an earlier registration of the same grid and minor class within N days."""
    def compute() -> np.ndarray:
        f = a.case_facts
        t = f["registered_at"]
        grid, minor = f["grid_code"].astype(np.int64), f["minor_code"].astype(np.int64)
        order = np.lexsort((t, minor, grid))
        order = order[t[order] != NAT]
        g, m, ts = grid[order], minor[order], t[order]
        same = np.zeros(order.size, dtype=bool)
        same[1:] = (g[1:] == g[:-1]) & (m[1:] == m[:-1]) & (g[1:] >= 0) & (m[1:] >= 0)
        gap = np.zeros(order.size, dtype=np.int64)
        gap[1:] = ts[1:] - ts[:-1]
        flags = np.zeros(len(f), dtype=bool)
        flags[order] = same & (gap <= np.int64(a.context.repeat_days) * 86_400_000_000)
        return flags
    return a.memo("repeat_flags", compute)


def _repeat(a: Assessment, level) -> Items:
    return _cohort(a, level, "all", repeat_flags(a)[a.cohort.pos])


def _builders(level) -> dict:
    return {
        "reports": lambda a: _reports(a, level),
        "registered": lambda a: _cohort(a, level),
        "registration_rate": lambda a: _registration(a, level),
        "density_per_grid": lambda a: _cohort(a, level),
        "density_per_km2": lambda a: _cohort(a, level),
        "public_report_rate": lambda a: _cohort(a, level, "all", _public(a)),
        "self_handled_rate": lambda a: _self_handled(a, level),
        "whistle_rate": lambda a: _cohort(a, level, "all", "whistled"),
        "repeat_rate": lambda a: _repeat(a, level),
        "hung": lambda a: _cohort(a, level, "hung"),
        "should_close": lambda a: _cohort(a, level, "should_close"),
        "closed": lambda a: _cohort(a, level, "closed_flag"),
        "closed_on_time": lambda a: _cohort(a, level, "closed_on_time"),
        "closing_rate": lambda a: _cohort(a, level, "net", "closed_flag"),
        "ontime_closing_rate": lambda a: _cohort(a, level, "net", "closed_on_time"),
    }


_BUILDERS = {obj: _builders(obj) for obj in LEVEL_COLUMN}


def builders(obj: ObjectType) -> dict:
    return _BUILDERS[obj]


def finish(a: Assessment, obj, frame: pd.DataFrame) -> pd.DataFrame:
    """Densities: the registered count over the number of grids and over the area."""
    registered = frame["registered"]
    if obj == ObjectType.GRID:
        grids = pd.Series(1.0, index=frame.index)
    else:
        grids = pd.Series(dict(a.context.grid_counts), dtype=float).reindex(frame.index)
    area = pd.Series(dict(a.context.areas_km2), dtype=float).reindex(frame.index)
    frame["density_per_grid"] = registered / grids.where(grids > 0)
    frame["density_per_km2"] = registered / area.where(area > 0)
    return frame


def district_frame(a: Assessment) -> pd.Series:
    """The area indicators for the whole district (densities excluded), as one Series."""
    out = {}
    for ind in indicators_for(ObjectType.STREET):
        if ind.id in ("density_per_grid", "density_per_km2", "registered_band"):
            continue
        builder = _builders(DISTRICT).get(ind.id)
        if builder is not None:
            items = a.memo(f"district:{ind.id}", lambda b=builder: b(a))
            out[ind.id] = items.aggregate(how_of(ind.id)).iloc[0]
    return pd.Series(out, name=DISTRICT)
