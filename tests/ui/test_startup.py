"""Start-up: open and migrate off the UI thread, seed the demo once with progress, then the shell."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QPushButton

from commandcenter import settings as settings_mod
from commandcenter.app import parse_args
from commandcenter.services.context import AppContext
from commandcenter.services.stats import store_stats
from commandcenter.ui.startup import Startup

from .conftest import SEED_CASES


@pytest.fixture
def make_startup(translations):
    made: list[Startup] = []

    def make(url: str, seed_cases: int) -> Startup:
        paths = settings_mod.app_paths().ensure()
        startup = Startup(url, settings_mod.load(paths), paths, translations, seed_cases,
                          sign_in=False)
        made.append(startup)
        return startup

    yield make
    for startup in made:
        if startup.window is not None:
            startup.window.close()
        startup.shutdown()


def _cases(url: str) -> int:
    with AppContext.open(url) as ctx:
        return store_stats(ctx)["cases"]


def test_first_start_seeds_the_demo_with_progress(qtbot, make_startup, tmp_path: Path):
    url = settings_mod.sqlite_url(tmp_path / "fresh.sqlite3")
    startup = make_startup(url, 120)
    progress: list[tuple[int, int, str]] = []
    dialog_seen: list[bool] = []
    original = startup._seed_progress

    def spy(done: int, total: int, stage: str) -> None:
        dialog_seen.append(startup.progress_dialog is not None
                           and startup.progress_dialog.isVisible())
        progress.append((done, total, stage))
        original(done, total, stage)

    startup._seed_progress = spy
    with qtbot.waitSignal(startup.sig_ready, timeout=180000) as ready:
        startup.start()
    window = ready.args[0]
    assert window is startup.window and window.isVisible()
    assert progress and all(dialog_seen)
    assert startup.progress_dialog is None  # closed once seeding finished
    assert _cases(url) == 120


def test_seeded_store_is_not_seeded_again(qtbot, make_startup, seeded_db_url):
    startup = make_startup(seeded_db_url, 50)
    with qtbot.waitSignal(startup.sig_ready, timeout=60000):
        startup.start()
    assert startup.progress_dialog is None
    assert _cases(seeded_db_url) == SEED_CASES


def test_no_demo_opens_an_empty_store(qtbot, make_startup, tmp_path: Path):
    url = settings_mod.sqlite_url(tmp_path / "empty.sqlite3")
    startup = make_startup(url, 0)
    with qtbot.waitSignal(startup.sig_ready, timeout=60000):
        startup.start()
    assert _cases(url) == 0
    qtbot.waitUntil(lambda: startup.window.board.summary.text().startswith("库中共有案件 0 件"),
                    timeout=10000)


def test_cancelling_the_seed_still_opens_the_shell(qtbot, make_startup, tmp_path: Path):
    url = settings_mod.sqlite_url(tmp_path / "cancelled.sqlite3")
    startup = make_startup(url, 20000)
    original = startup._seed_progress

    def cancel_at_first_report(done: int, total: int, stage: str) -> None:
        original(done, total, stage)
        if startup.progress_dialog is not None:  # the user clicks Cancel
            startup.progress_dialog.findChild(QPushButton).click()

    startup._seed_progress = cancel_at_first_report
    with qtbot.waitSignal(startup.sig_ready, timeout=180000):
        startup.start()
    assert startup.window is not None
    assert _cases(url) < 20000


def test_a_failing_seed_still_opens_the_shell(qtbot, make_startup, tmp_path, monkeypatch):
    import commandcenter.ui.startup as startup_mod

    def broken_seed(ctx, cases, progress):
        progress(0, cases, "organisation")
        raise RuntimeError("no demo today")

    monkeypatch.setattr(startup_mod, "seed_demo", broken_seed)
    url = settings_mod.sqlite_url(tmp_path / "unseeded.sqlite3")
    startup = make_startup(url, 100)
    failures: list[str] = []
    startup.sig_failed.connect(failures.append)
    with qtbot.waitSignal(startup.sig_ready, timeout=60000):
        startup.start()
    assert failures == [] and startup.progress_dialog is None
    assert _cases(url) == 0


def test_unopenable_database_reports_failure(qtbot, make_startup):
    startup = make_startup("mysql://cc@localhost/cc", 0)
    with qtbot.waitSignal(startup.sig_failed, timeout=30000) as failed:
        startup.start()
    assert "mysql" in failed.args[0]
    assert not startup.window.attached  # the shell says so (the caller shows the message)
    assert startup.window.starting.status.text() == "无法打开数据库。"


def test_process_start_time_is_exact_to_a_tick():
    """The start-up figure counts from the process's start: measured from outside, a child's
    own age agrees within a few clock ticks (whole-second boot times were up to 1 s off)."""
    import subprocess
    import sys
    import time

    probe = ("import time\nnow = time.time()\nfrom commandcenter.app import process_started_at\n"
             "print(now, now - process_started_at())")
    before = time.time()
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          timeout=60, check=True)
    printed_at, age = map(float, done.stdout.split())
    assert -0.03 <= age <= printed_at - before + 0.03


def test_gui_arguments():
    args, qt_args = parse_args(["--db", "sqlite:////x.db", "--lang", "en", "--no-demo",
                                "-platform", "offscreen"])
    assert (args.db, args.lang, args.no_demo) == ("sqlite:////x.db", "en", True)
    assert qt_args == ["-platform", "offscreen"]
    args, _ = parse_args([])
    assert (args.db, args.lang, args.no_demo) == (None, None, False)


def test_the_shell_is_shown_before_the_store_opens_then_attached(qtbot, make_startup,
                                                                  seeded_db_url, monkeypatch):
    """The window is on screen, usable (menus, settings) and saying what it waits for while the
    worker opens the store (a migration of a big store, a slow server); then the same window
    gets the board."""
    gate = _slow_open(monkeypatch)
    startup = make_startup(seeded_db_url, 0)
    first_frame: list[str] = []  # what the shell says when it is first on screen
    startup.sig_shell.connect(lambda w: first_frame.append(w.starting.status.text()))
    with qtbot.waitSignal(startup.sig_shell, timeout=5000) as shell:
        startup.start()
    window = shell.args[0]
    assert first_frame == ["正在打开数据库…"]
    assert window is startup.window and window.isVisible() and not window.attached
    assert window.board is None
    assert window.starting.status.text() == "正在打开数据库…"
    assert window.starting.bar.maximum() == 0  # busy
    assert window.settings_action.isEnabled() and window.about_action.isEnabled()
    assert not window.refresh_action.isEnabled() and not window.sync_action.isEnabled()
    assert window.statusBar().operator_label.text() == "未登录"
    window.refresh()  # nothing to load yet: no error
    with qtbot.waitSignal(startup.sig_ready, timeout=60000) as ready:
        gate.set()
    assert ready.args[0] is window and window.attached and window.starting is None
    assert window.centralWidget() is window.session.container
    assert window.refresh_action.isEnabled() and window.sync_action.isEnabled()
    titles = [a.text() for a in window.menuBar().actions()]
    assert titles.index(window.session.account_menu.title()) == len(titles) - 2  # before Help
    qtbot.waitUntil(lambda: window.board.case_model.rowCount() > 0, timeout=30000)


def _slow_open(monkeypatch):
    import threading

    import commandcenter.ui.startup as startup_mod

    gate = threading.Event()
    real_open = startup_mod.open_context

    def slow_open(url):
        gate.wait(10)
        return real_open(url)

    monkeypatch.setattr(startup_mod, "open_context", slow_open)
    return gate


def test_what_the_operator_does_to_the_shell_stays_when_the_board_comes(
        qtbot, make_startup, seeded_db_url, monkeypatch, translations):
    """Found in review: building the docks' pages after the first page restored the saved
    window size and docks again, undoing a resize or a dock hidden during the start. The
    status text follows a language switch made in the shell."""
    before = make_startup(seeded_db_url, 0)  # a layout saved by an earlier start
    with qtbot.waitSignal(before.sig_shell, timeout=5000):
        before.start()
    before.window.resize(900, 700)
    before.window.close()
    gate = _slow_open(monkeypatch)
    startup = make_startup(seeded_db_url, 0)
    with qtbot.waitSignal(startup.sig_shell, timeout=5000):
        startup.start()
    window = startup.window
    restored = (window.width(), window.height())  # (fitted to the offscreen screen)
    window.resize(1400, 900)
    assert restored != (1400, 900)
    window.kpi_dock.hide()
    translations.install("en")
    qtbot.waitUntil(lambda: window.starting.status.text() == "Opening the database…",
                    timeout=5000)
    translations.install("zh_CN")
    qtbot.waitUntil(lambda: window.starting.status.text() == "正在打开数据库…", timeout=5000)
    with qtbot.waitSignal(startup.sig_ready, timeout=60000):
        gate.set()
    with qtbot.waitSignal(window.sig_first_paint, timeout=60000):
        pass
    qtbot.waitUntil(lambda: window._areas_built, timeout=30000)
    qtbot.wait(50)
    assert (window.width(), window.height()) == (1400, 900)
    assert window.kpi_dock.isHidden() and not window.map_dock.isHidden()
    assert window.kpi_dock.widget() is window.kpi_page


def test_a_shell_closed_during_the_start_gets_no_board(qtbot, make_startup, seeded_db_url,
                                                       monkeypatch):
    gate = _slow_open(monkeypatch)
    startup = make_startup(seeded_db_url, 0)
    startup.start()
    window = startup.window
    window.close()
    ready: list[object] = []
    startup.sig_ready.connect(ready.append)
    gate.set()
    qtbot.waitUntil(lambda: startup.ctx is not None, timeout=30000)
    assert startup.worker.wait_idle(30000)
    qtbot.wait(100)  # the worker's last deliveries
    assert not ready and not window.attached and window.board is None


def test_a_seed_result_delivered_twice_asks_for_one_sign_in(qtbot, translations, tmp_path):
    """A Cancel clicked while the seed's result is already queued delivers a second result:
    one sign-in dialog all the same (the window is attached only after the sign-in)."""
    url = settings_mod.sqlite_url(tmp_path / "twice.sqlite3")
    paths = settings_mod.app_paths().ensure()
    startup = Startup(url, settings_mod.load(paths), paths, translations, 30)
    asked: list[int] = []
    ask = startup._ask_sign_in
    startup._ask_sign_in = lambda: (asked.append(1), ask())
    original = startup._seeded

    def twice(summary):
        original(summary)
        original(summary)

    startup._seeded = twice
    try:
        startup.start()
        qtbot.waitUntil(lambda: startup.sign_in_dialog is not None, timeout=120000)
        qtbot.wait(200)
        assert asked == [1]
    finally:
        if startup.sign_in_dialog is not None:
            startup.sign_in_dialog.reject()
        startup.window.close()
        startup.shutdown()


def test_self_test_from_source_passes(tmp_path):
    """`commandcenter --self-test` as an installer runs it (here from the source tree)."""
    import os
    import subprocess
    import sys

    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", COMMANDCENTER_HOME=str(tmp_path))
    env.pop("COMMANDCENTER_DB", None)
    done = subprocess.run([sys.executable, "-m", "commandcenter", "--self-test",
                           "--self-test-cases", "200"],
                          env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    for step in ("migrate ok", "seed 200 demo cases ok", "open the main window ok",
                 "board: select and filter ok", "map: highlight and draw ok", "KPI: refresh ok",
                 "self-test passed"):
        assert step in done.stdout, step
    assert not list(tmp_path.glob("data/*.sqlite3"))  # never the profile's database


def test_measured_start_reports_the_usable_window_without_alembic(tmp_path, seeded_db_url):
    """`--measure-startup` (what bench/startup.py runs) on a store already at head: the window
    (shell) first, the longest stall of its event loop, then the board's first page, and exit
    0; the schema check read the version row itself, so alembic (a third of a second of
    imports) was never loaded."""
    import os
    import re
    import subprocess
    import sys

    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", COMMANDCENTER_HOME=str(tmp_path / "home"))
    env.pop("COMMANDCENTER_DB", None)
    done = subprocess.run([sys.executable, "-X", "importtime", "-m", "commandcenter",
                           "--db", seeded_db_url, "--no-demo", "--measure-startup"],
                          env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr[-3000:]
    assert re.search(r"^window \d+\.\d\d rss_mb=\d+\nstall \d+\.\d\d .*\n"
                     r"usable \d+\.\d\d rss_mb=\d+$", done.stdout, re.MULTILINE), done.stdout
    window_s, stall_s, usable_s = (float(x) for x in re.findall(
        r"^\w+ (\d+\.\d\d)", done.stdout, re.MULTILINE))
    assert window_s <= usable_s and stall_s <= usable_s - window_s + 0.02
    imported = {line.rsplit("|", 1)[1].strip() for line in done.stderr.splitlines()
                if line.startswith("import time:")}
    assert "commandcenter.ui.main_window" in imported  # the probe saw the start-up's imports
    assert "alembic" not in imported


def test_self_test_reports_a_failure_with_a_clear_message(qtbot, monkeypatch):
    from commandcenter.ui import self_test

    def broken_demo(ctx, cases):
        raise RuntimeError("the demo generator is broken")

    monkeypatch.setattr("commandcenter.demo.build_demo", broken_demo)
    lines: list[str] = []
    from PySide6.QtWidgets import QApplication

    assert self_test.run_self_test(QApplication.instance(), cases=10, report=lines.append) == 1
    assert lines[-1] == "self-test FAILED at seed 10 demo cases: the demo generator is broken"
    # and it leaves the application untranslated, as it found it
    from PySide6.QtCore import QCoreApplication

    assert QCoreApplication.translate("MainWindow", "Command and Dispatch Centre") == (
        "Command and Dispatch Centre")
