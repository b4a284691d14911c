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
        startup = Startup(url, settings_mod.load(paths), paths, translations, seed_cases)
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
    assert startup.window is None


def test_gui_arguments():
    args, qt_args = parse_args(["--db", "sqlite:////x.db", "--lang", "en", "--no-demo",
                                "-platform", "offscreen"])
    assert (args.db, args.lang, args.no_demo) == ("sqlite:////x.db", "en", True)
    assert qt_args == ["-platform", "offscreen"]
    args, _ = parse_args([])
    assert (args.db, args.lang, args.no_demo) == (None, None, False)
