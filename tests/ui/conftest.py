"""Fixtures for the GUI tests (pytest-qt, offscreen).

- autouse `_isolated_home`: COMMANDCENTER_HOME in tmp_path, so settings and the window-geometry
  INI never touch a real profile; COMMANDCENTER_DB cleared.
- autouse `_no_dangling_work`: fails a test that leaves a DbWorker not shut down, a running
  QThread, an active global-pool task or an active QTimer behind (napari's _dangling_qthreads).
- `qm_dir`: our .ts compiled once per session with pyside6-lrelease (tests never depend on a
  previous `make translations`).
- `seeded_db_file` (session) / `seeded_db_url` (per test): a demo store of 500 cases, built once
  and copied for each test, so every test has its own database.
- `shell`: a MainWindow on a seeded copy, in Chinese, with its worker; torn down cleanly.
"""

from __future__ import annotations

import gc
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QThread, QThreadPool, QTimer  # noqa: E402

from commandcenter import settings as settings_mod  # noqa: E402
from commandcenter.resources import resource_path  # noqa: E402

SEED_CASES = 500
TS_FILE = resource_path("translations", "commandcenter_zh_CN.ts")


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "home"
    monkeypatch.setenv(settings_mod.ENV_HOME, str(home))
    monkeypatch.delenv(settings_mod.ENV_DB, raising=False)
    return home


def _dangling() -> list[str]:
    from commandcenter.ui.db_worker import live_workers

    found = [f"DbWorker not shut down: {w!r}" for w in live_workers()]
    if QThreadPool.globalInstance().activeThreadCount():
        found.append("global QThreadPool still has active tasks")
    for obj in gc.get_objects():
        try:
            if isinstance(obj, QThread) and obj.isRunning():
                found.append(f"running QThread {obj!r}")
            elif isinstance(obj, QTimer) and obj.isActive():
                found.append(f"active QTimer {obj!r} ({obj.objectName() or 'unnamed'})")
        except RuntimeError:  # the C++ object is already deleted
            continue
    return found


@pytest.fixture(scope="session", autouse=True)
def _gc_on_gui_thread() -> Iterator[None]:
    """As in the application (app.collect_on_gui_thread): no automatic cyclic collection, which
    could run on a DbWorker thread, destroy GUI objects there and deadlock PySide; each test's
    garbage is collected on this (the GUI) thread after it."""
    gc.disable()
    yield
    gc.enable()


@pytest.fixture(autouse=True)
def _no_dangling_work(qapp) -> Iterator[None]:
    yield
    gc.collect()
    left = _dangling()
    if left:
        pytest.fail("test left background work running:\n  " + "\n  ".join(left))


@pytest.fixture(scope="session")
def qm_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("qm")
    tool = Path(sys.executable).with_name("pyside6-lrelease")
    for ts in TS_FILE.parent.glob("*_zh_CN.ts"):  # every area's catalogue
        subprocess.run([str(tool), "-silent", str(ts), "-qm", str(out / f"{ts.stem}.qm")],
                       check=True)
    return out


@pytest.fixture(scope="session")
def seeded_db_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from commandcenter.demo import build_demo
    from commandcenter.services.context import AppContext

    path = tmp_path_factory.mktemp("seeded") / "template.sqlite3"
    ctx = AppContext.open(settings_mod.sqlite_url(path))
    try:
        build_demo(ctx, cases=SEED_CASES)
    finally:
        ctx.close()
    return path


@pytest.fixture
def seeded_db_url(seeded_db_file: Path, tmp_path: Path) -> str:
    target = tmp_path / "commandcenter.sqlite3"
    shutil.copyfile(seeded_db_file, target)
    return settings_mod.sqlite_url(target)


@dataclass
class Shell:
    window: object
    worker: object
    ctx: object
    translations: object
    paths: settings_mod.AppPaths
    db_url: str


@pytest.fixture
def translations(qapp, qm_dir: Path) -> Iterator[object]:
    from commandcenter.ui.i18n import Translations

    t = Translations(qm_dir=qm_dir)
    assert t.install("zh_CN"), "the compiled Chinese catalogue did not load"
    yield t
    t.install("en")  # leave the application untranslated for the next test


@contextmanager
def attached_window(qtbot, db_url: str, translations,
                    before: Callable[[object], None] | None = None) -> Iterator[Shell]:
    """A main window attached to the store at ``db_url`` with its own DB worker, not refreshed
    yet; ``before(worker)`` runs before the window is built. On leaving, the window closes,
    the worker stops and the context closes."""
    from commandcenter.services.context import AppContext
    from commandcenter.ui.db_worker import DbWorker
    from commandcenter.ui.main_window import MainWindow

    paths = settings_mod.app_paths().ensure()
    ctx = AppContext.open(db_url)
    worker = DbWorker()
    try:
        if before is not None:
            before(worker)
        window = MainWindow(ctx, worker, settings_mod.load(paths), paths, translations, db_url)
        qtbot.addWidget(window)
        try:
            yield Shell(window, worker, ctx, translations, paths, db_url)
        finally:
            window.close()
    finally:
        worker.shutdown()
        ctx.close()


@pytest.fixture
def shell(qtbot, seeded_db_url: str, translations) -> Iterator[Shell]:
    with attached_window(qtbot, seeded_db_url, translations) as opened:
        window = opened.window
        window.show()
        with qtbot.waitSignals([window.board.sig_refreshed, window.map_page.sig_refreshed,
                                window.kpi_page.sig_refreshed], timeout=20000):
            window.refresh()
        yield opened
