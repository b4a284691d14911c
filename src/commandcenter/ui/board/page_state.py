"""Saving and restoring how an operator arranged the board (issue 9's page view-state contract).

Contract: `capture(page) -> dict` (JSON-able) holds the filters (`FilterBar.view_state`), the
lane, the sort key and direction, the table's column widths, visual order and hidden columns,
and the splitters' sizes. `restore(page, state)` puts them back; it tolerates a missing, partial
or garbled state (wrong types, unknown lane or sort key, a column list of the wrong length):
whatever cannot be used is left as it is, and nothing raises. A drill-down lane is not restored
(its cases were a moment's question): the "all open" lane is shown instead.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QSplitter

from commandcenter.services.board import SORT_KEYS
from commandcenter.services.board_filter import LANES
from commandcenter.ui.board.case_model import COLUMN_COUNT

VERSION = 1


def _ints(value: Any, length: int | None = None) -> list[int] | None:
    if not isinstance(value, list) or not all(isinstance(v, int) and not isinstance(v, bool)
                                              for v in value):
        return None
    if length is not None and len(value) != length:
        return None
    return value


def capture(page: Any) -> dict[str, Any]:
    header = page.table.horizontalHeader()
    lane = page.lanes.current_lane()
    return {
        "version": VERSION,
        "filters": page.filters.view_state(),
        "lane": lane if lane != "drill" else "all_open",
        "sort": {"key": page.sort_key, "descending": page.sort_descending},
        "columns": {
            "widths": [header.sectionSize(c) for c in range(COLUMN_COUNT)],
            "order": [header.logicalIndex(v) for v in range(COLUMN_COUNT)],
            "hidden": [c for c in range(COLUMN_COUNT) if header.isSectionHidden(c)],
        },
        "splitters": {name: split.sizes() for name, split in _splitters(page).items()},
    }


def _splitters(page: Any) -> dict[str, QSplitter]:
    out = {"main": page.splitter}
    left = getattr(page, "left_splitter", None)
    if left is not None:
        out["left"] = left
    return out


def restore(page: Any, state: Any) -> None:
    if not isinstance(state, dict):
        return
    _restore_columns(page, state.get("columns"))
    splitters = state.get("splitters")
    if isinstance(splitters, dict):
        for name, split in _splitters(page).items():
            sizes = _ints(splitters.get(name), split.count())
            if sizes and all(s >= 0 for s in sizes) and sum(sizes) > 0:
                split.setSizes(sizes)
    sort = state.get("sort")
    if isinstance(sort, dict) and sort.get("key") in SORT_KEYS:
        page.set_sort(sort["key"], bool(sort.get("descending", False)), requery=False)
    lane = state.get("lane")
    if isinstance(lane, str) and lane in LANES:
        page.lanes.blockSignals(True)
        page.lanes.select_lane(lane)
        page.lanes.blockSignals(False)
    filters = state.get("filters")
    if isinstance(filters, dict):
        page.filters.restore_view_state(filters)  # re-queries once
    else:
        page.requery()


def _restore_columns(page: Any, columns: Any) -> None:
    if not isinstance(columns, dict):
        return
    header = page.table.horizontalHeader()
    widths = _ints(columns.get("widths"), COLUMN_COUNT)
    if widths:
        for c, w in enumerate(widths):
            if 8 <= w <= 2000:
                header.resizeSection(c, w)
    order = _ints(columns.get("order"), COLUMN_COUNT)
    if order and sorted(order) == list(range(COLUMN_COUNT)):
        for visual, logical in enumerate(order):
            header.moveSection(header.visualIndex(logical), visual)
    hidden = _ints(columns.get("hidden"))
    if hidden is not None:
        hidden_set = {c for c in hidden if 0 <= c < COLUMN_COUNT}
        if len(hidden_set) < COLUMN_COUNT:  # never hide every column
            for c in range(COLUMN_COUNT):
                header.setSectionHidden(c, c in hidden_set)


__all__ = ["capture", "restore"]
