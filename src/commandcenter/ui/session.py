"""The shell's session wiring: who is signed in, whether the database is reachable, and the
personal-information entry points (issues 7 and 8). The main window builds one `Session`.

Contracts
- Connection (issue 7): a `ConnectionMonitor` follows the window's change feed; while the
  database is unreachable a red `ConnectionBanner` sits above the board and every page that has
  actions is read-only (`set_read_only(True, reason)`), and nothing is queued; when the monitor
  has resynced, the pages are writable again. `Session.container` is the central widget: the
  banner above the board.
- Signed-in principal (issue 8): the board acts as ``ctx.principal`` (`set_principal`); with a
  principal the screen locks after ``settings.idle_lock_minutes`` without input (`IdleLock`),
  and the Account menu (change password, lock, accounts, audit log, sign out) sits before Help.
  Without a principal (self-test, start-up measurement, tests that build the window directly)
  the menu shows nothing personal and no lock runs.
- "Sign out" (menu or lock screen): `sig_sign_out` — the start-up sequence closes the window and
  asks for a sign-in again.
- Reveal identity: the board's `sig_reveal_requested(case_id)` opens the `RevealDialog`, whose
  service call (`services.pii.reveal`, role-checked and audited) runs on the DB worker.
- `stop()` stops the lock's timer and event filter and the monitor (before the worker stops).
"""

from __future__ import annotations

import functools
import logging
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMainWindow, QVBoxLayout, QWidget

from commandcenter.settings import Operator
from commandcenter.ui.connection import ConnectionMonitor
from commandcenter.ui.connection_banner import ConnectionBanner

log = logging.getLogger(__name__)


def operator_of(principal: Any, fallback: Operator) -> Operator:
    """The shell's operator for a signed-in principal (its actor id, role, unit and name), or
    ``fallback`` (the settings' operator) when nobody is signed in."""
    if principal is None:
        return fallback
    actor = principal.actor()
    return Operator(user_id=actor.user_id, role=principal.role,
                    unit_code=actor.unit_code or fallback.unit_code,
                    name=principal.display_name or principal.username)


class Session(QObject):
    sig_sign_out = Signal()

    def __init__(self, window: QMainWindow, ctx: Any, worker: Any, feed: Any,
                 pages_with_actions: list[QWidget], board: QWidget,
                 idle_lock_minutes: int = 10) -> None:
        super().__init__(window)
        self._window, self._ctx, self._worker = window, ctx, worker
        self._pages = [p for p in pages_with_actions if hasattr(p, "set_read_only")]
        self.board = board
        self.reveal_dialog: QWidget | None = None

        self.monitor = ConnectionMonitor(feed, parent=self)
        self.banner = ConnectionBanner(self.monitor, window)
        self.container = QWidget(window)
        self.container.setObjectName("board_container")
        layout = QVBoxLayout(self.container)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.banner)
        layout.addWidget(board, 1)
        self.monitor.sig_offline.connect(self._offline)
        self.monitor.sig_online.connect(self._online)

        board.sig_reveal_requested.connect(self.reveal)
        # the board's action controller already follows ctx.principal (a call here would queue
        # the people list before the board's first load when nobody is signed in)
        principal = getattr(ctx, "principal", None)

        self.idle_lock = None
        if principal is not None:
            from commandcenter.ui.security.idle_lock import IdleLock

            self.idle_lock = IdleLock(window, ctx, worker, idle_minutes=idle_lock_minutes)
            self.idle_lock.start()
        from commandcenter.ui.security.account_menu import AccountMenu

        self.account_menu = AccountMenu(window, ctx, worker, self.idle_lock)
        self.account_menu.sig_sign_out.connect(self.sig_sign_out)

    # ------------------------------------------------------------------ connection
    def _offline(self, reason: str) -> None:
        log.warning("database unreachable: %s; actions refused until it is back", reason)
        for page in self._pages:
            page.set_read_only(True, reason)

    def _online(self) -> None:
        log.info("database reachable again; actions allowed")
        for page in self._pages:
            page.set_read_only(False, "")

    # ------------------------------------------------------------------ identity
    def reveal(self, case_id: int) -> QWidget:
        from commandcenter.services import pii
        from commandcenter.ui.pii.reveal_dialog import RevealDialog

        detail = getattr(getattr(self.board, "detail", None), "_detail", None)
        code = getattr(detail, "code", None) if getattr(detail, "id", None) == case_id else None
        dialog = RevealDialog(case_id, code or str(case_id), functools.partial(pii.reveal, self._ctx),
                              worker=self._worker, parent=self._window)
        self.reveal_dialog = dialog
        dialog.open()
        return dialog

    def stop(self) -> None:
        if self.idle_lock is not None:
            self.idle_lock.stop()
        self.monitor.stop()
