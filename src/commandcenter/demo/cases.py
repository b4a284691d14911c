"""Generating the demo district's cases with complete, consistent event histories, fast.

`generate(org, n, seed, now, lifecycle, catalogue)` returns a :class:`Generated`: numpy/object
columns for the ``cases``, ``case_events`` and ``reporters`` tables, ready for
`commandcenter.demo.case_writer`. Deterministic: the same seed, ``now`` and resources give the
same rows.

How (the vectorisation trick): attributes are drawn for all cases at once (`case_draw`); each case
then gets a path template (`case_templates.TEMPLATES`) and a variant; all cases sharing template and
variant are walked together by a `case_paths.Walker`, which produces every event column and the
final snapshot as arrays. `case_rows.assemble` then cuts events after ``now``: a recent case
stops in whatever state its history had reached, so the open cases are the recent ones (plus
queues, hung and long-overdue ones by design). Open cases are few: their snapshots, with real
stage clocks from the real calendar, come from replaying their events through `Lifecycle`.

Lead units: the responsibility catalogue's suggestion (see `case_draw.route`); cases the district
centre receives whose lead is a street-level unit go down through the street centre (three-level
command: the district dispatches to the street centre, which signs and dispatches to its team).
Handling deadlines in the history are exact (`analytics.duty.TickAxis`), not approximated.

Sequence numbers follow time: each write (report and screen together, then every other event) gets
the next ``change_seq`` in chronological order, a case's version is its number of writes and its
``updated_seq`` the seq of its last write, as `store.repository` would have left them.
"""

from __future__ import annotations

import time
from datetime import datetime, timedelta

import numpy as np

from commandcenter.analytics.duty import DAY, U_NAT, TickAxis
from commandcenter.demo import case_draw, case_texts, names
from commandcenter.demo.case_paths import ROLE_CODE, ROLES, Walker
from commandcenter.demo.case_rows import Generated, assemble, to_epoch
from commandcenter.demo.case_templates import TEMPLATES
from commandcenter.demo.org_seed import OrgData
from commandcenter.domain.calendar import TimeLimit, TimeUnit
from commandcenter.domain.catalogue import Catalogue
from commandcenter.domain.lifecycle import Lifecycle
from commandcenter.domain.vocabulary import Channel, Role, Stage, UnitKind

EXTENSION = TimeLimit(3, TimeUnit.WORKING_DAYS)  # what a unit asks for when it asks for more time
VERIFY_SHARE = 0.35  # public reports sent to the grid worker to verify before acceptance


class GenContext:
    """Everything a `Walker` reads: case columns, units, people and limits as arrays."""

    def __init__(
        self, org: OrgData, lifecycle: Lifecycle, axis: TickAxis, rng: np.random.Generator
    ) -> None:
        self.rng, self.axis, self.org = rng, axis, org
        self.unit_codes = np.array([u.code for u in org.units], dtype=object)
        self.unit_index = {u.code: i for i, u in enumerate(org.units)}
        units = org.units
        people = sorted(org.people, key=lambda p: (p["unit_code"], p["role"], p["code"]))
        self.person_codes = np.array([p["code"] for p in people], dtype=object)
        self.person_index = {p["code"]: i for i, p in enumerate(people)}
        self.person_unit = np.array([self.unit_index[p["unit_code"]] for p in people])
        # first[role, unit] / count[role, unit]: the people of a unit in one role are contiguous
        self.first = np.full((len(ROLES), len(units)), -1, dtype=np.int64)
        self.count = np.zeros((len(ROLES), len(units)), dtype=np.int64)
        for i, p in enumerate(people):
            r, u = ROLE_CODE[Role(p["role"])], self.unit_index[p["unit_code"]]
            if self.first[r, u] < 0:
                self.first[r, u] = i
            self.count[r, u] += 1
        self.grid_worker = np.array(
            [self.person_index[org.grid_worker[g["code"]]] for g in org.grids]
        )
        self.reason_range: dict[str, tuple[int, int]] = {}
        self.reasons: list[str] = []
        for action, texts in names.REASONS.items():
            self.reason_range[action] = (len(self.reasons), len(texts))
            self.reasons.extend(texts)
        self.limits: list[TimeLimit] = []
        self._limit_pos: dict[TimeLimit, int] = {}
        self.max_callback_attempts = lifecycle.max_callback_attempts
        self.checkin_limit = axis.limit_seconds(lifecycle.stage_limits[Stage.CHECK_IN])
        self.extension_limit = self.limit_index(EXTENSION)
        self.channel_names = np.array([ch.value for ch in case_draw.CHANNELS], dtype=object)
        self.area_names = np.array(["A", "B", "C"], dtype=object)

    def limit_index(self, limit: TimeLimit) -> int:
        if limit not in self._limit_pos:
            self._limit_pos[limit] = len(self.limits)
            self.limits.append(limit)
        return self._limit_pos[limit]

    def finish_limits(self) -> None:
        self.limit_text = [str(x) for x in self.limits]
        pairs = [self.axis.limit_seconds(x) for x in self.limits]
        self.limit_unit = np.array([u for u, _ in pairs], dtype=np.int8)
        self.limit_amount = np.array([a for _, a in pairs], dtype=np.int64)

    def pick(self, unit: np.ndarray, role: Role) -> np.ndarray:
        """A random person of ``role`` in each unit (raises if a unit has nobody in that role)."""
        r = ROLE_CODE[role]
        first, count = self.first[r, unit], self.count[r, unit]
        if (count == 0).any():
            bad = self.unit_codes[unit[count == 0][0]]
            raise RuntimeError(f"demo organisation: unit {bad} has no {role.value}")
        return first + (self.rng.random(unit.size) * count).astype(np.int64)

    def reporter_actor(self, idx: np.ndarray):
        """Who records the report, by channel (see the channel list in `case_draw`)."""
        ch = self.channel[idx]
        n = idx.size
        person = np.full(n, -1, dtype=np.int64)
        role = np.full(n, ROLE_CODE[Role.SYSTEM], dtype=np.int64)
        unit = np.full(n, -1, dtype=np.int64)
        for ci, channel in enumerate(case_draw.CHANNELS):
            sel = ch == ci
            if not sel.any() or channel in (Channel.SENSOR, Channel.DISTRICT_SYNC):
                continue
            if channel is Channel.GRID_WORKER:
                p = self.worker[idx[sel]]
                person[sel], role[sel], unit[sel] = (
                    p,
                    ROLE_CODE[Role.GRID_WORKER],
                    self.person_unit[p],
                )
                continue
            r = {
                Channel.DEPARTMENT_TRANSFER: Role.HANDLING_UNIT,
                Channel.LEADER_INSTRUCTION: Role.SUPERVISOR,
            }.get(channel, Role.INTAKE_OPERATOR)
            u = (
                self.transfer_unit[idx[sel]]
                if channel is Channel.DEPARTMENT_TRANSFER
                else self.owner[idx[sel]]
            )
            person[sel], role[sel], unit[sel] = self.pick(u, r), ROLE_CODE[r], u
        return person, role, unit


# ---------------------------------------------------------------------- templates
def assign_templates(
    rng: np.random.Generator,
    channel: np.ndarray,
    street_owned: np.ndarray,
    duty_limit: np.ndarray,
    days: int,
) -> np.ndarray:
    """A template per case: each non-normal template takes about its share of all cases (its
    `weight`, or for the open-by-design queues `wait_days` / ``days``)."""
    n = channel.size
    out = np.zeros(n, dtype=np.int64)
    ch = np.array(case_draw.CHANNELS, dtype=object)[channel]
    callback = np.array([x.needs_callback for x in case_draw.CHANNELS])[channel]
    grid = ch == Channel.GRID_WORKER
    for ti, t in enumerate(TEMPLATES):
        if ti == 0:
            continue
        ok = {
            "all": np.ones(n, bool),
            "callback": callback,
            "grid": grid,
            "not_grid": ~grid,
            "street_owned": street_owned,
        }[t.channels]
        if t.duty_limit_only:
            ok = ok & duty_limit
        share = ok.mean()
        if share == 0:
            continue
        weight = t.wait_days / days if t.wait_days else t.weight
        take = (out == 0) & ok & (rng.random(n) < weight / share)
        out[take] = ti
    return out


# ---------------------------------------------------------------------- generation
def generate(
    org: OrgData,
    n: int,
    seed: int,
    now: datetime,
    lifecycle: Lifecycle,
    catalogue: Catalogue | None = None,
    progress=None,
) -> Generated:
    """``n`` cases with their events and reporters, up to ``now`` (see the module docstring).

    ``progress(done, total, stage)`` is called between stages and after each walked group.
    """
    timings: dict[str, float] = {}
    t0 = time.perf_counter()

    def lap(stage: str) -> None:  # seconds per stage, for the summary and the benchmark
        nonlocal t0
        now_ = time.perf_counter()
        timings[stage], t0 = now_ - t0, now_

    rng = np.random.default_rng([seed, 2])
    now = now.replace(microsecond=0)
    days = case_draw.span_days(n)
    first_day = now.date() - timedelta(days=days + 2)
    longest = max(t.recent_days[1] for t in TEMPLATES if t.recent_days)
    axis = TickAxis(
        lifecycle.calendar,
        min(first_day, now.date() - timedelta(days=longest)) - timedelta(days=10),
        now.date() + timedelta(days=200),
    )
    g = GenContext(org, lifecycle, axis, rng)
    catalogue = catalogue or org.catalogue
    now_s = to_epoch(now)

    # -- attributes
    channel = rng.choice(
        len(case_draw.CHANNELS), n, p=[case_draw.CHANNEL_MIX[c_] for c_ in case_draw.CHANNELS]
    )
    grid = case_draw.draw_places(rng, org, n)
    cond = case_draw.draw_categories(rng, org, channel, grid)
    reported = case_draw.draw_times(rng, channel, lifecycle.calendar, now, days)
    conds, _ = case_draw.conditions(org)
    district_ch = np.array([x in case_draw.DISTRICT_CHANNELS for x in case_draw.CHANNELS])[channel]
    grid_street = np.array([g_["street_code"] for g_ in org.grids], dtype=object)
    grid_area = np.array(["ABC".index(g_["area_class"]) for g_ in org.grids])
    centre_of_street = {
        u.street_code: g.unit_index[u.code] for u in org.units if u.kind is UnitKind.STREET_CENTRE
    }
    street_centre_of_grid = np.array([centre_of_street[s] for s in grid_street])
    district = g.unit_index[org.district_centre]
    cond_limit = np.array(
        [[g.limit_index(catalogue.limit(m, cid, a)) for a in "ABC"] for m, cid in conds]
    )
    emergency_of_cond = np.array([catalogue.standard(m).emergency for m, _ in conds])
    lap("attributes")

    # -- templates, merged duplicates copy their parent's place and problem
    hour = (reported % DAY) // 3600
    night = (hour >= 22) | (hour < 6)
    routing = case_draw.route(org, conds, cond, grid, night, g.unit_index, g.limit_index)
    g.finish_limits()
    limit = np.where(routing.override >= 0, routing.override, cond_limit[cond, grid_area[grid]])
    duty_limit = g.limit_unit[limit] != U_NAT
    template = assign_templates(rng, channel, ~district_ch, duty_limit, days)
    recent = [i for i, t in enumerate(TEMPLATES) if t.recent_days]
    for ti in recent:
        sel = np.flatnonzero(template == ti)
        lo, hi = TEMPLATES[ti].recent_days
        reported[sel] = now_s - np.maximum(
            60, (rng.uniform(lo, hi, sel.size) * DAY).astype(np.int64)
        )
    parent = np.full(n, -1, dtype=np.int64)
    merged = np.flatnonzero(template == _t("merged"))
    candidates = np.flatnonzero(~np.isin(template, [_t("merged"), *recent]))
    if merged.size and candidates.size:
        parent[merged] = rng.choice(candidates, merged.size)
        p = parent[merged]
        grid[merged], cond[merged] = grid[p], cond[p]
        limit[merged] = limit[p]
        delay = (
            case_draw.DUPLICATE_DELAY_MEDIAN * np.exp(0.9 * rng.standard_normal(merged.size))
        ).astype(np.int64)
        reported[merged] = np.minimum(reported[p] + np.maximum(60, delay), now_s - 60)
        bad = reported[merged] <= reported[p]  # parent too close to now: report it just after
        reported[merged[bad]] = reported[p[bad]] + 1
        routing.target[merged], routing.rule[merged] = routing.target[p], routing.rule[p]
    lap("routing")

    # -- sort by report time: row i is case id i + 1
    order = np.lexsort((np.arange(n), reported))
    inv = np.empty(n, dtype=np.int64)
    inv[order] = np.arange(n)
    channel, grid, cond, reported, template, limit = (
        a[order] for a in (channel, grid, cond, reported, template, limit)
    )
    district_ch, night = district_ch[order], night[order]
    target, rule = routing.target[order], routing.rule[order]
    parent = parent[order]
    parent = np.where(parent >= 0, inv[np.maximum(parent, 0)], -1)
    duplicates = np.bincount(parent[parent >= 0], minlength=n)

    # -- per-case columns the walker reads
    g.channel, g.reported = channel, reported
    g.owner = np.where(district_ch, district, street_centre_of_grid[grid])
    g.owner_is_district = district_ch
    g.worker = g.grid_worker[grid]
    g.cond = cond
    g.cond_minor = np.array([m for m, _ in conds], dtype=object)
    g.cond_id = np.array([cid for _, cid in conds], dtype=object)
    g.area = grid_area[grid]
    g.limit = limit
    g.emergency = emergency_of_cond[cond]
    g.rule, g.rule_text = rule, routing.rule_ids.astype(object)
    g.target = target
    g.street_centre = street_centre_of_grid[grid]
    g.parent_id = parent + 1
    _alternatives(g, org, grid_street[grid])
    lap("prepare")
    if progress:
        progress(0, n, "generating histories")

    # -- walk every group
    callback = np.array([x.needs_callback for x in case_draw.CHANNELS])[channel]
    street_level = np.array([u.street_code is not None for u in org.units])[target]
    down = district_ch & street_level
    verify = (channel != case_draw.CHANNELS.index(Channel.GRID_WORKER)) & (
        rng.random(n) < VERIFY_SHARE
    )
    key = (((template * 2 + callback) * 2 + verify) * 2 + down) * 2 + district_ch
    key = key * 2 + g.emergency
    events = _walk_groups(g, key, progress)
    lap("walk")

    if progress:
        progress(n, n, "assembling histories")
    gen = assemble(g, events, now_s, lifecycle, n)
    if progress:
        progress(n, n, "writing descriptions")
    gen.cases.update(
        case_texts.content(g, org, rng, grid, cond, conds, reported, channel, duplicates)
    )
    gen.template = template
    gen.reporters = case_texts.reporters(rng, channel, n)
    gen.day_codes = gen.cases.pop("_day_codes")
    lap("assemble")
    gen.timings = timings
    return gen


def _t(name: str) -> int:
    return next(i for i, t in enumerate(TEMPLATES) if t.name == name)


def _alternatives(g: GenContext, org: OrgData, street: np.ndarray) -> None:
    """Wrong units for returns, departments for whistles and transfers, for every case."""
    rng, n = g.rng, g.target.size
    depts = np.array(
        [i for i, u in enumerate(org.units) if u.kind in (UnitKind.DEPARTMENT, UnitKind.ENTERPRISE)]
    )
    teams: dict[str, list[int]] = {}
    for i, u in enumerate(org.units):
        if u.kind in (UnitKind.STREET_TEAM, UnitKind.ENFORCEMENT_TEAM):
            teams.setdefault(u.street_code, []).append(i)
    width = max(len(v) for v in teams.values())
    streets = sorted(teams)
    table = np.full((len(streets), width), -1, dtype=np.int64)
    sizes = np.zeros(len(streets), dtype=np.int64)
    for k, s in enumerate(streets):
        table[k, : len(teams[s])] = teams[s]
        sizes[k] = len(teams[s])
    srow = np.searchsorted(np.array(streets, dtype=object), street)
    is_dept = np.isin(g.target, depts)
    pick_team = table[srow, (rng.random(n) * sizes[srow]).astype(np.int64)]
    same = pick_team == g.target
    pick_team = np.where(
        same,
        table[srow, ((rng.random(n) * sizes[srow]).astype(np.int64) + 1) % sizes[srow]],
        pick_team,
    )
    pick_team = np.where(pick_team == g.target, table[srow, 0], pick_team)
    pick_dept = depts[rng.integers(0, depts.size, n)]
    pick_dept = np.where(
        pick_dept == g.target,
        depts[(np.searchsorted(depts, pick_dept) + 1) % depts.size],
        pick_dept,
    )
    g.alt = np.where(is_dept, pick_dept, pick_team)
    # Whistles: the lead is the routed department when there is one, then two others.
    keys = rng.random((n, depts.size))
    lead = np.where(is_dept, g.target, depts[rng.integers(0, depts.size, n)])
    keys[depts[None, :] == lead[:, None]] = -1.0
    g.whistle_depts = depts[np.argsort(keys, axis=1)[:, :3]]
    g.transfer_unit = np.where(is_dept, g.target, depts[rng.integers(0, depts.size, n)])


def _walk_groups(g: GenContext, key: np.ndarray, progress=None) -> list[Walker]:
    """Walk each (template, variant) group (`key` encodes both, see `generate`)."""
    out = []
    order = np.argsort(key, kind="stable")
    uniq, starts = np.unique(key[order], return_index=True)
    bounds = list(starts) + [key.size]
    for i in range(uniq.size):
        idx = np.sort(order[bounds[i] : bounds[i + 1]])
        k = int(uniq[i]) // 2
        k, district_owned = divmod(k, 2)
        k, down = divmod(k, 2)
        k, verify = divmod(k, 2)
        ti, callback = divmod(k, 2)
        w = Walker(g, idx, callback=bool(callback), verify=bool(verify), down=bool(down))
        TEMPLATES[ti].path(w)
        out.append(w)
        if progress:
            progress(bounds[i + 1], key.size, "generating histories")
    return out


__all__ = ["Generated", "GenContext", "generate"]
