"""A banner across the top of the window while the database connection is lost.

Contracts
- `ConnectionBanner(monitor, parent)` is hidden while `monitor.is_online`; when the monitor goes
  offline it shows, in the current language, that the connection is lost (with the reason),
  that the window is read-only until it is back (actions are refused, nothing is queued), and
  when the next automatic attempt comes. "Retry now" calls `monitor.retry_now()`. It hides as
  soon as the monitor is online again.
- `retranslate_ui()` answers a language change; `message()` is the text shown (tests).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from commandcenter.ui.connection import ConnectionMonitor


class ConnectionBanner(QFrame):
    def __init__(self, monitor: ConnectionMonitor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("connection_banner")
        self._monitor = monitor
        self._attempt = 0
        self._delay = 0.0
        # A strong colour an operator notices from across the room, readable text on it.
        self.setStyleSheet(
            "#connection_banner { background: #b3261e; border-bottom: 2px solid #7a1712; }"
            "#connection_banner QLabel { color: white; font-weight: bold; }"
        )
        self._label = QLabel(self)
        self._label.setWordWrap(True)
        self._retry = QPushButton(self)
        self._retry.clicked.connect(monitor.retry_now)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 6, 12, 6)
        layout.addWidget(self._label, 1)
        layout.addWidget(self._retry)
        monitor.sig_offline.connect(self._offline)
        monitor.sig_online.connect(self.hide)
        monitor.sig_retrying.connect(self._retrying)
        self.retranslate_ui()
        self.setVisible(not monitor.is_online)

    def message(self) -> str:
        return self._label.text()

    def retranslate_ui(self) -> None:
        self._retry.setText(self.tr("Retry now"))
        self._update_text()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    # ------------------------------------------------------------------ internals
    def _offline(self, _reason: str) -> None:
        self._update_text()
        self.show()

    def _retrying(self, attempt: int, delay: float) -> None:
        self._attempt, self._delay = attempt, delay
        self._update_text()

    def _update_text(self) -> None:
        lines = [
            self.tr("Database connection lost. The window is read-only: actions are refused "
                    "until the connection is back (nothing is queued)."),
        ]
        if self._monitor.reason:
            lines.append(self.tr("Reason: %1").replace("%1", self._monitor.reason))
        if self._attempt:
            lines.append(self.tr("Reconnecting automatically (attempt %1, in %2 s)…")
                         .replace("%1", str(self._attempt))
                         .replace("%2", f"{self._delay:.0f}" if self._delay >= 1 else
                                  f"{self._delay:.1f}"))
        self._label.setText("\n".join(lines))
