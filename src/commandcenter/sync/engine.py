"""The sync engine: import every new file of the inbox, export changes to the outbox, log a run.

Contracts
- `run_sync(ctx, inbox, outbox, kind=..., progress=None)` imports inbox files in name order
  (CSV/TXT/TSV, XLSX, JSON, JSONL, and their .gz; hidden and ``*.part`` files are skipped).
  Each file is imported in committed batches (see `importer`): a file already applied is
  skipped by its SHA-256, a file a killed run left part-way is resumed; a structurally bad file
  is reported in the run and changes nothing; a file another process is importing right now is
  reported ``busy``. Then, if an outbox is set, the changes since the last export are written.
- Each run is logged in ``sync_runs`` (files with their counts, totals, duration, status
  ``ok`` / ``partial`` (some file rejected) / ``failed``) once it ends, also when it failed.
- ``progress(done, total, stage)`` may raise to cancel (e.g. the GUI's Cancelled): the batch in
  progress rolls back, committed batches and earlier files stay (the next run resumes); the run
  is logged as ``cancelled`` and the exception propagates.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import insert

from commandcenter.store.models_sync import SyncRun

from .export import export_changes
from .importer import ImportRaceError, import_file
from .profiles import ProfileError
from .readers import StructuralError

Progress = Callable[[int, int, str], None]
SUFFIXES = (".csv", ".txt", ".tsv", ".xlsx", ".xlsm", ".json", ".jsonl", ".ndjson")
COUNT_KEYS = ("imported", "updated", "unchanged", "quarantined", "conflicts", "duplicates")


@dataclass
class RunResult:
    kind: str
    status: str = "ok"
    files: list[dict[str, Any]] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(COUNT_KEYS, 0))
    exported: dict[str, Any] | None = None
    duration_s: float = 0.0
    message: str = ""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def inbox_files(inbox: Path) -> list[Path]:
    if not inbox.is_dir():
        return []
    out = []
    for p in sorted(inbox.iterdir()):
        name = p.name.lower()
        if not p.is_file() or name.startswith(".") or name.endswith(".part"):
            continue
        base = name[:-3] if name.endswith(".gz") else name
        if base.endswith(SUFFIXES):
            out.append(p)
    return out


def run_sync(ctx: Any, inbox: str | Path | None, outbox: str | Path | None, *,
             kind: str = "manual", progress: Progress | None = None,
             config_dir: Path | None = None, export_formats: tuple[str, ...] = ("csv", "xlsx"),
             ) -> RunResult:
    t0 = time.perf_counter()
    started = ctx.now()
    run = RunResult(kind=kind)
    files = inbox_files(Path(inbox)) if inbox else []
    total = len(files) + (1 if outbox else 0)
    try:
        for i, path in enumerate(files):
            if progress:
                progress(i, total, f"import {path.name}")
            try:
                res = import_file(ctx, path, config_dir=config_dir, progress=progress and (
                    lambda d, t, s, _i=i, _n=path.name: progress(_i, total, f"{_n}: {s}")))
            except (StructuralError, ProfileError) as exc:
                run.files.append({"file": path.name, "status": "rejected", "message": str(exc)})
                run.status = "partial"
                continue
            except ImportRaceError as exc:
                run.files.append({"file": path.name, "status": "busy", "message": str(exc)})
                run.status = "partial"
                continue
            run.files.append({"file": path.name, "status": res.status, "profile": res.profile,
                              **{k: getattr(res, k) for k in COUNT_KEYS}})
            for k in COUNT_KEYS:
                run.counts[k] += getattr(res, k)
        if outbox:
            if progress:
                progress(len(files), total, "export")
            exp = export_changes(ctx, outbox, export_formats)
            run.exported = {"cases": exp.cases, "events": exp.events, "files": exp.files}
    except BaseException as exc:
        run.status = "cancelled" if type(exc).__name__ == "Cancelled" else "failed"
        run.message = str(exc) or type(exc).__name__
        _log(ctx, run, started, t0)
        raise
    _log(ctx, run, started, t0)
    return run


def _log(ctx: Any, run: RunResult, started: Any, t0: float) -> None:
    run.duration_s = round(time.perf_counter() - t0, 3)
    files = list(run.files)
    if run.exported:
        files.append({"file": "(export)", "status": "exported", **run.exported})
    with ctx.unit_of_work(write=True) as uow:
        uow.session.execute(insert(SyncRun.__table__).values(
            kind=run.kind, started_at=started, duration_s=run.duration_s, status=run.status,
            files=files, counts=run.counts, message=run.message[:2000]))
