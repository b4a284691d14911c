"""Everything the operator does on the board: actions, dialogs, bulk, acting-as, palette.

Contracts
- `ActionController(board_page, worker, ctx, operator)` is created by `BoardPage`. It uses the
  page's `action_toolbar()`, `table`, `selected_case_ids()`, `select_case(id)`,
  `apply_changes_for(ids)`, `set_operator(op)`, `store` (row states for the context menu) and
  `status` (a label) when present, and nothing else of it.
- Every lifecycle action is a `QAction` in `self.actions[name]` with a single-key shortcut
  (see `SHORTCUTS`), in the toolbar's "More actions" menu and in the table's context menu (which
  offers only the actions the selected rows' states and the acting role allow). Actions stay
  enabled: the board's row states may lag a write by a moment, so the worker decides, and says
  why when an action is not possible. Shortcuts are scoped to the board (a text field typing
  the same letter keeps it).
- `trigger(action, case_ids=None)`: reads the cases on the DB worker (`prepare_action`), then
  opens the action's dialog (non-modal to the event loop: `open()`); confirming submits the
  transition on the worker with the version read, so a case changed meanwhile is a conflict:
  the conflict box lists what changed and the board re-reads the case; nothing is written twice.
  A domain refusal is shown, translated, inside the still-open dialog. Several cases = a bulk
  action: each case on its own, then a per-case result list.
- `actor()` is who acts. With a signed-in principal (`ctx.principal`, issue 8) it is always
  `principal.actor()` and the "acting as" chooser is hidden; without one (demo, training) the
  "acting as" button opens `ActingChooser` (people grouped by unit, type-ahead with pinyin
  initials); `set_acting_person(code)` does the same from code. `people_loaded` says whether
  the list arrived (it is read after the board's first paint). `shortcuts()` lists
  (key, description) for the help dialog.
- `set_read_only(on, reason)`: every action, the palette, the new-case form and the chooser
  are disabled (their shortcuts too); an open dialog keeps its input but cannot submit and
  shows the reason; triggering anything meanwhile only shows the reason.
- Signals: `sig_done(object)` after a write (a TransitionResult, or the list of BulkResults),
  `sig_actor_changed(Actor)`, `sig_dialog_opened(QDialog)` (tests and the help overlay).
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLabel, QMenu, QMessageBox, QToolButton, QWidget

from commandcenter.domain.case import TransitionError
from commandcenter.domain.lifecycle import GATES
from commandcenter.services import actions as svc
from commandcenter.services.errors import CaseNotFoundError, ConflictError
from commandcenter.ui.board.acting import ActingMixin
from commandcenter.ui.board.dialogs.factory import dialog_for
from commandcenter.ui.board.dialogs.messages import conflict_text, refusal_text
from commandcenter.ui.board.dialogs.results import BulkResultDialog
from commandcenter.ui.errors import first_line
from commandcenter.ui.labels import action_label, role_label, state_label

# Lifecycle order; the key is the shortcut on the board (Shift/Ctrl variants for rarer ones).
SHORTCUTS: tuple[tuple[str, str], ...] = (
    ("accept", "A"), ("send_to_verify", "Shift+V"), ("invalidate", "Shift+X"),
    ("handle_on_spot", "Shift+O"), ("merge", "M"), ("verify_true", "T"),
    ("verify_false", "Shift+T"), ("register", "R"), ("refuse_register", "Shift+R"),
    ("dispatch", "D"), ("whistle", "W"), ("check_in", "I"), ("rate_check_in", "Shift+I"),
    ("sign", "S"), ("return", "B"), ("judge_return", "J"), ("request_extension", "E"),
    ("approve_extension", "Shift+E"), ("reject_extension", "Ctrl+Shift+E"),
    ("request_hang", "Shift+H"), ("hang", "H"), ("unhang", "U"),
    ("request_co_handling", "Shift+C"), ("add_co_handlers", "Shift+A"),
    ("report_done", "Shift+D"), ("check_pass", "P"), ("check_fail", "F"), ("close", "C"),
    ("force_close", "Ctrl+Shift+C"), ("callback", "K"), ("reopen", "O"),
    ("supervise", "Shift+S"),
)
TOOLBAR_ACTIONS = ("accept", "register", "dispatch", "whistle", "sign", "check_pass", "close",
                   "callback")
NEW_CASE_KEY, PALETTE_KEY = "Ctrl+N", "Ctrl+K"


class ActionController(ActingMixin, QObject):
    sig_done = Signal(object)
    sig_actor_changed = Signal(object)
    sig_dialog_opened = Signal(object)

    def __init__(self, board_page: QWidget, worker, ctx, operator) -> None:
        super().__init__(board_page)
        self._page = board_page
        self._worker = worker
        self._ctx = ctx
        self._operator = operator
        self._principal = getattr(ctx, "principal", None)
        self._actor = (self._principal.actor() if self._principal is not None
                       else self._operator_actor())
        self._people: list[svc.PersonChoice] = []
        self._choices: list[Any] = []  # services.board_people.ActingChoice, same order
        self._people_requested = False
        self._acting_actions: list[QAction] = []
        self.people_loaded = False
        self._read_only: str | None = None  # the reason while read-only
        self.chooser: QWidget | None = None
        self.dialog: QWidget | None = None  # the open action dialog, if any
        self.message_box: QMessageBox | None = None  # the last refusal/conflict box
        self.result_dialog: BulkResultDialog | None = None
        self.actions: dict[str, QAction] = {}
        for name, key in SHORTCUTS:
            act = QAction(board_page, objectName=f"action_{name}")
            act.setShortcut(QKeySequence(key))
            act.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            act.triggered.connect(functools.partial(self._triggered, name))
            board_page.addAction(act)
            self.actions[name] = act
        self.new_case_action = self._page_action("action_new_case", NEW_CASE_KEY,
                                                 self.open_new_case)
        self.palette_action = self._page_action("action_palette", PALETTE_KEY, self.open_palette)
        self.acting_label = QLabel(board_page)
        self.acting = QToolButton(board_page, objectName="acting_as")
        self.acting.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.acting.clicked.connect(self.open_acting_chooser)
        self.acting_label.setBuddy(self.acting)
        self.menu = QMenu(board_page)
        for name, _key in SHORTCUTS:
            self.menu.addAction(self.actions[name])
        self.more = QToolButton(board_page, objectName="more_actions")
        self.more.setMenu(self.menu)
        self.more.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self._fill_toolbar()
        self._hook_table()
        board_page.installEventFilter(self)
        self._show_actor()
        self.retranslate_ui()
        if self._principal is not None:  # signed in: no one else to act as
            self._show_chooser(False)
            self.acting.setEnabled(False)
            self._page_follows_actor()  # "mine" = the principal's unit
            return
        # The people list (with pinyin initials) and the pinyin index wait for the board's
        # complete load: queued first on the one DB worker they delayed the first paint by
        # ~0.6 s, and run beside it they took the GIL from the first paint.
        done = getattr(board_page, "sig_refreshed", None)
        if done is not None:
            done.connect(self._after_load, Qt.ConnectionType.SingleShotConnection)
        else:
            self.load_people()

    # ------------------------------------------------------------------ construction
    def _page_action(self, name: str, key: str, slot) -> QAction:
        act = QAction(self._page, objectName=name)
        act.setShortcut(QKeySequence(key))
        act.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        act.triggered.connect(lambda _checked=False: slot())
        self._page.addAction(act)
        return act

    def _fill_toolbar(self) -> None:
        toolbar = getattr(self._page, "action_toolbar", None)
        if toolbar is None:
            return
        bar = toolbar()
        # widgets in a toolbar are shown and hidden through their actions
        self._acting_actions = [bar.addWidget(self.acting_label), bar.addWidget(self.acting)]
        bar.addSeparator()
        bar.addAction(self.new_case_action)
        bar.addSeparator()
        for name in TOOLBAR_ACTIONS:
            bar.addAction(self.actions[name])
        bar.addWidget(self.more)
        bar.addAction(self.palette_action)

    def _hook_table(self) -> None:
        table = getattr(self._page, "table", None)
        if table is None:
            return
        table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        table.customContextMenuRequested.connect(
            lambda pos: self.context_menu().popup(table.viewport().mapToGlobal(pos)))

    def context_menu(self) -> QMenu:
        """The actions possible for the selected rows' states and the acting role."""
        menu = QMenu(self._page)
        menu.setObjectName("case_context_menu")
        possible = self._possible_actions()
        for name, _key in SHORTCUTS:
            if possible is None or name in possible:
                menu.addAction(self.actions[name])
        return menu

    def _possible_actions(self) -> set[str] | None:
        """Actions whose state and role gates pass for some selected row (a cheap UI filter;
        the worker checks unit and context). None when the states are not known."""
        store = getattr(self._page, "store", None)
        ids = self.selected_ids()
        if not ids or store is None:
            return None
        try:
            states = {str(store.value("state", int(p))) for p in store.positions_of(ids) if p >= 0}
        except (AttributeError, KeyError, IndexError):
            return None
        return {name for name, (ok_states, roles, _u) in GATES.items()
                if self._actor.role in roles and states & {s.value for s in ok_states}}

    # ------------------------------------------------------------------ running actions
    def selected_ids(self) -> list[int]:
        get = getattr(self._page, "selected_case_ids", None)
        return list(get()) if get is not None else []

    def _triggered(self, name: str, _checked: bool = False) -> None:
        self.trigger(name)

    def trigger(self, action: str, case_ids: Sequence[int] | None = None) -> None:
        if self._refuse_read_only():
            return
        ids = list(case_ids) if case_ids else self.selected_ids()
        if not ids:
            self._status(self.tr("Select a case first."))
            return
        if self.dialog is not None and self.dialog.isVisible():
            return
        self._worker.submit(svc.prepare_action, self._ctx, ids, action, self._actor,
                            on_result=self._open_dialog, on_error=self._failed)

    def _open_dialog(self, prep: svc.ActionPrep) -> None:
        if self._refuse_read_only():
            return
        if not prep.applicable:
            c = prep.cases[0]
            text = self.tr("“%1” is not available to %2 for case %3 (%4).").replace(
                "%1", action_label(prep.action)).replace("%2", role_label(self._actor.role))
            text = text.replace("%3", c.code).replace("%4", state_label(c.state))
            if len(prep.cases) > 1:
                text = self.tr("“%1” is not available to %2 for any of the %3 selected cases."
                               ).replace("%1", action_label(prep.action)).replace(
                    "%2", role_label(self._actor.role)).replace("%3", str(len(prep.cases)))
            self._message(QMessageBox.Icon.Information, action_label(prep.action), text)
            return
        dialog = dialog_for(prep, self._worker, self._ctx, self._page)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.sig_submit.connect(lambda params: self._submit(dialog, prep, params))
        dialog.finished.connect(lambda _r: self._dialog_closed(dialog))
        self.dialog = dialog
        dialog.open()
        self.sig_dialog_opened.emit(dialog)

    def _dialog_closed(self, dialog) -> None:
        if self.dialog is dialog:
            self.dialog = None

    def _submit(self, dialog, prep: svc.ActionPrep, params: dict[str, Any]) -> None:
        if self._read_only is not None:
            dialog.set_read_only(True, self._read_only)
            return
        if len(prep.cases) > 1:
            versions = {c.id: c.version for c in prep.cases}
            self._worker.submit(
                svc.bulk_transition, self._ctx, [c.id for c in prep.cases], prep.action,
                params, self._actor, versions,
                on_result=lambda results: self._bulk_done(dialog, prep, results),
                on_error=lambda exc: dialog.show_error(first_line(exc)))
            return
        case = prep.cases[0]
        if prep.action == "merge":
            from commandcenter.services.intake import merge_by_code

            fn, args = merge_by_code, (self._ctx, case.id, params.get("parent_code", ""),
                                       self._actor, params.get("reason", ""), case.version)
        else:
            fn, args = svc.transition_one, (self._ctx, case.id, prep.action, params,
                                            self._actor, case.version)
        self._worker.submit(fn, *args,
                            on_result=lambda r: self._one_done(dialog, r),
                            on_error=lambda exc: self._one_failed(dialog, case, exc))

    def _one_done(self, dialog, result) -> None:
        dialog.finish()
        self._refresh([result.case_id])
        self._status(self.tr("%1: %2 → %3").replace("%1", result.code).replace(
            "%2", action_label(result.event.action)).replace("%3", state_label(result.to_state)))
        self.sig_done.emit(result)

    def _one_failed(self, dialog, case: svc.CaseBrief, exc: BaseException) -> None:
        if isinstance(exc, ConflictError):
            dialog.finish()
            self._refresh([case.id])
            self._message(QMessageBox.Icon.Warning, self.tr("Case changed by someone else"),
                          conflict_text(exc.code or case.code, svc.conflict_changes(exc)))
        elif isinstance(exc, TransitionError):
            dialog.show_error(refusal_text(exc.code, exc.params, first_line(exc)))
        elif isinstance(exc, CaseNotFoundError):
            dialog.show_error(refusal_text("not_found"))
        else:
            dialog.show_error(first_line(exc))

    def _bulk_done(self, dialog, prep: svc.ActionPrep, results: list[svc.BulkResult]) -> None:
        dialog.finish()
        self._refresh([r.case_id for r in results])
        self.result_dialog = BulkResultDialog(prep.action, results, self._page)
        self.result_dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.result_dialog.destroyed.connect(lambda: setattr(self, "result_dialog", None))
        self.result_dialog.open()
        self.sig_done.emit(results)

    def _refresh(self, ids: list[int]) -> None:
        apply = getattr(self._page, "apply_changes_for", None)
        if apply is not None:
            apply(ids)

    def _failed(self, exc: BaseException) -> None:
        self._message(QMessageBox.Icon.Warning, self.tr("Action failed"), first_line(exc))

    def _message(self, icon: QMessageBox.Icon, title: str, text: str) -> None:
        box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, self._page)
        box.setObjectName("action_message")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.destroyed.connect(lambda: setattr(self, "message_box", None))
        self.message_box = box
        box.open()

    def _status(self, text: str) -> None:
        label = getattr(self._page, "status", None)
        if isinstance(label, QLabel):
            label.setText(text)

    # ------------------------------------------------------------------ palette, new case
    def open_palette(self) -> None:
        if self._refuse_read_only():
            return
        from commandcenter.ui.board.palette import CommandPalette

        palette = CommandPalette(self, self._page)
        palette.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.palette = palette
        palette.open()
        self.sig_dialog_opened.emit(palette)

    def open_new_case(self) -> None:
        if self._refuse_read_only():
            return
        from commandcenter.ui.board.new_case_dialog import NewCaseDialog

        dialog = NewCaseDialog(self._worker, self._ctx, self._actor, self._page)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.sig_created.connect(self._case_created)
        self.new_case_dialog = dialog
        dialog.open()
        self.sig_dialog_opened.emit(dialog)

    def _case_created(self, ref) -> None:
        self._refresh([ref.id])
        self._status(self.tr("New case %1 recorded.").replace("%1", ref.code))
        self.sig_done.emit(ref)

    def goto_case(self, code: str) -> None:
        """Find a case by code on the worker and make it the board's current row."""
        def found(case_id: int | None) -> None:
            select = getattr(self._page, "select_case", None)
            if case_id is None or select is None or not select(case_id):
                self._status(self.tr("Case %1 is not in the current view.").replace("%1", code))
        self._worker.submit(svc.case_id_of, self._ctx, code, on_result=found)

    def trigger_on_code(self, action: str, code: str) -> None:
        """`trigger` on the case with this code (from the palette), not on the selection."""
        def found(case_id: int | None) -> None:
            if case_id is None:
                self._status(self.tr("No case %1.").replace("%1", code))
            else:
                self.trigger(action, [case_id])
        self._worker.submit(svc.case_id_of, self._ctx, code, on_result=found)

    # ------------------------------------------------------------------ help and language
    def shortcuts(self) -> list[tuple[str, str]]:
        out = [(NEW_CASE_KEY, self.tr("New case")), (PALETTE_KEY, self.tr("Command palette"))]
        out += [(key, action_label(name)) for name, key in SHORTCUTS]
        return out

    def retranslate_ui(self) -> None:
        for name, key in SHORTCUTS:
            act = self.actions[name]
            act.setText(action_label(name))
            act.setToolTip(f"{action_label(name)} ({key})")
        self.new_case_action.setText(self.tr("New case"))
        self.new_case_action.setToolTip(self.tr("New case (%1)").replace("%1", NEW_CASE_KEY))
        self.palette_action.setText(self.tr("Command palette"))
        self.palette_action.setToolTip(self.tr("Command palette (%1)").replace("%1", PALETTE_KEY))
        self.acting_label.setText(self.tr("Acting &as"))
        self.acting.setAccessibleName(self.tr("Acting as"))
        self.acting.setToolTip(self.tr("Who the actions are recorded for (until sign-in exists)"))
        self.more.setText(self.tr("More actions"))
        self.more.setAccessibleName(self.tr("More actions"))
        self.menu.setTitle(self.tr("Actions"))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if watched is self._page and event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        return False
