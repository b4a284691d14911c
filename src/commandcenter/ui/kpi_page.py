"""The KPI charts area. For now a placeholder: cases reported per day over the last 60 days.

Contracts
- One persistent `BarGraphItem` updated with `setOpts` when `refresh()`'s result arrives
  (habit 8); the data comes from `services.overview.cases_per_day` on the DB worker.
- x values are the days' midnights in seconds as if they were UTC, shown by a `DateAxisItem`
  with a zero UTC offset, so labels are the centre's local calendar days whatever the
  workstation's time zone.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from commandcenter.ui.db_worker import DbWorker

DAY_SECONDS = 86400
WINDOW_DAYS = 60


def day_seconds(days: np.ndarray) -> np.ndarray:
    """datetime64[D] days as float seconds since the epoch (naive, read as UTC)."""
    return days.astype("datetime64[s]").astype(np.int64).astype(float)


class KpiPage(QWidget):
    """Placeholder KPI chart; `last_counts` keeps the latest result for tests and tooltips."""

    sig_refreshed = Signal()

    def __init__(self, worker: DbWorker, ctx: object, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("kpi_page")
        self._worker = worker
        self._ctx = ctx
        self.last_counts = None
        self.note = QLabel(self)
        self.note.setObjectName("kpi_note")
        self.plot = pg.PlotWidget(
            self, background="w", axisItems={"bottom": pg.DateAxisItem(utcOffset=0)})
        self.plot.setObjectName("kpi_plot")
        self.plot.showGrid(y=True, alpha=0.2)
        self.plot.setMouseEnabled(x=True, y=False)
        self.bars = pg.BarGraphItem(x=[], height=[], width=DAY_SECONDS * 0.8,
                                    brush="#3a7bd5", pen=None)
        self.plot.addItem(self.bars)
        layout = QVBoxLayout(self)
        layout.addWidget(self.note)
        layout.addWidget(self.plot, 1)
        self.retranslate_ui()

    def refresh(self) -> None:
        from commandcenter.services.overview import cases_per_day

        self._worker.submit(cases_per_day, self._ctx, WINDOW_DAYS, on_result=self._show_counts)

    def _show_counts(self, counts) -> None:  # services.overview.DailyCounts
        self.last_counts = counts
        x = day_seconds(counts.days)
        self.bars.setOpts(x=x, height=counts.counts.astype(float), width=DAY_SECONDS * 0.8)
        if len(x):
            self.plot.setXRange(x[0] - DAY_SECONDS, x[-1] + DAY_SECONDS, padding=0)
            self.plot.setYRange(0, max(1, int(counts.counts.max())) * 1.1, padding=0)
        self._update_note()
        self.sig_refreshed.emit()

    def _update_note(self) -> None:
        if self.last_counts is None:
            self.note.setText(self.tr("Cases reported per day (loading…)"))
            return
        self.note.setText(self.tr("Cases reported per day, last {days} days: {total} in total.")
                          .format(days=WINDOW_DAYS, total=f"{self.last_counts.total:,}"))

    def retranslate_ui(self) -> None:
        self.plot.setLabel("left", self.tr("Cases"))
        self.plot.setAccessibleName(self.tr("Cases per day chart"))
        self._update_note()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)
