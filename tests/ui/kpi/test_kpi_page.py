"""The KPI area on a seeded store: live picture, assessment, drill-down, what-if, exports."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import text

from commandcenter.domain.case import Actor
from commandcenter.domain.indicators import ObjectType
from commandcenter.domain.vocabulary import Channel, Role

pytestmark = pytest.mark.usefixtures("qapp")
NOW = datetime(2024, 5, 22, 16, 30)  # the seeded store's clock (conftest.NOW)


@pytest.fixture
def open_ctx(kpi_clock):
    now, opener = kpi_clock
    assert now == NOW
    return opener


@pytest.fixture
def page(qtbot, kpi_url, open_ctx):
    from commandcenter.ui.db_worker import DbWorker
    from commandcenter.ui.kpi.page import KpiPage

    ctx = open_ctx(kpi_url)
    worker = DbWorker()
    widget = KpiPage(worker, ctx)
    qtbot.addWidget(widget)
    widget.resize(1400, 850)
    widget.show()
    with qtbot.waitSignal(widget.sig_refreshed, timeout=30000):
        widget.refresh()
    yield widget
    worker.shutdown()
    ctx.close()


def _sql(ctx, query, **params):
    with ctx.engine.connect() as conn:
        return conn.execute(text(query), params).all()


def _open_assessment(qtbot, page):
    with qtbot.waitSignal(page.assessment.sig_loaded, timeout=30000):
        page.show_assessment()
    return page.assessment


def test_live_picture_shows_the_store_and_drills_down(qtbot, page, qtmodeltester):
    snap = page.live.snapshot
    by_state = dict(_sql(page._ctx, "select state, count(*) from cases group by state"))
    for state, n in snap.open_states:
        assert n == by_state.get(state, 0)
    heights = page.live.open_bars.opts["width"]  # horizontal bars: the width is the count
    assert list(heights) == [n for _, n in snap.open_states]
    with qtbot.waitSignal(page.sig_drilldown, timeout=2000) as blocker:
        page.live.drill_funnel("registered")
    ids, title = blocker.args
    expected = {r[0] for r in _sql(
        page._ctx, "select distinct case_id from case_events where action = 'register' and at >= :a "
        "and at <= :b", a=datetime(2024, 5, 22), b=NOW)}
    assert set(ids) == expected and len(expected) > 0 and title
    with qtbot.waitSignal(page.sig_drilldown, timeout=2000) as blocker:
        page.live.warnings_view.doubleClicked.emit(page.live.warnings_model.index(0, 3))
    unit = page.live.warnings_model.key(0)
    assert len(blocker.args[0]) == int(snap.warnings.loc[unit, "red"])
    for model in (page.live.warnings_model, page.live.top_model, page.live.whistles_model):
        qtmodeltester.check(model)


def test_live_picture_follows_a_transition_made_elsewhere(qtbot, page, kpi_url, open_ctx):
    from commandcenter.services.cases import CaseService
    from commandcenter.services.dto import NewCase
    from commandcenter.ui.change_feed import ChangeFeed

    feed = ChangeFeed(page._worker, page._ctx, interval_ms=50)
    feed.sig_changed.connect(page.apply_changes)
    writer = open_ctx(kpi_url, NOW + timedelta(minutes=1))
    page._ctx.now = lambda: NOW + timedelta(minutes=2)  # both workstations' clocks move on
    try:
        feed.start()
        qtbot.waitUntil(lambda: feed.seq is not None, timeout=5000)
        before = dict(page.live.snapshot.funnel)
        bars_before = list(page.live.funnel_bars.opts["width"])
        item = page.live.funnel_bars
        with qtbot.waitSignal(page.sig_live_updated, timeout=5000):
            ref = CaseService(writer).report(NewCase(channel=Channel.HOTLINE_12345, title="噪音扰民"),
                                             Actor("intake-x", Role.INTAKE_OPERATOR, None))
        after = dict(page.live.snapshot.funnel)
        assert after["reported"] == before["reported"] + 1
        assert ref.id in page.live.snapshot.funnel_ids["reported"]
        assert page.live.funnel_bars is item  # the same persistent item, updated in place
        assert page.live.funnel_bars.opts["width"][0] == bars_before[0] + 1
    finally:
        feed.stop()
        writer.close()


def test_assessment_period_weights_and_drill_down(qtbot, page, qtmodeltester):
    view = _open_assessment(qtbot, page)
    qtmodeltester.check(view.model)
    headers = [view.model.headerData(i, _h(), _tip()) for i in range(view.model.columnCount())]
    assert any(h and "公式" in h or h and "Formula" in h for h in headers)  # indicator tooltips
    with qtbot.waitSignal(view.sig_loaded, timeout=30000):
        view.set_period("month", date(2024, 5, 1))
    with qtbot.waitSignal(view.sig_loaded, timeout=30000):
        view.set_object(ObjectType.STREET)
        view._rescore()
    assert view.period().start == datetime(2024, 5, 1)
    # all the weight on the closing rate: streets rank by closing rate
    with qtbot.waitSignal(view.sig_loaded, timeout=30000):
        for i, w in enumerate((0, 0, 100, 0)):
            view.weights_panel.spins[i].blockSignals(i < 3)
            view.weights_panel.set_weight(i, w)
            view.weights_panel.spins[i].blockSignals(False)
    frame = view.frame()
    expected = (frame["closing_rate"] * 100).rank(ascending=False, method="min")
    assert (frame["rank"] == expected).all()
    cols = [c.key for c in view.model.columns()]
    assert "moved" in cols and "published_rank" in cols
    qtmodeltester.check(view.model)
    # drill down: the street with most registrations, against a direct SQL count
    col = cols.index("registered")
    row = max(range(view.model.rowCount()), key=lambda r: view.model.raw(r, col) or 0)
    code = view.model.key(row)
    with qtbot.waitSignal(view.sig_drilldown, timeout=10000) as blocker:
        view.drill(row, col)
    n = _sql(page._ctx, "select count(*) from cases where street_code = :s and registered_at >= :a "
             "and registered_at < :b and state not in ('void', 'merged')",
             s=code, a=datetime(2024, 5, 1), b=NOW)[0][0]
    assert len(blocker.args[0]) == n == view.model.raw(row, col)


def test_compare_periods_shows_rank_movement(qtbot, page):
    view = _open_assessment(qtbot, page)
    with qtbot.waitSignal(view.sig_loaded, timeout=30000):
        view.set_object(ObjectType.STREET)
        view._rescore()
    with qtbot.waitSignal(view.sig_loaded, timeout=30000):
        view.set_period("week", date(2024, 5, 20))
    with qtbot.waitSignal(view.sig_loaded, timeout=30000):
        view.compare_check.setChecked(True)
    cols = [c.key for c in view.model.columns()]
    assert {"before", "delta", "movement"} <= set(cols)
    r, b, m = cols.index("rank"), cols.index("before"), cols.index("movement")
    assert any(view.model.raw(i, b) is not None for i in range(view.model.rowCount()))
    assert view.period().kind == "week" and view.previous.period.end == view.data.period.start
    assert all(view.model.raw(i, m) is None or isinstance(view.model.raw(i, r), float)
               for i in range(view.model.rowCount()))


def test_publish_needs_an_admin_and_records_who(qtbot, page, tmp_path):
    from commandcenter.domain.indicators import load_weights

    view = _open_assessment(qtbot, page)
    view.weights_path = tmp_path / "weights.json"
    panel = view.weights_panel
    panel.set_weight(0, 40)  # sum 90: invalid
    assert not panel.publish_button.isEnabled() and "100" in panel.sum_label.text()
    panel.set_weight(1, 30)
    assert not panel.publish_button.isEnabled()  # not an admin
    page.set_operator("admin-wang", "admin")
    assert panel.publish_button.isEnabled()
    with qtbot.waitSignal(view.sig_loaded, timeout=30000):
        panel.publish_button.click()
    saved = load_weights(view.weights_path)
    assert saved.extra["published_by"] == "admin-wang"
    assert [c.weight for c in saved.objects[ObjectType.UNIT].components][:2] == [40, 30]


def test_publish_is_refused_by_the_service_for_a_signed_in_non_publisher(qtbot, page, tmp_path):
    """The button's own role check is not the guard: a signed-in shift leader (who may see the
    assessment but not publish weights) gets the service's refusal and nothing is written."""
    from commandcenter.domain.vocabulary import Role
    from commandcenter.services.permissions import Principal

    view = _open_assessment(qtbot, page)
    view.weights_path = tmp_path / "weights.json"
    page._ctx.principal = Principal(7, "leader-li", "李班长", Role.SHIFT_LEADER)
    try:
        page.set_operator("leader-li", "admin")  # a UI that wrongly believes the user is admin
        view.weights_panel.set_weight(0, 40)
        view.weights_panel.set_weight(1, 30)
        view.weights_panel.publish_button.click()
        qtbot.waitUntil(lambda: "publish" in view.status.text(), timeout=30000)
    finally:
        page._ctx.principal = None
    assert not view.weights_path.exists()
    assert view.published is None or view.published != view.whatif


def test_exports_xlsx_and_pdf(qtbot, page, tmp_path):
    from openpyxl import load_workbook

    view = _open_assessment(qtbot, page)
    xlsx, pdf = tmp_path / "a.xlsx", tmp_path / "a.pdf"
    with qtbot.waitSignal(view.sig_exported, timeout=30000):
        view.export_xlsx(str(xlsx))
    wb = load_workbook(xlsx)
    assert wb.sheetnames[-1] in ("Definitions", "指标定义") and len(wb.sheetnames) == 6
    for name, obj in zip(wb.sheetnames, view.scored, strict=False):
        assert wb[name].max_row == len(view.scored[obj]) + 1
    with qtbot.waitSignal(view.sig_exported, timeout=60000):
        view.export_pdf(str(pdf))
    raw = pdf.read_bytes()
    pages = len(re.findall(rb"/Type\s*/Page\b(?!s)", raw))
    assert pages >= 2
    assert re.search(rb"/FontName\s*/[A-Z]{6}\+Noto\w*CJK", raw), "no embedded Noto CJK subset"
    assert b"/FontFile" in raw


def _h():
    from PySide6.QtCore import Qt

    return Qt.Orientation.Horizontal


def _tip():
    from PySide6.QtCore import Qt

    return Qt.ItemDataRole.ToolTipRole


def test_open_whistles_are_listed_by_case_code(page):
    model = page.live.whistles_model
    assert model.rowCount() > 0
    codes = dict(_sql(page._ctx, "select id, code from cases"))
    for row in range(model.rowCount()):
        case_id = int(model.key(row))
        assert model.data(model.index(row, 0)) == codes[case_id]  # the code, not the row id
