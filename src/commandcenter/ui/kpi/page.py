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
- ``last_snapshot``: the `LiveSnapshot` shown last (None before the first load); ``plot`` is the
  live view's cases-per-day chart (the shell's accessibility check reads it).
- `view_state() -> dict` / `restore_view_state(state)` (issue 9's page contract): the chosen tab
  (``"live"``/``"assessment"``), the live on-time target, and the assessment's object type,
  period kind (dates only for a custom period; other kinds show the current period), comparison
  and what-if panel width. Missing or garbled keys are ignored. Restoring the assessment tab
  loads it (on the worker) as showing it would.
- Retranslates on QEvent.LanguageChange; charts restyle on palette changes (light/dark).
"""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import QFrame, QScrollArea, QTabWidget, QVBoxLayout, QWidget

from commandcenter.services.kpi import LiveService
from commandcenter.ui.errors import first_line
from commandcenter.ui.kpi.assessment_view import AssessmentView
from commandcenter.ui.kpi.common import submit
from commandcenter.ui.kpi.live_view import LiveView

REBUILD_AFTER = timedelta(minutes=5)
TABS = ("live", "assessment")


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
        self.plot = self.live.daily_plot
        self.last_snapshot = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs, 1)
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
        submit(self._worker, self, self.live_service.load, on_result=self._live_loaded, on_error=self._failed)
        if self._assessment_loaded:
            self.assessment.refresh()

    def _live_loaded(self, snap) -> None:
        self._built_at = snap.now
        self.last_snapshot = snap
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
            submit(self._worker, self, self.live_service.load, on_result=self._live_rebuilt, on_error=self._failed)
            return
        submit(self._worker, self, self.live_service.apply, ids, on_result=self._live_patched, on_error=self._failed)

    def _live_rebuilt(self, snap) -> None:
        self._built_at = snap.now
        self._live_patched(snap)

    def _live_patched(self, snap) -> None:
        self.last_snapshot = snap
        self.live.show_snapshot(snap)
        self.sig_live_updated.emit()

    def set_target(self, target: float) -> None:
        submit(self._worker, self, self.live_service.set_target, target,
                            on_result=lambda s: s is not None and self._live_patched(s))

    def _failed(self, exc: BaseException) -> None:
        self.live.ontime_label.setText(self.tr("Could not load the live picture: {error}").format(error=first_line(exc)))

    # ------------------------------------------------------------------ assessment
    def _tab_changed(self, index: int) -> None:
        if self.tabs.widget(index).widget() is self.assessment and not self._assessment_loaded:
            self._assessment_loaded = True
            self.assessment.refresh()

    def show_assessment(self) -> None:
        self.tabs.setCurrentIndex(1)

    # ------------------------------------------------------------------ view state
    def view_state(self) -> dict:
        return {"tab": TABS[self.tabs.currentIndex()] if 0 <= self.tabs.currentIndex() < len(TABS) else "live",
                "ontime_target": round(self.live.target_spin.value() / 100.0, 4),
                "assessment": self.assessment.view_state()}

    def restore_view_state(self, state: dict) -> None:
        if not isinstance(state, dict):
            return
        target = state.get("ontime_target")
        if isinstance(target, (int, float)) and not isinstance(target, bool) and 0.01 <= target <= 1:
            self.live.target_spin.setValue(float(target) * 100)  # emits sig_target_changed
        changed = self.assessment.restore_view_state(state.get("assessment"))
        if changed and self._assessment_loaded:
            self.assessment.refresh()
        tab = state.get("tab")
        if tab in TABS:
            self.tabs.setCurrentIndex(TABS.index(tab))  # the assessment loads on first showing

    # ------------------------------------------------------------------ language
    def retranslate_ui(self) -> None:
        self.tabs.setTabText(0, self.tr("Live picture"))
        self.tabs.setTabText(1, self.tr("Assessment"))
        self.plot.setAccessibleName(self.tr("Cases per day chart"))

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
