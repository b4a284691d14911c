"""Reference-data sync of the case categories and their filing/closing standards (立结案标准).

Called by `sync.reference` (``kind="categories"``), which reads the file, records the history
and the file, and runs everything in one transaction; this module validates, diffs and writes.

The file's format and how it is read: `reference_catalogue_file`.

Contracts
- A column the file does not have keeps the stored value of an existing class, and so does an
  empty cell. A class none of whose rows has a condition cell keeps its stored filing
  conditions; otherwise its conditions are exactly its rows that have one (a condition missing
  from them is dropped), and a condition's empty text or limits keep the stored ones of the same
  condition id.
- Validation is all-or-nothing with row numbers (the class's first row): no or a malformed code,
  a repeated code + condition, cells of one class or one major class that disagree, an unknown
  kind, an unreadable limit or emergency flag, a missing required field of a new class, and
  whatever the catalogue's own rules refuse (`domain.catalogue`: limits A <= B <= C, ...).
- The diff is per minor class, on a flat record (`record`): class fields and, per condition,
  ``cond.<id>.text``, ``cond.<id>.limit_A/B/C``, ``cond.<id>.closing``.
- Never orphan a case or a routing rule. Retiring a class (missing from a full export) is
  REFUSED while open cases are of that class or a responsibility rule names it; a change that
  drops a filing condition is refused (the class stays as it is) while open cases were
  registered under it or a rule names it. Refusals carry their figures: ``cases`` (open cases),
  ``conditions`` (the dropped ids), ``rules`` (rule ids). The new catalogue must still validate
  and the responsibility rules the database holds (the shipped ones until the district sends
  its own, `sync.reference_rules`) must still load against it, else the file has a problem.
- Where it lives: the store kept only names (`categories`, for joins); the standards came from
  the shipped ``categories.json``. An applied file stores the whole resulting catalogue (the
  shipped JSON format) in the ``settings`` row `store.reference.CATALOGUE_SETTING`;
  `store.reference.stored_catalogue` reads it and `AppContext.catalogue` prefers it to the
  shipped file. The ``categories`` rows are updated too and are never deleted (closed cases of a retired class keep their name). A retired class is
  absent from the catalogue; its retirement is its latest history row.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd
from sqlalchemy import func, insert, select, update

from commandcenter.domain.calendar import TimeLimit
from commandcenter.domain.catalogue import (
    Catalogue,
    CatalogueError,
    CategoryKind,
    FilingCondition,
    FilingStandard,
    MajorClass,
    MinorClass,
)
from commandcenter.domain.routing import ResponsibilityCatalogue, RoutingError
from commandcenter.domain.vocabulary import TERMINAL_STATES, AreaClass
from commandcenter.store.models import Case, Category
from commandcenter.store.reference import (
    CATALOGUE_SETTING,
    CATALOGUE_SOURCE,
    CATALOGUE_VERSION_SETTING,
    put_document,
)

from .readers import StructuralError
from .reference_catalogue_file import (
    CLASS_FIELDS,
    COLUMNS,
    REQUIRED,
    FileClass,
    looks_like,
    parse_file,
)
from .reference_model import RefChange, RefPreview, found_columns, latest_changes

__all__ = ["HISTORY", "KIND", "Plan", "build", "looks_like", "record", "reload", "write"]

KIND = "categories"
ORGANISATION = False  # a document in the settings, not the organisation's tables
HISTORY = "category"  # sync_reference_changes.kind


def record(minor: MinorClass, major: MajorClass) -> dict[str, Any]:
    """A minor class and its standard as one flat, JSON-able record (the diff's unit)."""
    std = minor.standard
    out: dict[str, Any] = {
        "name": minor.name, "major_code": minor.major_code, "major_name": major.name,
        "major_kind": major.kind.value, "closing": std.closing, "supervisor": std.supervisor,
        "responsible": std.responsible, "legal_basis": std.legal_basis,
        "emergency": std.emergency}
    for c in std.conditions:
        out[f"cond.{c.id}.text"] = c.text
        for a in AreaClass:
            out[f"cond.{c.id}.limit_{a.value}"] = str(c.limits[a])
        out[f"cond.{c.id}.closing"] = c.closing
    return out


def _condition_ids(rec: dict[str, Any]) -> list[str]:
    return list(dict.fromkeys(k.split(".")[1] for k in rec if k.startswith("cond.")))


def _minor(code: str, rec: dict[str, Any]) -> MinorClass:
    conditions = tuple(FilingCondition(
        i, rec[f"cond.{i}.text"],
        {a: TimeLimit.parse(rec[f"cond.{i}.limit_{a.value}"]) for a in AreaClass},
        rec.get(f"cond.{i}.closing")) for i in _condition_ids(rec))
    std = FilingStandard(conditions, rec["closing"], rec["supervisor"], rec["responsible"],
                         rec["legal_basis"], bool(rec["emergency"]))
    return MinorClass(code, rec["name"], rec["major_code"], std)


def _major(rec: dict[str, Any], old: MajorClass | None) -> MajorClass:
    extension = old.extension if old is not None else rec["major_code"] >= "21"
    return MajorClass(rec["major_code"], rec["major_name"], CategoryKind(rec["major_kind"]),
                      extension)


# ---------------------------------------------------------------------- merge, diff
def _merge(code: str, fc: FileClass, before: dict[str, Any] | None,
           majors: dict[str, MajorClass], problems: list[str]) -> dict[str, Any] | None:
    """The class's record after the file (``before`` completed by the file's cells)."""
    base = before or {}
    rec: dict[str, Any] = {k: base.get(k) for k in CLASS_FIELDS}
    rec.update(fc.fields)
    rec["major_code"] = rec.get("major_code") or code[:2]
    old = majors.get(rec["major_code"])
    if old is not None:
        rec["major_name"] = rec.get("major_name") or old.name
        rec["major_kind"] = rec.get("major_kind") or old.kind.value
    rec["emergency"] = bool(rec.get("emergency"))
    where = f"row {fc.row}: {code}"
    ok = True
    for key in REQUIRED:
        if not rec.get(key):
            problems.append(f"{where} has no {key}" + (" (a new major class needs a name "
                            "and a kind)" if key.startswith("major_") else ""))
            ok = False
    if fc.conditions:
        for cid, cond in fc.conditions.items():
            for part in ("text", *(f"limit_{a.value}" for a in AreaClass)):
                value = cond.get(part) or base.get(f"cond.{cid}.{part}")
                if value is None:
                    problems.append(f"row {cond['row']}: {code} condition {cid} has no "
                                    + ("text" if part == "text" else
                                       f"time limit for area class {part[-1]}"))
                    ok = False
                rec[f"cond.{cid}.{part}"] = value
            rec[f"cond.{cid}.closing"] = cond.get("closing") or base.get(f"cond.{cid}.closing")
    else:
        rec.update({k: v for k, v in base.items() if k.startswith("cond.")})
        if not _condition_ids(rec):
            problems.append(f"{where} has no filing condition")
            ok = False
    if not ok:
        return None
    try:  # the catalogue's own rules, for this class alone (all problems at once)
        Catalogue([_major(rec, old)], [_minor(code, rec)])
    except (CatalogueError, ValueError, TypeError) as exc:
        problems.append(f"{where}: {getattr(exc, 'reason', exc)}")
        return None
    return rec


def _open_cases(session: Any, codes: set[str]) -> dict[tuple[str, str | None], int]:
    """Open cases per (minor class, filing condition) among ``codes``."""
    if not codes:
        return {}
    rows = session.execute(select(Case.minor_code, Case.condition_id, func.count())
                           .where(Case.minor_code.in_(sorted(codes)),
                                  Case.state.not_in([s.value for s in TERMINAL_STATES]))
                           .group_by(Case.minor_code, Case.condition_id)).all()
    return {(m, c): n for m, c, n in rows}


@dataclass
class Plan:
    """What `write` stores: the resulting catalogue (None when nothing changes)."""

    catalogue: Catalogue | None


def build(ctx: Any, session: Any, frame: pd.DataFrame, preview: RefPreview) -> Plan:
    """Validate and diff a categories file into ``preview``; nothing is written."""
    cols = found_columns(frame, COLUMNS)
    if "code" not in cols:
        raise StructuralError("no usable header for categories: no column for "
                              + " / ".join(COLUMNS["code"]))
    preview.total = len(frame)
    current = ctx.current_catalogue(session)  # cached unless another file was applied
    majors = {m.code: m for m in current.majors}
    history = latest_changes(session, HISTORY)
    retired = {c for c, h in history.items()
               if h["action"] == "retired" and not current.has_minor(c)}
    problems = preview.problems
    parsed = parse_file(frame, cols, problems)

    befores: dict[str, dict[str, Any] | None] = {}
    records: dict[str, dict[str, Any]] = {}
    for code, fc in parsed.items():
        if current.has_minor(code):
            m = current.minor(code)
            befores[code] = record(m, majors[m.major_code])
        else:
            befores[code] = (history[code]["before"] or None) if code in retired else None
        rec = _merge(code, fc, befores[code], majors, problems)
        if rec is not None:
            records[code] = rec
    given: dict[str, tuple[str, str, str]] = {}
    for code, rec in records.items():
        key = (rec["major_name"], rec["major_kind"], code)
        first = given.setdefault(rec["major_code"], key)
        if first[:2] != key[:2]:
            problems.append(f"row {parsed[code].row}: {code} gives major class "
                            f"{rec['major_code']} as {key[0]} ({key[1]}), {first[2]} as "
                            f"{first[0]} ({first[1]})")
    if problems:
        return Plan(None)

    rules = ctx.current_rules(session).rules  # the district's rules if it sent any
    minors = {m.code: m for m in current.minors}
    dropping = {code: [i for i in _condition_ids(befores[code] or {})
                       if i not in _condition_ids(rec)]
                for code, rec in records.items() if current.has_minor(code)}
    dropping = {k: v for k, v in dropping.items() if v}
    gone = sorted(c for c in minors if c not in records) if preview.full else []
    open_cases = _open_cases(session, set(dropping) | set(gone))

    for code, after in records.items():
        before = befores[code]
        if before is None:
            preview.changes.append(RefChange(code, "added", None, after))
        elif code in retired:
            preview.changes.append(RefChange(code, "reactivated", before, after))
        elif before == after:
            preview.unchanged += 1
            continue
        elif code in dropping:
            ids = dropping[code]
            n = sum(v for (m, c), v in open_cases.items() if m == code and c in ids)
            named = sorted(r.id for r in rules if r.category == code and r.condition in ids)
            if n or named:
                preview.refused.append(_refusal(code, n, named, ids))
                continue
            preview.changes.append(RefChange(code, "changed", before, after))
        else:
            preview.changes.append(RefChange(code, "changed", before, after))
        minors[code] = _minor(code, after)
    for code in gone:
        n = sum(v for (m, _), v in open_cases.items() if m == code)
        named = sorted(r.id for r in rules if r.category == code)
        if n or named:
            preview.refused.append(_refusal(code, n, named, []))
            continue
        m = minors.pop(code)
        preview.changes.append(RefChange(code, "retired", record(m, majors[m.major_code]), None))

    # Major classes as the taken rows give them: a refused row (its class left as it is)
    # renames or adds no major class.
    new_majors = dict(majors)
    # (an unchanged class gives back its major class as it is; a retired one is not in records)
    taken = {c.code for c in preview.changes}
    for code, rec in records.items():
        if code in taken:
            new_majors[rec["major_code"]] = _major(rec, majors.get(rec["major_code"]))
    for mc, m in sorted(new_majors.items()):
        old = majors.get(mc)
        if old is None:
            preview.notes.append(f"new major class {mc} {m.name}")
        elif (old.name, old.kind) != (m.name, m.kind):
            preview.notes.append(f"major class {mc} {old.name} ({old.kind.value}) becomes "
                                 f"{m.name} ({m.kind.value}) for all its minor classes")
    if not preview.changes and new_majors == majors:
        return Plan(None)
    try:
        new = Catalogue(new_majors.values(), minors.values(), source=CATALOGUE_SOURCE,
                        note=current.note)
        ResponsibilityCatalogue(rules, catalogue=new)
    except (CatalogueError, RoutingError) as exc:
        problems.append(f"the catalogue would be inconsistent: {exc}")
        return Plan(None)
    return Plan(new)


def _refusal(code: str, cases: int, rules: list[str], conditions: list[str]) -> dict[str, Any]:
    what = (f"filing condition(s) {', '.join(conditions)} would be dropped" if conditions
            else "it would be retired")
    reasons = []
    if cases:
        reasons.append(f"{cases} open case(s) are of it" if not conditions
                       else f"{cases} open case(s) were registered under them")
    if rules:
        reasons.append(f"responsibility rule(s) {', '.join(rules)} name it")
    tail = "; the class is left as it is" if conditions else ""
    return {"code": code, "reason": f"{what}, but " + "; ".join(reasons) + tail, "cases": cases,
            "rules": rules, "conditions": conditions}


# ---------------------------------------------------------------------- writing
def write(session: Any, preview: RefPreview, plan: Plan) -> None:
    """Store the new catalogue and update the ``categories`` rows (in the caller's transaction;
    the caller writes the history and the file record)."""
    if plan.catalogue is None:
        return
    table = Category.__table__
    for c in preview.changes:
        if c.after is None:
            continue  # retired: the row stays, closed cases still name it
        values = {"major_code": c.after["major_code"], "major_name": c.after["major_name"],
                  "name": c.after["name"], "kind": c.after["major_kind"]}
        done = session.execute(update(table).where(table.c.code == c.code).values(**values))
        if not done.rowcount:
            session.execute(insert(table).values(code=c.code, **values))
    # a renamed major class: every row of it (the file may not list them all)
    for m in plan.catalogue.majors:
        session.execute(update(table).where(table.c.major_code == m.code).values(
            major_name=m.name, kind=m.kind.value))
    put_document(session, CATALOGUE_SETTING, CATALOGUE_VERSION_SETTING, plan.catalogue.to_dict(),
                 preview.sha256)


def reload(ctx: Any) -> None:
    ctx.reload_catalogue()
