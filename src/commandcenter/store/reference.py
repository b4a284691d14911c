"""Reference data: the organisation (streets, communities, grids, units, people) and settings.

`OrgRepository.load_organisation` builds the validated domain `Organisation` from the tables
(raising `OrgError` if the stored data is inconsistent). A street team's routing key is
the ``units.team`` column.

`SettingsRepository` reads and writes the database-wide ``settings`` table (text values).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from commandcenter.domain.org import (
    Community,
    District,
    Grid,
    GridWorker,
    Member,
    Organisation,
    SiteKind,
    Street,
    Unit,
)
from commandcenter.domain.vocabulary import AreaClass, GridLayer, Role, UnitKind

from .models import Community as CommunityRow
from .models import Grid as GridRow
from .models import GridAssignment, Person, Setting
from .models import Street as StreetRow
from .models import Unit as UnitRow

DEFAULT_DISTRICT = District("320104", "秦淮区")
# settings keys
DISTRICT_CODE = "district_code"
DISTRICT_NAME = "district_name"
CENTRE_CODE = "centre_code"  # the unit code of this database's (district) command centre


class SettingsRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, key: str, default: str | None = None) -> str | None:
        value = self.session.execute(
            select(Setting.value).where(Setting.key == key)
        ).scalar_one_or_none()
        return default if value is None else value

    def put(self, key: str, value: str) -> None:
        done = self.session.execute(
            update(Setting.__table__).where(Setting.key == key).values(value=value)
        ).rowcount
        if not done:
            self.session.execute(Setting.__table__.insert().values(key=key, value=value))

    def all(self) -> dict[str, str]:
        return dict(self.session.execute(select(Setting.key, Setting.value)).all())


class OrgRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def unit_kind(self, code: str) -> UnitKind | None:
        kind = self.session.execute(
            select(UnitRow.kind).where(UnitRow.code == code)
        ).scalar_one_or_none()
        return UnitKind(kind) if kind is not None else None

    def units_of_kind(self, kind: UnitKind) -> list[str]:
        return list(self.session.execute(
            select(UnitRow.code).where(UnitRow.kind == kind.value).order_by(UnitRow.code)
        ).scalars())

    def grid_row(self, code: str) -> tuple[str, str, AreaClass] | None:
        """(street code, community code, area class) of the latest version of a grid."""
        row = self.session.execute(
            select(GridRow.street_code, GridRow.community_code, GridRow.area_class)
            .where(GridRow.code == code).order_by(GridRow.valid_from.desc())
        ).first()
        return (row.street_code, row.community_code, AreaClass(row.area_class)) if row else None

    def load_organisation(self, today: date | None = None) -> Organisation:
        today = today or date.today()
        s = self.session
        settings = SettingsRepository(s)
        streets = [Street(r.code, r.name, r.kind) for r in s.execute(
            select(StreetRow.code, StreetRow.name, StreetRow.kind).order_by(StreetRow.code))]
        communities = [Community(r.code, r.name, r.street_code) for r in s.execute(
            select(CommunityRow.code, CommunityRow.name, CommunityRow.street_code))]
        grids = [
            Grid(code=r.code, name=r.name, layer=GridLayer(r.layer),
                 community_code=r.community_code, street_code=r.street_code,
                 area_class=AreaClass(r.area_class), valid_from=r.valid_from, valid_to=r.valid_to,
                 site_kind=SiteKind(r.site_kind) if r.site_kind else None)
            for r in s.execute(select(GridRow.__table__))
        ]
        units = []
        units = [
            Unit(r.code, r.name, UnitKind(r.kind), r.street_code, r.parent_code, r.team)
            for r in s.execute(select(UnitRow.code, UnitRow.name, UnitRow.kind,
                                      UnitRow.street_code, UnitRow.parent_code, UnitRow.team))
        ]
        people = s.execute(select(Person.code, Person.name, Person.role, Person.unit_code,
                                  Person.active)).all()
        members = [Member(p.code, p.name, Role(p.role), p.unit_code)
                   for p in people if p.unit_code and p.active]
        assigned: dict[str, list[str]] = defaultdict(list)
        leaders: set[str] = set()
        for a in s.execute(select(GridAssignment.person_code, GridAssignment.grid_code,
                                  GridAssignment.is_leader, GridAssignment.valid_from,
                                  GridAssignment.valid_to)):
            if a.valid_from <= today and (a.valid_to is None or today < a.valid_to):
                assigned[a.person_code].append(a.grid_code)
                if a.is_leader:
                    leaders.add(a.person_code)
        workers = [GridWorker(p.code, p.name, tuple(assigned[p.code]), p.code in leaders)
                   for p in people if p.role == Role.GRID_WORKER.value and p.active]
        district_code = settings.get(DISTRICT_CODE) or (
            streets[0].code[:6] if streets else DEFAULT_DISTRICT.code)
        district_name = settings.get(DISTRICT_NAME) or (
            DEFAULT_DISTRICT.name if district_code == DEFAULT_DISTRICT.code else district_code)
        return Organisation(District(district_code, district_name), streets, communities, grids,
                            units, members, workers)


# The catalogue the district's last applied categories file left (sync.reference_catalogue
# writes it; every context loads it): the shipped JSON format, in one settings row.
CATALOGUE_SETTING = "reference_catalogue"
CATALOGUE_VERSION_SETTING = "reference_catalogue_version"  # the applied file's SHA-256
CATALOGUE_SOURCE = "database (synced catalogue)"


def stored_catalogue_version(session: Session) -> str | None:
    """Which synced catalogue the database holds (None: the shipped one): one small read, for
    write transactions to notice that another workstation applied a categories file."""
    return SettingsRepository(session).get(CATALOGUE_VERSION_SETTING)


def stored_document(session: Session, key: str):
    """The JSON document a reference sync stored in the settings row ``key``, or None."""
    import json

    raw = SettingsRepository(session).get(key)
    return None if raw is None else json.loads(raw)


def put_document(session: Session, key: str, version_key: str, document: object,
                 version: str) -> None:
    """Store a synced document and its version (the applied file's SHA-256), in the caller's
    transaction."""
    import json

    settings = SettingsRepository(session)
    settings.put(version_key, version)
    settings.put(key, json.dumps(document, ensure_ascii=False))


def stored_catalogue(session: Session):
    """The synced catalogue, or None when none was applied (the shipped one applies). Light on
    purpose: contexts call it on first use of the catalogue, on the start-up path."""
    from commandcenter.domain.catalogue import Catalogue

    data = stored_document(session, CATALOGUE_SETTING)
    return None if data is None else Catalogue.from_dict(data, source=CATALOGUE_SOURCE)


# The responsibility rules the district's last applied rules file left (sync.reference_rules
# writes them; routing reads them): the shipped responsibility.json format, in one settings row.
RULES_SETTING = "reference_rules"
RULES_VERSION_SETTING = "reference_rules_version"  # the applied file's SHA-256
RULES_SOURCE = "database (synced responsibility rules)"


def stored_rules_version(session: Session) -> str | None:
    """Which synced rules the database holds (None: the shipped ones): one small read."""
    return SettingsRepository(session).get(RULES_VERSION_SETTING)


def stored_rules(session: Session):
    """The synced responsibility rules, or None when none were applied (the shipped ones
    apply). They were checked against the catalogue and the organisation when applied."""
    from commandcenter.domain.routing import ResponsibilityCatalogue

    data = stored_document(session, RULES_SETTING)
    return None if data is None else ResponsibilityCatalogue.from_dict(data, source=RULES_SOURCE)


# The grids layer the district's last applied grids file left (sync.reference_grids writes it:
# the shipped grids.geojson format, WGS84, retired grids with their valid_to); intake, the
# board's map preview and the map read it (`AppContext.grid_layer`).
GRIDS_SETTING = "reference_grids"
GRIDS_VERSION_SETTING = "reference_grids_version"  # the applied file's SHA-256
GRIDS_SOURCE = "database (synced grids)"


def stored_grids_version(session: Session) -> str | None:
    """Which synced grids layer the database holds (None: the shipped one): one small read."""
    return SettingsRepository(session).get(GRIDS_VERSION_SETTING)
