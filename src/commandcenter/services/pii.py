"""Reporter identity: reveal, export with identity, retention purge, key information (issue 8).

Who may see a reporter's identity in clear (DOMAIN.md §8; the rule `may_reveal` implements)
- Nobody anonymously: ``ctx.principal`` None (trusted system use) may purge and read key
  information, but never reveal or export identity (``sign_in_required``).
- An admin: any case.
- The centre operators who deal with the reporter: intake operators (they took the call),
  shift leaders, dispatchers and callback operators (they call the reporter back), for the
  cases in their scope (`permissions.case_in_scope`: district scope every case, a street
  scope its street's cases, a unit scope its unit's cases) or owned by their own centre.
- Handling units, grid workers, supervisors and viewers: never, unless an admin granted that
  user the right (`grant_reveal`, audited ``pii.grant``; `revoke_reveal` audited
  ``pii.revoke``); a grant still needs the case in scope.
- Export with identity (`export_identity`): admins, and shift leaders for their scope.

Every reveal needs a typed reason (2-200 characters with at least two letters; phones and ID
numbers typed into it are masked before they are stored) and writes the audit entry
``pii.reveal`` (actor, case, role, reason, which fields) in the same transaction that read the
identity: no audit entry, no identity. A refused attempt is audited too (``pii.reveal_denied``).
Exports (``pii.export``) and purges (``pii.purge``) are audited the same way.

Retention: `purge_identity(ctx, older_than_days)` removes the identity of cases in a terminal
state (closed, void, merged) whose ``closed_at`` is older than that many days (default: the
database setting ``pii_retention_days``, else `DEFAULT_RETENTION_DAYS`); the case and its
history stay, the reporter row is marked ``purged_at``.

Keys: `export_key` / `import_key` (audited) and `rotate_key` are for admins or trusted system use;
`key_info` is for anyone.
"""

from __future__ import annotations

import csv
import json
import os
from collections.abc import Mapping, Sequence
from datetime import timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import and_, select

from commandcenter.domain.pii import scrub_text
from commandcenter.domain.vocabulary import TERMINAL_STATES, Role
from commandcenter.store import crypto_keys
from commandcenter.store.crypto import KeySet, PiiDataError, PiiKeyError
from commandcenter.store.models import Case, Reporter
from commandcenter.store.records import CaseRecord

from . import audit
from .context import AppContext
from .dto import RevealedIdentity
from .errors import PermissionDenied, ValidationError
from .permissions import case_in_scope

__all__ = [
    "DEFAULT_RETENTION_DAYS", "PiiDataError", "PiiKeyError", "check_reason", "export_identity",
    "export_key", "grant_reveal", "import_key", "key_info", "may_reveal", "purge_identity",
    "retention_days", "reveal", "revoke_reveal",
]

REVEAL_ROLES = frozenset({Role.INTAKE_OPERATOR, Role.SHIFT_LEADER, Role.DISPATCHER,
                          Role.CALLBACK_OPERATOR})
EXPORT_ROLES = frozenset({Role.SHIFT_LEADER})
MIN_REASON, MAX_REASON = 2, 200
DEFAULT_RETENTION_DAYS = 3 * 365
RETENTION_SETTING = "pii_retention_days"
GRANT_PREFIX = "pii_grant:"


# ---------------------------------------------------------------------- rules
def check_reason(reason: str | None) -> str:
    """The reason as it will be audited (trimmed, phones/IDs masked) or `ValidationError`."""
    text = " ".join((reason or "").split())
    if not text:
        raise ValidationError("reason", "reason_missing", "type why you need the identity")
    if len(text) > MAX_REASON:
        raise ValidationError("reason", "reason_too_long",
                              f"the reason is longer than {MAX_REASON} characters")
    if len(text) < MIN_REASON or sum(ch.isalpha() for ch in text) < MIN_REASON:
        raise ValidationError("reason", "reason_too_short",
                              "the reason must say something (at least two letters)")
    return scrub_text(text)


def _granted(uow, username: str) -> bool:
    return bool(uow.settings.get(GRANT_PREFIX + username))


def may_reveal(principal, case: CaseRecord, *, granted: bool = False) -> str | None:
    """None when the principal may see this case's reporter in clear, else the refusal code
    (``sign_in_required``, ``wrong_role``, ``out_of_scope``)."""
    if principal is None:
        return "sign_in_required"
    if principal.role is Role.ADMIN:
        return None
    if principal.role not in REVEAL_ROLES and not granted:
        return "wrong_role"
    own_centre = principal.unit_code is not None and principal.unit_code == case.owner_centre
    if not (own_centre or case_in_scope(principal, case)):
        return "out_of_scope"
    return None


def _deny(ctx: AppContext, code: str, case_id: int | None, action: str) -> PermissionDenied:
    principal = ctx.principal
    if principal is not None:  # a refused look is worth a line in the trail too
        with ctx.unit_of_work(write=True) as uow:
            audit.record(uow.session, action=f"{action}_denied", actor=principal.username,
                         case_id=case_id, detail={"code": code, "role": principal.role.value},
                         at=ctx.now())
    messages = {
        "sign_in_required": "sign in to see a reporter's identity",
        "wrong_role": "your role may not see reporters' identity in clear",
        "out_of_scope": "this case is outside your scope",
    }
    return PermissionDenied(code, messages.get(code, code), case_id=case_id)


# ---------------------------------------------------------------------- reveal
def reveal(ctx: AppContext, case_id: int | str, reason: str) -> RevealedIdentity:
    """The case's reporter in clear, audited (see the module docstring). Raises
    `PermissionDenied`, `ValidationError` (reason), `CaseNotFoundError`, `PiiKeyError`."""
    principal = ctx.principal
    if principal is None:
        raise _deny(ctx, "sign_in_required", None, "pii.reveal")
    why = check_reason(reason)
    refused: tuple[str, int] | None = None
    with ctx.unit_of_work(write=True) as uow:
        record = uow.cases.find(case_id)
        code = may_reveal(principal, record, granted=_granted(uow, principal.username))
        if code is None:
            reporter = uow.cases.reporter_strict(record.id)
            fields = [] if reporter is None else [
                k for k in ("name", "phone", "id_number") if getattr(reporter, k)]
            status = ("none" if reporter is None else
                      "purged" if reporter.purged_at is not None else "ok")
            at = ctx.now()
            audit.record(uow.session, action="pii.reveal", actor=principal.username,
                         case_id=record.id, at=at,
                         detail={"reason": why, "role": principal.role.value,
                                 "fields": fields, "status": status})
        else:
            refused = (code, record.id)
    if refused is not None:
        raise _deny(ctx, refused[0], refused[1], "pii.reveal")
    return RevealedIdentity(
        case_id=record.id, code=record.code,
        name=reporter.name if reporter else None, phone=reporter.phone if reporter else None,
        id_number=reporter.id_number if reporter else None, revealed_at=at)


# ---------------------------------------------------------------------- grants
def _require_admin(ctx: AppContext) -> None:
    p = ctx.principal
    if p is not None and p.role is not Role.ADMIN:
        raise PermissionDenied("wrong_role", "only an admin may do this", role=p.role.value)


def grant_reveal(ctx: AppContext, username: str, reason: str) -> None:
    """Let ``username`` (e.g. a handling unit's account) reveal identity in its scope."""
    _require_admin(ctx)
    why = check_reason(reason)
    actor = audit.actor_name(ctx)
    with ctx.unit_of_work(write=True) as uow:
        uow.settings.put(GRANT_PREFIX + username, json.dumps(
            {"by": actor, "at": ctx.now().isoformat(), "reason": why}, ensure_ascii=False))
        audit.record(uow.session, action="pii.grant", actor=actor, at=ctx.now(),
                     detail={"user": username, "reason": why})


def revoke_reveal(ctx: AppContext, username: str) -> None:
    _require_admin(ctx)
    actor = audit.actor_name(ctx)
    with ctx.unit_of_work(write=True) as uow:
        uow.settings.put(GRANT_PREFIX + username, "")
        audit.record(uow.session, action="pii.revoke", actor=actor, at=ctx.now(),
                     detail={"user": username})


# ---------------------------------------------------------------------- export
EXPORT_COLUMNS = ("case_code", "reported_at", "state", "street_code", "name", "phone",
                  "id_number")


def _selected(uow, cases: Sequence[int] | Mapping[str, Any]) -> list[CaseRecord]:
    if isinstance(cases, Mapping):
        c = Case.__table__.c
        conds = [c.id == c.id]
        if cases.get("street_code"):
            conds.append(c.street_code == cases["street_code"])
        if cases.get("state"):
            conds.append(c.state == str(cases["state"]))
        if cases.get("reported_from"):
            conds.append(c.reported_at >= cases["reported_from"])
        if cases.get("reported_to"):
            conds.append(c.reported_at < cases["reported_to"])
        unknown = set(cases) - {"street_code", "state", "reported_from", "reported_to"}
        if unknown:
            raise ValidationError("filter", "unknown_filter",
                                  f"unknown export filter(s): {', '.join(sorted(unknown))}")
        r = Reporter.__table__.c
        ids = uow.session.execute(
            select(c.id).where(and_(*conds), c.id.in_(select(r.case_id))).order_by(c.id)
        ).scalars().all()
    else:
        ids = list(dict.fromkeys(int(i) for i in cases))
    return [uow.cases.get(i) for i in ids]


def export_identity(ctx: AppContext, cases: Sequence[int] | Mapping[str, Any],
                    path: str | Path, reason: str) -> int:
    """Write the reporters of ``cases`` (ids, or a filter mapping with ``street_code``,
    ``state``, ``reported_from``, ``reported_to``) WITH identity to a CSV file readable by its
    owner only; returns the rows written. Admins, or shift leaders for cases in their scope (an
    explicit id outside it refuses the whole export; a filter keeps only cases in scope).
    Audited ``pii.export`` with every exported case id."""
    principal = ctx.principal
    if principal is None:
        raise _deny(ctx, "sign_in_required", None, "pii.export")
    if principal.role is not Role.ADMIN and principal.role not in EXPORT_ROLES:
        raise _deny(ctx, "wrong_role", None, "pii.export")
    why = check_reason(reason)
    path = Path(path)
    refused = None
    rows: list[list[Any]] = []
    with ctx.unit_of_work(write=True) as uow:
        records = _selected(uow, cases)
        admin = principal.role is Role.ADMIN
        if not admin:
            outside = [r for r in records if not case_in_scope(principal, r)]
            if outside and not isinstance(cases, Mapping):
                refused = outside[0].id
            records = [r for r in records if case_in_scope(principal, r)]
        if refused is None:
            for rec in records:
                rep = uow.cases.reporter_strict(rec.id)
                if rep is None or rep.is_empty:
                    continue
                rows.append([rec.code, rec.reported_at.isoformat(sep=" "), rec.state.value,
                             rec.street_code or "", rep.name or "", rep.phone or "",
                             rep.id_number or ""])
            _write_private_csv(path, rows)
            audit.record(uow.session, action="pii.export", actor=principal.username,
                         at=ctx.now(), detail={
                             "reason": why, "role": principal.role.value, "rows": len(rows),
                             "file": path.name,
                             "case_ids": [r.id for r in records]})
    if refused is not None:
        raise _deny(ctx, "out_of_scope", refused, "pii.export")
    return len(rows)


def _write_private_csv(path: Path, rows: list[list[Any]]) -> None:
    tmp = path.with_name(path.name + ".part")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with os.fdopen(fd, "w", encoding="utf-8-sig", newline="") as f:
            writer = csv.writer(f)
            writer.writerow(EXPORT_COLUMNS)
            writer.writerows(rows)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


# ---------------------------------------------------------------------- retention
def retention_days(ctx: AppContext) -> int:
    with ctx.unit_of_work() as uow:
        raw = uow.settings.get(RETENTION_SETTING)
    try:
        days = int(raw) if raw else DEFAULT_RETENTION_DAYS
    except ValueError:
        days = DEFAULT_RETENTION_DAYS
    return days if days >= 1 else DEFAULT_RETENTION_DAYS


def purge_identity(ctx: AppContext, older_than_days: int | None = None) -> int:
    """Remove the identity of cases closed more than ``older_than_days`` ago (see the module
    docstring); returns the reporters purged. Admins or trusted system use only."""
    _require_admin(ctx)
    days = retention_days(ctx) if older_than_days is None else older_than_days
    if isinstance(days, bool) or not isinstance(days, int) or days < 1:
        raise ValidationError("older_than_days", "bad_days",
                              "the retention period is a whole number of days, at least 1")
    now = ctx.now()
    cutoff = now - timedelta(days=days)
    c = Case.__table__.c
    with ctx.unit_of_work(write=True) as uow:
        if uow.session.get_bind().dialect.name == "sqlite":
            uow.session.connection().exec_driver_sql("PRAGMA secure_delete=ON")  # zero it
        ids = uow.session.execute(
            select(c.id).where(c.state.in_([s.value for s in TERMINAL_STATES]),
                               c.closed_at.isnot(None), c.closed_at < cutoff)
        ).scalars().all()
        purged = uow.cases.purge_reporters(ids, now)
        audit.record(uow.session, action="pii.purge", actor=audit.actor_name(ctx), at=now,
                     detail={"older_than_days": days, "cutoff": cutoff.isoformat(),
                             "reporters": purged})
    return purged


# ---------------------------------------------------------------------- keys
def export_key(ctx: AppContext, path: str | Path) -> str:
    """Copy this database's identity key to a file (0600) for another workstation; admins or
    trusted system use; audited ``pii.key_export``. Returns the current key id."""
    _require_admin(ctx)
    with ctx.unit_of_work(write=True) as uow:
        keyset = crypto_keys.export_keys(uow.session, Path(path))
        audit.record(uow.session, action="pii.key_export", actor=audit.actor_name(ctx),
                     at=ctx.now(), detail={"key_ids": sorted(keyset.keys)})
    return keyset.current


def import_key(ctx: AppContext, path: str | Path) -> str:
    """Add an exported identity key of THIS database to this workstation; audited
    ``pii.key_import``. Returns the current key id."""
    _require_admin(ctx)
    with ctx.unit_of_work(write=True) as uow:
        keyset = crypto_keys.import_keys(uow.session, Path(path))
        audit.record(uow.session, action="pii.key_import", actor=audit.actor_name(ctx),
                     at=ctx.now(), detail={"key_ids": sorted(keyset.keys)})
    return keyset.current


def rotate_key(ctx: AppContext) -> KeySet:
    """Add a new current identity key (old rows keep theirs and stay readable); admins or
    trusted system use. Returns the new key set."""
    _require_admin(ctx)
    with ctx.unit_of_work(write=True) as uow:
        return crypto_keys.rotate_key(uow.session)


def key_info(ctx: AppContext) -> dict[str, Any]:
    """Where this database's identity key is looked for, whether it is there, and how many
    sealed rows each key id holds (never the key itself)."""
    store = crypto_keys.default_store()
    r = Reporter.__table__.c
    from sqlalchemy import func

    with ctx.unit_of_work() as uow:
        db_id = crypto_keys.database_id(uow.session)
        by_key = dict(uow.session.execute(
            select(r.key_id, func.count()).where(r.identity_ct.isnot(None)).group_by(r.key_id)
        ).all())
        purged = uow.session.execute(
            select(func.count()).where(r.purged_at.isnot(None))).scalar_one()
    info: dict[str, Any] = {"database_id": db_id, "store": store.describe(),
                            "keyring_usable": crypto_keys.keyring_usable(),
                            "sealed_rows_by_key": by_key, "purged_rows": purged}
    try:
        keyset = store.load(db_id) if db_id else None
    except PiiKeyError as exc:
        keyset, info["error"] = None, str(exc)
    info["key_present"] = keyset is not None
    info["current_key"] = keyset.current if keyset else None
    info["key_ids"] = sorted(keyset.keys) if keyset else []
    info["missing_keys"] = sorted(k for k in by_key if k not in info["key_ids"])
    return info
