"""Table model of audit entries for the supervisor's audit view.

Holds a list of plain `services.audit.AuditRow` (never ORM objects). Columns ``COL_*``;
`DisplayRole` gives text (the action's translated name, detail as compact JSON, control
characters escaped), `ToolTipRole` the full detail or the raw action code, `EntryIdRole`
the row's id, `CaseIdRole` its case id (or None).
The audit view calls `set_rows` with a fresh query result (the view is small: a limit applies).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from commandcenter.services.audit import AuditRow, canonical

from .messages import audit_action_label
from .row_model import RowsModel

COL_SEQ, COL_AT, COL_ACTOR, COL_ACTION, COL_CASE, COL_DETAIL = range(6)
EntryIdRole = Qt.ItemDataRole.UserRole + 1
CaseIdRole = Qt.ItemDataRole.UserRole + 2


def _safe(text: str) -> str:
    return text if text.isprintable() else text.encode("unicode_escape").decode("ascii")


class AuditTableModel(RowsModel[AuditRow]):
    def headers(self) -> tuple[str, ...]:
        return (self.tr("No."), self.tr("Time"), self.tr("User"), self.tr("Action"),
                self.tr("Case"), self.tr("Detail"))

    def row_data(self, r: AuditRow, col: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return (str(r.seq), f"{r.at:%Y-%m-%d %H:%M:%S}", _safe(r.actor),
                    _safe(audit_action_label(r.action)),
                    "" if r.case_id is None else str(r.case_id),
                    _safe(canonical(r.detail)))[col]
        if role == Qt.ItemDataRole.ToolTipRole and col == COL_DETAIL:
            return _safe(canonical(r.detail))
        if role == Qt.ItemDataRole.ToolTipRole and col == COL_ACTION:
            return _safe(r.action)
        if role == EntryIdRole:
            return r.id
        if role == CaseIdRole:
            return r.case_id
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (COL_SEQ, COL_CASE):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None
