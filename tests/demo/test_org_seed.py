"""The demo organisation: the real Qinhuai divisions, units, staff and grid workers."""

from __future__ import annotations

from collections import Counter, defaultdict

import pytest
import shapely
from sqlalchemy import func, select

from commandcenter.demo.org_seed import DISTRICT_CENTRE_STAFF, STREET_CENTRE_STAFF, build_org
from commandcenter.domain.vocabulary import GridLayer, Role, UnitKind
from commandcenter.store import models

from .conftest import DEMO_SEED


@pytest.fixture(scope="module")
def org():
    return build_org(DEMO_SEED)


def test_divisions_are_the_real_district(org):
    assert len(org.streets) == 16
    assert Counter(s["kind"] for s in org.streets) == {"street": 12, "zone": 4}
    assert len(org.communities) == 108
    layers = Counter(g["layer"] for g in org.grids)
    assert layers == {GridLayer.COMPREHENSIVE.value: 1026, GridLayer.DEDICATED.value: 308}
    streets = {s["code"] for s in org.streets}
    comm_street = {c["code"]: c["street_code"] for c in org.communities}
    for g in org.grids:
        assert comm_street[g["community_code"]] == g["street_code"] in streets
        assert g["code"].startswith(g["community_code"])


def test_grid_centroids_lie_in_their_grid(org):
    points = shapely.points(
        [g["centroid_lon"] for g in org.grids], [g["centroid_lat"] for g in org.grids]
    )
    inside = shapely.dwithin(
        org.grid_geoms, points, 0.002
    )  # centroids of concave cells may fall just outside
    assert inside.all()


def test_units_every_street_has_its_centre_and_teams(org):
    kinds = Counter(u.kind for u in org.units)
    assert kinds[UnitKind.DISTRICT_CENTRE] == 1
    assert kinds[UnitKind.STREET_CENTRE] == 16
    assert kinds[UnitKind.ENFORCEMENT_TEAM] == 12  # the four zones have none
    assert kinds[UnitKind.DEPARTMENT] + kinds[UnitKind.ENTERPRISE] >= 20
    assert kinds[UnitKind.COMMUNITY] == 108
    assert kinds[UnitKind.STREET_TEAM] >= 16 * 5


def test_every_centre_has_every_role_and_every_unit_handlers(org):
    roles = defaultdict(Counter)
    for p in org.people:
        roles[p["unit_code"]][p["role"]] += 1
    for u in org.units:
        if u.kind is UnitKind.DISTRICT_CENTRE:
            for role, count in DISTRICT_CENTRE_STAFF.items():
                assert roles[u.code][role.value] == count
            assert roles[u.code][Role.ADMIN.value] == 1
        elif u.kind is UnitKind.STREET_CENTRE:
            for role, count in STREET_CENTRE_STAFF.items():
                assert roles[u.code][role.value] == count
        else:
            assert roles[u.code][Role.HANDLING_UNIT.value] >= 2, u.code
    assert len({p["code"] for p in org.people}) == len(org.people)


def test_grid_workers_cover_every_grid(org):
    workers = [p for p in org.people if p["code"].startswith("GW")]
    assert 1050 <= len(workers) <= 1150
    by_person = defaultdict(list)
    leaders = defaultdict(list)
    for a in org.assignments:
        (leaders if a["is_leader"] else by_person)[a["person_code"]].append(a["grid_code"])
    comprehensive = {g["code"] for g in org.grids if g["layer"] == GridLayer.COMPREHENSIVE.value}
    covered = Counter(code for grids in by_person.values() for code in grids)
    assert set(covered) == {g["code"] for g in org.grids}
    assert all(covered[code] == 1 for code in comprehensive)  # one full-time worker each
    assert {code for grids in leaders.values() for code in grids} == comprehensive
    assert len(leaders) == 108
    two = [p for p, grids in by_person.items() if sum(g in comprehensive for g in grids) == 2]
    assert 20 <= len(two) <= 60  # some workers cover two grids
    assert set(org.grid_worker) == {g["code"] for g in org.grids}


def test_same_seed_same_names_other_seed_same_codes(org):
    again = build_org(DEMO_SEED)
    other = build_org(DEMO_SEED + 1)
    assert [p["name"] for p in again.people] == [p["name"] for p in org.people]
    assert [p["code"] for p in other.people] == [p["code"] for p in org.people]
    assert [p["name"] for p in other.people] != [p["name"] for p in org.people]
    surnames = Counter(p["name"][0] for p in org.people)
    assert surnames.most_common(1)[0][0] in "王李张刘陈"


def test_the_seeded_store_loads_as_an_organisation(demo_store, org):
    ctx, summary = demo_store
    assert summary.org_seeded
    with ctx.unit_of_work() as uow:
        loaded = uow.org.load_organisation()
        counts = {
            name: uow.session.execute(select(func.count()).select_from(table)).scalar()
            for name, table in (
                ("units", models.Unit),
                ("people", models.Person),
                ("grids", models.Grid),
                ("categories", models.Category),
                ("grid_assignments", models.GridAssignment),
            )
        }
    assert len(loaded.units) == len(org.units)
    for name, value in counts.items():
        assert value == org.counts()[name], name
    assert counts["categories"] == len(org.catalogue.minors)
    street = org.streets[0]["code"]
    assert loaded.territorial_unit(street).code == f"{street}-ZX"
