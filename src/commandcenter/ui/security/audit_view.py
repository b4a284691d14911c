"""The supervisor's audit view: filter the audit trail by user, action, case and time; export
the filtered entries (CSV/XLSX, itself audited); verify the hash chain.

Every query runs on the `DbWorker` through `services.audit` (which refuses a principal without
the right to view the audit). Signals: `sig_loaded(count)` after a query, `sig_exported(count)`
after an export, `sig_verified(VerifyResult)` after a verification, `sig_failed(text)` with a
translated message when any of them was refused or failed.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import QDateTime, Qt, Signal
from PySide6.QtGui import QIntValidator
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from commandcenter.services import audit

from . import messages
from .audit_model import COL_DETAIL, AuditTableModel
from .guard import if_alive
from .messages import audit_action_label

ROW_LIMIT = 2000


def _to_py(value: QDateTime) -> datetime:
    return value.toPython().replace(tzinfo=None, microsecond=0)


class AuditView(QWidget):
    sig_loaded = Signal(int)
    sig_exported = Signal(int)
    sig_verified = Signal(object)
    sig_failed = Signal(str)

    def __init__(self, ctx: Any, worker: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.worker = ctx, worker
        self.setObjectName("audit_view")
        self.user = QLineEdit(self)
        self.user.setObjectName("audit_user")
        self.user.setMaxLength(64)
        self.action = QComboBox(self)
        self.action.setObjectName("audit_action")
        self.action.setEditable(True)
        self.action.setMinimumContentsLength(18)
        self.case = QLineEdit(self)
        self.case.setObjectName("audit_case")
        self.case.setValidator(QIntValidator(1, 2_000_000_000, self))
        self.case.setMaximumWidth(110)
        now = QDateTime.fromString(f"{ctx.now():%Y-%m-%dT%H:%M:%S}", Qt.DateFormat.ISODate)
        self.since_on, self.since = self._time_filter("audit_since", now.addDays(-7))
        self.until_on, self.until = self._time_filter("audit_until", now.addDays(1))
        self.search = QPushButton(self)
        self.search.setObjectName("audit_search")
        self.search.setDefault(True)
        self.export_button = QPushButton(self)
        self.export_button.setObjectName("audit_export")
        self.verify_button = QPushButton(self)
        self.verify_button.setObjectName("audit_verify")
        self.status = QLabel(self)
        self.status.setObjectName("audit_status")
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.model = AuditTableModel(self)
        self.table = QTableView(self)
        self.table.setObjectName("audit_table")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        self.table.horizontalHeader().setSectionResizeMode(COL_DETAIL,
                                                           QHeaderView.ResizeMode.Stretch)
        self._labels = [QLabel(self) for _ in range(3)]
        bar = QHBoxLayout()
        for label, widget in zip(self._labels, (self.user, self.action, self.case), strict=True):
            bar.addWidget(label)
            bar.addWidget(widget)
        for box, edit in ((self.since_on, self.since), (self.until_on, self.until)):
            bar.addWidget(box)
            bar.addWidget(edit)
        bar.addWidget(self.search)
        bar.addStretch(1)
        bar.addWidget(self.verify_button)
        bar.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.status)
        self.search.clicked.connect(self.apply_filter)
        self.user.returnPressed.connect(self.apply_filter)
        self.case.returnPressed.connect(self.apply_filter)
        self.export_button.clicked.connect(self._export_clicked)
        self.verify_button.clicked.connect(self.verify)
        self.retranslate_ui()
        worker.submit(audit.actions_in_use, ctx, on_result=self._fill_actions,
                      on_error=self._failed)

    def _time_filter(self, name: str, value: QDateTime) -> tuple[QCheckBox, QDateTimeEdit]:
        box = QCheckBox(self)
        box.setObjectName(f"{name}_on")
        edit = QDateTimeEdit(value, self)
        edit.setObjectName(name)
        edit.setDisplayFormat("yyyy-MM-dd HH:mm")
        edit.setCalendarPopup(True)
        edit.setEnabled(False)
        box.toggled.connect(edit.setEnabled)
        return box, edit

    def retranslate_ui(self) -> None:
        for label, text in zip(self._labels, (self.tr("User"), self.tr("Action"), self.tr("Case")),
                               strict=True):
            label.setText(text)
        self.action.lineEdit().setPlaceholderText(self.tr("all, or e.g. case.*"))
        self.since_on.setText(self.tr("From"))
        self.until_on.setText(self.tr("Before"))
        self.search.setText(self.tr("Search"))
        self.export_button.setText(self.tr("Export…"))
        self.verify_button.setText(self.tr("Verify chain"))

    def changeEvent(self, event) -> None:  # noqa: N802 - Qt override
        if event.type() == event.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    # ------------------------------------------------------------------ filters
    def filters(self) -> dict[str, Any]:
        """The filter as keyword arguments of `audit.query` / `audit.export`."""
        case = self.case.text().strip()
        return {
            "user": self.user.text().strip() or None,
            "action": self._action_code(),
            "case_id": int(case) if case.isdigit() else None,
            "since": _to_py(self.since.dateTime()) if self.since_on.isChecked() else None,
            "until": _to_py(self.until.dateTime()) if self.until_on.isChecked() else None,
        }

    def _action_code(self) -> str | None:
        """The chosen action's code (items show "name (code)"), else the typed text."""
        text = self.action.currentText().strip()
        index = self.action.findText(text)
        if index >= 0 and self.action.itemData(index):
            return self.action.itemData(index)
        return text or None

    def apply_filter(self) -> None:
        self.search.setEnabled(False)
        self.worker.submit(audit.query, self.ctx, limit=ROW_LIMIT, **self.filters(),
                           on_result=self._loaded, on_error=self._failed)

    def export_to(self, path: str) -> None:
        self.export_button.setEnabled(False)
        self.worker.submit(audit.export, self.ctx, path, **self.filters(),
                           on_result=self._exported, on_error=self._failed)

    def verify(self) -> None:
        self.verify_button.setEnabled(False)
        self.worker.submit(audit.verify, self.ctx, on_result=self._verified,
                           on_error=self._failed)

    def _export_clicked(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Export audit entries"), "audit.xlsx",
            self.tr("Excel workbook (*.xlsx);;CSV (*.csv)"))
        if path:
            self.export_to(path)

    # ------------------------------------------------------------------ results
    @if_alive
    def _fill_actions(self, names: list[str]) -> None:
        current = self.action.currentText()
        self.action.clear()
        self.action.addItem("")
        for name in names:
            label = audit_action_label(name)
            self.action.addItem(name if label == name else f"{label} ({name})", name)
        self.action.setCurrentText(current)

    @if_alive
    def _loaded(self, rows: list) -> None:
        self.search.setEnabled(True)
        self.model.set_rows(rows)
        for col in range(COL_DETAIL):
            self.table.resizeColumnToContents(col)
        text = self.tr("{count} entries").format(count=len(rows))
        if len(rows) >= ROW_LIMIT:
            text += " " + self.tr("(the newest {count}: narrow the filter)").format(count=ROW_LIMIT)
        self.status.setText(text)
        self.sig_loaded.emit(len(rows))

    @if_alive
    def _exported(self, count: int) -> None:
        self.export_button.setEnabled(True)
        self.status.setText(self.tr("Exported {count} entries.").format(count=count))
        self.sig_exported.emit(count)

    @if_alive
    def _verified(self, result) -> None:
        self.verify_button.setEnabled(True)
        if result.ok:
            self.status.setText(self.tr("Audit chain intact: {count} entries.").format(
                count=result.entries))
        else:
            self.status.setText(self.tr(
                "Audit chain BROKEN at entry {seq} ({reason}): the log was tampered with.")
                .format(seq=result.seq, reason=result.reason))
        self.sig_verified.emit(result)

    @if_alive
    def _failed(self, exc: BaseException) -> None:
        for button in (self.search, self.export_button, self.verify_button):
            button.setEnabled(True)
        text = messages.error_text(exc)
        self.status.setText(text)
        self.sig_failed.emit(text)
