"""A lean painter for the case table's cells: one Python call per cell instead of ~8.

Why: at a million cases the filter, sort and change-batch work is a few milliseconds; what is
left is painting ~400 visible cells, and `QStyledItemDelegate` asks the model for eight roles
per cell (each a C++ → Python call) and shapes the Chinese text again on every repaint. This
delegate reads the model's cached row texts directly (`CaseTableModel.cell`) and draws the
background (selection, aging colour, flash, alternating rows), the text (elided to the column)
and the focus frame. What it shows is exactly the model's data (Display/Background/Foreground/
Alignment roles): the model stays the single source for tests, accessibility and copy.

Text costs (a freshly filtered page is mostly texts never drawn before):
- A text is shaped once when it is first drawn (`drawText`); `QFontMetrics.elidedText` (a
  second shaping) runs only for texts that may be wider than the cell. A text whose
  characters' separate advances add up to at most the cell's width less `_SLACK` fits, so
  `elidedText` would return it whole: shaping does not widen these texts (kerning only pulls
  pairs together; over 13,208 distinct texts of the 1M demo board the shaped width never
  exceeded the sum). Text with tabs or other non-printable characters (tab stops, zero-width
  and format characters) always takes the exact path. What is drawn, first time and after,
  is pixel for pixel what the previous delegate drew.
- The shown (elided) text is kept per (text, width); drawn a second time it becomes a prepared
  `QStaticText` (preparing one costs more than one plain draw, and most cells shown once are
  never shown again, while the rows on screen repaint every second).
- Font metrics, the per-character advances and the palette colours are read once and kept
  until the view's font, palette or style changes (an event filter on the view), not per cell.

Contract: `CellDelegate(view)`; installed by `case_table.configure_case_table`. `clear_cache()`
forgets every shaped text, advance and colour (the view's font/palette changes do it by
themselves).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPointF, QRect, QSize, Qt
from PySide6.QtGui import (
    QFontMetrics,
    QFontMetricsF,
    QPalette,
    QStaticText,
    QTextOption,
    QTransform,
)
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

_PAD = 4
_SELECTED = QStyle.StateFlag.State_Selected.value
_ACTIVE = QStyle.StateFlag.State_Active.value
_FOCUS = QStyle.StateFlag.State_HasFocus.value
_ALTERNATE = QStyleOptionViewItem.ViewItemFeature.Alternate.value
_LEFT = int((Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter).value)
_RIGHT = int((Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter).value)
_ELIDE = Qt.TextElideMode.ElideRight
_CACHE_MAX = 6000
_ADVANCES_MAX = 20_000  # distinct characters; the board's repertoire is a few thousand
_SLACK = 1.0  # px the advance sum must leave free to skip the exact elision
# What the cached metrics, advances and colours depend on.
_RESTYLE = frozenset({QEvent.Type.FontChange, QEvent.Type.ApplicationFontChange,
                      QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange,
                      QEvent.Type.StyleChange})


class CellDelegate(QStyledItemDelegate):
    def __init__(self, view: Any) -> None:
        super().__init__(view)
        self._view = view
        # (text, width) -> the shown (elided) text once drawn, then (QStaticText, width,
        # height) once drawn twice; the table has one font
        self._shown: dict[tuple[str, int], Any] = {}
        self._advance: dict[str, float] = {}  # per character, for the elision bound
        self._look: tuple[Any, ...] | None = None  # see `_restyle`
        self._option = QTextOption()
        self._option.setWrapMode(QTextOption.WrapMode.NoWrap)
        self._transform = QTransform()
        view.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _RESTYLE:
            self.clear_cache()
        return False

    def _restyle(self) -> tuple[Any, ...]:
        """(inactive colours, active colours, font, QFontMetrics, QFontMetricsF) of the view;
        colours are (highlight brush, alternate brush, highlighted text, text, focus), the
        palette's `option.palette` would give (`initViewItemOption` copies the view's)."""
        view = self._view
        palette = view.palette()
        r = QPalette.ColorRole
        groups = [(palette.brush(g, r.Highlight), palette.brush(g, r.AlternateBase),
                   palette.color(g, r.HighlightedText), palette.color(g, r.Text),
                   palette.color(g, r.Highlight))
                  for g in (QPalette.ColorGroup.Inactive, QPalette.ColorGroup.Active)]
        font = view.font()
        self._look = (groups[0], groups[1], font, QFontMetrics(font), QFontMetricsF(font))
        return self._look

    def _elided(self, text: str, width: int) -> str:
        """`QFontMetrics.elidedText(text, ElideRight, width)`, shaping only texts that may not
        fit (see the module docstring)."""
        look = self._look or self._restyle()
        if text.isprintable():
            advance = self._advance
            try:
                total = sum(map(advance.__getitem__, text))
            except KeyError:
                if len(advance) > _ADVANCES_MAX:
                    advance.clear()
                fmf = look[4]
                for ch in text:
                    if ch not in advance:
                        advance[ch] = fmf.horizontalAdvance(ch)
                total = sum(map(advance.__getitem__, text))
            if total + _SLACK <= width:
                return text
        return look[3].elidedText(text, _ELIDE, width)

    def _static(self, shown: str) -> tuple[QStaticText, float, float]:
        st = QStaticText(shown)
        st.setTextFormat(Qt.TextFormat.PlainText)
        st.setTextOption(self._option)
        st.prepare(self._transform, (self._look or self._restyle())[2])
        size = st.size()
        return st, size.width(), size.height()

    def paint(self, painter: Any, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        cell = getattr(index.model(), "cell", None)
        if cell is None:
            super().paint(painter, option, index)
            return
        text, background, foreground, right = cell(index.row(), index.column())
        rect: QRect = option.rect
        state = option.state.value
        selected = state & _SELECTED
        look = self._look or self._restyle()
        highlight, alternate, on_highlight, ink, focus = look[1] if state & _ACTIVE else look[0]
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
                key = (text, width)
                hit = self._shown.get(key)
                if hit is None:  # first time: shaped once, by the draw itself
                    if len(self._shown) > _CACHE_MAX:
                        self._shown.clear()
                    shown = self._shown[key] = self._elided(text, width)
                    painter.drawText(rect.adjusted(_PAD, 0, -_PAD, 0),
                                     _RIGHT if right else _LEFT, shown)
                else:
                    if hit.__class__ is str:
                        hit = self._shown[key] = self._static(hit)
                    st, w, h = hit
                    x = rect.right() - _PAD - w if right else rect.left() + _PAD
                    painter.drawStaticText(QPointF(x, rect.top() + (rect.height() - h) / 2), st)
        if state & _FOCUS:
            painter.setPen(focus.darker(150) if selected else focus)
            painter.drawRect(rect.adjusted(0, 0, -1, -1))

    def clear_cache(self) -> None:
        """Forget every shaped text, advance and colour (called on font, palette and style
        changes; the bench calls it to paint a page as if never seen)."""
        self._shown.clear()
        self._advance.clear()
        self._look = None

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:
        return super().sizeHint(option, index)


__all__ = ["CellDelegate"]
