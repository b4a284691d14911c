"""Table model of accounts for the admin dialog: plain `auth.UserInfo` rows, no hashes.

Columns ``COL_*``; `DisplayRole` text (role translated, scope as "street 320104001"),
`UsernameRole` the username of the row. `set_rows` replaces everything (a few hundred accounts).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from commandcenter.services.auth import UserInfo
from commandcenter.ui.labels import role_label

from .row_model import RowsModel

COL_USERNAME, COL_NAME, COL_ROLE, COL_SCOPE, COL_STATUS, COL_LAST = range(6)
UsernameRole = Qt.ItemDataRole.UserRole + 1


class UserTableModel(RowsModel[UserInfo]):
    def headers(self) -> tuple[str, ...]:
        return (self.tr("Username"), self.tr("Display name"), self.tr("Role"), self.tr("Scope"),
                self.tr("Status"), self.tr("Last sign-in"))

    def scope_text(self, u: UserInfo) -> str:
        kind = {"district": self.tr("District"), "street": self.tr("Street"),
                "unit": self.tr("Unit")}.get(u.scope_kind.value, u.scope_kind.value)
        return f"{kind} {u.scope_code}" if u.scope_code else kind

    def status_text(self, u: UserInfo) -> str:
        parts = []
        if u.disabled:
            parts.append(self.tr("disabled"))
        if u.locked_until is not None:
            parts.append(self.tr("locked until {until}").format(until=f"{u.locked_until:%H:%M}"))
        if u.must_change_password:
            parts.append(self.tr("must change password"))
        return ", ".join(parts) or self.tr("active")

    def row_data(self, u: UserInfo, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            last = f"{u.last_sign_in:%Y-%m-%d %H:%M}" if u.last_sign_in else "-"
            return (u.username, u.display_name, role_label(u.role), self.scope_text(u),
                    self.status_text(u), last)[column]
        if role == UsernameRole:
            return u.username
        return None
