"""The live change feed: "what changed since N", delivered to every view on the GUI thread.

Contracts
- `ChangeFeed(worker, ctx, interval_ms=1000, listen=None)` reads `CaseService.changed_since(seq)`
  through the serial `DbWorker`, at most one read in flight (a request arriving meanwhile is
  remembered and served right after). The store's change sequence is the truth (sequence
  numbers become visible in commit order), so nothing committed is ever skipped.
- Wake-ups: on PostgreSQL (``listen`` defaults to True there) a `NotifyListener` on its own
  thread and connection receives the NOTIFY each committed write sends and wakes the feed at
  once (a notification for a seq the feed already has is ignored); a safety poll still runs
  every ``safety_interval_ms``. After every (re)connection of the listener the feed resyncs,
  so changes made while disconnected arrive then. On SQLite the feed polls every
  ``interval_ms``.
- `start()` first reads the current sequence (views load their data, then follow from there;
  retried on the next poll if it fails); `reset(seq)` lets a view that just reloaded
  everything move the feed forward.
- Signals, all on the GUI thread: `sig_changed(ChangeBatch)` with the ids of the cases written
  since the previous batch (in sequence order) and the new `max_seq`; `sig_polled()` after every
  successful read (the database answered); `sig_failed(reason)` after a failed read (polling goes
  on); `sig_listener(connected, reason)` when the listener connects or loses its connection.
- `pause_timer()` / `resume_timer()` stop and restart the periodic poll (the `ConnectionMonitor`
  drives reads itself, with backoff, while the database is unreachable); `resync()` asks for a
  read now. `stop()` ends polling and the listener; the owner calls it before shutting the
  worker down.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal

from commandcenter.services.cases import CaseService
from commandcenter.ui.connection_listener import Backoff, NotifyListener
from commandcenter.ui.db_worker import DbWorker
from commandcenter.ui.errors import first_line

log = logging.getLogger(__name__)

SAFETY_INTERVAL_MS = 10_000


class ChangeFeed(QObject):
    sig_changed = Signal(object)  # services.dto.ChangeBatch
    sig_failed = Signal(str)  # a read failed (e.g. the database is unreachable)
    sig_polled = Signal()  # a read succeeded
    sig_listener = Signal(bool, str)  # the notification listener connected / lost its line
    # internal: listener thread -> GUI thread
    _sig_hint = Signal(object)
    _sig_state = Signal(bool, str)

    def __init__(self, worker: DbWorker, ctx: Any, interval_ms: int = 1000,
                 parent: QObject | None = None, *, listen: bool | None = None,
                 safety_interval_ms: int = SAFETY_INTERVAL_MS,
                 listener_backoff: Backoff | None = None) -> None:
        super().__init__(parent)
        self._worker = worker
        self._service = CaseService(ctx)
        self._seq: int | None = None
        self._in_flight = False
        self._again = False
        self._running = False
        if listen is None:
            listen = getattr(ctx, "dialect_name", "") == "postgresql"
        self._listener: NotifyListener | None = None
        if listen:
            self._listener = NotifyListener(ctx.url, self._sig_hint.emit, self._sig_state.emit,
                                            backoff=listener_backoff)
            self._sig_hint.connect(self._hinted, Qt.ConnectionType.QueuedConnection)
            self._sig_state.connect(self._listener_state, Qt.ConnectionType.QueuedConnection)
        self._timer = QTimer(self)
        self._timer.setInterval(max(interval_ms, safety_interval_ms) if listen else interval_ms)
        self._timer.timeout.connect(self.poll)

    # ------------------------------------------------------------------ API
    @property
    def seq(self) -> int | None:
        return self._seq

    @property
    def listening(self) -> bool:
        """True when this feed is woken by notifications (PostgreSQL)."""
        return self._listener is not None

    @property
    def listener_connected(self) -> bool:
        return self._listener is not None and self._listener.connected

    @property
    def listener(self) -> NotifyListener | None:
        return self._listener

    def start(self) -> None:
        self._running = True
        if self._seq is None and not self._in_flight:
            self._fetch_start()
        if self._listener is not None:
            self._listener.start()
        self._timer.start()

    def stop(self) -> None:
        self._running = False
        self._timer.stop()
        if self._listener is not None:
            self._listener.stop()

    def pause_timer(self) -> None:
        self._timer.stop()

    def resume_timer(self) -> None:
        if self._running:
            self._timer.start()

    def reset(self, seq: int) -> None:
        self._seq = max(seq, self._seq or 0)

    def resync(self) -> None:
        """Read "changed since N" now (or right after the read in flight)."""
        if self._in_flight:
            self._again = True
        else:
            self.poll()

    def poll(self) -> None:
        if self._in_flight or self._worker.is_shut_down:
            return
        if self._seq is None:
            self._fetch_start()
            return
        self._in_flight = True
        self._worker.submit(self._service.changed_since, self._seq, on_result=self._delivered,
                            on_error=self._failed)

    # ------------------------------------------------------------------ internals
    def _fetch_start(self) -> None:
        if self._worker.is_shut_down:
            return
        self._in_flight = True
        self._worker.submit(self._service.current_seq, on_result=self._started,
                            on_error=self._failed)

    def _started(self, seq: int) -> None:
        self._in_flight = False
        self.reset(seq)
        self.sig_polled.emit()
        self._follow_up()

    def _delivered(self, batch: Any) -> None:
        self._in_flight = False
        if batch.max_seq > (self._seq or 0):
            self._seq = batch.max_seq
            if batch.case_ids:
                self.sig_changed.emit(batch)
        self.sig_polled.emit()
        self._follow_up()

    def _failed(self, exc: BaseException) -> None:
        self._in_flight = False
        self._again = False
        reason = first_line(exc)
        log.warning("change feed read failed: %s", reason)
        self.sig_failed.emit(reason)

    def _follow_up(self) -> None:
        if self._again and self._running:
            self._again = False
            self.poll()

    def _hinted(self, seq: int | None) -> None:
        if not self._running:
            return
        if seq is not None and self._seq is not None and seq <= self._seq:
            return  # already seen (our own resync got there first)
        self.resync()

    def _listener_state(self, connected: bool, reason: str) -> None:
        if not self._running:
            return
        self.sig_listener.emit(connected, reason)
        if connected:
            self.resync()  # notifications sent while we were away are lost: catch up

