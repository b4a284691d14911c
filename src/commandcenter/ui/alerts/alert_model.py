"""Table model of alerts: plain `services.alerts.AlertRow` values, formatted lazily.

Contracts
- `AlertTableModel.set_rows(rows, names)` replaces the rows (a model reset; the list is small:
  open alerts only); `remove_alert(alert_id)` drops one row (after acknowledgement). Called by
  `AlertsPanel` on the GUI thread only. ``names`` is `services.alerts.object_names` output.
- Columns `COL_*`. Roles: `AlertIdRole` (int id), `CaseIdsRole` (list[int] behind the alert),
  `GridRole` (grid code or None), `SeverityRole` (1-3), `KindRole` (kind string), `SortRole`
  (a sortable value per column, used by `AlertFilterProxy`).
- `AlertFilterProxy`: sorts by `SortRole`; filters by kind (None = all) and minimum severity.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QBrush, QColor

(COL_SEVERITY, COL_KIND, COL_OBJECT, COL_OBSERVED, COL_EXPECTED, COL_RAISED) = range(6)
COLUMN_COUNT = 6

AlertIdRole = Qt.ItemDataRole.UserRole + 1
CaseIdsRole = Qt.ItemDataRole.UserRole + 2
GridRole = Qt.ItemDataRole.UserRole + 3
SeverityRole = Qt.ItemDataRole.UserRole + 4
KindRole = Qt.ItemDataRole.UserRole + 5
SortRole = Qt.ItemDataRole.UserRole + 6

KIND_LABELS: dict[str, str] = {
    "deadline": QT_TRANSLATE_NOOP("AlertKind", "Deadline"),
    "surge": QT_TRANSLATE_NOOP("AlertKind", "Surge"),
    "repeat": QT_TRANSLATE_NOOP("AlertKind", "Repeat problem"),
    "data_quality": QT_TRANSLATE_NOOP("AlertKind", "Data quality"),
}
SUBKIND_LABELS: dict[str, str] = {
    "red": QT_TRANSLATE_NOOP("AlertKind", "Overdue cases"),
    "grid_minor": QT_TRANSLATE_NOOP("AlertKind", "Surge in grid × class"),
    "street_major": QT_TRANSLATE_NOOP("AlertKind", "Surge in street × category"),
    "address": QT_TRANSLATE_NOOP("AlertKind", "Repeated at one address"),
    "nearby": QT_TRANSLATE_NOOP("AlertKind", "Repeated within 50 m"),
    "ping_pong": QT_TRANSLATE_NOOP("AlertKind", "Return ping-pong"),
    "forced_close": QT_TRANSLATE_NOOP("AlertKind", "Forced-close rate"),
    "month_end": QT_TRANSLATE_NOOP("AlertKind", "Reports bunched at month end"),
}
SEVERITY_LABELS = {
    1: QT_TRANSLATE_NOOP("AlertKind", "Low"),
    2: QT_TRANSLATE_NOOP("AlertKind", "Medium"),
    3: QT_TRANSLATE_NOOP("AlertKind", "High"),
}
SEVERITY_COLOURS = {1: QColor("#fff3c4"), 2: QColor("#ffd59e"), 3: QColor("#f4a3a3")}
RATE_SUBKINDS = ("forced_close", "month_end")
_Index = QModelIndex | QPersistentModelIndex


def kind_label(kind: str) -> str:
    return QCoreApplication.translate("AlertKind", KIND_LABELS.get(kind, kind))


def subkind_label(subkind: str) -> str:
    return QCoreApplication.translate("AlertKind", SUBKIND_LABELS.get(subkind, subkind))


def severity_label(severity: int) -> str:
    return QCoreApplication.translate("AlertKind", SEVERITY_LABELS.get(severity, str(severity)))


def object_text(row: Any, names: dict[str, dict[str, str]]) -> str:
    """A readable name of what the alert is about (codes where no name is known)."""
    key = row.object_key

    def get(table: str, code: str) -> str:
        return names.get(table, {}).get(code, code)

    if row.object_type in ("grid_minor", "street_major") and "/" in key:
        place, cls = key.split("/", 1)
        if row.object_type == "grid_minor":
            return f"{get('grid', place)} · {get('minor', cls)}"
        return f"{get('street', place)} · {get('major', cls)}"
    if row.object_type == "place" and "@" in key:
        return f"{get('minor', key.split('@', 1)[0])} · {row.detail.get('address', key)}"
    if row.object_type == "address":
        return str(row.detail.get("address", key))
    if row.object_type == "case":
        return get("case", key)
    table = {"unit": "unit", "street": "street", "person": "person"}.get(row.object_type)
    return get(table, key) if table else key


def _number(value: float | None, rate: bool) -> str:
    if value is None:
        return ""
    if rate:
        return f"{value * 100:.1f}%"
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.2f}"


class AlertTableModel(QAbstractTableModel):
    """Open alerts (see the module docstring for roles and columns)."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[Any] = []
        self._names: dict[str, dict[str, str]] = {}

    # ------------------------------------------------------------------ updates
    def set_rows(self, rows: list[Any], names: dict[str, dict[str, str]] | None = None) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        if names is not None:
            self._names = names
        self.endResetModel()

    def remove_alert(self, alert_id: int) -> None:
        for i, row in enumerate(self._rows):
            if row.id == alert_id:
                self.beginRemoveRows(QModelIndex(), i, i)
                del self._rows[i]
                self.endRemoveRows()
                return

    def row_at(self, row: int) -> Any:
        return self._rows[row]

    @property
    def rows(self) -> list[Any]:
        return list(self._rows)

    # ------------------------------------------------------------------ Qt overrides
    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else COLUMN_COUNT

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        titles = (self.tr("Severity"), self.tr("Kind"), self.tr("Object"), self.tr("Observed"),
                  self.tr("Expected / threshold"), self.tr("Raised at"))
        return titles[section] if 0 <= section < COLUMN_COUNT else None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row, col = self._rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, col)
        if role == SortRole:
            return self._sort_value(row, col)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row)
        if role == Qt.ItemDataRole.BackgroundRole and col == COL_SEVERITY:
            return QBrush(SEVERITY_COLOURS.get(row.severity, QColor("#ffffff")))
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (COL_OBSERVED, COL_EXPECTED):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return {AlertIdRole: row.id, CaseIdsRole: list(row.case_ids), GridRole: row.grid_code,
                SeverityRole: row.severity, KindRole: row.kind}.get(role)

    # ------------------------------------------------------------------ formatting
    def _display(self, row: Any, col: int) -> str:
        rate = row.subkind in RATE_SUBKINDS
        if col == COL_SEVERITY:
            return severity_label(row.severity)
        if col == COL_KIND:
            return subkind_label(row.subkind) if row.subkind else kind_label(row.kind)
        if col == COL_OBJECT:
            return object_text(row, self._names)
        if col == COL_OBSERVED:
            n = int(row.observed or 0)
            if row.kind == "deadline":
                return self.tr("{n} overdue · {m} near deadline").format(
                    n=n, m=int(row.detail.get("yellow", 0)))
            if row.kind == "repeat":
                return self.tr("{n} reports").format(n=n)
            if row.subkind == "ping_pong":
                return self.tr("{n} returns").format(n=n)
            if row.kind == "surge":
                return self.tr("{n} reports").format(n=n)
            return _number(row.observed, rate)
        if col == COL_EXPECTED:
            if row.kind == "surge" and row.expected is not None:
                return self.tr("{x} expected").format(x=f"{row.expected:.2f}")
            if row.expected is not None:
                return _number(row.expected, rate)
            return "≥ " + _number(row.threshold, rate) if row.threshold is not None else ""
        if col == COL_RAISED:
            return row.raised_at.strftime("%m-%d %H:%M")
        return ""

    def _sort_value(self, row: Any, col: int) -> Any:
        if col == COL_SEVERITY:
            return row.severity
        if col in (COL_OBSERVED, COL_EXPECTED):
            value = row.observed if col == COL_OBSERVED else row.expected
            return float(value) if value is not None else -1.0
        if col == COL_RAISED:
            return row.raised_at.isoformat()
        return self._display(row, col)

    def _tooltip(self, row: Any) -> str:
        window = ""
        if row.window_start and row.window_end:
            window = f"{row.window_start:%Y-%m-%d %H:%M} – {row.window_end:%Y-%m-%d %H:%M}"
        return self.tr("{kind}: {object}\nWindow: {window}\nCases: {count}").format(
            kind=kind_label(row.kind), object=object_text(row, self._names), window=window,
            count=len(row.case_ids))


class AlertFilterProxy(QSortFilterProxyModel):
    """Sorts by `SortRole`; keeps rows of one kind (None: all) at or above a severity."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setSortRole(SortRole)
        self._kind: str | None = None
        self._min_severity = 1

    def set_kind(self, kind: str | None) -> None:
        self.beginFilterChange()
        self._kind = kind
        self.endFilterChange()

    def set_min_severity(self, severity: int) -> None:
        self.beginFilterChange()
        self._min_severity = severity
        self.endFilterChange()

    def filterAcceptsRow(self, source_row: int, source_parent: _Index) -> bool:
        index = self.sourceModel().index(source_row, 0, source_parent)
        if self._kind is not None and index.data(KindRole) != self._kind:
            return False
        return (index.data(SeverityRole) or 0) >= self._min_severity
