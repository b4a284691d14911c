"""The one serial database worker: every DB call of the GUI runs here, never on the UI thread.

Contracts
- `DbWorker.submit(fn, *args, on_result=, on_error=, on_progress=, **kwargs) -> Task` queues
  `fn(*args, **kwargs)` on a private QThreadPool with one thread, so tasks run one at a time in
  submission order (SQLite has one writer anyway; Anki's max_workers=1 executor).
- `fn` is a plain function that never touches a widget. With `with_progress=True` it also gets a
  `progress(done, total, stage)` keyword argument (the `build_demo` signature); calling it
  raises `Cancelled` once the task was cancelled, which ends the task quietly.
- Callbacks run on the GUI thread: the pool thread emits `sig_delivered` of this object, which
  lives on the GUI thread, through an explicit queued connection (STYLE.md habit 10).
- `shutdown()` drops queued tasks, cancels the running one and waits for it; after that nothing
  is delivered. Owners call it before closing the AppContext.
"""

from __future__ import annotations

import itertools
import logging
import threading
import weakref
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal, Slot

log = logging.getLogger(__name__)

_LIVE: weakref.WeakSet[DbWorker] = weakref.WeakSet()


class Cancelled(Exception):
    """Raised inside a task by its progress function once the task was cancelled."""


def live_workers() -> list[DbWorker]:
    """Workers not yet shut down (the test suite fails a test that leaves one running)."""
    return [w for w in list(_LIVE) if not w.is_shut_down]


@dataclass
class Task:
    """Handle of a submitted task: cancel it, or ask whether it finished."""

    id: int
    name: str
    cancel_event: threading.Event = field(default_factory=threading.Event)
    done: bool = False

    def cancel(self) -> None:
        self.cancel_event.set()

    @property
    def cancelled(self) -> bool:
        return self.cancel_event.is_set()


@dataclass
class _Callbacks:
    on_result: Callable[[Any], None] | None
    on_error: Callable[[BaseException], None] | None
    on_progress: Callable[[int, int, str], None] | None


class _Runnable(QRunnable):
    def __init__(self, worker: DbWorker, task: Task, call: Callable[[], Any]) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self._worker = worker
        self._task = task
        self._call = call

    def run(self) -> None:  # runs on the pool thread
        task = self._task
        if task.cancelled:
            self._worker.sig_delivered.emit(task.id, "cancelled", None)
            return
        try:
            result = self._call()
        except Cancelled:
            self._worker.sig_delivered.emit(task.id, "cancelled", None)
        except BaseException as exc:  # delivered to on_error; a worker thread must not die
            log.exception("database task %s failed", task.name)
            self._worker.sig_delivered.emit(task.id, "error", exc)
        else:
            self._worker.sig_delivered.emit(task.id, "result", result)


class DbWorker(QObject):
    """A serial task queue with GUI-thread delivery. Create and use it on the GUI thread."""

    # (task id, kind: "result" | "error" | "cancelled" | "progress", payload)
    sig_delivered = Signal(int, str, object)
    sig_busy_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._pool.setExpiryTimeout(-1)  # keep the one thread: no re-creation per task
        self._ids = itertools.count(1)
        self._pending: dict[int, tuple[Task, _Callbacks]] = {}
        self._shut_down = False
        self.sig_delivered.connect(self._deliver, Qt.ConnectionType.QueuedConnection)
        _LIVE.add(self)

    # ------------------------------------------------------------------ API
    @property
    def is_shut_down(self) -> bool:
        return self._shut_down

    @property
    def pending_count(self) -> int:
        """Tasks submitted whose outcome was not yet delivered."""
        return len(self._pending)

    def submit(
        self,
        fn: Callable[..., Any],
        *args: Any,
        on_result: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        on_progress: Callable[[int, int, str], None] | None = None,
        with_progress: bool = False,
        **kwargs: Any,
    ) -> Task:
        if self._shut_down:
            raise RuntimeError("the database worker was shut down")
        task = Task(next(self._ids), getattr(fn, "__qualname__", repr(fn)))
        if with_progress:
            kwargs["progress"] = self._progress_fn(task)
        self._pending[task.id] = (task, _Callbacks(on_result, on_error, on_progress))
        was_idle = len(self._pending) == 1
        self._pool.start(_Runnable(self, task, lambda: fn(*args, **kwargs)))
        if was_idle:
            self.sig_busy_changed.emit(True)
        return task

    def wait_idle(self, msecs: int = -1) -> bool:
        """Block until the pool thread is idle (tests, shutdown). Deliveries still need events."""
        return self._pool.waitForDone(msecs)

    def shutdown(self, msecs: int = 30000) -> bool:
        """Drop queued tasks, cancel the running one, wait for it; True if it finished in time."""
        if self._shut_down:
            return True
        self._shut_down = True
        self._pool.clear()
        for task, _ in self._pending.values():
            task.cancel()
        finished = self._pool.waitForDone(msecs)
        if not finished:
            log.warning("a database task did not finish within %d ms of shutdown", msecs)
        self._pending.clear()
        return finished

    # ------------------------------------------------------------------ internals
    def _progress_fn(self, task: Task) -> Callable[[int, int, str], None]:
        def progress(done: int, total: int, stage: str = "") -> None:
            if task.cancelled:
                raise Cancelled(task.name)
            self.sig_delivered.emit(task.id, "progress", (int(done), int(total), str(stage)))

        return progress

    @Slot(int, str, object)
    def _deliver(self, task_id: int, kind: str, payload: Any) -> None:
        entry = self._pending.get(task_id)
        if entry is None:  # shut down meanwhile, or already finished
            return
        task, cb = entry
        if kind == "progress":
            if cb.on_progress is not None and not task.cancelled:
                cb.on_progress(*payload)
            return
        del self._pending[task_id]
        task.done = True
        if not self._pending:
            self.sig_busy_changed.emit(False)
        if kind == "result" and cb.on_result is not None:
            cb.on_result(payload)
        elif kind == "error":
            if cb.on_error is not None:
                cb.on_error(payload)
            else:
                log.error("unhandled error in database task %s: %s", task.name, payload)
