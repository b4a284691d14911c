"""What every kind of reference-data sync shares: the preview, its changes, the error, the
history lookups (`sync.reference` for units / people, `sync.reference_catalogue` for the
categories and their filing/closing standards).

- `RefPreview` is what a preview or an application returns; ``to_dict()`` is JSON-able (the
  CLI's --json, the GUI's tables). ``kind`` is ``units``, ``people`` or ``categories``.
- `RefChange.fields` are the keys whose value differs between ``before`` and ``after``, a key
  missing on one side included (a dropped filing condition is a change of its fields).
- `found_columns(frame, aliases)`: our field -> the file's column (Chinese or English aliases).
- `latest_retired(session, kind)`: codes whose latest ``sync_reference_changes`` row of that
  history kind (``unit``, ``category``) is a retirement.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

import pandas as pd
from sqlalchemy import func, select

from commandcenter.store.models_sync import SyncReferenceChange

TRUE = {"1", "true", "yes", "y", "是", "在岗", "有效"}
FALSE = {"0", "false", "no", "n", "否", "离岗", "无效", "停用"}


class ReferenceError(ValueError):
    """The file cannot be applied; ``problems`` lists every finding."""

    def __init__(self, message: str, problems: list[str] | None = None) -> None:
        super().__init__(message)
        self.problems = problems or []


@dataclass
class RefChange:
    code: str
    action: str  # added | changed | retired | reactivated
    before: dict[str, Any] | None
    after: dict[str, Any] | None

    @property
    def fields(self) -> tuple[str, ...]:
        if self.before is None or self.after is None:
            return ()
        keys = dict.fromkeys([*self.after, *self.before])
        return tuple(k for k in keys if self.before.get(k) != self.after.get(k))


@dataclass
class RefPreview:
    kind: str  # units | people | categories
    file: str
    sha256: str
    total: int
    full: bool
    changes: list[RefChange] = field(default_factory=list)
    unchanged: int = 0
    # code, reason (English text) and the reasons' figures: for units centre, open_cases,
    # people, children; for categories cases, conditions, rules
    refused: list[dict[str, Any]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    status: str = "preview"  # preview | applied | already_applied

    def counts(self) -> dict[str, int]:
        out = dict.fromkeys(("added", "changed", "retired", "reactivated"), 0)
        for c in self.changes:
            out[c.action] += 1
        return {**out, "unchanged": self.unchanged, "refused": len(self.refused),
                "problems": len(self.problems)}

    def to_dict(self) -> dict[str, Any]:
        """JSON-able (for the CLI's --json and the GUI's tables)."""
        out = asdict(self)
        out["counts"] = self.counts()
        for change, plain in zip(self.changes, out["changes"], strict=True):
            plain["fields"] = list(change.fields)
        return out


def text(value: Any) -> str | None:
    """A cell as stripped text; None for empty or missing."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    out = str(value).strip()
    return out or None


def found_columns(frame: pd.DataFrame, aliases: dict[str, tuple[str, ...]]) -> dict[str, str]:
    """Our field -> the file's column, by the first alias the header has (case-folded)."""
    columns = {str(c).strip().casefold(): c for c in frame.columns}
    out = {}
    for target, names in aliases.items():
        for alias in names:
            if alias.casefold() in columns:
                out[target] = columns[alias.casefold()]
                break
    return out


def _latest_ids(kind: str) -> Any:
    """Per code of history kind ``kind``, the id of its latest history row (a subquery)."""
    t = SyncReferenceChange.__table__
    return select(t.c.code, func.max(t.c.id).label("id")).where(t.c.kind == kind) \
        .group_by(t.c.code).subquery()


def latest_changes(session: Any, kind: str) -> dict[str, dict[str, Any]]:
    """Per code, the latest history row (action, before, after) of history kind ``kind``."""
    t = SyncReferenceChange.__table__
    last = _latest_ids(kind)
    rows = session.execute(select(t.c.code, t.c.action, t.c.before, t.c.after)
                           .join(last, last.c.id == t.c.id)).mappings()
    return {r["code"]: dict(r) for r in rows}


def latest_retired(session: Any, kind: str) -> set[str]:
    """The codes of history kind ``kind`` whose latest history row is a retirement."""
    t = SyncReferenceChange.__table__
    last = _latest_ids(kind)
    rows = session.execute(select(t.c.code).join(last, last.c.id == t.c.id)
                           .where(t.c.action == "retired")).scalars()
    return set(rows)
