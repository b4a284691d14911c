"""Who acts on the board, and the read-only state (mixed into `actions.ActionController`).

Contracts (see `actions` for the whole controller)
- `actor()`: with a signed-in principal (`ctx.principal`, issue 8) always `principal.actor()`,
  the chooser hidden; without one the person picked in `ActingChooser` (or the settings'
  operator). `use_principal(p)` follows a sign-in/out; `set_acting_person(code)`,
  `open_acting_chooser()`, `load_people()`, `people_loaded`.
- `set_read_only(on, reason)`, `read_only`: every action, the palette, the new-case form and
  the chooser disabled; open dialogs keep their input but cannot submit (`set_read_only` on the
  dialog) and show the reason; anything triggered meanwhile only shows the reason.
The mixin uses the controller's `_page`, `_worker`, `_ctx`, `_operator`, `_actor`,
`_principal`, `_people`, `_choices`, `_acting_actions`, `acting`, `acting_label`, `actions`,
`new_case_action`, `palette_action`, `more`, `dialog`, `chooser`, `_status` and
`sig_actor_changed` / `sig_dialog_opened`.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from commandcenter.domain.case import Actor
from commandcenter.domain.vocabulary import Role
from commandcenter.services import actions as svc
from commandcenter.ui.labels import role_label


class ActingMixin:
    _read_only: str | None
    chooser: QWidget | None

    # ------------------------------------------------------------------ acting as
    def actor(self) -> Actor:
        return self._actor

    def use_principal(self, principal: Any) -> None:
        """Sign-in changed (issue 8): act as `principal` only (chooser hidden), or with None
        go back to the operator of the settings and the chooser."""
        self._principal = principal
        signed_in = principal is not None
        self._show_chooser(not signed_in)
        self.acting.setEnabled(not signed_in and self._read_only is None)
        if signed_in:
            self._actor = principal.actor()
            self._show_actor()
            self._page_follows_actor()
            self.sig_actor_changed.emit(self._actor)
        else:
            self._act_as(None)
            self.load_people()

    def _show_chooser(self, on: bool) -> None:
        for act in self._acting_actions:
            act.setVisible(on)
        if not self._acting_actions:
            self.acting.setVisible(on)
            self.acting_label.setVisible(on)

    def _show_actor(self) -> None:
        a = self._actor
        self.acting.setText(f"{a.name} · {role_label(a.role)} · {a.unit_code or ''}")

    def _after_load(self) -> None:
        self.load_people()

    def load_people(self) -> None:
        if self._people_requested or self._principal is not None:
            return
        self._people_requested = True
        from commandcenter.services.board_people import acting_choices

        self._worker.submit(acting_choices, self._ctx, on_result=self._people_loaded)
        # Warm the pinyin index off the UI thread (the palette and category search use it).
        self._worker.submit(svc.category_search, self._ctx, "a")

    def _people_loaded(self, choices: list[Any]) -> None:
        self._choices = list(choices)
        self._people = [c.person for c in self._choices]
        self.people_loaded = True

    def open_acting_chooser(self) -> None:
        """The searchable unit → person chooser (loads the people first if need be)."""
        if self._principal is not None or self._refuse_read_only():
            return
        if not self.people_loaded:
            self.load_people()
            from commandcenter.ui.board.acting_chooser import still_loading_text

            self._status(still_loading_text())
            return
        from commandcenter.ui.board.acting_chooser import ActingChooser

        chooser = ActingChooser(self._choices, self._actor.user_id, self._page)
        chooser.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        chooser.sig_chosen.connect(lambda i: self._act_as(self._people[i]))
        chooser.destroyed.connect(lambda: setattr(self, "chooser", None))
        self.chooser = chooser
        chooser.open()
        self.sig_dialog_opened.emit(chooser)

    def set_acting_person(self, code: str) -> bool:
        """Act as the person with this code (as picking them in the chooser would)."""
        if self._principal is not None:
            return False
        if code == self._operator.user_id:
            self._act_as(None)
            return True
        for p in self._people:
            if p.code == code:
                self._act_as(p)
                return True
        return False

    def _operator_actor(self) -> Actor:
        """The operator of the settings, as an actor (no sign-in, nobody picked)."""
        o = self._operator
        return Actor(o.user_id, Role(o.role), o.unit_code, getattr(o, "name", "") or o.user_id)

    def _page_follows_actor(self) -> None:
        """The board's "mine" lane follows the acting person's unit."""
        set_operator = getattr(self._page, "set_operator", None)
        if set_operator is not None:
            from commandcenter.settings import Operator

            a = self._actor
            set_operator(Operator(a.user_id, a.role, a.unit_code or "", a.name))

    def _act_as(self, person: svc.PersonChoice | None) -> None:
        self._actor = person.actor() if person is not None else self._operator_actor()
        self._show_actor()
        if person is not None:
            self._page_follows_actor()
        self.sig_actor_changed.emit(self._actor)

    # ------------------------------------------------------------------ read-only
    @property
    def read_only(self) -> bool:
        return self._read_only is not None

    def set_read_only(self, on: bool, reason: str = "") -> None:
        self._read_only = (reason or "—") if on else None  # the page always gives a reason
        for act in (*self.actions.values(), self.new_case_action, self.palette_action):
            act.setEnabled(not on)
        self.more.setEnabled(not on)
        self.acting.setEnabled(not on and self._principal is None)
        for dialog in (self.dialog, getattr(self, "new_case_dialog", None),
                       getattr(self, "palette", None), self.chooser):
            self._hold(dialog, on)

    def _hold(self, dialog: Any, on: bool) -> None:
        """Keep an open dialog's input but stop it submitting (or let it go on again)."""
        try:
            if dialog is None or not dialog.isVisible():
                return
        except RuntimeError:  # already deleted
            return
        hold = getattr(dialog, "set_read_only", None)
        if hold is not None:
            hold(on, self._read_only or "")
        elif on:
            dialog.reject()  # the palette / chooser hold no input worth keeping

    def _refuse_read_only(self) -> bool:
        if self._read_only is None:
            return False
        self._status(self._read_only)
        return True
