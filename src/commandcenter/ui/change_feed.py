"""The live change feed: polls "what changed since N" and tells every view on the GUI thread.

Contracts
- `ChangeFeed(worker, ctx, interval_ms=1000)` polls `CaseService.changed_since(seq)` through the
  serial `DbWorker`, at most one poll in flight; the store's change sequence is the truth
  (sequence numbers become visible in commit order), so nothing committed is ever skipped.
- `start()` first reads the current sequence (views load their data, then follow from there);
  `reset(seq)` lets a view that just reloaded everything move the feed forward.
- `sig_changed(ChangeBatch)` is emitted on the GUI thread with the ids of the cases written since
  the previous batch (in sequence order) and the new `max_seq`. Views update those rows in place.
- `stop()` ends polling; the owner calls it before shutting the worker down.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from commandcenter.services.cases import CaseService
from commandcenter.ui.db_worker import DbWorker

log = logging.getLogger(__name__)


class ChangeFeed(QObject):
    sig_changed = Signal(object)  # services.dto.ChangeBatch
    sig_failed = Signal(str)  # a poll failed (e.g. the database is unreachable); polling goes on

    def __init__(self, worker: DbWorker, ctx: Any, interval_ms: int = 1000,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._worker = worker
        self._service = CaseService(ctx)
        self._seq: int | None = None
        self._in_flight = False
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.poll)

    @property
    def seq(self) -> int | None:
        return self._seq

    def start(self) -> None:
        if self._seq is None:
            self._in_flight = True
            self._worker.submit(self._service.current_seq, on_result=self._started,
                                on_error=self._failed)
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    def reset(self, seq: int) -> None:
        self._seq = max(seq, self._seq or 0)

    def poll(self) -> None:
        if self._in_flight or self._seq is None or self._worker.is_shut_down:
            return
        self._in_flight = True
        self._worker.submit(self._service.changed_since, self._seq, on_result=self._delivered,
                            on_error=self._failed)

    def _started(self, seq: int) -> None:
        self._in_flight = False
        self.reset(seq)

    def _delivered(self, batch: Any) -> None:
        self._in_flight = False
        if batch.max_seq > (self._seq or 0):
            self._seq = batch.max_seq
            if batch.case_ids:
                self.sig_changed.emit(batch)

    def _failed(self, exc: BaseException) -> None:
        self._in_flight = False
        log.warning("change feed poll failed: %s", exc)
        self.sig_failed.emit(str(exc))
