"""Translated explanations of refusals: domain error codes, conflicts, intake problems.

`refusal_text(code, params)` turns a `TransitionError` (``wrong_state``, ``wrong_role``,
``wrong_unit``, ``missing_input``, ``bad_input``), a bulk result's ``conflict``/``not_found``,
into one specific sentence in the current language; `conflict_text(code, changes)` lists who
did what when. Context "ActionMessages" in actions_zh_CN.ts.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from commandcenter.ui.labels import action_label, role_label, state_label

_CTX = "ActionMessages"


def tr(text: str) -> str:
    return QCoreApplication.translate(_CTX, text)


FIELD_NAMES = {
    "reason": QT_TRANSLATE_NOOP("ActionMessages", "a reason"),
    "unit": QT_TRANSLATE_NOOP("ActionMessages", "the lead unit"),
    "units": QT_TRANSLATE_NOOP("ActionMessages", "the units"),
    "co_handlers": QT_TRANSLATE_NOOP("ActionMessages", "the co-handling units"),
    "departments": QT_TRANSLATE_NOOP("ActionMessages", "the summoned departments"),
    "lead_unit": QT_TRANSLATE_NOOP("ActionMessages", "the lead unit"),
    "minor_code": QT_TRANSLATE_NOOP("ActionMessages", "the minor class"),
    "condition_id": QT_TRANSLATE_NOOP("ActionMessages", "the filing condition"),
    "handle_limit": QT_TRANSLATE_NOOP("ActionMessages", "the handling time limit"),
    "parent_id": QT_TRANSLATE_NOOP("ActionMessages", "the parent case"),
    "extra": QT_TRANSLATE_NOOP("ActionMessages", "the extra time"),
    "rating": QT_TRANSLATE_NOOP("ActionMessages", "the rating"),
    "level": QT_TRANSLATE_NOOP("ActionMessages", "the supervision level"),
}


def field_name(field: str | None) -> str:
    source = FIELD_NAMES.get(field or "")
    return tr(source) if source else (field or "")


def refusal_text(code: str, params: Mapping[str, Any] | None = None, message: str = "") -> str:
    """One translated sentence for a refusal code (see the module docstring)."""
    p = dict(params or {})
    action = action_label(p["action"]) if p.get("action") else ""
    if code == "wrong_state":
        if p.get("state"):
            return (
                QCoreApplication.translate(
                    "ActionMessages", "“%1” is not possible while the case is “%2”."
                )
                .replace("%1", action)
                .replace("%2", state_label(p["state"]))
            )
        return QCoreApplication.translate(
            "ActionMessages", "The case is not in a state that allows this (%1)."
        ).replace("%1", message)
    if code == "wrong_role":
        return (
            QCoreApplication.translate(
                "ActionMessages", "Acting as %1 you may not take the action “%2”."
            )
            .replace("%1", role_label(p.get("role", "")))
            .replace("%2", action)
        )
    if code == "wrong_unit":
        return QCoreApplication.translate(
            "ActionMessages", "Unit %1 is not the unit that may take this action on this case."
        ).replace("%1", str(p.get("unit") or "—"))
    if code == "missing_input":
        return QCoreApplication.translate("ActionMessages", "Missing: %1.").replace(
            "%1", field_name(p.get("field"))
        )
    if code == "bad_input":
        return (
            QCoreApplication.translate("ActionMessages", "Not accepted: %1 (%2).")
            .replace(
                "%1",
                field_name(p.get("field"))
                or QCoreApplication.translate("ActionMessages", "an input"),
            )
            .replace("%2", message)
        )
    if code == "conflict":
        return QCoreApplication.translate(
            "ActionMessages", "Another operator changed the case first; nothing was written."
        )
    if code == "not_found":
        return QCoreApplication.translate("ActionMessages", "The case no longer exists.")
    return message or code


def change_lines(changes: Iterable[tuple[str, str, str, datetime]]) -> list[str]:
    """“14:05 dispatch by QZX-D01 (Dispatcher)” per change, in the current language."""
    out = []
    for action, who, role, at in changes:
        out.append(
            QCoreApplication.translate("ActionMessages", "%1  %2 by %3 (%4)")
            .replace("%1", f"{at:%m-%d %H:%M}")
            .replace("%2", action_label(action))
            .replace("%3", who)
            .replace("%4", role_label(role))
        )
    return out


def conflict_text(code: str, changes: Iterable[tuple[str, str, str, datetime]]) -> str:
    lines = change_lines(changes)
    head = QCoreApplication.translate(
        "ActionMessages",
        "Case %1 was changed by someone else while you were working on it. "
        "Your action was not saved; the board now shows the case as it is.",
    ).replace("%1", code)
    if not lines:
        return head
    return (
        head
        + "\n\n"
        + QCoreApplication.translate("ActionMessages", "What changed:")
        + "\n"
        + "\n".join(f"• {line}" for line in lines)
    )


INTAKE_PROBLEMS = {
    "content_missing": QT_TRANSLATE_NOOP(
        "ActionMessages", "Give a title or a description of the problem."
    ),
    "title_too_long": QT_TRANSLATE_NOOP(
        "ActionMessages", "The title is longer than 200 characters."
    ),
    "address_missing": QT_TRANSLATE_NOOP("ActionMessages", "The address is required."),
    "address_too_long": QT_TRANSLATE_NOOP(
        "ActionMessages", "The address is longer than 200 characters."
    ),
    "location_half": QT_TRANSLATE_NOOP(
        "ActionMessages", "Give both longitude and latitude, or neither."
    ),
    "location_outside": QT_TRANSLATE_NOOP(
        "ActionMessages", "The location is outside China: check longitude and latitude."
    ),
    "name_invalid": QT_TRANSLATE_NOOP(
        "ActionMessages", "The name may contain only Chinese or Latin letters."
    ),
    "phone_invalid": QT_TRANSLATE_NOOP(
        "ActionMessages", "Enter an 11-digit mobile number or a landline with its area code."
    ),
    "id_invalid": QT_TRANSLATE_NOOP(
        "ActionMessages", "Not a valid 18-digit resident ID number (check digit)."
    ),
}


def intake_problem_text(code: str, message: str = "") -> str:
    source = INTAKE_PROBLEMS.get(code)
    return tr(source) if source else message
