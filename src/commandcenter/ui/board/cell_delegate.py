"""A lean painter for the case table's cells: one Python call per cell instead of ~8.

Why: at a million cases the filter, sort and change-batch work is a few milliseconds; what is
left is painting ~400 visible cells, and `QStyledItemDelegate` asks the model for eight roles
per cell (each a C++ → Python call) and shapes the Chinese text again on every repaint. This
delegate reads the model's cached row texts directly (`CaseTableModel.cell`), keeps the elided
text per (text, width) in a bounded cache (shaped as a `QStaticText` once it is drawn a second
time), and draws the background (selection,
aging colour, flash, alternating rows), the text (elided to the column) and the focus frame.
What it shows is exactly the model's data (Display/Background/Foreground/Alignment roles): the
model stays the single source for tests, accessibility and copy.

Contract: `CellDelegate(view)`; installed by `case_table.configure_case_table`.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPointF, QRect, QSize, Qt
from PySide6.QtGui import QPalette, QStaticText, QTextOption
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

_PAD = 4
_SELECTED = QStyle.StateFlag.State_Selected.value
_ACTIVE = QStyle.StateFlag.State_Active.value
_FOCUS = QStyle.StateFlag.State_HasFocus.value
_ALTERNATE = QStyleOptionViewItem.ViewItemFeature.Alternate.value
_LEFT = int((Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter).value)
_RIGHT = int((Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter).value)
_CACHE_MAX = 6000


class CellDelegate(QStyledItemDelegate):
    def __init__(self, view: Any) -> None:
        super().__init__(view)
        self._view = view
        # (text, width) -> elided text, then its QStaticText; the table has one font
        self._static: dict[tuple[str, int], str | QStaticText] = {}
        self._palette: dict[tuple[int, bool], tuple[Any, ...]] = {}
        self._option = QTextOption()
        self._option.setWrapMode(QTextOption.WrapMode.NoWrap)

    def _shaped(self, text: str, width: int, fm: Any) -> str | QStaticText:
        """The elided text the first time a (text, width) is drawn; from the second time on a
        prepared `QStaticText` (shaping it costs more than one plain draw, and most cells
        shown once are never shown again, while the rows on screen repaint every second)."""
        key = (text, width)
        hit = self._static.get(key)
        if hit is None:
            if len(self._static) > _CACHE_MAX:
                self._static.clear()
            hit = self._static[key] = fm.elidedText(text, Qt.TextElideMode.ElideRight, width)
        elif isinstance(hit, str):
            st = QStaticText(hit)
            st.setTextFormat(Qt.TextFormat.PlainText)
            st.setTextOption(self._option)
            st.prepare()
            hit = self._static[key] = st
        return hit

    def _colours(self, palette: QPalette, active: bool) -> tuple[Any, ...]:
        """(highlight brush, alternate brush, highlighted text, text, focus) for a palette:
        fetched once, not per cell (every palette/enum call here crosses into Python enums)."""
        key = (palette.cacheKey(), active)
        hit = self._palette.get(key)
        if hit is None:
            g = QPalette.ColorGroup.Active if active else QPalette.ColorGroup.Inactive
            r = QPalette.ColorRole
            hit = self._palette[key] = (
                palette.brush(g, r.Highlight), palette.brush(g, r.AlternateBase),
                palette.color(g, r.HighlightedText), palette.color(g, r.Text),
                palette.color(g, r.Highlight))
        return hit

    def paint(self, painter: Any, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        model = index.model()
        cell = getattr(model, "cell", None)
        if cell is None:
            super().paint(painter, option, index)
            return
        text, background, foreground, right = cell(index.row(), index.column())
        rect: QRect = option.rect
        state = option.state.value
        selected = bool(state & _SELECTED)
        highlight, alternate, on_highlight, ink, focus = self._colours(option.palette,
                                                                      bool(state & _ACTIVE))
        if selected:
            painter.fillRect(rect, highlight)
        elif background is not None:
            painter.fillRect(rect, background)
        elif option.features.value & _ALTERNATE:
            painter.fillRect(rect, alternate)
        if text:
            width = rect.width() - 2 * _PAD
            if width > 0:
                if selected:
                    painter.setPen(on_highlight)
                elif foreground is not None:
                    painter.setPen(foreground.color())
                else:
                    painter.setPen(ink)
                shaped = self._shaped(text, width, option.fontMetrics)
                if isinstance(shaped, str):
                    painter.drawText(rect.adjusted(_PAD, 0, -_PAD, 0),
                                     _RIGHT if right else _LEFT, shaped)
                else:
                    size = shaped.size()
                    x = rect.right() - _PAD - size.width() if right else rect.left() + _PAD
                    y = rect.top() + (rect.height() - size.height()) / 2
                    painter.drawStaticText(QPointF(x, y), shaped)
        if state & _FOCUS:
            painter.setPen(focus.darker(150) if selected else focus)
            painter.drawRect(rect.adjusted(0, 0, -1, -1))

    def clear_cache(self) -> None:
        """After a font change (the cached texts were shaped with the old one)."""
        self._static.clear()

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:
        return super().sizeHint(option, index)


__all__ = ["CellDelegate"]
