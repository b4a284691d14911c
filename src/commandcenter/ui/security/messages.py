"""User-visible texts of the security errors, by stable code (services keep English messages
for the CLI and logs; the dialogs show these, translated in context "SecurityMessages").

`error_text(exc)` turns an `AuthenticationError`, `ValidationError`, `PermissionDenied` or
`UserNotFoundError` into one sentence; anything else becomes a generic failure with the
exception's text (never a traceback).
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from commandcenter.services.errors import (
    AuthenticationError,
    PermissionDenied,
    UserNotFoundError,
    ValidationError,
)
from commandcenter.ui.errors import first_line

_CTX = "SecurityMessages"
AUTH = {
    "bad_credentials": QT_TRANSLATE_NOOP("SecurityMessages", "Unknown user or wrong password."),
    "disabled": QT_TRANSLATE_NOOP("SecurityMessages",
                                  "This account is disabled. Ask an administrator."),
}
LOCKED = QT_TRANSLATE_NOOP("SecurityMessages",
                           "Too many failed attempts: the account is locked until {until}.")
VALIDATION = {
    ("username", "empty"): QT_TRANSLATE_NOOP("SecurityMessages", "Enter a username."),
    ("username", "too_long"): QT_TRANSLATE_NOOP("SecurityMessages",
                                                "A username has at most 32 characters."),
    ("username", "bad_chars"): QT_TRANSLATE_NOOP(
        "SecurityMessages", "A username has 2 to 32 characters: letters a-z, digits, '.', '_' "
        "or '-', starting with a letter or digit."),
    ("username", "taken"): QT_TRANSLATE_NOOP("SecurityMessages", "This username is taken."),
    ("display_name", "empty"): QT_TRANSLATE_NOOP("SecurityMessages", "Enter a display name."),
    ("display_name", "too_long"): QT_TRANSLATE_NOOP(
        "SecurityMessages", "A display name has at most 64 characters."),
    ("display_name", "control_chars"): QT_TRANSLATE_NOOP(
        "SecurityMessages", "The display name contains control characters."),
    ("password", "empty"): QT_TRANSLATE_NOOP("SecurityMessages", "Enter a password."),
    ("password", "too_long"): QT_TRANSLATE_NOOP("SecurityMessages",
                                                "A password has at most 256 characters."),
    ("password", "control_chars"): QT_TRANSLATE_NOOP(
        "SecurityMessages", "The password contains control characters."),
    ("password", "too_short"): QT_TRANSLATE_NOOP("SecurityMessages",
                                                 "The password is too short."),
    ("password", "weak"): QT_TRANSLATE_NOOP(
        "SecurityMessages", "Use at least three of: lower-case letters, upper-case letters, "
        "digits, symbols."),
    ("password", "contains_username"): QT_TRANSLATE_NOOP(
        "SecurityMessages", "The password must not contain the username."),
    ("password", "unchanged"): QT_TRANSLATE_NOOP("SecurityMessages",
                                                 "The new password is the old one."),
    ("role", "last_admin"): QT_TRANSLATE_NOOP(
        "SecurityMessages", "This is the last enabled administrator account."),
    ("scope_code", "unknown"): QT_TRANSLATE_NOOP("SecurityMessages",
                                                 "No street or unit with this code."),
    ("scope_code", "empty"): QT_TRANSLATE_NOOP("SecurityMessages",
                                               "A street or unit scope needs a code."),
    ("person_code", "unknown"): QT_TRANSLATE_NOOP("SecurityMessages",
                                                  "No person with this code."),
}
DENIED = QT_TRANSLATE_NOOP("SecurityMessages", "You are not allowed to do this.")
NOT_FOUND = QT_TRANSLATE_NOOP("SecurityMessages", "No such account.")
FAILED = QT_TRANSLATE_NOOP("SecurityMessages", "It did not work: {error}")
MISMATCH = QT_TRANSLATE_NOOP("SecurityMessages", "The two passwords differ.")
STRENGTH_RULE = QT_TRANSLATE_NOOP(
    "SecurityMessages", "At least 10 characters, with three of: lower-case letters, upper-case "
    "letters, digits, symbols.")


def tr(text: str) -> str:
    return QCoreApplication.translate(_CTX, text)


def error_text(exc: BaseException) -> str:
    if isinstance(exc, AuthenticationError):
        if exc.code == "locked" and exc.until is not None:
            return tr(LOCKED).format(until=f"{exc.until:%H:%M}")
        return tr(AUTH.get(exc.code, str(exc)))
    if isinstance(exc, ValidationError):
        text = VALIDATION.get((exc.field, exc.code))
        return tr(text) if text else str(exc)
    if isinstance(exc, PermissionDenied):
        return tr(DENIED)
    if isinstance(exc, UserNotFoundError):
        return tr(NOT_FOUND)
    return tr(FAILED).format(error=first_line(exc))


AUDIT_ACTIONS = {
    "auth.sign_in": QT_TRANSLATE_NOOP("SecurityMessages", "Signed in"),
    "auth.sign_in_failed": QT_TRANSLATE_NOOP("SecurityMessages", "Failed sign-in"),
    "auth.locked": QT_TRANSLATE_NOOP("SecurityMessages", "Account locked"),
    "auth.password_changed": QT_TRANSLATE_NOOP("SecurityMessages", "Password changed"),
    "auth.password_change_failed": QT_TRANSLATE_NOOP("SecurityMessages",
                                                     "Failed password change"),
    "user.add": QT_TRANSLATE_NOOP("SecurityMessages", "Account added"),
    "user.update": QT_TRANSLATE_NOOP("SecurityMessages", "Account changed"),
    "user.disable": QT_TRANSLATE_NOOP("SecurityMessages", "Account disabled"),
    "user.enable": QT_TRANSLATE_NOOP("SecurityMessages", "Account enabled"),
    "user.reset_password": QT_TRANSLATE_NOOP("SecurityMessages", "Password reset"),
    "user.unlock": QT_TRANSLATE_NOOP("SecurityMessages", "Account unlocked"),
    "audit.export": QT_TRANSLATE_NOOP("SecurityMessages", "Audit exported"),
    "case.report": QT_TRANSLATE_NOOP("SecurityMessages", "Case reported"),
}


def audit_action_label(action: str) -> str:
    """A translated name for an audit action ("case.<action>" uses the lifecycle's action
    labels); unknown actions (e.g. a newer build's, or the identity helpers') show raw."""
    if action in AUDIT_ACTIONS:
        return tr(AUDIT_ACTIONS[action])
    if action.startswith("case."):
        from commandcenter.ui.labels import action_label

        return action_label(action[5:])
    return action
