"""File → Settings: database, district sync folders and schedule, language, theme, font size.

Contracts
- `SettingsDialog(settings, paths, parent)` edits a copy of `Settings`; nothing is written until
  OK. On OK a changed database is first tested (`settings.probe_db_url` on a background thread:
  the UI keeps painting and a server that does not answer costs at most its timeout); a
  failing test keeps the dialog open with the reason shown and saves nothing. Then the settings
  are saved (`settings.save`) and `sig_saved(Settings)` is emitted; the owner applies language,
  theme and font live and tells the user a database change needs a restart.
- "Test connection" runs the same probe on demand; the result shows under the field.
- Changing the language here does not touch open forms: the application only re-translates
  widget texts (`QEvent.LanguageChange`), user input stays.
- Retranslates itself; `probe` may be replaced (tests) by a function url -> str raising
  ValueError.
"""

from __future__ import annotations

import contextlib
import threading
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from commandcenter import settings as settings_mod
from commandcenter.settings import AppPaths, Settings, SyncFolders
from commandcenter.ui.i18n import LANGUAGE_NAMES


class _ProbeBridge(QObject):
    """Carries a probe's result from its thread to the GUI thread (queued signal)."""

    sig_done = Signal(int, bool, str)  # request number, ok, message


class SettingsDialog(QDialog):
    sig_saved = Signal(object)  # the saved Settings
    sig_probe_finished = Signal(bool, str)  # tests: ok, message

    def __init__(self, settings: Settings, paths: AppPaths, parent: QWidget | None = None,
                 db_url_in_use: str = "") -> None:
        super().__init__(parent)
        self.setObjectName("settings_dialog")
        self.original = settings
        self.paths = paths
        self.probe = settings_mod.probe_db_url
        self._db_url_in_use = db_url_in_use
        self._request = 0
        self._pending_save = False
        self._tested_ok: str | None = None
        self._bridge = _ProbeBridge(self)
        self._bridge.sig_done.connect(self._probe_done)
        self._build()
        self._load(settings)
        self.retranslate_ui()

    # ------------------------------------------------------------------ construction
    def _build(self) -> None:
        self.db_box = QGroupBox(self)
        self.sqlite_radio = QRadioButton(self, objectName="db_sqlite")
        self.postgres_radio = QRadioButton(self, objectName="db_postgres")
        self.db_kind = QButtonGroup(self)
        self.db_kind.addButton(self.sqlite_radio)
        self.db_kind.addButton(self.postgres_radio)
        self.sqlite_edit = QLineEdit(self, objectName="db_sqlite_path")
        self.sqlite_browse = QPushButton(self, objectName="db_sqlite_browse")
        self.sqlite_browse.clicked.connect(self._browse_sqlite)
        self.postgres_edit = QLineEdit(self, objectName="db_postgres_url")
        self.postgres_edit.setPlaceholderText("postgresql+psycopg://user:password@host:5432/db")
        self.test_button = QPushButton(self, objectName="db_test")
        self.test_button.clicked.connect(self.test_connection)
        self.test_label = QLabel(self, objectName="db_test_result")
        self.test_label.setWordWrap(True)
        self.restart_label = QLabel(self, objectName="db_restart_note")
        self.restart_label.setWordWrap(True)
        for w in (self.sqlite_edit, self.postgres_edit):
            w.textChanged.connect(self._db_edited)
        self.sqlite_radio.toggled.connect(self._db_edited)
        sqlite_row = QHBoxLayout()
        sqlite_row.addWidget(self.sqlite_edit, 1)
        sqlite_row.addWidget(self.sqlite_browse)
        db_layout = QFormLayout(self.db_box)
        db_layout.addRow(self.sqlite_radio, sqlite_row)
        db_layout.addRow(self.postgres_radio, self.postgres_edit)
        test_row = QHBoxLayout()
        test_row.addWidget(self.test_button)
        test_row.addWidget(self.test_label, 1)
        db_layout.addRow(test_row)
        db_layout.addRow(self.restart_label)

        self.sync_box = QGroupBox(self)
        self.inbox_edit = QLineEdit(self, objectName="sync_inbox")
        self.outbox_edit = QLineEdit(self, objectName="sync_outbox")
        self.inbox_browse = QPushButton(self, objectName="sync_inbox_browse")
        self.outbox_browse = QPushButton(self, objectName="sync_outbox_browse")
        self.inbox_browse.clicked.connect(lambda: self._browse_folder(self.inbox_edit))
        self.outbox_browse.clicked.connect(lambda: self._browse_folder(self.outbox_edit))
        self.interval_spin = QSpinBox(self, objectName="sync_interval")
        self.interval_spin.setRange(0, 24 * 60)
        self.sync_form = QFormLayout(self.sync_box)
        self.sync_labels = [QLabel(self) for _ in range(3)]
        for label, edit, browse in ((self.sync_labels[0], self.inbox_edit, self.inbox_browse),
                                    (self.sync_labels[1], self.outbox_edit, self.outbox_browse)):
            row = QHBoxLayout()
            row.addWidget(edit, 1)
            row.addWidget(browse)
            label.setBuddy(edit)
            self.sync_form.addRow(label, row)
        self.sync_labels[2].setBuddy(self.interval_spin)
        self.sync_form.addRow(self.sync_labels[2], self.interval_spin)

        self.look_box = QGroupBox(self)
        self.language_combo = QComboBox(self, objectName="language_combo")
        for lang, name in LANGUAGE_NAMES.items():
            self.language_combo.addItem(name, lang)
        self.theme_combo = QComboBox(self, objectName="theme_combo")
        for theme in settings_mod.THEMES:
            self.theme_combo.addItem("", theme)
        self.font_spin = QSpinBox(self, objectName="font_size")
        self.font_spin.setRange(0, max(settings_mod.FONT_SIZES))
        self.font_spin.setSuffix(" pt")
        self.font_spin.valueChanged.connect(self._font_step)
        self.look_form = QFormLayout(self.look_box)
        self.look_labels = [QLabel(self) for _ in range(3)]
        for label, field in zip(self.look_labels,
                                (self.language_combo, self.theme_combo, self.font_spin)):
            label.setBuddy(field)
            self.look_form.addRow(label, field)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for box in (self.db_box, self.sync_box, self.look_box):
            layout.addWidget(box)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.resize(620, self.sizeHint().height())

    def _load(self, s: Settings) -> None:
        from sqlalchemy.engine import make_url  # settings already needs SQLAlchemy

        is_postgres = False
        if s.db_url:
            try:
                is_postgres = make_url(s.db_url).get_backend_name() != "sqlite"
            except Exception:
                is_postgres = True  # shown as typed, so it can be corrected
        if is_postgres:
            self.postgres_radio.setChecked(True)
            self.postgres_edit.setText(s.db_url)
        else:
            self.sqlite_radio.setChecked(True)
            where = settings_mod.describe_db_url(s.db_url) if s.db_url else ""
            self.sqlite_edit.setText(where)
        self.inbox_edit.setText(s.sync.inbox)
        self.outbox_edit.setText(s.sync.outbox)
        self.interval_spin.setValue(s.sync.interval_minutes)
        self.language_combo.setCurrentIndex(max(self.language_combo.findData(s.language), 0))
        self.theme_combo.setCurrentIndex(max(self.theme_combo.findData(s.theme), 0))
        self.font_spin.setValue(s.font_size)
        self._db_edited()

    # ------------------------------------------------------------------ values
    def db_url(self) -> str:
        """The database URL as edited ("" = the default SQLite file in the data dir)."""
        if self.postgres_radio.isChecked():
            return self.postgres_edit.text().strip()
        path = self.sqlite_edit.text().strip()
        return settings_mod.sqlite_url(Path(path).expanduser()) if path else ""

    def edited(self) -> Settings:
        sync = replace(self.original.sync, inbox=self.inbox_edit.text().strip(),
                       outbox=self.outbox_edit.text().strip(),
                       interval_minutes=self.interval_spin.value())
        return replace(self.original, db_url=self.db_url(),
                       language=self.language_combo.currentData(),
                       theme=self.theme_combo.currentData(), font_size=self.font_spin.value(),
                       sync=SyncFolders(sync.inbox, sync.outbox, sync.interval_minutes))

    def db_changed(self) -> bool:
        return self.db_url() != self.original.db_url

    def _url_to_test(self) -> str:
        url = self.db_url()
        if url:
            return url
        return settings_mod.sqlite_url(self.paths.default_db_file)

    # ------------------------------------------------------------------ behaviour
    def _db_edited(self, *_args: object) -> None:
        self.sqlite_edit.setEnabled(self.sqlite_radio.isChecked())
        self.sqlite_browse.setEnabled(self.sqlite_radio.isChecked())
        self.postgres_edit.setEnabled(self.postgres_radio.isChecked())
        self._tested_ok = None
        self.restart_label.setVisible(self.db_changed())

    def _font_step(self, value: int) -> None:
        # 1..7 pt are not offered: stepping up from "Default" lands on the smallest size
        if 0 < value < min(s for s in settings_mod.FONT_SIZES if s):
            self.font_spin.setValue(min(s for s in settings_mod.FONT_SIZES if s))

    def _browse_sqlite(self) -> None:
        start = self.sqlite_edit.text() or str(self.paths.data_dir)
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Database file"), start,
            self.tr("SQLite databases (*.sqlite3 *.sqlite *.db);;All files (*)"),
            options=QFileDialog.Option.DontConfirmOverwrite)
        if path:
            self.sqlite_edit.setText(path)

    def _browse_folder(self, edit: QLineEdit) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Choose a folder"), edit.text())
        if folder:
            edit.setText(folder)

    def test_connection(self) -> None:
        """Probe the edited database on a background thread; the answer comes back queued."""
        self._request += 1
        request, url, probe, bridge = self._request, self._url_to_test(), self.probe, self._bridge
        self.test_button.setEnabled(False)
        self.test_label.setText(self.tr("Testing the connection…"))

        def run() -> None:
            try:
                ok, message = True, probe(url)
            except Exception as exc:  # ValueError from the probe, anything else too
                ok, message = False, str(exc) or type(exc).__name__
            with contextlib.suppress(RuntimeError):  # the dialog is gone
                bridge.sig_done.emit(request, ok, message)

        threading.Thread(target=run, name="settings-db-probe", daemon=True).start()

    def _probe_done(self, request: int, ok: bool, message: str) -> None:
        if request != self._request:
            return  # an older test, overtaken by an edit and a new test
        self.test_button.setEnabled(True)
        if ok:
            self._tested_ok = self._url_to_test()
            self.test_label.setText(self.tr("Connected: {what}").format(what=message))
        else:
            self.test_label.setText(self.tr("Cannot connect: {error}").format(error=message))
        self.sig_probe_finished.emit(ok, message)
        if self._pending_save:
            self._pending_save = False
            self.buttons.setEnabled(True)
            if ok:
                self._save_and_close()

    def accept(self) -> None:
        if self.db_changed() and self._tested_ok != self._url_to_test():
            self._pending_save = True
            self.buttons.setEnabled(False)
            self.test_connection()
            return
        self._save_and_close()

    def _save_and_close(self) -> None:
        saved = self.edited()
        settings_mod.save(saved, self.paths)
        self.sig_saved.emit(saved)
        super().accept()

    # ------------------------------------------------------------------ language
    def retranslate_ui(self) -> None:
        self.setWindowTitle(self.tr("Settings"))
        self.db_box.setTitle(self.tr("Database"))
        self.sqlite_radio.setText(self.tr("SQLite file"))
        self.postgres_radio.setText(self.tr("PostgreSQL server"))
        self.sqlite_edit.setPlaceholderText(
            self.tr("Default: {path}").format(path=str(self.paths.default_db_file)))
        self.sqlite_browse.setText(self.tr("Browse…"))
        self.test_button.setText(self.tr("Test connection"))
        self.restart_label.setText(self.tr(
            "A new database is used after the program is restarted."))
        self.sync_box.setTitle(self.tr("District sync"))
        self.inbox_browse.setText(self.tr("Browse…"))
        self.outbox_browse.setText(self.tr("Browse…"))
        self.interval_spin.setSpecialValueText(self.tr("Manual only"))
        self.interval_spin.setSuffix(self.tr(" min"))
        labels = (self.tr("&Inbox folder"), self.tr("&Outbox folder"), self.tr("&Run every"))
        for label, text in zip(self.sync_labels, labels):
            label.setText(text)
        self.look_box.setTitle(self.tr("Appearance"))
        names = {"system": self.tr("Follow the system"), "light": self.tr("Light"),
                 "dark": self.tr("Dark")}
        for i in range(self.theme_combo.count()):
            self.theme_combo.setItemText(i, names[self.theme_combo.itemData(i)])
        self.font_spin.setSpecialValueText(self.tr("Default"))
        labels = (self.tr("&Language"), self.tr("&Theme"), self.tr("&Font size"))
        for label, text in zip(self.look_labels, labels):
            label.setText(text)
        for edit, name in ((self.sqlite_edit, self.tr("SQLite file")),
                           (self.postgres_edit, self.tr("PostgreSQL server")),
                           (self.inbox_edit, self.tr("Inbox folder")),
                           (self.outbox_edit, self.tr("Outbox folder"))):
            edit.setAccessibleName(name)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)
