"""The demo district's real division dictionary: Qinhuai's streets and communities (2023 codes).

The rows are copied, unchanged, from the national statistical division list (see
`/work/shared/data/README.md`) into `resources/org/qinhuai_streets.csv` and
`resources/org/qinhuai_communities.csv`; the app reads only those copies, never `../shared`.
`extract_district_rows` is the development helper that made the copies.

Contracts:
- Codes are text (zero-padded): street 9 digits, community 12 digits, district 6 digits.
- Street kind follows the statistical code convention for the 3-digit township part: 001-399 are
  streets, towns and townships, 400-599 are "similar to township" units, here the four special
  zones (夫子庙秦淮风光带, 高新园区, 新城发展服务, 新街口商务商贸街区).
- Community virtuality follows the same convention for the 3-digit village part: 400-599 are
  "similar to a residents' committee" units. In the 2023 list each special zone owns exactly one
  such virtual community (code ...498), and every one of the 16 streets has at least one
  community, so no street is community-less. `streets_without_communities` still answers the
  question for other data; `commandcenter.demo.geography` gives such a street a synthetic virtual
  community so every grid keeps a 12-digit community code.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from commandcenter.resources import resource_path

DISTRICT_CODE = "320104"
DISTRICT_NAME = "秦淮区"
STREETS_FILE = "qinhuai_streets.csv"
COMMUNITIES_FILE = "qinhuai_communities.csv"


class ReferenceDataError(ValueError):
    """A division dictionary file is missing a column or holds a malformed code."""


@dataclass(frozen=True, slots=True)
class Street:
    """A street (街道) or special zone of the district."""

    code: str  # 9 digits
    name: str
    area_code: str  # 6-digit district code

    @property
    def kind(self) -> str:
        """"street" (001-399) or "zone" (400-599, a development/functional zone)."""
        return "zone" if int(self.code[6:9]) >= 400 else "street"


@dataclass(frozen=True, slots=True)
class Community:
    """A community (社区) under a street; virtual ones stand for a special zone as a whole."""

    code: str  # 12 digits
    name: str
    street_code: str

    @property
    def is_virtual(self) -> bool:
        return 400 <= int(self.code[9:12]) <= 599

    @property
    def short_name(self) -> str:
        """The name without its committee suffix: "扇骨里社区居委会" -> "扇骨里"."""
        for suffix in ("社区居委会", "虚拟社区", "居委会", "社区"):
            if self.name.endswith(suffix):
                return self.name[: -len(suffix)]
        return self.name


def _read_rows(path: Path, required: tuple[str, ...]) -> list[dict[str, str]]:
    # utf-8-sig tolerates a BOM written by spreadsheet tools; every field stays a string.
    with path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        missing = [c for c in required if c not in (reader.fieldnames or [])]
        if missing:
            raise ReferenceDataError(f"{path.name}: missing column(s) {', '.join(missing)}")
        return list(reader)


def _check_code(value: str, digits: int, what: str) -> str:
    value = value.strip()
    if len(value) != digits or not value.isdigit():
        raise ReferenceDataError(f"{what} code {value!r} is not {digits} digits")
    return value


def load_streets(path: Path | None = None) -> list[Street]:
    """The district's streets and zones in code order (16 for Qinhuai 2023)."""
    path = path or resource_path("org", STREETS_FILE)
    streets = []
    for row in _read_rows(path, ("code", "name", "areaCode")):
        code = _check_code(row["code"], 9, "street")
        area = _check_code(row["areaCode"], 6, "district")
        if not code.startswith(area):
            raise ReferenceDataError(f"street {code} is not under district {area}")
        streets.append(Street(code=code, name=row["name"].strip(), area_code=area))
    return sorted(streets, key=lambda s: s.code)


def load_communities(path: Path | None = None) -> list[Community]:
    """The district's communities in code order (108 for Qinhuai 2023)."""
    path = path or resource_path("org", COMMUNITIES_FILE)
    communities = []
    for row in _read_rows(path, ("code", "name", "streetCode")):
        code = _check_code(row["code"], 12, "community")
        street = _check_code(row["streetCode"], 9, "street")
        if not code.startswith(street):
            raise ReferenceDataError(f"community {code} is not under street {street}")
        communities.append(Community(code=code, name=row["name"].strip(), street_code=street))
    return sorted(communities, key=lambda c: c.code)


def communities_by_street(
    streets: list[Street] | None = None, communities: list[Community] | None = None
) -> dict[str, list[Community]]:
    """Street code -> its communities (an empty list for a street without any)."""
    streets = load_streets() if streets is None else streets
    communities = load_communities() if communities is None else communities
    grouped: dict[str, list[Community]] = {s.code: [] for s in streets}
    for community in communities:
        if community.street_code not in grouped:
            raise ReferenceDataError(f"community {community.code} names unknown street")
        grouped[community.street_code].append(community)
    return grouped


def streets_without_communities(
    streets: list[Street] | None = None, communities: list[Community] | None = None
) -> list[Street]:
    """Streets that own no community row (none in the 2023 Qinhuai list)."""
    grouped = communities_by_street(streets, communities)
    streets = load_streets() if streets is None else streets
    return [s for s in streets if not grouped[s.code]]


def extract_district_rows(source: Path, target: Path, area_code: str = DISTRICT_CODE) -> int:
    """Copy the header and the rows whose `areaCode` is `area_code`, byte for byte (dev helper).

    Lines are copied verbatim so the shipped file keeps the source's quoting and column order.
    Returns the number of data rows written.
    """
    lines = source.read_text(encoding="utf-8-sig").splitlines()
    header = next(csv.reader([lines[0]]))
    column = header.index("areaCode")
    kept = [line for line in lines[1:] if next(csv.reader([line]))[column] == area_code]
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text("\n".join([lines[0], *kept]) + "\n", encoding="utf-8")
    return len(kept)
