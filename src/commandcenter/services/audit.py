"""The audit trail: an append-only, hash-chained log of who did what (issue 8).

    with ctx.unit_of_work(write=True) as uow:
        ...                                     # the audited change itself
        audit.record(uow.session, action="case.dispatch", actor="zhangsan", case_id=42,
                     detail={"to": "CGJ"})

Contracts
- `record` appends ONE entry inside the caller's transaction: it commits or rolls back with the
  change it describes. It needs a write transaction (on SQLite a write unit of work; it raises
  `RuntimeError` in a read one rather than failing later with "database is locked").
- Serialisation: before reading the chain's head, `record` locks the counters row "change_seq"
  (``SELECT ... FOR UPDATE`` on PostgreSQL; on SQLite the write transaction already excludes
  every other writer) and then bumps "audit_seq". That is the same first lock every case writer
  takes (`store.seq`), so lock order is always change_seq -> audit_seq whether `record` is
  called before or after the case write: two workstations can neither fork the chain nor
  deadlock on it.
- Each entry stores ``seq`` (1, 2, 3 ... with no gaps), ``prev_hash`` (the previous entry's
  hash, ``GENESIS`` for the first) and ``hash`` = SHA-256 of `canonical` over
  (seq, at, actor, action, case_id, detail, prev). ``detail`` is kept as the canonical JSON text
  that was hashed. Callers must never put reporter identity in ``detail`` (DOMAIN.md: logs never
  carry it).
- `verify(ctx)` walks the chain and reports the first broken entry: an edited row (its hash
  does not match its fields), a deleted row (a gap in ``seq`` or a broken link), an inserted row
  (a broken link, an out-of-order id, or more entries than the "audit_seq" counter has issued)
  and a truncated tail (fewer). It also returns the head (seq, hash): an operator who writes
  the head down can later prove that nobody recomputed the whole chain (`verify(anchor=...)`).
- `record_alert_ack`: the entry `services.alerts.acknowledge` writes inside its transaction.
- `query` filters entries for the audit view; `export` writes the same filter to CSV or XLSX
  and is itself audited. Both need a principal that may view the audit (supervisor, admin) or
  no principal (trusted system use).
"""

from __future__ import annotations

import csv
import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Select, func, insert, select, text
from sqlalchemy.orm import Session

from commandcenter.store.dialect import WRITE_OPTION
from commandcenter.store.models_security import AuditEntry
from commandcenter.store.seq import CHANGE_SEQ, current_value, next_value

from .context import AppContext, china_now
from .errors import ValidationError
from .permissions import Right, require

AUDIT_SEQ = "audit_seq"
GENESIS = "0" * 64
MAX_ACTION = 64
MAX_ACTOR = 64
_LOCK_CHANGE_SEQ = text("SELECT value FROM counters WHERE name = :name FOR UPDATE")


# ---------------------------------------------------------------------- hashing
def canonical(value: Any) -> str:
    """Deterministic JSON: sorted keys, no spaces, UTF-8 kept, datetimes as ISO text."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"),
                      default=_jsonable)


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, (set, frozenset, tuple)):
        return sorted(value, key=str) if isinstance(value, (set, frozenset)) else list(value)
    return str(value)


def entry_hash(seq: int, at: datetime, actor: str, action: str, case_id: int | None,
               detail_text: str, prev: str) -> str:
    fields = {"seq": seq, "at": at.isoformat(timespec="microseconds"), "actor": actor,
              "action": action, "case_id": case_id, "detail": detail_text, "prev": prev}
    return hashlib.sha256(canonical(fields).encode("utf-8")).hexdigest()


def _clean(value: str, limit: int, field: str) -> str:
    """Actor/action text: control characters escaped, length capped (never refused: an audit
    entry about a malformed sign-in attempt must still be written)."""
    if not isinstance(value, str):
        raise ValidationError(field, "bad_type", f"{field} must be text")
    out = "".join(ch if ch.isprintable() else f"\\x{ord(ch):02x}" for ch in value)
    return out[:limit] or "?"


# ---------------------------------------------------------------------- writing
def record(session: Session, *, action: str, actor: str, case_id: int | None = None,
           detail: Mapping | None = None, at: datetime | None = None) -> None:
    """Append one entry to the chain inside the session's current transaction."""
    conn = session.connection()
    if conn.dialect.name == "sqlite":
        if not conn.get_execution_options().get(WRITE_OPTION, False):
            raise RuntimeError("audit.record needs a write unit of work (write=True)")
    else:
        session.execute(_LOCK_CHANGE_SEQ, {"name": CHANGE_SEQ})
    seq = next_value(session, AUDIT_SEQ, create=True)
    prev = session.execute(
        select(AuditEntry.hash).where(AuditEntry.seq == seq - 1)
    ).scalar_one_or_none() if seq > 1 else GENESIS
    if prev is None:  # the previous entry is gone: keep appending, verify will say where
        prev = GENESIS
    when = (at or china_now()).replace(tzinfo=None)
    actor_text = _clean(actor, MAX_ACTOR, "actor")
    action_text = _clean(action, MAX_ACTION, "action")
    detail_text = canonical(dict(detail or {}))
    # a Core insert: no ORM object kept in the caller's session
    session.execute(insert(AuditEntry.__table__).values(
        seq=seq, at=when, actor=actor_text, action=action_text, case_id=case_id,
        detail=detail_text, prev_hash=prev,
        hash=entry_hash(seq, when, actor_text, action_text, case_id, detail_text, prev),
    ))


# ---------------------------------------------------------------------- verifying
@dataclass(frozen=True)
class VerifyResult:
    """``ok`` or the first broken entry: its row ``entry_id`` (None when the break is at the
    end), ``seq`` and a ``reason`` code: hash_mismatch (edited), gap / broken_link (deleted or
    inserted), out_of_order (rows renumbered), tail_missing (entries deleted at the end),
    unexpected_entry (more entries than issued), anchor_mismatch (the chain was rebuilt).
    ``message`` is the English sentence for the CLI; ``head_seq``/``head_hash`` the last good
    entry."""

    ok: bool
    entries: int
    head_seq: int
    head_hash: str
    entry_id: int | None = None
    seq: int | None = None
    reason: str = ""
    message: str = ""


_BATCH = 20_000


def verify(ctx: AppContext, *, anchor: tuple[int, str] | None = None) -> VerifyResult:
    """Walk the whole chain (in batches, constant memory); see the module contract.
    ``anchor`` = (seq, hash) written down earlier: the entry with that seq must still have it."""
    count, expect_seq, prev, prev_id = 0, 1, GENESIS, 0

    def broken(row: Any, seq: int | None, reason: str, message: str) -> VerifyResult:
        return VerifyResult(False, count, expect_seq - 1, prev, row.id if row else None, seq,
                            reason, message)

    t = AuditEntry.__table__.c
    columns = (t.id, t.seq, t.at, t.actor, t.action, t.case_id, t.detail, t.prev_hash, t.hash)
    with ctx.unit_of_work() as uow:
        issued = current_value(uow.session, AUDIT_SEQ)
        last_seq = 0
        while True:  # plain rows in keyset pages: constant memory, no ORM objects
            rows = uow.session.execute(
                select(*columns).where(t.seq > last_seq).order_by(t.seq).limit(_BATCH)
            ).all()
            if not rows:
                break
            for row in rows:
                if row.seq != expect_seq:
                    return broken(row, row.seq, "gap", f"entry {expect_seq} is missing "
                                  f"(next is {row.seq}): deleted")
                if row.id <= prev_id:
                    return broken(row, row.seq, "out_of_order",
                                  f"entry {row.seq} was written before entry {row.seq - 1}")
                if row.prev_hash != prev:
                    return broken(row, row.seq, "broken_link", f"entry {row.seq} does not "
                                  "follow the entry before it: one was deleted or inserted")
                digest = entry_hash(row.seq, row.at, row.actor, row.action, row.case_id,
                                    row.detail, row.prev_hash)
                if digest != row.hash:
                    return broken(row, row.seq, "hash_mismatch",
                                  f"entry {row.seq} was altered after it was written")
                if anchor is not None and row.seq == anchor[0] and row.hash != anchor[1]:
                    return broken(row, row.seq, "anchor_mismatch", f"entry {row.seq} is not "
                                  "the one written down: the chain was rebuilt")
                count, expect_seq, prev, prev_id = count + 1, row.seq + 1, row.hash, row.id
            last_seq = rows[-1].seq
    if count < issued:
        return broken(None, count + 1, "tail_missing",
                      f"{issued} entries were written but the chain ends at {count}: deleted")
    if count > issued:
        return broken(None, issued + 1, "unexpected_entry",
                      f"the chain has {count} entries but only {issued} were written: inserted")
    if anchor is not None and anchor[0] > count:
        return broken(None, anchor[0], "anchor_mismatch",
                      f"entry {anchor[0]} written down earlier no longer exists")
    return VerifyResult(True, count, count, prev, message=f"{count} entries, chain intact")


# ---------------------------------------------------------------------- reading
@dataclass(frozen=True)
class AuditRow:
    id: int
    seq: int
    at: datetime
    actor: str
    action: str
    case_id: int | None
    detail: dict[str, Any]


EXPORT_COLUMNS = ("seq", "at", "actor", "action", "case_id", "detail")
DEFAULT_LIMIT = 1000


def _filtered(user: str | None, action: str | None, case_id: int | None,
              since: datetime | None, until: datetime | None) -> Select:
    q = select(AuditEntry)
    if user:
        q = q.where(AuditEntry.actor == user.strip())
    if action:
        action = action.strip()
        if action.endswith("*") or action.endswith("."):
            prefix = action.rstrip("*")
            # a range instead of LIKE: no wildcard characters of the user's to escape
            q = q.where(AuditEntry.action >= prefix, AuditEntry.action < prefix + "\uffff")
        else:
            q = q.where(AuditEntry.action == action)
    if case_id is not None:
        q = q.where(AuditEntry.case_id == int(case_id))
    if since is not None:
        q = q.where(AuditEntry.at >= since)
    if until is not None:
        q = q.where(AuditEntry.at < until)
    return q


def query(ctx: AppContext, *, user: str | None = None, action: str | None = None,
          case_id: int | None = None, since: datetime | None = None,
          until: datetime | None = None, limit: int | None = DEFAULT_LIMIT) -> list[AuditRow]:
    """Entries matching every given filter, newest first (``limit`` None = all).
    ``action`` ending in "*" or "." is a prefix ("case.*" = every case transition);
    ``until`` is exclusive. Raises `PermissionDenied` for a principal who may not view it."""
    require(ctx.principal, Right.VIEW_AUDIT)
    q = _filtered(user, action, case_id, since, until).order_by(AuditEntry.seq.desc())
    if limit is not None:
        q = q.limit(max(0, int(limit)))
    with ctx.unit_of_work() as uow:
        rows = uow.session.execute(q).scalars().all()
        return [AuditRow(r.id, r.seq, r.at, r.actor, r.action, r.case_id, _detail(r.detail))
                for r in rows]


def actions_in_use(ctx: AppContext) -> list[str]:
    """The distinct action names in the log (for the audit view's filter), sorted."""
    require(ctx.principal, Right.VIEW_AUDIT)
    with ctx.unit_of_work() as uow:
        return sorted(uow.session.execute(select(AuditEntry.action).distinct()).scalars())


def count(ctx: AppContext) -> int:
    with ctx.unit_of_work() as uow:
        return uow.session.execute(select(func.count()).select_from(AuditEntry)).scalar_one()


def _detail(text_: str) -> dict[str, Any]:
    try:
        value = json.loads(text_)
    except ValueError:
        return {"_raw": text_}
    return value if isinstance(value, dict) else {"_value": value}


def _cell(value: Any) -> Any:
    """Spreadsheet-safe text: a leading = + - @ (or tab/CR) would be run as a formula by Excel
    or WPS; prefix it with an apostrophe (OWASP CSV injection)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def export(ctx: AppContext, path: str | Path, *, user: str | None = None,
           action: str | None = None, case_id: int | None = None,
           since: datetime | None = None, until: datetime | None = None) -> int:
    """Write the filtered entries (oldest first) to ``path`` (.csv UTF-8 with BOM, or .xlsx)
    and audit the export ("audit.export" with the filter and the row count). Returns the count."""
    require(ctx.principal, Right.EXPORT_AUDIT)
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise ValidationError("path", "bad_format", "export to a .csv or .xlsx file")
    rows = query(ctx, user=user, action=action, case_id=case_id, since=since, until=until,
                 limit=None)
    rows.reverse()
    table = [[r.seq, r.at.isoformat(sep=" "), r.actor, r.action,
              r.case_id if r.case_id is not None else "", canonical(r.detail)] for r in rows]
    if suffix == ".csv":
        with path.open("w", encoding="utf-8-sig", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow(EXPORT_COLUMNS)
            writer.writerows([[_cell(v) for v in row] for row in table])
    else:
        from openpyxl import Workbook

        wb = Workbook(write_only=True)
        ws = wb.create_sheet("audit")
        ws.append(list(EXPORT_COLUMNS))
        for row in table:
            ws.append([_cell(v) for v in row])
        wb.save(path)
    filters = {k: v for k, v in (("user", user), ("action", action), ("case_id", case_id),
                                 ("since", since), ("until", until)) if v is not None}
    with ctx.unit_of_work(write=True) as uow:
        record(uow.session, action="audit.export", actor=actor_name(ctx),
               detail={"filters": filters, "rows": len(rows), "format": suffix[1:]},
               at=ctx.now())
    return len(rows)


def record_alert_ack(session: Session, row: Any, actor_id: str, at: datetime) -> None:
    """Called by `services.alerts.acknowledge`: an acknowledged alert becomes "alert.ack" (the note
    is not copied: it is free text and stays on the alert)."""
    record(session, action="alert.ack", actor=actor_id, at=at,
           detail={"alert_id": row.id, "kind": row.kind, "object": row.object_key})


def actor_name(ctx: AppContext, fallback: str = "system") -> str:
    """Who to write into an audit entry: the signed-in username, else ``fallback``."""
    p = ctx.principal
    return p.username if p is not None else fallback
