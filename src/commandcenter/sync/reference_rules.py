"""Reference-data sync of the responsibility (routing) rules (权责清单, DOMAIN.md §5).

Called by `sync.reference` (``kind="rules"``), which reads the file, records the history and
the file, and runs everything in one transaction; this module validates, diffs and writes.

Contracts
- The file is a JSON document in the shipped ``responsibility.json`` format (``version`` 1, an
  optional ``note``, a ``rules`` list; `domain.routing`). It is told apart from the other kinds
  by being a JSON object with a ``rules`` list (`looks_like`).
- Validation is all-or-nothing, every problem named by the rule's position and id
  (``rule 3 (R0102): ...``): an unreadable or unknown field, a bad category, time window,
  deadline, area class, layer or site kind, a duplicate id, two rules with the same keys and
  priority, a minor or major class or filing condition the catalogue the database holds does
  not have, a target or owner unit the organisation does not have (a retired unit is no
  target), a street team no street has.
- The diff is per rule id, on a flat record (`record`: every key of the format but the id,
  an area class as ``A/B``). A full file (the default) is the whole rule set: a rule missing
  from it is removed (action ``retired``); a partial file adds and changes rules and keeps the
  others. Removing a rule never orphans a case (routing falls to the next rule or the
  territory), so nothing is refused.
- Where it lives: the resulting rule set (the shipped format) in the ``settings`` row
  `store.reference.RULES_SETTING`, its version (the file's SHA-256) beside it; routing reads
  it through `AppContext.current_rules`. A file that changes nothing stores nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from commandcenter.domain.routing import (
    ResponsibilityCatalogue,
    RoutingRule,
    check_document,
    unit_problems,
)
from commandcenter.store.reference import RULES_SETTING, RULES_VERSION_SETTING, put_document

from .readers import StructuralError
from .reference_model import RefChange, RefPreview, latest_retired

__all__ = ["FIELDS", "HISTORY", "KIND", "Plan", "build", "looks_like", "record", "reload",
           "write"]

KIND = "rules"
ORGANISATION = False  # a document in the settings, not the organisation's tables
HISTORY = "rule"  # sync_reference_changes.kind
FIELDS = ("category", "condition", "area_class", "grid_layer", "site_kind", "owner",
          "time_window", "deadline_override", "target", "legal_basis", "priority", "note")


def looks_like(document: Any) -> bool:
    """A responsibility rules document: a JSON object with a ``rules`` list."""
    return isinstance(document, dict) and isinstance(document.get("rules"), list)


def record(rule: RoutingRule) -> dict[str, Any]:
    """A rule as one flat, JSON-able record (the diff's unit): every field, None when unset."""
    plain = rule.to_dict()
    area = plain.get("area_class")
    if isinstance(area, list):
        plain["area_class"] = "/".join(area)
    plain.setdefault("priority", 0)
    return {f: plain.get(f) for f in FIELDS}


@dataclass
class Plan:
    """What `write` stores: the resulting rule set (None when nothing changes)."""

    rules: ResponsibilityCatalogue | None


def build(ctx: Any, uow: Any, document: Any, preview: RefPreview) -> Plan:
    """Validate and diff a rules document into ``preview``; nothing is written."""
    if not looks_like(document):
        raise StructuralError("not a responsibility rules file: expected a JSON object with a "
                              "'rules' list (the responsibility.json format)")
    session = uow.session
    preview.total = len(document["rules"])
    catalogue = ctx.current_catalogue(session)
    org = uow.org.load_organisation(ctx.now().date())
    retired = latest_retired(session, "unit")
    rules, problems = check_document(document, catalogue=catalogue, org=org, retired=retired)
    preview.problems.extend(problems)
    if problems:
        return Plan(None)

    current = ctx.current_rules(session)
    befores = {r.id: record(r) for r in current.rules}
    result = list(rules)
    for rule in rules:
        after, before = record(rule), befores.get(rule.id)
        if before is None:
            preview.changes.append(RefChange(rule.id, "added", None, after))
        elif before != after:
            preview.changes.append(RefChange(rule.id, "changed", before, after))
        else:
            preview.unchanged += 1
    given = {r.id for r in rules}
    kept = []
    for rule in current.rules:
        if rule.id in given:
            continue
        if preview.full:
            preview.changes.append(RefChange(rule.id, "retired", befores[rule.id], None))
        else:
            kept.append(rule)
    # a partial file keeps the other stored rules: they must still name live units and teams
    # (a unit retired since they were applied is not a target any more)
    kept_problems = unit_problems(kept, org, retired,
                                  places=[f"kept rule {r.id}" for r in kept])
    if kept_problems:
        preview.problems.extend(kept_problems)
        return Plan(None)
    result += kept
    note = str(document.get("note", "")) or current.note
    if not preview.changes and note == current.note:
        return Plan(None)
    try:  # a partial file's rules beside the kept ones: still one consistent set
        new = ResponsibilityCatalogue(result, catalogue=catalogue)
    except ValueError as exc:
        preview.problems.append(f"the rules would be inconsistent: {exc}")
        return Plan(None)
    new.note = note
    if not result:
        preview.notes.append("no rule left: every case falls to its street (属地兜底)")
    return Plan(new)


def write(session: Any, preview: RefPreview, plan: Plan) -> None:
    """Store the new rule set (in the caller's transaction; the caller writes the history and
    the file record)."""
    if plan.rules is not None:
        put_document(session, RULES_SETTING, RULES_VERSION_SETTING, plan.rules.to_dict(),
                     preview.sha256)


def reload(ctx: Any) -> None:
    ctx.reload_rules()
