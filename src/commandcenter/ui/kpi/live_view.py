"""The operators' live picture: persistent pyqtgraph items and small tables fed by snapshots.

Contracts
- `LiveView.show_snapshot(snap)` (GUI thread, called by `KpiPage` when the DB worker delivers a
  `analytics.live_picture.LiveSnapshot`) updates every chart in place with ``setOpts``/``setData``
  on items created once in ``__init__`` (STYLE habit 8) and resets the three small table models.
- Drill-down: clicking a funnel or open-by-state bar, the on-time gauge or the daily chart, or
  double-clicking a table row emits ``sig_drilldown(list[int] case_ids, str title)``.
- ``sig_target_changed(float)``: the operator changed the on-time closing target (0..1).
- Light/dark: `apply_theme()` restyles every chart from the widget's palette (`ChartTheme`):
  called at construction and on QEvent.PaletteChange / ApplicationPaletteChange.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from commandcenter.ui.kpi.common import (
    PALETTE_EVENTS,
    ChartTheme,
    CnDateAxis,
    Column,
    HourAxis,
    RowTableModel,
    fmt_percent,
    local_seconds,
    style_plot,
)
from commandcenter.ui.labels import channel_label, state_label

FUNNEL_LABELS = {
    "reported": QT_TRANSLATE_NOOP("Funnel", "Reported"),
    "accepted": QT_TRANSLATE_NOOP("Funnel", "Accepted"),
    "registered": QT_TRANSLATE_NOOP("Funnel", "Registered"),
    "dispatched": QT_TRANSLATE_NOOP("Funnel", "Dispatched"),
    "handled": QT_TRANSLATE_NOOP("Funnel", "Handled"),
    "checked": QT_TRANSLATE_NOOP("Funnel", "Checked"),
    "closed": QT_TRANSLATE_NOOP("Funnel", "Closed"),
}
STATUS_LABELS = {
    "checked_in": QT_TRANSLATE_NOOP("WhistleStatus", "Checked in"),
    "waiting": QT_TRANSLATE_NOOP("WhistleStatus", "Waiting"),
    "late": QT_TRANSLATE_NOOP("WhistleStatus", "Late"),
}


def funnel_label(stage: str) -> str:
    return QCoreApplication.translate("Funnel", FUNNEL_LABELS.get(stage, stage))


def _plot(parent: QWidget, bottom: pg.AxisItem | None = None) -> pg.PlotWidget:
    axes = {"bottom": bottom} if bottom is not None else None
    w = pg.PlotWidget(parent, background="w", axisItems=axes)
    w.setMouseEnabled(x=False, y=False)
    w.hideButtons()
    w.showGrid(x=True, y=True, alpha=0.2)
    w.setMinimumHeight(150)
    return w


def _table(parent: QWidget, model: RowTableModel) -> QTableView:
    view = QTableView(parent)
    view.setModel(model)
    view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
    view.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
    view.verticalHeader().setVisible(False)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    view.horizontalHeader().setStretchLastSection(True)
    view.setAlternatingRowColors(True)
    return view


class LiveView(QWidget):
    sig_drilldown = Signal(list, str)
    sig_target_changed = Signal(float)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("kpi_live_view")
        self.snapshot = None
        self._boxes: dict[str, QGroupBox] = {}
        grid = QGridLayout(self)
        grid.setContentsMargins(4, 4, 4, 4)
        # funnel
        self.funnel_plot = _plot(self)
        # horizontal bars, first stage on top (y = -index), labels on the left axis
        self.funnel_bars = pg.BarGraphItem(x0=0, y=-np.arange(7), width=np.zeros(7), height=0.7, pen=None)
        self.funnel_plot.addItem(self.funnel_bars)
        self.funnel_plot.scene().sigMouseClicked.connect(self._funnel_clicked)
        # open by state
        self.open_plot = _plot(self)
        self.open_bars = pg.BarGraphItem(x0=0, y=[], width=[], height=0.7, pen=None)
        self.open_plot.addItem(self.open_bars)
        self.open_plot.scene().sigMouseClicked.connect(self._open_clicked)
        # on-time closing month-to-date vs target
        self.ontime_label = QLabel(self)
        self.ontime_label.setObjectName("kpi_ontime_label")
        self.ontime_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.ontime_plot = _plot(self)
        self.ontime_bar = pg.BarGraphItem(x=[0], height=[0], width=0.6, pen=None)
        self.ontime_plot.addItem(self.ontime_bar)
        self.target_line = pg.InfiniteLine(pos=90, angle=0)
        self.ontime_plot.addItem(self.target_line)
        self.ontime_plot.setYRange(0, 100, padding=0.02)
        self.ontime_plot.setXRange(-1, 1, padding=0)
        self.ontime_plot.getAxis("bottom").setTicks([[]])
        self.ontime_plot.scene().sigMouseClicked.connect(lambda *_: self._drill_ontime())
        self.target_spin = QDoubleSpinBox(self)
        self.target_spin.setObjectName("kpi_target_spin")
        self.target_spin.setRange(1, 100)
        self.target_spin.setDecimals(0)
        self.target_spin.setSuffix("%")
        self.target_spin.setValue(90)
        self.target_spin.valueChanged.connect(lambda v: self.sig_target_changed.emit(v / 100.0))
        self.target_caption = QLabel(self)
        # intake by hour vs the same weekday's typical curve
        self.channel_combo = QComboBox(self)
        self.channel_combo.setObjectName("kpi_channel_combo")
        self.channel_combo.currentIndexChanged.connect(lambda _i: self._draw_intake())
        self.intake_plot = _plot(self, HourAxis(orientation="bottom"))
        self.intake_bars = pg.BarGraphItem(x=np.arange(24), height=np.zeros(24), width=0.8, pen=None)
        self.intake_typical = pg.PlotDataItem(np.arange(24), np.zeros(24))
        self.intake_plot.addItem(self.intake_bars)
        self.intake_plot.addItem(self.intake_typical)
        self.intake_plot.setXRange(-0.5, 23.5, padding=0)
        # reported per day (date axis)
        self.daily_plot = _plot(self, CnDateAxis(orientation="bottom"))
        self.daily_plot.getAxis("bottom").setStyle(textFillLimits=[(0, 0.95), (2, 0.6)])
        self.daily_curve = pg.PlotDataItem([], [], symbol="o", symbolSize=4)
        self.daily_plot.addItem(self.daily_curve)
        # tables
        self.warnings_model = RowTableModel(parent=self)
        self.warnings_view = _table(self, self.warnings_model)
        self.warnings_view.setObjectName("kpi_warnings_view")
        self.warnings_view.doubleClicked.connect(self._warning_clicked)
        self.whistles_model = RowTableModel(parent=self)
        self.whistles_view = _table(self, self.whistles_model)
        self.whistles_view.doubleClicked.connect(self._whistle_clicked)
        self.top_model = RowTableModel(parent=self)
        self.top_view = _table(self, self.top_model)
        self.top_view.doubleClicked.connect(self._top_clicked)

        ontime = QWidget(self)
        ol = QVBoxLayout(ontime)
        ol.setContentsMargins(0, 0, 0, 0)
        ol.addWidget(self.ontime_label)
        ol.addWidget(self.ontime_plot, 1)
        row = QHBoxLayout()
        row.addWidget(self.target_caption)
        row.addWidget(self.target_spin)
        ol.addLayout(row)
        intake = QWidget(self)
        il = QVBoxLayout(intake)
        il.setContentsMargins(0, 0, 0, 0)
        il.addWidget(self.channel_combo)
        il.addWidget(self.intake_plot, 1)
        cells = [("funnel", self.funnel_plot, 0, 0), ("open", self.open_plot, 0, 1),
                 ("ontime", ontime, 0, 2), ("warnings", self.warnings_view, 0, 3),
                 ("intake", intake, 1, 0), ("daily", self.daily_plot, 1, 1),
                 ("whistles", self.whistles_view, 1, 2), ("top", self.top_view, 1, 3)]
        for name, widget, r, c in cells:
            box = QGroupBox(self)
            box.setObjectName(f"kpi_box_{name}")
            lay = QVBoxLayout(box)
            lay.setContentsMargins(4, 4, 4, 4)
            lay.addWidget(widget)
            grid.addWidget(box, r, c)
            self._boxes[name] = box
        for c, stretch in enumerate((3, 3, 2, 3)):
            grid.setColumnStretch(c, stretch)
        self.apply_theme()  # sets self.theme
        self.retranslate_ui()

    # ------------------------------------------------------------------ theme
    def plots(self) -> list[pg.PlotWidget]:
        return [self.funnel_plot, self.open_plot, self.ontime_plot, self.intake_plot, self.daily_plot]

    def apply_theme(self) -> None:
        """Restyle the charts for the current palette (light or dark), items in place."""
        t = self.theme = ChartTheme.from_palette(self.palette())
        for plot in self.plots():
            style_plot(plot, t)
        self.funnel_bars.setOpts(brush=t.bar)
        self.open_bars.setOpts(brush=t.bar2)
        self.intake_bars.setOpts(brush=t.bar)
        self.intake_typical.setPen(pg.mkPen(t.typical, width=2, style=Qt.PenStyle.DashLine))
        self.target_line.setPen(pg.mkPen(t.target, width=2, style=Qt.PenStyle.DashLine))
        self.daily_curve.setPen(pg.mkPen(t.bar, width=2))
        self.daily_curve.setSymbolBrush(t.bar)
        self.daily_curve.setSymbolPen(t.bar)
        self._colour_ontime()

    def _colour_ontime(self) -> None:
        snap = self.snapshot
        ok = snap is not None and not np.isnan(snap.ontime_rate) and snap.ontime_rate >= snap.ontime_target
        self.ontime_bar.setOpts(brush=self.theme.good if ok else self.theme.bad)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt override)
        if event.type() in PALETTE_EVENTS and getattr(self, "theme", None) is not None:
            self.apply_theme()
        super().changeEvent(event)

    # ------------------------------------------------------------------ drawing
    def show_snapshot(self, snap) -> None:
        self.snapshot = snap
        for plot, bars, pairs in ((self.funnel_plot, self.funnel_bars, snap.funnel),
                                  (self.open_plot, self.open_bars, snap.open_states)):
            counts = np.array([n for _, n in pairs], dtype=float)
            bars.setOpts(x0=0, y=-np.arange(counts.size), width=counts, height=0.7)
            plot.setXRange(0, max(1.0, counts.max(initial=0)) * 1.1, padding=0)
            plot.setYRange(-counts.size + 0.4, 0.6, padding=0)
        rate = snap.ontime_rate
        self.ontime_bar.setOpts(x=[0], height=[0 if np.isnan(rate) else rate * 100], width=0.6)
        self._colour_ontime()
        self.target_line.setValue(snap.ontime_target * 100)
        if abs(self.target_spin.value() - snap.ontime_target * 100) > 0.5:
            self.target_spin.blockSignals(True)
            self.target_spin.setValue(snap.ontime_target * 100)
            self.target_spin.blockSignals(False)
        current = self.channel_combo.currentData()
        channels = [None] + list(snap.intake.channels)
        if [self.channel_combo.itemData(i) for i in range(self.channel_combo.count())] != channels:
            self.channel_combo.blockSignals(True)
            self.channel_combo.clear()
            for ch in channels:
                self.channel_combo.addItem(self.tr("All channels") if ch is None else channel_label(ch), ch)
            self.channel_combo.setCurrentIndex(max(0, channels.index(current) if current in channels else 0))
            self.channel_combo.blockSignals(False)
        self._draw_intake()
        x = local_seconds(snap.daily_days)
        self.daily_curve.setData(x, snap.daily_counts.astype(float))
        self._daily_ticks(x)
        self._fill_tables()
        self._update_texts()

    def _daily_ticks(self, x: list[float]) -> None:
        """Weekly labels ending today, a tick per day: pyqtgraph's own day labels ("5月22日")
        every few days did not fit a quarter-width chart and were all dropped."""
        axis = self.daily_plot.getAxis("bottom")
        if not x:
            axis.setTicks(None)
            return
        weekly = x[::-1][::7][::-1]
        labels = [CnDateAxis.day_label(v) for v in weekly]
        axis.setTicks([list(zip(weekly, labels, strict=True)), [(v, "") for v in x]])

    def _draw_intake(self) -> None:
        snap = self.snapshot
        if snap is None or not len(snap.intake.channels):
            return
        ch = self.channel_combo.currentData()
        rows = slice(None) if ch is None else [snap.intake.channels.index(ch)]
        today = np.nan_to_num(np.asarray(snap.intake.today)[rows].sum(axis=0), nan=0.0)
        typical = np.asarray(snap.intake.typical)[rows].sum(axis=0)
        self.intake_bars.setOpts(x=np.arange(24), height=today, width=0.8)
        self.intake_typical.setData(np.arange(24), typical)
        self.intake_plot.setYRange(0, max(1.0, today.max(), typical.max()) * 1.1, padding=0)

    def _fill_tables(self) -> None:
        snap = self.snapshot
        names = snap.names
        w = snap.warnings.head(50)
        self.warnings_model.set_rows(
            [(names.get(u, u) or self.tr("(no unit)"), int(r.open), int(r.yellow), int(r.red))
             for u, r in w.iterrows()], list(w.index))
        wh = snap.whistles
        self.whistles_model.set_rows(
            [(snap.case_codes.get(int(r.case_id), str(int(r.case_id))),
              names.get(r.department, r.department), _hm(r.deadline),
              QCoreApplication.translate("WhistleStatus", STATUS_LABELS.get(r.status, r.status)))
             for r in wh.itertuples()], [int(i) for i in wh["case_id"]] if len(wh) else [])
        top = snap.top
        self.top_model.set_rows(
            [(names.get(str(r.minor_code), str(r.minor_code)), int(r.count), int(r.previous),
              r.change_pct) for r in top.itertuples()], [str(m) for m in top["minor_code"]])

    def _update_texts(self) -> None:
        snap = self.snapshot
        if snap is None:
            self.ontime_label.setText(self.tr("Loading…"))
            return
        self.funnel_plot.getAxis("left").setTicks(
            [[(-i, f"{funnel_label(s)} {n:,}") for i, (s, n) in enumerate(snap.funnel)]])
        self.open_plot.getAxis("left").setTicks(
            [[(-i, f"{state_label(s)} {n:,}") for i, (s, n) in enumerate(snap.open_states)]])
        self.ontime_label.setText(self.tr("{rate} ({closed} of {net}), target {target}").format(
            rate=fmt_percent(snap.ontime_rate), closed=f"{snap.ontime_closed:,}", net=f"{snap.ontime_net:,}",
            target=fmt_percent(snap.ontime_target)))
        self._boxes["funnel"].setTitle(self.tr("Today's funnel ({day})").format(day=snap.day.isoformat()))

    def retranslate_ui(self) -> None:
        titles = {
            "funnel": self.tr("Today's funnel"), "open": self.tr("Open cases by state"),
            "ontime": self.tr("On-time closing, month to date"), "warnings": self.tr("Deadline warnings by unit"),
            "intake": self.tr("Intake per hour: today (bars) vs same weekday typical (dashed)"),
            "daily": self.tr("Cases reported per day"), "whistles": self.tr("Open whistles: check-in"),
            "top": self.tr("Top categories, last 7 days vs previous 7"),
        }
        for name, title in titles.items():
            self._boxes[name].setTitle(title)
        self.target_caption.setText(self.tr("Target"))
        self.warnings_model.set_columns([
            Column("unit", self.tr("Unit"), align_right=False, fmt=str),
            Column("open", self.tr("Open")), Column("yellow", self.tr("Yellow")), Column("red", self.tr("Red"))])
        self.whistles_model.set_columns([
            Column("case", self.tr("Case"), fmt=str), Column("dept", self.tr("Department"), align_right=False, fmt=str),
            Column("deadline", self.tr("Check-in by"), fmt=str), Column("status", self.tr("Status"), fmt=str, align_right=False)])
        self.top_model.set_columns([
            Column("minor", self.tr("Category"), align_right=False, fmt=str), Column("count", self.tr("Count")),
            Column("previous", self.tr("Previous")), Column("change", self.tr("Change"), fmt=_signed_pct)])
        self.intake_plot.setLabel("left", self.tr("Reports"))
        self.daily_plot.setLabel("left", self.tr("Cases"))
        if self.snapshot is not None:
            self.show_snapshot(self.snapshot)
        else:
            self._update_texts()

    # ------------------------------------------------------------------ drill-down
    def _bar_index(self, plot: pg.PlotWidget, event, n: int) -> int | None:
        vb = plot.getPlotItem().vb
        if not vb.sceneBoundingRect().contains(event.scenePos()):
            return None
        i = -int(round(vb.mapSceneToView(event.scenePos()).y()))  # bars sit at y = -index
        return i if 0 <= i < n else None

    def _funnel_clicked(self, event) -> None:
        snap = self.snapshot
        if snap is None:
            return
        i = self._bar_index(self.funnel_plot, event, len(snap.funnel))
        if i is not None:
            self.drill_funnel(snap.funnel[i][0])

    def drill_funnel(self, stage: str) -> None:
        ids = self.snapshot.funnel_ids[stage]
        self.sig_drilldown.emit([int(i) for i in ids], self.tr("Today's funnel: {stage}").format(stage=funnel_label(stage)))

    def _open_clicked(self, event) -> None:
        snap = self.snapshot
        if snap is None:
            return
        i = self._bar_index(self.open_plot, event, len(snap.open_states))
        if i is not None:
            state = snap.open_states[i][0]
            self.sig_drilldown.emit([int(x) for x in snap.open_ids.get(state, [])],
                                    self.tr("Open cases: {state}").format(state=state_label(state)))

    def _drill_ontime(self) -> None:
        if self.snapshot is not None:
            self.sig_drilldown.emit([int(i) for i in self.snapshot.ontime_ids],
                                    self.tr("Closed on time, month to date"))

    def _warning_clicked(self, index) -> None:
        unit = self.warnings_model.key(index.row())
        part = {2: "yellow", 3: "red"}.get(index.column(), "open")
        ids = self.snapshot.warning_ids.get((unit, part), [])
        self.sig_drilldown.emit([int(i) for i in ids], self.tr("Warnings: {unit}").format(
            unit=self.snapshot.names.get(unit, unit)))

    def _whistle_clicked(self, index) -> None:
        self.sig_drilldown.emit([int(self.whistles_model.key(index.row()))], self.tr("Open whistle"))

    def _top_clicked(self, index) -> None:
        code = self.top_model.key(index.row())
        ids = self.snapshot.top_ids.get(code, [])
        self.sig_drilldown.emit([int(i) for i in ids], self.tr("Category: {name}").format(
            name=self.snapshot.names.get(code, code)))


def _hm(value) -> str:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return "—"
    try:
        return str(np.datetime64(value, "m")).replace("T", " ")[5:]
    except ValueError:
        return "—"


def _signed_pct(v) -> str:
    if v is None or (isinstance(v, float) and np.isnan(v)):
        return "—"
    return f"{float(v) * 100:+.0f}%"
