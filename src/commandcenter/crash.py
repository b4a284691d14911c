"""Crash reports: what went wrong, in which versions, with no personal data; and where it is.

Contracts
- `write_report(exc_info, report_dir, db_url=..., where=...)` writes one UTF-8 text file
  `crash-<local time>-<pid>.txt` in `report_dir` and returns its path: the program and library
  versions (Python, Qt, PySide6, SQLAlchemy, ...), the platform, the thread, the traceback. It
  never holds database contents or local variables, and it is scrubbed (`scrub`): passwords in
  URLs, SQLAlchemy's "[parameters: ...]" blocks (row values), phone and ID numbers (as
  `domain.pii.scrub_text` masks them in the logs) and the user's home folder are masked. The database is named by `mask_url(db_url)`.
- `CrashHandler(report_dir, db_url, notify)`: `install()` sets `sys.excepthook` and
  `threading.excepthook`; each unhandled exception is logged, written as a report, and
  `notify(path)` is called (the GUI shows a message box; it may be called from any thread, so
  the GUI's notify must hop to the GUI thread itself). KeyboardInterrupt and SystemExit are passed
  to the previous hooks. `uninstall()` restores them. `install(native=True)` also enables
  `faulthandler` into `<report_dir>/native-crashes.txt`, so a crash inside Qt or another C
  library (no Python exception) still leaves the Python stacks of every thread behind. A failure while reporting is logged and
  swallowed: the handler must never raise.
- Imports no Qt (it reads Qt's version only if Qt is already loaded); ui/crash_notice.py adds
  the Qt message handler and the message box.
"""

from __future__ import annotations

import faulthandler
import logging
import os
import platform
import re
import sys
import threading
import traceback
from collections.abc import Callable
from datetime import datetime
from importlib import metadata
from pathlib import Path
from types import TracebackType
from typing import Any

from commandcenter import APP_NAME, __version__
from commandcenter.domain.pii import scrub_text

log = logging.getLogger(__name__)

NATIVE_FILE = "native-crashes.txt"
ExcInfo = tuple[type[BaseException], BaseException, TracebackType | None]
LIBRARIES = ("PySide6-Essentials", "pyqtgraph", "SQLAlchemy", "alembic", "numpy", "pandas",
             "shapely", "psycopg", "platformdirs")

_URL_PASSWORD = re.compile(r"(\b[a-zA-Z][\w+.-]*://[^:/@\s]*:)[^@\s]*@")
_SQL_PARAMETERS = re.compile(r"\[parameters: .*?\](?=\s*(?:\n|\(Background|$))", re.DOTALL)


def mask_url(url: str) -> str:
    """A database URL fit for a report: the password replaced by ***, the home folder by ~."""
    return scrub(url)


def scrub(text: str) -> str:
    """Mask what could identify a person or open a database (see the module contract)."""
    text = _URL_PASSWORD.sub(r"\1***@", text)
    text = _SQL_PARAMETERS.sub("[parameters: (masked)]", text)
    text = scrub_text(text)  # phones and ID numbers: the same masks as the log files
    home = str(Path.home())
    if len(home) > 1:
        text = text.replace(home, "~")
    return text


def versions() -> dict[str, str]:
    """Program, interpreter, platform and library versions (never fails)."""
    out = {APP_NAME: __version__, "Python": sys.version.split()[0],
           "platform": platform.platform(), "frozen": str(bool(getattr(sys, "frozen", False)))}
    qtcore = sys.modules.get("PySide6.QtCore")
    if qtcore is not None:
        out["Qt"] = qtcore.qVersion()
    for name in LIBRARIES:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            continue
        except Exception:  # a broken installation must not stop the report
            continue
    return out


def report_text(exc_info: ExcInfo | None, *, db_url: str = "", where: str = "",
                message: str = "") -> str:
    lines = [f"{APP_NAME} crash report", f"time: {datetime.now().isoformat(timespec='seconds')}",
             f"thread: {where or threading.current_thread().name}"]
    lines += [f"{k}: {v}" for k, v in versions().items()]
    if db_url:
        lines.append(f"database: {mask_url(db_url)}")
    if message:
        lines += ["", "message:", message]
    if exc_info is not None:
        lines += ["", "traceback:",
                  "".join(traceback.format_exception(*exc_info)).rstrip()]
    else:
        lines += ["", "stack:", "".join(traceback.format_stack()[:-1]).rstrip()]
    return scrub("\n".join(lines)) + "\n"


def write_report(exc_info: ExcInfo | None, report_dir: Path, *, db_url: str = "",
                 where: str = "", message: str = "") -> Path:
    """Write a report and return its path (raises OSError if the folder cannot be written)."""
    report_dir.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    path = report_dir / f"crash-{stamp}-{os.getpid()}.txt"
    n = 1
    while path.exists():
        n += 1
        path = report_dir / f"crash-{stamp}-{os.getpid()}-{n}.txt"
    path.write_text(report_text(exc_info, db_url=db_url, where=where, message=message),
                    encoding="utf-8")
    return path


class CrashHandler:
    """Installs itself as the process's last resort for unhandled exceptions."""

    def __init__(self, report_dir: Path, db_url: str = "",
                 notify: Callable[[Path], None] | None = None) -> None:
        self.report_dir = report_dir
        self.db_url = db_url
        self.notify = notify
        self.reports: list[Path] = []
        self._previous: tuple | None = None
        self._native: Any = None

    def install(self, native: bool = False) -> CrashHandler:
        if self._previous is None:
            self._previous = (sys.excepthook, threading.excepthook)
            sys.excepthook = self._sys_hook
            threading.excepthook = self._thread_hook
        if native and self._native is None:
            try:
                self.report_dir.mkdir(parents=True, exist_ok=True)
                self._native = open(self.report_dir / NATIVE_FILE, "a", encoding="utf-8")  # noqa: SIM115
                faulthandler.enable(self._native, all_threads=True)
            except OSError as exc:
                log.warning("native crash log unavailable: %s", exc)
        return self

    def uninstall(self) -> None:
        if self._previous is not None:
            sys.excepthook, threading.excepthook = self._previous
            self._previous = None
        if self._native is not None:
            faulthandler.disable()
            self._native.close()
            self._native = None

    def handle(self, exc_info: ExcInfo | None, where: str = "",
               message: str = "") -> Path | None:
        """Log, write a report, notify; returns the report's path (None if it failed)."""
        try:
            log.critical("unhandled exception in %s", where or "the main thread",
                         exc_info=exc_info)
            path = write_report(exc_info, self.report_dir, db_url=self.db_url, where=where,
                                message=message)
            self.reports.append(path)
            log.critical("crash report written to %s", path)
        except Exception:
            log.exception("could not write a crash report")
            return None
        if self.notify is not None:
            try:
                self.notify(path)
            except Exception:
                log.exception("could not tell the user about the crash report")
        return path

    def _sys_hook(self, exc_type, exc, tb) -> None:
        if issubclass(exc_type, (KeyboardInterrupt, SystemExit)) and self._previous:
            self._previous[0](exc_type, exc, tb)
            return
        self.handle((exc_type, exc, tb), where="main thread")

    def _thread_hook(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_type is SystemExit:
            return
        name = args.thread.name if args.thread is not None else "a thread"
        self.handle((args.exc_type, args.exc_value, args.exc_traceback), where=name)  # type: ignore[arg-type]
