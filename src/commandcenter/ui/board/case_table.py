"""The board's case table view setup (kept apart from the page to keep both small)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QMenu, QTableView

from commandcenter.ui.board.case_model import (
    COL_LEFT,
    COL_PRIORITY,
    COL_RECEIVED,
    COL_STATE,
    CaseTableModel,
)


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
    fm = t.fontMetrics()
    han = fm.horizontalAdvance("南")
    sample = [fm.horizontalAdvance("QH20261128000096"), fm.horizontalAdvance("2026-11-28 17:00"),
              5 * han, 5 * han, 5 * han, 5 * han, 5 * han, 6 * han, 14 * han, 7 * han,
              4 * han, 8 * han, 3 * han, 2 * han, 2 * han]
    for col, width in enumerate(sample):
        h.resizeSection(col, width + 14)
    # What an operator scans first sits next to the code: the state and the time left
    # (the model keeps the column order; only the view moves them).
    h.moveSection(h.visualIndex(COL_STATE), 1)
    h.moveSection(h.visualIndex(COL_LEFT), 2)
    h.moveSection(h.visualIndex(COL_PRIORITY), 3)
    h.setSectionsMovable(True)  # drag to reorder; the order is part of the saved view state
    h.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
    h.customContextMenuRequested.connect(
        lambda pos: column_menu(t).popup(h.viewport().mapToGlobal(pos)))


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
