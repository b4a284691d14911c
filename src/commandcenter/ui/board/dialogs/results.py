"""The per-case result list of a bulk action: code, done or refused, and why (translated)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from commandcenter.services.actions import BulkResult
from commandcenter.ui.board.colours import board_colours
from commandcenter.ui.labels import action_label, state_label

from .messages import change_lines, refusal_text


def why_text(r: BulkResult) -> str:
    if r.ok:
        return state_label(r.to_state) if r.to_state else ""
    text = refusal_text(r.error, r.params, r.message)
    if r.error == "conflict" and r.changes:
        text += " " + "; ".join(change_lines(r.changes))
    return text


class BulkResultDialog(QDialog):
    """Read-only table, one row per case in the order acted on. COL_CODE, COL_OUTCOME, COL_WHY."""

    COL_CODE, COL_OUTCOME, COL_WHY = range(3)

    def __init__(self, action: str, results: Sequence[BulkResult],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("bulk_results")
        self.setWindowTitle(self.tr("%1: results").replace("%1", action_label(action)))
        self.setMinimumSize(640, 360)
        layout = QVBoxLayout(self)
        done = sum(r.ok for r in results)
        self.summary = QLabel(self.tr("%1 of %2 cases done, %3 refused.").replace(
            "%1", str(done)).replace("%2", str(len(results))).replace(
            "%3", str(len(results) - done)), self, objectName="bulk_summary")
        layout.addWidget(self.summary)
        self.table = QTableWidget(len(results), 3, self)
        self.table.setObjectName("bulk_table")
        self.table.setAccessibleName(self.tr("Result per case"))
        self.table.setHorizontalHeaderLabels([self.tr("Case"), self.tr("Outcome"),
                                              self.tr("New state or reason")])
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(
            self.COL_WHY, QHeaderView.ResizeMode.Stretch)
        c = board_colours(self.palette())
        ok_brush, bad_brush = QBrush(c.ok), QBrush(c.overdue)
        for row, r in enumerate(results):
            outcome = QTableWidgetItem(self.tr("Done") if r.ok else self.tr("Refused"))
            outcome.setForeground(ok_brush if r.ok else bad_brush)
            self.table.setItem(row, self.COL_CODE, QTableWidgetItem(r.code))
            self.table.setItem(row, self.COL_OUTCOME, outcome)
            why = QTableWidgetItem(why_text(r))
            why.setToolTip(why.text())
            self.table.setItem(row, self.COL_WHY, why)
        self.table.resizeColumnToContents(self.COL_CODE)
        layout.addWidget(self.table)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        buttons.button(QDialogButtonBox.StandardButton.Close).setDefault(True)
        layout.addWidget(buttons)
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)
