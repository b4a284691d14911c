"""The board's side panels: the lanes (queues with live counts) and the units' load.

Contracts
- `LaneList(QListWidget)`: one item per lane of `services.board_filter.LANES` (plus a drill-down
  lane while one is shown); `LaneRole` gives the lane key. `set_counts(dict)` updates the
  labels in place (GUI thread); `sig_lane_changed(str)` on a click or Alt+1..9.
- `LoadPanel(QTableWidget)`: open / overdue / warning per lead unit, then grid workers' open
  verifications and checks; `show_load(units, workers)` replaces the rows. Overdue counts are
  red, warnings amber, both readable on the current palette (`colours.board_colours`); a
  palette change (theme switch) recolours them.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QListWidget,
    QListWidgetItem,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from commandcenter.services.board_filter import LANES
from commandcenter.ui.board.colours import board_colours
from commandcenter.ui.labels import state_label

LaneRole = Qt.ItemDataRole.UserRole + 1


_LANE_TITLES = {"all_open": QT_TRANSLATE_NOOP("LaneList", "All open"),
                "mine": QT_TRANSLATE_NOOP("LaneList", "Mine"),
                "all": QT_TRANSLATE_NOOP("LaneList", "All cases"),
                "drill": QT_TRANSLATE_NOOP("LaneList", "Drill-down"),
                "dispatched": QT_TRANSLATE_NOOP("LaneList", "Dispatched, unsigned"),
                "pending_visit": QT_TRANSLATE_NOOP("LaneList", "Pending callback")}


def lane_title(lane: str) -> str:
    source = _LANE_TITLES.get(lane)
    if source is not None:
        return QCoreApplication.translate("LaneList", source)
    return state_label(lane)


class LaneList(QListWidget):
    sig_lane_changed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("board_lanes")
        self._counts: dict[str, int] = {}
        self._drill_title = ""
        for lane in LANES:
            item = QListWidgetItem()
            item.setData(LaneRole, lane)
            self.addItem(item)
        self.setCurrentRow(LANES.index("all_open"))
        self.currentItemChanged.connect(self._changed)
        self.setMaximumWidth(420)
        self.retranslate_ui()

    def _changed(self, item: QListWidgetItem | None, _old: Any) -> None:
        if item is not None:
            self.sig_lane_changed.emit(item.data(LaneRole))

    def current_lane(self) -> str:
        item = self.currentItem()
        return item.data(LaneRole) if item is not None else "all_open"

    def select_lane(self, lane: str) -> None:
        for i in range(self.count()):
            if self.item(i).data(LaneRole) == lane:
                self.setCurrentRow(i)
                return

    def show_drill(self, title: str, count: int) -> None:
        """Add (or relabel) the drill-down lane and select it."""
        self._drill_title = title
        self._counts["drill"] = count
        if self.item(self.count() - 1).data(LaneRole) != "drill":
            item = QListWidgetItem()
            item.setData(LaneRole, "drill")
            self.addItem(item)
        self._relabel()
        self.setCurrentRow(self.count() - 1)

    def set_counts(self, counts: dict[str, int]) -> None:
        self._counts.update(counts)
        self._relabel()

    def _relabel(self) -> None:
        for i in range(self.count()):
            item = self.item(i)
            lane = item.data(LaneRole)
            title = self._drill_title if lane == "drill" and self._drill_title else lane_title(
                lane)
            shortcut = f"  Alt+{i + 1}" if i < 9 else ""
            n = self._counts.get(lane)
            item.setText(f"{title}  ({n:,})" if n is not None else title)
            item.setToolTip(title + shortcut)
            if lane in ("all_open", "mine") or lane == "drill":
                font = item.font()
                font.setBold(True)
                item.setFont(font)

    def retranslate_ui(self) -> None:
        self.setAccessibleName(self.tr("Case queues"))
        self._relabel()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)


class LoadPanel(QTableWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, 4, parent)
        self.setObjectName("board_load")
        self.verticalHeader().hide()
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        header = self.horizontalHeader()
        # not ResizeToContents: it re-measures the whole column on every setItem (seconds)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.setMaximumWidth(420)
        self._last: tuple[list[dict[str, Any]], list[dict[str, Any]]] = ([], [])
        self.retranslate_ui()

    def show_load(self, units: list[dict[str, Any]], workers: list[dict[str, Any]],
                  force: bool = False) -> None:
        if not force and (units, workers) == self._last and self.rowCount():
            return  # most change batches leave the load as it was
        self._last = (units, workers)
        rows = [(u["name"], u["open"], u["overdue"], u["warning"]) for u in units]
        rows += [(self.tr("Grid worker {0}").format(w["name"]), w["verifying"] + w["checking"],
                  w["overdue"], 0) for w in workers[:50]]
        colours = board_colours(self.palette())
        self.setUpdatesEnabled(False)
        self.setRowCount(len(rows))
        for r, values in enumerate(rows):
            for c, v in enumerate(values):
                item = QTableWidgetItem(str(v) if c == 0 or v else ("0" if c == 1 else ""))
                if c == 0:
                    item.setToolTip(str(v))  # the narrow panel elides long unit names
                else:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight
                                          | Qt.AlignmentFlag.AlignVCenter)
                if c == 2 and v:
                    item.setForeground(colours.overdue)
                elif c == 3 and v:
                    item.setForeground(colours.warning)
                self.setItem(r, c, item)
        for c in (1, 2, 3):
            self.resizeColumnToContents(c)
        self.setUpdatesEnabled(True)

    def retranslate_ui(self) -> None:
        self.setAccessibleName(self.tr("Load per unit"))
        self.setHorizontalHeaderLabels([self.tr("Unit"), self.tr("Open"), self.tr("Overdue"),
                                        self.tr("Warning")])
        if self._last[0] or self._last[1]:
            self.show_load(*self._last, force=True)

    def changeEvent(self, event: QEvent) -> None:
        kind = event.type()
        if kind == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        elif kind in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange) and (
                self._last[0] or self._last[1]):
            self.show_load(*self._last, force=True)
        super().changeEvent(event)
