"""Reference-data sync: the district's export of the organisation's units or people, of the
case categories and their filing/closing standards (``categories``: `sync.reference_catalogue`,
same contract, its own validation and refusals), of the responsibility rules (``rules``: a
JSON file in the responsibility.json format, `sync.reference_rules`), or of the grids
(``grids``: a GeoJSON in the grids.geojson format, `sync.reference_grids`: the grids table
and the stored grids layer that intake, the board's preview and the map read).

    preview = preview_reference(ctx, path)            # reads, validates, diffs; writes nothing
    result = apply_reference(ctx, path)               # the same diff, applied in ONE transaction

Contracts
- A file (CSV in any encoding `readers` accepts, or XLSX) holds units (单位编码, 单位名称,
  单位类型, 所属街道编码, 上级单位编码, 班组; English names too) or people (人员编码, 姓名, 角色,
  所属单位编码, 在岗), or categories (小类编码, 大类编码, 立案条件, 处置时限 ...; see
  `reference_catalogue`). Its kind is told by the header, or given (`KINDS`).
- Validation is all-or-nothing (reference data is small and curated): a missing or repeated
  code, a missing name, an unknown unit kind, role, street or unit (a person's unit must exist
  and not be retired, or come in the same file) lists every problem with its row number in
  ``preview.problems``; such a file is never applied (`ReferenceError`).
- The diff against the store: ``added``, ``changed`` (fields with old and new values),
  ``retired`` (a record missing from a FULL export, ``full=True``, the default; a partial file
  retires nothing), ``reactivated`` (a retired record back in the file); everything else is
  unchanged.
- Retiring a unit the responsibility rules name (target or owner) is said in ``notes``:
  routing skips those rules until a rules file replaces them (not refused: a reorganisation
  usually reaches the units before the district's new rules).
- Cases are never orphaned: retiring a unit is REFUSED (listed in ``preview.refused`` with the
  reason; the unit stays as it is while the rest of the file applies) when open cases are led by
  it, active people still belong to it, units below it stay, or it is this centre. Retiring a
  person sets ``people.active`` false; open grid assignments are reported in ``notes``.
- Retired units keep their row (closed cases and history still name them); the retirement is the
  latest ``sync_reference_changes`` row of the unit (`retired_units`).
- `apply_reference` writes the changes, one ``sync_reference_changes`` row per change (values
  before and after) and the ``sync_files`` record (the same file is never applied twice) in one
  transaction, checks that the organisation still loads (else rolls back with `ReferenceError`),
  then reloads ``ctx.organisation`` (``ctx.reload_catalogue()`` for categories,
  ``ctx.reload_rules()`` for rules; grids reload the organisation too).
  ``on_applied(session, preview)`` runs inside the transaction (the service writes its audit
  entry there). Two applications never interleave: each diffs against what the previous one
  committed (on PostgreSQL an advisory lock, on SQLite the write transaction).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd
from sqlalchemy import func, insert, select, update

from commandcenter.domain.org import OrgError
from commandcenter.domain.vocabulary import TERMINAL_STATES, Role, UnitKind
from commandcenter.store.models import Case, GridAssignment, Person, Street, Unit
from commandcenter.store.models_sync import SyncFile, SyncReferenceChange

from . import reference_catalogue as catalogue_sync
from . import reference_grids as grids_sync
from . import reference_rules as rules_sync
from .readers import StructuralError, file_sha256, read_document, read_table
from .reference_model import (
    FALSE,
    TRUE,
    RefChange,
    ReferenceError,
    RefPreview,
    found_columns,
    latest_retired,
    text,
)

__all__ = ["KINDS", "RefChange", "RefPreview", "ReferenceError", "apply_reference",
           "preview_reference", "retired_units"]

COLUMNS: dict[str, dict[str, tuple[str, ...]]] = {
    "units": {
        "code": ("单位编码", "unit_code", "code"),
        "name": ("单位名称", "unit_name", "name"),
        "kind": ("单位类型", "unit_kind", "kind"),
        "street_code": ("所属街道编码", "街道编码", "street_code"),
        "parent_code": ("上级单位编码", "parent_code"),
        "team": ("班组", "routing_team", "team"),
    },
    "people": {
        "code": ("人员编码", "person_code", "code"),
        "name": ("姓名", "person_name", "name"),
        "role": ("角色", "role"),
        "unit_code": ("所属单位编码", "单位编码", "unit_code"),
        "active": ("在岗", "active"),
    },
}
FIELDS = {"units": ("name", "kind", "street_code", "parent_code", "team"),
          "people": ("name", "role", "unit_code", "active")}
LIMITS = {"code": 32, "name": 96, "team": 24, "street_code": 12, "parent_code": 32,
          "unit_code": 32}
UNIT_KINDS = {**{k.value: k.value for k in UnitKind}, "区指挥中心": "district_centre",
              "街道指挥中心": "street_centre", "街道科室": "street_team",
              "街道综合执法队": "enforcement_team", "社区": "community",
              "区级职能部门": "department", "职能部门": "department", "公共事业单位": "enterprise"}
ROLES = {**{r.value: r.value for r in Role}, "受理员": "intake_operator",
         "值班长": "shift_leader", "派遣员": "dispatcher", "处置单位": "handling_unit",
         "处置人员": "handling_unit", "网格员": "grid_worker", "回访员": "callback_operator",
         "督查考核": "supervisor", "督查员": "supervisor", "管理员": "admin", "只读": "viewer"}
PROFILE = "reference:{kind}"
# Kinds with a module of their own: it validates and diffs (``build``), ``write``s and
# ``reload``s the context; ``ORGANISATION``: the organisation must still load after it.
# Rules and grids files are JSON documents (``JSON_KINDS``), the others tables.
KIND_MODULES = {m.KIND: m for m in (catalogue_sync, rules_sync, grids_sync)}
JSON_KINDS = (rules_sync, grids_sync)
HISTORY_KIND = {"units": "unit", "people": "person",
                **{k: m.HISTORY for k, m in KIND_MODULES.items()}}
KINDS = ("units", "people", catalogue_sync.KIND, rules_sync.KIND, grids_sync.KIND)
# Transaction-scoped advisory lock serialising applications on PostgreSQL ("cc_ref"); SQLite's
# write transaction (BEGIN IMMEDIATE) already does.
_PG_REFERENCE_LOCK = 0x63635F726566


def _kind_of(frame: pd.DataFrame, kind: str | None) -> str:
    """The file's kind: given, else told by its header (a role column: people; a minor- or
    major-class column: categories; else units)."""
    if kind is not None:
        return kind
    if {"role", "code"} <= set(found_columns(frame, COLUMNS["people"])):
        return "people"
    if catalogue_sync.looks_like(frame):
        return catalogue_sync.KIND
    return "units"


def _resolve(frame: pd.DataFrame, kind: str) -> dict[str, str]:
    cols = found_columns(frame, COLUMNS[kind])
    missing = [t for t in ("code", "name") if t not in cols]
    if missing:
        raise StructuralError(f"no usable header for {kind}: no column for "
                              + "; ".join(" / ".join(COLUMNS[kind][t]) for t in missing))
    return cols


def retired_units(session: Any) -> set[str]:
    """Units whose latest reference change is a retirement."""
    return latest_retired(session, "unit")


def _current(session: Any, kind: str) -> dict[str, dict[str, Any]]:
    if kind == "units":
        rows = session.execute(select(Unit.code, Unit.name, Unit.kind, Unit.street_code,
                                      Unit.parent_code, Unit.team)).mappings()
        return {r["code"]: {f: r[f] for f in FIELDS["units"]} for r in rows}
    rows = session.execute(select(Person.code, Person.name, Person.role, Person.unit_code,
                                  Person.active)).mappings()
    return {r["code"]: {**{f: r[f] for f in FIELDS["people"]}, "active": bool(r["active"])}
            for r in rows}


def _read(frame: pd.DataFrame, session: Any, retired: set[str],
          preview: RefPreview) -> tuple[dict[str, dict[str, Any]], dict[str, dict[str, Any]]]:
    """(the file's records, the stored records) by code in our values; problems are appended
    to ``preview``.

    A column the file does not have keeps the stored value of an existing record (a person
    listed without an active column is active)."""
    kind = preview.kind
    cols = _resolve(frame, kind)
    preview.total = len(frame)
    current = _current(session, kind)
    streets = set(session.execute(select(Street.code)).scalars())
    units = set(session.execute(select(Unit.code)).scalars()) - retired
    records: dict[str, dict[str, Any]] = {}
    problems = preview.problems
    file_units = set(frame[cols["code"]].map(text).dropna()) if kind == "units" else set()
    for i, raw in enumerate(frame.to_dict("records")):
        row_no = i + 2
        rec = {t: text(raw.get(c)) for t, c in cols.items()}
        code = rec["code"]
        if code is not None and code in current:
            rec = {**current[code], **rec}
        if kind == "people":  # listed means active unless the file says otherwise
            rec["active"] = text(raw.get(cols["active"])) if "active" in cols else None
        if code is None:
            problems.append(f"row {row_no}: no code")
            continue
        if code in records:
            problems.append(f"row {row_no}: code {code} repeated")
            continue
        if rec["name"] is None:
            problems.append(f"row {row_no}: {code} has no name")
        for key, size in LIMITS.items():
            if rec.get(key) and len(rec[key]) > size:
                problems.append(f"row {row_no}: {key} longer than {size} characters")
        if kind == "units":
            value = UNIT_KINDS.get((rec.get("kind") or "").casefold())
            if value is None:
                problems.append(f"row {row_no}: {code} has unknown unit kind {rec.get('kind')!r}")
            rec["kind"] = value
            if rec.get("street_code") and rec["street_code"] not in streets:
                problems.append(f"row {row_no}: {code} names unknown street "
                                f"{rec['street_code']}")
            parent = rec.get("parent_code")
            if parent and parent not in units and parent not in file_units:
                problems.append(f"row {row_no}: {code} names unknown parent unit {parent}")
        else:
            value = ROLES.get((rec.get("role") or "").casefold())
            if value is None:
                problems.append(f"row {row_no}: {code} has unknown role {rec.get('role')!r}")
            rec["role"] = value
            active = (rec.get("active") or "1").casefold()
            if active not in TRUE | FALSE:
                problems.append(f"row {row_no}: {code} has unreadable active flag {active!r}")
            rec["active"] = active in TRUE
            if rec.get("unit_code") and rec["unit_code"] not in units:
                problems.append(f"row {row_no}: {code} names unknown or retired unit "
                                f"{rec['unit_code']}")
        records[code] = {f: rec.get(f) for f in FIELDS[kind]}
    return records, current


def _open_cases(session: Any, code: str) -> int:
    return session.execute(select(func.count()).select_from(Case).where(
        Case.lead_unit == code, Case.state.not_in([s.value for s in TERMINAL_STATES]))
    ).scalar_one()


def _diff(session: Any, centre: str, preview: RefPreview, records: dict[str, dict[str, Any]],
          current: dict[str, dict[str, Any]], retired: set[str], rules: Any = ()) -> None:
    kind = preview.kind
    for code, after in records.items():
        before = current.get(code)
        if before is None:
            preview.changes.append(RefChange(code, "added", None, after))
        elif (code in retired) if kind == "units" else (after["active"] and not before["active"]):
            preview.changes.append(RefChange(code, "reactivated", before, after))
        elif before != after:
            preview.changes.append(RefChange(code, "changed", before, after))
        else:
            preview.unchanged += 1
    if not preview.full:
        return
    gone = sorted(c for c in current if c not in records)
    if kind == "people":
        for code in gone:
            if current[code]["active"]:
                preview.changes.append(RefChange(code, "retired", current[code],
                                                 {**current[code], "active": False}))
                grids = session.execute(select(func.count()).select_from(GridAssignment).where(
                    GridAssignment.person_code == code, GridAssignment.valid_to.is_(None))
                ).scalar_one()
                if grids:
                    preview.notes.append(f"{code} still has {grids} open grid assignment(s)")
        return
    leaving = {c for c in gone if c not in retired}
    for code in sorted(leaving):
        reasons = []
        if code == centre:
            reasons.append("it is this command centre")
        n = _open_cases(session, code)
        if n:
            reasons.append(f"{n} open case(s) are led by it")
        people = session.execute(select(func.count()).select_from(Person).where(
            Person.unit_code == code, Person.active.is_(True))).scalar_one()
        if people:
            reasons.append(f"{people} active people belong to it")
        children = [c for c, v in current.items() if v["parent_code"] == code
                    and c not in leaving and c not in retired]
        children += [c for c, v in records.items() if v["parent_code"] == code]
        if children:
            reasons.append(f"units below it stay ({', '.join(sorted(set(children))[:5])})")
        if reasons:  # the text for the CLI, the figures for a translated GUI
            preview.refused.append({"code": code, "reason": "; ".join(reasons),
                                    "centre": code == centre, "open_cases": n,
                                    "people": people, "children": sorted(set(children))})
            continue
        preview.changes.append(RefChange(code, "retired", current[code], None))
        named = sorted(r.id for r in rules if code in (r.target, r.owner))
        if named:  # said, not refused: a reorganisation comes before the district's new rules
            preview.notes.append(f"{code}: responsibility rule(s) {', '.join(named)} name it; "
                                 "routing skips them until a rules file replaces them")


def _new_preview(path: Path, kind: str | None, full: bool) -> RefPreview:
    return RefPreview(kind=kind or "", file=path.name, sha256=file_sha256(path), total=0,
                      full=full)


def preview_reference(ctx: Any, path: Path | str, kind: str | None = None, *,
                      full: bool = True) -> RefPreview:
    """Read, validate and diff ``path`` against the store; writes nothing."""
    path = Path(path)
    preview = _new_preview(path, kind, full)
    with ctx.unit_of_work() as uow:
        _build(ctx, uow, path, kind, preview)
    return preview


def _build(ctx: Any, uow: Any, path: Path, kind: str | None, preview: RefPreview) -> Any:
    """Fill ``preview``; returns what the kind's writer needs (the categories' new catalogue,
    the new rule set, the grids' new layer)."""
    if kind is not None and kind not in KINDS:
        raise StructuralError(f"unknown reference kind {kind!r} ({', '.join(KINDS)})")
    if kind is None or kind in {m.KIND for m in JSON_KINDS}:
        document = read_document(path)
        for module in JSON_KINDS:
            if kind == module.KIND or (kind is None and module.looks_like(document)):
                preview.kind = module.KIND
                return module.build(ctx, uow, document, preview)
    frame = read_table(path).frame
    preview.kind = _kind_of(frame, kind)
    if preview.kind == catalogue_sync.KIND:
        return catalogue_sync.build(ctx, uow.session, frame, preview)
    retired = retired_units(uow.session)
    records, current = _read(frame, uow.session, retired, preview)
    if not preview.problems:
        rules = ctx.current_rules(uow.session).rules if preview.kind == "units" else ()
        _diff(uow.session, ctx.default_centre(uow), preview, records, current, retired, rules)
    return None


def _write_organisation(s: Any, preview: RefPreview) -> None:
    table = Unit.__table__ if preview.kind == "units" else Person.__table__
    for c in preview.changes:
        if c.action == "added":
            s.execute(insert(table).values(code=c.code, **(c.after or {})))
        elif c.action in ("changed", "reactivated") or (
                c.action == "retired" and preview.kind == "people"):
            s.execute(update(table).where(table.c.code == c.code).values(**(c.after or {})))


def _same_changes(a: RefPreview, b: RefPreview) -> bool:
    def key(p: RefPreview) -> list[tuple[Any, ...]]:
        return [(c.code, c.action, c.before, c.after) for c in p.changes]

    return key(a) == key(b)  # the file's SHA is compared before the transaction


def apply_reference(ctx: Any, path: Path | str, kind: str | None = None, *, full: bool = True,
                    on_applied: Callable[[Any, RefPreview], None] | None = None,
                    expected: RefPreview | None = None) -> RefPreview:
    """Apply ``path`` (see the module contract); returns the applied preview. With
    ``expected`` (the preview the user confirmed), nothing is applied unless the file and the
    changes are still exactly those (`ReferenceError` otherwise: the file was replaced or the
    store changed since the preview)."""
    path = Path(path)
    preview = _new_preview(path, kind, full)
    if expected is not None and expected.sha256 != preview.sha256:
        raise ReferenceError(f"{path.name} changed on disk since the preview; nothing was "
                             "applied: preview it again")
    now = ctx.now()
    with ctx.unit_of_work(write=True) as uow:
        s = uow.session
        if s.get_bind().dialect.name == "postgresql":  # diff against what the last one left
            s.execute(select(func.pg_advisory_xact_lock(_PG_REFERENCE_LOCK)))
        if s.execute(select(SyncFile.id).where(SyncFile.sha256 == preview.sha256)).first():
            preview.status = "already_applied"
            return preview
        plan = _build(ctx, uow, path, kind, preview)
        if preview.problems:
            raise ReferenceError(f"{path.name}: {len(preview.problems)} problem(s); nothing "
                                 "was applied", preview.problems)
        if expected is not None and not _same_changes(preview, expected):
            raise ReferenceError(f"{path.name}: the changes are no longer those previewed "
                                 "(the store changed meanwhile); nothing was applied: preview "
                                 "it again")
        module = KIND_MODULES.get(preview.kind)
        if module is not None:
            module.write(s, preview, plan)
        else:
            _write_organisation(s, preview)
        for c in preview.changes:
            s.execute(insert(SyncReferenceChange.__table__).values(
                file_sha256=preview.sha256, file_name=path.name[:255], applied_at=now,
                kind=HISTORY_KIND[preview.kind], code=c.code,
                action=c.action, before=c.before, after=c.after))
        s.execute(insert(SyncFile.__table__).values(
            sha256=preview.sha256, name=path.name[:255], source="district",
            profile=PROFILE.format(kind=preview.kind), applied_at=now, counts=preview.counts()))
        if module is None or module.ORGANISATION:
            try:
                uow.org.load_organisation(now.date())
            except OrgError as exc:
                raise ReferenceError(f"{path.name}: the organisation would be inconsistent; "
                                     "nothing was applied", exc.problems) from None
        if on_applied is not None:
            on_applied(s, preview)
    preview.status = "applied"
    if module is not None:
        module.reload(ctx)
    else:
        ctx.reload_organisation()
    return preview
