"""The demo organisation: Qinhuai's streets, communities, grids, units, people and grid workers.

`build_org(seed)` assembles everything from the shipped resources, without a database:

- streets and communities: the real 2023 division dictionary (`demo.reference`) with areas from
  `resources/geo/{streets,communities}.geojson`;
- grids: `resources/geo/grids.geojson` (1,026 comprehensive + 308 dedicated), centroids computed;
- units: `resources/org/departments.json` (district centre, departments, enterprises, each
  street's centre/teams/enforcement team) plus one unit per community (社区居委会);
- people: operators at every centre in each centre role (intake, shift leader, dispatcher,
  callback, supervisor), one admin, handlers in every handling unit and community;
- grid workers: one per comprehensive grid, except that 40 of the smallest grids share their
  neighbour's worker (one worker covering two grids); dedicated grids of busy sites (scenic spots,
  markets, hospitals, transport hubs) get a worker of their own, the others are covered by the
  worker of the comprehensive grid they lie in; each community has a grid leader (网格长) who
  leads all its comprehensive grids. About 1,100 full-time workers in all.

Structure and codes do not depend on the seed (a person's code is ``<unit>-<role letter><nn>``,
a grid worker's ``GW<grid code>``, a grid leader's ``GL<community code>``); only names do.
`seed_organisation(conn, org)` inserts it all with SQLAlchemy Core in the caller's transaction.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date

import numpy as np
import shapely
from sqlalchemy import Connection, func, insert, select

from commandcenter.demo import names, reference
from commandcenter.domain import org as domain_org
from commandcenter.domain.catalogue import Catalogue
from commandcenter.domain.vocabulary import AreaClass, GridLayer, Role, UnitKind
from commandcenter.resources import resource_path
from commandcenter.store import models

# People per centre and role; handlers per kind of handling unit.
DISTRICT_CENTRE_STAFF = {
    Role.INTAKE_OPERATOR: 10,
    Role.SHIFT_LEADER: 4,
    Role.DISPATCHER: 6,
    Role.CALLBACK_OPERATOR: 6,
    Role.SUPERVISOR: 3,
}
STREET_CENTRE_STAFF = {
    Role.INTAKE_OPERATOR: 3,
    Role.SHIFT_LEADER: 2,
    Role.DISPATCHER: 2,
    Role.CALLBACK_OPERATOR: 2,
    Role.SUPERVISOR: 1,
}
HANDLERS = {
    UnitKind.DEPARTMENT: 4,
    UnitKind.ENTERPRISE: 3,
    UnitKind.STREET_TEAM: 3,
    UnitKind.ENFORCEMENT_TEAM: 4,
    UnitKind.COMMUNITY: 2,
}
ROLE_LETTER = {
    Role.INTAKE_OPERATOR: "I",
    Role.SHIFT_LEADER: "S",
    Role.DISPATCHER: "D",
    Role.CALLBACK_OPERATOR: "C",
    Role.SUPERVISOR: "V",
    Role.ADMIN: "A",
    Role.HANDLING_UNIT: "H",
}
SHARED_GRIDS = 40  # small comprehensive grids whose worker also covers a neighbour
OWN_WORKER_SITES = frozenset({"scenic", "market", "hospital", "transit"})
VALID_FROM = date(2023, 1, 1)


@dataclass
class OrgData:
    """Everything `seed_organisation` writes, plus lookups the case generator needs."""

    streets: list[dict]
    communities: list[dict]
    grids: list[dict]
    grid_geoms: np.ndarray  # shapely polygons, aligned with `grids`
    units: list[domain_org.Unit]
    people: list[dict]  # code, name, role, unit_code
    assignments: list[dict]  # grid_code, person_code, is_leader
    grid_worker: dict[str, str]  # grid code -> the worker who reports/verifies/checks there
    categories: list[dict]
    catalogue: Catalogue
    organisation: domain_org.Organisation
    district_centre: str = field(default="QZX")

    def counts(self) -> dict[str, int]:
        return {
            "streets": len(self.streets),
            "communities": len(self.communities),
            "grids": len(self.grids),
            "units": len(self.units),
            "people": len(self.people),
            "grid_assignments": len(self.assignments),
            "categories": len(self.categories),
        }


def _features(name: str) -> list[dict]:
    doc = json.loads(resource_path("geo", f"{name}.geojson").read_text(encoding="utf-8"))
    return doc["features"]


def _site_kind(value: str | None) -> domain_org.SiteKind | None:
    """The routing's site kind of a geojson site kind (one vocabulary: `SiteKind`)."""
    return None if value is None else domain_org.SiteKind(value)


def _site_value(value: str | None) -> str | None:
    """The stored site kind: the geojson's kind in the domain's vocabulary (`SiteKind`)."""
    kind = _site_kind(value)
    return kind.value if kind is not None else None


def _divisions() -> tuple[list[dict], list[dict]]:
    street_area = {
        f["properties"]["code"]: f["properties"].get("area_km2") for f in _features("streets")
    }
    comm_area = {
        f["properties"]["code"]: f["properties"].get("area_km2") for f in _features("communities")
    }
    streets = [
        {"code": s.code, "name": s.name, "kind": s.kind, "area_km2": street_area.get(s.code)}
        for s in reference.load_streets()
    ]
    communities = [
        {
            "code": c.code,
            "name": c.name,
            "street_code": c.street_code,
            "area_km2": comm_area.get(c.code),
        }
        for c in reference.load_communities()
    ]
    known = {c["code"] for c in communities}
    for f in _features("communities"):  # synthetic virtual communities of the geography helper
        p = f["properties"]
        if p["code"] not in known:
            communities.append(
                {
                    "code": p["code"],
                    "name": p["name"],
                    "street_code": p["street_code"],
                    "area_km2": p.get("area_km2"),
                }
            )
    return streets, sorted(communities, key=lambda c: c["code"])


def _grids() -> tuple[list[dict], np.ndarray]:
    feats = sorted(_features("grids"), key=lambda f: f["properties"]["code"])
    geoms = np.array([shapely.geometry.shape(f["geometry"]) for f in feats], dtype=object)
    cent = shapely.centroid(geoms)
    rows = []
    for f, x, y in zip(feats, shapely.get_x(cent).tolist(), shapely.get_y(cent).tolist()):
        p = f["properties"]
        rows.append(
            {
                "code": p["code"],
                "name": p["name"],
                "layer": p["layer"],
                "site_kind": _site_value(p.get("site_kind")),
                "community_code": p["community_code"],
                "street_code": p["street_code"],
                "area_class": p.get("area_class") or "B",
                "area_km2": p.get("area_km2"),
                "centroid_lon": round(x, 6),
                "centroid_lat": round(y, 6),
                "valid_from": date.fromisoformat(p.get("valid_from") or VALID_FROM.isoformat()),
                "valid_to": None,
                "host_grid_code": p.get("host_grid_code"),
            }
        )
    shapely.prepare(geoms)
    return rows, geoms


def _staff(rng: np.random.Generator, units: list[domain_org.Unit]) -> list[dict]:
    plan: list[tuple[str, Role, int]] = []
    for u in units:
        if u.kind is UnitKind.DISTRICT_CENTRE:
            plan += [(u.code, r, n) for r, n in DISTRICT_CENTRE_STAFF.items()]
            plan.append((u.code, Role.ADMIN, 1))
        elif u.kind is UnitKind.STREET_CENTRE:
            plan += [(u.code, r, n) for r, n in STREET_CENTRE_STAFF.items()]
        elif u.kind in HANDLERS:
            plan.append((u.code, Role.HANDLING_UNIT, HANDLERS[u.kind]))
    total = sum(n for _, _, n in plan)
    people_names = iter(names.person_names(rng, total))
    return [
        {
            "code": f"{unit}-{ROLE_LETTER[role]}{i:02d}",
            "name": next(people_names),
            "role": role.value,
            "unit_code": unit,
        }
        for unit, role, n in plan
        for i in range(1, n + 1)
    ]


def _grid_workers(rng: np.random.Generator, grids: list[dict], geoms: np.ndarray):
    """Workers, assignments and each grid's reporting worker (see the module docstring)."""
    comp = [i for i, g in enumerate(grids) if g["layer"] == GridLayer.COMPREHENSIVE.value]
    by_comm: dict[str, list[int]] = {}
    for i in comp:
        by_comm.setdefault(grids[i]["community_code"], []).append(i)
    # The smallest grids of multi-grid communities share the worker of their nearest neighbour.
    cent = shapely.centroid(geoms)
    xy = np.column_stack([shapely.get_x(cent), shapely.get_y(cent)])
    area = np.array([grids[i]["area_km2"] or 0.0 for i in comp])
    partner: dict[int, int] = {}
    taken: set[int] = set()
    for j in np.argsort(area, kind="stable").tolist():
        i = comp[j]
        mates = [m for m in by_comm[grids[i]["community_code"]] if m != i and m not in taken]
        if i in taken or not mates:
            continue
        m = min(mates, key=lambda k: float(((xy[k] - xy[i]) ** 2).sum()))
        partner[i] = m
        taken.update((i, m))
        if len(partner) == SHARED_GRIDS:
            break
    workers: list[tuple[str, str, list[int]]] = []  # code, community unit, grids
    covered: dict[int, str] = {}
    pair_of = {**partner, **{m: i for i, m in partner.items()}}
    for i in comp:
        if i in covered:
            continue
        cover = [i] + ([pair_of[i]] if i in pair_of else [])
        code = f"GW{grids[i]['code']}"
        workers.append((code, grids[i]["community_code"], cover))
        for k in cover:
            covered[k] = code
    index = {g["code"]: i for i, g in enumerate(grids)}
    extra: list[tuple[str, int]] = []  # dedicated grids covered by their host grid's worker
    for i, g in enumerate(grids):
        if g["layer"] != GridLayer.DEDICATED.value:
            continue
        if g["site_kind"] in OWN_WORKER_SITES or g["host_grid_code"] not in index:
            code = f"GW{g['code']}"
            workers.append((code, g["community_code"], [i]))
            covered[i] = code
        else:
            covered[i] = covered[index[g["host_grid_code"]]]
            extra.append((covered[i], i))
    worker_names = names.person_names(rng, len(workers) + len(by_comm))
    people = [
        {"code": code, "name": worker_names[n], "role": Role.GRID_WORKER.value, "unit_code": comm}
        for n, (code, comm, _) in enumerate(workers)
    ]
    assignments = [
        {"grid_code": grids[k]["code"], "person_code": code, "is_leader": False}
        for code, _, cover in workers
        for k in cover
    ]
    assignments += [
        {"grid_code": grids[k]["code"], "person_code": code, "is_leader": False}
        for code, k in extra
    ]
    for n, (comm, members) in enumerate(sorted(by_comm.items()), start=len(workers)):
        code = f"GL{comm}"
        people.append(
            {
                "code": code,
                "name": worker_names[n],
                "role": Role.GRID_WORKER.value,
                "unit_code": comm,
            }
        )
        assignments += [
            {"grid_code": grids[k]["code"], "person_code": code, "is_leader": True} for k in members
        ]
    grid_worker = {grids[i]["code"]: covered[i] for i in range(len(grids))}
    domain_workers = [
        domain_org.GridWorker(code, p["name"], tuple(grids[k]["code"] for k in cover))
        for (code, _, cover), p in zip(workers, people)
    ]
    return people, assignments, grid_worker, domain_workers


def build_org(seed: int = 20191217) -> OrgData:
    """The whole demo organisation from the shipped resources (no database involved)."""
    rng = np.random.default_rng([seed, 1])
    streets, communities = _divisions()
    grids, geoms = _grids()
    d_streets = [domain_org.Street(s["code"], s["name"], s["kind"]) for s in streets]
    d_comms = [domain_org.Community(c["code"], c["name"], c["street_code"]) for c in communities]
    units = domain_org.load_departments().units_for(d_streets, d_comms)
    people = _staff(rng, units)
    workers, assignments, grid_worker, d_workers = _grid_workers(rng, grids, geoms)
    people += workers
    catalogue = Catalogue.load()
    categories = [
        {
            "code": m.code,
            "major_code": m.major_code,
            "major_name": catalogue.major(m.major_code).name,
            "name": m.name,
            "kind": catalogue.major(m.major_code).kind.value,
        }
        for m in catalogue.minors
    ]
    d_grids = [
        domain_org.Grid(
            g["code"],
            g["name"],
            GridLayer(g["layer"]),
            g["community_code"],
            g["street_code"],
            AreaClass(g["area_class"]),
            g["valid_from"],
            g["valid_to"],
            _site_kind(g["site_kind"]),
        )
        for g in grids
    ]
    members = [
        domain_org.Member(p["code"], p["name"], Role(p["role"]), p["unit_code"])
        for p in people
        if p["role"] != Role.GRID_WORKER.value
    ]
    organisation = domain_org.Organisation(
        domain_org.District(reference.DISTRICT_CODE, reference.DISTRICT_NAME),
        d_streets,
        d_comms,
        d_grids,
        units,
        members,
        d_workers,
    )
    centre = next(u.code for u in units if u.kind is UnitKind.DISTRICT_CENTRE)
    return OrgData(
        streets,
        communities,
        grids,
        geoms,
        units,
        people,
        assignments,
        grid_worker,
        categories,
        catalogue,
        organisation,
        centre,
    )


def org_is_seeded(conn: Connection) -> bool:
    return bool(conn.execute(select(func.count()).select_from(models.Unit.__table__)).scalar())


def seed_organisation(conn: Connection, org: OrgData) -> dict[str, int]:
    """Insert the organisation and the categories (in the caller's transaction); returns counts."""
    t = models.Base.metadata.tables
    conn.execute(insert(t["streets"]), org.streets)
    conn.execute(insert(t["communities"]), org.communities)
    grid_cols = {c.name for c in t["grids"].columns}
    conn.execute(
        insert(t["grids"]), [{k: v for k, v in g.items() if k in grid_cols} for g in org.grids]
    )
    conn.execute(
        insert(t["units"]),
        [
            {
                "code": u.code,
                "name": u.name,
                "kind": u.kind.value,
                "street_code": u.street_code,
                "parent_code": u.parent_code,
                "team": u.team,  # the key "@street_team:<team>" routing rules resolve
            }
            for u in org.units
        ],
    )
    conn.execute(insert(t["people"]), [{**p, "active": True} for p in org.people])
    conn.execute(
        insert(t["grid_assignments"]),
        [{**a, "valid_from": VALID_FROM, "valid_to": None} for a in org.assignments],
    )
    existing = set(conn.execute(select(t["categories"].c.code)).scalars())
    rows = [c for c in org.categories if c["code"] not in existing]
    if rows:
        conn.execute(insert(t["categories"]), rows)
    return org.counts()
