"""The case-dispatch board page: lanes, filter bar, the case table, details and units' load.

Contracts
- `BoardPage(worker, ctx, parent)`. `refresh()` loads every case into a `services.board.BoardStore`
  on the DB worker and shows it; `sig_refreshed` follows. Filters, lanes and sorting then run in
  numpy on the GUI thread (tens of ms at 1M cases) and reset the table model.
- Live: `apply_changes(batch)` (a `ChangeBatch` from the shell's ChangeFeed) and
  `apply_changes_for(case_ids)` (after an action of ours) re-read only those cases on the worker
  and merge them in place, keeping the selection, the scroll position and the focus; a new case
  or one turning red is highlighted briefly and announced in `status`.
- For the actions (helper B): `table`, `action_toolbar()`, `selected_case_ids()`,
  `current_case_id()`, `select_case(id)`, `sig_selection_changed(list[int])`, `store`.
- For the shell: `filter_to_grid(code)`, `show_cases(ids, title)` (drill-down lane),
  `summary`, `model` (per-state counts, `StateCountModel`).
- Details follow the current case however it became current: a click or a key, `select_case` /
  `reveal_case` (also a palette jump), or a re-query that restores it silently. The panel shows
  the case's code and state at once and the rest when the worker has read it. When
  `filter_to_grid` or `show_cases` leave no current case, the first row becomes current.
- Keyboard: Ctrl+F focuses the text filter, Alt+1..9 pick a lane, Enter shows the current case's
  details, Escape in the filter bar clears it.
- Live updates and the loading of details are in `page_live.LiveMixin`.
- For the main window: `view_state() -> dict` / `restore_view_state(dict)` (filters, lane, sort,
  columns, splitters; see `page_state`), `set_read_only(on, reason)` (every action off, the
  reason shown in a banner; the board keeps showing and filtering what it has),
  `sig_reveal_requested(case_id)` from the detail panel's "Reveal identity" button.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

import numpy as np
from PySide6.QtCore import QEvent, QItemSelection, QItemSelectionModel, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QSplitter,
    QTableView,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from commandcenter.services.board_filter import LANES, BoardFilter
from commandcenter.ui.board.case_model import SORT_KEYS, CaseTableModel
from commandcenter.ui.board.case_table import configure_case_table, fit_columns
from commandcenter.ui.board.colours import board_colours
from commandcenter.ui.board.detail_panel import DetailPanel
from commandcenter.ui.board.filter_bar import FilterBar
from commandcenter.ui.board.page_live import LiveMixin
from commandcenter.ui.board.side_panels import LaneList, LoadPanel
from commandcenter.ui.board.state_counts import StateCountModel
from commandcenter.ui.db_worker import DbWorker
from commandcenter.ui.errors import first_line

log = logging.getLogger(__name__)
FLASH_MS = 3000
AGING_TICK_MS = 60_000
SIDE_DELAY_MS = 300  # lanes/totals/load after a change batch: coalesced, after the table


class BoardPage(LiveMixin, QWidget):
    sig_refreshed = Signal()  # every case loaded and shown
    sig_first_paint = Signal()  # the open cases are shown; the closed ones still loading
    sig_selection_changed = Signal(list)  # case ids
    sig_reveal_requested = Signal(int)  # case id: the operator asks to see the reporter

    def __init__(self, worker: DbWorker, ctx: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("board_page")
        self._worker = worker
        self._ctx = ctx
        self.store: Any = None
        self._sort_key = "reported_at"
        self._descending = True
        self._drill_ids: tuple[int, ...] | None = None
        self._detail_pending: int | None = None  # the case whose details are being read
        from commandcenter import settings as settings_mod

        self.operator = settings_mod.load().operator
        self.model = StateCountModel(self)  # per-state totals (summary line, the shell's tests)
        self.case_model = CaseTableModel(self)
        self.summary = QLabel(self, objectName="board_summary")
        self.status = QLabel(self, objectName="board_status")
        self.banner = QLabel(self, objectName="board_read_only_banner")
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet("background:#fff3cd; color:#5c4400; padding:4px 8px;"
                                  "border:1px solid #e0c66a;")
        self.banner.hide()
        self.filters = FilterBar(self)
        self.lanes = LaneList(self)
        self.load_panel = LoadPanel(self)
        self.detail = DetailPanel(self)
        self.table = QTableView(self, objectName="board_table")
        configure_case_table(self.table, self.case_model)
        self._toolbar = QToolBar(self, objectName="board_action_toolbar")
        self._aging_timer = QTimer(self, objectName="board_aging_timer", interval=AGING_TICK_MS)
        self._aging_timer.timeout.connect(self._tick)
        self._flash_timer = QTimer(self, objectName="board_flash_timer", interval=FLASH_MS,
                                   singleShot=True)
        self._flash_timer.timeout.connect(lambda: self.case_model.set_flash(set()))
        self._side_timer = QTimer(self, objectName="board_side_timer", interval=SIDE_DELAY_MS,
                                  singleShot=True)
        self._side_timer.timeout.connect(self._update_side)
        self._layout()
        self._connect()
        self.retranslate_ui()
        from commandcenter.ui.board.actions import ActionController

        self.actions_controller = ActionController(self, worker, ctx, self.operator)

    # ------------------------------------------------------------------ construction
    def _layout(self) -> None:
        left = self.left_splitter = QSplitter(Qt.Orientation.Vertical, self)
        left.addWidget(self.lanes)
        left.addWidget(self.load_panel)
        left.setStretchFactor(1, 1)
        left.setSizes([380, 400])
        centre = QWidget(self)
        cl = QVBoxLayout(centre)
        cl.setContentsMargins(0, 0, 0, 0)
        cl.addWidget(self.filters)
        cl.addWidget(self._toolbar)
        cl.addWidget(self.table, 1)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(left)
        self.splitter.addWidget(centre)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setStretchFactor(2, 1)
        self.splitter.setSizes([300, 1000, 330])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.summary)
        layout.addWidget(self.banner)
        layout.addWidget(self.splitter, 1)
        layout.addWidget(self.status)

    def _connect(self) -> None:
        self.filters.sig_changed.connect(self._requery)
        self.lanes.sig_lane_changed.connect(lambda _lane: self._requery())
        self.table.horizontalHeader().sectionClicked.connect(self._sort_clicked)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.table.selectionModel().currentRowChanged.connect(lambda cur, _p: self._load_detail())
        self.table.activated.connect(lambda _i: self._open_detail())
        self.detail.sig_reveal_requested.connect(self.sig_reveal_requested)
        QShortcut(QKeySequence("Ctrl+F"), self, activated=self._focus_filter)
        for i in range(9):
            QShortcut(QKeySequence(f"Alt+{i + 1}"), self,
                      activated=lambda i=i: self._pick_lane(i))
        esc = QShortcut(QKeySequence(Qt.Key.Key_Escape), self.filters)
        esc.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        esc.activated.connect(self.filters.clear)

    # ------------------------------------------------------------------ public API
    def action_toolbar(self) -> QToolBar:
        return self._toolbar

    def selected_case_ids(self) -> list[int]:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [self.case_model.case_id(r) for r in rows]

    def current_case_id(self) -> int | None:
        index = self.table.currentIndex()
        return self.case_model.case_id(index.row()) if index.isValid() else None

    def select_case(self, case_id: int) -> bool:
        """Make `case_id` current and selected if the current lane/filter shows it."""
        if self.store is None:
            return False
        pos = int(self.store.positions_of([case_id])[0])
        row = self.case_model.row_of_position(pos) if pos >= 0 else -1
        if row < 0:
            return False
        index = self.case_model.index(row, 0)
        self.table.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows)
        self.table.scrollTo(index)
        # the same row already current (set silently by a re-query) emits no currentRowChanged
        self._ensure_detail()
        return True

    def _select_first_if_none(self) -> None:
        """After a programmatic filter or drill-down that left no current case."""
        if self.current_case_id() is None and self.case_model.rowCount():
            self.select_case(self.case_model.case_id(0))

    def reveal_case(self, case_id: int, title: str = "") -> bool:
        """Select `case_id` even if the current lane or filters hide it: then the filters are
        cleared and a one-case drill-down lane shows it (a click on the map, an alert)."""
        if self.select_case(case_id):
            return True
        self.filters.clear()
        self.show_cases([case_id], title or self.tr("Selected case"))
        return self.select_case(case_id)

    def filter_to_grid(self, code: str) -> None:
        self.filters.set_grid(code)
        self._select_first_if_none()

    def show_cases(self, case_ids: Sequence[int], title: str) -> None:
        """A drill-down lane holding exactly these cases (from the KPI view or the map)."""
        self._drill_ids = tuple(int(i) for i in case_ids)
        self.lanes.blockSignals(True)
        self.lanes.show_drill(title, len(self._drill_ids))
        self.lanes.blockSignals(False)
        self._requery()
        self._select_first_if_none()

    def set_operator(self, operator: Any) -> None:
        self.operator = operator
        if self.store is not None:
            self.store.set_operator(operator.unit_code)
            self._requery()

    def current_filter(self) -> BoardFilter:
        lane = self.lanes.current_lane()
        ids = self._drill_ids if lane == "drill" else None
        return BoardFilter(lane=lane, ids=ids, **self.filters.criteria())

    # ------------------------------------------------------------------ loading
    def refresh(self) -> None:
        """Load the open cases first (first paint of the working lanes), then every case."""
        from commandcenter.services.board import BoardStore

        self.summary.setText(self.tr("Loading cases…"))
        self._worker.submit(BoardStore.load, self._ctx, open_only=True,
                            on_result=self._loaded_first, on_error=self._failed)

    def _loaded_first(self, store: Any) -> None:
        from commandcenter.services.board import BoardStore

        if self.store is None or self.store.partial:  # else keep the complete one meanwhile
            self._install(store)
            self.sig_first_paint.emit()
        # Only now the long load: queued earlier, its thread would compete for the GIL
        # with the first paint.
        self._worker.submit(BoardStore.load, self._ctx, with_progress=True,
                            on_result=self._loaded, on_error=self._failed,
                            on_progress=self._progress)

    def _progress(self, done: int, total: int, _stage: str) -> None:
        self.summary.setText(self.tr("Loading cases… {done} of {total}").format(
            done=f"{done:,}", total=f"{total:,}"))

    def _failed(self, exc: BaseException) -> None:
        self.status.setText(self.tr("The board could not read the store: {0}").format(first_line(exc)))

    def _loaded(self, store: Any) -> None:
        self._install(store)
        self.sig_refreshed.emit()

    def _install(self, store: Any) -> None:
        self.store = store
        store.set_operator(self.operator.unit_code)
        self.filters.populate(store)
        self._requery()
        self._update_totals(load=False)
        self._side_timer.start()  # the load panel after the first paint
        if self.isVisible():
            self._aging_timer.start()

    def _update_totals(self, load: bool = True) -> None:
        s = self.store
        if s is None:
            return
        counts = np.bincount(s.cols["state"], minlength=len(s.cats["state"].values))
        by_state = {v: int(counts[i]) for i, v in enumerate(s.cats["state"].values) if v}
        self.model.set_counts(by_state)
        self._summary_counts = (len(s), int(np.count_nonzero(s.open_mask())))
        self._update_summary()
        if load:
            self.load_panel.show_load(s.unit_load(), s.worker_load())

    def _update_summary(self) -> None:
        counts = getattr(self, "_summary_counts", None)
        if counts is None:
            self.summary.setText(self.tr("Loading cases…"))
            return
        if self.store is not None and self.store.partial:
            self.summary.setText(self.tr("{open} open cases; loading closed cases…").format(
                open=f"{counts[1]:,}"))
            return
        text = self.tr("{total} cases in the store, {open} open.").format(
            total=f"{counts[0]:,}", open=f"{counts[1]:,}")
        shown = self.case_model.rowCount()
        self.summary.setText(text + " " + self.tr("{shown} shown.").format(shown=f"{shown:,}"))

    # ------------------------------------------------------------------ filtering and sorting
    def _requery(self) -> None:
        if self.store is None:
            return
        flt = self.current_filter()
        positions = self.store.query(flt, self._sort_key, self._descending)
        self._show(positions)
        self.lanes.set_counts(self.store.queue_counts(flt))
        self._update_summary()

    def _view_state(self) -> tuple[list[int], int | None, int | None, int, bool]:
        """What `_show` restores: selected ids, current id, top visible id, scroll, focus."""
        top = self.table.rowAt(0)
        return (self.selected_case_ids(), self.current_case_id(),
                self.case_model.case_id(top) if top >= 0 else None,
                self.table.verticalScrollBar().value(), self.table.hasFocus())

    def _show(self, positions: np.ndarray, state: tuple | None = None) -> None:
        """Reset the model to `positions`, keeping selection, current case and scroll place."""
        keep_sel, keep_cur, top_id, scroll, had_focus = state or self._view_state()
        sm = self.table.selectionModel()
        sm.blockSignals(True)
        self.case_model.set_rows(self.store, positions)
        self._restore(keep_sel, keep_cur)
        sm.blockSignals(False)
        if top_id is not None:
            pos = int(self.store.positions_of([top_id])[0])
            row = self.case_model.row_of_position(pos)
            if row >= 0:
                self.table.scrollTo(self.case_model.index(row, 0),
                                    QAbstractItemView.ScrollHint.PositionAtTop)
            else:
                self.table.verticalScrollBar().setValue(scroll)
        if had_focus:
            self.table.setFocus()
        if keep_sel != self.selected_case_ids():
            self._selection_changed()
        self._ensure_detail()  # the current row was restored with the signals blocked

    def _restore(self, selected: list[int], current: int | None) -> None:
        if not selected and current is None:
            return
        model = self.case_model
        wanted = self.store.positions_of(selected) if selected else np.zeros(0, np.int64)
        rows = np.flatnonzero(np.isin(model.positions, wanted[wanted >= 0]))
        selection = QItemSelection()
        last = model.columnCount() - 1
        for r in rows.tolist():
            selection.select(model.index(r, 0), model.index(r, last))
        sm = self.table.selectionModel()
        if current is not None:
            pos = int(self.store.positions_of([current])[0])
            row = model.row_of_position(pos) if pos >= 0 else -1
            if row >= 0:
                sm.setCurrentIndex(model.index(row, 0), QItemSelectionModel.SelectionFlag.NoUpdate)
        sm.select(selection, QItemSelectionModel.SelectionFlag.ClearAndSelect)

    def _sort_clicked(self, section: int) -> None:
        key = SORT_KEYS[section]
        if key == self._sort_key:
            self._descending = not self._descending
        else:
            self._sort_key, self._descending = key, key in ("reported_at", "priority",
                                                            "supervision", "duplicates")
        order = Qt.SortOrder.DescendingOrder if self._descending else Qt.SortOrder.AscendingOrder
        self.table.horizontalHeader().setSortIndicator(section, order)
        if self.store is not None:
            self._show(self.store.sort(self.case_model.positions, key, self._descending))

    def sort_by(self, sort_key: str, descending: bool) -> None:
        self._sort_key, self._descending = sort_key, not descending
        self._sort_clicked(SORT_KEYS.index(sort_key))

    @property
    def sort_key(self) -> str:
        return self._sort_key

    @property
    def sort_descending(self) -> bool:
        return self._descending

    def set_sort(self, sort_key: str, descending: bool, requery: bool = True) -> None:
        if sort_key not in SORT_KEYS:
            raise ValueError(f"unknown sort key {sort_key!r}")
        self._sort_key, self._descending = sort_key, descending
        order = Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder
        self.table.horizontalHeader().setSortIndicator(SORT_KEYS.index(sort_key), order)
        if requery:
            self._requery()

    def requery(self) -> None:
        self._requery()

    # ------------------------------------------------------------------ shell contracts
    def view_state(self) -> dict[str, Any]:
        from commandcenter.ui.board import page_state

        return page_state.capture(self)

    def restore_view_state(self, state: dict[str, Any]) -> None:
        from commandcenter.ui.board import page_state

        try:
            page_state.restore(self, state)
        except (TypeError, ValueError, KeyError, AttributeError):  # garbled: keep what we have
            log.warning("board view state not restored", exc_info=True)

    def set_principal(self, principal: Any) -> None:
        """After a sign-in / sign-out: act as this principal only (None: the chooser)."""
        self.actions_controller.use_principal(principal)

    @property
    def read_only(self) -> bool:
        return self.actions_controller.read_only

    def set_read_only(self, on: bool, reason: str = "") -> None:
        """Every action off (toolbar, palette, shortcuts, dialogs) with `reason` shown; the
        board still filters and sorts what it holds. `on=False` brings everything back."""
        reason = reason or self.tr("The database cannot be reached: the board is read-only.")
        self.actions_controller.set_read_only(on, reason)
        self.detail.set_read_only(on)
        self.banner.setText(reason)
        self.banner.setVisible(on)
        self.banner.setAccessibleName(self.tr("Read-only notice"))

    # ------------------------------------------------------------------ details and selection
    def _selection_changed(self, *_args: Any) -> None:
        self.sig_selection_changed.emit(self.selected_case_ids())

    def _open_detail(self) -> None:
        self.detail.show()
        self._load_detail()

    def _focus_filter(self) -> None:
        self.filters.text.setFocus()
        self.filters.text.selectAll()

    def _pick_lane(self, i: int) -> None:
        if i < self.lanes.count():
            self.lanes.setCurrentRow(i)
            self.lanes.setFocus()

    # ------------------------------------------------------------------ Qt events
    def showEvent(self, event: Any) -> None:
        if self.store is not None:
            self._aging_timer.start()
        super().showEvent(event)

    def hideEvent(self, event: Any) -> None:
        self._stop_timers()
        super().hideEvent(event)

    def closeEvent(self, event: Any) -> None:
        self._stop_timers()
        super().closeEvent(event)

    def _stop_timers(self) -> None:
        """Timers run only while the board is shown (and never outlive it in tests)."""
        self._aging_timer.stop()
        if self._side_timer.isActive():
            self._side_timer.stop()
            self._update_side()
        if self._flash_timer.isActive():
            self._flash_timer.stop()
            self.case_model.set_flash(set())

    def retranslate_ui(self) -> None:
        self.table.setAccessibleName(self.tr("Cases"))
        self.summary.setAccessibleName(self.tr("Case summary"))
        self.status.setAccessibleName(self.tr("Board messages"))
        self._toolbar.setAccessibleName(self.tr("Case actions"))
        self._toolbar.setWindowTitle(self.tr("Case actions"))
        self.model.retranslate()
        self.case_model.retranslate()
        fit_columns(self.table)  # this language's longest state label must fit
        self._update_summary()

    def changeEvent(self, event: QEvent) -> None:
        kind = event.type()
        if kind == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        elif kind in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            self.case_model.set_colours(board_colours(self.palette()))  # children resolve later
        super().changeEvent(event)


__all__ = ["LANES", "BoardPage"]
