"""GUI entry point (`commandcenter`): QApplication bootstrap only.

Parses `--db URL`, `--lang zh_CN|en` and `--no-demo` (other arguments go to Qt), sets up logging
(a file in the log dir; stderr only when the process has one: windowed builds do not), creates
the application with its translators, and hands over to `ui.startup.Startup`, which opens the
store on the DB worker, seeds the demo on first start and shows the main window.
"""

from __future__ import annotations

import argparse
import logging
import logging.handlers
import sys
from collections.abc import Sequence

from commandcenter import APP_NAME, __version__
from commandcenter import settings as settings_mod

log = logging.getLogger(__name__)

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def parse_args(argv: Sequence[str]) -> tuple[argparse.Namespace, list[str]]:
    parser = argparse.ArgumentParser(prog=APP_NAME, description="指挥调度一中心 command centre")
    parser.add_argument("--db", metavar="URL", help="database URL (overrides every other setting)")
    parser.add_argument("--lang", choices=settings_mod.LANGUAGES, help="user interface language")
    parser.add_argument("--no-demo", action="store_true",
                        help="do not build the demo district on first start")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    return parser.parse_known_args(list(argv))


def setup_logging(paths: settings_mod.AppPaths) -> None:
    """Log to a rotating file in the log dir, and to stderr when there is one."""
    root = logging.getLogger()
    root.setLevel(logging.INFO)
    fmt = logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
    try:
        paths.ensure()
        file_handler = logging.handlers.RotatingFileHandler(
            paths.log_dir / f"{APP_NAME}.log", maxBytes=2_000_000, backupCount=3, encoding="utf-8")
        file_handler.setFormatter(fmt)
        root.addHandler(file_handler)
    except OSError:
        pass  # a read-only profile must not stop the application
    if sys.stderr is not None:  # None in windowed (no console) builds
        stream = logging.StreamHandler(sys.stderr)
        stream.setFormatter(fmt)
        root.addHandler(stream)

    def log_unhandled(exc_type, exc, tb) -> None:  # an exception escaping a Qt slot
        log.critical("unhandled exception", exc_info=(exc_type, exc, tb))

    sys.excepthook = log_unhandled


def main(argv: Sequence[str] | None = None) -> int:
    args, qt_args = parse_args(sys.argv[1:] if argv is None else argv)
    paths = settings_mod.app_paths()
    setup_logging(paths)
    settings = settings_mod.load(paths)
    if not paths.settings_file.exists():
        try:  # write the defaults once, so there is a file to read and edit
            settings_mod.save(settings, paths)
        except OSError as exc:
            log.warning("cannot write %s: %s", paths.settings_file, exc)
    db_url = settings_mod.resolve_db_url(settings, paths, args.db)
    language = args.lang or settings.language

    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtWidgets import QApplication

    from commandcenter.ui.i18n import Translations
    from commandcenter.ui.icons import APP_ICON, icon
    from commandcenter.ui.startup import Startup, show_failure

    # Qt 6 scales by the screen's factor; pass fractional factors (125 %, 150 %) through unrounded.
    QGuiApplication.setHighDpiScaleFactorRoundingPolicy(
        Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
    app = QApplication([sys.argv[0] if sys.argv else APP_NAME, *qt_args])
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setOrganizationName(APP_NAME)
    app.setWindowIcon(icon(APP_ICON))

    translations = Translations(cache_dir=paths.data_dir / "translations")
    translations.install(language)

    seed_cases = 0 if args.no_demo else settings.demo_cases_on_first_start
    startup = Startup(db_url, settings, paths, translations, seed_cases)

    def failed(message: str) -> None:
        log.error("start-up failed: %s", message)
        show_failure(message)
        app.exit(EXIT_FAILED)

    startup.sig_failed.connect(failed)
    app.aboutToQuit.connect(startup.shutdown)
    startup.start()
    log.info("%s %s starting on %s", APP_NAME, __version__, settings_mod.describe_db_url(db_url))
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
