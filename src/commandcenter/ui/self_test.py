"""`commandcenter --self-test`: prove an installation works, end to end, in under a minute.

Contract
- `run_self_test(app, cases=SELF_TEST_CASES, report=print) -> int` (the QApplication exists;
  the caller chose the offscreen platform): in a fresh temporary folder (never the user's
  profile or database) it opens a new SQLite database and migrates it to head, seeds a demo of
  `cases` cases, opens the main window, waits for the board, map and KPI areas to load, then
  exercises them: the board selects a case and filters to one grid, the map highlights the case
  and draws itself to a PNG, the KPI page refreshes its live picture. Each step is reported as
  "self-test: <step> ok (<seconds> s)". Returns 0 when every step passed, else 1 after reporting
  "self-test FAILED at <step>: <reason>". Everything it started is stopped and the folder
  removed before returning.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEventLoop, QTimer, SignalInstance
from PySide6.QtWidgets import QApplication

log = logging.getLogger(__name__)

SELF_TEST_CASES = 500
STEP_TIMEOUT_S = 120


class SelfTestError(RuntimeError):
    pass


def wait_for(signals: list[SignalInstance], timeout_s: float = STEP_TIMEOUT_S,
             before: Callable[[], Any] | None = None) -> None:
    """Run the event loop until every signal fired once (connect first, then call `before`)."""
    pending = set(range(len(signals)))
    loop = QEventLoop()
    slots = []
    for i, signal in enumerate(signals):
        def fired(*_args: Any, i: int = i) -> None:
            pending.discard(i)
            if not pending:
                loop.quit()
        signal.connect(fired)
        slots.append((signal, fired))
    timer = QTimer(singleShot=True, interval=int(timeout_s * 1000))
    timer.timeout.connect(loop.quit)
    try:
        if before is not None:
            before()
        if pending:
            timer.start()
            loop.exec()
    finally:
        timer.stop()
        for signal, fired in slots:
            signal.disconnect(fired)
    if pending:
        raise SelfTestError(f"no answer within {timeout_s:.0f} s")


def wait_until(condition: Callable[[], bool], timeout_s: float = 30) -> None:
    deadline = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > deadline:
            raise SelfTestError(f"condition not met within {timeout_s:.0f} s")
        QApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
        time.sleep(0.01)


def run_self_test(app: QApplication, cases: int = SELF_TEST_CASES,
                  report: Callable[[str], None] = print) -> int:
    from commandcenter import settings as settings_mod
    from commandcenter.ui.db_worker import DbWorker
    from commandcenter.ui.i18n import Translations

    folder = Path(tempfile.mkdtemp(prefix="commandcenter-self-test-"))
    paths = settings_mod.AppPaths(folder / "data", folder / "config", folder / "log").ensure()
    url = settings_mod.sqlite_url(paths.default_db_file)
    state: dict[str, Any] = {"ctx": None, "window": None, "worker": None, "translations": None}
    step = "start"
    t0 = time.perf_counter()

    def done(name: str, started: float) -> None:
        report(f"self-test: {name} ok ({time.perf_counter() - started:.1f} s)")

    try:
        step = "translations"
        started = time.perf_counter()
        translations = Translations(cache_dir=paths.data_dir / "translations")
        state["translations"] = translations
        if not translations.install("zh_CN"):
            raise SelfTestError("the Chinese catalogue did not load")
        done(step, started)

        step = "migrate"
        started = time.perf_counter()
        from commandcenter.services.context import AppContext
        from commandcenter.store.migrate import current_revision, head_revision

        ctx = AppContext.open(url, migrate=True)
        state["ctx"] = ctx
        if current_revision(ctx.engine) != head_revision():
            raise SelfTestError("the schema is not at the newest revision")
        done(step, started)

        step = f"seed {cases} demo cases"
        started = time.perf_counter()
        from commandcenter.demo import build_demo
        from commandcenter.services.stats import store_stats

        build_demo(ctx, cases=cases)
        if store_stats(ctx)["cases"] != cases:
            raise SelfTestError("the demo store holds a different number of cases")
        done(step, started)

        step = "open the main window"
        started = time.perf_counter()
        from commandcenter.ui.main_window import MainWindow

        worker = DbWorker()
        state["worker"] = worker
        window = MainWindow(ctx, worker, settings_mod.Settings(), paths, translations, url)
        state["window"] = window
        window.show()
        wait_for([window.board.sig_refreshed, window.map_page.sig_refreshed,
                  window.kpi_page.sig_refreshed], before=window.refresh)
        if len(window.board.store) != cases:
            raise SelfTestError(f"the board shows {len(window.board.store)} cases")
        done(step, started)

        step = "board: select and filter"
        started = time.perf_counter()
        board = window.board
        rows_before = board.case_model.rowCount()
        if rows_before == 0:
            raise SelfTestError("the board's first lane shows no case")
        case_id = board.case_model.case_id(0)
        if not board.select_case(case_id):
            raise SelfTestError(f"case {case_id} could not be selected")
        wait_until(lambda: board.current_case_id() == case_id)
        code = str(window.map_page.canvas.geo.codes[0])
        board.filter_to_grid(code)
        wait_until(lambda: code in board.current_filter().grids)
        if board.case_model.rowCount() > rows_before:
            raise SelfTestError("filtering to one grid showed more cases, not fewer")
        done(step, started)

        step = "map: highlight and draw"
        started = time.perf_counter()
        window.map_page.highlight_cases([case_id])
        wait_until(lambda: case_id in window.map_page.highlighted)
        png = folder / "map.png"
        if not window.map_page.export_png(png) or png.stat().st_size < 1000:
            raise SelfTestError("the map did not draw")
        done(step, started)

        step = "KPI: refresh"
        started = time.perf_counter()
        wait_for([window.kpi_page.sig_refreshed], before=window.kpi_page.refresh)
        snapshot = window.kpi_page.live.snapshot
        # not today's funnel: just after midnight it is rightly empty
        if snapshot is None or not int(snapshot.daily_counts.sum()) or not sum(
                n for _state, n in snapshot.open_states):
            raise SelfTestError("the live picture is empty")
        done(step, started)
    except Exception as exc:
        log.exception("self-test failed at %s", step)
        report(f"self-test FAILED at {step}: {exc or type(exc).__name__}")
        return 1
    finally:
        _teardown(state, folder)
    report(f"self-test passed in {time.perf_counter() - t0:.1f} s")
    return 0


def _teardown(state: dict[str, Any], folder: Path) -> None:
    window, worker, ctx = state["window"], state["worker"], state["ctx"]
    try:
        if window is not None:
            window.close()
            window.deleteLater()
        if worker is not None:
            worker.shutdown()
        if ctx is not None:
            ctx.close()
        if state["translations"] is not None:  # leave the application as it was found
            state["translations"].install("en")
        QApplication.processEvents()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
