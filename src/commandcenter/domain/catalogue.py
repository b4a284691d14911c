"""The case-category catalogue and its filing/closing standards (立结案标准), DOMAIN.md §2.

Two levels: a **major class** (2-digit code) and its **minor classes** (major code + 2 digits,
e.g. ``0102``). GB/T 30428.2 numbers events and components separately (both 01-06); this catalogue
keeps one code space so that a minor code alone identifies a class:

* events (事件) keep the standard's 01-06;
* components (部件) are the standard's number + 10 (11-16);
* social-governance extensions (矛盾纠纷, 安全隐患, ...) use 21 and up.

Every minor class carries a :class:`FilingStandard`: one or more filing conditions, each with a
handling limit per area class A/B/C (``"4 working_hours"``, parsed by
:meth:`commandcenter.domain.calendar.TimeLimit.parse`) and an optional closing condition of its own;
the standard's closing condition, supervising and responsible body, legal basis and emergency flag.

The catalogue is data (``resources/catalogue/categories.json``), edited by administrators:
:meth:`Catalogue.load` validates and raises :class:`CatalogueError` naming the file, the entry and
the reason; :meth:`Catalogue.save` writes the same format back (load → save → load is lossless).
``stage_limits.json`` holds the default limits of the other stage clocks (:func:`load_stage_limits`).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from commandcenter.domain.calendar import DEFAULT_DUTY_WINDOWS, TimeLimit, TimeUnit
from commandcenter.domain.vocabulary import AreaClass, Stage

FORMAT_VERSION = 1

# Working days are compared with working hours at the default duty length (7.5 h) only to check
# that A <= B <= C; deadlines themselves are always computed by the BusinessCalendar.
_NOMINAL_DAY_HOURS = sum(
    (w.end.hour * 60 + w.end.minute - w.start.hour * 60 - w.start.minute) / 60
    for w in DEFAULT_DUTY_WINDOWS
)


class CategoryKind(StrEnum):
    EVENT = "event"  # 事件
    COMPONENT = "component"  # 部件


class CatalogueError(ValueError):
    """Invalid catalogue data: says which file, which entry and why."""

    def __init__(self, reason: str, *, path: str | Path | None = None, entry: str | None = None):
        self.path, self.entry, self.reason = path, entry, reason
        where = ": ".join(str(p) for p in (path, entry) if p)
        super().__init__(f"{where}: {reason}" if where else reason)


@dataclass(frozen=True)
class MajorClass:
    code: str
    name: str
    kind: CategoryKind
    extension: bool = False  # a social-governance extension, not in GB/T 30428.2


@dataclass(frozen=True)
class FilingCondition:
    """One filing condition (立案条件) with its handling limit per area class."""

    id: str
    text: str
    limits: Mapping[AreaClass, TimeLimit]
    closing: str | None = None  # overrides the standard's closing condition when set


@dataclass(frozen=True)
class FilingStandard:
    conditions: tuple[FilingCondition, ...]
    closing: str  # 结案条件
    supervisor: str  # 监督主体
    responsible: str  # 责任主体 (description; routing picks the concrete unit)
    legal_basis: str
    emergency: bool = False

    def condition(self, condition_id: str) -> FilingCondition:
        for c in self.conditions:
            if c.id == condition_id:
                return c
        raise KeyError(condition_id)

    def closing_for(self, condition_id: str) -> str:
        return self.condition(condition_id).closing or self.closing


@dataclass(frozen=True)
class MinorClass:
    code: str
    name: str
    major_code: str
    standard: FilingStandard = field(repr=False)


def limit_hours(limit: TimeLimit) -> float:
    """Nominal length in hours, for ordering only (a working day = the default duty length)."""
    if limit.unit is TimeUnit.WORKING_DAYS:
        return limit.amount * _NOMINAL_DAY_HOURS
    return limit.amount


def _ordering_problem(limits: Mapping[AreaClass, TimeLimit]) -> str | None:
    natural = {lim.unit is TimeUnit.NATURAL_HOURS for lim in limits.values()}
    if len(natural) > 1:
        return "limits mix natural and working time, so A <= B <= C cannot be checked"
    a, b, c = (limit_hours(limits[k]) for k in (AreaClass.A, AreaClass.B, AreaClass.C))
    if not a <= b <= c:
        shown = ", ".join(f"{k}={limits[k]}" for k in AreaClass)
        return f"limits must satisfy A <= B <= C (core areas are stricter), got {shown}"
    return None


class Catalogue:
    """Validated, immutable catalogue. Construction raises :class:`CatalogueError` if invalid."""

    def __init__(self, majors: Iterable[MajorClass], minors: Iterable[MinorClass],
                 *, source: str | Path | None = None, note: str | None = None):
        self.majors = tuple(sorted(majors, key=lambda m: m.code))
        self.minors = tuple(sorted(minors, key=lambda m: m.code))
        self.source = source
        self.note = note  # free text for administrators, kept on save
        self._majors: dict[str, MajorClass] = {}
        self._minors: dict[str, MinorClass] = {}
        for m in self.majors:
            entry = f"major {m.code} {m.name}"
            if len(m.code) != 2 or not m.code.isdigit():
                self._fail(entry, "major code must be 2 digits")
            if m.code in self._majors:
                self._fail(entry, "duplicate major code")
            self._majors[m.code] = m
        for m in self.minors:
            self._check_minor(m)
            self._minors[m.code] = m

    def _fail(self, entry: str, reason: str) -> None:
        raise CatalogueError(reason, path=self.source, entry=entry)

    def _check_minor(self, m: MinorClass) -> None:
        entry = f"minor {m.code} {m.name}"
        if len(m.code) != 4 or not m.code.isdigit():
            self._fail(entry, "minor code must be 4 digits (major code + 2)")
        if m.code in self._minors:
            self._fail(entry, "duplicate minor code")
        if m.major_code not in self._majors:
            self._fail(entry, f"unknown major class {m.major_code!r}")
        if not m.code.startswith(m.major_code):
            self._fail(entry, f"code does not start with its major code {m.major_code}")
        std = m.standard
        for name in ("closing", "supervisor", "responsible", "legal_basis"):
            if not str(getattr(std, name)).strip():
                self._fail(entry, f"empty field {name!r}")
        if not std.conditions:
            self._fail(entry, "a standard needs at least one filing condition")
        seen: set[str] = set()
        for c in std.conditions:
            where = f"{entry} condition {c.id}"
            if c.id in seen:
                self._fail(where, "duplicate condition id")
            seen.add(c.id)
            if set(c.limits) != set(AreaClass):
                self._fail(where, "limits must give exactly A, B and C")
            problem = _ordering_problem(c.limits)
            if problem:
                self._fail(where, problem)

    # -- lookups --------------------------------------------------------------------------------

    def major(self, code: str) -> MajorClass:
        try:
            return self._majors[code]
        except KeyError:
            raise CatalogueError(f"unknown major class {code!r}", path=self.source) from None

    def minor(self, code: str) -> MinorClass:
        try:
            return self._minors[code]
        except KeyError:
            raise CatalogueError(f"unknown minor class {code!r}", path=self.source) from None

    def has_minor(self, code: str) -> bool:
        return code in self._minors

    def minors_of(self, major_code: str) -> list[MinorClass]:
        return [m for m in self.minors if m.major_code == major_code]

    def kind_of(self, minor_code: str) -> CategoryKind:
        return self._majors[self.minor(minor_code).major_code].kind

    def standard(self, code: str) -> FilingStandard:
        return self.minor(code).standard

    def condition(self, code: str, condition_id: str) -> FilingCondition:
        try:
            return self.standard(code).condition(condition_id)
        except KeyError:
            raise CatalogueError(f"minor class {code} has no filing condition {condition_id!r}",
                                 path=self.source) from None

    def limit(self, code: str, condition_id: str, area_class: AreaClass | str) -> TimeLimit:
        """The handling limit of a minor class under a filing condition in an area class."""
        return self.condition(code, condition_id).limits[AreaClass(area_class)]

    def search(self, text: str) -> list[MinorClass]:
        """Minor classes whose code, name or major-class name contains ``text`` (case-folded)."""
        needle = text.strip().casefold()
        return [m for m in self.minors
                if needle in m.code or needle in m.name.casefold()
                or needle in self._majors[m.major_code].name.casefold()]

    # -- editing (administrators) ---------------------------------------------------------------

    def with_minor(self, minor: MinorClass) -> Catalogue:
        """A new catalogue with ``minor`` added or replacing the class of the same code."""
        others = [m for m in self.minors if m.code != minor.code]
        return Catalogue(self.majors, [*others, minor], source=self.source, note=self.note)

    def with_major(self, major: MajorClass) -> Catalogue:
        others = [m for m in self.majors if m.code != major.code]
        return Catalogue([*others, major], self.minors, source=self.source, note=self.note)

    # -- files ----------------------------------------------------------------------------------

    @classmethod
    def load(cls, path: str | Path | None = None) -> Catalogue:
        """Load and validate ``categories.json`` (default: the shipped one)."""
        if path is None:
            from commandcenter.resources import resource_path

            path = resource_path("catalogue", "categories.json")
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            raise CatalogueError(f"cannot read: {exc}", path=path) from exc
        return cls.from_dict(data, source=path)

    @classmethod
    def from_dict(cls, data: Any, *, source: str | Path | None = None) -> Catalogue:
        reader = _Reader(source)
        doc = reader.record(data, "file", {"version", "majors", "minors"}, {"note"})
        if doc["version"] != FORMAT_VERSION:
            raise CatalogueError(f"unsupported version {doc['version']!r}", path=source)
        majors = [reader.major(r) for r in reader.array(doc["majors"], "majors")]
        minors = [reader.minor(r) for r in reader.array(doc["minors"], "minors")]
        return cls(majors, minors, source=source, note=doc.get("note"))

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"version": FORMAT_VERSION}
        if self.note:
            out["note"] = self.note
        out["majors"] = [_major_dict(m) for m in self.majors]
        out["minors"] = [_minor_dict(m) for m in self.minors]
        return out

    def save(self, path: str | Path) -> None:
        text = json.dumps(self.to_dict(), ensure_ascii=False, indent=2)
        Path(path).write_text(text + "\n", encoding="utf-8")


def _major_dict(m: MajorClass) -> dict[str, Any]:
    out: dict[str, Any] = {"code": m.code, "name": m.name, "kind": m.kind.value}
    if m.extension:
        out["extension"] = True
    return out


def _minor_dict(m: MinorClass) -> dict[str, Any]:
    std = m.standard
    conditions = []
    for c in std.conditions:
        cd: dict[str, Any] = {"id": c.id, "text": c.text,
                              "limits": {k.value: str(c.limits[k]) for k in AreaClass}}
        if c.closing:
            cd["closing"] = c.closing
        conditions.append(cd)
    return {
        "code": m.code, "name": m.name, "major": m.major_code, "conditions": conditions,
        "closing": std.closing, "supervisor": std.supervisor, "responsible": std.responsible,
        "legal_basis": std.legal_basis, "emergency": std.emergency,
    }


class _Reader:
    """Turns JSON records into model objects, naming the entry in every error."""

    def __init__(self, source: str | Path | None):
        self.source = source

    def fail(self, entry: str, reason: str) -> CatalogueError:
        return CatalogueError(reason, path=self.source, entry=entry)

    def array(self, value: Any, entry: str) -> list[Any]:
        if not isinstance(value, list):
            raise self.fail(entry, "expected a list")
        return value

    def record(self, value: Any, entry: str, required: set[str], optional: set[str]) -> dict:
        if not isinstance(value, dict):
            raise self.fail(entry, "expected an object")
        missing = sorted(required - value.keys())
        if missing:
            raise self.fail(entry, f"missing field {missing[0]!r}")
        unknown = sorted(value.keys() - required - optional)
        if unknown:
            raise self.fail(entry, f"unknown field {unknown[0]!r}")
        return value

    def major(self, r: Any) -> MajorClass:
        entry = f"major {r.get('code', '?')} {r.get('name', '')}".strip() if isinstance(
            r, dict) else "major"
        r = self.record(r, entry, {"code", "name", "kind"}, {"extension"})
        try:
            kind = CategoryKind(r["kind"])
        except ValueError:
            raise self.fail(entry, f"kind must be event or component, got {r['kind']!r}") from None
        return MajorClass(str(r["code"]), r["name"], kind, bool(r.get("extension", False)))

    def minor(self, r: Any) -> MinorClass:
        entry = f"minor {r.get('code', '?')} {r.get('name', '')}".strip() if isinstance(
            r, dict) else "minor"
        r = self.record(r, entry, {"code", "name", "major", "conditions", "closing", "supervisor",
                                   "responsible", "legal_basis"}, {"emergency"})
        conditions = tuple(self.condition(c, entry)
                           for c in self.array(r["conditions"], f"{entry} conditions"))
        std = FilingStandard(conditions, r["closing"], r["supervisor"], r["responsible"],
                             r["legal_basis"], bool(r.get("emergency", False)))
        return MinorClass(str(r["code"]), r["name"], str(r["major"]), std)

    def condition(self, r: Any, minor_entry: str) -> FilingCondition:
        entry = f"{minor_entry} condition {r.get('id', '?')}" if isinstance(r, dict) else minor_entry
        r = self.record(r, entry, {"id", "text", "limits"}, {"closing"})
        limits_raw = self.record(r["limits"], f"{entry} limits", {k.value for k in AreaClass}, set())
        limits: dict[AreaClass, TimeLimit] = {}
        for key in AreaClass:
            try:
                limits[key] = TimeLimit.parse(str(limits_raw[key.value]))
            except ValueError as exc:
                raise self.fail(entry, f"area class {key}: {exc}") from None
        return FilingCondition(str(r["id"]), r["text"], limits, r.get("closing"))


# -- stage clocks -------------------------------------------------------------------------------


def load_stage_limits(path: str | Path | None = None) -> dict[Stage, TimeLimit]:
    """Default limits of every stage clock except HANDLE (which comes from the catalogue)."""
    if path is None:
        from commandcenter.resources import resource_path

        path = resource_path("catalogue", "stage_limits.json")
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        raw = data["limits"]
    except (OSError, json.JSONDecodeError, KeyError, TypeError) as exc:
        raise CatalogueError(f"cannot read stage limits: {exc!r}", path=path) from exc
    if data.get("version") != FORMAT_VERSION:
        raise CatalogueError(f"unsupported version {data.get('version')!r}", path=path)
    expected = {s.value for s in Stage if s is not Stage.HANDLE}
    if Stage.HANDLE.value in raw:
        raise CatalogueError("handling limits come from the category catalogue", path=path,
                             entry="stage handle")
    unknown, missing = sorted(raw.keys() - expected), sorted(expected - raw.keys())
    if unknown:
        raise CatalogueError("unknown stage", path=path, entry=f"stage {unknown[0]}")
    if missing:
        raise CatalogueError("missing stage limit", path=path, entry=f"stage {missing[0]}")
    out: dict[Stage, TimeLimit] = {}
    for key, text in raw.items():
        try:
            out[Stage(key)] = TimeLimit.parse(str(text))
        except ValueError as exc:
            raise CatalogueError(str(exc), path=path, entry=f"stage {key}") from None
    return out


__all__ = [
    "Catalogue", "CatalogueError", "CategoryKind", "FilingCondition", "FilingStandard",
    "MajorClass", "MinorClass", "limit_hours", "load_stage_limits",
]
