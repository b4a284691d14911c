"""Translated display labels for the shared vocabulary (states, channels, roles, actions).

The domain stores stable English identifiers; people read labels. The tables below mark English
source labels with QT_TRANSLATE_NOOP so pyside6-lupdate collects them (contexts "State",
"Channel", "Role", "Action"); the `*_label` functions translate at call time, so a language
switch takes effect the next time a view asks. An unknown value is shown as its raw identifier
rather than raising: a newer database may hold values this build does not know.
"""

from __future__ import annotations

from enum import StrEnum

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from commandcenter.domain.vocabulary import Channel, Role, State

STATE_LABELS: dict[str, str] = {
    State.REPORTED: QT_TRANSLATE_NOOP("State", "Reported"),
    State.PENDING_ACCEPT: QT_TRANSLATE_NOOP("State", "Pending acceptance"),
    State.VERIFYING: QT_TRANSLATE_NOOP("State", "Verifying"),
    State.PENDING_REGISTER: QT_TRANSLATE_NOOP("State", "Pending registration"),
    State.PENDING_DISPATCH: QT_TRANSLATE_NOOP("State", "Pending dispatch"),
    State.WHISTLED: QT_TRANSLATE_NOOP("State", "Whistle blown"),
    State.DISPATCHED: QT_TRANSLATE_NOOP("State", "Awaiting sign-for"),
    State.IN_PROGRESS: QT_TRANSLATE_NOOP("State", "In progress"),
    State.PENDING_CHECK: QT_TRANSLATE_NOOP("State", "Pending check"),
    State.PENDING_CLOSE: QT_TRANSLATE_NOOP("State", "Pending closing"),
    State.PENDING_VISIT: QT_TRANSLATE_NOOP("State", "Pending callback"),
    State.CLOSED: QT_TRANSLATE_NOOP("State", "Closed"),
    State.HUNG: QT_TRANSLATE_NOOP("State", "Hung"),
    State.VOID: QT_TRANSLATE_NOOP("State", "Void"),
    State.MERGED: QT_TRANSLATE_NOOP("State", "Merged"),
}

CHANNEL_LABELS: dict[str, str] = {
    Channel.GRID_WORKER: QT_TRANSLATE_NOOP("Channel", "Grid worker report"),
    Channel.HOTLINE_12345: QT_TRANSLATE_NOOP("Channel", "12345 hotline"),
    Channel.SERVICE_WINDOW: QT_TRANSLATE_NOOP("Channel", "Service window"),
    Channel.DEPARTMENT_TRANSFER: QT_TRANSLATE_NOOP("Channel", "Department transfer"),
    Channel.SENSOR: QT_TRANSLATE_NOOP("Channel", "Sensor or video alert"),
    Channel.LEADER_INSTRUCTION: QT_TRANSLATE_NOOP("Channel", "Leader's instruction"),
    Channel.DISTRICT_SYNC: QT_TRANSLATE_NOOP("Channel", "District platform sync"),
}

ROLE_LABELS: dict[str, str] = {
    Role.SYSTEM: QT_TRANSLATE_NOOP("Role", "System"),
    Role.INTAKE_OPERATOR: QT_TRANSLATE_NOOP("Role", "Intake operator"),
    Role.SHIFT_LEADER: QT_TRANSLATE_NOOP("Role", "Shift leader"),
    Role.DISPATCHER: QT_TRANSLATE_NOOP("Role", "Dispatcher"),
    Role.HANDLING_UNIT: QT_TRANSLATE_NOOP("Role", "Handling unit"),
    Role.GRID_WORKER: QT_TRANSLATE_NOOP("Role", "Grid worker"),
    Role.CALLBACK_OPERATOR: QT_TRANSLATE_NOOP("Role", "Callback operator"),
    Role.SUPERVISOR: QT_TRANSLATE_NOOP("Role", "Supervisor"),
    Role.ADMIN: QT_TRANSLATE_NOOP("Role", "Administrator"),
    Role.VIEWER: QT_TRANSLATE_NOOP("Role", "Viewer"),
}

# Keyed by the action names of domain.commands (plus "report", the event of a new case).
ACTION_LABELS: dict[str, str] = {
    "report": QT_TRANSLATE_NOOP("Action", "Report"),
    "screen": QT_TRANSLATE_NOOP("Action", "Pass duplicate check"),
    "merge": QT_TRANSLATE_NOOP("Action", "Merge into parent case"),
    "accept": QT_TRANSLATE_NOOP("Action", "Accept"),
    "send_to_verify": QT_TRANSLATE_NOOP("Action", "Send for verification"),
    "invalidate": QT_TRANSLATE_NOOP("Action", "Invalidate"),
    "handle_on_spot": QT_TRANSLATE_NOOP("Action", "Handled on the spot"),
    "verify_true": QT_TRANSLATE_NOOP("Action", "Verified as true"),
    "verify_false": QT_TRANSLATE_NOOP("Action", "Verified as false"),
    "register": QT_TRANSLATE_NOOP("Action", "Register"),
    "refuse_register": QT_TRANSLATE_NOOP("Action", "Refuse registration"),
    "dispatch": QT_TRANSLATE_NOOP("Action", "Dispatch"),
    "whistle": QT_TRANSLATE_NOOP("Action", "Blow the whistle"),
    "check_in": QT_TRANSLATE_NOOP("Action", "Check in"),
    "rate_check_in": QT_TRANSLATE_NOOP("Action", "Rate check-in"),
    "sign": QT_TRANSLATE_NOOP("Action", "Sign for"),
    "return": QT_TRANSLATE_NOOP("Action", "Return"),
    "judge_return": QT_TRANSLATE_NOOP("Action", "Rule on return"),
    "request_extension": QT_TRANSLATE_NOOP("Action", "Request extension"),
    "approve_extension": QT_TRANSLATE_NOOP("Action", "Approve extension"),
    "reject_extension": QT_TRANSLATE_NOOP("Action", "Reject extension"),
    "request_hang": QT_TRANSLATE_NOOP("Action", "Request hanging"),
    "hang": QT_TRANSLATE_NOOP("Action", "Hang"),
    "unhang": QT_TRANSLATE_NOOP("Action", "Unhang"),
    "request_co_handling": QT_TRANSLATE_NOOP("Action", "Request co-handling"),
    "add_co_handlers": QT_TRANSLATE_NOOP("Action", "Add co-handling units"),
    "report_done": QT_TRANSLATE_NOOP("Action", "Report done"),
    "check_pass": QT_TRANSLATE_NOOP("Action", "Check passed"),
    "check_fail": QT_TRANSLATE_NOOP("Action", "Check failed (rework)"),
    "close": QT_TRANSLATE_NOOP("Action", "Close"),
    "force_close": QT_TRANSLATE_NOOP("Action", "Force close"),
    "callback": QT_TRANSLATE_NOOP("Action", "Callback visit"),
    "reopen": QT_TRANSLATE_NOOP("Action", "Reopen"),
    "supervise": QT_TRANSLATE_NOOP("Action", "Supervise"),
}


def _label(context: str, table: dict[str, str], value: str | StrEnum) -> str:
    source = table.get(str(value))
    if source is None:
        return str(value)
    return QCoreApplication.translate(context, source)


def state_label(state: str | State) -> str:
    return _label("State", STATE_LABELS, state)


def channel_label(channel: str | Channel) -> str:
    return _label("Channel", CHANNEL_LABELS, channel)


def role_label(role: str | Role) -> str:
    return _label("Role", ROLE_LABELS, role)


def action_label(action: str) -> str:
    return _label("Action", ACTION_LABELS, action)
