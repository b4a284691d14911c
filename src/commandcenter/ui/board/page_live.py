"""Live updates and the details that follow the current case (mixed into
`board_page.BoardPage`; see its module contract for what the page promises).

Contracts (the methods live on `BoardPage`)
- `apply_changes(batch)` / `apply_changes_for(case_ids)`: the cases are re-read on the DB worker
  (`BoardStore.fetch`) and merged in place (`BoardStore.merge`); only the touched rows are
  re-queried (`requery_after`) unless the merge reordered the store. The table repaints first;
  lanes, totals and the load panel follow once per burst of batches (`_side_timer` ->
  `_update_side`). New rows and rows turning red flash; the current case's details are re-read
  when it was in the batch. `_tick` (every minute) recomputes aging and lane counts.
- `_ensure_detail()` loads the current case's details unless they are shown or being read;
  `_load_detail()` reads them (`services.board_detail.board_detail`) on the DB worker, showing
  the case's code and state at once (`DetailPanel.show_loading`); an answer for a case that is
  no longer current is dropped.
Texts keep the "BoardPage" translation context (the catalogue's). The mixin uses the page's `store`, `_worker`, `_ctx`, `case_model`, `lanes`, `detail`,
`status`, `_side_timer`, `_flash_timer`, `_sort_key`, `_descending`, `_detail_pending`,
`current_filter`, `current_case_id`, `_view_state`, `_show`, `_update_totals` and `_failed`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from PySide6.QtCore import QCoreApplication


class LiveMixin:
    def apply_changes(self, batch: Any) -> None:
        """Merge a change-feed batch in place (see the module contract)."""
        self.apply_changes_for(batch.case_ids)

    def apply_changes_for(self, case_ids: Sequence[int]) -> None:
        if self.store is None or not case_ids:
            return
        from commandcenter.services.board import BoardStore

        self._worker.submit(BoardStore.fetch, self._ctx, list(case_ids),
                            on_result=self._merge, on_error=self._failed)

    def _merge(self, rows: Any) -> None:
        if self.store is None:
            return
        view = self._view_state()  # by case id: a partial store's positions may shift
        result = self.store.merge(rows)
        self.case_model.forget(result.updated)
        flt = self.current_filter()
        if result.reordered:
            positions = self.store.query(flt, self._sort_key, self._descending)
        else:  # only the touched rows can join, leave or move: O(shown), no full re-sort
            positions = self.store.requery_after(
                flt, self.case_model.positions, result.updated + result.appended,
                self._sort_key, self._descending)
        same = positions is self.case_model.positions or (
            len(positions) == len(self.case_model.positions)
            and np.array_equal(positions, self.case_model.positions))
        if not result.reordered and same:
            self.case_model.rows_changed(result.updated)
        else:
            self._show(positions, view)
        # Lanes, totals and the load panel follow a moment later, once per burst of batches:
        # the table (what the operator is looking at) is repainted first.
        self._side_timer.start()
        flash = set(result.appended)
        if result.turned_red:
            flash |= set(self.store.positions_of(result.turned_red).tolist())
        if flash:
            self.case_model.set_flash(flash)
            self._flash_timer.start()
        parts = []
        if result.appended:
            parts.append(QCoreApplication.translate("BoardPage", "New cases: {n}").format(
                n=len(result.appended)))
        if result.turned_red:
            parts.append(QCoreApplication.translate("BoardPage", "Now overdue: {n}").format(
                n=len(result.turned_red)))
        if parts:
            self.status.setText("；".join(parts))
        current = self.current_case_id()
        if current is not None and current in set(int(i) for i in rows.chunk.columns["id"]):
            self._load_detail()

    def _update_side(self) -> None:
        """Lane counts, per-state totals and the load panel (deferred after change batches)."""
        if self.store is None:
            return
        self.lanes.set_counts(self.store.queue_counts(self.current_filter()))
        self._update_totals()

    def _tick(self) -> None:
        if self.store is not None:
            self.case_model.set_now()
            self.lanes.set_counts(self.store.queue_counts(self.current_filter()))

    # ------------------------------------------------------------------ details
    def _ensure_detail(self) -> None:
        """Load the current case's details unless they are shown or being read already."""
        case_id = self.current_case_id()
        if case_id is None or case_id == self._detail_pending:
            return
        shown = self.detail.detail
        if shown is None or int(shown.id) != case_id:
            self._load_detail()

    def _load_detail(self) -> None:
        case_id = self.current_case_id()
        if case_id is None:
            return
        from commandcenter.services.board_detail import board_detail

        shown = self.detail.detail
        if (shown is None or int(shown.id) != case_id) and self.store is not None:
            pos = int(self.store.positions_of([case_id])[0])
            if pos >= 0:
                state = self.store.cats["state"].values[self.store.cols["state"][pos]] or ""
                self.detail.show_loading(self.store.value("code", pos), state)
        self._detail_pending = case_id
        self._worker.submit(board_detail, self._ctx, case_id,
                            on_result=self._show_detail, on_error=self._detail_failed)

    def _detail_failed(self, exc: BaseException) -> None:
        self._detail_pending = None
        self._failed(exc)

    def _show_detail(self, bd: Any) -> None:
        if bd.detail.id == self._detail_pending:
            self._detail_pending = None
        if bd.detail.id == self.current_case_id():
            self.detail.show_detail(bd.detail, self.store, bd.clocks, bd.preview)


__all__ = ["LiveMixin"]
