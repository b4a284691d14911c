"""Errors the services raise to their callers (ui/, cli.py, sync/).

- `TransitionError` (from the domain): the lifecycle refused an action; ``code`` is stable
  (``wrong_state``, ``wrong_role``, ``wrong_unit``, ``missing_input``, ``bad_input``) and
  ``params`` explain it. The services also use ``bad_input`` for parameters that cannot be
  turned into a command (unknown action or field, unknown unit or category).
- `ConflictError`: someone else changed the case first (the caller's ``expected_version`` was
  stale, or a concurrent writer won the race). Nothing was written. It says what changed, so the
  UI can explain it and offer to reload.
- `CaseNotFoundError`: no case with that id or code.
- `PermissionDenied`: the signed-in principal's role or scope does not allow this (issue 8).
  ``code``: ``read_only`` (the role may not change cases), ``out_of_scope`` (the case is not
  the principal's unit's or street's), ``wrong_role`` (the role may not do this at all, e.g.
  manage users), ``wrong_actor`` (acting as someone other than the principal). Nothing written.
- `AuthenticationError`: sign-in or password check failed. ``code``: ``bad_credentials``
  (unknown user or wrong password: one message for both), ``locked`` (``until`` says when it
  opens), ``disabled``.
- `ValidationError`: unusable input (a username with spaces, an over-long display name, a
  weak password ...); ``field``, stable ``code`` and an English ``message``. Nothing written.
- `UserNotFoundError`: no account with that username.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from commandcenter.domain.case import DomainError, TransitionError
from commandcenter.store.records import CaseNotFoundError, EventRecord, StaleVersionError

__all__ = [
    "AuthenticationError", "CaseNotFoundError", "ConflictError", "DomainError",
    "PermissionDenied", "TransitionError", "UserNotFoundError", "ValidationError",
]


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


class PermissionDenied(Exception):
    """The principal may not do this (see the module docstring for ``code``)."""

    def __init__(self, code: str, message: str, **params: Any) -> None:
        super().__init__(message)
        self.code = code
        self.params = params


class AuthenticationError(Exception):
    """Sign-in refused; ``until`` is the end of a lockout (``code`` "locked")."""

    def __init__(self, code: str, message: str, until: datetime | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.until = until


class ValidationError(ValueError):
    """Unusable input for ``field``; ``code`` is stable (the UI translates it)."""

    def __init__(self, field: str, code: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.code = code


class UserNotFoundError(LookupError):
    def __init__(self, username: str) -> None:
        super().__init__(f"no user {username!r}")
        self.username = username
