"""The reveal dialog: a typed reason, then the reporter's identity in clear for a short time.

    dialog = RevealDialog(case_id, case_code, functools.partial(pii.reveal, ctx), worker=worker)
    dialog.open()

Contracts
- The identity is fetched only after the operator typed an acceptable reason (the same check
  as the service, `services.pii.check_reason`) and pressed Reveal; the call runs on the
  `DbWorker` when one is given (never on the UI thread in the application).
- Refusals are shown in the dialog, translated by their code (role, scope, reason, missing key);
  nothing of the identity is shown then.
- The identity is visible for ``hide_after_s`` seconds (default 60; a countdown says so); then,
  or on "Hide now", close or Escape, the labels are cleared, the object is dropped and the
  dialog closes. It says that the view is recorded in the audit trail.
- `sig_revealed(case_id)` after a successful reveal (e.g. to refresh an audit view).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from commandcenter.services.errors import PermissionDenied, ValidationError
from commandcenter.services.pii import MAX_REASON, PiiDataError, PiiKeyError, check_reason
from commandcenter.ui.errors import first_line

DEFAULT_HIDE_AFTER_S = 60


class RevealDialog(QDialog):
    sig_revealed = Signal(int)

    def __init__(self, case_id: int, case_code: str,
                 reveal_fn: Callable[[int, str], Any], *, worker: Any = None,
                 hide_after_s: int = DEFAULT_HIDE_AFTER_S, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.case_id = case_id
        self._reveal_fn = reveal_fn
        self._worker = worker
        self._hide_after = max(1, int(hide_after_s))
        self.remaining = 0
        self._busy = False
        self.setWindowTitle(self.tr("Reporter identity – %1").replace("%1", case_code))
        self.setObjectName("pii_reveal_dialog")
        self.setMinimumWidth(440)

        layout = QVBoxLayout(self)
        notice = QLabel(self.tr(
            "Reporter identity is personal information. Viewing it is recorded in the audit "
            "trail with your name, the time and your reason."), self)
        notice.setWordWrap(True)
        layout.addWidget(notice)

        form = QFormLayout()
        self.reason = QLineEdit(self)
        self.reason.setObjectName("pii_reason")
        self.reason.setMaxLength(MAX_REASON)
        self.reason.setPlaceholderText(self.tr("e.g. call the reporter back about the result"))
        form.addRow(self.tr("&Reason:"), self.reason)
        layout.addLayout(form)

        self.error = QLabel("", self)
        self.error.setObjectName("pii_error")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b00020;")
        self.error.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.error)

        self.identity_box = QWidget(self)
        ident = QFormLayout(self.identity_box)
        self.name_label, self.phone_label, self.id_label = (self._value_label() for _ in range(3))
        ident.addRow(self.tr("Name:"), self.name_label)
        ident.addRow(self.tr("Phone:"), self.phone_label)
        ident.addRow(self.tr("ID number:"), self.id_label)
        self.countdown = QLabel("", self)
        self.countdown.setObjectName("pii_countdown")
        ident.addRow(self.countdown)
        self.identity_box.setVisible(False)
        layout.addWidget(self.identity_box)

        buttons = QDialogButtonBox(self)
        self.reveal_button = QPushButton(self.tr("&Reveal"), self)
        self.reveal_button.setObjectName("pii_reveal")
        self.reveal_button.setEnabled(False)
        self.hide_button = QPushButton(self.tr("&Hide now"), self)
        self.hide_button.setObjectName("pii_hide")
        buttons.addButton(self.reveal_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.hide_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.hide_button.setVisible(False)  # after addButton, which shows it
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

        self._timer = QTimer(self)
        self._timer.setObjectName("pii_hide_timer")
        self._timer.setInterval(1000)
        self._timer.timeout.connect(self._tick)
        self.reason.textChanged.connect(self._reason_changed)
        self.reason.returnPressed.connect(self.request_reveal)
        self.reveal_button.clicked.connect(self.request_reveal)
        self.hide_button.clicked.connect(self.hide_identity)

    def _value_label(self) -> QLabel:
        label = QLabel("", self)
        label.setTextFormat(Qt.TextFormat.PlainText)  # never rendered as markup
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # Large enough to read out on the phone; a style sheet so the layout sizes the row for it.
        label.setStyleSheet("font-size: 13pt; font-weight: bold;")
        return label

    # ------------------------------------------------------------------ reason
    def _reason_ok(self) -> bool:
        try:
            check_reason(self.reason.text())
        except ValidationError:
            return False
        return True

    def _reason_changed(self) -> None:
        self.reveal_button.setEnabled(self._reason_ok() and not self._busy)
        self.error.setText("")

    # ------------------------------------------------------------------ reveal
    def request_reveal(self) -> None:
        if self._busy or not self._reason_ok():
            if not self._reason_ok():
                self.error.setText(self.tr("Type why you need the identity (at least two "
                                           "letters)."))
            return
        self._busy = True
        self.reveal_button.setEnabled(False)
        self.reason.setReadOnly(True)
        self.error.setText("")
        reason = self.reason.text()
        if self._worker is not None:
            self._worker.submit(self._reveal_fn, self.case_id, reason,
                                on_result=self._show, on_error=self._failed)
            return
        try:
            result = self._reveal_fn(self.case_id, reason)
        except Exception as exc:  # noqa: BLE001 - shown to the operator, not swallowed
            self._failed(exc)
        else:
            self._show(result)

    def _failed(self, exc: BaseException) -> None:
        self._busy = False
        self.reason.setReadOnly(False)
        self.reveal_button.setEnabled(self._reason_ok())
        self.error.setText(self.message_for(exc))

    def message_for(self, exc: BaseException) -> str:
        if isinstance(exc, PermissionDenied):
            return {
                "wrong_role": self.tr("Your role may not see reporters' identity. An admin can "
                                      "grant it."),
                "out_of_scope": self.tr("This case is outside your scope."),
                "sign_in_required": self.tr("Sign in to see a reporter's identity."),
            }.get(exc.code, self.tr("Not allowed."))
        if isinstance(exc, ValidationError):
            return self.tr("Type why you need the identity (at least two letters).")
        if isinstance(exc, PiiKeyError):
            return self.tr("The identity key of this database is missing on this workstation; "
                           "ask the administrator to restore it.")
        if isinstance(exc, PiiDataError):
            return self.tr("The stored identity is damaged and cannot be read.")
        return self.tr("The identity could not be read: %1").replace("%1", first_line(exc))

    def _show(self, identity: Any) -> None:
        self._busy = False
        dash = "—"
        self.name_label.setText(identity.name or dash)
        self.phone_label.setText(identity.phone or dash)
        self.id_label.setText(identity.id_number or dash)
        if not (identity.name or identity.phone or identity.id_number):
            self.error.setText(self.tr("No identity is stored for this case (anonymous, or "
                                       "removed after the retention period)."))
        self.identity_box.setVisible(True)
        self.hide_button.setVisible(True)
        self.adjustSize()  # grow for the identity rows instead of squeezing them
        self.remaining = self._hide_after
        self._update_countdown()
        self._timer.start()
        self.sig_revealed.emit(self.case_id)

    def _tick(self) -> None:
        self.remaining -= 1
        if self.remaining <= 0:
            self.hide_identity()
        else:
            self._update_countdown()

    def _update_countdown(self) -> None:
        self.countdown.setText(self.tr("Hidden again in %1 s").replace("%1", str(self.remaining)))

    @property
    def identity_shown(self) -> bool:
        return bool(self.name_label.text() or self.phone_label.text() or self.id_label.text())

    def hide_identity(self) -> None:
        """Clear what was shown and close."""
        self._timer.stop()
        for label in (self.name_label, self.phone_label, self.id_label):
            label.setText("")
        self.identity_box.setVisible(False)
        self.hide_button.setVisible(False)
        self.remaining = 0
        if self.isVisible():
            self.accept()

    def done(self, result: int) -> None:  # close, Escape, accept: never leave it on screen
        self._timer.stop()
        for label in (self.name_label, self.phone_label, self.id_label):
            label.setText("")
        super().done(result)

