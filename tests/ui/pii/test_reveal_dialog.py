"""The reveal dialog: reason first, identity shown briefly then wiped, refusals explained,
the service call on the DbWorker."""

from __future__ import annotations

from datetime import datetime

import pytest
from PySide6.QtCore import Qt

from commandcenter.services.dto import RevealedIdentity
from commandcenter.services.errors import PermissionDenied
from commandcenter.services.pii import PiiKeyError
from commandcenter.ui.pii.reveal_dialog import RevealDialog

IDENTITY = RevealedIdentity(7, "QH20240304000001", "张三丰", "13812345678",
                            "320104199001011235", datetime(2024, 3, 4, 9, 0))


def type_text(qtbot, widget, text: str) -> None:
    """Chinese arrives as an input-method commit (QTest cannot click non-Latin-1 keys)."""
    from PySide6.QtGui import QInputMethodEvent
    from PySide6.QtWidgets import QApplication

    widget.setFocus()
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


class FakeService:
    def __init__(self, outcome=IDENTITY):
        self.outcome = outcome
        self.calls: list[tuple[int, str]] = []

    def __call__(self, case_id, reason):
        self.calls.append((case_id, reason))
        if isinstance(self.outcome, BaseException):
            raise self.outcome
        return self.outcome


@pytest.fixture
def make(qtbot):
    def build(service, **kw):
        dialog = RevealDialog(7, "QH20240304000001", service, hide_after_s=3, **kw)
        qtbot.addWidget(dialog)
        dialog.show()
        return dialog

    return build


def test_nothing_is_fetched_until_a_reason_is_typed(qtbot, make):
    service = FakeService()
    dialog = make(service)
    assert not dialog.reveal_button.isEnabled()
    qtbot.keyClicks(dialog.reason, "1")
    assert not dialog.reveal_button.isEnabled()
    dialog.request_reveal()  # Enter with a useless reason
    assert service.calls == [] and dialog.error.text()
    dialog.reason.clear()
    type_text(qtbot, dialog.reason, "回访核实")
    assert dialog.reveal_button.isEnabled()
    qtbot.mouseClick(dialog.reveal_button, Qt.MouseButton.LeftButton)
    assert service.calls == [(7, "回访核实")]


def test_identity_is_shown_then_wiped_when_the_countdown_ends(qtbot, make):
    dialog = make(FakeService())
    type_text(qtbot, dialog.reason, "回访核实")
    with qtbot.waitSignal(dialog.sig_revealed) as revealed:
        dialog.request_reveal()
    assert revealed.args == [7]
    assert (dialog.name_label.text(), dialog.phone_label.text(), dialog.id_label.text()) == (
        "张三丰", "13812345678", "320104199001011235")
    assert dialog.identity_box.isVisible() and "3" in dialog.countdown.text()
    dialog._timer.timeout.emit()
    dialog._timer.timeout.emit()
    assert dialog.identity_shown and dialog.remaining == 1
    dialog._timer.timeout.emit()  # time is up
    assert not dialog.identity_shown and not dialog.isVisible()
    assert not dialog._timer.isActive()


def test_hide_now_and_escape_wipe_the_identity(qtbot, make):
    dialog = make(FakeService())
    type_text(qtbot, dialog.reason, "回访核实")
    dialog.request_reveal()
    qtbot.mouseClick(dialog.hide_button, Qt.MouseButton.LeftButton)
    assert not dialog.identity_shown and not dialog.isVisible()
    other = make(FakeService())
    type_text(qtbot, other.reason, "回访核实")
    other.request_reveal()
    qtbot.keyClick(other, Qt.Key.Key_Escape)
    assert not other.identity_shown and not other._timer.isActive()


@pytest.mark.parametrize("error, words", [
    (PermissionDenied("wrong_role", "no"), "role"),
    (PermissionDenied("out_of_scope", "no"), "scope"),
    (PiiKeyError("gone"), "key"),
])
def test_refusals_are_explained_and_show_nothing(qtbot, make, error, words):
    dialog = make(FakeService(error))
    type_text(qtbot, dialog.reason, "回访核实")
    dialog.request_reveal()
    assert words in dialog.error.text() and not dialog.identity_shown
    assert not dialog.identity_box.isVisible() and dialog.reveal_button.isEnabled()


def test_markup_in_the_identity_is_shown_as_text(qtbot, make):
    odd = RevealedIdentity(7, "X", "<b>张</b>", None, None, datetime(2024, 1, 1))
    dialog = make(FakeService(odd))
    type_text(qtbot, dialog.reason, "回访核实")
    dialog.request_reveal()
    assert dialog.name_label.textFormat() == Qt.TextFormat.PlainText
    assert dialog.name_label.text() == "<b>张</b>" and dialog.phone_label.text() == "—"
    dialog.hide_identity()


def test_the_call_runs_on_the_db_worker(qtbot, make):
    import threading

    from commandcenter.ui.db_worker import DbWorker

    threads = []

    def service(case_id, reason):
        threads.append(threading.current_thread())
        return IDENTITY

    worker = DbWorker()
    try:
        dialog = make(service, worker=worker)
        type_text(qtbot, dialog.reason, "回访核实")
        with qtbot.waitSignal(dialog.sig_revealed, timeout=5000):
            dialog.request_reveal()
        assert threads and threads[0] is not threading.main_thread()
        assert dialog.phone_label.text() == "13812345678"
        dialog.hide_identity()
    finally:
        worker.shutdown()
