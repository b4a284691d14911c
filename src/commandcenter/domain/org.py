"""The organisation: district → street → community → grid, the units that handle cases, people.

Codes follow the statistical division codes (DOMAIN.md §1):

* district: 6 digits (``320104``); street: district + 3 digits (``320104001``); special zones
  (功能区) use the same shape, conventionally with a 4xx sequence (``320104400``);
* community: street + 3 digits (``320104001001``);
* grid: community + 3-digit sequence, 15 digits. **Comprehensive grids** (综合网格) use sequences
  ``001``-``899``; **dedicated grids** (专属/专业网格: a school, market, park, ...) use ``900``-``999``,
  so the 13th digit ``9`` tells the layer from the code alone and codes stay numeric for
  systems that expect digits. A dedicated grid is filed under the community holding its site.

Grid boundaries change: a grid is valid on ``[valid_from, valid_to)`` (``valid_to`` exclusive,
``None`` = still valid), so a successor starting the day its predecessor ends never overlaps it.
The same grid code may appear in several versions whose intervals do not overlap.

Units (处置/指挥单位) have free-form codes. Per-street units are generated from templates in
``resources/org/departments.json`` with the code ``<street code>-<suffix>``; a street team carries
a ``team`` key (``urban``, ``sanitation``, ...) that routing targets as ``@street_team:<team>``.

:class:`Organisation` validates everything on construction and raises :class:`OrgError` listing
every problem found, so a bad import is fixed in one pass.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Any

from commandcenter.domain.vocabulary import AreaClass, GridLayer, Role, UnitKind

DEDICATED_SEQ_FIRST = 900  # grid sequences 900-999 are dedicated grids
STREET_KINDS = ("street", "zone")
_STREET_LEVEL_KINDS = frozenset(
    {UnitKind.STREET_CENTRE, UnitKind.STREET_TEAM, UnitKind.ENFORCEMENT_TEAM, UnitKind.COMMUNITY}
)


class OrgError(ValueError):
    """Invalid organisation data. ``problems`` lists every individual finding."""

    def __init__(self, problems: str | list[str]):
        self.problems = [problems] if isinstance(problems, str) else list(problems)
        shown = self.problems[:20]
        more = len(self.problems) - len(shown)
        text = "; ".join(shown) + (f"; ... and {more} more" if more > 0 else "")
        super().__init__(f"invalid organisation: {text}")


class SiteKind(StrEnum):
    """What a dedicated grid covers."""

    SCHOOL = "school"  # 校园
    MARKET = "market"  # 农贸市场
    PARK = "park"  # 公园
    HOSPITAL = "hospital"  # 医院
    SCENIC = "scenic"  # 景区
    TRANSIT = "transit"  # 交通枢纽/站点
    COMMERCIAL = "commercial"  # 商圈/商务楼宇
    ENTERPRISE = "enterprise"  # 产业园/科创园区
    CONSTRUCTION = "construction"  # 建设工地
    ELDERLY_CARE = "elderly_care"  # 养老服务机构
    OTHER = "other"


@dataclass(frozen=True)
class District:
    code: str
    name: str


@dataclass(frozen=True)
class Street:
    code: str
    name: str
    kind: str = "street"  # "street" (街道) | "zone" (功能区)

    @property
    def district_code(self) -> str:
        return self.code[:6]


@dataclass(frozen=True)
class Community:
    code: str
    name: str
    street_code: str


@dataclass(frozen=True)
class Grid:
    code: str
    name: str
    layer: GridLayer
    community_code: str
    street_code: str
    area_class: AreaClass
    valid_from: date
    valid_to: date | None = None
    site_kind: SiteKind | None = None  # dedicated grids only

    def valid_at(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day < self.valid_to)


def grid_code(community_code: str, seq: int, layer: GridLayer = GridLayer.COMPREHENSIVE) -> str:
    """The code of grid number ``seq`` in a community; dedicated grids are numbered from 1 too."""
    if layer is GridLayer.DEDICATED:
        if not 1 <= seq <= 999 - DEDICATED_SEQ_FIRST + 1:
            raise OrgError(f"dedicated grid sequence {seq} out of range 1-100")
        return f"{community_code}{DEDICATED_SEQ_FIRST + seq - 1:03d}"
    if not 1 <= seq < DEDICATED_SEQ_FIRST:
        raise OrgError(f"comprehensive grid sequence {seq} out of range 1-899")
    return f"{community_code}{seq:03d}"


def layer_of_code(code: str) -> GridLayer:
    """The layer a 15-digit grid code denotes (sequence 900-999 = dedicated)."""
    return GridLayer.DEDICATED if int(code[12:15]) >= DEDICATED_SEQ_FIRST else GridLayer.COMPREHENSIVE


@dataclass(frozen=True)
class Unit:
    code: str
    name: str
    kind: UnitKind
    street_code: str | None = None
    parent_code: str | None = None
    team: str | None = None  # street teams: the key routing uses in "@street_team:<team>"


@dataclass(frozen=True)
class Member:
    code: str
    name: str
    role: Role
    unit_code: str


@dataclass(frozen=True)
class GridWorker:
    code: str
    name: str
    grid_codes: tuple[str, ...]
    is_leader: bool = False


def _is_digits(code: str, n: int) -> bool:
    return len(code) == n and code.isdigit()


class Organisation:
    """An immutable, validated organisation with lookups. Raises :class:`OrgError` if invalid."""

    def __init__(
        self,
        district: District,
        streets: Iterable[Street],
        communities: Iterable[Community] = (),
        grids: Iterable[Grid] = (),
        units: Iterable[Unit] = (),
        members: Iterable[Member] = (),
        workers: Iterable[GridWorker] = (),
    ):
        self.district = district
        self.streets = tuple(streets)
        self.communities = tuple(communities)
        self.grids = tuple(grids)
        self.units = tuple(units)
        self.members = tuple(members)
        self.workers = tuple(workers)
        problems: list[str] = []
        self._streets = self._index("street", self.streets, problems)
        self._communities = self._index("community", self.communities, problems)
        self._units = self._index("unit", self.units, problems)
        self._members = self._index("member", self.members, problems)
        self._workers = self._index("grid worker", self.workers, problems)
        self._grid_versions: dict[str, list[Grid]] = defaultdict(list)
        for g in sorted(self.grids, key=lambda g: (g.code, g.valid_from)):
            self._grid_versions[g.code].append(g)
        self._check_divisions(problems)
        self._check_grids(problems)
        self._check_units(problems)
        self._check_people(problems)
        if problems:
            raise OrgError(problems)
        self._street_units: dict[str, list[Unit]] = defaultdict(list)
        for u in self.units:
            if u.street_code:
                self._street_units[u.street_code].append(u)

    @staticmethod
    def _index(what: str, items: tuple, problems: list[str]) -> dict[str, Any]:
        index: dict[str, Any] = {}
        for item in items:
            if item.code in index:
                problems.append(f"duplicate {what} code {item.code!r}")
            index[item.code] = item
        return index

    # -- validation -----------------------------------------------------------------------------

    def _check_divisions(self, problems: list[str]) -> None:
        if not _is_digits(self.district.code, 6):
            problems.append(f"district code {self.district.code!r} is not 6 digits")
        for s in self.streets:
            if not _is_digits(s.code, 9) or not s.code.startswith(self.district.code):
                problems.append(f"street {s.code!r} ({s.name}): code must be district code + 3 digits")
            if s.kind not in STREET_KINDS:
                problems.append(f"street {s.code!r} ({s.name}): kind {s.kind!r} not in {STREET_KINDS}")
        for c in self.communities:
            if c.street_code not in self._streets:
                problems.append(f"community {c.code!r} ({c.name}): unknown street {c.street_code!r}")
            if not _is_digits(c.code, 12) or not c.code.startswith(c.street_code):
                problems.append(f"community {c.code!r} ({c.name}): code must be street code + 3 digits")

    def _check_grids(self, problems: list[str]) -> None:
        for g in self.grids:
            where = f"grid {g.code!r} ({g.name})"
            community = self._communities.get(g.community_code)
            if community is None:
                problems.append(f"{where}: unknown community {g.community_code!r}")
            elif community.street_code != g.street_code:
                problems.append(f"{where}: street {g.street_code!r} is not its community's street")
            if not _is_digits(g.code, 15) or not g.code.startswith(g.community_code):
                problems.append(f"{where}: code must be community code + 3-digit sequence")
            elif layer_of_code(g.code) is not g.layer:
                problems.append(f"{where}: sequence {g.code[12:]} does not denote layer {g.layer}")
            if g.layer is GridLayer.DEDICATED and g.site_kind is None:
                problems.append(f"{where}: a dedicated grid needs a site kind")
            if g.layer is GridLayer.COMPREHENSIVE and g.site_kind is not None:
                problems.append(f"{where}: a comprehensive grid has no site kind")
            if g.valid_to is not None and g.valid_to <= g.valid_from:
                problems.append(f"{where}: valid_to {g.valid_to} is not after valid_from")
        for code, versions in self._grid_versions.items():
            for earlier, later in zip(versions, versions[1:]):
                if earlier.valid_to is None or earlier.valid_to > later.valid_from:
                    problems.append(f"grid {code!r}: versions from {earlier.valid_from} and "
                                    f"{later.valid_from} overlap")

    def _check_units(self, problems: list[str]) -> None:
        centres: dict[str, int] = defaultdict(int)
        enforcement: dict[str, int] = defaultdict(int)
        teams: set[tuple[str, str]] = set()
        for u in self.units:
            where = f"unit {u.code!r} ({u.name})"
            if u.kind in _STREET_LEVEL_KINDS and not u.street_code:
                problems.append(f"{where}: a {u.kind} needs a street")
            if u.street_code and u.street_code not in self._streets:
                problems.append(f"{where}: unknown street {u.street_code!r}")
            if u.parent_code is not None and u.parent_code not in self._units:
                problems.append(f"{where}: unknown parent {u.parent_code!r}")
            if u.kind is UnitKind.STREET_CENTRE and u.street_code:
                centres[u.street_code] += 1
            if u.kind is UnitKind.ENFORCEMENT_TEAM and u.street_code:
                enforcement[u.street_code] += 1
            if u.team is not None:
                if u.kind is not UnitKind.STREET_TEAM or not u.street_code:
                    problems.append(f"{where}: only street teams carry a team key")
                elif (u.street_code, u.team) in teams:
                    problems.append(f"{where}: street {u.street_code} has two {u.team!r} teams")
                teams.add((u.street_code or "", u.team))
        if self.units:  # an organisation without units (divisions only) is allowed
            for s in self.streets:
                if centres[s.code] != 1:
                    problems.append(f"street {s.code!r} ({s.name}) has {centres[s.code]} street "
                                    "centres; exactly one is required (属地兜底)")
                if enforcement[s.code] > 1:
                    problems.append(f"street {s.code!r} ({s.name}) has several enforcement teams")

    def _check_people(self, problems: list[str]) -> None:
        for m in self.members:
            if m.unit_code not in self._units:
                problems.append(f"member {m.code!r} ({m.name}): unknown unit {m.unit_code!r}")
        for w in self.workers:
            for code in w.grid_codes:
                if code not in self._grid_versions:
                    problems.append(f"grid worker {w.code!r} ({w.name}): unknown grid {code!r}")

    # -- lookups --------------------------------------------------------------------------------

    @staticmethod
    def _get(index: dict[str, Any], what: str, code: str) -> Any:
        try:
            return index[code]
        except KeyError:
            raise OrgError(f"unknown {what} {code!r}") from None

    def street(self, code: str) -> Street:
        return self._get(self._streets, "street", code)

    def community(self, code: str) -> Community:
        return self._get(self._communities, "community", code)

    def unit(self, code: str) -> Unit:
        return self._get(self._units, "unit", code)

    def has_unit(self, code: str) -> bool:
        return code in self._units

    def grid(self, code: str, at: date | None = None) -> Grid:
        """The version of grid ``code`` valid on ``at`` (default: the latest version)."""
        versions = self._grid_versions.get(code)
        if not versions:
            raise OrgError(f"unknown grid {code!r}")
        if at is None:
            return versions[-1]
        for g in versions:
            if g.valid_at(at):
                return g
        raise OrgError(f"grid {code!r} is not valid on {at}")

    def grids_valid_at(self, day: date, street_code: str | None = None) -> list[Grid]:
        """Grids in force on ``day``, optionally of one street, ordered by code."""
        return [g for g in sorted(self.grids, key=lambda g: g.code)
                if g.valid_at(day) and (street_code is None or g.street_code == street_code)]

    def street_of(self, grid_code: str) -> Street:
        return self._streets[self.grid(grid_code).street_code]

    def units_by_kind(self, kind: UnitKind, street_code: str | None = None) -> list[Unit]:
        return [u for u in self.units
                if u.kind is kind and (street_code is None or u.street_code == street_code)]

    def units_of_street(self, street_code: str) -> list[Unit]:
        return list(self._street_units.get(street_code, ()))

    def territorial_unit(self, street_code: str) -> Unit:
        """The street's command centre: where unclear responsibility falls (属地兜底)."""
        for u in self._street_units.get(self.street(street_code).code, ()):
            if u.kind is UnitKind.STREET_CENTRE:
                return u
        raise OrgError(f"street {street_code!r} has no street centre")

    def enforcement_team(self, street_code: str) -> Unit:
        for u in self._street_units.get(self.street(street_code).code, ()):
            if u.kind is UnitKind.ENFORCEMENT_TEAM:
                return u
        raise OrgError(f"street {street_code!r} has no enforcement team")

    def street_team(self, street_code: str, team: str) -> Unit:
        for u in self._street_units.get(self.street(street_code).code, ()):
            if u.kind is UnitKind.STREET_TEAM and u.team == team:
                return u
        raise OrgError(f"street {street_code!r} has no {team!r} team")

    def members_of(self, unit_code: str) -> list[Member]:
        return [m for m in self.members if m.unit_code == unit_code]

    def workers_of(self, grid_code: str) -> list[GridWorker]:
        return [w for w in self.workers if grid_code in w.grid_codes]


# -- shipped unit catalogue (resources/org/departments.json) -----------------------------------


@dataclass(frozen=True)
class StreetUnitTemplate:
    """A unit every street (or zone) gets; ``name`` contains ``{street}``."""

    suffix: str
    name: str
    kind: UnitKind
    team: str | None = None
    parent_suffix: str | None = None
    applies_to: tuple[str, ...] = STREET_KINDS

    def unit_for(self, street: Street) -> Unit:
        parent = f"{street.code}-{self.parent_suffix}" if self.parent_suffix else None
        return Unit(code=f"{street.code}-{self.suffix}", name=self.name.format(street=street.name),
                    kind=self.kind, street_code=street.code, parent_code=parent, team=self.team)


@dataclass(frozen=True)
class DepartmentCatalogue:
    """District-level units plus the per-street templates, as shipped."""

    units: tuple[Unit, ...]
    street_templates: tuple[StreetUnitTemplate, ...]

    def units_for(self, streets: Iterable[Street], communities: Iterable[Community] = ()) -> list[Unit]:
        """District units, each street's templated units, and one unit per community (社区居委会,
        code = community code) — ready for :class:`Organisation`."""
        out = list(self.units)
        for s in streets:
            out.extend(t.unit_for(s) for t in self.street_templates if s.kind in t.applies_to)
        out.extend(Unit(c.code, c.name, UnitKind.COMMUNITY, street_code=c.street_code,
                        parent_code=f"{c.street_code}-{self._centre_suffix()}")
                   for c in communities)
        return out

    def _centre_suffix(self) -> str:
        for t in self.street_templates:
            if t.kind is UnitKind.STREET_CENTRE:
                return t.suffix
        raise OrgError("departments file has no street centre template")


def load_departments(path: Path | None = None) -> DepartmentCatalogue:
    """Read ``resources/org/departments.json`` (or ``path``); raises :class:`OrgError` on bad data."""
    if path is None:
        from commandcenter.resources import resource_path

        path = resource_path("org", "departments.json")
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    try:
        units = tuple(Unit(code=u["code"], name=u["name"], kind=UnitKind(u["kind"]),
                           parent_code=u.get("parent")) for u in data["units"])
        templates = tuple(
            StreetUnitTemplate(suffix=t["suffix"], name=t["name"], kind=UnitKind(t["kind"]),
                               team=t.get("team"), parent_suffix=t.get("parent_suffix"),
                               applies_to=tuple(t.get("applies_to", STREET_KINDS)))
            for t in data["street_units"])
    except (KeyError, ValueError, TypeError) as exc:
        raise OrgError(f"{path}: bad unit entry: {exc!r}") from exc
    return DepartmentCatalogue(units, templates)
