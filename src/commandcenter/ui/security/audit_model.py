"""Table model of audit entries for the supervisor's audit view.

Holds a list of plain `services.audit.AuditRow` (never ORM objects). Columns ``COL_*``;
`DisplayRole` gives text (the action's translated name, detail as compact JSON, control
characters escaped), `ToolTipRole` the full detail or the raw action code, `EntryIdRole`
the row's id, `CaseIdRole` its case id (or None).
The audit view calls `set_rows` with a fresh query result (the view is small: a limit applies).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from commandcenter.services.audit import AuditRow, canonical

from .messages import audit_action_label

COL_SEQ, COL_AT, COL_ACTOR, COL_ACTION, COL_CASE, COL_DETAIL = range(6)
EntryIdRole = Qt.ItemDataRole.UserRole + 1
CaseIdRole = Qt.ItemDataRole.UserRole + 2

Index = QModelIndex | QPersistentModelIndex


def _safe(text: str) -> str:
    return text if text.isprintable() else text.encode("unicode_escape").decode("ascii")


class AuditTableModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.rows: list[AuditRow] = []

    def set_rows(self, rows: list[AuditRow]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else 6

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        names = (self.tr("No."), self.tr("Time"), self.tr("User"), self.tr("Action"),
                 self.tr("Case"), self.tr("Detail"))
        return names[section] if 0 <= section < len(names) else None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        r = self.rows[index.row()]
        col = index.column()
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
