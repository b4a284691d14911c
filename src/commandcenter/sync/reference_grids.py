"""Reference-data sync of the grids (网格): the district's grids GeoJSON updates the ``grids``
table's attributes and the grids layer (the boundaries) the database keeps.

Called by `sync.reference` (``kind="grids"``), which reads the file, records the history and
the file, checks that the organisation still loads and runs everything in one transaction;
this module validates, diffs and writes. The file's format and how its boundaries are read:
`reference_grids_file`.

Contracts
- The file is a GeoJSON FeatureCollection (the shipped ``grids.geojson`` format): one feature
  per grid, its properties (`PROPERTIES`: English or Chinese keys) code, name, layer
  (comprehensive / dedicated, 综合网格 / 专属网格), site_kind (dedicated grids only),
  community_code, street_code, area_class (A/B/C), area_km2, valid_from (a new grid's, default
  the day it is applied), valid_to (a retirement date). A property the file does not give
  keeps the stored value of an existing grid.
- Validation is all-or-nothing, every problem named by the feature's position and code: a
  missing or repeated code, a code that is not the community code + 3 digits, a missing name
  of a new grid, an unknown layer, site kind, area class, street or community (or a community
  of another street), an unreadable date or area; the boundaries are read like the map's
  layers (`geo.layers`: GCJ-02 / BD-09 declared coordinates converted, WGS84 where nothing is
  declared, polygons only), a refusal there is one problem naming the feature.
- The diff is per grid code, on ``name, layer, site_kind, community_code, street_code,
  area_class, area_km2, valid_to`` and, when the feature has a geometry, its centroid
  (``centroid_lon/lat`` in WGS84, rounded to 6 decimals as the demo seed computes them; a
  move under about a metre, `CENTROID_TOLERANCE`, is no change).
- Retirement: a grid is never deleted. A full file (the default) retires an open grid it no
  longer lists (``valid_to`` = the day it is applied); a feature with a ``valid_to`` retires
  its grid on that day. Retiring is REFUSED (``refused``: code, reason, ``grid_cases``) while
  open cases are in the grid; open grid assignments are reported in ``notes``. A retired grid
  listed open again is ``reactivated`` (``valid_to`` cleared).
- Boundaries: the resulting grids layer (the shipped grids.geojson format, WGS84, retired
  grids kept with their ``valid_to``) is stored in the ``settings`` row
  `store.reference.GRIDS_SETTING` with its version (the file's SHA-256) beside it;
  `AppContext.grid_layer` / `current_grid_layer` read it (else the shipped layer). A boundary
  is diffed as ``boundary`` (its points and a digest; within ~0.1 m of the stored polygon it
  is no change); a new grid needs one. A file that changes nothing stores nothing.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import func, insert, select, update

from commandcenter.domain.vocabulary import TERMINAL_STATES, AreaClass
from commandcenter.store.models import Case, Community, Grid, GridAssignment, Street
from commandcenter.store.reference import (
    GRIDS_SETTING,
    GRIDS_VERSION_SETTING,
    put_document,
    stored_document,
)

from .readers import StructuralError
from .reference_grids_file import (
    LAYERS,
    MISSING,
    SITE_KINDS,
    boundaries,
    centroid,
    fingerprint,
    looks_like,
    parse_date,
    prop,
)
from .reference_model import RefChange, RefPreview

__all__ = ["FIELDS", "HISTORY", "KIND", "ORGANISATION", "Plan", "build", "looks_like",
           "reload", "write"]

KIND = "grids"
HISTORY = "grid"  # sync_reference_changes.kind
ORGANISATION = True  # the organisation must still load after the change
# the file's properties that are diffed and kept in the stored layer; the centroid is computed
PROPERTIES = ("name", "layer", "site_kind", "community_code", "street_code", "area_class",
              "area_km2", "valid_to")
FIELDS = (*PROPERTIES, "centroid_lon", "centroid_lat")  # the grids table's synced columns
LIMITS = {"name": 96}  # as the other reference kinds: the column sizes
CENTROID_TOLERANCE = 1e-5  # degrees, about a metre
_CODE = re.compile(r"^\d{15}$")


@dataclass
class Plan:
    """What `write` needs beside the changes: new grids' valid_from, the file's boundaries and
    the resulting grids layer document (None when nothing changes)."""

    valid_from: dict[str, date] = field(default_factory=dict)
    boundaries: dict[str, Any] = field(default_factory=dict)
    document: dict[str, Any] | None = None


def _current(session: Any) -> dict[str, dict[str, Any]]:
    t = Grid.__table__
    rows = session.execute(select(t.c.code, *(t.c[f] for f in FIELDS))).mappings()
    return {r["code"]: {f: (r[f].isoformat() if f == "valid_to" and r[f] else r[f])
                        for f in FIELDS} for r in rows}


def _stored_boundaries(base: dict[str, Any], codes: set[str]) -> dict[str, Any]:
    """The boundaries the grids layer ``base`` (`_base_document`) has for ``codes``."""
    import shapely.geometry

    out = {}
    for f in base["features"]:
        code = (f.get("properties") or {}).get("code")
        if code in codes and f.get("geometry") is not None:
            out[code] = shapely.geometry.shape(f["geometry"])
    return out


def _base_document(session: Any) -> dict[str, Any]:
    """The grids layer document the database holds, else the shipped grids.geojson."""
    import json

    from commandcenter.resources import resource_path

    stored = stored_document(session, GRIDS_SETTING)
    if stored is not None:
        return stored
    return json.loads(resource_path("geo", "grids.geojson").read_text(encoding="utf-8"))


def _same_point(point: tuple[float, float], before: dict[str, Any] | None) -> bool:
    """Within about a metre of the stored centroid: not a change (a datum conversion's or a
    re-export's rounding must not show as one)."""
    if before is None or before.get("centroid_lon") is None or before.get("centroid_lat") is None:
        return False
    return (abs(point[0] - before["centroid_lon"]) < CENTROID_TOLERANCE
            and abs(point[1] - before["centroid_lat"]) < CENTROID_TOLERANCE)


def _read(features: list[Any], current: dict[str, dict[str, Any]], streets: set[str],
          communities: dict[str, str], shapes: dict[str, Any],
          stored: dict[str, Any], preview: RefPreview, plan: Plan, today: date
          ) -> dict[str, dict[str, Any]]:
    """The file's grids by code (stored values completed by the file's properties)."""
    problems = preview.problems
    records: dict[str, dict[str, Any]] = {}
    for i, feature in enumerate(features, start=1):
        props = feature.get("properties") if isinstance(feature, dict) else None
        if not isinstance(props, dict):
            problems.append(f"feature {i}: not a GeoJSON feature with properties")
            continue
        code = prop(props, "code")
        code = None if code is MISSING or code is None else str(code).strip()
        where = f"feature {i} ({code})"
        if not code:
            problems.append(f"feature {i}: no grid code")
            continue
        if code in records:
            problems.append(f"{where}: grid code repeated")
            continue
        before = current.get(code)
        rec: dict[str, Any] = dict(before) if before else dict.fromkeys(FIELDS)
        if before is not None and before["valid_to"] is not None:
            rec["valid_to"] = None  # listed again: open unless the file says otherwise
        ok = True
        for key in PROPERTIES:
            value = prop(props, key)
            if value is MISSING:
                continue
            if key == "layer":
                value = LAYERS.get(str(value).casefold()) if value is not None else None
                if value is None:
                    problems.append(f"{where}: unknown layer {prop(props, key)!r} "
                                    "(comprehensive/dedicated, 综合网格/专属网格)")
                    ok = False
            elif key == "site_kind" and value is not None:
                value = SITE_KINDS.get(str(value).casefold())
                if value is None:
                    problems.append(f"{where}: unknown site kind {prop(props, key)!r}")
                    ok = False
            elif key == "area_class":
                value = str(value).upper() if value is not None else None
                if value not in {a.value for a in AreaClass}:
                    problems.append(f"{where}: unknown area class {prop(props, key)!r} "
                                    "(A, B or C)")
                    ok = False
            elif key == "area_km2" and value is not None:
                try:
                    value = float(value)
                    if not math.isfinite(value) or value < 0:
                        raise ValueError
                except (TypeError, ValueError):
                    problems.append(f"{where}: unreadable area {prop(props, key)!r}")
                    ok = False
            elif key == "valid_to" and value is not None:
                try:
                    value = parse_date(value).isoformat()
                except ValueError:
                    problems.append(f"{where}: unreadable valid_to {value!r}")
                    ok = False
            elif key in ("name", "community_code", "street_code") and value is not None:
                value = str(value)
            rec[key] = value
        if before is None:
            start = prop(props, "valid_from")
            try:
                plan.valid_from[code] = today if start in (None, MISSING) else parse_date(start)
            except ValueError:
                problems.append(f"{where}: unreadable valid_from {start!r}")
                ok = False
        if code in shapes:
            point = centroid(shapes[code])
            if not _same_point(point, before):
                rec["centroid_lon"], rec["centroid_lat"] = point
            old = stored.get(code)
            if before is not None:  # a boundary within ~0.1 m of the stored one is no change
                before["boundary"] = fingerprint(old) if old is not None else None
                # normalised: a ring started at another vertex or wound the other way is the
                # same boundary
                same = old is not None and old.normalize().equals_exact(
                    shapes[code].normalize(), 1e-6)
                rec["boundary"] = before["boundary"] if same else fingerprint(shapes[code])
            else:
                rec["boundary"] = fingerprint(shapes[code])
        elif before is None:
            problems.append(f"{where}: a new grid needs a boundary (a polygon geometry)")
            ok = False
        if not ok:
            continue
        if not _CODE.match(code):
            problems.append(f"{where}: a grid code is the community code + 3 digits (15 digits)")
        for key, label in (("name", "name"), ("layer", "layer"),
                           ("community_code", "community"), ("street_code", "street")):
            if not rec.get(key):
                problems.append(f"{where}: no {label}")
        if rec.get("name") and len(rec["name"]) > LIMITS["name"]:
            problems.append(f"{where}: name longer than {LIMITS['name']} characters")
        rec["area_class"] = rec.get("area_class") or "B"
        street, community = rec.get("street_code"), rec.get("community_code")
        if street and street not in streets:
            problems.append(f"{where}: unknown street {street}")
        if community and community not in communities:
            problems.append(f"{where}: unknown community {community}")
        elif community and street and communities[community] != street:
            problems.append(f"{where}: community {community} is not in street {street}")
        if community and _CODE.match(code) and not code.startswith(community):
            problems.append(f"{where}: code does not start with its community code {community}")
        if rec.get("layer") == "dedicated" and not rec.get("site_kind"):
            problems.append(f"{where}: a dedicated grid needs a site kind")
        if rec.get("layer") == "comprehensive" and rec.get("site_kind"):
            problems.append(f"{where}: a comprehensive grid has no site kind")
        records[code] = rec
    return records


def _open_cases(session: Any, codes: list[str]) -> dict[str, int]:
    if not codes:
        return {}
    rows = session.execute(select(Case.grid_code, func.count()).where(
        Case.grid_code.in_(codes), Case.state.not_in([s.value for s in TERMINAL_STATES]))
        .group_by(Case.grid_code)).all()
    return dict(rows)


def _open_assignments(session: Any, codes: list[str]) -> dict[str, int]:
    if not codes:
        return {}
    rows = session.execute(select(GridAssignment.grid_code, func.count()).where(
        GridAssignment.grid_code.in_(codes), GridAssignment.valid_to.is_(None))
        .group_by(GridAssignment.grid_code)).all()
    return dict(rows)


def build(ctx: Any, uow: Any, document: Any, preview: RefPreview) -> Plan:
    """Validate and diff a grids GeoJSON into ``preview``; nothing is written."""
    if not looks_like(document):
        raise StructuralError("not a grids file: expected a GeoJSON FeatureCollection whose "
                              "features carry a grid code (the grids.geojson format)")
    session = uow.session
    features = document["features"]
    preview.total = len(features)
    plan = Plan()
    today = ctx.now().date()
    current = _current(session)
    streets = set(session.execute(select(Street.code)).scalars())
    communities = dict(session.execute(select(Community.code, Community.street_code)).all())
    shapes = boundaries(document, preview.file, preview.problems)
    base = _base_document(session)  # parsed once: the stored layer or the shipped file
    stored = _stored_boundaries(base, set(shapes) & set(current))
    records = _read(features, current, streets, communities, shapes, stored, preview,
                    plan, today)
    starts = dict(session.execute(select(Grid.code, Grid.valid_from)).all())
    for code, rec in records.items():
        begins = plan.valid_from.get(code) or starts.get(code)
        if rec["valid_to"] is not None and begins is not None \
                and rec["valid_to"] < begins.isoformat():
            preview.problems.append(f"grid {code}: valid_to {rec['valid_to']} is before its "
                                    f"valid_from {begins.isoformat()}")
    if preview.problems:
        return plan

    if preview.full:  # an open grid the file no longer lists is retired today
        for code in sorted(c for c, v in current.items()
                           if c not in records and v["valid_to"] is None):
            records[code] = {**current[code], "valid_to": today.isoformat()}
    # A grid is retiring when it gets an end date or an earlier one than it had (a date set
    # ahead and brought forward by a later file is a retirement too): never with open cases.
    retiring = [c for c, r in records.items() if c in current and r["valid_to"] is not None
                and (current[c]["valid_to"] is None or r["valid_to"] < current[c]["valid_to"])]
    cases = _open_cases(session, retiring)
    assignments = _open_assignments(session, retiring)
    for code, after in records.items():
        before = current.get(code)
        if before is None:
            preview.changes.append(RefChange(code, "added", None, after))
        elif code in retiring:
            if cases.get(code):
                preview.refused.append({
                    "code": code, "grid_cases": cases[code],
                    "reason": f"{cases[code]} open case(s) are in this grid"})
                continue
            if assignments.get(code):
                preview.notes.append(f"{code} still has {assignments[code]} open grid "
                                     "assignment(s)")
            preview.changes.append(RefChange(code, "retired", before, after))
        elif before["valid_to"] is not None and after["valid_to"] is None:
            preview.changes.append(RefChange(code, "reactivated", before, after))
        elif before != after:
            preview.changes.append(RefChange(code, "changed", before, after))
        else:
            preview.unchanged += 1
    if preview.changes:
        plan.boundaries = shapes
        plan.document = _new_document(base, preview, plan)
    return plan


def _new_document(base: dict[str, Any], preview: RefPreview, plan: Plan) -> dict[str, Any]:
    """The grids layer after the changes: ``base`` (the stored or the shipped layer) with the
    changed grids' properties and the file's boundaries (WGS84), new grids added."""
    import json

    import shapely

    features = {(f.get("properties") or {}).get("code"): f for f in base["features"]}
    for c in preview.changes:
        feature = features.get(c.code)
        if feature is None:
            feature = features[c.code] = {"type": "Feature", "geometry": None, "properties": {
                "code": c.code, "valid_from": plan.valid_from[c.code].isoformat()}}
        props = dict(feature.get("properties") or {})
        props.update({k: (c.after or {}).get(k) for k in PROPERTIES})
        if props.get("valid_to") is None:
            props.pop("valid_to", None)
        feature = features[c.code] = {**feature, "properties": props}
        if c.code in plan.boundaries:
            feature["geometry"] = json.loads(shapely.to_geojson(plan.boundaries[c.code]))
    head = {k: v for k, v in base.items() if k not in ("features", "datum", "crs")}
    return {**head, "type": "FeatureCollection", "name": "grids", "datum": "WGS84",
            "features": list(features.values())}


def write(session: Any, preview: RefPreview, plan: Plan) -> None:
    """Insert and update the ``grids`` rows and store the new grids layer (in the caller's
    transaction)."""
    table = Grid.__table__
    for c in preview.changes:
        values = {k: v for k, v in (c.after or {}).items() if k in FIELDS}
        values["valid_to"] = parse_date(values["valid_to"]) if values.get("valid_to") else None
        if c.action == "added":
            session.execute(insert(table).values(code=c.code, valid_from=plan.valid_from[c.code],
                                                 **values))
        else:
            session.execute(update(table).where(table.c.code == c.code).values(**values))
    if plan.document is not None:
        put_document(session, GRIDS_SETTING, GRIDS_VERSION_SETTING, plan.document,
                     preview.sha256)


def reload(ctx: Any) -> None:
    ctx.reload_organisation()
    ctx.reload_grid_layer()
