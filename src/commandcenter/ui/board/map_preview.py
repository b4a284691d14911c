"""A small map of where a case is: its grid outline, the neighbouring grids and the point.

Contract: `MapPreviewWidget.set_shapes(preview)` takes a `services.board_detail.PreviewShapes`
(WGS84 degrees, read on the DB worker) and repaints; an empty preview shows "no location".
Painted with QPainter only (no tiles, no network, no scene graph): a local equirectangular
projection (longitude scaled by cos(latitude), good to a fraction of a percent over a few
hundred metres), the case grid filled, neighbours outlined, the point as a red dot with a
white ring so it reads on any fill. Paths are built once per case, not per paint.
"""

from __future__ import annotations

import math
from typing import Any

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

CASE_FILL = QColor(47, 111, 214, 60)
CASE_EDGE = QColor(47, 111, 214)
NEIGHBOUR_EDGE = QColor(120, 120, 120)
POINT = QColor(200, 30, 30)


class MapPreviewWidget(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("board_map_preview")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMinimumHeight(120)
        self._preview: Any = None
        self._paths: list[tuple[QPainterPath, bool]] = []  # in projected metres
        self._point: QPointF | None = None
        self._frame: QRectF | None = None
        self._label = ""
        self.retranslate_ui()

    def sizeHint(self) -> QSize:
        return QSize(300, 150)

    # ------------------------------------------------------------------ data
    def set_shapes(self, preview: Any) -> None:
        self._preview = preview
        self._paths, self._point, self._frame, self._label = [], None, None, ""
        if preview is None or preview.empty or preview.bounds is None:
            self.setToolTip(self.tr("No location recorded"))
            self.update()
            return
        lon0, lat0, lon1, lat1 = preview.bounds
        lat_mid = (lat0 + lat1) / 2
        kx = 111_320.0 * math.cos(math.radians(lat_mid))
        ky = 110_540.0

        def project(lon: float, lat: float) -> QPointF:  # metres east / north of the corner
            return QPointF((lon - lon0) * kx, (lat - lat0) * ky)

        for shape in preview.shapes:
            path = QPainterPath()
            for ring in shape.rings:
                if not ring:
                    continue
                path.moveTo(project(*ring[0]))
                for lon, lat in ring[1:]:
                    path.lineTo(project(lon, lat))
                path.closeSubpath()
            self._paths.append((path, shape.is_case_grid))
            if shape.is_case_grid:
                self._label = shape.name or shape.code
        if preview.point is not None:
            self._point = project(*preview.point)
        self._frame = QRectF(0, 0, (lon1 - lon0) * kx, (lat1 - lat0) * ky)
        self.setToolTip(self._label)
        self.update()

    # ------------------------------------------------------------------ painting
    def paintEvent(self, _event: Any) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        base = self.palette().color(QPalette.ColorRole.Base)
        # paper on a light theme; the palette's base on a dark one (the label is palette text)
        p.fillRect(self.rect(), base if base.lightness() < 128 else QColor(248, 248, 244))
        if self._frame is None or self._frame.width() <= 0 or self._frame.height() <= 0:
            p.setPen(self.palette().color(self.foregroundRole()))
            p.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, self.tr("No location recorded"))
            return
        pad = 6
        w, h = max(self.width() - 2 * pad, 1), max(self.height() - 2 * pad, 1)
        scale = min(w / self._frame.width(), h / self._frame.height())
        p.save()
        # centre the frame; y grows north, so flip
        p.translate(pad + (w - self._frame.width() * scale) / 2,
                    pad + (h + self._frame.height() * scale) / 2)
        p.scale(scale, -scale)
        for path, is_case in self._paths:
            pen = QPen(CASE_EDGE if is_case else NEIGHBOUR_EDGE, 2.0 if is_case else 0.8)
            pen.setCosmetic(True)  # widths in pixels whatever the scale
            p.setPen(pen)
            p.setBrush(CASE_FILL if is_case else Qt.BrushStyle.NoBrush)
            p.drawPath(path)
        p.restore()
        if self._point is not None:
            x = pad + (w - self._frame.width() * scale) / 2 + self._point.x() * scale
            y = pad + (h + self._frame.height() * scale) / 2 - self._point.y() * scale
            p.setPen(QPen(Qt.GlobalColor.white, 2))
            p.setBrush(POINT)
            p.drawEllipse(QPointF(x, y), 5, 5)
        if self._label:
            p.setPen(self.palette().color(self.foregroundRole()))
            p.drawText(self.rect().adjusted(pad, pad, -pad, -pad),
                       Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop, self._label)
        p.end()

    def retranslate_ui(self) -> None:
        self.setAccessibleName(self.tr("Case location map"))
        self.setAccessibleDescription(self.tr("The case's grid, its neighbours and the point"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)


__all__ = ["MapPreviewWidget"]
