"""Mapping profiles: how a foreign export's columns, codes and values map onto our cases.

A profile is a JSON file (shipped: resources/sync/profiles/*.json; user-defined: the
``sync_profiles`` folder of the config dir, which wins on a name clash)::

    {"name": "la311", "title": "...", "source": "la311",
     "detect": ["srnumber", "requesttype"],            # headers that identify the export
     "columns": {"external_id": ["srnumber", "编号"], "reported_at": ["createddate"], ...},
     "compose": {"description": ["requesttype", "address"]},   # optional: joined with " / "
     "dates": ["iso", "%m/%d/%Y %I:%M:%S %p", "excel"],
     "datum": "WGS84",                                  # required when lon/lat are mapped
     "codes": {"state": {"map": {"Closed": "closed"}, "default": null},
               "channel": {"map": {...}, "default": "district_sync"},
               "category": {"map": {"Graffiti Removal": "0201"}, "default": "0603"}},
     "keep_code": false}

Contracts
- `load_profile(path)` validates and raises `ProfileError` naming the file and the problem:
  unknown target fields, a missing external_id/reported_at mapping, a state or channel code
  that is not ours, an unknown datum, a category default missing (a catch-all is mandatory).
- Code tables match case-insensitively after trimming.
- `detect_profile(columns, profiles)` picks the profile whose ``detect`` headers are all
  present (most specific first); None when nothing fits.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from commandcenter.domain.vocabulary import Channel, State
from commandcenter.geo.datum import DatumError, normalise_datum
from commandcenter.resources import resource_path

TARGETS = (
    "external_id", "code", "reported_at", "closed_at", "state", "channel", "category",
    "minor_code", "title", "description", "address", "lon", "lat", "street_code",
    "community_code", "grid_code", "priority", "lead_unit",
)
REQUIRED = ("external_id", "reported_at")
CODE_TABLES = ("state", "channel", "category")
USER_PROFILE_DIR = "sync_profiles"


class ProfileError(ValueError):
    """A mapping profile is invalid; the message names the file and the problem."""


@dataclass(frozen=True)
class CodeTable:
    map: dict[str, str]
    default: str | None

    def lookup_key(self, value: str) -> str:
        return value.strip().casefold()


@dataclass(frozen=True)
class Profile:
    name: str
    title: str
    source: str
    columns: dict[str, tuple[str, ...]]
    detect: tuple[str, ...] = ()
    compose: dict[str, tuple[str, ...]] = field(default_factory=dict)
    dates: tuple[str, ...] = ("iso",)
    datum: str | None = None
    codes: dict[str, CodeTable] = field(default_factory=dict)
    keep_code: bool = False
    path: Path | None = None

    def resolve(self, headers: list[str]) -> dict[str, str]:
        """Target field -> the file's column, for each target whose alias is present."""
        folded = {h.strip().casefold(): h for h in headers}
        out: dict[str, str] = {}
        for target, aliases in self.columns.items():
            for alias in aliases:
                if alias.strip().casefold() in folded:
                    out[target] = folded[alias.strip().casefold()]
                    break
        return out


def _fail(where: str, message: str) -> ProfileError:
    return ProfileError(f"mapping profile {where}: {message}")


def profile_from_dict(raw: Any, where: str = "<dict>", path: Path | None = None) -> Profile:
    if not isinstance(raw, dict):
        raise _fail(where, "must be a JSON object")
    name = raw.get("name")
    if not isinstance(name, str) or not name:
        raise _fail(where, '"name" (a non-empty string) is missing')
    cols = raw.get("columns")
    if not isinstance(cols, dict):
        raise _fail(where, '"columns" (target -> list of header aliases) is missing')
    columns: dict[str, tuple[str, ...]] = {}
    for target, aliases in cols.items():
        if target not in TARGETS:
            raise _fail(where, f"unknown target field {target!r} (known: {', '.join(TARGETS)})")
        if isinstance(aliases, str):
            aliases = [aliases]
        if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
            raise _fail(where, f"columns.{target} must be a list of header names")
        columns[target] = tuple(aliases)
    compose = {k: tuple(v) for k, v in (raw.get("compose") or {}).items()}
    for target in compose:
        if target not in ("title", "description", "address"):
            raise _fail(where, f"compose.{target}: only title, description, address compose")
    for req in REQUIRED:
        if req not in columns:
            raise _fail(where, f"columns.{req} is required")
    datum = raw.get("datum")
    if "lon" in columns or "lat" in columns:
        try:
            datum = normalise_datum(datum)
        except DatumError as exc:
            raise _fail(where, f"datum: {exc}") from None
    codes: dict[str, CodeTable] = {}
    for table, spec in (raw.get("codes") or {}).items():
        if table not in CODE_TABLES or not isinstance(spec, dict):
            raise _fail(where, f"codes.{table}: unknown code table (known: {CODE_TABLES})")
        mapping = {str(k).strip().casefold(): str(v) for k, v in (spec.get("map") or {}).items()}
        default = spec.get("default")
        codes[table] = CodeTable(mapping, default)
        _check_codes(where, table, [*mapping.values(), *([default] if default else [])])
    if "category" in columns and ("category" not in codes or not codes["category"].default):
        raise _fail(where, "codes.category needs a catch-all \"default\" minor class")
    dates = tuple(raw.get("dates") or ("iso",))
    return Profile(
        name=name, title=str(raw.get("title") or name), source=str(raw.get("source") or name),
        columns=columns, detect=tuple(raw.get("detect") or ()), compose=compose, dates=dates,
        datum=datum, codes=codes, keep_code=bool(raw.get("keep_code", False)), path=path,
    )


def _check_codes(where: str, table: str, values: list[str]) -> None:
    if table == "state":
        known = {s.value for s in State}
    elif table == "channel":
        known = {c.value for c in Channel}
    else:
        known = _minor_codes()
    bad = sorted({v for v in values if v not in known})
    if bad:
        raise _fail(where, f"codes.{table} maps to unknown values: {', '.join(bad)}")


def _minor_codes() -> set[str]:
    from commandcenter.domain.catalogue import Catalogue

    global _MINORS
    if _MINORS is None:
        _MINORS = {m.code for m in Catalogue.load().minors}
    return _MINORS


_MINORS: set[str] | None = None


def load_profile(path: Path) -> Profile:
    try:
        raw = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise _fail(str(path), f"cannot read ({exc})") from None
    return profile_from_dict(raw, str(path), Path(path))


def profile_dirs(config_dir: Path | None = None) -> list[Path]:
    dirs = [resource_path("sync", "profiles")]
    if config_dir is not None:
        dirs.append(Path(config_dir) / USER_PROFILE_DIR)
    return dirs


def load_profiles(config_dir: Path | None = None) -> dict[str, Profile]:
    """Every profile by name: shipped ones, then user ones (a user profile wins)."""
    out: dict[str, Profile] = {}
    for d in profile_dirs(config_dir):
        if d.is_dir():
            for p in sorted(d.glob("*.json")):
                prof = load_profile(p)
                out[prof.name] = prof
    return out


def detect_profile(columns: list[str], profiles: dict[str, Profile]) -> Profile | None:
    folded = {c.strip().casefold() for c in columns}
    fits = [p for p in profiles.values()
            if p.detect and all(d.casefold() in folded for d in p.detect)]
    fits.sort(key=lambda p: -len(p.detect))
    return fits[0] if fits else None
