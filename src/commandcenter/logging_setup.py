"""Process-wide logging for the desktop program: rotating files in the per-user log dir.

Contracts
- `setup_logging(log_dir)` installs, on the root logger, a `RotatingFileHandler` writing
  `<log_dir>/commandcenter.log` (UTF-8, `MAX_BYTES` per file, `BACKUPS` old files kept), and a
  stderr handler only when the process has a usable stderr: a windowed (no console) build has
  `sys.stderr is None` and must never write to it. Returns the log file's path, or None when the
  log dir cannot be written (a read-only profile must not stop the program).
- Every handler installed here carries `domain.pii.PiiLogFilter`: phones and ID numbers in a
  message, its arguments or its traceback are masked before anything is written (README: "Log
  files mask phone and ID numbers"). On the handlers, not the root logger: a logger's filters
  do not see records propagated from child loggers.
- Idempotent: handlers it installed before are replaced, not duplicated (tests and the self-test
  call it several times in one process).
- Imports no Qt: the CLI may use it too.
"""

from __future__ import annotations

import logging
import logging.handlers
import sys
from pathlib import Path

from commandcenter import APP_NAME
from commandcenter.domain.pii import PiiLogFilter

LOG_FILE = f"{APP_NAME}.log"
MAX_BYTES = 2_000_000
BACKUPS = 5
FORMAT = "%(asctime)s %(levelname)s %(threadName)s %(name)s: %(message)s"
_MARK = "_commandcenter_handler"  # attribute set on the handlers installed here


def has_console_stream(stream: object) -> bool:
    """True when `stream` can be written to (not None, not closed, has write)."""
    return stream is not None and hasattr(stream, "write") and not getattr(stream, "closed", False)


def setup_logging(log_dir: Path, level: int = logging.INFO,
                  stream: object | None = ...,  # type: ignore[assignment]
                  stream_level: int = logging.WARNING) -> Path | None:
    """Log to a rotating file in `log_dir` (and warnings to `stream`, default sys.stderr, if
    usable: the console of the debug build shows problems, the file has everything)."""
    root = logging.getLogger()
    root.setLevel(level)
    for handler in [h for h in root.handlers if getattr(h, _MARK, False)]:
        root.removeHandler(handler)
        handler.close()
    fmt = logging.Formatter(FORMAT)
    log_file: Path | None = None
    try:
        log_dir.mkdir(parents=True, exist_ok=True)
        log_file = log_dir / LOG_FILE
        file_handler = logging.handlers.RotatingFileHandler(
            log_file, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8", delay=True)
        _install(root, file_handler, fmt)
    except OSError:
        log_file = None
    if stream is ...:
        stream = sys.stderr
    if has_console_stream(stream):
        console = logging.StreamHandler(stream)  # type: ignore[arg-type]
        console.setLevel(stream_level)
        _install(root, console, fmt)
    logging.captureWarnings(True)
    return log_file


def _install(root: logging.Logger, handler: logging.Handler, fmt: logging.Formatter) -> None:
    handler.setFormatter(fmt)
    handler.addFilter(PiiLogFilter())
    setattr(handler, _MARK, True)
    root.addHandler(handler)
