"""LISTEN for the store's change notifications on a connection and thread of its own.

Contracts
- `NotifyListener(url, on_notify, on_state)` runs one daemon thread holding one psycopg
  connection (autocommit) that LISTENs on ``store.dialect.NOTIFY_CHANNEL``. It never touches the
  serial `DbWorker` or the application's connection pool, so a long database task does not
  delay the wake-up and a wedged pool does not silence it.
- ``on_notify(seq)`` is called on the listener thread for every notification (``seq`` = the
  committed change sequence, ``None`` if the payload is not a number). It is a hint: receivers
  resync "changed since N" from the store, which stays the truth.
- ``on_state(connected, reason)`` is called on the listener thread whenever the connection comes
  up (``True, ""``) or is lost or cannot be made (``False, reason``; repeated on each failed
  attempt). After a loss the thread reconnects by itself, waiting `Backoff` delays in between.
  Receivers resync after every ``connected`` (notifications sent while disconnected are lost).
- An idle connection is checked every ``check_s`` seconds (``SELECT 1``) besides TCP
  keepalives, so a silently dropped server is noticed within seconds.
- `stop()` ends the thread (it notices within ``poll_s``) and waits for it; callbacks may still
  run until `stop()` returns, never after.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from commandcenter.store import dialect
from commandcenter.ui.errors import first_line

if TYPE_CHECKING:  # psycopg is imported when a PostgreSQL listener starts (not for SQLite)
    import psycopg

log = logging.getLogger(__name__)


class Backoff:
    """Reconnect delays: ``first`` seconds, doubling up to ``cap``; `reset` after a success."""

    def __init__(self, first: float = 0.5, cap: float = 15.0) -> None:
        self.first = first
        self.cap = cap
        self.attempt = 0

    def next_delay(self) -> float:
        delay = min(self.cap, self.first * (2 ** self.attempt))
        self.attempt += 1
        return delay

    def reset(self) -> None:
        self.attempt = 0


class NotifyListener:
    def __init__(
        self,
        url: str,
        on_notify: Callable[[int | None], None],
        on_state: Callable[[bool, str], None],
        *,
        channel: str = dialect.NOTIFY_CHANNEL,
        backoff: Backoff | None = None,
        poll_s: float = 0.2,
        check_s: float = 5.0,
    ) -> None:
        self._conninfo = dialect.libpq_conninfo(url)
        self._on_notify = on_notify
        self._on_state = on_state
        self._channel = channel
        self.backoff = backoff or Backoff()
        self._poll_s = poll_s
        self._check_s = check_s
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._conn: psycopg.Connection | None = None
        self.connected = False

    # ------------------------------------------------------------------ API
    def start(self) -> None:
        if self._thread is not None:
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="cc-notify-listener", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        self._stop.set()
        thread, self._thread = self._thread, None
        if thread is not None:
            thread.join(timeout)
            if thread.is_alive():  # pragma: no cover - a connect stuck beyond its timeout
                log.warning("the notification listener did not stop within %.0f s", timeout)

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def backend_pid(self) -> int | None:
        """The server process of the listening connection (tests use it to cut the line)."""
        conn = self._conn
        return conn.info.backend_pid if conn is not None and not conn.closed else None

    # ------------------------------------------------------------------ thread
    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self._listen_once()
            except Exception as exc:  # any failure means: not connected, try again later
                reason = first_line(exc)
                if self._stop.is_set():
                    break
                log.warning("change notifications lost: %s", reason)
                self._set_state(False, reason)
                self._stop.wait(self.backoff.next_delay())

    def _listen_once(self) -> None:
        import psycopg

        conn = psycopg.connect(
            self._conninfo, autocommit=True, connect_timeout=dialect.PG_CONNECT_TIMEOUT_S,
            **dialect.PG_KEEPALIVES,
        )
        self._conn = conn
        try:
            conn.execute(f'LISTEN "{self._channel}"')
            self.backoff.reset()
            self._set_state(True, "")
            last_check = time.monotonic()
            while not self._stop.is_set():
                got = False
                for note in conn.notifies(timeout=self._poll_s, stop_after=1):
                    got = True
                    self._deliver(note.payload)
                now = time.monotonic()
                if got:
                    last_check = now
                elif now - last_check >= self._check_s:
                    conn.execute("SELECT 1")  # a dead server raises here
                    last_check = now
        finally:
            self._conn = None
            conn.close()

    def _deliver(self, payload: str) -> None:
        try:
            seq: int | None = int(payload)
        except ValueError:
            seq = None
        try:
            self._on_notify(seq)
        except Exception:  # a receiver's bug must not kill the listener
            log.exception("change notification receiver failed")

    def _set_state(self, connected: bool, reason: str) -> None:
        self.connected = connected
        try:
            self._on_state(connected, reason)
        except Exception:
            log.exception("connection state receiver failed")
