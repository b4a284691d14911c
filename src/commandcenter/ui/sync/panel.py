"""The district sync panel: folders, schedule, runs, import preview, quarantine, conflicts,
duplicate suggestions.

Contracts
- `SyncPanel(worker, ctx, parent=None, paths=None)` is a non-modal QDialog. Every database call
  goes through the serial `DbWorker`; the widgets only ever see plain rows.
- `refresh()` reloads history, the three review lists and the reference-change history, then
  emits `sig_refreshed`.
- The "reference data" tab (units, people, categories and standards, responsibility rules,
  grids) is `reference_page.ReferencePage` (`self.reference`).
- `sync_now(kind)` runs `SyncService.sync_now` on the worker with progress; `cancel()` cancels
  it (the file being imported rolls back, see `sync.importer`). `sig_run_finished(RunResult)`.
- Schedule: a QTimer every N minutes (settings ``sync.interval_minutes``; 0 = manual only),
  and a QFileSystemWatcher on the inbox (debounced 2 s) for "on file arrival".
- Retranslates on QEvent.LanguageChange.
"""

from __future__ import annotations

import dataclasses
from datetime import timedelta
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QFileSystemWatcher, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from commandcenter import settings as settings_mod
from commandcenter.domain.case import Actor
from commandcenter.services.sync import SyncService
from commandcenter.ui.errors import first_line
from commandcenter.ui.labels import channel_label, state_label

from .models import RowsModel
from .models import rows_table as _table
from .reference_page import ReferencePage

ARRIVAL_DEBOUNCE_MS = 2000


def load_lists(svc: SyncService) -> dict[str, Any]:
    """Everything the panel shows, as plain rows (runs on the worker thread)."""
    return {
        "history": svc.history(200),
        "quarantine": svc.quarantine(2000),
        "conflicts": svc.conflicts("open"),
        "duplicates": svc.duplicates("open"),
        "reference": svc.reference_history(500),
    }


class SyncPanel(QDialog):
    sig_refreshed = Signal()
    sig_run_finished = Signal(object)

    def __init__(self, worker: Any, ctx: Any, parent: QWidget | None = None,
                 paths: settings_mod.AppPaths | None = None) -> None:
        super().__init__(parent)
        self._worker = worker
        self._ctx = ctx
        self._paths = paths or settings_mod.app_paths()
        self._svc = SyncService(ctx, self._paths.config_dir)
        self._task: Any = None
        self._last_run: dict[str, Any] | None = None
        self._build()
        self._timer = QTimer(self)
        self._timer.timeout.connect(lambda: self.sync_now("periodic"))
        self._watcher = QFileSystemWatcher(self)
        self._watcher.directoryChanged.connect(self._on_arrival)
        self._arrival = QTimer(self)
        self._arrival.setSingleShot(True)
        self._arrival.setInterval(ARRIVAL_DEBOUNCE_MS)
        self._arrival.timeout.connect(lambda: self.sync_now("arrival"))
        self.reload_settings()
        self.retranslate()
        self.resize(1100, 680)

    # ------------------------------------------------------------------ layout
    def _build(self) -> None:
        self.tabs = QTabWidget()
        lay = QVBoxLayout(self)
        lay.addWidget(self.tabs)
        # overview
        page = QWidget()
        form = QFormLayout()
        self.inbox_edit, self.outbox_edit = QLineEdit(), QLineEdit()
        self.inbox_btn, self.outbox_btn = QPushButton(), QPushButton()
        self.inbox_btn.clicked.connect(lambda: self._browse(self.inbox_edit))
        self.outbox_btn.clicked.connect(lambda: self._browse(self.outbox_edit))
        self.interval_spin = QSpinBox()
        self.interval_spin.setRange(0, 24 * 60)
        self.save_btn = QPushButton()
        self.save_btn.clicked.connect(self.save_settings)
        self.inbox_label, self.outbox_label, self.interval_label = QLabel(), QLabel(), QLabel()
        form.addRow(self.inbox_label, _row(self.inbox_edit, self.inbox_btn))
        form.addRow(self.outbox_label, _row(self.outbox_edit, self.outbox_btn))
        form.addRow(self.interval_label, _row(self.interval_spin, self.save_btn))
        self.last_label, self.next_label = QLabel(), QLabel()
        self.sync_btn, self.cancel_btn = QPushButton(), QPushButton()
        self.sync_btn.clicked.connect(lambda: self.sync_now("manual"))
        self.cancel_btn.clicked.connect(self.cancel)
        self.cancel_btn.setEnabled(False)
        self.progress = QProgressBar()
        self.progress.setVisible(False)
        self.status_label = QLabel()
        self.status_label.setWordWrap(True)
        self.history_model = RowsModel([])
        self.history_view = _table(self.history_model)
        v = QVBoxLayout(page)
        v.addLayout(form)
        v.addWidget(self.last_label)
        v.addWidget(self.next_label)
        v.addLayout(_row(self.sync_btn, self.cancel_btn, self.progress, stretch=False))
        v.addWidget(self.status_label)
        v.addWidget(self.history_view, 1)
        self.tabs.addTab(page, "")
        # preview and import of one file
        page = QWidget()
        self.file_edit = QLineEdit()
        self.file_btn, self.preview_btn, self.import_btn = QPushButton(), QPushButton(), QPushButton()
        self.file_btn.clicked.connect(self._choose_file)
        self.preview_btn.clicked.connect(self.preview)
        self.import_btn.clicked.connect(self.import_file)
        self.profile_combo = QComboBox()
        self.preview_label = QLabel()
        self.preview_model = RowsModel([])
        v = QVBoxLayout(page)
        v.addLayout(_row(self.file_edit, self.file_btn, self.profile_combo, self.preview_btn,
                         self.import_btn))
        v.addWidget(self.preview_label)
        v.addWidget(_table(self.preview_model), 1)
        self.tabs.addTab(page, "")
        # quarantine
        page = QWidget()
        self.quarantine_model = RowsModel([])
        self.quarantine_export_btn = QPushButton()
        self.quarantine_export_btn.clicked.connect(self.export_quarantine)
        v = QVBoxLayout(page)
        v.addWidget(_table(self.quarantine_model), 1)
        v.addLayout(_row(self.quarantine_export_btn))
        self.tabs.addTab(page, "")
        # conflicts
        page = QWidget()
        self.conflict_model = RowsModel([])
        self.conflict_view = _table(self.conflict_model)
        self.keep_btn, self.take_btn = QPushButton(), QPushButton()
        self.keep_btn.clicked.connect(lambda: self.resolve("ours"))
        self.take_btn.clicked.connect(lambda: self.resolve("theirs"))
        v = QVBoxLayout(page)
        v.addWidget(self.conflict_view, 1)
        v.addLayout(_row(self.keep_btn, self.take_btn))
        self.tabs.addTab(page, "")
        # duplicate suggestions
        page = QWidget()
        self.dup_model = RowsModel([])
        self.dup_view = _table(self.dup_model)
        self.dismiss_btn, self.confirm_btn = QPushButton(), QPushButton()
        self.dismiss_btn.clicked.connect(lambda: self.mark_duplicate("dismissed"))
        self.confirm_btn.clicked.connect(lambda: self.mark_duplicate("confirmed"))
        v = QVBoxLayout(page)
        v.addWidget(self.dup_view, 1)
        v.addLayout(_row(self.dismiss_btn, self.confirm_btn))
        self.tabs.addTab(page, "")
        # reference data: the district's units / people exports
        self.reference = ReferencePage(self._worker, self._svc, self._ctx)
        self.tabs.addTab(self.reference, "")

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("District sync"))
        for i, title in enumerate((self.tr("Sync"), self.tr("Import preview"),
                                   self.tr("Quarantine"), self.tr("Conflicts"),
                                   self.tr("Possible duplicates"),
                                   self.tr("Reference data"))):
            self.tabs.setTabText(i, title)
        self.inbox_label.setText(self.tr("Inbox folder"))
        self.outbox_label.setText(self.tr("Outbox folder"))
        self.interval_label.setText(self.tr("Sync every (minutes, 0 = manual only)"))
        for b in (self.inbox_btn, self.outbox_btn, self.file_btn):
            b.setText(self.tr("Browse..."))
        self.save_btn.setText(self.tr("Save"))
        self.sync_btn.setText(self.tr("Sync now"))
        self.cancel_btn.setText(self.tr("Cancel"))
        self.preview_btn.setText(self.tr("Preview"))
        self.import_btn.setText(self.tr("Import"))
        self.quarantine_export_btn.setText(self.tr("Export quarantine..."))
        self.keep_btn.setText(self.tr("Keep ours"))
        self.take_btn.setText(self.tr("Take theirs"))
        self.dismiss_btn.setText(self.tr("Not a duplicate"))
        self.confirm_btn.setText(self.tr("Confirm duplicate"))
        self.file_edit.setPlaceholderText(self.tr("A district export: CSV, XLSX, JSON"))
        self._fill_profiles()
        self.history_model.set_headers([
            self.tr("Run"), self.tr("Started"), self.tr("Kind"), self.tr("Status"),
            self.tr("Files"), self.tr("Imported"), self.tr("Updated"), self.tr("Unchanged"),
            self.tr("Quarantined"), self.tr("Conflicts"), self.tr("Duration (s)")])
        self.quarantine_model.set_headers([
            self.tr("Id"), self.tr("File"), self.tr("Row"), self.tr("Column"), self.tr("Reason"),
            self.tr("Value")])
        self.conflict_model.set_headers([
            self.tr("Id"), self.tr("Case"), self.tr("Field"), self.tr("Ours"), self.tr("Theirs"),
            self.tr("Last synced")])
        self.dup_model.set_headers([
            self.tr("Id"), self.tr("Incoming case"), self.tr("Title"), self.tr("Open case"),
            self.tr("Title"), self.tr("Distance (m)"), self.tr("Text similarity")])
        self.preview_model.set_headers([
            self.tr("Row"), self.tr("External id"), self.tr("Reported"), self.tr("State"),
            self.tr("Source state"), self.tr("Channel"), self.tr("Minor class"), self.tr("Title"),
            self.tr("Address"), self.tr("Longitude"), self.tr("Latitude"), self.tr("Closed")])
        self._show_schedule()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _fill_profiles(self) -> None:
        current = self.profile_combo.currentData()
        self.profile_combo.clear()
        self.profile_combo.addItem(self.tr("Recognise from the header"), None)
        for name, title in self._svc.profiles():
            self.profile_combo.addItem(title, name)
        i = self.profile_combo.findData(current)
        self.profile_combo.setCurrentIndex(max(i, 0))

    def shutdown(self) -> None:
        """Stop the schedule and the folder watch (the owner calls it before closing)."""
        self._timer.stop()
        self._arrival.stop()
        dirs = self._watcher.directories()
        if dirs:
            self._watcher.removePaths(dirs)

    # ------------------------------------------------------------------ settings, schedule
    def reload_settings(self) -> None:
        """Folders and schedule from the saved settings (the settings dialog saved new ones)."""
        s = settings_mod.load(self._paths).sync
        self.inbox_edit.setText(s.inbox)
        self.outbox_edit.setText(s.outbox)
        self.interval_spin.setValue(s.interval_minutes)
        self._apply_schedule(s)

    def save_settings(self) -> None:
        current = settings_mod.load(self._paths)
        folders = dataclasses.replace(current.sync, inbox=self.inbox_edit.text().strip(),
                                      outbox=self.outbox_edit.text().strip(),
                                      interval_minutes=self.interval_spin.value())
        settings_mod.save(dataclasses.replace(current, sync=folders), self._paths)
        self._apply_schedule(folders)
        self._show_schedule()

    def _apply_schedule(self, folders: settings_mod.SyncFolders) -> None:
        self._timer.stop()
        if folders.interval_minutes > 0:
            self._timer.start(folders.interval_minutes * 60_000)
        dirs = self._watcher.directories()
        if dirs:
            self._watcher.removePaths(dirs)
        if folders.inbox and Path(folders.inbox).is_dir():
            self._watcher.addPath(folders.inbox)

    def _on_arrival(self, _path: str) -> None:
        self._arrival.start()

    def _show_schedule(self) -> None:
        run = self._last_run
        if run is None:
            self.last_label.setText(self.tr("Last run: never"))
        else:
            status = self._labels()[1].get(run["status"], run["status"])
            self.last_label.setText(self.tr("Last run: %1, %2").replace(
                "%1", run["started_at"].strftime("%Y-%m-%d %H:%M")).replace("%2", status))
        minutes = self.interval_spin.value()
        if minutes <= 0 or not self._timer.isActive():
            self.next_label.setText(self.tr("Next run: manual, or when a file arrives"))
        else:
            base = run["started_at"] if run else self._ctx.now()
            nxt = max(base + timedelta(minutes=minutes), self._ctx.now())
            self.next_label.setText(self.tr("Next run: about %1").replace(
                "%1", nxt.strftime("%H:%M")))

    def _browse(self, edit: QLineEdit) -> None:
        d = QFileDialog.getExistingDirectory(self, self.tr("Choose a folder"), edit.text())
        if d:
            edit.setText(d)

    def _choose_file(self) -> None:
        f, _ = QFileDialog.getOpenFileName(self, self.tr("Choose a district export"),
                                           self.inbox_edit.text())
        if f:
            self.file_edit.setText(f)

    # ------------------------------------------------------------------ loading
    def refresh(self) -> None:
        self._worker.submit(load_lists, self._svc, on_result=self._on_lists,
                            on_error=self._on_error)

    def _on_lists(self, lists: dict[str, Any]) -> None:
        self.reference.show_history(lists["reference"])
        runs = lists["history"]
        self._last_run = runs[0] if runs else None
        kinds, statuses = self._labels()
        self.history_model.set_rows([
            (r["id"], r["started_at"], kinds.get(r["kind"], r["kind"]),
             statuses.get(r["status"], r["status"]),
             sum(1 for f in (r["files"] or []) if f.get("file") != "(export)"),
             *((r["counts"] or {}).get(k, 0) for k in ("imported", "updated", "unchanged",
                                                         "quarantined", "conflicts")),
             round(r["duration_s"], 1)) for r in runs])
        self.quarantine_model.set_rows([
            (q["id"], q["file_name"], q["row_number"], q["column"], q["reason"], q["detail"])
            for q in lists["quarantine"]])
        self.conflict_model.set_rows([
            (c["id"], c["code"], c["field"], c["ours"], c["theirs"], c["base"])
            for c in lists["conflicts"]])
        self.dup_model.set_rows([
            (d["id"], d["code"], d["title"], d["candidate_code"], d["candidate_title"],
             d["distance_m"], d["text_score"]) for d in lists["duplicates"]])
        for view in (self.history_view, self.conflict_view, self.dup_view):
            view.resizeColumnsToContents()
        self._show_schedule()
        self.sig_refreshed.emit()

    def _labels(self) -> tuple[dict[str, str], dict[str, str]]:
        kinds = {"manual": self.tr("manual"), "periodic": self.tr("scheduled"),
                 "arrival": self.tr("file arrived"), "cli": self.tr("command line")}
        statuses = {"ok": self.tr("done"), "partial": self.tr("some files rejected"),
                    "failed": self.tr("failed"), "cancelled": self.tr("cancelled")}
        return kinds, statuses

    def _on_error(self, exc: BaseException) -> None:
        self._end_task()
        self.status_label.setText(self.tr("Failed: %1").replace("%1", first_line(exc)))

    # ------------------------------------------------------------------ runs
    @property
    def busy(self) -> bool:
        return self._task is not None and not self._task.done

    def _start_task(self) -> None:
        self.progress.setRange(0, 0)
        self.progress.setVisible(True)
        self.cancel_btn.setEnabled(True)
        self.sync_btn.setEnabled(False)
        self.import_btn.setEnabled(False)

    def _end_task(self) -> None:
        self._task = None
        self.progress.setVisible(False)
        self.cancel_btn.setEnabled(False)
        self.sync_btn.setEnabled(True)
        self.import_btn.setEnabled(True)

    def _on_progress(self, done: int, total: int, stage: str) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)
        self.status_label.setText(stage)

    def sync_now(self, kind: str = "manual") -> None:
        if self.busy:
            return
        inbox, outbox = self.inbox_edit.text().strip(), self.outbox_edit.text().strip()
        if not inbox and not outbox:
            self.status_label.setText(self.tr("Set an inbox or an outbox folder first."))
            return
        self._start_task()
        self.status_label.setText(self.tr("Synchronising..."))
        self._task = self._worker.submit(
            self._svc.sync_now, inbox, outbox, kind=kind, with_progress=True,
            on_result=self._on_run, on_error=self._on_error, on_progress=self._on_progress)

    def _on_run(self, run: Any) -> None:
        self._end_task()
        c = run.counts
        self.status_label.setText(self.tr(
            "Done: %1 imported, %2 updated, %3 unchanged, %4 quarantined, %5 conflicts")
            .replace("%1", str(c["imported"])).replace("%2", str(c["updated"]))
            .replace("%3", str(c["unchanged"])).replace("%4", str(c["quarantined"]))
            .replace("%5", str(c["conflicts"])))
        self.sig_run_finished.emit(run)
        self.refresh()

    def cancel(self) -> None:
        if self.busy:
            self._task.cancel()
        self._end_task()
        self.status_label.setText(self.tr("Cancelled: the batch in progress was rolled back; "
                                           "the next sync resumes the file."))

    # ------------------------------------------------------------------ one file
    def preview(self) -> None:
        path = self.file_edit.text().strip()
        if not path:
            return
        self._worker.submit(self._svc.preview, path, self.profile_combo.currentData(),
                            on_result=self._on_preview, on_error=self._on_error)

    def _on_preview(self, p: Any) -> None:
        cols = list(p.columns)
        si, ci, mi = cols.index("state"), cols.index("channel"), cols.index("minor_code")
        names = {m.code: m.name for m in self._ctx.catalogue.minors}
        rows = []
        for r in p.rows:
            r = list(r)
            r[si], r[ci] = state_label(r[si]), channel_label(r[ci])
            r[mi] = f"{r[mi]} {names.get(r[mi], '')}".strip() if r[mi] else ""
            rows.append(tuple(r))
        self.preview_model.set_rows(rows)
        self.preview_label.setText(self.tr(
            "Profile %1: %2 rows read, %3 importable, %4 to quarantine (first rows shown)")
            .replace("%1", p.profile).replace("%2", str(p.total)).replace("%3", str(p.good))
            .replace("%4", str(len(p.quarantine))))

    def import_file(self) -> None:
        path = self.file_edit.text().strip()
        if not path or self.busy:
            return
        self._start_task()
        self._task = self._worker.submit(
            self._svc.import_file, path, self.profile_combo.currentData(), with_progress=True,
            on_result=self._on_imported, on_error=self._on_error,
            on_progress=self._on_progress)

    def _on_imported(self, res: Any) -> None:
        self._end_task()
        self.status_label.setText(self.tr(
            "%1: %2 imported, %3 updated, %4 unchanged, %5 quarantined, %6 conflicts")
            .replace("%1", res.file).replace("%2", str(res.imported))
            .replace("%3", str(res.updated)).replace("%4", str(res.unchanged))
            .replace("%5", str(res.quarantined)).replace("%6", str(res.conflicts)))
        self.preview_label.setText(self.status_label.text())
        self.refresh()

    # ------------------------------------------------------------------ review
    def export_quarantine(self, target: str | None = None) -> None:
        if not target:
            target, _ = QFileDialog.getSaveFileName(self, self.tr("Export quarantine"),
                                                    "quarantine.csv", "CSV (*.csv)")
        if target:
            self._worker.submit(self._svc.export_quarantine, target, on_error=self._on_error)

    def _selected(self, view: QTableView, model: RowsModel) -> Any:
        rows = view.selectionModel().selectedRows()
        return model.row_key(rows[0].row()) if rows else None

    def resolve(self, choice: str) -> None:
        cid = self._selected(self.conflict_view, self.conflict_model)
        if cid is None:
            return
        principal = getattr(self._ctx, "principal", None)
        if principal is not None:  # the signed-in account decides, not the settings' operator
            actor = principal.actor()
        else:
            op = settings_mod.load(self._paths).operator
            actor = Actor(user_id=op.user_id, role=op.role, unit_code=op.unit_code, name=op.name)
        self._worker.submit(self._svc.resolve_conflict, cid, choice, actor,
                            on_result=lambda _r: self.refresh(), on_error=self._on_error)

    def mark_duplicate(self, status: str) -> None:
        sid = self._selected(self.dup_view, self.dup_model)
        if sid is None:
            return
        self._worker.submit(self._svc.set_duplicate, sid, status,
                            on_result=lambda _r: self.refresh(), on_error=self._on_error)


def _row(*widgets: Any, stretch: bool = True) -> QHBoxLayout:
    h = QHBoxLayout()
    for w in widgets:
        h.addWidget(w, 1 if isinstance(w, (QLineEdit, QProgressBar)) else 0)
    if stretch:
        h.addStretch(0)
    h.setAlignment(Qt.AlignmentFlag.AlignLeft)
    return h
