"""GUI entry point (`commandcenter`): QApplication bootstrap only.

Parses `--db URL`, `--lang zh_CN|en`, `--no-demo`, `--self-test` and `--measure-startup` (other
arguments go to Qt), then in this order:
1. logging to rotating files in the per-user log dir (`logging_setup`; stderr only when the
   process has one: windowed builds do not), and the crash handler (`crash.CrashHandler`:
   reports in `<log dir>/crash/`, the user told by `ui.crash_notice`);
2. the QApplication (high-DPI pass-through scaling), translators, theme and font size;
3. the single-instance guard: when this user already runs the program on the same database,
   the running one is asked to come forward and this start exits with 0;
4. `ui.startup.Startup` shows the main window as a shell at once, then opens the store on the
   DB worker (migrating it, with progress), seeds the demo on first start, asks for a sign-in
   and attaches the window to the store.
`--self-test` runs `ui.self_test` instead (offscreen, temporary folder, exit status 0/1).
`--measure-startup` prints `window <seconds> rss_mb=<MB>` once the main window (the shell) is on
screen and usable, then `usable <seconds> rss_mb=<MB>` once the board's first page of cases is
painted (seconds since the process started), then quits (bench/startup.py). Heavy modules
(SQLAlchemy, numpy, pandas, pyqtgraph, the pages) are imported only after the shell is shown.
"""

from __future__ import annotations

import argparse
import gc
import logging
import os
import sys
import time
from collections.abc import Sequence

from commandcenter import APP_NAME, __version__
from commandcenter import settings as settings_mod
from commandcenter.logging_setup import has_console_stream, setup_logging

log = logging.getLogger(__name__)

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
CRASH_FOLDER = "crash"


def parse_args(argv: Sequence[str]) -> tuple[argparse.Namespace, list[str]]:
    parser = argparse.ArgumentParser(prog=APP_NAME, description="指挥调度一中心 command centre")
    parser.add_argument("--db", metavar="URL", help="database URL (overrides every other setting)")
    parser.add_argument("--lang", choices=settings_mod.LANGUAGES, help="user interface language")
    parser.add_argument("--no-demo", action="store_true",
                        help="do not build the demo district on first start")
    parser.add_argument("--self-test", action="store_true",
                        help="check this installation (temporary database, offscreen) and exit")
    parser.add_argument("--self-test-cases", type=int, default=500, help=argparse.SUPPRESS)
    parser.add_argument("--measure-startup", action="store_true",
                        help="print the start-up time once the board is painted, then quit")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    return parser.parse_known_args(list(argv))


def process_started_at() -> float:
    """Wall-clock time this process started (falls back to now where /proc is missing).

    Its start in clock ticks after boot against /proc/uptime (1/100 s), not against
    /proc/stat's ``btime``: that is whole seconds, so it put the start up to a second too early,
    the same constant for every process of a boot (0.19 s on the benchmark machine)."""
    try:
        with open(f"/proc/{os.getpid()}/stat", encoding="ascii") as f:
            ticks = int(f.read().rsplit(")", 1)[1].split()[19])
        with open("/proc/uptime", encoding="ascii") as f:
            uptime = float(f.read().split()[0])
        return time.time() - (uptime - ticks / os.sysconf("SC_CLK_TCK"))
    except (OSError, ValueError, IndexError):
        return time.time() - time.perf_counter() + _T0


_T0 = time.perf_counter()


def rss_mb() -> float:
    """The resident set size now (Linux /proc), else the peak (resource), in MB."""
    try:
        with open("/proc/self/statm", encoding="ascii") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1e6
    except (OSError, ValueError):
        try:
            import resource

            return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e3
        except ImportError:  # Windows
            return float("nan")


def say(text: str) -> None:
    """Print to stdout when there is one (a windowed build has none), and log it."""
    log.info("%s", text)
    if has_console_stream(sys.stdout):
        print(text, flush=True)


def ensure_streams() -> None:
    """A windowed build (no console) has sys.stdout/sys.stderr None: give them a sink, so a
    library writing to them (argparse's --help, a warning) cannot crash the program."""
    for name in ("stdout", "stderr"):
        if getattr(sys, name) is None:
            setattr(sys, name, open(os.devnull, "w", encoding="utf-8"))  # noqa: SIM115


_collector: list[object] = []


def collect_on_gui_thread() -> None:
    """Collect cyclic garbage on the GUI thread only, on a timer (pyqtgraph's GarbageCollector,
    which also keeps automatic collection off); idempotent."""
    if not _collector:
        from pyqtgraph.util.garbage_collector import GarbageCollector

        _collector.append(GarbageCollector(interval=1.0))


class StallWatch:
    """`--measure-startup`: the longest time the GUI thread's event loop did not come round
    between the window showing and the board's first page (a 10 ms timer's late ticks), i.e.
    how long a click on the shell could have waited."""

    def __init__(self, parent: object) -> None:
        from PySide6.QtCore import QTimer

        self.longest = 0.0
        self._last = 0.0
        self._timer = QTimer(parent, interval=10)
        self._timer.timeout.connect(self._tick)

    def start(self) -> None:
        self._last = time.perf_counter()
        self._timer.start()

    def _tick(self) -> None:
        now = time.perf_counter()
        self.longest = max(self.longest, now - self._last)
        self._last = now

    def stop(self) -> float:
        self._tick()
        self._timer.stop()
        return self.longest


def main(argv: Sequence[str] | None = None) -> int:
    ensure_streams()
    args, qt_args = parse_args(sys.argv[1:] if argv is None else argv)
    paths = settings_mod.app_paths()
    setup_logging(paths.log_dir)
    settings = settings_mod.load(paths)
    if not paths.settings_file.exists() and not args.self_test:
        try:  # write the defaults once, so there is a file to read and edit
            settings_mod.save(settings, paths)
        except OSError as exc:
            log.warning("cannot write %s: %s", paths.settings_file, exc)
    db_url = settings_mod.resolve_db_url(settings, paths, args.db)
    language = args.lang or settings.language

    from commandcenter.crash import CrashHandler

    crashes = CrashHandler(paths.log_dir / CRASH_FOLDER, db_url).install(native=True)
    if args.self_test:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

    from PySide6.QtCore import Qt, QTimer
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtWidgets import QApplication

    from commandcenter.ui.crash_notice import CrashNotifier, install_qt_message_handler

    # Qt 6 scales by the screen's factor; pass fractional factors (125 %, 150 %) through unrounded.
    QGuiApplication.setHighDpiScaleFactorRoundingPolicy(
        Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
    install_qt_message_handler(crashes)
    app = QApplication([sys.argv[0] if sys.argv else APP_NAME, *qt_args])
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setOrganizationName(APP_NAME)
    app.setDesktopFileName(APP_NAME)
    # Python's cyclic garbage collector must never run on the database worker's thread: there it
    # can destroy Qt objects of the GUI, and PySide then deadlocks (the worker waits for the GIL
    # inside ~QObject while the GUI thread, holding the GIL, waits for that object's mutex). It
    # is switched off now and run on the GUI thread by a timer (`collect_on_gui_thread`).
    gc.disable()
    interactive = app.platformName() not in ("offscreen", "minimal")
    notifier = CrashNotifier(crashes, interactive=interactive, parent=app)

    if args.self_test:
        from commandcenter.ui.self_test import run_self_test

        collect_on_gui_thread()
        log.info("%s %s self-test", APP_NAME, __version__)
        status = run_self_test(app, cases=args.self_test_cases, report=say)
        crashes.uninstall()
        return status if not crashes.reports else EXIT_FAILED

    from commandcenter.ui.single_instance import SingleInstance, server_name

    guard = SingleInstance(server_name(db_url), parent=app)
    if not args.measure_startup and not guard.acquire():
        say("already running on this database: brought that window to the front")
        return EXIT_OK

    from commandcenter.ui.i18n import Translations
    from commandcenter.ui.icons import APP_ICON, icon
    from commandcenter.ui.startup import Startup, show_failure
    from commandcenter.ui.theme import Appearance

    app.setWindowIcon(icon(APP_ICON))
    translations = Translations(cache_dir=paths.data_dir / "translations")
    translations.install(language)
    appearance = Appearance(app)
    appearance.apply(settings.theme, settings.font_size)

    seed_cases = 0 if args.no_demo else settings.demo_cases_on_first_start
    # Nobody gets the window anonymously; the start-up measurement stops before a human would
    # type a password (it measures the program, not the operator).
    startup = Startup(db_url, settings, paths, translations, seed_cases, appearance=appearance,
                      sign_in=not args.measure_startup)
    started_at = process_started_at()

    stalls = StallWatch(app) if args.measure_startup else None

    def shell(window) -> None:
        guard.sig_activate.connect(window.bring_to_front)
        # reported once the event loop has come round (as the floor program reports)
        QTimer.singleShot(0, window_shown)

    def window_shown() -> None:
        say(f"window {time.time() - started_at:.2f} rss_mb={rss_mb():.0f}")
        if stalls is not None:
            stalls.start()

    def ready(window) -> None:
        window.sig_first_paint.connect(usable)
        # After the first page (slots run in connection order): pyqtgraph, which provides the
        # collector, is not a start-up import.
        window.sig_first_paint.connect(collect_on_gui_thread)

    def usable() -> None:
        seconds = time.time() - started_at
        if stalls is not None:
            say(f"stall {stalls.stop():.2f} longest wait of the window's event loop")
        say(f"usable {seconds:.2f} rss_mb={rss_mb():.0f}")
        if args.measure_startup:
            app.quit()

    def failed(message: str) -> None:
        log.error("start-up failed: %s", message)
        if interactive:
            show_failure(message, startup.window)
        app.exit(EXIT_FAILED)

    startup.sig_shell.connect(shell)
    startup.sig_ready.connect(ready)
    startup.sig_failed.connect(failed)
    startup.sig_cancelled.connect(lambda: app.exit(EXIT_OK))  # sign-in cancelled: just quit
    app.aboutToQuit.connect(startup.shutdown)
    app.aboutToQuit.connect(guard.release)
    startup.start()
    log.info("%s %s starting on %s", APP_NAME, __version__, settings_mod.describe_db_url(db_url))
    status = app.exec()
    del notifier
    return status


if __name__ == "__main__":
    sys.exit(main())
