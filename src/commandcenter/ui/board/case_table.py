"""The board's case table view setup (kept apart from the page to keep both small)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QMenu, QTableView

from commandcenter.domain.vocabulary import Channel, State
from commandcenter.ui.board.case_model import (
    COL_LEFT,
    COL_PRIORITY,
    COL_RECEIVED,
    COL_STATE,
    CaseTableModel,
)
from commandcenter.ui.labels import channel_label, state_label


def configure_case_table(t: QTableView, model: CaseTableModel) -> None:
    """Row selection, fixed row height, sortable header with the columns sized for their
    content; the state, time left and priority columns moved next to the code."""
    t.setModel(model)
    from commandcenter.ui.board.cell_delegate import CellDelegate

    t.setItemDelegate(CellDelegate(t))
    t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    t.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
    t.setAlternatingRowColors(True)
    t.setWordWrap(False)
    t.verticalHeader().hide()
    t.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    t.verticalHeader().setDefaultSectionSize(t.fontMetrics().height() + 8)
    h = t.horizontalHeader()
    h.setSectionsClickable(True)
    h.setSortIndicatorShown(True)
    h.setSortIndicator(COL_RECEIVED, Qt.SortOrder.DescendingOrder)
    h.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    h.setStretchLastSection(False)
    for col, width in enumerate(column_widths(t)):
        h.resizeSection(col, width)
    t._fitted_widths = column_widths(t)  # what `fit_columns` compares a language change with
    # What an operator scans first sits next to the code: the state and the time left
    # (the model keeps the column order; only the view moves them).
    h.moveSection(h.visualIndex(COL_STATE), 1)
    h.moveSection(h.visualIndex(COL_LEFT), 2)
    h.moveSection(h.visualIndex(COL_PRIORITY), 3)
    h.setSectionsMovable(True)  # drag to reorder; the order is part of the saved view state
    h.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
    h.customContextMenuRequested.connect(
        lambda pos: column_menu(t).popup(h.viewport().mapToGlobal(pos)))


def _tr(context: str, text: str) -> str:
    return QCoreApplication.translate(context, text)


def column_widths(t: QTableView) -> list[int]:
    """Default width per column for the current language and font: the longest state, channel,
    priority and time-left text of this language fits whole (the delegate elides at the cell
    width less 2 x 4 px), every header fits, the free-text columns get a fixed number of
    characters."""
    fm, hfm = t.fontMetrics(), t.horizontalHeader().fontMetrics()
    han = fm.horizontalAdvance("南")
    pad = 14

    def widest(texts: list[str]) -> int:
        return max((fm.horizontalAdvance(x) for x in texts), default=0)

    left_formats = [_tr("CaseTableModel", f) for f in (
        "{0:.1f} d overdue", "{0:.1f} h overdue", "{0:.1f} d", "{0:.1f} h")]
    widths = [fm.horizontalAdvance("QH20261128000096"), fm.horizontalAdvance("2026-11-28 17:00"),
              widest([channel_label(c) for c in Channel]), 5 * han, 5 * han, 5 * han, 5 * han,
              6 * han, 14 * han, 7 * han, widest([state_label(s) for s in State]),
              widest([f.format(999.9) for f in left_formats]),
              widest([_tr("CaseTableModel", "Emergency"), _tr("CaseTableModel", "Urgent")]),
              2 * han, 2 * han]
    model = t.model()
    headers = [str(model.headerData(c, Qt.Orientation.Horizontal) or "")
               for c in range(len(widths))]
    # a header wider than its cells: the sort arrow takes ~16 px on the sorted column
    return [max(w + pad, hfm.horizontalAdvance(text) + pad + 6)
            for w, text in zip(widths, headers, strict=True)]


def fit_columns(t: QTableView) -> None:
    """After a language (or font) change: widen the columns whose default width grew, so the
    new language's longest state label is not cut ("Pendin…"). Columns are never narrowed, and
    nothing happens while the defaults are unchanged: a restored saved width (`page_state`)
    survives a repeated LanguageChange of the same language."""
    wanted = column_widths(t)
    if wanted == getattr(t, "_fitted_widths", None):
        return
    t._fitted_widths = wanted
    h = t.horizontalHeader()
    for col, width in enumerate(wanted):
        if h.sectionSize(col) < width:
            h.resizeSection(col, width)


def column_menu(t: QTableView) -> QMenu:
    """Show/hide columns (the last visible one cannot be hidden)."""
    h = t.horizontalHeader()
    model = t.model()
    menu = QMenu(t)
    menu.setObjectName("board_column_menu")
    menu.setTitle(QCoreApplication.translate("CaseTable", "Columns"))
    visible = sum(not h.isSectionHidden(c) for c in range(model.columnCount()))
    for visual in range(model.columnCount()):
        col = h.logicalIndex(visual)
        act = QAction(str(model.headerData(col, Qt.Orientation.Horizontal)), menu)
        act.setCheckable(True)
        act.setChecked(not h.isSectionHidden(col))
        act.setEnabled(h.isSectionHidden(col) or visible > 1)
        act.toggled.connect(lambda on, col=col: h.setSectionHidden(col, not on))
        menu.addAction(act)
    return menu
