"""Export what changed locally since the last export into the outbox.

Our documented export format (also what the ``commandcenter`` mapping profile reads back):
- ``cases_<stamp>.csv`` (UTF-8 with BOM, so Excel opens it in Chinese) and/or
  ``cases_<stamp>.xlsx`` (sheets ``cases`` and ``events``): one row per case changed since the
  last export, columns `CASE_COLUMNS`; times ``YYYY-MM-DD HH:MM:SS`` in the centre's local time;
  coordinates WGS84.
- ``events_<stamp>.csv``: the events written since the last export, columns `EVENT_COLUMNS`,
  ``payload`` as JSON text.
- on request ``open311_<stamp>.json``: Open311 GeoReport v2 requests (DOMAIN.md §9): states 0-8
  of the lifecycle order are ``open``, the rest ``closed``.
Reporter identity is never exported (the reporters table is not read).

Contracts
- `export_changes` records the highest change seq it exported in ``sync_exports``; the next
  export starts after it. Files are written to a temporary name and renamed, and the record is
  committed only after the files exist, so a crash re-exports rather than loses changes.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import pandas as pd
from sqlalchemy import func, insert, select

from commandcenter.domain.vocabulary import State
from commandcenter.store.models import Case, CaseEvent
from commandcenter.store.models_sync import SyncExport

CASE_COLUMNS = (
    "code", "source", "external_id", "channel", "state", "minor_code", "title", "description",
    "address", "lon", "lat", "street_code", "community_code", "grid_code", "priority",
    "lead_unit", "reported_at", "registered_at", "dispatched_at", "handled_at", "closed_at",
    "due_at", "version", "updated_seq",
)
EVENT_COLUMNS = ("case_code", "seq", "action", "from_state", "to_state", "actor_id", "role",
                 "unit_code", "at", "reason", "payload")
FORMATS = ("csv", "xlsx", "open311")
_ORDER = list(State)
OPEN311_OPEN = frozenset(s.value for s in _ORDER[:9])

cases_t = Case.__table__
events_t = CaseEvent.__table__


@dataclass
class ExportResult:
    cases: int = 0
    events: int = 0
    since_seq: int = 0
    max_seq: int = 0
    files: list[str] = field(default_factory=list)


def last_export_seq(session: Any) -> int:
    return int(session.execute(select(func.max(SyncExport.max_seq))).scalar() or 0)


def _frames(session: Any, since: int) -> tuple[pd.DataFrame, pd.DataFrame, int]:
    cols = [cases_t.c[c] for c in CASE_COLUMNS]
    cases = pd.DataFrame(session.execute(select(*cols).where(cases_t.c.updated_seq > since)
                                         .order_by(cases_t.c.id)).all(), columns=CASE_COLUMNS)
    ev_cols = [cases_t.c.code.label("case_code"), *(events_t.c[c] for c in EVENT_COLUMNS[1:])]
    events = pd.DataFrame(session.execute(
        select(*ev_cols).join(cases_t, cases_t.c.id == events_t.c.case_id)
        .where(events_t.c.seq > since).order_by(events_t.c.id)).all(), columns=EVENT_COLUMNS)
    events["payload"] = events["payload"].map(lambda p: json.dumps(p or {}, ensure_ascii=False))
    max_seq = int(max(cases["updated_seq"].max() if len(cases) else since,
                      events["seq"].max() if len(events) else since))
    return cases, events, max_seq


def _fmt_times(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    for col in out.columns:
        if col.endswith("_at") or col == "at":
            out[col] = pd.to_datetime(out[col]).dt.strftime("%Y-%m-%d %H:%M:%S")
    return out


def _write(target: Path, writer) -> None:
    tmp = target.with_name(target.name + ".part")
    writer(tmp)
    os.replace(tmp, target)


def open311_requests(cases: pd.DataFrame, minor_names: dict[str, str]) -> list[dict[str, Any]]:
    out = []
    for r in cases.itertuples(index=False):
        out.append({
            "service_request_id": r.code,
            "status": "open" if r.state in OPEN311_OPEN else "closed",
            "status_notes": r.state,
            "service_code": r.minor_code,
            "service_name": minor_names.get(r.minor_code or "", ""),
            "description": r.description or r.title,
            "agency_responsible": r.lead_unit,
            "requested_datetime": _iso(r.reported_at),
            "updated_datetime": _iso(r.closed_at) or _iso(r.reported_at),
            "expected_datetime": _iso(r.due_at),
            "closed_datetime": _iso(r.closed_at),
            "address": r.address,
            "lat": None if pd.isna(r.lat) else float(r.lat),
            "long": None if pd.isna(r.lon) else float(r.lon),
            "media_url": None,
        })
    return out


def _iso(value: Any) -> str | None:
    if value is None or pd.isna(value):
        return None
    return pd.Timestamp(value).strftime("%Y-%m-%dT%H:%M:%S+08:00")


def export_changes(ctx: Any, outbox: Path | str, formats: tuple[str, ...] = ("csv", "xlsx"),
                   *, since: int | None = None, now: datetime | None = None) -> ExportResult:
    """Write the changes since the last export (or ``since``) into ``outbox``."""
    bad = [f for f in formats if f not in FORMATS]
    if bad:
        raise ValueError(f"unknown export format(s): {', '.join(bad)}")
    outbox = Path(outbox)
    outbox.mkdir(parents=True, exist_ok=True)
    now = now or ctx.now()
    stamp = now.strftime("%Y%m%d-%H%M%S")
    with ctx.unit_of_work() as uow:
        start = last_export_seq(uow.session) if since is None else since
        cases, events, max_seq = _frames(uow.session, start)
    result = ExportResult(cases=len(cases), events=len(events), since_seq=start, max_seq=max_seq)
    if not len(cases) and not len(events):
        return result
    c_out, e_out = _fmt_times(cases), _fmt_times(events)
    if "csv" in formats:
        p = outbox / f"cases_{stamp}.csv"
        _write(p, lambda t: c_out.to_csv(t, index=False, encoding="utf-8-sig"))
        q = outbox / f"events_{stamp}.csv"
        _write(q, lambda t: e_out.to_csv(t, index=False, encoding="utf-8-sig"))
        result.files += [p.name, q.name]
    if "xlsx" in formats:
        p = outbox / f"cases_{stamp}.xlsx"
        _write(p, lambda t: _xlsx(t, c_out, e_out))
        result.files.append(p.name)
    if "open311" in formats:
        names = {m.code: m.name for m in ctx.catalogue.minors}
        p = outbox / f"open311_{stamp}.json"
        doc = open311_requests(cases, names)
        _write(p, lambda t: t.write_text(json.dumps(doc, ensure_ascii=False, indent=1),
                                         encoding="utf-8"))
        result.files.append(p.name)
    with ctx.unit_of_work(write=True) as uow:
        uow.session.execute(insert(SyncExport.__table__).values(
            at=now, max_seq=max_seq, cases=len(cases), events=len(events), files=result.files))
    return result


def _xlsx(target: Path, cases: pd.DataFrame, events: pd.DataFrame) -> None:
    import openpyxl

    book = openpyxl.Workbook(write_only=True)
    for title, frame in (("cases", cases), ("events", events)):
        sheet = book.create_sheet(title)
        sheet.append(list(frame.columns))
        for row in frame.astype(object).where(frame.notna(), None).itertuples(index=False):
            sheet.append(list(row))
    with open(target, "wb") as fh:
        book.save(fh)
