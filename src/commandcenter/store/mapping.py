"""Conversions between domain values and ``cases`` / ``case_events`` / ``reporters`` rows.

Reporter rows are sealed and opened here only (`reporter_columns`, `reporter_from_row`).

Contracts
- `snapshot_columns(snapshot)` gives every lifecycle column of a ``cases`` row, plus the
  denormalised current clock (``due_start``, ``due_at``, ``clock_paused``, from
  `lifecycle.current_clock`); `snapshot_of(record)` reads the snapshot back, and the round trip is
  lossless for every field of `CaseSnapshot`.
- Stored forms: enums as their values; tuples as JSON lists; clocks as `sla.Clock.to_dict()`;
  whistles as `Whistle.to_dict()`; time limits as their text (``"4 working_hours"``).
- Mapping is driven by `dataclasses.fields(CaseSnapshot)`: a field added there without a column
  in ``cases`` fails loudly (`SNAPSHOT_FIELDS` is checked against the table at import).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import fields
from typing import Any

from commandcenter.domain.calendar import TimeLimit
from commandcenter.domain.case import CaseSnapshot, Event, Whistle
from commandcenter.domain.lifecycle import current_clock
from commandcenter.domain.pii import normalise_phone
from commandcenter.domain.sla import Clock
from commandcenter.domain.vocabulary import AreaClass, Channel, Level, Role, State

from .crypto import IdentityCipher
from .models import Case, CaseEvent
from .records import CaseRecord, EventRecord, ReporterRecord

SNAPSHOT_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(CaseSnapshot))
CASE_COLUMNS: tuple[str, ...] = tuple(c.name for c in Case.__table__.columns)

_missing = sorted(set(SNAPSHOT_FIELDS) - set(CASE_COLUMNS))
if _missing:  # pragma: no cover - a schema/domain mismatch must not reach a user
    raise ImportError(f"CaseSnapshot fields without a cases column: {_missing}")


def _opt(convert: Callable[[Any], Any]) -> Callable[[Any], Any]:
    return lambda v: None if v is None else convert(v)


def _limit_to_db(value: Any) -> str | None:
    if value is None:
        return None
    if not isinstance(value, TimeLimit):
        raise TypeError(f"expected a TimeLimit, got {value!r}")
    return str(value)


# field -> (to database, from database); fields not listed are stored as they are.
_CONVERTERS: dict[str, tuple[Callable[[Any], Any], Callable[[Any], Any]]] = {
    "state": (lambda s: State(s).value, State),
    "channel": (lambda c: Channel(c).value, Channel),
    "level": (lambda lv: Level(lv).value, Level),
    "hung_from": (_opt(lambda s: State(s).value), _opt(State)),
    "area_class": (_opt(lambda a: AreaClass(a).value), _opt(AreaClass)),
    "co_handlers": (list, tuple),
    "lead_chain": (list, tuple),
    "centre_chain": (list, tuple),
    "whistle": (_opt(Whistle.to_dict), _opt(Whistle.from_dict)),
    "stage_clock": (_opt(Clock.to_dict), _opt(Clock.from_dict)),
    "handle_clock": (_opt(Clock.to_dict), _opt(Clock.from_dict)),
    "extension_requested": (_limit_to_db, _opt(TimeLimit.parse)),
    "handle_limit": (_limit_to_db, _opt(TimeLimit.parse)),
}
_IDENTITY = (lambda v: v, lambda v: v)


def snapshot_columns(snapshot: CaseSnapshot) -> dict[str, Any]:
    """Column values of a ``cases`` row for this snapshot (lifecycle part + current clock)."""
    out = {name: _CONVERTERS.get(name, _IDENTITY)[0](getattr(snapshot, name))
           for name in SNAPSHOT_FIELDS}
    clock = current_clock(snapshot)
    out["due_start"] = clock.start if clock is not None else None
    out["due_at"] = clock.deadline if clock is not None else None
    out["clock_paused"] = bool(clock is not None and clock.is_paused)
    return out


def record_from_row(row: Mapping[str, Any]) -> CaseRecord:
    """A `CaseRecord` from a ``cases`` row mapping (all columns selected)."""
    values = {name: _CONVERTERS.get(name, _IDENTITY)[1](row[name]) for name in CASE_COLUMNS}
    return CaseRecord(**values)


def snapshot_of(record: CaseRecord) -> CaseSnapshot:
    """The lifecycle's view of a stored case."""
    return CaseSnapshot(**{name: getattr(record, name) for name in SNAPSHOT_FIELDS})


def event_row(event: Event, case_id: int, seq: int) -> dict[str, Any]:
    """Insert values for one ``case_events`` row."""
    return {
        "case_id": case_id,
        "seq": seq,
        "action": event.action,
        "from_state": State(event.from_state).value if event.from_state is not None else None,
        "to_state": State(event.to_state).value,
        "actor_id": event.actor_id,
        "role": Role(event.role).value,
        "unit_code": event.unit_code,
        "at": event.at,
        "reason": event.reason or "",
        "payload": dict(event.payload),
    }


EVENT_COLUMNS: tuple[str, ...] = tuple(c.name for c in CaseEvent.__table__.columns)


def event_from_row(row: Mapping[str, Any]) -> EventRecord:
    return EventRecord(
        id=row["id"], case_id=row["case_id"], seq=row["seq"], action=row["action"],
        from_state=State(row["from_state"]) if row["from_state"] is not None else None,
        to_state=State(row["to_state"]), actor_id=row["actor_id"], role=Role(row["role"]),
        unit_code=row["unit_code"], at=row["at"], reason=row["reason"] or "",
        payload=dict(row["payload"] or {}),
    )


def reporter_columns(cipher: IdentityCipher, case_ids: Sequence[int],
                     names: Sequence[str | None], phones: Sequence[str | None],
                     ids: Sequence[str | None]) -> dict[str, list]:
    """THE way reporter identity becomes ``reporters`` column values (repository and the demo's
    bulk writer both call it): phones normalised, one sealed ciphertext per row, the current
    key id, the phone's blind index. Columns as lists, row i = input i."""
    phones = [normalise_phone(p) if p else None for p in phones]
    ids = [i.strip().upper() if i else None for i in ids]
    names = [n.strip() if n else None for n in names]
    return {
        "case_id": list(case_ids),
        "identity_ct": cipher.seal_many(case_ids, names, phones, ids),
        "key_id": [cipher.key_id] * len(case_ids),
        "phone_index": cipher.phone_index_many(phones, normalised=True),
    }


def reporter_from_row(row: Mapping[str, Any], cipher: IdentityCipher | None,
                      unavailable: str | None = None) -> ReporterRecord:
    """Open a ``reporters`` row. Without a cipher (``unavailable`` says why) or for a purged
    row the identity fields are None."""
    base = {"id": row["id"], "case_id": row["case_id"], "purged_at": row["purged_at"]}
    if row["identity_ct"] is None:
        return ReporterRecord(**base)
    if cipher is None:
        return ReporterRecord(**base, unavailable=unavailable or "key_missing")
    name, phone, ident = cipher.open(row["case_id"], row["identity_ct"], row["key_id"])
    return ReporterRecord(name=name, phone=phone, id_number=ident, **base)
