"""Writing one batch of an import: new cases column-wise, changed rows field by field.

Contracts (each function but `prepare_new` runs inside the caller's write transaction and
commits nothing)
- `prepare_new(new, ...) -> NewRows` turns a frame of new rows into the column lists written
  below, without touching the database (the importer builds the next batch while one commits).
- `insert_new(session, batch, ...)` creates one case per row of ``batch`` at version 1 with two
  events under the batch's change seq: ``report`` (None -> reported) and ``sync_import``
  (reported -> the mapped state; payload: source state, file, SHA-256, profile, source
  category), and one `sync_rows` row (hash and base values). Case ids are taken after the
  largest id (writers are serialised by the change seq the caller took); case codes come from
  the day counters in one UPDATE per day. Returns the new ids.
- `apply_changes(session, changed, ...)` writes the district's changes of existing cases: only
  fields the district changed since the last sync (``base``); a field the centre also changed is
  not written but queued in `sync_conflicts` with ours, theirs and base. A case that gets writes
  has its version and updated_seq bumped and one ``sync_update`` event. Every row's sync hash
  and base move to the new values. Returns (updated, conflicts).
- `write_quarantine(session, quarantine, ...)` stores the bad rows of a file.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy import insert, select, text, update

from commandcenter.store.models import Case, CaseEvent
from commandcenter.store.models_sync import SyncConflict, SyncQuarantine, SyncRow

from .bulk import CHUNK, bulk_insert, json_objects, py_values, sqlite_times
from .mapping import SYNC_FIELDS

SYNC_ACTOR = "district-sync"

cases_t = Case.__table__
events_t = CaseEvent.__table__
rows_t = SyncRow.__table__


def norm(value: Any) -> Any:
    """A JSON-able comparable form of a field value (None for missing)."""
    if value is None:
        return None
    if isinstance(value, float):
        return None if math.isnan(value) else round(value, 6)
    if isinstance(value, (pd.Timestamp, datetime)):
        if pd.isna(value):
            return None
        return pd.Timestamp(value).strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.floating):
        return None if np.isnan(value) else round(float(value), 6)
    return value


def _py(value: Any) -> Any:
    """Database value from a frame cell."""
    if value is None or value is pd.NaT:
        return None
    if isinstance(value, pd.Timestamp):
        return None if pd.isna(value) else value.to_pydatetime()
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, np.generic):
        return value.item()
    return value


def allocate_codes(session: Any, days: pd.Series, prefix: str) -> np.ndarray:
    """Case codes ``<prefix><yyyymmdd><6 digits>`` for each row, one counter UPDATE per day."""
    codes = np.empty(len(days), dtype=object)
    for day, idx in days.groupby(days, sort=True).groups.items():
        n = len(idx)
        name = f"case_code:{prefix}{day}"
        session.execute(text("INSERT INTO counters (name, value) VALUES (:n, 0) "
                             "ON CONFLICT (name) DO NOTHING"), {"n": name})
        last = session.execute(text("UPDATE counters SET value = value + :k WHERE name = :n "
                                    "RETURNING value"), {"k": n, "n": name}).scalar_one()
        pos = days.index.get_indexer(idx)
        codes[pos] = (f"{prefix}{day}" + pd.Series(np.arange(last - n + 1, last + 1))
                      .astype(str).str.zfill(6)).to_numpy(object)
    return codes


def _keep_codes(session: Any, wanted: list[Any]) -> np.ndarray:
    """The profile's own case codes where present and not taken yet (None elsewhere)."""
    codes = np.full(len(wanted), None, dtype=object)
    values = [c for c in wanted if c]
    taken: set[str] = set()
    for i in range(0, len(values), 900):
        taken.update(session.execute(select(cases_t.c.code).where(
            cases_t.c.code.in_(values[i:i + 900]))).scalars())
    seen: set[str] = set()
    for i, c in enumerate(wanted):
        if c and c not in taken and c not in seen:
            codes[i] = c
            seen.add(c)
    return codes


@dataclass
class NewRows:
    """A batch of new rows as driver values, built by `prepare_new` outside the write
    transaction: everything but what the database allocates (ids, codes, the change seq)."""

    n: int
    wanted: list[Any] | None  # the profile's own case codes (keep_code), else None
    days: pd.Series  # yyyymmdd of each report (the code counters)
    cases: dict[str, Any]
    events: tuple[dict[str, Any], dict[str, Any]]  # report, sync_import (n each; no at)
    rows: dict[str, Any]


def prepare_new(new: pd.DataFrame, *, src: str, profile: str, keep_code: bool, sha: str,
                fname: str, sqlite: bool) -> NewRows:
    """The rows of ``new`` as the column lists `insert_new` writes (no database access: the
    importer runs it on a thread while the previous batch commits)."""
    new = new.reset_index(drop=True)
    n = len(new)
    when = sqlite_times if sqlite else py_values
    states = new["state"].astype(str).tolist()
    ext = py_values(new["external_id"])
    reported = when(new["reported_at"])
    # payloads and bases are JSON text built column-wise (a million json.dumps calls is slow)
    report_payload: list[Any] = json_objects({
        "channel": new["channel"], "source": src, "external_id": new["external_id"]})
    import_payload: list[Any] = json_objects({
        "source_state": new["source_state"], "file": fname, "sha256": sha, "profile": profile,
        "source_category": new["source_category"]})
    bases: list[Any] = json_objects({f: new[f] for f in SYNC_FIELDS})
    shared = {"actor_id": SYNC_ACTOR, "role": "system", "unit_code": None, "reason": ""}
    if not sqlite:
        report_payload = [json.loads(t) for t in report_payload]
        import_payload = [json.loads(t) for t in import_payload]
        bases = [json.loads(t) for t in bases]
    return NewRows(
        n=n, wanted=py_values(new["code"]) if keep_code else None,
        days=new["reported_at"].dt.strftime("%Y%m%d"),
        cases={
            "source": src, "external_id": ext,
            "channel": py_values(new["channel"]), "title": py_values(new["title"]),
            "description": py_values(new["description"]),
            "address": py_values(new["address"]),
            "lon": py_values(new["lon"]), "lat": py_values(new["lat"]),
            "street_code": py_values(new["street_code"]),
            "community_code": py_values(new["community_code"]),
            "grid_code": py_values(new["grid_code"]),
            "priority": new["priority"].astype(int).tolist(), "state": states,
            "minor_code": py_values(new["minor_code"]), "lead_unit": py_values(new["lead_unit"]),
            "reported_at": reported, "closed_at": when(new["closed_at"]), "version": 1,
        },
        # report events first, then the imports: one insert each, so the values every row of
        # one shares are written once into the statement rather than bound a million times
        events=(
            {"action": "report", "from_state": None, "to_state": "reported", "at": reported,
             "payload": report_payload, **shared},
            {"action": "sync_import", "from_state": "reported", "to_state": states,
             "payload": import_payload, **shared},  # at: the batch's time (insert_new)
        ),
        rows={"source": src, "external_id": ext,
              "row_hash": new["row_hash"].astype(np.int64).tolist(), "base": bases},
    )


def insert_new(session: Any, batch: NewRows, *, seq: int, now: datetime, owner: str,
               prefix: str) -> np.ndarray:
    """Insert a prepared batch as cases (see the module contract); returns their ids."""
    n = batch.n
    if not n:
        return np.array([], dtype=np.int64)
    codes = _keep_codes(session, batch.wanted) if batch.wanted is not None else \
        np.full(n, None, dtype=object)
    need = pd.isna(pd.Series(codes)).to_numpy()
    if need.any():
        codes[need] = allocate_codes(session, batch.days[need], prefix)
    sqlite = session.get_bind().dialect.name == "sqlite"
    start = session.execute(text("SELECT COALESCE(MAX(id), 0) FROM cases")).scalar_one()
    ids = np.arange(start + 1, start + 1 + n, dtype=np.int64)
    id_list = ids.tolist()
    bulk_insert(session, cases_t, {"id": id_list, "code": codes.tolist(), **batch.cases,
                                   "owner_centre": owner, "updated_seq": seq}, n)
    if not sqlite:  # ids were given explicitly: move the id sequence past them
        session.execute(text(
            "SELECT setval(pg_get_serial_sequence('cases', 'id'), "
            "GREATEST(:v, (SELECT COALESCE(MAX(id), 1) FROM cases)))"), {"v": int(ids[-1])})
    report, imported = batch.events
    bulk_insert(session, events_t, {"case_id": id_list, "seq": seq, **report}, n)
    at_now = now.strftime("%Y-%m-%d %H:%M:%S.%f") if sqlite else now
    bulk_insert(session, events_t, {"case_id": id_list, "seq": seq, "at": at_now, **imported}, n)
    bulk_insert(session, rows_t, {**batch.rows, "case_id": id_list}, n)
    return ids


def apply_changes(session: Any, changed: pd.DataFrame, *, src: str, sha: str, fname: str,
                  seq: int, now: datetime) -> tuple[int, int]:
    """Write the district's changes field by field; queue conflicts. Returns (updated, conflicts)."""
    if not len(changed):
        return 0, 0
    updated = conflicts = 0
    cols = [cases_t.c[f] for f in SYNC_FIELDS]
    changed = changed.reset_index(drop=True)
    for start in range(0, len(changed), 900):
        part = changed.iloc[start:start + 900]
        ids = [int(i) for i in part["case_id"]]
        current = {r.id: r for r in session.execute(
            select(cases_t.c.id, cases_t.c.version, *cols).where(cases_t.c.id.in_(ids)))}
        bases = {r.case_id: r.base for r in session.execute(
            select(rows_t.c.case_id, rows_t.c.base).where(rows_t.c.source == src,
                                                          rows_t.c.case_id.in_(ids)))}
        for r in part.itertuples(index=False):
            cid = int(r.case_id)
            ours_row, base = current.get(cid), dict(bases.get(cid) or {})
            if ours_row is None:
                continue
            theirs = {f: norm(getattr(r, f)) for f in SYNC_FIELDS}
            write: dict[str, Any] = {}
            changes: dict[str, list[Any]] = {}
            for f in SYNC_FIELDS:
                if theirs[f] == base.get(f):
                    continue  # the district did not change it
                ours = norm(getattr(ours_row, f))
                if ours == theirs[f]:
                    continue
                if ours != base.get(f):
                    session.execute(insert(SyncConflict.__table__).values(
                        case_id=cid, field=f, ours=_s(ours), theirs=_s(theirs[f]),
                        base=_s(base.get(f)), file_sha256=sha, status="open",
                        created_at=now))
                    conflicts += 1
                    continue
                write[f] = _py(getattr(r, f))
                changes[f] = [ours, theirs[f]]
            session.execute(update(rows_t).where(rows_t.c.source == src,
                                                 rows_t.c.external_id == r.external_id)
                            .values(row_hash=int(r.row_hash), base=theirs))
            if not write:
                continue
            session.execute(update(cases_t).where(cases_t.c.id == cid).values(
                **write, version=cases_t.c.version + 1, updated_seq=seq))
            session.execute(insert(events_t).values(
                case_id=cid, seq=seq, action="sync_update", from_state=ours_row.state,
                to_state=write.get("state", ours_row.state), actor_id=SYNC_ACTOR, role="system",
                unit_code=None, at=now, reason="",
                payload={"changed": changes, "file": fname, "sha256": sha,
                         "source_state": _py(r.source_state)}))
            updated += 1
    return updated, conflicts


def _s(value: Any) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False)


def write_quarantine(session: Any, quarantine: pd.DataFrame, sha: str, fname: str,
                     now: datetime) -> None:
    if not len(quarantine):
        return
    recs = [{"file_sha256": sha, "file_name": fname[:255], "row_number": int(r.row_number),
             "column": str(r.column)[:64], "reason": r.reason, "detail": str(r.detail)[:500],
             "raw": r.raw, "created_at": now} for r in quarantine.itertuples(index=False)]
    for i in range(0, len(recs), CHUNK):
        session.execute(insert(SyncQuarantine.__table__), recs[i:i + CHUNK])
