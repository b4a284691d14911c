"""Routing: the responsibility catalogue (权责清单) that suggests the lead unit (DOMAIN.md §5).

A :class:`RoutingRule` matches a case by its category and optional keys, and names a target:

* ``category``: a minor class (``"0102"``) or a major-class wildcard (``"01*"``);
* optional: filing ``condition`` id, ``area_class`` (one or several of A/B/C), ``grid_layer``,
  ``site_kind`` (of a dedicated grid), ``owner`` (a component's owner/maintainer unit code) and
  ``time_window`` (``"22:00-06:00"``: start inclusive, end exclusive, may wrap midnight);
* ``target``: a unit code (a district department or enterprise) or a territorial target resolved
  for the case's street: ``@street_centre``, ``@enforcement``, ``@street_team:<team>``;
* ``deadline_override`` (optional, e.g. ``"2 working_hours"``) replaces the catalogue's limit;
* ``legal_basis`` is quoted in the suggestion so the dispatcher can say *why*.

**Specificity.** Among matching rules the most specific wins, compared key by key in this order
(the first difference decides): minor class over major wildcard, then a filing condition, an
owner, a site kind, a grid layer, a time window, an area class. Remaining ties go to the higher
``priority``, then the smaller rule id. A rule whose territorial target does not exist in the
case's street (a zone has no enforcement team) is skipped for the next one. When nothing
applies, the case falls to the street's command centre (属地兜底) and the reason says so.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, time
from pathlib import Path
from typing import Any

from commandcenter.domain.calendar import TimeLimit, TimeUnit
from commandcenter.domain.catalogue import Catalogue
from commandcenter.domain.org import Organisation, OrgError, SiteKind, Unit
from commandcenter.domain.vocabulary import AreaClass, GridLayer

FORMAT_VERSION = 1
FALLBACK_RULE_ID = "fallback"  # rule_id of a territorial fallback suggestion (属地兜底)
FALLBACK_BASIS = "属地管理、属地兜底原则（责任主体不明确的事项由属地街道负责）"

STREET_CENTRE, ENFORCEMENT, STREET_TEAM = "@street_centre", "@enforcement", "@street_team:"
_CATEGORY = re.compile(r"^(\d{4}|\d{2}\*)$")
_WINDOW = re.compile(r"^(\d{1,2}):(\d{2})-(\d{1,2}):(\d{2})$")
_FIELDS = {"id", "category", "target", "legal_basis"}
_OPTIONAL = {"condition", "area_class", "grid_layer", "site_kind", "owner", "time_window",
             "deadline_override", "priority", "note"}

_UNIT_CN = {TimeUnit.WORKING_HOURS: "个工作时", TimeUnit.WORKING_DAYS: "个工作日",
            TimeUnit.NATURAL_HOURS: "小时（自然时）"}
_LAYER_CN = {GridLayer.COMPREHENSIVE: "综合网格", GridLayer.DEDICATED: "专属网格"}
_SITE_CN = {SiteKind.SCHOOL: "校园", SiteKind.MARKET: "市场", SiteKind.PARK: "公园",
            SiteKind.HOSPITAL: "医院", SiteKind.SCENIC: "景区", SiteKind.TRANSIT: "交通枢纽",
            SiteKind.COMMERCIAL: "商圈", SiteKind.OTHER: "其他场所"}


class RoutingError(ValueError):
    """Invalid responsibility rules, or a case that cannot be routed at all."""


def limit_cn(limit: TimeLimit) -> str:
    """A time limit in Chinese for reason texts, e.g. ``4个工作时``."""
    amount = str(int(limit.amount)) if limit.amount.is_integer() else str(limit.amount)
    return f"{amount}{_UNIT_CN[limit.unit]}"


@dataclass(frozen=True)
class TimeWindow:
    """A daily window [start, end); wraps midnight when end <= start."""

    start: time
    end: time

    @classmethod
    def parse(cls, text: str) -> TimeWindow:
        m = _WINDOW.match(text.strip())
        if not m:
            raise ValueError(f"time window must look like '22:00-06:00', got {text!r}")
        h1, m1, h2, m2 = (int(g) for g in m.groups())
        if h1 > 23 or h2 > 23 or m1 > 59 or m2 > 59:
            raise ValueError(f"time window out of range: {text!r}")
        if (h1, m1) == (h2, m2):
            raise ValueError(f"time window is empty: {text!r}")
        return cls(time(h1, m1), time(h2, m2))

    def contains(self, t: time) -> bool:
        if self.start < self.end:
            return self.start <= t < self.end
        return t >= self.start or t < self.end

    def __str__(self) -> str:
        return f"{self.start:%H:%M}-{self.end:%H:%M}"


@dataclass(frozen=True)
class RoutingFacts:
    """What routing needs to know about a case. ``at``: when it is routed (for time windows)."""

    minor_code: str
    condition_id: str | None
    area_class: AreaClass | None
    street_code: str
    grid_layer: GridLayer | None = None
    site_kind: SiteKind | None = None
    owner_code: str | None = None
    at: datetime | None = None


@dataclass(frozen=True)
class RoutingRule:
    id: str
    category: str
    target: str
    legal_basis: str
    condition: str | None = None
    area_classes: frozenset[AreaClass] | None = None
    grid_layer: GridLayer | None = None
    site_kind: SiteKind | None = None
    owner: str | None = None
    window: TimeWindow | None = None
    deadline_override: TimeLimit | None = None
    priority: int = 0
    note: str = ""

    @property
    def is_wildcard(self) -> bool:
        return self.category.endswith("*")

    def matches(self, f: RoutingFacts) -> bool:
        if self.is_wildcard:
            if not f.minor_code.startswith(self.category[:-1]):
                return False
        elif f.minor_code != self.category:
            return False
        return (
            (self.condition is None or self.condition == f.condition_id)
            and (self.owner is None or self.owner == f.owner_code)
            and (self.site_kind is None or self.site_kind == f.site_kind)
            and (self.grid_layer is None or self.grid_layer == f.grid_layer)
            and (self.window is None or (f.at is not None and self.window.contains(f.at.time())))
            and (self.area_classes is None or f.area_class in self.area_classes)
        )

    def specificity(self) -> tuple[bool, ...]:
        """Compared lexicographically, larger is more specific (see the module docstring)."""
        return (not self.is_wildcard, self.condition is not None, self.owner is not None,
                self.site_kind is not None, self.grid_layer is not None,
                self.window is not None, self.area_classes is not None)

    def sort_key(self) -> tuple:
        """Best rule first when sorting ascending."""
        return (tuple(not s for s in self.specificity()), -self.priority, self.id)

    def to_dict(self) -> dict[str, Any]:
        """The rule in the ``responsibility.json`` format (optional keys only when set)."""
        out: dict[str, Any] = {"id": self.id, "category": self.category}
        if self.condition is not None:
            out["condition"] = self.condition
        if self.area_classes is not None:
            areas = sorted(a.value for a in self.area_classes)
            out["area_class"] = areas[0] if len(areas) == 1 else areas
        for key, value in (("grid_layer", self.grid_layer), ("site_kind", self.site_kind)):
            if value is not None:
                out[key] = value.value
        for key, value in (("owner", self.owner), ("time_window", self.window),
                           ("deadline_override", self.deadline_override)):
            if value is not None:
                out[key] = str(value)
        out["target"], out["legal_basis"] = self.target, self.legal_basis
        if self.priority:
            out["priority"] = self.priority
        if self.note:
            out["note"] = self.note
        return out

    def matched_on(self) -> tuple[str, ...]:
        keys = ["major" if self.is_wildcard else "minor"]
        for name, value in (("condition", self.condition), ("owner", self.owner),
                            ("site_kind", self.site_kind), ("grid_layer", self.grid_layer),
                            ("time_window", self.window), ("area_class", self.area_classes)):
            if value is not None:
                keys.append(name)
        return tuple(keys)


@dataclass(frozen=True)
class RoutingSuggestion:
    unit_code: str
    rule_id: str  # FALLBACK_RULE_ID when the territory took it (属地兜底)
    reason_text: str
    legal_basis: str
    matched_on: tuple[str, ...]
    deadline_override: TimeLimit | None = None

    @property
    def is_fallback(self) -> bool:
        return self.rule_id == FALLBACK_RULE_ID


def _parse_rule(r: Any, where: str, label: str | None = None) -> RoutingRule:
    """One rule of a document; errors are named ``label`` (else ``where`` and the rule's id)."""
    if not isinstance(r, dict):
        raise RoutingError(f"{where}: expected an object")
    where = label or f"{where} {r.get('id', '?')}"
    missing = sorted(_FIELDS - r.keys())
    if missing:
        raise RoutingError(f"{where}: missing field {missing[0]!r}")
    unknown = sorted(r.keys() - _FIELDS - _OPTIONAL)
    if unknown:
        raise RoutingError(f"{where}: unknown field {unknown[0]!r}")
    try:
        area = r.get("area_class")
        areas = None if area is None else frozenset(
            AreaClass(a) for a in ([area] if isinstance(area, str) else area))
        rule = RoutingRule(
            id=str(r["id"]), category=str(r["category"]), target=str(r["target"]),
            legal_basis=str(r["legal_basis"]), condition=r.get("condition"), area_classes=areas,
            grid_layer=GridLayer(r["grid_layer"]) if r.get("grid_layer") else None,
            site_kind=SiteKind(r["site_kind"]) if r.get("site_kind") else None,
            owner=r.get("owner"),
            window=TimeWindow.parse(r["time_window"]) if r.get("time_window") else None,
            deadline_override=(TimeLimit.parse(r["deadline_override"])
                               if r.get("deadline_override") else None),
            priority=int(r.get("priority", 0)), note=str(r.get("note", "")))
    except (ValueError, TypeError) as exc:
        raise RoutingError(f"{where}: {exc}") from None
    _check_rule(rule, where)
    return rule


def _check_rule(rule: RoutingRule, where: str) -> None:
    if not _CATEGORY.match(rule.category):
        raise RoutingError(f"{where}: category must be a minor code '0102' or a wildcard '01*'")
    if rule.condition is not None and rule.is_wildcard:
        raise RoutingError(f"{where}: a filing condition needs a minor class, not a wildcard")
    if rule.site_kind is not None and rule.grid_layer is GridLayer.COMPREHENSIVE:
        raise RoutingError(f"{where}: site kinds belong to dedicated grids")
    if not rule.legal_basis.strip():
        raise RoutingError(f"{where}: empty legal basis")
    t = rule.target
    if t.startswith("@") and t not in (STREET_CENTRE, ENFORCEMENT) and not (
            t.startswith(STREET_TEAM) and len(t) > len(STREET_TEAM)):
        raise RoutingError(f"{where}: unknown target {t!r} (use a unit code, {STREET_CENTRE}, "
                           f"{ENFORCEMENT} or {STREET_TEAM}<team>)")
    if not t:
        raise RoutingError(f"{where}: empty target")


class ResponsibilityCatalogue:
    """Validated routing rules. Unit codes can only be checked with :meth:`validate_against`."""

    def __init__(self, rules: Iterable[RoutingRule], *, catalogue: Catalogue | None = None,
                 source: str | Path | None = None):
        self.rules = tuple(rules)
        self.source = source
        self.note = ""
        prefix = f"{source}: " if source else ""
        for rule in self.rules:
            _check_rule(rule, f"{prefix}rule {rule.id}")
        for problem in _set_problems(self.rules, catalogue, prefix):
            raise RoutingError(problem)

    @classmethod
    def load(cls, path: str | Path | None = None, *,
             catalogue: Catalogue | None = None) -> ResponsibilityCatalogue:
        """Load ``responsibility.json``; with ``catalogue`` categories and conditions are checked."""
        if path is None:
            path = shipped_path()
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            raise RoutingError(f"{path}: cannot read: {exc}") from exc
        return cls.from_dict(data, catalogue=catalogue, source=path)

    @classmethod
    def from_dict(cls, data: Any, *, catalogue: Catalogue | None = None,
                  source: str | Path | None = None) -> ResponsibilityCatalogue:
        """Rules from a document in the ``responsibility.json`` format (raises on the first
        problem; `check_document` lists them all)."""
        _check_document(data, source or "rules")
        rules = [_parse_rule(r, f"{source or 'rules'}: rule") for r in data["rules"]]
        out = cls(rules, catalogue=catalogue, source=source)
        out.note = str(data.get("note", ""))
        return out

    def to_dict(self) -> dict[str, Any]:
        """The rules as a ``responsibility.json`` document (what `from_dict` reads)."""
        return {"version": FORMAT_VERSION, "note": self.note,
                "rules": [r.to_dict() for r in self.rules]}

    def validate_against(self, org: Organisation) -> None:
        """Check unit codes, owners and team keys against an organisation (all problems at once)."""
        problems = unit_problems(self.rules, org)
        if problems:
            prefix = f"{self.source}: " if self.source else ""
            raise RoutingError(prefix + "; ".join(problems))


def shipped_path() -> Path:
    """The shipped ``responsibility.json`` (the rules until the district's file is applied)."""
    from commandcenter.resources import resource_path

    return resource_path("catalogue", "responsibility.json")


def _check_document(data: Any, where: str | Path) -> None:
    if not isinstance(data, dict) or not isinstance(data.get("rules"), list):
        raise RoutingError(f"{where}: expected an object with a 'rules' list")
    if data.get("version") != FORMAT_VERSION:
        raise RoutingError(f"{where}: unsupported version {data.get('version')!r}")


def _category_problem(rule: RoutingRule, catalogue: Catalogue) -> str | None:
    if rule.is_wildcard:
        if rule.category[:2] not in {m.code for m in catalogue.majors}:
            return f"unknown major class {rule.category[:2]!r}"
        return None
    if not catalogue.has_minor(rule.category):
        return f"unknown minor class {rule.category!r}"
    ids = {c.id for c in catalogue.standard(rule.category).conditions}
    if rule.condition is not None and rule.condition not in ids:
        return f"minor class {rule.category} has no filing condition {rule.condition!r}"
    return None


def _set_problems(rules: Iterable[RoutingRule], catalogue: Catalogue | None,
                  prefix: str = "", places: Sequence[str] | None = None) -> list[str]:
    """Every problem of a set of parsed rules: duplicate ids, two rules with the same keys and
    priority, and (with ``catalogue``) unknown classes and filing conditions. ``places``: how
    to name each rule's place in its file ("rule 3 (R0102)"), in the order of ``rules``."""
    problems = []
    seen: dict[str, str] = {}
    keys: dict[tuple, str] = {}
    for i, rule in enumerate(rules):
        where = f"{prefix}{places[i] if places else f'rule {rule.id}'}"
        if rule.id in seen:
            problems.append(f"{where}: duplicate rule id"
                            + (f" (also {seen[rule.id]})" if places else ""))
            continue
        seen[rule.id] = where
        key = (rule.category, rule.condition, rule.area_classes, rule.grid_layer,
               rule.site_kind, rule.owner, rule.window, rule.priority)
        if key in keys:
            problems.append(f"{where}: same keys and priority as rule {keys[key]}; which one "
                            "applies would depend on ids alone")
        keys.setdefault(key, rule.id)
        wrong = _category_problem(rule, catalogue) if catalogue is not None else None
        if wrong:
            problems.append(f"{where}: {wrong}")
    return problems


def unit_problems(rules: Sequence[RoutingRule], org: Organisation, retired: Iterable[str] = (),
                  places: Sequence[str] | None = None) -> list[str]:
    """Targets, owners and team keys the organisation does not have (``retired`` units count
    as unknown targets: nothing may be routed to them). ``places`` as in `_set_problems`."""
    retired = set(retired)
    teams = {u.team for u in org.units if u.team and u.code not in retired}
    problems = []
    for i, rule in enumerate(rules):
        where = places[i] if places else f"rule {rule.id}"
        if not rule.target.startswith("@") and not org.has_unit(rule.target):
            problems.append(f"{where}: unknown unit {rule.target!r}")
        elif rule.target in retired:
            problems.append(f"{where}: unit {rule.target!r} is retired")
        if rule.target.startswith(STREET_TEAM) and rule.target[len(STREET_TEAM):] not in teams:
            problems.append(f"{where}: no street has a team "
                            f"{rule.target[len(STREET_TEAM):]!r}")
        if rule.owner is not None and not org.has_unit(rule.owner):
            problems.append(f"{where}: unknown owner unit {rule.owner!r}")
    return problems


def check_document(data: Any, *, catalogue: Catalogue | None = None,
                   org: Organisation | None = None, retired: Iterable[str] = ()
                   ) -> tuple[list[RoutingRule], list[str]]:
    """Parse a rules document, listing EVERY problem (each with the rule's position and id):
    the rules that parsed, and the problems (a document with problems must not be used).
    With ``catalogue`` classes and filing conditions are checked, with ``org`` targets, owners
    and teams (``retired`` units are not valid targets)."""
    try:
        _check_document(data, "the file")
    except RoutingError as exc:
        return [], [str(exc)]
    rules: list[RoutingRule] = []
    problems: list[str] = []
    places: list[str] = []
    for i, raw in enumerate(data["rules"], start=1):
        rid = raw.get("id", "?") if isinstance(raw, dict) else "?"
        where = f"rule {i} ({rid})"
        try:
            rule = _parse_rule(raw, f"rule {i}", label=where)
        except RoutingError as exc:
            problems.append(str(exc))
            continue
        places.append(where)
        rules.append(rule)
    problems += _set_problems(rules, catalogue, places=places)
    if org is not None:
        problems += unit_problems(rules, org, retired, places)
    return rules, problems


class Router:
    """Suggests the lead unit for a case. ``catalogue`` (optional) only adds names to reasons."""

    def __init__(self, rules: ResponsibilityCatalogue | Iterable[RoutingRule],
                 organisation: Organisation, catalogue: Catalogue | None = None):
        self.rules = tuple(rules.rules if isinstance(rules, ResponsibilityCatalogue) else rules)
        self.org = organisation
        self.catalogue = catalogue

    def candidates(self, facts: RoutingFacts) -> list[RoutingRule]:
        """Every matching rule, best first."""
        return sorted((r for r in self.rules if r.matches(facts)), key=RoutingRule.sort_key)

    def resolve(self, target: str, street_code: str) -> Unit:
        """The concrete unit of a target for a street; raises OrgError if it does not exist."""
        if target == STREET_CENTRE:
            return self.org.territorial_unit(street_code)
        if target == ENFORCEMENT:
            return self.org.enforcement_team(street_code)
        if target.startswith(STREET_TEAM):
            return self.org.street_team(street_code, target[len(STREET_TEAM):])
        return self.org.unit(target)

    def suggest(self, facts: RoutingFacts) -> RoutingSuggestion:
        try:
            centre = self.org.territorial_unit(facts.street_code)
        except OrgError as exc:
            raise RoutingError(f"cannot route: {exc}") from None
        skipped: list[str] = []
        for rule in self.candidates(facts):
            try:
                unit = self.resolve(rule.target, facts.street_code)
            except OrgError:
                skipped.append(rule.id)
                continue
            reason = self._reason(rule, unit, facts)
            if skipped:
                reason = f"规则 {'、'.join(skipped)} 的承办单位在本街道不存在，顺延适用；{reason}"
            return RoutingSuggestion(unit.code, rule.id, reason, rule.legal_basis,
                                     rule.matched_on(), rule.deadline_override)
        what = self._minor_cn(facts.minor_code)
        if facts.condition_id:
            what += f"，立案条件 {facts.condition_id}"
        if skipped:
            why = f"规则 {'、'.join(skipped)} 的承办单位在本街道不存在"
        else:
            why = "权责清单无匹配规则"
        text = f"{why}（{what}），按属地兜底原则派至{centre.name}。"
        return RoutingSuggestion(centre.code, FALLBACK_RULE_ID, text, FALLBACK_BASIS, ())

    def _minor_cn(self, code: str) -> str:
        if self.catalogue is not None and self.catalogue.has_minor(code):
            return f"小类 {code} {self.catalogue.minor(code).name}"
        return f"小类 {code}"

    def _reason(self, rule: RoutingRule, unit: Unit, f: RoutingFacts) -> str:
        minor = self._minor_cn(f.minor_code)
        parts = [f"大类 {rule.category[:2]}：{minor}" if rule.is_wildcard else minor]
        if rule.condition is not None:
            parts.append(f"立案条件 {rule.condition}")
        if rule.owner is not None:
            owner = self.org.unit(rule.owner).name if self.org.has_unit(rule.owner) else rule.owner
            parts.append(f"权属单位 {owner}")
        if rule.site_kind is not None:
            parts.append(f"场所 {_SITE_CN[rule.site_kind]}")
        if rule.grid_layer is not None:
            parts.append(_LAYER_CN[rule.grid_layer])
        if rule.window is not None:
            parts.append(f"时段 {rule.window}")
        if rule.area_classes is not None:
            parts.append(f"{'/'.join(sorted(rule.area_classes))}类区域")
        text = f"依据权责清单规则 {rule.id}（{'；'.join(parts)}）派至{unit.name}"
        if rule.deadline_override is not None:
            text += f"，处置时限按该规则为{limit_cn(rule.deadline_override)}"
        return f"{text}。法律依据：{rule.legal_basis}。"
