"""District sync services: the only sync API the GUI and the CLI call.

    svc = SyncService(ctx)
    svc.import_file(path, profile=None, source=None, progress=None) -> ImportResult
    svc.sync_now(inbox, outbox, kind="manual", progress=None) -> RunResult
    svc.preview(path, profile=None, limit=200) -> Preview
    svc.export(outbox, formats) -> ExportResult
    svc.history(limit) / quarantine(limit) / conflicts(status) / duplicates(status) -> list[dict]
    svc.resolve_conflict(conflict_id, choice, actor) ; svc.set_duplicate(id, status, actor)
    svc.export_quarantine(target) -> int
    svc.preview_reference(path, kind=None, full=True) -> RefPreview
        (units / people / categories-and-standards files, responsibility rules JSON, grids
        GeoJSON; kinds in `sync.reference.KINDS`)
    svc.apply_reference(path, kind=None, full=True, actor=...) -> RefPreview (one transaction,
        history rows and an audit entry "sync.reference" in it)
    svc.reference_history(limit) / unfinished_imports() -> list[dict]

Every function returns plain values (dataclasses, dicts, lists), never ORM objects, and each
write is one unit of work. ``progress(done, total, stage)`` may raise to cancel.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
from sqlalchemy import desc, insert, select, update

from commandcenter.domain.case import Actor
from commandcenter.store.models import Case, CaseEvent
from commandcenter.store.models_sync import (
    SyncBatch,
    SyncConflict,
    SyncDuplicate,
    SyncQuarantine,
    SyncReferenceChange,
    SyncRun,
)
from commandcenter.store.seq import next_change_seq
from commandcenter.sync import engine, export, importer, reference
from commandcenter.sync.profiles import load_profiles

from . import audit
from .context import AppContext
from .permissions import Right, require

PREVIEW_COLUMNS = ("row_number", "external_id", "reported_at", "state", "source_state",
                   "channel", "minor_code", "title", "address", "lon", "lat", "closed_at")


class SyncError(ValueError):
    """A sync request that cannot be carried out (unknown conflict, bad choice...)."""


@dataclass
class Preview:
    profile: str
    total: int
    good: int
    columns: tuple[str, ...]
    rows: list[tuple[Any, ...]]
    quarantine: list[dict[str, Any]]
    mapped_from: dict[str, str]


class SyncService:
    def __init__(self, ctx: AppContext, config_dir: Path | None = None) -> None:
        self.ctx = ctx
        self.config_dir = config_dir

    # ------------------------------------------------------------------ import / export
    def profiles(self) -> list[tuple[str, str]]:
        return [(p.name, p.title) for p in load_profiles(self.config_dir).values()]

    def import_file(self, path: str | Path, profile: str | None = None, source: str | None = None,
                    progress: Any = None, force: bool = False) -> importer.ImportResult:
        return importer.import_file(self.ctx, path, profile, source=source, progress=progress,
                                    force=force, config_dir=self.config_dir)

    def preview(self, path: str | Path, profile: str | None = None,
                limit: int = 200) -> Preview:
        prof, mapped = importer.prepare(self.ctx, Path(path), profile, limit=limit,
                                        config_dir=self.config_dir)
        frame = mapped.rows[list(PREVIEW_COLUMNS)].astype(object)
        frame = frame.where(frame.notna(), None)
        rows = [tuple(_plain(v) for v in r) for r in frame.itertuples(index=False)]
        q = mapped.quarantine.drop(columns=["raw"]).to_dict("records")
        return Preview(prof.name, mapped.total, len(mapped.rows), PREVIEW_COLUMNS, rows, q,
                       mapped.columns)

    def sync_now(self, inbox: str | Path | None, outbox: str | Path | None, *,
                 kind: str = "manual", progress: Any = None) -> engine.RunResult:
        return engine.run_sync(self.ctx, inbox or None, outbox or None, kind=kind,
                               progress=progress, config_dir=self.config_dir)

    def export(self, outbox: str | Path, formats: tuple[str, ...] = ("csv", "xlsx")
               ) -> export.ExportResult:
        return export.export_changes(self.ctx, outbox, formats)

    # ------------------------------------------------------------------ reference data
    def preview_reference(self, path: str | Path, kind: str | None = None,
                          full: bool = True) -> reference.RefPreview:
        return reference.preview_reference(self.ctx, path, kind, full=full)

    def apply_reference(self, path: str | Path, kind: str | None = None, full: bool = True,
                        actor: str | None = None,
                        expected: reference.RefPreview | None = None) -> reference.RefPreview:
        """Apply a units / people / categories export, a rules or a grids file
        (`sync.reference`); raises `ReferenceError` (with ``problems``) for an invalid file,
        having written nothing. Changing the organisation, the catalogue or the rules needs
        `Right.MANAGE_REFERENCE` (an admin; `PermissionDenied` otherwise, before the file is
        read). The audit entry's detail
        names the kind. ``expected``: the confirmed preview (see `reference.apply_reference`)."""
        principal = getattr(self.ctx, "principal", None)
        require(principal, Right.MANAGE_REFERENCE)
        actor = actor or (principal.username if principal is not None else importer.SYNC_ACTOR)

        def audit_entry(session: Any, preview: reference.RefPreview) -> None:
            audit.record(session, action="sync.reference", actor=actor, at=self.ctx.now(),
                         detail={"file": preview.file, "sha256": preview.sha256,
                                 "kind": preview.kind, **preview.counts()})

        return reference.apply_reference(self.ctx, path, kind, full=full, on_applied=audit_entry,
                                         expected=expected)

    def reference_history(self, limit: int = 500) -> list[dict[str, Any]]:
        with self.ctx.unit_of_work() as uow:
            rows = uow.session.execute(select(SyncReferenceChange.__table__).order_by(
                desc(SyncReferenceChange.id)).limit(limit)).mappings().all()
        return [dict(r) for r in rows]

    def unfinished_imports(self) -> list[dict[str, Any]]:
        """Files whose batched import stopped part-way (the next sync resumes them)."""
        with self.ctx.unit_of_work() as uow:
            rows = uow.session.execute(select(SyncBatch.__table__).where(
                SyncBatch.status == "running").order_by(SyncBatch.updated_at)).mappings().all()
        return [dict(r) for r in rows]

    # ------------------------------------------------------------------ review lists
    def history(self, limit: int = 100) -> list[dict[str, Any]]:
        with self.ctx.unit_of_work() as uow:
            rows = uow.session.execute(select(SyncRun.__table__).order_by(
                desc(SyncRun.id)).limit(limit)).mappings().all()
        return [dict(r) for r in rows]

    def last_run(self) -> dict[str, Any] | None:
        runs = self.history(1)
        return runs[0] if runs else None

    def quarantine(self, limit: int = 1000) -> list[dict[str, Any]]:
        with self.ctx.unit_of_work() as uow:
            rows = uow.session.execute(select(SyncQuarantine.__table__).order_by(
                desc(SyncQuarantine.id)).limit(limit)).mappings().all()
        return [dict(r) for r in rows]

    def export_quarantine(self, target: str | Path) -> int:
        """Write every quarantined row (file, row, column, reason, detail, raw) as CSV (BOM)."""
        with self.ctx.unit_of_work() as uow:
            rows = uow.session.execute(select(SyncQuarantine.__table__).order_by(
                SyncQuarantine.id)).mappings().all()
        frame = pd.DataFrame([{**{k: r[k] for k in ("file_name", "row_number", "column",
                                                     "reason", "detail")},
                               "raw": json.dumps(r["raw"], ensure_ascii=False)} for r in rows],
                             columns=["file_name", "row_number", "column", "reason", "detail",
                                      "raw"])
        frame.to_csv(target, index=False, encoding="utf-8-sig")
        return len(frame)

    def conflicts(self, status: str | None = "open") -> list[dict[str, Any]]:
        q = select(SyncConflict.__table__, Case.code).join(Case, Case.id == SyncConflict.case_id)
        if status:
            q = q.where(SyncConflict.status == status)
        with self.ctx.unit_of_work() as uow:
            rows = uow.session.execute(q.order_by(SyncConflict.id)).mappings().all()
        return [{**dict(r), "ours": _load(r["ours"]), "theirs": _load(r["theirs"]),
                 "base": _load(r["base"])} for r in rows]

    def resolve_conflict(self, conflict_id: int, choice: str, actor: Actor) -> None:
        """``choice`` "ours" keeps the centre's value; "theirs" writes the district's value
        (version bump, change seq and a ``sync_resolve`` event). Either way the conflict closes."""
        if choice not in ("ours", "theirs"):
            raise SyncError(f"choice must be 'ours' or 'theirs', not {choice!r}")
        now = self.ctx.now()
        with self.ctx.unit_of_work(write=True) as uow:
            s = uow.session
            c = s.execute(select(SyncConflict.__table__).where(
                SyncConflict.id == conflict_id)).mappings().first()
            if c is None or c["status"] != "open":
                raise SyncError(f"no open conflict {conflict_id}")
            if choice == "theirs":
                seq = next_change_seq(s)
                case = s.execute(select(Case.state, Case.version).where(
                    Case.id == c["case_id"])).one()
                field, value = c["field"], _load(c["theirs"])
                if field.endswith("_at") and value is not None:
                    value = pd.Timestamp(value).to_pydatetime()
                s.execute(update(Case.__table__).where(Case.id == c["case_id"]).values(
                    {field: value, "version": Case.version + 1, "updated_seq": seq}))
                s.execute(insert(CaseEvent.__table__).values(
                    case_id=c["case_id"], seq=seq, action="sync_resolve",
                    from_state=case.state, to_state=value if field == "state" else case.state,
                    actor_id=actor.user_id, role=str(actor.role), unit_code=actor.unit_code,
                    at=now, reason="", payload={"field": field, "ours": _load(c["ours"]),
                                                "theirs": _load(c["theirs"]),
                                                "choice": "theirs"}))
            s.execute(update(SyncConflict.__table__).where(SyncConflict.id == conflict_id)
                      .values(status="kept" if choice == "ours" else "taken",
                              resolved_by=actor.user_id, resolved_at=now))

    def duplicates(self, status: str | None = "open") -> list[dict[str, Any]]:
        a, b = Case.__table__.alias("a"), Case.__table__.alias("b")
        q = (select(SyncDuplicate.__table__, a.c.code.label("code"), a.c.title.label("title"),
                    b.c.code.label("candidate_code"), b.c.title.label("candidate_title"))
             .join(a, a.c.id == SyncDuplicate.case_id)
             .join(b, b.c.id == SyncDuplicate.candidate_id))
        if status:
            q = q.where(SyncDuplicate.status == status)
        with self.ctx.unit_of_work() as uow:
            return [dict(r) for r in uow.session.execute(q.order_by(SyncDuplicate.id)).mappings()]

    def set_duplicate(self, suggestion_id: int, status: str) -> None:
        """Mark a suggestion ``dismissed`` or ``confirmed`` (merging itself is a case action)."""
        if status not in ("dismissed", "confirmed"):
            raise SyncError(f"status must be dismissed or confirmed, not {status!r}")
        with self.ctx.unit_of_work(write=True) as uow:
            uow.session.execute(update(SyncDuplicate.__table__).where(
                SyncDuplicate.id == suggestion_id).values(status=status))


def _load(text: str | None) -> Any:
    return None if text is None else json.loads(text)


def _plain(value: Any) -> Any:
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    if hasattr(value, "item"):
        return value.item()
    return value
