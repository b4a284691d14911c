"""The KPI area: the operators' live picture and the supervisors' assessment, as two tabs.

Contracts (the shell's page role)
- `KpiPage(worker, ctx, parent)`; `refresh()` rebuilds the live picture on the DB worker and
  emits ``sig_refreshed`` when it is shown; the assessment tab loads on its first showing (or
  `assessment.refresh()`).
- `apply_changes(batch)` (services.dto.ChangeBatch from the shell's ChangeFeed): the worker
  refetches only ``batch.case_ids`` and patches the live picture (`services.kpi.LiveService`);
  the charts update in place. A picture older than `REBUILD_AFTER` is rebuilt instead, so
  deadline colours that change with time alone stay current. ``sig_live_updated`` fires after.
- ``sig_drilldown(list[int] case_ids, str title)`` from either tab: the shell connects it to
  the board (`board.show_cases`).
- `set_operator(user, role)`: who publishes weights; only role "admin" may publish.
- Retranslates on QEvent.LanguageChange.
"""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QTabWidget, QVBoxLayout, QWidget

from commandcenter.services.kpi import LiveService
from commandcenter.ui.kpi.assessment_view import AssessmentView
from commandcenter.ui.kpi.live_view import LiveView

REBUILD_AFTER = timedelta(minutes=5)
WINDOW_DAYS = 60  # the shell's overview line: cases reported over the last 60 days


class KpiPage(QWidget):
    sig_refreshed = Signal()
    sig_live_updated = Signal()
    sig_drilldown = Signal(list, str)

    def __init__(self, worker, ctx, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("kpi_page")
        self._worker = worker
        self._ctx = ctx
        self.live_service = LiveService(ctx)
        self._built_at = None
        self._assessment_loaded = False
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("kpi_tabs")
        self.live = LiveView(self)
        self.assessment = AssessmentView(worker, ctx, self)
        # scroll areas: a small dock scrolls instead of forcing the main window's minimum size
        self.tabs.addTab(_scrolled(self.live, self), "")
        self.tabs.addTab(_scrolled(self.assessment, self), "")
        self.tabs.currentChanged.connect(self._tab_changed)
        self.live.sig_drilldown.connect(self.sig_drilldown)
        self.assessment.sig_drilldown.connect(self.sig_drilldown)
        self.live.sig_target_changed.connect(self.set_target)
        # the shell's overview (kept from the placeholder page): `plot` is the daily chart,
        # `note` the 60-day total, `last_counts` its services.overview.DailyCounts
        self.plot = self.live.daily_plot
        self.note = QLabel(self)
        self.note.setObjectName("kpi_note")
        self.last_counts = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.note)
        self._load_operator()
        self.retranslate_ui()

    def _load_operator(self) -> None:
        try:
            from commandcenter import settings

            op = settings.load().operator
            self.set_operator(op.user_id, op.role.value)
        except Exception:  # settings unreadable: nobody may publish
            self.set_operator("unknown", "")

    def set_operator(self, user: str, role: str) -> None:
        self.assessment.operator = user
        self.assessment.weights_panel.set_admin(str(role) == "admin")

    # ------------------------------------------------------------------ live picture
    def refresh(self) -> None:
        from commandcenter.services.overview import cases_per_day

        self._worker.submit(cases_per_day, self._ctx, WINDOW_DAYS, on_result=self._show_counts)
        self._worker.submit(self.live_service.load, on_result=self._live_loaded, on_error=self._failed)
        if self._assessment_loaded:
            self.assessment.refresh()

    def _show_counts(self, counts) -> None:
        self.last_counts = counts
        self._update_note()

    def _update_note(self) -> None:
        if self.last_counts is None:
            self.note.setText(self.tr("Cases reported per day (loading…)"))
            return
        self.note.setText(self.tr("Cases reported per day, last {days} days: {total} in total.")
                          .format(days=WINDOW_DAYS, total=f"{self.last_counts.total:,}"))

    def _live_loaded(self, snap) -> None:
        self._built_at = snap.now
        self.live.show_snapshot(snap)
        self.sig_refreshed.emit()

    def apply_changes(self, batch) -> None:
        ids = list(batch.case_ids)
        if not ids:
            return
        if self._built_at is None:
            return  # not loaded yet: the coming load sees these changes
        now = self._ctx.now()
        if now - self._built_at > REBUILD_AFTER or now.date() != self._built_at.date():
            self._worker.submit(self.live_service.load, on_result=self._live_rebuilt, on_error=self._failed)
            return
        self._worker.submit(self.live_service.apply, ids, on_result=self._live_patched, on_error=self._failed)

    def _live_rebuilt(self, snap) -> None:
        self._built_at = snap.now
        self._live_patched(snap)

    def _live_patched(self, snap) -> None:
        self.live.show_snapshot(snap)
        self.sig_live_updated.emit()

    def set_target(self, target: float) -> None:
        self._worker.submit(self.live_service.set_target, target,
                            on_result=lambda s: s is not None and self._live_patched(s))

    def _failed(self, exc: BaseException) -> None:
        self.live.ontime_label.setText(self.tr("Could not load the live picture: {error}").format(error=exc))

    # ------------------------------------------------------------------ assessment
    def _tab_changed(self, index: int) -> None:
        if self.tabs.widget(index).widget() is self.assessment and not self._assessment_loaded:
            self._assessment_loaded = True
            self.assessment.refresh()

    def show_assessment(self) -> None:
        self.tabs.setCurrentIndex(1)

    # ------------------------------------------------------------------ language
    def retranslate_ui(self) -> None:
        self.tabs.setTabText(0, self.tr("Live picture"))
        self.tabs.setTabText(1, self.tr("Assessment"))
        self.plot.setAccessibleName(self.tr("Cases per day chart"))
        self._update_note()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
            self.live.retranslate_ui()
            self.assessment.retranslate_ui()
        super().changeEvent(event)


def _scrolled(widget: QWidget, parent: QWidget) -> QScrollArea:
    area = QScrollArea(parent)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setWidget(widget)
    return area
