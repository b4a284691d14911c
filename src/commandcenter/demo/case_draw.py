"""Drawing the demo cases' attributes, vectorised: channel, place, category, time, routing.

Each `draw_*` function returns numpy columns, one row per case; `route` gives each case its lead
unit. `cases.generate` calls them in turn. Realism, all configurable here:

- channels (`CHANNEL_MIX`): grid workers 45%, 12345 hotline 30%, service window 8%, department
  transfer 7%, sensors 5%, district sync 3%, leaders' instructions 2%;
- places: grids weighted by area class (core areas busier), hotspots (the 夫子庙 street and the
  scenic belt, 新街口), and dedicated sites (scenic spots and markets most); a point drawn inside
  the grid's polygon (rejection sampling against the real polygon);
- categories (`CATEGORY_WEIGHTS`, by minor code; unknown codes weigh 1) adjusted by channel
  (hotlines hear noise, property and disputes; sensors see parking, garbage and stalls) and by
  the kind of site (markets: stalls and garbage; construction and scenic spots likewise);
- time: a span ending at ``now`` (24 months for 1M cases, shorter for fewer), weekly rhythm
  (quiet weekends and holidays, windows closed then), a slow upward trend, and daily rhythm per
  channel (peaks 9-11 and 14-16; the hotline also in the evening; sensors around the clock);
- routing: the lead unit comes from the real responsibility catalogue (`domain.routing.Router`),
  called once per distinct (class, condition, area class, street, site, night) combination and
  spread over the cases. The routing time window is judged at the report time (dispatch follows
  within the hour). A territorial fallback (the street centre) is handled by the community.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

import numpy as np
import shapely

from commandcenter.analytics.duty import DAY, day_number
from commandcenter.demo.org_seed import OrgData
from commandcenter.domain.calendar import BusinessCalendar
from commandcenter.domain.org import SiteKind
from commandcenter.domain.routing import ResponsibilityCatalogue, Router, RoutingFacts
from commandcenter.domain.vocabulary import AreaClass, Channel, GridLayer, UnitKind

CHANNELS = list(Channel)
# fmt: off
CHANNEL_MIX = {
    Channel.GRID_WORKER: 0.45, Channel.HOTLINE_12345: 0.30, Channel.SERVICE_WINDOW: 0.08,
    Channel.DEPARTMENT_TRANSFER: 0.07, Channel.SENSOR: 0.05, Channel.LEADER_INSTRUCTION: 0.02,
    Channel.DISTRICT_SYNC: 0.03,
}
# Channels whose cases the district centre receives; the others go to the street's centre.
DISTRICT_CHANNELS = frozenset({Channel.HOTLINE_12345, Channel.DEPARTMENT_TRANSFER,
                               Channel.LEADER_INSTRUCTION, Channel.DISTRICT_SYNC})

# Relative frequency of minor classes (GB/T 30428.2 practice: garbage and parking dominate).
CATEGORY_WEIGHTS = {
    "0102": 40, "0504": 30, "0505": 15, "0110": 14, "2401": 14, "0502": 14, "1205": 12,
    "0201": 12, "0104": 10, "0501": 10, "0509": 10, "0103": 8, "2101": 8, "2302": 8,
    "0107": 6, "1302": 6, "1108": 6, "0301": 6, "2403": 6, "2301": 6, "0106": 5, "0109": 5,
    "1101": 3, "1102": 3, "1103": 3, "1104": 2, "1105": 2, "1106": 2, "0302": 4, "2402": 4,
    "2104": 4, "0601": 3, "2502": 2, "0101": 3, "0303": 3, "0506": 3, "0507": 3, "1401": 3,
    "1301": 3, "1303": 3, "2202": 2, "2201": 2, "2203": 2, "0405": 1.5,
}
EMERGENCY_WEIGHT = 0.4  # emergency classes not listed above
SENSOR_CATEGORIES = ("0504", "0505", "0102", "0502", "0501", "2301", "0405", "0506", "0509")
# Multipliers by code prefix (a minor code, or a major class's two digits).
CHANNEL_BOOST = {
    Channel.HOTLINE_12345: {"0110": 3, "2401": 3, "21": 2, "2502": 3, "0109": 2, "24": 1.5,
                            "11": 0.5, "12": 0.5, "13": 0.5, "14": 0.5},
    Channel.GRID_WORKER: {"11": 1.5, "12": 1.5, "0201": 1.5, "05": 1.3, "21": 0.5, "2502": 0.2,
                          "0110": 0.4},
    Channel.SERVICE_WINDOW: {"21": 3, "24": 2, "2502": 3},
    Channel.LEADER_INSTRUCTION: {"25": 4, "22": 3, "04": 3},
    Channel.DEPARTMENT_TRANSFER: {"03": 3, "22": 2, "23": 2, "12": 1.5},
}
SITE_BOOST = {
    "scenic": {"0102": 2, "0104": 2, "0502": 3, "0501": 3, "0508": 4, "0505": 2},
    "market": {"0502": 4, "0509": 3, "0102": 2, "0503": 4, "0103": 2},
    "school": {"0504": 2, "0505": 2, "0501": 2},
    "hospital": {"0504": 3, "0505": 2},
    "transit": {"0504": 2, "0505": 3, "0501": 2},
    "commercial": {"0202": 3, "0203": 2, "0205": 3, "0504": 2},
    "other": {"0301": 3, "0302": 3, "0303": 3, "0305": 3, "0306": 2},
    "park": {"0106": 3, "1402": 3, "1401": 2},
}
GRID_WEIGHT_AREA = {"A": 3.0, "B": 2.0, "C": 1.2}  # core areas are busier
GRID_WEIGHT_SITE = {"scenic": 4.0, "market": 4.0, "transit": 2.5, "hospital": 2.0,
                    "commercial": 1.5, "school": 1.2, "park": 1.2, "other": 1.0}
# Hotspots: 夫子庙 street and the scenic belt, the 新街口 business block.
HOTSPOT_STREETS = {"320104002": 1.8, "320104400": 2.2, "320104403": 1.5}
WEEKDAY = np.array([1.15, 1.05, 1.05, 1.05, 1.0, 0.72, 0.68])  # Monday .. Sunday
# Hour-of-day profiles (24 weights) by channel; the others follow _DAYTIME.
_DAYTIME = [0.1, 0.05, 0.05, 0.05, 0.05, 0.1, 0.3, 0.8, 2.0, 3.0, 3.0, 2.2, 1.0, 1.2, 2.6, 3.0,
            2.6, 1.6, 0.8, 0.5, 0.4, 0.3, 0.2, 0.15]
HOURS = {
    Channel.GRID_WORKER: [0, 0, 0, 0, 0, 0, 0.05, 0.5, 2.6, 3.4, 3.2, 1.8, 0.5, 0.8, 2.8, 3.2,
                          2.8, 1.2, 0.2, 0.05, 0.02, 0, 0, 0],
    Channel.HOTLINE_12345: [0.3, 0.2, 0.1, 0.1, 0.1, 0.2, 0.5, 1.2, 2.4, 3.0, 3.0, 2.3, 1.5, 1.8,
                            2.6, 2.8, 2.4, 1.9, 1.7, 2.0, 2.1, 1.6, 1.0, 0.6],
    Channel.SERVICE_WINDOW: [0, 0, 0, 0, 0, 0, 0, 0, 0.3, 3.0, 3.2, 2.0, 0, 0.2, 2.6, 3.0, 2.6,
                             0.6, 0, 0, 0, 0, 0, 0],
    Channel.SENSOR: [0.5, 0.4, 0.3, 0.3, 0.3, 0.4, 0.7, 1.4, 1.8, 1.5, 1.3, 1.3, 1.3, 1.2, 1.3,
                     1.4, 1.6, 1.9, 2.0, 2.0, 1.8, 1.5, 1.0, 0.7],
}
# fmt: on
DUPLICATE_DELAY_MEDIAN = 2 * 3600  # a duplicate arrives about two hours after the first report


def span_days(n: int) -> int:
    """How many days the demo covers: 24 months for a million cases, shorter for fewer."""
    return int(np.clip(round(730 * (n / 1_000_000) ** 0.5), 14, 730))


def conditions(org: OrgData) -> tuple[list[tuple[str, str]], np.ndarray]:
    """Every (minor code, condition id) of the catalogue and its base weight."""
    conds, weights = [], []
    for m in org.catalogue.minors:
        base = CATEGORY_WEIGHTS.get(m.code, EMERGENCY_WEIGHT if m.standard.emergency else 1.0)
        cs = m.standard.conditions
        for i, c in enumerate(cs):
            conds.append((m.code, c.id))
            weights.append(
                base * (0.8 if i == 0 else 0.2 / max(1, len(cs) - 1)) if len(cs) > 1 else base
            )
    return conds, np.array(weights)


def _boost(codes: list[str], table: dict[str, float]) -> np.ndarray:
    out = np.ones(len(codes))
    for key, factor in table.items():
        out *= np.where([c.startswith(key) for c in codes], factor, 1.0)
    return out


def grid_weights(org: OrgData) -> np.ndarray:
    w = []
    for g in org.grids:
        base = GRID_WEIGHT_AREA.get(g["area_class"], 1.5)
        if g["layer"] == GridLayer.DEDICATED.value:
            base = GRID_WEIGHT_SITE.get(g["site_kind"] or "other", 1.0)
        w.append(base * HOTSPOT_STREETS.get(g["street_code"], 1.0))
    return np.array(w)


def _day_weights(cal: BusinessCalendar, days: list[date]) -> tuple[np.ndarray, np.ndarray]:
    working = np.array([cal.is_working_day(d) for d in days])
    weekday = WEEKDAY[[d.weekday() for d in days]]
    # Holidays on weekdays are quiet like weekends; make-up Saturdays are busy like weekdays.
    weekday = np.where(working, np.maximum(weekday, 1.0), np.minimum(weekday, 0.72))
    trend = np.linspace(0.85, 1.15, len(days))
    season = 1 + 0.12 * np.sin(
        2 * np.pi * (np.array([d.timetuple().tm_yday for d in days]) - 100) / 365
    )
    return weekday * trend * season, working


def draw_times(
    rng: np.random.Generator, channel: np.ndarray, cal: BusinessCalendar, now: datetime, days: int
) -> np.ndarray:
    """Report instants (epoch seconds) over the ``days`` before ``now``."""
    first = now.date() - timedelta(days=days)
    dates = [first + timedelta(days=i) for i in range(days + 1)]
    weights, working = _day_weights(cal, dates)
    out = np.empty(channel.size, dtype=np.int64)
    for ci, ch in enumerate(CHANNELS):
        sel = np.flatnonzero(channel == ci)
        if not sel.size:
            continue
        w = weights * (
            np.where(working, 1.0, 0.0)
            if ch is Channel.SERVICE_WINDOW
            else np.where(working, 1.0, 0.55)
            if ch is Channel.GRID_WORKER
            else 1.0
        )
        hours = np.array(HOURS.get(ch, _DAYTIME), dtype=float)
        day = rng.choice(len(dates), sel.size, p=w / w.sum())
        hour = rng.choice(24, sel.size, p=hours / hours.sum())
        out[sel] = (day_number(first) + day) * DAY + hour * 3600 + rng.integers(0, 3600, sel.size)
    limit = (
        day_number(now.date()) * DAY
        + (now - datetime.combine(now.date(), datetime.min.time())).seconds
        - 120
    )
    # Cases drawn after "now" on its own day move back a day: same hour, earlier date.
    return np.where(out > limit, out - DAY, out)


def draw_places(rng: np.random.Generator, org: OrgData, n: int) -> np.ndarray:
    w = grid_weights(org)
    return rng.choice(len(org.grids), n, p=w / w.sum())


def draw_categories(
    rng: np.random.Generator, org: OrgData, channel: np.ndarray, grid: np.ndarray
) -> np.ndarray:
    conds, base = conditions(org)
    codes = [m for m, _ in conds]
    sites = np.array([g["site_kind"] or "" for g in org.grids], dtype=object)[grid]
    out = np.empty(channel.size, dtype=np.int64)
    sensor_ok = np.isin(codes, SENSOR_CATEGORIES)
    for ci, ch in enumerate(CHANNELS):
        for site in np.unique(sites[channel == ci]):
            sel = np.flatnonzero((channel == ci) & (sites == site))
            w = (
                base
                * _boost(codes, CHANNEL_BOOST.get(ch, {}))
                * _boost(codes, SITE_BOOST.get(site, {}))
            )
            if ch is Channel.SENSOR and sensor_ok.any():
                w = w * sensor_ok
            out[sel] = rng.choice(len(conds), sel.size, p=w / w.sum())
    return out


def points_in_grids(
    rng: np.random.Generator, geoms: np.ndarray, grid: np.ndarray, rounds: int = 30
) -> tuple[np.ndarray, np.ndarray]:
    """A uniform point inside each case's grid polygon (rejection sampling in its bounds)."""
    bounds = shapely.bounds(geoms)
    x = np.empty(grid.size)
    y = np.empty(grid.size)
    todo = np.arange(grid.size)
    for _ in range(rounds):
        b = bounds[grid[todo]]
        # Rounded to 6 decimals (~0.1 m) before the test, so stored points are inside too.
        px = np.round(b[:, 0] + rng.random(todo.size) * (b[:, 2] - b[:, 0]), 6)
        py = np.round(b[:, 1] + rng.random(todo.size) * (b[:, 3] - b[:, 1]), 6)
        inside = shapely.contains_xy(geoms[grid[todo]], px, py)
        x[todo[inside]], y[todo[inside]] = px[inside], py[inside]
        todo = todo[~inside]
        if not todo.size:
            break
    if todo.size:  # pathological slivers: a point guaranteed inside
        p = shapely.point_on_surface(geoms[grid[todo]])
        x[todo], y[todo] = shapely.get_x(p), shapely.get_y(p)
    return x, y


# ---------------------------------------------------------------------- routing
@dataclass
class Routing:
    target: np.ndarray  # unit index of the lead unit
    rule: np.ndarray  # index into rule_ids
    rule_ids: np.ndarray
    override: np.ndarray  # index into the limit list, or -1


def route(
    org: OrgData,
    conds: list[tuple[str, str]],
    cond: np.ndarray,
    grid: np.ndarray,
    night: np.ndarray,
    unit_index: dict[str, int],
    limit_index,
) -> Routing:
    """The responsibility catalogue's lead unit for every case, one router call per key."""
    rules = ResponsibilityCatalogue.load(catalogue=org.catalogue)
    router = Router(rules, org.organisation, org.catalogue)
    windowed = {r.category for r in rules.rules if r.window is not None}
    uses_night = np.array([m in windowed or f"{m[:2]}*" in windowed for m, _ in conds])
    # Routing sees a grid only through its street, area class, layer and site kind: one router
    # call per distinct (place class, category, night), not per grid.
    place_keys = [
        (g["street_code"], g["area_class"], g["layer"], g["site_kind"]) for g in org.grids
    ]
    places = sorted(set(place_keys), key=lambda k: tuple(x or "" for x in k))
    place_of_grid = np.array([places.index(k) for k in place_keys])
    key_night = night & uses_night[cond]
    keys = (cond.astype(np.int64) * 4096 + place_of_grid[grid]) * 2 + key_night
    uniq, first_case, inverse = np.unique(keys, return_index=True, return_inverse=True)
    comm_of = np.array([g["community_code"] for g in org.grids], dtype=object)
    target = np.empty(uniq.size, dtype=np.int64)
    rule = np.empty(uniq.size, dtype=object)
    override = np.full(uniq.size, -1, dtype=np.int64)
    fallback = np.zeros(uniq.size, dtype=bool)
    for i, key in enumerate(uniq.tolist()):
        ci, rest = divmod(key, 8192)
        pi, is_night = divmod(rest, 2)
        street, area, layer, site = places[pi]
        minor, cid = conds[ci]
        facts = RoutingFacts(
            minor_code=minor,
            condition_id=cid,
            area_class=AreaClass(area),
            street_code=street,
            grid_layer=GridLayer(layer),
            site_kind=SiteKind(site) if site else None,
            at=datetime(2024, 1, 1, 23 if is_night else 10),
        )
        s = router.suggest(facts)
        unit = org.organisation.unit(s.unit_code)
        fallback[i] = unit.kind is UnitKind.STREET_CENTRE
        target[i] = unit_index[s.unit_code]
        rule[i] = s.rule_id
        if s.deadline_override is not None:
            override[i] = limit_index(s.deadline_override)
    del first_case
    # 属地兜底: a case that falls to the street centre is handled by its community.
    target_case = target[inverse]
    to_community = fallback[inverse]
    target_case[to_community] = [unit_index[c] for c in comm_of[grid[to_community]].tolist()]
    rule_ids, rule_inv = np.unique(rule.astype(str), return_inverse=True)
    return Routing(target_case, rule_inv[inverse], rule_ids, override[inverse])
