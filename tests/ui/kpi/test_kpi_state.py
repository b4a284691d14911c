"""KPI page: view state saved and restored (issue 9's contract), charts restyled for dark/light."""

from __future__ import annotations

import json
from datetime import date

import pytest
from PySide6.QtGui import QColor, QPalette

from commandcenter.domain.indicators import ObjectType

pytestmark = pytest.mark.usefixtures("qapp")


@pytest.fixture
def make_page(qtbot, kpi_url, kpi_clock):
    from commandcenter.ui.db_worker import DbWorker
    from commandcenter.ui.kpi.page import KpiPage

    _now, opener = kpi_clock
    made = []

    def make():
        ctx = opener(kpi_url)
        worker = DbWorker()
        page = KpiPage(worker, ctx)
        qtbot.addWidget(page)
        page.resize(1400, 850)
        page.show()
        made.append((worker, ctx))
        return page

    yield make
    for worker, ctx in made:
        worker.shutdown()
        ctx.close()


def test_view_state_round_trips_through_json(qtbot, make_page):
    first = make_page()
    view = first.assessment
    view.set_object(ObjectType.GRID)
    view.kind_combo.setCurrentIndex(view.kind_combo.findData("custom"))
    view.date_edit.setDate(date(2024, 4, 1))
    view.end_edit.setDate(date(2024, 4, 15))
    view.compare_check.blockSignals(True)
    view.compare_check.setChecked(True)
    view.compare_check.blockSignals(False)
    first.live.target_spin.setValue(85)
    first.tabs.setCurrentIndex(1)
    state = json.loads(json.dumps(first.view_state()))  # JSON-able
    assert state["tab"] == "assessment" and state["ontime_target"] == pytest.approx(0.85)

    second = make_page()
    with qtbot.waitSignal(second.assessment.sig_loaded, timeout=30000):
        second.restore_view_state(state)  # showing the assessment tab loads it
    v2 = second.assessment
    assert second.tabs.currentIndex() == 1
    assert v2.current_object() is ObjectType.GRID
    assert v2.kind_combo.currentData() == "custom" and v2.end_edit.isVisibleTo(v2)
    assert v2.period().start.date() == date(2024, 4, 1) and v2.period().end.date() == date(2024, 4, 16)
    assert v2.compare_check.isChecked()
    assert second.live.target_spin.value() == 85
    assert v2.data.period.start.date() == date(2024, 4, 1)  # what was loaded is the restored period


def test_garbled_view_state_is_ignored(make_page):
    page = make_page()
    before = page.view_state()
    for bad in (None, [], "x", {"tab": 7, "ontime_target": "high", "assessment": "nope"},
                {"assessment": {"object": "planet", "period_kind": "century", "compare": "yes",
                                "weights_width": -5, "period_start": "2024-13-01"}}):
        page.restore_view_state(bad)
    assert page.view_state() == before


def test_non_custom_periods_restore_the_kind_but_show_the_current_period(make_page, kpi_clock):
    now, _ = kpi_clock
    page = make_page()
    page.restore_view_state({"assessment": {"period_kind": "week", "period_start": "2023-01-02"}})
    view = page.assessment
    assert view.kind_combo.currentData() == "week"
    assert view.period().start.date() <= now.date() < view.period().end.date()


def _palette(window: str, base: str, text: str) -> QPalette:
    p = QPalette()
    for role, colour in ((QPalette.ColorRole.Window, window), (QPalette.ColorRole.Base, base),
                         (QPalette.ColorRole.Text, text), (QPalette.ColorRole.WindowText, text)):
        p.setColor(role, QColor(colour))
    return p


def test_charts_restyle_on_palette_change(make_page):
    from commandcenter.ui.kpi.common import contrast

    page = make_page()
    live, view = page.live, page.assessment
    plots = [*live.plots(), view.hist_plot, view.trend_plot]

    def background(plot) -> str:
        return plot.backgroundBrush().color().name()

    view.trend_legend.addItem(view.trend_curves[0], "某单位")  # a legend entry drawn light first
    page.setPalette(_palette("#202124", "#17181a", "#e8eaed"))  # dark
    assert "#e8eaed" in view.trend_legend.items[0][1].item.toHtml()
    assert "#e8eaed" in view.hist_plot.getPlotItem().titleLabel.item.toHtml() or \
        not view.hist_plot.getPlotItem().titleLabel.text
    for plot in plots:
        assert background(plot) == "#17181a"
        axis = plot.getPlotItem().getAxis("left")
        assert axis.textPen().color().name() == "#e8eaed"
    assert live.theme.dark and view.theme.dark
    line = live.target_line.pen.color().name()
    assert contrast(line, "#17181a") >= 3
    assert contrast(live.intake_typical.opts["pen"].color(), "#17181a") >= 3
    assert contrast(view.trend_curves[0].opts["pen"].color(), "#17181a") >= 3

    page.setPalette(_palette("#f0f0f0", "#ffffff", "#000000"))  # light again
    for plot in plots:
        assert background(plot) == "#ffffff"
        assert plot.getPlotItem().getAxis("bottom").textPen().color().name() == "#000000"
    assert not live.theme.dark
    assert "#000000" in view.trend_legend.items[0][1].item.toHtml()
    assert contrast(live.target_line.pen.color(), "#ffffff") >= 3


def test_results_arriving_after_the_widget_was_deleted_are_dropped():
    import shiboken6
    from PySide6.QtWidgets import QWidget

    from commandcenter.ui.kpi.common import submit

    class Worker:  # delivers later, like DbWorker: the callbacks are kept and called afterwards
        def submit(self, fn, *args, on_result=None, on_error=None):
            self.deliver = lambda: on_result(fn(*args))

    got = []
    alive, doomed = QWidget(), QWidget()
    w1, w2 = Worker(), Worker()
    submit(w1, alive, lambda x: x + 1, 1, on_result=got.append)
    submit(w2, doomed, lambda x: x + 1, 10, on_result=got.append)
    shiboken6.delete(doomed)
    w1.deliver()
    w2.deliver()
    assert got == [2]


def test_pdf_charts_are_drawn_on_white_even_in_the_dark_theme(make_page, monkeypatch):
    from commandcenter.ui.kpi import report_pdf

    page = make_page()
    view = page.assessment
    page.setPalette(_palette("#202124", "#17181a", "#e8eaed"))
    seen = []
    monkeypatch.setattr(report_pdf, "chart_image",
                        lambda plot, w, h: seen.append(plot.backgroundBrush().color().name()))
    monkeypatch.setattr(view, "_report", lambda: None)
    monkeypatch.setattr(view, "_worker", type("W", (), {"submit": lambda *a, **k: None})())
    view.scored = {}
    view.export_pdf("unused.pdf")
    assert seen == ["#ffffff", "#ffffff"]
    assert view.hist_plot.backgroundBrush().color().name() == "#17181a"  # the screen stays dark


def test_daily_chart_labels_a_day_a_week_ending_today(qtbot, make_page, kpi_clock):
    from datetime import datetime, time

    from commandcenter.ui.kpi.common import CnDateAxis, local_seconds

    now, _ = kpi_clock
    page = make_page()
    with qtbot.waitSignal(page.sig_refreshed, timeout=30000):
        page.refresh()
    major, minor = page.plot.getAxis("bottom")._tickLevels
    today = local_seconds([datetime.combine(now.date(), time())])[0]
    assert major[-1] == (today, CnDateAxis.day_label(today)) and all(label for _, label in major)
    assert [x for x, _ in major] == [today - 7 * 86400 * k for k in range(len(major) - 1, -1, -1)]
    assert len(minor) == len(page.last_snapshot.daily_days) == 28
