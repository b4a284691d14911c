"""Import one district export file: idempotent, resumable, with quarantine, conflicts, duplicates.

    result = import_file(ctx, path, profile="la311", progress=fn)

Contracts
- The file is identified by SHA-256. A file already in ``sync_files`` is not applied again
  (result status ``already_applied``, nothing written) unless ``force=True``, which re-reads it
  row by row (still writing nothing for unchanged rows).
- The rows to write (new rows first, in report-time order, then changed rows) are written in
  committed batches of ``batch_rows`` rows, so no transaction holds SQLite's write lock for
  long. Each batch takes its own change seq and records its progress in ``sync_batches`` (SHA,
  rows done, counts so far) in the same transaction. A crash, SIGKILL or cancel at any moment
  loses at most the batch in flight; the next run of the same file re-reads it, finds the rows
  of committed batches already synced (same hash: nothing to write) and continues, so the end
  result equals an uninterrupted import: no duplicates, no gaps, the same counts. The last
  transaction writes the quarantine, the ``sync_files`` record and marks the batch record done:
  the file counts as applied exactly once.
- While a batch commits (SQLite writes its pages without holding the GIL), a thread builds the
  next batch's new rows as driver values (`writer.prepare_new`: no database access); the
  batch's own ids, codes, change seq and time are taken inside its transaction as before.
- A batch checks that the record still shows the rows this run expects; if another process
  moved it (two imports of one file at once) the batch rolls back with `ImportRaceError`.
- Rows are matched by (source, external id). A new row creates a case at version 1 with two
  events (see `writer.insert_new`). An unchanged row (same hash of the mapped values) writes
  nothing. A changed row updates only the fields the district changed, with one
  ``sync_update`` event; a field the centre also changed since the last sync is queued in
  ``sync_conflicts`` (see `writer.apply_changes`).
- Duplicate suggestions are made per batch for its new cases, when the file brings at most
  `duplicates.MAX_INCOMING` new cases (a bulk initial load is not checked).
- Structural problems raise `readers.StructuralError` before anything is written; so does
  resuming a part-imported file with another profile or source than it was started with.
- ``progress(done, total, stage)`` reports rows written of rows to write; it may raise (e.g. the
  GUI's Cancelled): the batch in flight rolls back, committed batches stay (the next run resumes)
  and the exception propagates.
- Reporter identity: district exports carry none and the importer writes no ``reporters`` row
  (the only writer of reporter identity is `store.repository.CaseRepository.create`).
- Python's automatic garbage collection is off while `import_file` runs (process-wide; it is
  switched back on at the end if it was on before).
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from pandas.api.types import infer_dtype, is_object_dtype
from pandas.core.util.hashing import combine_hash_arrays  # (not re-exported by pandas.util)
from sqlalchemy import insert, select, update

from commandcenter.store.dialect import bulk_work, raise_sqlite_cache
from commandcenter.store.models import Community, Grid, Street
from commandcenter.store.models_sync import SyncBatch, SyncFile, SyncRow
from commandcenter.store.repository import DEFAULT_CODE_PREFIX
from commandcenter.store.seq import next_change_seq

from .duplicates import MAX_INCOMING, suggest_duplicates
from .mapping import SYNC_FIELDS, Mapped, map_table
from .profiles import Profile, detect_profile, load_profiles
from .readers import StructuralError, file_sha256, read_table
from .writer import (
    SYNC_ACTOR,
    NewRows,
    apply_changes,
    insert_new,
    prepare_new,
    write_quarantine,
)

__all__ = ["SYNC_ACTOR", "BATCH_ROWS", "ImportRaceError", "ImportResult", "import_file",
           "prepare", "resolve_profile", "row_hashes"]

Progress = Callable[[int, int, str], None]
BATCH_ROWS = 20000  # rows per committed batch: ~1-2 s of SQLite's write lock at district scale
# Page cache of the importing connection (index pages of a 1M store), kept from one batch to
# the next and given back after the import (store.dialect.bulk_work).
SQLITE_CACHE_KIB = 262144
COUNT_KEYS = ("imported", "updated", "conflicts", "duplicates")

rows_t = SyncRow.__table__
batches_t = SyncBatch.__table__


class ImportRaceError(RuntimeError):
    """Another import of the same file moved its progress record (or finished it) meanwhile."""


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


HASHED = ("external_id", *SYNC_FIELDS, "channel", "street_code", "community_code",
          "grid_code", "lead_unit")
_MISSING_HASH = pd.util.hash_array(np.array([None], dtype=object))[0]  # a missing cell's hash


def row_hashes(rows: pd.DataFrame) -> np.ndarray:
    """One int64 per row of the `HASHED` values. These are stored (``sync_rows.row_hash``) and
    compared on the next import, so they must never change: they equal (tested against it)

        frame = rows[cols].astype(object).where(rows[cols].notna(), None).astype(str)
        pd.util.hash_pandas_object(frame, index=False).to_numpy().view(np.int64)

    i.e. each column's cells as ``str()`` text (missing cells stay missing), hashed with
    `pd.util.hash_array` and combined as `hash_pandas_object` combines columns. The text is
    formed only where it is needed and once per distinct value (see `_column_hash`).
    """
    hashes = [_column_hash(rows[c], unique=c == "external_id") for c in HASHED]
    # pandas' own combination of column hashes (what hash_pandas_object(frame) uses)
    return combine_hash_arrays(iter(hashes), len(hashes)).view(np.int64)


def _column_hash(s: pd.Series, unique: bool = False) -> np.ndarray:
    """`pd.util.hash_array` of the column as the text ``str(cell)`` (None where missing)."""
    dtype = s.dtype
    if is_object_dtype(dtype) or isinstance(dtype, pd.StringDtype):
        values = s.to_numpy(dtype=object)
        kind = infer_dtype(values, skipna=True)  # skips None, NaN and NA
        if kind == "empty":  # every cell missing (or none at all)
            return np.full(len(values), _MISSING_HASH, dtype=np.uint64)
        if kind == "string":
            # text and missing cells only: str() keeps text as it is, and hash_array hashes
            # missing cells as missing (its factorize skips them); without missing cells the
            # per-cell hashes need no factorize (faster for unique ids)
            plain = unique and infer_dtype(values, skipna=False) == "string"
            return pd.util.hash_array(values, categorize=not plain)
    elif isinstance(dtype, np.dtype):  # (not the nullable or tz-aware extension dtypes)
        values = s.to_numpy()
        if dtype == "datetime64[ns]":
            return _hash_distinct(values.view(np.int64), np.isnat(values), _timestamp_text)
        if dtype == np.float64:
            # keyed by the bits (-0.0 and 0.0 read differently); the text of each distinct
            # value is str() of the same Python float astype(object) gave
            return _hash_distinct(values.view(np.int64), np.isnan(values),
                                  lambda bits: map(str, bits.view(np.float64).tolist()))
        if dtype.kind in "iu":  # str() of the same Python ints astype(object) gave
            return _hash_distinct(values, np.zeros(len(values), dtype=bool),
                                  lambda ints: map(str, ints.tolist()))
    # anything else (mixed cells, other dtypes): the original text, cell by cell
    return pd.util.hash_array(s.astype(object).where(s.notna(), None).astype(str).array)


def _hash_distinct(keys: np.ndarray, missing: np.ndarray, text: Callable) -> np.ndarray:
    """Hashes of ``text(distinct keys)`` per present cell, the missing hash elsewhere: what
    hash_array does to the cells' text (it hashes each distinct text once too)."""
    codes, uniques = pd.factorize(keys[~missing])
    texts = np.fromiter(text(uniques), dtype=object, count=len(uniques))
    out = np.full(len(keys), _MISSING_HASH, dtype=np.uint64)
    out[~missing] = pd.util.hash_array(texts, categorize=False)[codes]
    return out


def _timestamp_text(ns: np.ndarray) -> np.ndarray:
    """str(pd.Timestamp(v)) of datetime64[ns] values ``ns`` (int64): 'YYYY-MM-DD HH:MM:SS' plus
    '.ffffff' when the fraction is whole microseconds, '.fffffffff' when it has nanoseconds
    and nothing when it is zero (Timestamp.isoformat(sep=' ') with timespec 'auto')."""
    secs, frac = np.divmod(ns, 10**9)  # floored: frac is in [0, 1e9) before 1970 too
    days, clock = np.divmod(secs, 86400)
    day_codes, day_uniques = pd.factorize(days)
    # str() of a date is its isoformat, the date part of a Timestamp's isoformat
    day_text = np.array([str(d) for d in day_uniques.astype("datetime64[D]").tolist()],
                        dtype=object)
    clock_codes, clock_uniques = pd.factorize(clock)
    clock_text = np.array([f" {c // 3600:02d}:{c // 60 % 60:02d}:{c % 60:02d}"
                           for c in clock_uniques.tolist()], dtype=object)
    text = day_text[day_codes] + clock_text[clock_codes]
    for i in np.flatnonzero(frac):
        f = int(frac[i])
        text[i] += f".{f // 1000:06d}" if f % 1000 == 0 else f".{f:09d}"
    return text


@dataclass
class _Plan:
    """What a run writes: new rows (report-time order) then changed rows, as one sequence."""

    new: pd.DataFrame
    changed: pd.DataFrame

    @property
    def total(self) -> int:
        return len(self.new) + len(self.changed)

    def window(self, a: int, b: int) -> tuple[pd.DataFrame, pd.DataFrame]:
        n = len(self.new)
        return self.new.iloc[a:min(b, n)], self.changed.iloc[max(a - n, 0):max(b - n, 0)]


def _synced(session: Any, src: str) -> list[Any]:
    """(external_id, case_id, row_hash) of every sync row of ``src``."""
    if session.get_bind().dialect.name == "sqlite":
        # a scan in table order: through the primary key index each row is a random page read
        # (5-10x slower measured for 200k rows); the scan also reads other sources' rows
        return session.connection().exec_driver_sql(
            "SELECT external_id, case_id, row_hash FROM sync_rows NOT INDEXED WHERE source = ?",
            (src,)).fetchall()
    return list(session.execute(select(rows_t.c.external_id, rows_t.c.case_id,
                                       rows_t.c.row_hash).where(rows_t.c.source == src)))


def _looked_up(values: list[Any], pos: np.ndarray) -> pd.arrays.IntegerArray:
    """``values[pos]`` as nullable integers, missing where ``pos`` is -1."""
    missing = pos < 0
    taken = np.asarray(values, dtype=np.int64)[np.where(missing, 0, pos)] if len(values) \
        else np.zeros(len(pos), dtype=np.int64)
    return pd.arrays.IntegerArray(taken, missing)


def _classify(ctx: Any, rows: pd.DataFrame, src: str) -> tuple[_Plan, int]:
    """(plan, unchanged rows) against the sync rows of ``src`` as committed now."""
    with ctx.unit_of_work() as uow:
        synced = _synced(uow.session, src)
    ext, case_id, old_hash = (list(c) for c in zip(*synced)) if synced else ([], [], [])
    del synced
    # a hash lookup of each row's external id (a merge also copies every column of the frame)
    pos = pd.Index(ext, dtype=object).get_indexer(rows["external_id"].to_numpy(dtype=object))
    found = pos >= 0
    merged = rows.assign(case_id=_looked_up(case_id, pos), old_hash=_looked_up(old_hash, pos))
    same = found & (merged["old_hash"] == merged["row_hash"]).to_numpy(dtype=bool,
                                                                      na_value=False)
    # report-time order keeps the day counters, the time indexes and each batch's pages local
    new = merged[~found].sort_values("reported_at", kind="stable").reset_index(drop=True)
    changed = merged[found & ~same].reset_index(drop=True)
    return _Plan(new, changed), int(same.sum())


def _record(session: Any, sha: str) -> Any:
    return session.execute(select(batches_t).where(batches_t.c.sha256 == sha)).mappings().first()


def import_file(ctx: Any, path: Path | str, profile: str | Profile | None = None, *,
                source: str | None = None, progress: Progress | None = None,
                force: bool = False, limit: int | None = None,
                config_dir: Path | None = None, batch_rows: int = BATCH_ROWS) -> ImportResult:
    """Import ``path`` (see the module contract)."""
    # An import allocates millions of row tuples and values but makes no reference cycles:
    # automatic collection only rescans them (~5% of the CPU time of 200k rows into a 1M
    # store). The GUI runs with automatic collection off anyway (see app.py).
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _import_file(ctx, Path(path), profile, source=source, progress=progress,
                            force=force, limit=limit, config_dir=config_dir,
                            batch_rows=batch_rows)
    finally:
        if collecting:
            gc.enable()


def _import_file(ctx: Any, path: Path, profile: str | Profile | None, *, source: str | None,
                 progress: Progress | None, force: bool, limit: int | None,
                 config_dir: Path | None, batch_rows: int) -> ImportResult:
    t0 = time.perf_counter()
    progress = progress or _noop
    sha = file_sha256(path)
    result = ImportResult(file=path.name, sha256=sha)
    with ctx.unit_of_work() as uow:
        seen = uow.session.execute(select(SyncFile.id).where(SyncFile.sha256 == sha)).first()
        rec = _record(uow.session, sha)
    if seen is not None and not force:
        result.status = "already_applied"
        result.message = "this file was already applied (same SHA-256)"
        result.duration_s = time.perf_counter() - t0
        return result
    tracked = seen is None  # a forced re-read of an applied file keeps no progress record
    prior_done = int(rec["rows_done"]) if tracked and rec is not None else 0
    prior = dict(rec["counts"]) if tracked and rec is not None else {}
    progress(0, 1, "read")
    prof, mapped = prepare(ctx, path, profile, limit=limit, config_dir=config_dir)
    src = source or prof.source
    if tracked and rec is not None and (rec["profile"], rec["source"]) != (prof.name, src):
        # the committed rows were mapped another way: mixing two mappings is not one import
        raise StructuralError(
            f"this file was partly imported with profile {rec['profile']!r} and source "
            f"{rec['source']!r}; resume it with the same profile and source")
    result.profile, result.source, result.total = prof.name, src, mapped.total
    result.quarantined = len(mapped.quarantine)
    result.reasons = mapped.quarantine["reason"].value_counts().to_dict() if len(
        mapped.quarantine) else {}
    progress(0, 1, "map")
    rows = mapped.rows
    rows["row_hash"] = row_hashes(rows) if len(rows) else np.array([], dtype=np.int64)
    plan, same = _classify(ctx, rows, src)
    # rows written by earlier (killed) runs of this file now read as unchanged
    result.unchanged = max(same - prior_done, 0)
    for key in COUNT_KEYS:
        setattr(result, key, int(prior.get(key, 0)))
    # the file's own cases are never duplicate candidates (see duplicates.suggest_duplicates)
    file_ids = set(rows["external_id"]) \
        if result.imported + len(plan.new) <= MAX_INCOMING else None
    del rows  # the plan holds what is still needed
    mapped.rows = mapped.rows.iloc[:0]
    total = prior_done + plan.total
    if prior_done:
        result.message = f"resumed: {prior_done} rows were committed by an interrupted run"
    done = 0
    batch_rows = max(int(batch_rows), 1)
    sqlite = ctx.engine.dialect.name == "sqlite"

    def prepared(a: int) -> NewRows | None:
        """The new rows of the batch starting at ``a``, as driver values."""
        new, _ = plan.window(a, a + batch_rows)
        return prepare_new(new, src=src, profile=prof.name, keep_code=prof.keep_code, sha=sha,
                           fname=path.name, sqlite=sqlite) if len(new) else None

    progress(prior_done, total, "insert")
    # While a batch commits (SQLite writes its pages without holding the GIL) a thread builds
    # the next batch's values: the two overlap on two cores (~10 s of 1M rows' import).
    with bulk_work(ctx.engine), \
            ThreadPoolExecutor(1, thread_name_prefix="import-prepare") as pool:
        ahead: list[Future[NewRows | None]] = []  # the next batch's values, being built

        def prepare_ahead(a: int) -> None:
            ahead.append(pool.submit(prepared, a))

        while done < plan.total:
            k = min(batch_rows, plan.total - done)
            batch = ahead.pop().result() if ahead else prepared(done)
            after = done + k
            start_next = partial(prepare_ahead, after) if after < len(plan.new) else None
            counts = _write_batch(ctx, plan, done, k, src=src, prof=prof, sha=sha,
                                  fname=path.name, tracked=tracked, expected=prior_done + done,
                                  total=total, result=result, file_ids=file_ids, batch=batch,
                                  before_commit=start_next)
            for key in COUNT_KEYS:
                setattr(result, key, getattr(result, key) + counts[key])
            done = after
            progress(prior_done + done, total, "insert" if done <= len(plan.new) else "update")
    if tracked:
        _finish(ctx, mapped, result, prof, sha, path.name, expected=prior_done + done,
                total=total)
    progress(total, total, "done")
    result.duration_s = time.perf_counter() - t0
    return result


def _upsert_record(session: Any, rec: Any, *, sha: str, counts: dict[str, int], source: str,
                   prof: Profile, fname: str, done: int, total: int, batches: int, status: str,
                   now: datetime, first_case_id: int | None = None) -> None:
    values = {"rows_done": done, "rows_total": total, "batches": batches, "status": status,
              "counts": counts, "updated_at": now}
    if first_case_id is not None:
        values["first_case_id"] = first_case_id
    if rec is None:
        session.execute(insert(batches_t).values(
            sha256=sha, name=fname[:255], source=source, profile=prof.name,
            started_at=now, **values))
    else:
        session.execute(update(batches_t).where(batches_t.c.sha256 == sha).values(**values))


def _check_race(session: Any, sha: str, expected: int) -> Any:
    if session.execute(select(SyncFile.id).where(SyncFile.sha256 == sha)).first():
        raise ImportRaceError("this file was applied by another import meanwhile")
    rec = _record(session, sha)
    if (int(rec["rows_done"]) if rec is not None else 0) != expected:
        raise ImportRaceError("another import of this file is running (its progress moved); "
                              "run the sync again once it ends")
    return rec


def _write_batch(ctx: Any, plan: _Plan, start: int, k: int, *, src: str, prof: Profile,
                 sha: str, fname: str, tracked: bool, expected: int, total: int,
                 result: ImportResult, file_ids: set[str] | None, batch: NewRows | None,
                 before_commit: Callable[[], None] | None) -> dict[str, int]:
    """Write rows [start, start + k) of the plan in one transaction; returns its counts.
    ``batch`` holds the window's new rows prepared; ``before_commit`` runs last before the
    commit."""
    _, changed = plan.window(start, start + k)
    now = ctx.now()
    out = dict.fromkeys(COUNT_KEYS, 0)
    with ctx.unit_of_work(write=True) as uow:
        session = uow.session
        if session.get_bind().dialect.name == "sqlite":
            raise_sqlite_cache(session.connection(), SQLITE_CACHE_KIB)
        seq = next_change_seq(session)  # every writer's first lock (see store.seq)
        rec = _check_race(session, sha, expected) if tracked else None
        first_id = rec["first_case_id"] if rec is not None else None
        if batch is not None:
            ids = insert_new(session, batch, seq=seq, now=now, owner=ctx.default_centre(uow),
                             prefix=uow.settings.get("case_code_prefix") or DEFAULT_CODE_PREFIX)
            out["imported"] = len(ids)
            if first_id is None:
                first_id = int(ids[0])
            if file_ids is not None:
                out["duplicates"] = suggest_duplicates(session, ids, now,
                                                       same_file=(src, file_ids, first_id))
        out["updated"], out["conflicts"] = apply_changes(
            session, changed, src=src, sha=sha, fname=fname, seq=seq, now=now)
        if tracked:
            so_far = {key: getattr(result, key) + out[key] for key in COUNT_KEYS}
            _upsert_record(session, rec, sha=sha, counts=so_far, source=src, prof=prof,
                           fname=fname,
                           done=expected + k, total=total,
                           batches=(int(rec["batches"]) if rec is not None else 0) + 1,
                           status="running", now=now, first_case_id=first_id)
        if before_commit is not None:
            before_commit()
    return out


def _finish(ctx: Any, mapped: Mapped, result: ImportResult, prof: Profile, sha: str,
            fname: str, *, expected: int, total: int) -> None:
    """The last transaction: quarantine, the `sync_files` record, the batch record done."""
    now = ctx.now()
    counts = {k: getattr(result, k) for k in (
        "total", "imported", "updated", "unchanged", "quarantined", "conflicts", "duplicates")}
    with ctx.unit_of_work(write=True) as uow:
        session = uow.session
        rec = _check_race(session, sha, expected)
        write_quarantine(session, mapped.quarantine, sha, fname, now)
        session.execute(insert(SyncFile.__table__).values(
            sha256=sha, name=fname[:255], source=result.source, profile=prof.name,
            applied_at=now, counts=counts))
        _upsert_record(session, rec, sha=sha, counts={k: counts[k] for k in COUNT_KEYS},
                       source=result.source, prof=prof, fname=fname, done=expected, total=total,
                       batches=int(rec["batches"]) if rec is not None else 0,
                       status="done", now=now)
