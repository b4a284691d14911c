"""Service fixtures: a small organisation in the test database, actors, a CaseService."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import insert

from commandcenter.domain.case import Actor
from commandcenter.domain.vocabulary import Role
from commandcenter.services.cases import CaseService
from commandcenter.store.models import Community, Grid, GridAssignment, Person, Street, Unit

DISTRICT = "QZX"
STREET = "320104001"
STREET_CENTRE = f"{STREET}-ZX"
COMMUNITY = "320104001001"
GRID = "320104001001001"  # an area-class A grid
DEPT = "CGJ"

INTAKE = Actor("u-intake", Role.INTAKE_OPERATOR, DISTRICT)
LEADER = Actor("u-leader", Role.SHIFT_LEADER, DISTRICT)
DISPATCHER = Actor("u-dispatch", Role.DISPATCHER, DISTRICT)
HANDLER = Actor("u-cgj", Role.HANDLING_UNIT, DEPT)
GRID_WORKER = Actor("u-grid", Role.GRID_WORKER, COMMUNITY)
CALLBACK = Actor("u-callback", Role.CALLBACK_OPERATOR, DISTRICT)


class FixedClock:
    """ctx.now replacement: starts on a working Monday morning, moves only when told."""

    def __init__(self) -> None:
        self.at = datetime(2024, 3, 4, 9, 0)

    def __call__(self) -> datetime:
        return self.at


@pytest.fixture
def clock(ctx) -> FixedClock:
    ctx.now = FixedClock()
    return ctx.now


@pytest.fixture
def org(ctx):
    """A street with one community and grid, the district centre, a street centre, a department."""
    with ctx.unit_of_work(write=True) as uow:
        s = uow.session
        s.execute(insert(Street.__table__).values(code=STREET, name="夫子庙街道", kind="street"))
        s.execute(insert(Community.__table__).values(code=COMMUNITY, name="社区", street_code=STREET))
        s.execute(insert(Grid.__table__).values(
            code=GRID, name="网格一", layer="comprehensive", community_code=COMMUNITY,
            street_code=STREET, area_class="A", valid_from=date(2020, 1, 1)))
        units = [  # code, name, kind, street, parent, team
            (DISTRICT, "区指挥中心", "district_centre", None, None, None),
            (STREET_CENTRE, "街道指挥中心", "street_centre", STREET, None, None),
            (f"{STREET}-CGB", "城管办", "street_team", STREET, None, "urban"),
            (COMMUNITY, "社区居委会", "community", STREET, STREET_CENTRE, None),
            (DEPT, "城市管理局", "department", None, None, None),
        ]
        s.execute(insert(Unit.__table__), [
            dict(zip(("code", "name", "kind", "street_code", "parent_code", "team"), u, strict=True))
            for u in units
        ])
        s.execute(insert(Person.__table__), [
            {"code": "u-dispatch", "name": "派遣员", "role": "dispatcher", "unit_code": DISTRICT,
             "active": True},
            {"code": "u-grid", "name": "网格员", "role": "grid_worker", "unit_code": COMMUNITY,
             "active": True},
        ])
        s.execute(insert(GridAssignment.__table__).values(
            grid_code=GRID, person_code="u-grid", is_leader=True, valid_from=date(2020, 1, 1)))
    ctx.reload_organisation()
    return ctx


@pytest.fixture
def service(ctx, org, clock) -> CaseService:
    return CaseService(ctx)
