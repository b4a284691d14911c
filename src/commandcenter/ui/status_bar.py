"""The shell's status bar: which database, who is signed in (role and unit), the sync state.

Contracts
- Texts are rebuilt from plain values on every language change; the database is shown by
  `settings.describe_db_url` (a file path, or a server URL with the password hidden).
- The shell shows "Not signed in" until `set_operator` (the window attached to the store).
- `set_unit_name` is called once the unit's name was looked up on the DB worker; until then the
  unit code is shown. `set_busy` shows that the DB worker has work queued.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QFrame, QLabel, QSizePolicy, QStatusBar, QWidget

from commandcenter.settings import Operator, SyncFolders, describe_db_url
from commandcenter.ui.labels import role_label


class ElidingLabel(QLabel):
    """A one-line label that shrinks below its text's width by eliding the middle of the text
    (a long database path must not fix the window's minimum width); `full_text()` is the text."""

    MIN_WIDTH_PX = 80

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._full = ""
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)

    def set_full_text(self, text: str) -> None:
        self._full = text
        self.updateGeometry()
        self._elide()

    def full_text(self) -> str:
        return self._full

    def sizeHint(self) -> QSize:
        m = self.contentsMargins()
        width = self.fontMetrics().horizontalAdvance(self._full) + m.left() + m.right() + 4
        return QSize(width, super().sizeHint().height())

    def minimumSizeHint(self) -> QSize:
        return QSize(self.MIN_WIDTH_PX, super().minimumSizeHint().height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        available = self.contentsRect().width() - 4
        self.setText(self.fontMetrics().elidedText(self._full, Qt.TextElideMode.ElideMiddle,
                                                   max(available, 0)))


class ShellStatusBar(QStatusBar):
    def __init__(self, db_url: str, operator: Operator | None, sync: SyncFolders,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("shell_status_bar")
        self._db_where = describe_db_url(db_url)
        self._operator = operator
        self._unit_name = operator.unit_code if operator is not None else ""
        self._sync = sync
        self._busy = False
        self.busy_label = QLabel(self)
        self.busy_label.setObjectName("status_busy")
        self.db_label = ElidingLabel(self)
        self.db_label.setObjectName("status_db")
        self.operator_label = QLabel(self)
        self.operator_label.setObjectName("status_operator")
        self.sync_label = QLabel(self)
        self.sync_label.setObjectName("status_sync")
        self.addWidget(self.busy_label)
        for label, stretch in ((self.db_label, 1), (self.operator_label, 0),
                               (self.sync_label, 0)):
            label.setContentsMargins(8, 0, 8, 0)
            label.setFrameShape(QFrame.Shape.StyledPanel)
            self.addPermanentWidget(label, stretch)
        self.retranslate_ui()

    def set_operator(self, operator: Operator) -> None:
        """Who the window acts as, once it is attached to the store (the shell has nobody)."""
        self._operator = operator
        self._unit_name = operator.unit_code
        self.retranslate_ui()

    def set_unit_name(self, name: str) -> None:
        if self._operator is not None:
            self._unit_name = name or self._operator.unit_code
            self.retranslate_ui()

    def set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.busy_label.setText(self.tr("Working…") if busy else "")

    def retranslate_ui(self) -> None:
        self.db_label.set_full_text(self.tr("Database: {where}").format(where=self._db_where))
        self.db_label.setToolTip(self._db_where)
        self.db_label.setAccessibleName(self.tr("Database location"))
        if self._operator is None:
            who = self.tr("Not signed in")
        elif self._operator.name:
            who = self.tr("Signed in: {name} ({role}), {unit}").format(
                name=self._operator.name, role=role_label(self._operator.role),
                unit=self._unit_name)
        else:
            who = self.tr("Signed in: {role}, {unit}").format(
                role=role_label(self._operator.role), unit=self._unit_name)
        self.operator_label.setText(who)
        self.operator_label.setAccessibleName(self.tr("Signed-in role and unit"))
        if self._sync.configured:
            sync_text = self.tr("Sync: configured, not yet running")
        else:
            sync_text = self.tr("Sync: not configured")
        self.sync_label.setText(sync_text)
        self.sync_label.setAccessibleName(self.tr("Synchronisation state"))
        self.set_busy(self._busy)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)
