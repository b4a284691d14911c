"""Which dialog an action opens (`dialog_for`)."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from commandcenter.services.actions import ActionPrep

from .base import ActionDialog
from .callback import CallbackDialog, MergeDialog
from .dispatch import DispatchDialog
from .handling import (
    CoHandlingDialog,
    ExtensionRequestDialog,
    JudgeReturnDialog,
    RateCheckInDialog,
    SuperviseDialog,
)
from .register import RegisterDialog
from .whistle import WhistleDialog

_SIMPLE_FAMILIES = {
    "dispatch": DispatchDialog,
    "whistle": WhistleDialog,
    "request_extension": ExtensionRequestDialog,
    "request_co_handling": CoHandlingDialog,
    "add_co_handlers": CoHandlingDialog,
    "rate_check_in": RateCheckInDialog,
    "judge_return": JudgeReturnDialog,
    "supervise": SuperviseDialog,
    "callback": CallbackDialog,
    "merge": MergeDialog,
}


def dialog_for(prep: ActionPrep, worker, ctx, parent: QWidget | None = None) -> ActionDialog:
    """The dialog for ``prep.action``; actions without inputs get the plain confirm dialog
    (a reason box, required where the domain requires one)."""
    if prep.action == "register":
        return RegisterDialog(prep, worker, ctx, parent)
    cls = _SIMPLE_FAMILIES.get(prep.action, ActionDialog)
    dialog = cls(prep, parent)
    if cls is ActionDialog and prep.action in {"invalidate", "verify_false", "refuse_register",
                                               "return", "reject_extension", "request_hang",
                                               "hang", "check_fail", "force_close", "reopen"}:
        dialog.reason.setFocus()
    return dialog
