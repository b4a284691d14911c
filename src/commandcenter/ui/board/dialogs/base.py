"""The base of every action dialog: which case(s), the action's form, a reason, an error line.

Contract
- Built from an `ActionPrep` (services.actions): the header names the case (or "N cases"),
  subclasses add their fields in `build_form` and return the command's parameters in `params`.
- Confirming (Enter anywhere, also in the reason box: Shift+Enter breaks a line there; or OK) runs `check()` (local validation: e.g. a required reason);
  a message keeps the dialog open. Otherwise the dialog turns busy and emits `sig_submit(params)`;
  the controller closes it with `finish()` when the write succeeded, or calls `show_error()` (the
  dialog stays open with the operator's input intact) when the domain refused.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from commandcenter.services.actions import REASON_REQUIRED, ActionPrep
from commandcenter.ui.board.colours import board_colours
from commandcenter.ui.labels import action_label, state_label


def _tr(text: str) -> str:
    """Translate in the "ActionDialog" context (``self.tr`` in a subclass would look up the
    subclass's context and miss these strings)."""
    return QCoreApplication.translate("ActionDialog", text)


class ActionDialog(QDialog):
    sig_submit = Signal(dict)

    def __init__(self, prep: ActionPrep, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._held = False  # read-only (`set_read_only`): confirming is refused
        self.prep = prep
        self.action = prep.action
        self.setObjectName(f"action_dialog_{prep.action}")
        self.setWindowTitle(action_label(prep.action))
        self.setAccessibleName(action_label(prep.action))
        self.setMinimumWidth(520)
        layout = QVBoxLayout(self)
        self.header = QLabel(self._header_text(), self, objectName="action_header")
        self.header.setWordWrap(True)
        self.header.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.header)
        self.form = QFormLayout()
        layout.addLayout(self.form)
        self.build_form(self.form)
        self.reason = QPlainTextEdit(self, objectName="reason")
        self.reason.setTabChangesFocus(True)
        self.reason.setFixedHeight(70)
        self.reason.installEventFilter(self)  # Enter confirms, Shift+Enter breaks the line
        self.reason.setAccessibleName(_tr(QT_TRANSLATE_NOOP("ActionDialog", "Reason")))
        self.reason_label = QLabel(self.reason_caption(), self)
        self.reason_label.setBuddy(self.reason)
        self.form.addRow(self.reason_label, self.reason)
        self.error = QLabel("", self, objectName="action_error")
        self.error.setWordWrap(True)
        self.error.setStyleSheet(
            f"color: {board_colours(self.palette()).overdue.name()}; font-weight: bold;")
        self.error.setAccessibleName(_tr(QT_TRANSLATE_NOOP("ActionDialog", "Error")))
        self.error.hide()
        layout.addWidget(self.error)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(action_label(prep.action))
        self.ok_button.setDefault(True)
        self.ok_button.setAccessibleName(_tr(QT_TRANSLATE_NOOP("ActionDialog", "Confirm")))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setAccessibleName(
            _tr(QT_TRANSLATE_NOOP("ActionDialog", "Cancel"))
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

    # ------------------------------------------------------------------ for subclasses
    def build_form(self, form: QFormLayout) -> None:
        """Add the action's own fields (none by default)."""

    def reason_required(self) -> bool:
        return self.action in REASON_REQUIRED

    def reason_caption(self) -> str:
        return (
            _tr(QT_TRANSLATE_NOOP("ActionDialog", "Reason (required)"))
            if self.reason_required()
            else _tr(QT_TRANSLATE_NOOP("ActionDialog", "Note"))
        )

    def params(self) -> dict[str, Any]:
        text = self.reason.toPlainText().strip()
        return {"reason": text} if text else {}

    def check(self) -> str | None:
        """A translated message when the input is not complete, else None."""
        if self.reason_required() and not self.reason.toPlainText().strip():
            self.reason.setFocus()
            return _tr(QT_TRANSLATE_NOOP("ActionDialog", "A reason is required for this action."))
        return None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if (
            watched is self.reason
            and event.type() == QEvent.Type.KeyPress
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and not event.modifiers() & Qt.KeyboardModifier.ShiftModifier
        ):
            self.accept()
            return True
        return super().eventFilter(watched, event)

    # ------------------------------------------------------------------ protocol
    def accept(self) -> None:  # noqa: D102 - see the module contract
        if self._held:
            return
        problem = self.check()
        if problem:
            self.show_error(problem)
            return
        self.error.hide()
        self.set_busy(True)
        self.sig_submit.emit(self.params())

    def finish(self) -> None:
        super().accept()

    def show_error(self, text: str) -> None:
        self.set_busy(False)
        self.error.setText(text)
        self.error.show()

    def set_read_only(self, on: bool, reason: str = "") -> None:
        """While the database is unreachable: the input stays, confirming is not possible."""
        self._held = on
        if on:
            self.show_error(reason)
            self.ok_button.setEnabled(False)
        else:
            self.error.hide()
            self.set_busy(False)

    def set_busy(self, busy: bool) -> None:
        self.ok_button.setEnabled(not busy)
        self.ok_button.setText(
            _tr(QT_TRANSLATE_NOOP("ActionDialog", "Saving…")) if busy else action_label(self.action)
        )

    def _header_text(self) -> str:
        cases = [c for c in self.prep.cases if c.id in self.prep.applicable] or list(
            self.prep.cases
        )
        if len(cases) == 1:
            c = cases[0]
            text = _tr(QT_TRANSLATE_NOOP("ActionDialog", "Case %1 · %2\n%3\n%4"))
            return (
                text.replace("%1", c.code)
                .replace("%2", state_label(c.state))
                .replace("%3", c.title or "")
                .replace("%4", c.address)
            )
        codes = ", ".join(c.code for c in cases[:6]) + ("…" if len(cases) > 6 else "")
        total = len(self.prep.cases)
        if len(cases) == total:
            text = _tr(QT_TRANSLATE_NOOP("ActionDialog", "%1 cases selected: %2"))
            return text.replace("%1", str(total)).replace("%2", codes)
        text = _tr(
            QT_TRANSLATE_NOOP(
                "ActionDialog",
                "%1 of %2 selected cases can take this action: %3\nThe others will be listed as refused.",
            )
        )  # noqa: E501 - one literal for lupdate
        return text.replace("%1", str(len(cases))).replace("%2", str(total)).replace("%3", codes)
