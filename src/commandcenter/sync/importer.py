"""Import one district export file: idempotent, atomic, with quarantine, conflicts, duplicates.

    result = import_file(ctx, path, profile="la311", progress=fn)

Contracts
- The file is identified by SHA-256. A file already in ``sync_files`` is not applied again
  (result status ``already_applied``, nothing written) unless ``force=True``, which re-reads it
  row by row (still writing nothing for unchanged rows).
- Everything a file changes (cases, events, sync rows, quarantine, conflicts, duplicate
  suggestions, the ``sync_files`` record) is written in ONE transaction: a crash, SIGKILL or
  cancel at any moment leaves the store as it was, and the next run applies the file exactly once.
- Rows are matched by (source, external id). A new row creates a case at version 1 with two
  events under one change seq: ``report`` (None -> reported) and ``sync_import`` (reported ->
  the mapped state, payload: the source state, file, profile). An unchanged row (same hash of
  the mapped values) writes nothing. A changed row updates only the fields the district changed
  and bumps version/updated_seq with one ``sync_update`` event (payload ``changed``: field ->
  [old, new]); a field the centre also changed since the last sync (ours != last synced value)
  is not written but queued in ``sync_conflicts`` with ours, theirs and base.
- Structural problems raise `readers.StructuralError` before anything is written.
- ``progress(done, total, stage)`` may raise (e.g. the GUI's Cancelled): the transaction rolls
  back and the exception propagates.
"""

from __future__ import annotations

import itertools
import json
import math
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy import JSON, insert, select, text, update

from commandcenter.store.models import Case, CaseEvent, Community, Grid, Street
from commandcenter.store.models_sync import (
    SyncConflict,
    SyncFile,
    SyncQuarantine,
    SyncRow,
)
from commandcenter.store.repository import DEFAULT_CODE_PREFIX
from commandcenter.store.seq import next_change_seq

from .duplicates import suggest_duplicates
from .mapping import SYNC_FIELDS, Mapped, map_table
from .profiles import Profile, detect_profile, load_profiles
from .readers import StructuralError, file_sha256, read_table

Progress = Callable[[int, int, str], None]
SYNC_ACTOR = "district-sync"
CHUNK = 20000
SLICE = 100_000  # new rows turned into Python rows at a time

cases_t = Case.__table__
events_t = CaseEvent.__table__
rows_t = SyncRow.__table__


@dataclass
class ImportResult:
    file: str
    sha256: str
    status: str = "applied"  # applied | already_applied | rejected
    profile: str = ""
    source: str = ""
    total: int = 0
    imported: int = 0
    updated: int = 0
    unchanged: int = 0
    quarantined: int = 0
    conflicts: int = 0
    duplicates: int = 0
    reasons: dict[str, int] = field(default_factory=dict)
    duration_s: float = 0.0
    message: str = ""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _noop(done: int, total: int, stage: str) -> None:
    pass


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
    if isinstance(value, (np.integer,)):
        return int(value)
    if isinstance(value, (np.floating,)):
        return None if np.isnan(value) else round(float(value), 6)
    return value


def _py(value: Any) -> Any:
    """Database value from a frame cell."""
    if value is None:
        return None
    if isinstance(value, pd.Timestamp):
        return None if pd.isna(value) else value.to_pydatetime()
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, np.generic):
        return value.item()
    if value is pd.NaT:
        return None
    return value


def resolve_profile(raw_columns: list[str], profile: str | Profile | None,
                    config_dir: Path | None = None) -> Profile:
    if isinstance(profile, Profile):
        return profile
    profiles = load_profiles(config_dir)
    if profile:
        if profile not in profiles:
            raise StructuralError(f"unknown mapping profile {profile!r} "
                                  f"(known: {', '.join(sorted(profiles))})")
        return profiles[profile]
    found = detect_profile(raw_columns, profiles)
    if found is None:
        raise StructuralError("no mapping profile recognises this file's header; "
                              "choose one with --profile")
    return found


def known_codes(ctx: Any) -> dict[str, set[str]]:
    with ctx.unit_of_work() as uow:
        s = uow.session
        return {
            "street_code": set(s.execute(select(Street.code)).scalars()),
            "community_code": set(s.execute(select(Community.code)).scalars()),
            "grid_code": set(s.execute(select(Grid.code)).scalars()),
        }


def minor_codes(ctx: Any) -> set[str]:
    return {m.code for m in ctx.catalogue.minors}


def prepare(ctx: Any, path: Path, profile: str | Profile | None = None, *,
            limit: int | None = None, config_dir: Path | None = None) -> tuple[Profile, Mapped]:
    """Read and map a file without writing (the GUI's preview uses this too)."""
    raw = read_table(path, limit)
    prof = resolve_profile(list(raw.frame.columns), profile, config_dir)
    return prof, map_table(raw, prof, known_codes(ctx), minor_codes(ctx))


def row_hashes(rows: pd.DataFrame) -> np.ndarray:
    cols = ["external_id", *SYNC_FIELDS, "channel", "street_code", "community_code",
            "grid_code", "lead_unit"]
    frame = rows[cols].astype(object).where(rows[cols].notna(), None).astype(str)
    return pd.util.hash_pandas_object(frame, index=False).to_numpy().view(np.int64)


def import_file(ctx: Any, path: Path | str, profile: str | Profile | None = None, *,
                source: str | None = None, progress: Progress | None = None,
                force: bool = False, limit: int | None = None,
                config_dir: Path | None = None) -> ImportResult:
    """Import ``path`` (see the module contract)."""
    t0 = time.perf_counter()
    path = Path(path)
    progress = progress or _noop
    sha = file_sha256(path)
    result = ImportResult(file=path.name, sha256=sha)
    with ctx.unit_of_work() as uow:
        seen = uow.session.execute(select(SyncFile.id).where(SyncFile.sha256 == sha)).first()
    if seen is not None and not force:
        result.status = "already_applied"
        result.message = "this file was already applied (same SHA-256)"
        result.duration_s = time.perf_counter() - t0
        return result
    progress(0, 5, "read")
    prof, mapped = prepare(ctx, path, profile, limit=limit, config_dir=config_dir)
    src = source or prof.source
    result.profile, result.source, result.total = prof.name, src, mapped.total
    result.quarantined = len(mapped.quarantine)
    result.reasons = mapped.quarantine["reason"].value_counts().to_dict() if len(
        mapped.quarantine) else {}
    progress(1, 5, "map")
    rows = mapped.rows
    rows["row_hash"] = row_hashes(rows) if len(rows) else np.array([], dtype=np.int64)
    now = ctx.now()
    with ctx.unit_of_work(write=True) as uow:
        session = uow.session
        if session.execute(select(SyncFile.id).where(SyncFile.sha256 == sha)).first() and not force:
            result.status = "already_applied"
            return result
        existing = pd.DataFrame(
            session.execute(select(rows_t.c.external_id, rows_t.c.case_id, rows_t.c.row_hash)
                            .where(rows_t.c.source == src)).all(),
            columns=["external_id", "case_id", "old_hash"])
        merged = rows.merge(existing, on="external_id", how="left")
        del rows, existing
        mapped.rows = mapped.rows.iloc[:0]  # the merged copy is all that is needed from here
        is_new = merged["case_id"].isna()
        same = ~is_new & (merged["old_hash"] == merged["row_hash"])
        result.unchanged = int(same.sum())
        new_rows = merged[is_new]
        changed = merged[~is_new & ~same]
        # the change seq is taken only when cases will be written (an unchanged file takes none)
        seq = next_change_seq(session) if len(new_rows) or len(changed) else 0
        progress(2, 5, "insert")
        # slices bound the memory of the Python rows; all of them are in the one transaction
        parts = [_insert_new(ctx, uow, new_rows.iloc[i:i + SLICE], src, prof, sha, path.name,
                             seq, now, progress) for i in range(0, len(new_rows), SLICE)]
        new_ids = np.concatenate(parts) if parts else np.array([], dtype=np.int64)
        result.imported = len(new_ids)
        progress(3, 5, "update")
        result.updated, result.conflicts = _apply_changes(
            session, changed, src, sha, path.name, seq, now)
        if seen is None:  # a forced re-read does not queue the same rows twice
            _quarantine(session, mapped, sha, path.name, now)
        progress(4, 5, "duplicates")
        if len(new_ids):
            result.duplicates = suggest_duplicates(session, new_ids, now)
        result.duration_s = time.perf_counter() - t0
        counts = {k: getattr(result, k) for k in (
            "total", "imported", "updated", "unchanged", "quarantined", "conflicts",
            "duplicates")}
        if seen is None:
            session.execute(insert(SyncFile.__table__).values(
                sha256=sha, name=path.name[:255], source=src, profile=prof.name,
                applied_at=now, counts=counts))
    progress(5, 5, "done")
    result.duration_s = time.perf_counter() - t0
    return result


def _allocate_codes(session: Any, days: pd.Series, prefix: str) -> np.ndarray:
    """Case codes ``<prefix><yyyymmdd><6 digits>`` for each row, taking day counters in bulk."""
    codes = np.empty(len(days), dtype=object)
    for day, idx in days.groupby(days).groups.items():
        n = len(idx)
        name = f"case_code:{prefix}{day}"
        session.execute(text("INSERT INTO counters (name, value) VALUES (:n, 0) "
                             "ON CONFLICT (name) DO NOTHING"), {"n": name})
        last = session.execute(text("UPDATE counters SET value = value + :k WHERE name = :n "
                                    "RETURNING value"), {"k": n, "n": name}).scalar_one()
        pos = days.index.get_indexer(idx)
        codes[pos] = [f"{prefix}{day}{i:06d}" for i in range(last - n + 1, last + 1)]
    return codes


def _objects(series: pd.Series) -> list[Any]:
    """A column as Python values with None for missing (vectorised)."""
    if pd.api.types.is_datetime64_any_dtype(series):
        return [None if v is pd.NaT else v for v in series.dt.to_pydatetime().tolist()] \
            if len(series) else []
    obj = series.astype(object)
    return obj.where(series.notna(), None).tolist()


def _sqlite_time(series: pd.Series) -> list[Any]:
    """Datetimes in SQLAlchemy's SQLite storage format (what its DateTime type reads back)."""
    text = series.dt.strftime("%Y-%m-%d %H:%M:%S.%f")
    return text.astype(object).where(series.notna(), None).tolist()


def _column_defaults(table: Any, given: set[str]) -> dict[str, Any]:
    out = {}
    for col in table.columns:
        if col.name in given or col.default is None or not col.default.is_scalar:
            if col.name not in given and col.default is not None and col.default.is_callable:
                out[col.name] = col.default.arg(None)
            continue
        out[col.name] = col.default.arg
    return out


def bulk_insert(session: Any, table: Any, columns: dict[str, Any], n: int,
                progress: Progress | None = None) -> None:
    """Insert ``n`` rows given column-wise (a list of n values, or one value for every row).

    On SQLite the rows go straight to the driver's executemany (datetimes and JSON already
    converted by the caller or here); elsewhere through SQLAlchemy Core. Column defaults of
    the table are filled in, as a Core insert would.
    """
    if n == 0:
        return
    values = {**_column_defaults(table, set(columns)), **columns}
    names = list(values)
    sqlite = session.get_bind().dialect.name == "sqlite"
    cols: list[Any] = []
    per_row: list[bool] = []
    for name in names:
        v = values[name]
        is_json = isinstance(table.c[name].type, JSON)
        if name in columns and isinstance(v, list) and len(v) == n:  # one value per row
            if sqlite and is_json and not (n and isinstance(v[0], str)):  # not yet encoded
                v = [None if x is None else json.dumps(x, ensure_ascii=False) for x in v]
            cols.append(v)
            per_row.append(True)
        else:
            if sqlite and is_json:
                v = json.dumps(v, ensure_ascii=False)
            elif sqlite and isinstance(v, bool):
                v = int(v)
            cols.append(v)
            per_row.append(False)

    def chunk(i: int) -> list[tuple[Any, ...]]:
        # rows are built one chunk at a time: a million 40-column tuples at once costs GBs
        k = min(CHUNK, n - i)
        return list(zip(*(c[i:i + k] if r else itertools.repeat(c, k)
                          for c, r in zip(cols, per_row, strict=True)), strict=True))

    if sqlite:
        sql = (f"INSERT INTO {table.name} ({', '.join(names)}) "
               f"VALUES ({', '.join('?' for _ in names)})")
        cursor = session.connection().connection.cursor()  # the transaction's own connection
        for i in range(0, n, CHUNK):
            cursor.executemany(sql, chunk(i))
            if progress:
                progress(2, 5, "insert")
        return
    for i in range(0, n, CHUNK):
        session.execute(insert(table), [dict(zip(names, r, strict=True)) for r in chunk(i)])


def _encoded(series: pd.Series) -> pd.Series:
    """JSON text of each value, encoding each distinct value once."""
    values = series.astype(object).where(series.notna(), None)
    if pd.api.types.is_datetime64_any_dtype(series):
        values = series.dt.strftime("%Y-%m-%d %H:%M:%S").astype(object).where(series.notna(), None)
    elif pd.api.types.is_float_dtype(series):
        values = series.round(6).astype(object).where(series.notna(), None)
    uniq = pd.unique(values)
    table = {u: json.dumps(u, ensure_ascii=False) for u in uniq if u is not None}
    mapped = values.map(table).astype(object)
    return mapped.where(mapped.notna(), "null")


def json_objects(columns: dict[str, pd.Series | str]) -> list[str]:
    """One JSON object text per row from named columns (or constants), built column-wise."""
    out: pd.Series | None = None
    for i, (key, col) in enumerate(columns.items()):
        head = ("{" if i == 0 else ", ") + json.dumps(key) + ": "
        part = (head + json.dumps(col, ensure_ascii=False)) if not isinstance(col, pd.Series) \
            else head + _encoded(col)
        out = part if out is None else out + part
    assert isinstance(out, pd.Series)
    return (out + "}").tolist()


def _insert_new(ctx: Any, uow: Any, new: pd.DataFrame, src: str, prof: Profile, sha: str,
                fname: str, seq: int, now: datetime, progress: Progress) -> np.ndarray:
    session = uow.session
    n = len(new)
    if not n:
        return np.array([], dtype=np.int64)
    new = new.reset_index(drop=True)
    owner = ctx.default_centre(uow)
    prefix = uow.settings.get("case_code_prefix") or DEFAULT_CODE_PREFIX
    codes = np.full(n, None, dtype=object)
    if prof.keep_code:
        wanted = _objects(new["code"])
        taken: set[str] = set()
        values = [c for c in wanted if c]
        for i in range(0, len(values), 900):
            taken.update(session.execute(select(cases_t.c.code).where(
                cases_t.c.code.in_(values[i:i + 900]))).scalars())
        for i, c in enumerate(wanted):
            if c and c not in taken:
                codes[i] = c
    need = pd.isna(pd.Series(codes))
    if need.any():
        days = new.loc[need, "reported_at"].dt.strftime("%Y%m%d")
        codes[need.to_numpy()] = _allocate_codes(session, days, prefix)
    sqlite = session.get_bind().dialect.name == "sqlite"
    when = _sqlite_time if sqlite else _objects
    states = new["state"].astype(str)
    # a close time only where the case is closed, or the district gave one
    closed = new["closed_at"]
    # Ids are assigned here (writers are serialised by the change seq taken before), so the
    # events and sync rows can be written column-wise without reading ids back.
    start = session.execute(text("SELECT COALESCE(MAX(id), 0) FROM cases")).scalar_one()
    ids = np.arange(start + 1, start + 1 + n, dtype=np.int64)
    id_list = ids.tolist()
    ext = _objects(new["external_id"])
    bulk_insert(session, cases_t, {
        "id": id_list, "code": codes.tolist(), "source": src, "external_id": ext,
        "channel": _objects(new["channel"]), "title": _objects(new["title"]),
        "description": _objects(new["description"]), "address": _objects(new["address"]),
        "lon": _objects(new["lon"]), "lat": _objects(new["lat"]),
        "street_code": _objects(new["street_code"]),
        "community_code": _objects(new["community_code"]),
        "grid_code": _objects(new["grid_code"]), "priority": new["priority"].astype(int).tolist(),
        "state": states.tolist(), "owner_centre": owner, "minor_code": _objects(new["minor_code"]),
        "lead_unit": _objects(new["lead_unit"]), "reported_at": when(new["reported_at"]),
        "closed_at": when(closed), "version": 1, "updated_seq": seq,
    }, n, progress)
    if not sqlite:  # ids were given explicitly: move the id sequence past them
        session.execute(text("SELECT setval(pg_get_serial_sequence('cases', 'id'), :v)"),
                        {"v": int(ids[-1])})
    progress(2, 5, "events")
    reported = when(new["reported_at"])
    at_now = now.strftime("%Y-%m-%d %H:%M:%S.%f") if sqlite else now
    # payloads and bases are JSON text built column-wise (a million json.dumps calls is slow)
    report_payload = json_objects({"channel": new["channel"], "source": src,
                                   "external_id": new["external_id"]})
    import_payload = json_objects({"source_state": new["source_state"], "file": fname,
                                   "sha256": sha, "profile": prof.name,
                                   "source_category": new["source_category"]})
    if not sqlite:
        report_payload = [json.loads(t) for t in report_payload]
        import_payload = [json.loads(t) for t in import_payload]
    bulk_insert(session, events_t, {
        "case_id": id_list + id_list, "seq": seq,
        "action": ["report"] * n + ["sync_import"] * n,
        "from_state": [None] * n + ["reported"] * n,
        "to_state": ["reported"] * n + states.tolist(),
        "actor_id": SYNC_ACTOR, "role": "system", "unit_code": None,
        "at": reported + [at_now] * n, "reason": "",
        "payload": report_payload + import_payload,
    }, 2 * n, progress)
    progress(2, 5, "sync rows")
    bases: list[Any] = json_objects({f: new[f] for f in SYNC_FIELDS})
    if not sqlite:
        bases = [json.loads(t) for t in bases]
    bulk_insert(session, rows_t, {
        "source": src, "external_id": ext, "case_id": id_list,
        "row_hash": new["row_hash"].astype(np.int64).tolist(), "base": bases,
    }, n, progress)
    return ids


def _apply_changes(session: Any, changed: pd.DataFrame, src: str, sha: str, fname: str,
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


def _quarantine(session: Any, mapped: Mapped, sha: str, fname: str, now: datetime) -> None:
    q = mapped.quarantine
    if not len(q):
        return
    recs = [{"file_sha256": sha, "file_name": fname[:255], "row_number": int(r.row_number),
             "column": str(r.column)[:64], "reason": r.reason, "detail": str(r.detail)[:500],
             "raw": r.raw, "created_at": now} for r in q.itertuples(index=False)]
    for i in range(0, len(recs), CHUNK):
        session.execute(insert(SyncQuarantine.__table__), recs[i:i + CHUNK])
