"""Screen lock after idle time (issue 8): nobody reads cases over an unattended workstation.

    lock = IdleLock(window, ctx, worker, idle_minutes=10)
    lock.start()            # after sign-in
    ...
    lock.stop()             # before the window closes (stops the timer, removes the filter)

Contracts
- `IdleLock` installs an application-wide event filter: any key, mouse, wheel or touch input
  restarts the idle timer. When it fires (or `lock()` is called) a `LockOverlay` covers the whole
  window (opaque: nothing of the cases stays readable) and asks for the signed-in user's
  password. While locked the filter swallows input to every other widget of the application and
  every shortcut, so menus and hotkeys do nothing behind the overlay.
- Unlocking checks the password on the `DbWorker` with `auth.verify_password` (a failure counts
  toward the lockout and is audited like a failed sign-in). A lockout or a disabled account
  leaves only "Sign out": `sig_sign_out` is emitted and the owner closes or restarts.
- Signals: `sig_locked`, `sig_unlocked`, `sig_sign_out`. ``idle_minutes`` <= 0 disables the
  timer (locking by hand still works).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from commandcenter.services import auth
from commandcenter.services.errors import AuthenticationError

from . import messages
from .guard import if_alive
from .sign_in_dialog import error_label, password_edit

_INPUT = frozenset({
    QEvent.Type.KeyPress, QEvent.Type.KeyRelease, QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseButtonRelease, QEvent.Type.MouseButtonDblClick, QEvent.Type.MouseMove,
    QEvent.Type.Wheel, QEvent.Type.TouchBegin, QEvent.Type.TouchUpdate,
    QEvent.Type.ContextMenu,
})


class LockOverlay(QWidget):
    """The opaque cover with the password field (a child of the locked window)."""

    def __init__(self, parent: QWidget, display_name: str) -> None:
        super().__init__(parent)
        self.setObjectName("lock_overlay")
        self.setAutoFillBackground(True)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setStyleSheet("#lock_overlay { background: #1f2a36; } "
                           "#lock_panel { background: palette(window); border-radius: 6px; }")
        panel = QFrame(self)
        panel.setObjectName("lock_panel")
        panel.setFixedWidth(360)
        self.title = QLabel(self.tr("Screen locked"), panel)
        self.title.setStyleSheet("font-size: 16pt; font-weight: bold;")
        self.who = QLabel(panel)
        self.who.setTextFormat(Qt.TextFormat.PlainText)
        self.who.setText(self.tr("Signed in as {name}. Enter your password to continue.")
                         .format(name=display_name))
        self.who.setWordWrap(True)
        self.password = password_edit(panel, "lock_password")
        self.password.setPlaceholderText(self.tr("Password"))
        self.error = error_label(panel, "lock_error")
        self.unlock_button = QPushButton(self.tr("Unlock"), panel)
        self.unlock_button.setObjectName("lock_unlock")
        self.unlock_button.setDefault(True)
        self.sign_out_button = QPushButton(self.tr("Sign out"), panel)
        self.sign_out_button.setObjectName("lock_sign_out")
        buttons = QHBoxLayout()
        buttons.addWidget(self.sign_out_button)
        buttons.addStretch(1)
        buttons.addWidget(self.unlock_button)
        inner = QVBoxLayout(panel)
        for w in (self.title, self.who, self.password, self.error):
            inner.addWidget(w)
        inner.addLayout(buttons)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(panel)
        row.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(1)
        self.password.returnPressed.connect(self.unlock_button.click)


class IdleLock(QObject):
    sig_locked = Signal()
    sig_unlocked = Signal()
    sig_sign_out = Signal()

    def __init__(self, window: QWidget, ctx: Any, worker: Any, idle_minutes: float = 10.0,
                 parent: QObject | None = None) -> None:
        super().__init__(parent or window)
        self.window, self.ctx, self.worker = window, ctx, worker
        self.idle_minutes = idle_minutes
        self.overlay: LockOverlay | None = None
        self._timer = QTimer(self)
        self._timer.setObjectName("idle_lock_timer")
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.lock)
        self._filtering = False

    @property
    def is_locked(self) -> bool:
        return self.overlay is not None

    def start(self) -> None:
        if not self._filtering:
            QApplication.instance().installEventFilter(self)
            self._filtering = True
        self._restart()

    def stop(self) -> None:
        self._timer.stop()
        if self._filtering:
            QApplication.instance().removeEventFilter(self)
            self._filtering = False

    def _restart(self) -> None:
        if self.idle_minutes > 0 and not self.is_locked:
            self._timer.start(int(self.idle_minutes * 60_000))

    # ------------------------------------------------------------------ locking
    def lock(self) -> None:
        if self.is_locked:
            return
        self._timer.stop()
        p = self.ctx.principal
        self.overlay = LockOverlay(self.window, p.display_name if p else "")
        self.overlay.setGeometry(self.window.rect())
        self.overlay.unlock_button.clicked.connect(self._try_unlock)
        self.overlay.sign_out_button.clicked.connect(self.sig_sign_out)
        self.overlay.show()
        self.overlay.raise_()
        self.overlay.password.setFocus()
        self.sig_locked.emit()

    def _try_unlock(self) -> None:
        overlay, p = self.overlay, self.ctx.principal
        if overlay is None or p is None:
            return
        overlay.error.clear()
        overlay.unlock_button.setEnabled(False)
        self.worker.submit(auth.verify_password, self.ctx, p.username, overlay.password.text(),
                           on_result=self._checked, on_error=self._failed)

    @if_alive
    def _checked(self, ok: bool) -> None:
        if self.overlay is None:
            return
        if ok:
            self.overlay.hide()
            self.overlay.deleteLater()
            self.overlay = None
            self._restart()
            self.sig_unlocked.emit()
            return
        self.overlay.unlock_button.setEnabled(True)
        self.overlay.password.clear()
        self.overlay.error.setText(messages.tr(messages.AUTH["bad_credentials"]))

    @if_alive
    def _failed(self, exc: BaseException) -> None:
        if self.overlay is None:
            return
        self.overlay.password.clear()
        self.overlay.error.setText(messages.error_text(exc))
        # locked out or disabled: only signing out is left
        self.overlay.unlock_button.setEnabled(not isinstance(exc, AuthenticationError))

    # ------------------------------------------------------------------ the filter
    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        kind = event.type()
        if self.overlay is not None:
            if obj is self.window and kind == QEvent.Type.Resize:
                self.overlay.setGeometry(self.window.rect())
            if kind == QEvent.Type.Shortcut:
                return True  # no menu shortcut or hotkey behind the lock
            # input for any widget but the overlay's own is swallowed
            return kind in _INPUT and isinstance(obj, QWidget) and not (
                obj is self.overlay or self.overlay.isAncestorOf(obj))
        if kind in _INPUT:
            self._restart()
        return False
