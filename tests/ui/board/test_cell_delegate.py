"""The case table's cell painter on a small table: elision as `QFontMetrics.elidedText` does it
(a cheap bound decides only for texts that surely fit), and its cached font and colours follow
the view's font and palette."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPalette
from PySide6.QtWidgets import QTableView

from commandcenter.ui.board.cell_delegate import CellDelegate

LONG = "秦淮区夫子庙街道贡院西街社区平江府路十八号院内东侧垃圾堆放点"
SHORT = "秦淮区"
CODE = "QH20261128000096"
WIDTH = 160  # column width: CODE fits, LONG does not


class _Model(QAbstractTableModel):
    """One column of texts, with the `cell()` the delegate reads."""

    def __init__(self, texts: list[str]) -> None:
        super().__init__()
        self.texts = texts

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else len(self.texts)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else 1

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        return self.texts[index.row()] if role == Qt.ItemDataRole.DisplayRole else None

    def cell(self, row: int, col: int):
        return self.texts[row], None, None, False


@pytest.fixture
def view(qtbot):
    v = QTableView()
    qtbot.addWidget(v)
    v.setModel(_Model([LONG, SHORT, CODE]))
    v.setItemDelegate(CellDelegate(v))
    v.setColumnWidth(0, WIDTH)
    v.resize(320, 200)
    v.show()
    return v


def _room(view: QTableView) -> int:
    """The width the delegate gives a text: the cell (the column less the grid line) less its
    padding of 4 px on each side."""
    return view.visualRect(view.model().index(0, 0)).width() - 8


def _shown(view: QTableView, text: str) -> str:
    """The text the delegate drew for `text` in the (only) column: the elided text after a
    first draw, a prepared static text from the second on."""
    view.viewport().grab()
    hit = view.itemDelegate()._shown[(text, _room(view))]
    return hit if isinstance(hit, str) else hit[0].text()


def test_a_wide_text_ends_with_an_ellipsis_and_a_fitting_one_is_drawn_whole(view):
    fm = QFontMetrics(view.font())
    room = _room(view)
    assert fm.horizontalAdvance(LONG) > room >= fm.horizontalAdvance(CODE)
    view.itemDelegate().clear_cache()  # as on a new filter: every text drawn for the first time
    long = _shown(view, LONG)
    assert isinstance(view.itemDelegate()._shown[(LONG, room)], str)
    assert long.endswith("…") and LONG.startswith(long[:-1])
    assert long == fm.elidedText(LONG, Qt.TextElideMode.ElideRight, room)
    assert _shown(view, SHORT) == SHORT
    assert _shown(view, CODE) == CODE
    assert _shown(view, LONG) == long  # drawn again: a prepared static text of the same text
    assert not isinstance(view.itemDelegate()._shown[(LONG, room)], str)


@pytest.mark.parametrize("text", [LONG, SHORT, CODE, "暴露垃圾 Grid worker report",
                                  "WWWWW iiiii", "tab\there", "零\u200b宽"])
def test_elision_matches_qfontmetrics_at_every_width(view, text):
    """Around the natural width, where the bound's slack and the exact path meet."""
    delegate = view.itemDelegate()
    fm = QFontMetrics(view.font())
    natural = fm.horizontalAdvance(text)
    for width in range(max(1, natural - 30), natural + 30):
        delegate.clear_cache()
        expected = fm.elidedText(text, Qt.TextElideMode.ElideRight, width)
        assert delegate._elided(text, width) == expected, width


def test_the_cached_font_and_colours_follow_the_view(view):
    assert _shown(view, LONG).endswith("…")
    big = QFont(view.font())
    big.setPointSizeF(big.pointSizeF() * 1.5)
    view.setFont(big)  # a FontChange: texts elided with the old font are forgotten
    assert _shown(view, LONG) == QFontMetrics(big).elidedText(LONG, Qt.TextElideMode.ElideRight,
                                                               _room(view))
    palette = QPalette(view.palette())
    green = QColor("#00c000")
    for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
        palette.setColor(group, QPalette.ColorRole.Highlight, green)
    view.selectRow(1)
    view.setPalette(palette)  # a PaletteChange: the selection colour is read again
    image = view.viewport().grab().toImage()
    rect = view.visualRect(view.model().index(1, 0))
    assert image.pixelColor(rect.left() + 2, rect.center().y()) == green
