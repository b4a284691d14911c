"""The Qt half of crash handling: Qt's own messages, and telling the user where the report is.

Contracts
- `CrashNotifier(handler)` lives on the GUI thread; `handler.notify` is set to its `notify(path)`,
  which may be called from any thread: a queued signal brings it to the GUI thread, where a
  warning box names the report file (once per report; never while another box is open; never
  when there is no QApplication or the platform is offscreen and `interactive` is false).
- `install_qt_message_handler(handler)`: Qt's debug/warning/critical messages go to the log;
  a fatal one first writes a crash report (with the Python stack) because Qt aborts right after.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import (
    QCoreApplication,
    QObject,
    QtMsgType,
    Signal,
    qInstallMessageHandler,
)
from PySide6.QtWidgets import QApplication, QMessageBox

from commandcenter.crash import CrashHandler

log = logging.getLogger("qt")

_LEVELS = {
    QtMsgType.QtDebugMsg: logging.DEBUG,
    QtMsgType.QtInfoMsg: logging.INFO,
    QtMsgType.QtWarningMsg: logging.WARNING,
    QtMsgType.QtCriticalMsg: logging.ERROR,
    QtMsgType.QtFatalMsg: logging.CRITICAL,
}

# Qt warnings that say nothing about our program (the offscreen platform's limits).
_NOISE = ("propagateSizeHints",)


class CrashNotifier(QObject):
    sig_report = Signal(str)  # a report's path; queued to the GUI thread

    def __init__(self, handler: CrashHandler, interactive: bool = True,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.handler = handler
        self.interactive = interactive
        self.shown: list[str] = []
        self._box_open = False
        self.sig_report.connect(self._show)
        handler.notify = self.notify

    def notify(self, path: Path) -> None:
        self.sig_report.emit(str(path))

    def _show(self, path: str) -> None:
        self.shown.append(path)
        if not self.interactive or self._box_open or QApplication.instance() is None:
            return
        self._box_open = True
        try:
            QMessageBox.warning(
                QApplication.activeWindow(),
                QCoreApplication.translate("CrashNotice", "Unexpected error"),
                QCoreApplication.translate(
                    "CrashNotice",
                    "Something went wrong inside the program. Your work in the database is safe; "
                    "the action that failed was not carried out.\n\nA report for support was "
                    "written to:\n{path}\n\nIt holds no case data. If the problem returns, "
                    "restart the program and send this file to your administrator.")
                .format(path=path))
        finally:
            self._box_open = False


def install_qt_message_handler(handler: CrashHandler) -> None:
    def on_message(kind: QtMsgType, context, message: str) -> None:
        level = _LEVELS.get(kind, logging.WARNING)
        if level == logging.WARNING and any(m in message for m in _NOISE):
            level = logging.DEBUG
        log.log(level, "%s", message)
        if kind == QtMsgType.QtFatalMsg:
            handler.handle(None, where="Qt", message=message)

    qInstallMessageHandler(on_message)
