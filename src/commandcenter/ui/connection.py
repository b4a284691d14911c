"""Is the database reachable? Watches the change feed, says so, and reconnects with backoff.

Contracts
- `ConnectionMonitor(feed)` starts online. It goes offline (emits `sig_offline(reason)` once
  per loss) when a read of the feed fails or, on PostgreSQL, when the notification listener
  loses its connection. It comes back online (emits `sig_online()`) when a read succeeds again
  and, on PostgreSQL, the listener is connected again. That read is the feed's resync, so the
  views receive every change committed while the line was down before anyone can act again.
- While offline it pauses the feed's periodic poll and itself asks the feed for a read after
  `Backoff` delays (0.5 s doubling up to 15 s); `sig_retrying(attempt, delay_s)` announces each
  wait. `retry_now()` tries at once (the banner's button). The PostgreSQL listener reconnects on
  its own thread with the same kind of backoff; its reconnection triggers the resync.
- `is_online`, `reason` and `offline_since` (monotonic seconds) describe the current state.
  Pages refuse actions while offline: the main window passes `sig_offline`/`sig_online` on to
  their `set_read_only(on, reason)`.
"""

from __future__ import annotations

import logging
import time

from PySide6.QtCore import QObject, QTimer, Signal

from commandcenter.ui.change_feed import ChangeFeed
from commandcenter.ui.connection_listener import Backoff

log = logging.getLogger(__name__)


class ConnectionMonitor(QObject):
    sig_offline = Signal(str)
    sig_online = Signal()
    sig_retrying = Signal(int, float)  # attempt number, seconds until it

    def __init__(self, feed: ChangeFeed, *, backoff: Backoff | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent if parent is not None else feed)
        self._feed = feed
        self.backoff = backoff or Backoff()
        self._online = True
        self._reason = ""
        self._since: float | None = None
        self._attempts = 0
        self._retry = QTimer(self)
        self._retry.setSingleShot(True)
        self._retry.timeout.connect(self._attempt)
        feed.sig_failed.connect(self._lost)
        feed.sig_polled.connect(self._answered)
        feed.sig_listener.connect(self._listener_changed)

    # ------------------------------------------------------------------ state
    @property
    def is_online(self) -> bool:
        return self._online

    @property
    def reason(self) -> str:
        return self._reason

    @property
    def offline_since(self) -> float | None:
        return self._since

    @property
    def attempts(self) -> int:
        return self._attempts

    def retry_now(self) -> None:
        if self._online:
            return
        self._retry.stop()
        self._attempt()

    def stop(self) -> None:
        """Stop retrying (the owner is shutting down)."""
        self._retry.stop()

    # ------------------------------------------------------------------ inputs
    def _lost(self, reason: str) -> None:
        self._reason = reason or self._reason
        if self._online:
            self._online = False
            self._since = time.monotonic()
            self._attempts = 0
            self.backoff.reset()
            self._feed.pause_timer()
            log.warning("database connection lost: %s", reason)
            self.sig_offline.emit(self._reason)
        self._schedule()

    def _answered(self) -> None:
        if self._online:
            return
        if self._feed.listening and not self._feed.listener_connected:
            self._schedule()  # the server answers, but live updates are not back yet
            return
        self._online = True
        self._since = None
        self._reason = ""
        self._retry.stop()
        self.backoff.reset()
        self._feed.resume_timer()
        log.info("database connection back after %d attempts", self._attempts)
        self.sig_online.emit()

    def _listener_changed(self, connected: bool, reason: str) -> None:
        if not connected:
            self._lost(reason)
        # connected: the feed resyncs by itself; its successful read brings us online

    # ------------------------------------------------------------------ retries
    def _schedule(self) -> None:
        if self._online or self._retry.isActive():
            return
        delay = self.backoff.next_delay()
        self._retry.start(int(delay * 1000))
        self.sig_retrying.emit(self._attempts + 1, delay)

    def _attempt(self) -> None:
        if self._online:
            return
        self._attempts += 1
        self._feed.resync()
