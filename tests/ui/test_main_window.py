"""The shell on a seeded demo store: Chinese texts, the three areas, language switching, layout."""

from __future__ import annotations

import threading

import numpy as np
import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QDockWidget

from commandcenter import __version__
from commandcenter import settings as settings_mod
from commandcenter.domain.vocabulary import State
from commandcenter.services.stats import store_stats
from commandcenter.ui.board.state_counts import COL_COUNT, COL_STATE, StateCountModel
from commandcenter.ui.labels import state_label
from commandcenter.ui.main_window import GEOMETRY_FILE, MainWindow

from .conftest import SEED_CASES, attached_window


def _db_path(url: str) -> str:
    return settings_mod.describe_db_url(url)


def test_opens_in_chinese_with_status_texts(qtbot, shell):
    w = shell.window
    assert w.windowTitle() == "指挥调度一中心"
    assert [m.title() for m in (w.file_menu, w.view_menu, w.language_menu, w.help_menu)] == [
        "文件(&F)", "视图(&V)", "语言(&L)", "帮助(&H)"]
    assert w.map_dock.windowTitle() == "网格地图" and w.kpi_dock.windowTitle() == "考核指标图表"
    assert w.alerts_dock.windowTitle() == "预警监测"
    status = w.status
    assert status.db_label.full_text() == f"数据库：{_db_path(shell.db_url)}"
    assert status.db_label.toolTip() == _db_path(shell.db_url)
    assert status.sync_label.text() == "同步：未配置"
    qtbot.waitUntil(lambda: status.operator_label.text() == "当前身份：派遣员，秦淮区社会治理综合指挥中心",
                    timeout=10000)


def test_board_counts_match_the_store(shell):
    model = shell.window.board.model
    stats = store_stats(shell.ctx)
    for row, state in enumerate(State):
        assert model.index(row, COL_STATE).data() == state_label(state)
        assert model.count(state) == stats["by_state"][state.value]
        assert model.index(row, COL_COUNT).data() == f"{stats['by_state'][state.value]:,}"
    assert model.index(1, COL_STATE).data() == "待受理"
    open_cases = sum(n for st, n in stats["by_state"].items() if State(st).is_open)
    assert shell.window.board.summary.text().startswith(
        f"库中共有案件 {SEED_CASES:,} 件，在办 {open_cases:,} 件。")


def test_map_and_chart_show_data(shell):
    page = shell.window.map_page
    x, y = page.canvas.outlines["district"].getData()
    assert x is not None and len(x) > 50
    lon, lat = page.canvas.geo.unproject(np.nanmean(x), np.nanmean(y))
    assert 118 < lon < 119.5 and 31.5 < lat < 32.5  # Qinhuai, WGS84
    sx, sy = page.canvas.vb.viewPixelSize()
    assert sx == pytest.approx(sy, rel=0.01)  # equal metres per pixel both ways
    # the KPI page refreshed (the fixture waited for sig_refreshed): a live picture of this store
    snapshot = shell.window.kpi_page.live.snapshot
    assert snapshot is not None
    open_cases = sum(n for st, n in store_stats(shell.ctx)["by_state"].items() if State(st).is_open)
    assert sum(n for _state, n in snapshot.open_states) == open_cases
    # today's funnel against the store's own events since the snapshot day's midnight (just
    # after midnight both are rightly 0); the daily chart is never empty for the seeded store
    from datetime import datetime, time

    from sqlalchemy import distinct, func, select

    from commandcenter.store.models import CaseEvent

    with shell.ctx.unit_of_work() as uow:
        reported_today = uow.session.execute(select(func.count(distinct(CaseEvent.case_id))).where(
            CaseEvent.action == "report",
            CaseEvent.at >= datetime.combine(snapshot.day, time()),
            CaseEvent.at <= snapshot.now)).scalar_one()
    assert dict(snapshot.funnel)["reported"] == reported_today
    assert 0 < int(snapshot.daily_counts.sum()) <= SEED_CASES


def test_area_queries_run_off_the_ui_thread(qtbot, shell, monkeypatch):
    from commandcenter.services import board, kpi, map_query

    threads: dict[str, list[str]] = {}  # query -> the threads it ran on

    def spy(name, fn):
        def wrapped(*a, **kw):
            threads.setdefault(name, []).append(threading.current_thread().name)
            return fn(*a, **kw)
        return wrapped

    monkeypatch.setattr(board.BoardStore, "load",
                        staticmethod(spy("board", board.BoardStore.load)))
    monkeypatch.setattr(map_query, "load_map", spy("map", map_query.load_map))
    monkeypatch.setattr(kpi.LiveService, "load", spy("kpi", kpi.LiveService.load))
    w = shell.window
    with qtbot.waitSignals([w.board.sig_refreshed, w.map_page.sig_refreshed,
                            w.kpi_page.sig_refreshed], timeout=30000):
        w.refresh()
    assert sorted(threads) == ["board", "kpi", "map"]  # each area's query was seen running
    ran_on = [name for names in threads.values() for name in names]
    assert threading.main_thread().name not in ran_on


def test_areas_are_wired_together(qtbot, shell):
    """Drill-downs reach the board; a grid clicked on the map filters it; a case selected on the
    board is highlighted on the map."""
    w = shell.window
    board = w.board
    ids = [int(i) for i in board.store.ids[:5]]
    w.kpi_page.sig_drilldown.emit(ids, "测试钻取")
    qtbot.waitUntil(lambda: sorted(board.current_filter().ids or ()) == sorted(ids), timeout=5000)
    w.alerts.sig_show_cases.emit(ids[:2], "预警")
    qtbot.waitUntil(lambda: sorted(board.current_filter().ids or ()) == sorted(ids[:2]), timeout=5000)
    code = str(w.map_page.canvas.geo.codes[0])
    w.map_page.sig_grid_clicked.emit(code)
    qtbot.waitUntil(lambda: code in board.current_filter().grids, timeout=5000)
    # a case clicked on the map is revealed on the board even though the grid filter hides it
    w.map_page.sig_case_clicked.emit(ids[0])
    qtbot.waitUntil(lambda: board.current_case_id() == ids[0], timeout=5000)
    qtbot.waitUntil(lambda: ids[0] in w.map_page.highlighted, timeout=5000)


def test_change_feed_updates_the_board_live(qtbot, shell):
    from commandcenter.domain.case import Actor
    from commandcenter.domain.vocabulary import Channel, Role
    from commandcenter.services.cases import CaseService
    from commandcenter.services.context import AppContext
    from commandcenter.services.dto import NewCase

    w = shell.window
    qtbot.waitUntil(lambda: w.feed.seq is not None, timeout=10000)
    other = AppContext.open(shell.db_url)  # a second workstation on the same database
    try:
        before = len(w.board.store)
        ref = CaseService(other).report(
            NewCase(channel=Channel.HOTLINE_12345, title="夜间施工噪音"),
            Actor("intake-x", Role.INTAKE_OPERATOR, None))
        qtbot.waitUntil(lambda: len(w.board.store) == before + 1, timeout=10000)
        assert len(w.board.store.positions_of([ref.id])) == 1
    finally:
        other.close()


def test_language_switch_to_english_and_back(qtbot, shell):
    w = shell.window
    w.language_actions["en"].trigger()
    qtbot.waitUntil(lambda: w.windowTitle() == "Command and Dispatch Centre", timeout=5000)
    qtbot.waitUntil(lambda: w.status.sync_label.text() == "Sync: not configured", timeout=5000)
    assert w.status.db_label.full_text().startswith("Database: /")
    assert w.status.operator_label.text().startswith("Signed in: Dispatcher, ")
    assert w.file_menu.title() == "&File" and w.map_dock.windowTitle() == "Grid map"
    assert w.map_action.text() == "Grid map"  # toggle actions follow the dock titles
    model = w.board.model
    assert model.headerData(COL_STATE, Qt.Orientation.Horizontal) == "State"
    assert model.index(1, COL_STATE).data() == "Pending acceptance"
    assert w.board.summary.text().startswith(f"{SEED_CASES:,} cases in the store")
    assert w.language_actions["en"].isChecked()
    assert settings_mod.load(shell.paths).language == "en"  # the choice is remembered

    w.language_actions["zh_CN"].trigger()
    qtbot.waitUntil(lambda: w.windowTitle() == "指挥调度一中心", timeout=5000)
    qtbot.waitUntil(lambda: w.status.sync_label.text() == "同步：未配置", timeout=5000)
    assert model.index(1, COL_STATE).data() == "待受理"
    assert w.kpi_page.plot.getPlotItem().getAxis("left").labelText == "案件数"
    assert settings_mod.load(shell.paths).language == "zh_CN"


def test_view_menu_toggles_the_docks(qtbot, shell):
    w = shell.window
    assert w.map_dock.isVisible() and w.kpi_dock.isVisible()
    w.map_action.trigger()
    assert not w.map_dock.isVisible()
    w.map_action.trigger()
    assert w.map_dock.isVisible()
    docks = w.findChildren(QDockWidget)
    assert {d.objectName() for d in docks} == {"map_dock", "kpi_dock", "alerts_dock"}


def test_about_text_names_version_and_database(shell):
    from commandcenter.ui.about_dialog import about_text

    text = about_text(shell.db_url, shell.paths)
    assert __version__ in text and "版本" in text
    assert _db_path(shell.db_url) in text


def test_controls_have_accessible_names(shell):
    w = shell.window
    for widget in (w.board.table, w.board.summary, w.map_page.canvas, w.kpi_page.plot,
                   w.status.db_label, w.status.operator_label, w.status.sync_label, w.menuBar()):
        assert widget.accessibleName(), widget.objectName()


def test_geometry_is_kept_in_the_config_dir(qtbot, shell):
    w = shell.window
    w.resize(w.minimumSizeHint().width(), 520)
    size = (w.width(), w.height())
    w.close()
    ini = shell.paths.config_dir / GEOMETRY_FILE
    assert ini.exists()
    stored = QSettings(str(ini), QSettings.Format.IniFormat)
    assert stored.value("main_window/geometry") is not None
    again = MainWindow(shell.ctx, shell.worker, settings_mod.load(shell.paths), shell.paths,
                       shell.translations, shell.db_url)
    qtbot.addWidget(again)
    screen = again.screen().availableGeometry()
    # the saved size comes back (restoreGeometry clamps it to the screen, 800x600 offscreen)
    assert again.height() == size[1]
    assert again.width() == min(size[0], screen.width() - (again.frameGeometry().width() - again.width()))


def test_state_count_model_is_a_valid_model(qtmodeltester):
    model = StateCountModel()
    model.set_counts({"closed": 3, "pending_accept": 1})
    qtmodeltester.check(model)
    assert model.rowCount() == len(State) and model.columnCount() == 2


def test_nothing_is_queued_before_the_boards_first_load(qtbot, seeded_db_url, translations):
    """With nobody signed in, the people list and the pinyin warm-up wait for the board's
    complete load: queued first on the one worker they would delay the first paint."""
    names = []

    def spy(worker):
        submit = worker.submit
        worker.submit = lambda fn, *a, **kw: (names.append(getattr(fn, "__name__", "")),
                                             submit(fn, *a, **kw))[1]

    with attached_window(qtbot, seeded_db_url, translations, before=spy) as opened:
        window = opened.window
        assert "acting_choices" not in names and "category_search" not in names
        with qtbot.waitSignal(window.board.sig_refreshed, timeout=20000):
            window.refresh()
        assert names.index("acting_choices") > 0  # after the board's load, not before it
        # the board's 300 ms coalescing of its side panels runs out before the window closes
        qtbot.waitUntil(lambda: not window.board._side_timer.isActive(), timeout=5000)


def test_a_window_closed_before_its_pages_keeps_the_saved_splitters(qtbot, seeded_db_url,
                                                                     translations):
    """Attached to the store but closed before the docks' pages were built: the splitter the
    sync panel saved last time stays (the window has no splitter of its own to save yet)."""
    paths = settings_mod.app_paths().ensure()
    stored = QSettings(str(paths.config_dir / GEOMETRY_FILE), QSettings.Format.IniFormat)
    stored.setValue("splitters/sync_panel/QSplitter#0", b"saved")
    stored.sync()
    with attached_window(qtbot, seeded_db_url, translations) as opened:
        window = opened.window
        assert window.attached and not window._areas_built
        window.close()
        keys = QSettings(str(paths.config_dir / GEOMETRY_FILE),
                         QSettings.Format.IniFormat).allKeys()
        assert "splitters/sync_panel/QSplitter#0" in keys
