"""Errors the services raise to their callers (ui/, cli.py, sync/).

- `TransitionError` (from the domain): the lifecycle refused an action; ``code`` is stable
  (``wrong_state``, ``wrong_role``, ``wrong_unit``, ``missing_input``, ``bad_input``) and
  ``params`` explain it. The services also use ``bad_input`` for parameters that cannot be
  turned into a command (unknown action or field, unknown unit or category).
- `ConflictError`: someone else changed the case first (the caller's ``expected_version`` was
  stale, or a concurrent writer won the race). Nothing was written. It says what changed, so the
  UI can explain it and offer to reload.
- `CaseNotFoundError`: no case with that id or code.
"""

from __future__ import annotations

from commandcenter.domain.case import DomainError, TransitionError
from commandcenter.store.records import CaseNotFoundError, EventRecord, StaleVersionError

__all__ = ["CaseNotFoundError", "ConflictError", "DomainError", "TransitionError"]


class ConflictError(StaleVersionError):
    """A stale write was refused.

    Attributes: ``case_id``, ``code`` (the case's code, if it still exists), ``expected`` (the
    version the caller had), ``actual`` (the version in the database, None if the case is gone)
    and ``changes``: the events written since ``expected``, oldest first (who did what, when).
    """

    def __init__(
        self,
        case_id: int,
        expected: int,
        actual: int | None,
        changes: tuple[EventRecord, ...] = (),
        code: str | None = None,
    ) -> None:
        super().__init__(case_id, expected, actual)
        self.changes = changes
        self.code = code
        if changes:
            what = "; ".join(
                f"{e.action} by {e.actor_id} ({e.role.value}) at {e.at:%Y-%m-%d %H:%M}" for e in changes
            )
            self.args = (f"{self.args[0]} ({what})",)

    @property
    def actions(self) -> tuple[str, ...]:
        return tuple(e.action for e in self.changes)
