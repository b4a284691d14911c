"""Every focusable control of the action dialogs, the palette and the new-case form has an
accessible name (or a visible text, for buttons and check boxes)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QAbstractScrollArea, QWidget

from commandcenter.ui.board.dialogs.factory import dialog_for
from commandcenter.ui.board.new_case_dialog import NewCaseDialog
from commandcenter.ui.board.palette import CommandPalette

from .test_palette_intake import _prep

FAMILIES = ("accept", "register", "dispatch", "whistle", "request_extension", "add_co_handlers",
            "rate_check_in", "judge_return", "supervise", "callback", "merge")


def unnamed(root: QWidget) -> list[str]:
    out = []
    for w in root.findChildren(QWidget):
        if w.focusPolicy() == Qt.FocusPolicy.NoFocus or not w.isVisibleTo(root):
            continue
        if isinstance(w.parent(), QAbstractScrollArea) and w is w.parent().viewport():
            continue
        if w.accessibleName() or (isinstance(w, QAbstractButton) and w.text()):
            continue
        internal = not w.objectName() or w.objectName().startswith("qt_")
        if w.parent() is not None and w.parent().accessibleName() and internal:
            continue  # a part of a named composite (a combo box's line edit, a spin box's)
        out.append(f"{type(w).__name__} {w.objectName()!r}")
    return out


def test_every_control_is_named(qtbot, board):
    missing = {}
    for action in FAMILIES:
        dialog = dialog_for(_prep(action), board.worker, board.ctx)
        qtbot.addWidget(dialog)
        dialog.show()
        missing.update({f"{action}: {m}": 1 for m in unnamed(dialog)})
        dialog.close()
    palette = CommandPalette(board.controller)
    form = NewCaseDialog(board.worker, board.ctx, board.controller.actor())
    for extra in (palette, form):
        qtbot.addWidget(extra)
        extra.show()
        missing.update({f"{extra.objectName()}: {m}": 1 for m in unnamed(extra)})
        extra.close()
    for name in ("acting_as", "more_actions"):
        w = board.page.findChild(QWidget, name)
        assert w is not None and (w.accessibleName() or w.text())
    assert not missing, sorted(missing)
