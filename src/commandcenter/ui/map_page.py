"""The grid map area. For now a placeholder: the district outline on a true-shape plot.

Contracts
- One persistent `PlotDataItem` draws every ring of the outline (rings joined by NaN breaks,
  `connect="finite"`), updated with `setData` when `refresh()`'s result arrives (habit 8).
- The outline is read by `services.overview.district_outline` on the DB worker (file I/O too
  stays off the UI thread). Coordinates are WGS84 degrees; the aspect is locked to
  cos(latitude) so a kilometre east and a kilometre north span the same number of pixels.
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from commandcenter.ui.db_worker import DbWorker


def join_rings(rings: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """Concatenate rings into x, y arrays with a NaN row between rings."""
    if not rings:
        return np.empty(0), np.empty(0)
    parts: list[np.ndarray] = []
    for ring in rings:
        parts.append(ring)
        parts.append(np.full((1, 2), np.nan))
    xy = np.vstack(parts[:-1])
    return xy[:, 0], xy[:, 1]


class MapPage(QWidget):
    """Placeholder map: district outline, equal ground distances on both axes."""

    sig_refreshed = Signal()

    def __init__(self, worker: DbWorker, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("map_page")
        self._worker = worker
        self.note = QLabel(self)
        self.note.setObjectName("map_note")
        self.note.setWordWrap(True)
        self.plot = pg.PlotWidget(self, background="w")
        self.plot.setObjectName("map_plot")
        self.plot.showGrid(x=True, y=True, alpha=0.15)
        self.plot.setAspectLocked(True)
        self.outline = self.plot.plot(
            [], [], pen=pg.mkPen("#1f4e8c", width=2), connect="finite", name="district")
        layout = QVBoxLayout(self)
        layout.addWidget(self.note)
        layout.addWidget(self.plot, 1)
        self.retranslate_ui()

    def refresh(self) -> None:
        from commandcenter.services.overview import district_outline

        self._worker.submit(district_outline, on_result=self._show_outline)

    def _show_outline(self, rings: list[np.ndarray]) -> None:
        x, y = join_rings(rings)
        self.outline.setData(x, y, connect="finite")
        finite = y[np.isfinite(y)]
        if finite.size and abs(float(finite.mean())) < 90:
            # ratio = x scale / y scale: shrink longitude degrees by cos(latitude)
            self.plot.setAspectLocked(True, ratio=math.cos(math.radians(float(finite.mean()))))
            self.plot.autoRange()
        self.sig_refreshed.emit()

    def retranslate_ui(self) -> None:
        self.note.setText(self.tr("District outline. Grids, cases and hotspots will be drawn here."))
        self.plot.setLabel("bottom", self.tr("Longitude (°)"))
        self.plot.setLabel("left", self.tr("Latitude (°)"))
        self.plot.setAccessibleName(self.tr("Grid map"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)
