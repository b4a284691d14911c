"""The alerts panel (预警监测): open alerts, the about-to-go-red queue, acknowledgement.

Contracts
- `AlertsPanel(worker, ctx, parent=None, *, operator_id=None, rescan_minutes=3)`: a QWidget the
  main window puts in a dock. All database work goes through the serial `DbWorker`:
  `refresh()` reloads the open alerts and the deadline queue (``sig_refreshed`` when shown);
  `rescan()` runs `services.alerts.scan` first, then refreshes (``sig_scanned(new_count)``).
- `start_monitoring()` starts the periodic rescan (every ``rescan_minutes``) and a 30-second tick
  that drops queue rows whose deadline passed (no database work); `stop_monitoring()` stops
  both. The owner calls stop before shutting the worker down.
- `apply_changes(batch)` (a `ChangeBatch` from the shell's ChangeFeed): re-reads the deadline
  clocks of ``batch.case_ids`` only and updates the queue and the yellow/red counts in place.
- Signals: ``sig_show_cases(list[int], str)`` (double-click: the cases behind an alert or a queued
  case, with a title for the board's filter chip), ``sig_show_grid(str)`` (the alert's grid, for
  the map), ``sig_alert_grids(list[str])`` (grid codes with open alerts, after each refresh).
- Acknowledging opens `AckDialog` (a note is required); `acknowledge(alert_id, note)` does it
  without the dialog. The person is ``operator_id`` (default: the settings' operator).
- Retranslates on QEvent.LanguageChange. Every control has an accessible name.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from PySide6.QtCore import QEvent, QModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from commandcenter.ui.alerts.ack_dialog import AckDialog
from commandcenter.ui.alerts.alert_model import (
    COL_OBJECT,
    COL_SEVERITY,
    AlertFilterProxy,
    AlertIdRole,
    AlertTableModel,
    CaseIdsRole,
    GridRole,
    kind_label,
    object_text,
)
from commandcenter.ui.alerts.queue_model import CaseIdRole, SoonQueueModel
from commandcenter.ui.db_worker import DbWorker
from commandcenter.ui.errors import first_line

log = logging.getLogger(__name__)
TICK_MS = 30_000
KIND_FILTERS = (None, "deadline", "surge", "repeat", "data_quality")


def _service() -> Any:
    # services.alerts pulls in pandas: imported on the DB worker, not while the window opens.
    from commandcenter.services import alerts

    return alerts


def load_panel(ctx: Any, with_names: bool) -> dict[str, Any]:
    """Runs on the DB worker: open alerts, the deadline picture, names on first load."""
    service = _service()
    now = ctx.now()
    return {"now": now, "alerts": service.list_alerts(ctx, "open"),
            "deadlines": service.deadline_queue(ctx, now),
            "names": service.object_names(ctx) if with_names else None}


def scan_and_load(ctx: Any, with_names: bool) -> dict[str, Any]:
    created = _service().scan(ctx)
    out = load_panel(ctx, with_names or bool(created))
    out["created"] = len(created)
    return out


def queue_update(ctx: Any, case_ids: list[int]) -> dict[str, Any]:
    now = ctx.now()
    return {"now": now, "ids": case_ids,
            "deadlines": _service().deadline_queue(ctx, now, case_ids)}


def acknowledge_alert(ctx: Any, alert_id: int, actor: str, note: str) -> Any:
    return _service().acknowledge(ctx, alert_id, actor, note)


class AlertsPanel(QWidget):
    sig_refreshed = Signal()
    sig_scanned = Signal(int)
    sig_show_cases = Signal(list, str)
    sig_show_grid = Signal(str)
    sig_alert_grids = Signal(list)

    def __init__(self, worker: DbWorker, ctx: Any, parent: QWidget | None = None, *,
                 operator_id: str | None = None, rescan_minutes: float = 3) -> None:
        super().__init__(parent)
        self.setObjectName("alerts_panel")
        self._worker = worker
        self._ctx = ctx
        self._operator_id = operator_id
        self._names: dict[str, dict[str, str]] | None = None
        self._aging: dict[int, str] = {}
        self._busy = False
        self.last_error: str | None = None

        self.model = AlertTableModel(self)
        self.proxy = AlertFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.queue = SoonQueueModel(self)

        self.summary = QLabel(self)
        self.summary.setObjectName("alerts_summary")
        font = self.summary.font()
        font.setBold(True)
        self.summary.setFont(font)
        self.kind_filter = QComboBox(self)
        self.kind_filter.setObjectName("alerts_kind_filter")
        self.severity_filter = QComboBox(self)
        self.severity_filter.setObjectName("alerts_severity_filter")
        self.rescan_button = QPushButton(self)
        self.rescan_button.setObjectName("alerts_rescan")
        self.ack_button = QPushButton(self)
        self.ack_button.setObjectName("alerts_acknowledge")
        self.ack_button.setEnabled(False)
        self.status = QLabel(self)
        self.status.setObjectName("alerts_status")

        self.table = self._view("alerts_table", self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(COL_SEVERITY, Qt.SortOrder.DescendingOrder)
        self.table.horizontalHeader().setSectionResizeMode(COL_OBJECT, QHeaderView.ResizeMode.Stretch)
        self.queue_view = self._view("alerts_queue", self.queue)
        self.queue_view.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("alerts_tabs")
        self.tabs.addTab(self.table, "")
        self.tabs.addTab(self.queue_view, "")

        bar = QHBoxLayout()
        bar.addWidget(self.kind_filter)
        bar.addWidget(self.severity_filter)
        bar.addStretch(1)
        bar.addWidget(self.rescan_button)
        bar.addWidget(self.ack_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.summary)
        layout.addLayout(bar)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.status)

        self._rescan_timer = QTimer(self)
        self._rescan_timer.setObjectName("alerts_rescan_timer")
        self._rescan_timer.setInterval(int(rescan_minutes * 60_000))
        self._rescan_timer.timeout.connect(self.rescan)
        self._tick_timer = QTimer(self)
        self._tick_timer.setObjectName("alerts_tick_timer")
        self._tick_timer.setInterval(TICK_MS)
        self._tick_timer.timeout.connect(self._tick)

        self.kind_filter.currentIndexChanged.connect(
            lambda i: self.proxy.set_kind(KIND_FILTERS[max(i, 0)]))
        self.severity_filter.currentIndexChanged.connect(
            lambda i: self.proxy.set_min_severity(max(i, 0) + 1))
        self.rescan_button.clicked.connect(self.rescan)
        self.ack_button.clicked.connect(self.acknowledge_selected)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.table.doubleClicked.connect(self._alert_activated)
        self.queue_view.doubleClicked.connect(self._queue_activated)
        self.proxy.rowsInserted.connect(self._update_summary)
        self.proxy.rowsRemoved.connect(self._update_summary)
        self.proxy.modelReset.connect(self._update_summary)
        self.retranslate_ui()

    def _view(self, name: str, model: Any) -> QTableView:
        view = QTableView(self)
        view.setObjectName(name)
        view.setModel(model)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.setAlternatingRowColors(True)
        view.verticalHeader().setVisible(False)
        view.verticalHeader().setDefaultSectionSize(24)
        view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        return view

    # ------------------------------------------------------------------ loading
    def refresh(self) -> None:
        self._submit(load_panel, self._ctx, self._names is None)

    def rescan(self) -> None:
        if self._busy or self._worker.is_shut_down:
            return
        self.status.setText(self.tr("Scanning for warnings…"))
        self._submit(scan_and_load, self._ctx, self._names is None)

    def _submit(self, fn: Any, *args: Any) -> None:
        self._busy = True
        self._worker.submit(fn, *args, on_result=self._loaded, on_error=self._failed)

    def _loaded(self, result: dict[str, Any]) -> None:
        self._busy = False
        self.last_error = None
        if result.get("names") is not None:
            self._names = result["names"]
        now: datetime = result["now"]
        self.model.set_rows(result["alerts"], self._names or {})
        warn = result["deadlines"]
        self.queue.set_queue(warn.soon, now, self._names or {})
        self._aging = dict(zip((int(i) for i in warn.cases["case_id"]), warn.cases["aging"],
                               strict=True))
        created = result.get("created")
        if created is not None:
            self.sig_scanned.emit(int(created))
        self.status.setText(self.tr("Updated {time}").format(time=now.strftime("%H:%M:%S")))
        self._update_summary()
        self.sig_alert_grids.emit(sorted({r.grid_code for r in result["alerts"] if r.grid_code}))
        self.sig_refreshed.emit()

    def _failed(self, exc: BaseException) -> None:
        self._busy = False
        self.last_error = str(exc)
        self.status.setText(self.tr("Could not load the warnings: {error}").format(error=first_line(exc)))

    # ------------------------------------------------------------------ live updates
    def start_monitoring(self) -> None:
        self._rescan_timer.start()
        self._tick_timer.start()

    def stop_monitoring(self) -> None:
        self._rescan_timer.stop()
        self._tick_timer.stop()

    def apply_changes(self, batch: Any) -> None:
        ids = [int(i) for i in batch.case_ids]
        if ids and not self._worker.is_shut_down:
            self._worker.submit(queue_update, self._ctx, ids, on_result=self._merge,
                                on_error=self._failed)

    def _merge(self, result: dict[str, Any]) -> None:
        warn = result["deadlines"]
        self.queue.merge(warn.soon, result["ids"], result["now"])
        for case_id in result["ids"]:
            self._aging.pop(case_id, None)
        self._aging.update(zip((int(i) for i in warn.cases["case_id"]), warn.cases["aging"],
                               strict=True))
        self._update_summary()

    def _tick(self) -> None:
        now = self._ctx.now()
        before = set(self.queue.case_ids())
        self.queue.expire(now)
        for case_id in before - set(self.queue.case_ids()):
            self._aging[case_id] = "red"  # its deadline passed while queued
        self._update_summary()

    # ------------------------------------------------------------------ acknowledging
    def _selected_row(self) -> Any | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        source = self.proxy.mapToSource(rows[0])
        return self.model.row_at(source.row())

    def _selection_changed(self, *_: Any) -> None:
        self.ack_button.setEnabled(self._selected_row() is not None)

    def acknowledge_selected(self) -> None:
        row = self._selected_row()
        if row is None:
            return
        dialog = AckDialog(f"{kind_label(row.kind)} · {object_text(row, self._names or {})}", self)
        if dialog.exec() == AckDialog.DialogCode.Accepted:
            self.acknowledge(row.id, dialog.note())

    def acknowledge(self, alert_id: int, note: str) -> None:
        self._worker.submit(acknowledge_alert, self._ctx, alert_id, self._operator(), note,
                            on_result=self._acknowledged, on_error=self._ack_failed)

    def _ack_failed(self, exc: BaseException) -> None:
        self.last_error = str(exc)
        self.status.setText(self.tr("Could not acknowledge the alert: {error}").format(error=first_line(exc)))

    def _acknowledged(self, row: Any) -> None:
        self.model.remove_alert(row.id)
        self.status.setText(self.tr("Acknowledged by {who} at {time}").format(
            who=row.ack_by, time=row.ack_at.strftime("%H:%M")))
        self.sig_alert_grids.emit(sorted({r.grid_code for r in self.model.rows if r.grid_code}))

    def _operator(self) -> str:
        if self._operator_id:
            return self._operator_id
        from commandcenter import settings

        return settings.load().operator.user_id

    def set_operator(self, user_id: str) -> None:
        self._operator_id = user_id

    # ------------------------------------------------------------------ drill-down
    def _alert_activated(self, index: QModelIndex) -> None:
        row = self.model.row_at(self.proxy.mapToSource(index).row())
        title = f"{kind_label(row.kind)} · {object_text(row, self._names or {})}"
        if row.case_ids:
            self.sig_show_cases.emit(list(index.data(CaseIdsRole) or row.case_ids), title)
        grid = index.siblingAtColumn(0).data(GridRole)
        if grid:
            self.sig_show_grid.emit(grid)

    def _queue_activated(self, index: QModelIndex) -> None:
        case_id = index.siblingAtColumn(0).data(CaseIdRole)
        code = index.siblingAtColumn(0).data()
        self.sig_show_cases.emit([int(case_id)], self.tr("About to go red: {code}").format(code=code))
        grid = index.siblingAtColumn(0).data(GridRole)
        if grid:
            self.sig_show_grid.emit(grid)

    def selected_alert_id(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].data(AlertIdRole) if rows else None

    # ------------------------------------------------------------------ text
    def _update_summary(self, *_: Any) -> None:
        red = sum(1 for v in self._aging.values() if v == "red")
        yellow = sum(1 for v in self._aging.values() if v == "yellow")
        self.summary.setText(self.tr(
            "Overdue: {red}   Near deadline: {yellow}   About to go red: {soon}   "
            "Open alerts: {alerts}").format(red=red, yellow=yellow, soon=self.queue.rowCount(),
                                            alerts=self.model.rowCount()))
        self.tabs.setTabText(0, self.tr("Open alerts ({n})").format(n=self.proxy.rowCount()))
        self.tabs.setTabText(1, self.tr("About to go red ({n})").format(n=self.queue.rowCount()))

    def retranslate_ui(self) -> None:
        kind_i, sev_i = max(self.kind_filter.currentIndex(), 0), max(self.severity_filter.currentIndex(), 0)
        for combo, items, index in (
            (self.kind_filter, [self.tr("All kinds")] + [kind_label(k) for k in KIND_FILTERS[1:]],
             kind_i),
            (self.severity_filter, [self.tr("All severities"), self.tr("Medium and high"),
                                    self.tr("High only")], sev_i),
        ):
            combo.blockSignals(True)
            combo.clear()
            combo.addItems(items)
            combo.setCurrentIndex(index)
            combo.blockSignals(False)
        self.kind_filter.setAccessibleName(self.tr("Filter alerts by kind"))
        self.severity_filter.setAccessibleName(self.tr("Filter alerts by severity"))
        self.rescan_button.setText(self.tr("Rescan now"))
        self.rescan_button.setAccessibleName(self.tr("Rescan for warnings now"))
        self.ack_button.setText(self.tr("Acknowledge…"))
        self.ack_button.setAccessibleName(self.tr("Acknowledge the selected alert"))
        self.table.setAccessibleName(self.tr("Open alerts"))
        self.queue_view.setAccessibleName(self.tr("Cases about to go red within the hour"))
        self.model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.model.columnCount() - 1)
        self.queue.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.queue.columnCount() - 1)
        self.summary.setAccessibleName(self.tr("Warning summary"))
        self.status.setAccessibleName(self.tr("Warning scan status"))
        self.tabs.setAccessibleName(self.tr("Alerts and deadline queue"))
        self.table.setToolTip(self.tr("Double-click an alert to show its cases on the board "
                                      "and its grid on the map"))
        self.queue_view.setToolTip(self.tr("Double-click a case to show it on the board"))
        self._update_summary()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)
