"""The board's filter bar: state, street, community, grid, category, channel, unit, aging, a
date range and which time it bounds (received, the current stage's deadline, closed, last
change), free text. Emits `sig_changed()` whenever a criterion changes (the text after a short
pause).

Contract: `populate(store)` fills the choices from the store's lookup tables (GUI thread, after
each load); `criteria() -> dict` gives the `BoardFilter` fields it controls; `set_grid(code)`
and `clear()` are used by the page (map drill-down, Escape). `view_state() -> dict` (JSON-able)
and `restore_view_state(dict)` save and restore every criterion; choices not loaded yet are
applied when `populate` runs, unknown or garbled values are ignored.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from PySide6.QtCore import QDate, QEvent, Qt, QTimer, Signal
from PySide6.QtWidgets import QComboBox, QDateEdit, QHBoxLayout, QLineEdit, QToolBar, QWidget

from commandcenter.domain.vocabulary import Channel, State
from commandcenter.ui.labels import channel_label, state_label

_NO_DATE = QDate(2000, 1, 1)


def _fit_current(box: QComboBox) -> None:
    """The toolbar squeezes its combos to their minimum size hint (~80 px, "All communit…"):
    keep the chosen text whole (up to the maximum width; the toolbar moves what no longer fits
    behind its extension button)."""
    text = box.fontMetrics().horizontalAdvance(box.currentText())
    box.setMinimumWidth(min(box.maximumWidth(), text + 40))  # frame, padding and the arrow


class FilterBar(QWidget):
    sig_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("board_filter_bar")
        self._store: Any = None
        self.state = self._combo("filter_state")
        self.street = self._combo("filter_street")
        self.community = self._combo("filter_community")
        self.grid = self._combo("filter_grid")
        self.grid.setEditable(True)
        self.grid.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.category = self._combo("filter_category")
        self.channel = self._combo("filter_channel")
        self.unit = self._combo("filter_unit")
        self.aging = self._combo("filter_aging")
        self.date_field = self._combo("filter_date_field")
        self._pending: dict[str, Any] = {}
        self.date_from = self._date("filter_date_from")
        self.date_to = self._date("filter_date_to")
        self.text = QLineEdit(self, objectName="filter_text")
        self.text.setClearButtonEnabled(True)
        self.text.setMinimumWidth(120)
        self._debounce = QTimer(self, singleShot=True, interval=250)
        self._debounce.timeout.connect(self.sig_changed)
        self.text.textChanged.connect(lambda _t: self._debounce.start())
        self.text.returnPressed.connect(self._text_now)
        self.street.currentIndexChanged.connect(self._fill_communities)
        # The criteria sit in a toolbar: on a narrow screen the ones that do not fit move
        # behind its extension button instead of forcing the window wider.
        self.bar = QToolBar(self, objectName="board_filter_toolbar")
        for w in (self.state, self.street, self.community, self.grid, self.category,
                  self.channel, self.unit, self.aging, self.date_field, self.date_from,
                  self.date_to):
            self.bar.addWidget(w)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.bar, 4)
        self.retranslate_ui()

    def _combo(self, name: str) -> QComboBox:
        box = QComboBox(self, objectName=name)
        box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        box.setMaximumWidth(170)
        box.currentIndexChanged.connect(lambda _i: self._emit())
        box.currentIndexChanged.connect(lambda _i, box=box: _fit_current(box))
        return box

    def _date(self, name: str) -> QDateEdit:
        edit = QDateEdit(self, objectName=name)
        edit.setCalendarPopup(True)
        edit.setMinimumDate(_NO_DATE)
        edit.setDate(_NO_DATE)
        edit.setDisplayFormat("yyyy-MM-dd")
        edit.dateChanged.connect(lambda _d: self._emit())
        return edit

    def _text_now(self) -> None:
        self._debounce.stop()
        self.sig_changed.emit()

    def _emit(self) -> None:
        if not self.signalsBlocked():
            self.sig_changed.emit()

    # ------------------------------------------------------------------ choices
    def _fill(self, box: QComboBox, items: list[tuple[str, str]], any_text: str) -> None:
        current = box.currentData()
        box.blockSignals(True)
        box.clear()
        box.addItem(any_text, "")
        for value, label in items:
            box.addItem(label, value)
        i = box.findData(current)
        box.setCurrentIndex(max(i, 0))
        box.blockSignals(False)
        _fit_current(box)

    def populate(self, store: Any) -> None:
        self._store = store
        n = store.names
        self.blockSignals(True)
        self._fill(self.state, [(s.value, state_label(s)) for s in State],
                   self.tr("All states"))
        self._fill(self.street, sorted(n.streets.items()), self.tr("All streets"))
        self._fill(self.category, sorted(n.majors.items()), self.tr("All categories"))
        self._fill(self.channel, [(c.value, channel_label(c)) for c in Channel],
                   self.tr("All channels"))
        used = [u for u in store.cats["lead_unit"].values if u]
        self._fill(self.unit, sorted(((u, n.units.get(u, u)) for u in used),
                                     key=lambda x: x[1]), self.tr("All units"))
        self._fill(self.aging, [("warning", self.tr("Warning (yellow)")),
                                ("overdue", self.tr("Overdue (red)")),
                                ("at_risk", self.tr("Yellow or red"))], self.tr("Any time left"))
        self._fill_communities()
        self._apply_pending()
        self.blockSignals(False)

    def _fill_date_fields(self) -> None:
        self._fill(self.date_field, [("deadline", self.tr("Stage deadline")),
                                     ("closed", self.tr("Closed")),
                                     ("changed", self.tr("Last change"))], self.tr("Received"))

    def _fill_communities(self) -> None:
        if self._store is None:
            return
        n = self._store.names
        street = self.street.currentData() or ""
        comms = sorted((c, name) for c, name in n.communities.items()
                       if not street or n.community_street.get(c) == street)
        self._fill(self.community, comms, self.tr("All communities"))
        comm_codes = {c for c, _ in comms}
        grids = sorted((g, f"{name} {g}") for g, name in n.grids.items()
                       if n.grid_community.get(g) in comm_codes)
        self._fill(self.grid, grids, self.tr("All grids"))

    # ------------------------------------------------------------------ criteria
    def criteria(self) -> dict[str, Any]:
        def one(box: QComboBox) -> tuple[str, ...]:
            value = box.currentData()
            return (value,) if value else ()

        def day(edit: QDateEdit, plus: int = 0) -> datetime | None:
            d = edit.date()
            if d == _NO_DATE:
                return None
            d = d.addDays(plus)
            return datetime(d.year(), d.month(), d.day())

        return {"states": one(self.state), "streets": one(self.street),
                "communities": one(self.community), "grids": one(self.grid),
                "majors": one(self.category), "channels": one(self.channel),
                "units": one(self.unit), "aging": self.aging.currentData() or "",
                "date_from": day(self.date_from), "date_to": day(self.date_to, 1),
                "date_field": self.date_field.currentData() or "received",
                "text": self.text.text()}

    # ------------------------------------------------------------------ view state
    _COMBOS = ("state", "street", "community", "grid", "category", "channel", "unit", "aging")

    def view_state(self) -> dict[str, Any]:
        out: dict[str, Any] = {name: getattr(self, name).currentData() or ""
                               for name in self._COMBOS}
        out.update(self._pending)  # choices restored but not loaded yet are kept
        for name, edit in (("date_from", self.date_from), ("date_to", self.date_to)):
            d = edit.date()
            out[name] = None if d == _NO_DATE else d.toString("yyyy-MM-dd")
        out["date_field"] = self.date_field.currentData() or "received"
        out["text"] = self.text.text()
        return out

    def restore_view_state(self, state: Any) -> None:
        """Restore `view_state()`; anything missing, unknown or garbled is left as it is."""
        if not isinstance(state, dict):
            return
        self.blockSignals(True)
        try:
            text = state.get("text")
            if isinstance(text, str):
                self.text.setText(text[:200])
                self._debounce.stop()
            for name, edit in (("date_from", self.date_from), ("date_to", self.date_to)):
                value = state.get(name)
                if value is None or isinstance(value, str):
                    edit.setDate(_parse_day(value))
            self._select(self.date_field, state.get("date_field"))
            self._pending = {k: v for k, v in state.items()
                             if k in self._COMBOS and isinstance(v, str)}
            if self._store is not None:
                self._apply_pending()
        finally:
            self.blockSignals(False)
        self.sig_changed.emit()

    def _apply_pending(self) -> None:
        pending, self._pending = self._pending, {}
        for name in self._COMBOS:  # street before community before grid: each refills the next
            if name in pending:
                self._select(getattr(self, name), pending[name])
                if name == "street":
                    self._fill_communities()

    @staticmethod
    def _select(box: QComboBox, value: Any) -> None:
        if isinstance(value, str):
            i = box.findData(value) if value else 0
            if i >= 0:
                box.setCurrentIndex(i)

    def set_grid(self, code: str) -> None:
        self.blockSignals(True)
        for box in (self.street, self.community):
            box.setCurrentIndex(0)
        self._fill_communities()
        i = self.grid.findData(code)
        if i < 0:
            self.grid.addItem(code, code)
            i = self.grid.count() - 1
        self.grid.setCurrentIndex(i)
        self.blockSignals(False)
        self.sig_changed.emit()

    def clear(self) -> None:
        self.blockSignals(True)
        for box in (self.state, self.street, self.community, self.grid, self.category,
                    self.channel, self.unit, self.aging, self.date_field):
            box.setCurrentIndex(0)
        self.date_from.setDate(_NO_DATE)
        self.date_to.setDate(_NO_DATE)
        self.text.clear()
        self._debounce.stop()
        self.blockSignals(False)
        self.sig_changed.emit()

    def retranslate_ui(self) -> None:
        for w, name in ((self.state, self.tr("State filter")), (self.street, self.tr("Street filter")),
                        (self.community, self.tr("Community filter")), (self.grid, self.tr("Grid filter")),
                        (self.category, self.tr("Category filter")),
                        (self.channel, self.tr("Channel filter")), (self.unit, self.tr("Unit filter")),
                        (self.aging, self.tr("Time-left filter")),
                        (self.date_field, self.tr("Which time the dates bound")),
                        (self.date_from, self.tr("From date")),
                        (self.date_to, self.tr("Until date (inclusive)")),
                        (self.text, self.tr("Search code, address or description"))):
            w.setAccessibleName(name)
            w.setToolTip(name)
        for edit in (self.date_from, self.date_to):
            edit.setSpecialValueText(self.tr("Any date"))
        self.text.setPlaceholderText(self.tr("Search code, address, description (Ctrl+F)"))
        self.bar.setAccessibleName(self.tr("Case filters"))
        self.bar.setWindowTitle(self.tr("Case filters"))
        current = self.date_field.currentData()
        self._fill_date_fields()
        self._select(self.date_field, current)
        if self._store is not None:
            self.populate(self._store)

    def hideEvent(self, event: Any) -> None:
        if self._debounce.isActive():  # a hidden bar applies what was typed at once
            self._debounce.stop()
            self.sig_changed.emit()
        super().hideEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)


def _parse_day(value: str | None) -> QDate:
    if not value:
        return _NO_DATE
    try:
        d = date.fromisoformat(value)
    except ValueError:
        return _NO_DATE
    q = QDate(d.year, d.month, d.day)
    return q if q.isValid() and q > _NO_DATE else _NO_DATE


__all__ = ["FilterBar", "Qt"]
