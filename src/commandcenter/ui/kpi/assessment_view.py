"""The supervisors' assessment: league tables, period comparison, trends, distribution, what-if.

Contracts
- All loading and scoring runs on the DB worker (`services.kpi.AssessmentService`); the view
  keeps the delivered plain frames. `refresh()` reloads the chosen period (and the previous one
  when comparing); weights edits only rescore (no reload). ``sig_loaded`` fires after the table
  was filled from a delivered result.
- League table (`RowTableModel`): rank, name, composite, rating, then (what-if) the published
  rank and the movement, (comparison) the previous composite, delta and rank movement, then the
  indicator columns. Each indicator header's tooltip is the indicator's `explain()` text.
- Drill-down: double-clicking an indicator cell asks the worker for the cases behind that figure
  and emits ``sig_drilldown(list[int] case_ids, str title)``.
- Charts: a histogram of composite scores (persistent BarGraphItem) and a trend chart (one
  persistent curve per selected row, at most `MAX_TRENDS`, over the last `TREND_PERIODS`
  periods of the chosen kind, on a date axis).
- `export_xlsx(path)` / `export_pdf(path)`: the shown period's report; ``sig_exported(path)``.
- Light/dark: `apply_theme()` restyles both charts from the palette (`common.ChartTheme`), at
  construction and on QEvent.PaletteChange / ApplicationPaletteChange.
- `view_state()` / `restore_view_state(state)`: object type, period kind (and dates for a custom
  period), comparison, the what-if panel's width; see `KpiPage.view_state`.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from functools import partial

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QDate, QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from commandcenter.domain.indicators import INDICATORS, Kind, ObjectType, Period
from commandcenter.services.kpi import ASSESSED, AssessmentService, compare, current_weights
from commandcenter.ui.errors import first_line
from commandcenter.ui.kpi.common import (
    PALETTE_EVENTS,
    ChartTheme,
    CnDateAxis,
    Column,
    RowTableModel,
    fmt_number,
    fmt_percent,
    is_chinese,
    style_plot,
    submit,
)
from commandcenter.ui.kpi.weights_panel import WeightsPanel

PERIOD_KINDS = ("day", "week", "month", "quarter", "year", "custom")
TREND_PERIODS = 6
MAX_TRENDS = 6


def make_period(kind: str, day: date, end: date | None = None) -> Period:
    if kind == "day":
        return Period.day(day)
    if kind == "week":
        return Period.week(day)
    if kind == "month":
        return Period.month(day.year, day.month)
    if kind == "quarter":
        return Period.quarter(day.year, (day.month - 1) // 3 + 1)
    if kind == "year":
        return Period.year(day.year)
    end = end or day
    return Period(datetime.combine(day, time()), datetime.combine(end + timedelta(days=1), time()), "custom")


def _iso_date(value) -> date | None:
    try:
        return date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def _load_job(service: AssessmentService, period: Period, with_previous: bool):
    data = service.load(period)
    prev = service.load(period.previous()) if with_previous else None
    return data, prev


def _score_job(data, prev, published, whatif):
    current = AssessmentService.score(data, whatif)
    base = AssessmentService.score(data, published) if whatif is not published else current
    before = AssessmentService.score(prev, whatif) if prev is not None else None
    return current, base, before


def _trend_job(service: AssessmentService, period: Period, obj: ObjectType, weights):
    periods = [period]
    for _ in range(TREND_PERIODS - 1):
        periods.insert(0, periods[0].previous())
    return service.trend(periods, obj, weights)


class AssessmentView(QWidget):
    sig_drilldown = Signal(list, str)
    sig_loaded = Signal()
    sig_exported = Signal(str)

    def __init__(self, worker, ctx, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("kpi_assessment_view")
        self._worker = worker
        self._ctx = ctx
        self.service = AssessmentService(ctx)
        self.published = current_weights(self.weights_path)
        self.whatif = self.published
        self.data = self.previous = None
        self.scored = self.base = self.before = None
        self.trend = None
        self.operator = "unknown"
        # controls
        self.object_combo = QComboBox(self)
        self.object_combo.setObjectName("kpi_object_combo")
        self.kind_combo = QComboBox(self)
        self.kind_combo.setObjectName("kpi_period_kind")
        self.date_edit = QDateEdit(self)
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("yyyy-MM-dd")
        self.end_edit = QDateEdit(self)
        self.end_edit.setCalendarPopup(True)
        self.end_edit.setDisplayFormat("yyyy-MM-dd")
        today = ctx.now().date()
        self.date_edit.setDate(QDate(today.year, today.month, today.day))
        self.end_edit.setDate(QDate(today.year, today.month, today.day))
        self.compare_check = QCheckBox(self)
        self.compare_check.setObjectName("kpi_compare_check")
        self.load_button = QPushButton(self)
        self.period_label = QLabel(self)
        for kind in PERIOD_KINDS:
            self.kind_combo.addItem(kind, kind)
        self.kind_combo.setCurrentIndex(PERIOD_KINDS.index("month"))
        for obj in ASSESSED:
            self.object_combo.addItem(obj.value, obj)
        self.kind_combo.currentIndexChanged.connect(self._kind_changed)
        self.object_combo.currentIndexChanged.connect(self._object_changed)
        self.load_button.clicked.connect(self.refresh)
        self.compare_check.toggled.connect(lambda _on: self.refresh())
        # table
        self.model = RowTableModel(parent=self)
        self.table = QTableView(self)
        self.table.setObjectName("kpi_league_table")
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.setAlternatingRowColors(True)
        self.table.doubleClicked.connect(lambda index: self.drill(index.row(), index.column()))
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._draw_trend())
        # charts
        self.hist_plot = pg.PlotWidget(self, background="w")
        self.hist_plot.setMinimumHeight(220)
        self.hist_plot.setMouseEnabled(x=False, y=False)
        self.hist_plot.hideButtons()
        self.hist_bars = pg.BarGraphItem(x=np.arange(5, 100, 10), height=np.zeros(10), width=9, pen=None)
        self.hist_plot.addItem(self.hist_bars)
        self.hist_plot.setXRange(0, 100, padding=0.02)
        self.trend_plot = pg.PlotWidget(self, background="w", axisItems={"bottom": CnDateAxis(orientation="bottom")})
        self.trend_plot.setMouseEnabled(x=False, y=False)
        self.trend_plot.setMinimumHeight(220)
        self.trend_plot.hideButtons()
        self.trend_plot.setYRange(0, 100, padding=0.02)
        self.trend_legend = self.trend_plot.addLegend(offset=(5, 5))
        self.trend_curves = []
        for _ in range(MAX_TRENDS):
            curve = pg.PlotDataItem([], [], symbol="o", symbolSize=5)
            self.trend_plot.addItem(curve)
            self.trend_curves.append(curve)
        self.weights_panel = WeightsPanel(self)
        self.weights_panel.sig_changed.connect(self._weights_changed)
        self.weights_panel.sig_publish.connect(self.publish)
        self.export_xlsx_button = QPushButton(self)
        self.export_pdf_button = QPushButton(self)
        self.export_xlsx_button.clicked.connect(lambda: self._ask_export("xlsx"))
        self.export_pdf_button.clicked.connect(lambda: self._ask_export("pdf"))
        self.status = QLabel(self)
        # layout
        controls = QHBoxLayout()
        self._captions = [QLabel(self) for _ in range(3)]
        for w in (self._captions[0], self.object_combo, self._captions[1], self.kind_combo, self.date_edit,
                  self._captions[2], self.end_edit, self.compare_check, self.load_button):
            controls.addWidget(w)
        controls.addStretch(1)
        controls.addWidget(self.export_xlsx_button)
        controls.addWidget(self.export_pdf_button)
        charts = QSplitter(Qt.Orientation.Horizontal, self)
        charts.addWidget(self.hist_plot)
        charts.addWidget(self.trend_plot)
        left = QSplitter(Qt.Orientation.Vertical, self)
        left.addWidget(self.table)
        left.addWidget(charts)
        left.setSizes([420, 300])
        body = QSplitter(Qt.Orientation.Horizontal, self)
        body.addWidget(left)
        body.addWidget(self.weights_panel)
        body.setSizes([1200, 320])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(controls)
        layout.addWidget(self.period_label)
        layout.addWidget(body, 1)
        layout.addWidget(self.status)
        self.body = body
        self._kind_changed()
        self.weights_panel.set_object(self.current_object(), self.whatif)
        self.apply_theme()  # sets self.theme
        self.retranslate_ui()

    # ------------------------------------------------------------------ theme
    def apply_theme(self) -> None:
        self.theme = ChartTheme.from_palette(self.palette())
        self._style(self.theme)

    def _style(self, t: ChartTheme) -> None:
        for plot in (self.hist_plot, self.trend_plot):
            style_plot(plot, t)
        self.hist_bars.setOpts(brush=t.bar2)
        for curve, colour in zip(self.trend_curves, t.series, strict=False):
            curve.setPen(pg.mkPen(colour, width=2))
            curve.setSymbolBrush(colour)
            curve.setSymbolPen(colour)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt override)
        if event.type() in PALETTE_EVENTS and getattr(self, "theme", None) is not None:
            self.apply_theme()
        super().changeEvent(event)

    # ------------------------------------------------------------------ view state
    def view_state(self) -> dict:
        d, e = self.date_edit.date().toPython(), self.end_edit.date().toPython()
        return {"object": self.current_object().value, "period_kind": self.kind_combo.currentData(),
                "period_start": d.isoformat(), "period_end": e.isoformat(),
                "compare": self.compare_check.isChecked(),
                "weights_width": int(self.body.sizes()[1]) if len(self.body.sizes()) > 1 else None}

    def restore_view_state(self, state: dict) -> bool:
        """Apply what is valid in ``state`` (others keys ignored); True when the period or the
        comparison changed (the caller reloads if the view was loaded)."""
        if not isinstance(state, dict):
            return False
        obj = state.get("object")
        if obj in [o.value for o in ASSESSED]:
            self.object_combo.setCurrentIndex([o.value for o in ASSESSED].index(obj))
        before = (self.period(), self.compare_check.isChecked())
        kind = state.get("period_kind")
        if kind in PERIOD_KINDS:
            self.kind_combo.blockSignals(True)
            self.kind_combo.setCurrentIndex(PERIOD_KINDS.index(kind))
            self.kind_combo.blockSignals(False)
            if kind == "custom":  # other kinds follow today's date (the current period)
                start, end = _iso_date(state.get("period_start")), _iso_date(state.get("period_end"))
                if start is not None and end is not None and start <= end:
                    self.date_edit.setDate(QDate(start.year, start.month, start.day))
                    self.end_edit.setDate(QDate(end.year, end.month, end.day))
            self._kind_changed()
        if isinstance(state.get("compare"), bool):
            self.compare_check.blockSignals(True)
            self.compare_check.setChecked(state["compare"])
            self.compare_check.blockSignals(False)
        width = state.get("weights_width")
        if isinstance(width, int) and not isinstance(width, bool) and 0 <= width <= 4000:
            total = sum(self.body.sizes()) or 1520
            self.body.setSizes([max(total - width, 100), width])
        return (self.period(), self.compare_check.isChecked()) != before

    # ------------------------------------------------------------------ state
    def current_object(self) -> ObjectType:
        return ObjectType(self.object_combo.currentData())  # Qt hands the StrEnum back as str

    def period(self) -> Period:
        d = self.date_edit.date().toPython()
        e = self.end_edit.date().toPython()
        return make_period(self.kind_combo.currentData(), d, e)

    def set_period(self, kind: str, day: date, end: date | None = None) -> None:
        """Choose a period (tests and scripted use); reloads."""
        self.kind_combo.blockSignals(True)
        self.kind_combo.setCurrentIndex(PERIOD_KINDS.index(kind))
        self.kind_combo.blockSignals(False)
        self.date_edit.setDate(QDate(day.year, day.month, day.day))
        end = end or day
        self.end_edit.setDate(QDate(end.year, end.month, end.day))
        self._kind_changed(reload=False)
        self.refresh()

    def set_object(self, obj: ObjectType) -> None:
        self.object_combo.setCurrentIndex(ASSESSED.index(obj))

    def _kind_changed(self, *_args, reload: bool = False) -> None:
        custom = self.kind_combo.currentData() == "custom"
        self.end_edit.setVisible(custom)
        self._captions[2].setVisible(custom)

    def _object_changed(self) -> None:
        self.weights_panel.set_object(self.current_object(), self.whatif)
        self.trend = None
        self._fill()
        self._request_trend()

    # ------------------------------------------------------------------ loading and scoring
    def refresh(self) -> None:
        self.status.setText(self.tr("Loading…"))
        submit(self._worker, self, _load_job, self.service, self.period(), self.compare_check.isChecked(),
                            on_result=self._loaded, on_error=self._failed)

    def _loaded(self, result) -> None:
        self.data, self.previous = result
        self.trend = None
        self._rescore()
        self._request_trend()

    def _rescore(self) -> None:
        if self.data is None:
            return
        submit(self._worker, self, _score_job, self.data, self.previous, self.published, self.whatif,
                            on_result=self._scored, on_error=self._failed)

    def _scored(self, result) -> None:
        self.scored, self.base, self.before = result
        self._fill()
        self.status.setText(self.tr("As of {as_of}.").format(as_of=self.data.as_of.strftime("%Y-%m-%d %H:%M")))
        self.sig_loaded.emit()

    def _failed(self, exc: BaseException) -> None:
        self.status.setText(self.tr("Failed: {error}").format(error=first_line(exc)))

    def _weights_changed(self, weights) -> None:
        self.whatif = weights
        self._rescore()

    def publish(self, weights=None) -> None:
        """Save the edited weights through the worker (admin action, records the operator)."""
        from commandcenter.services.kpi import publish_weights

        weights = weights or self.whatif
        principal = getattr(self._ctx, "principal", None)  # the service refuses a wrong role
        by = principal.username if principal is not None else self.operator
        submit(self._worker, self, partial(publish_weights, principal=principal), weights, by,
               self.weights_path, on_result=lambda _p: self._published(weights),
               on_error=self._failed)

    weights_path = None  # None: services.kpi.weights_path() (the per-user config dir)

    def _published(self, weights) -> None:
        self.published = weights
        self.whatif = weights
        self.weights_panel.set_object(self.current_object(), weights)
        self.status.setText(self.tr("Weights published by {user}.").format(user=self.operator))
        self._rescore()

    # ------------------------------------------------------------------ table
    def frame(self):
        return None if self.scored is None else self.scored.get(self.current_object())

    def _fill(self) -> None:
        frame = self.frame()
        obj = self.current_object()
        zh = is_chinese()
        if frame is None:
            self.model.set_columns([])
            return
        inds = [c for c in frame.columns if c in INDICATORS]
        cols = [Column("rank", self.tr("Rank"), fmt=lambda v: fmt_number(v, 0)),
                Column("name", self.tr("Name"), align_right=False, fmt=str),
                Column("composite", self.tr("Score"), self.tr("Composite score 0-100 with the current weights")),
                Column("rating", self.tr("Rating"), self.tr("A ≥90, B ≥75, C ≥60, D ≥40, E below"), fmt=lambda v: v or "—")]
        whatif = self.whatif is not self.published
        comparing = self.before is not None
        if whatif:
            cols += [Column("published_rank", self.tr("Published rank"), fmt=lambda v: fmt_number(v, 0)),
                     Column("moved", self.tr("Moved"), self.tr("Places gained with the what-if weights"), fmt=_signed)]
        if comparing:
            cols += [Column("before", self.tr("Previous score")),
                     Column("delta", self.tr("Change"), fmt=lambda v: _signed(v, 1)),
                     Column("movement", self.tr("Rank movement"), self.tr("Places gained since the previous period"),
                            fmt=_signed)]
        for i in inds:
            ind = INDICATORS[i]
            fmt = fmt_percent if ind.kind is Kind.RATE else (
                (lambda v: fmt_number(v, 0)) if ind.kind is Kind.COUNT else fmt_number)
            cols.append(Column(i, ind.name_zh if zh else ind.name_en, ind.explain("zh" if zh else "en"), fmt=fmt))
        base_rank = self.base[obj]["rank"].reindex(frame.index) if whatif else None
        cmp = compare(frame, self.before[obj]) if comparing and obj in self.before else None
        rows = []
        for code, r in frame.iterrows():
            row = [_num(r["rank"]), self.data.name(str(code)), _num(r["composite"]), r["rating"]]
            if whatif:
                pr = _num(base_rank.get(code))
                row += [pr, None if pr is None or _num(r["rank"]) is None else pr - _num(r["rank"])]
            if comparing:
                c = cmp.loc[code] if cmp is not None else None
                row += [_num(c["composite_before"]) if c is not None else None,
                        _num(c["delta"]) if c is not None else None,
                        _num(c["movement"]) if c is not None else None]
            row += [_num(r[i]) for i in inds]
            rows.append(tuple(row))
        self.model.set_columns(cols)
        self.model.set_rows(rows, [str(c) for c in frame.index])
        self.table.resizeColumnsToContents()
        scores = frame["composite"].dropna().to_numpy(float)
        counts, _ = np.histogram(scores, bins=10, range=(0, 100))
        self.hist_bars.setOpts(x=np.arange(5, 100, 10), height=counts.astype(float), width=9)
        self.hist_plot.setYRange(0, max(1, counts.max(initial=0)) * 1.1, padding=0)
        self.period_label.setText(self.tr("{obj}: {n} assessed, period {start} – {end}").format(
            obj=self.object_combo.currentText(), n=len(frame),
            start=self.data.period.start.date().isoformat(),
            end=(self.data.period.end - timedelta(seconds=1)).date().isoformat()))
        self._draw_trend()

    def column_key(self, column: int) -> str:
        return self.model.columns()[column].key

    def drill(self, row: int, column: int) -> None:
        """Emit the cases behind one cell (indicator columns only)."""
        key = self.column_key(column)
        if key not in INDICATORS or self.data is None:
            return
        code = self.model.key(row)
        obj = self.current_object()
        title = f"{self.data.name(code)} · {self.model.columns()[column].header}"
        submit(self._worker, self, AssessmentService.drill_down, self.data, obj, code, key,
                            on_result=lambda ids: self.sig_drilldown.emit(list(ids), title),
                            on_error=self._failed)

    # ------------------------------------------------------------------ trend
    def _request_trend(self) -> None:
        if self.data is None:
            return
        obj = self.current_object()
        submit(self._worker, self, _trend_job, self.service, self.data.period, obj, self.whatif,
                            on_result=lambda t, o=obj: self._trend_loaded(o, t), on_error=self._failed)

    def _trend_loaded(self, obj, trend) -> None:
        if obj == self.current_object():
            self.trend = trend
            self._draw_trend()

    def selected_codes(self) -> list[str]:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        if not rows:
            rows = list(range(min(3, self.model.rowCount())))
        return [self.model.key(r) for r in rows[:MAX_TRENDS]]

    def _draw_trend(self) -> None:
        self.trend_legend.clear()
        codes = self.selected_codes() if self.trend is not None else []
        x = np.array([np.datetime64(c, "s").astype(np.int64) for c in self.trend.columns], float) \
            if self.trend is not None else np.zeros(0)
        for i, curve in enumerate(self.trend_curves):
            if i < len(codes) and codes[i] in self.trend.index:
                curve.setData(x, self.trend.loc[codes[i]].to_numpy(float), connect="finite")
                self.trend_legend.addItem(curve, self.data.name(codes[i]))
            else:
                curve.setData([], [])

    # ------------------------------------------------------------------ exports
    def _ask_export(self, kind: str) -> None:
        from PySide6.QtWidgets import QFileDialog

        filt = "Excel (*.xlsx)" if kind == "xlsx" else "PDF (*.pdf)"
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export assessment"), f"assessment.{kind}", filt)
        if path:
            (self.export_xlsx if kind == "xlsx" else self.export_pdf)(path)

    def _report(self):
        from commandcenter.services.reports import build_report

        return build_report(self.data, self.scored, "zh" if is_chinese() else "en", by=self.operator)

    def export_xlsx(self, path: str) -> None:
        from commandcenter.services.reports import export_xlsx

        if self.scored is None:
            return
        submit(self._worker, self, export_xlsx, self._report(), path,
                            on_result=lambda p: self.sig_exported.emit(str(p)), on_error=self._failed)

    def export_pdf(self, path: str) -> None:
        from commandcenter.ui.kpi.report_pdf import chart_image, write_pdf

        if self.scored is None:
            return
        self._style(ChartTheme.paper())  # charts on white paper even in the dark theme
        try:
            charts = [chart_image(self.hist_plot, 1200, 450), chart_image(self.trend_plot, 1200, 450)]
        finally:
            self._style(self.theme)
        submit(self._worker, self, write_pdf, self._report(), path, charts,
                            on_result=lambda p: self.sig_exported.emit(str(p)), on_error=self._failed)

    # ------------------------------------------------------------------ language
    def retranslate_ui(self) -> None:
        names = {"day": self.tr("Day"), "week": self.tr("Week"), "month": self.tr("Month"),
                 "quarter": self.tr("Quarter"), "year": self.tr("Year"), "custom": self.tr("Custom")}
        for i, kind in enumerate(PERIOD_KINDS):
            self.kind_combo.setItemText(i, names[kind])
        objects = {ObjectType.UNIT: self.tr("Units"), ObjectType.STREET: self.tr("Streets"),
                   ObjectType.COMMUNITY: self.tr("Communities"), ObjectType.GRID: self.tr("Grids"),
                   ObjectType.GRID_WORKER: self.tr("Grid workers")}
        for i, obj in enumerate(ASSESSED):
            self.object_combo.setItemText(i, objects[obj])
        for label, text in zip(self._captions, (self.tr("Assess"), self.tr("Period"), self.tr("to")), strict=True):
            label.setText(text)
        self.compare_check.setText(self.tr("Compare with previous period"))
        self.load_button.setText(self.tr("Load"))
        self.export_xlsx_button.setText(self.tr("Export XLSX…"))
        self.export_pdf_button.setText(self.tr("Export PDF…"))
        self.hist_plot.setTitle(self.tr("Distribution of scores"))
        self.hist_plot.setLabel("bottom", self.tr("Score"))
        self.trend_plot.setTitle(self.tr("Score trend (selected rows)"))
        self.weights_panel.retranslate_ui()
        self._fill()


def _num(v):
    if v is None:
        return None
    try:
        f = float(v)
    except (TypeError, ValueError):
        return v
    return None if np.isnan(f) else f


def _signed(v, digits: int = 0) -> str:
    if v is None:
        return "—"
    return f"{v:+.{digits}f}" if v else "0"
