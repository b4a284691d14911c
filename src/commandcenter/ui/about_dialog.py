"""Help → About: the version, where the database, settings and logs are, and the licences of
the libraries the program ships with.

Contracts
- `about_text(db_url, paths)`: the rich text of the top part (escaped; the database shown by
  `describe_db_url`, so a server password never appears).
- `dependency_licences()`: (name, version, licence) for every runtime dependency in
  `LICENSED_DISTRIBUTIONS`, read from the installed metadata (`License-Expression`, else the
  `License` field's first line, else the licence classifier); "?" where the metadata is missing
  (the bundle ships the metadata: build.spec copies it). Qt itself is listed from PySide6.
- `AboutDialog(parent, db_url, paths)`; `show_about(parent, db_url, paths)` opens it modally.
"""

from __future__ import annotations

import html
from importlib import metadata

from PySide6.QtCore import QCoreApplication, Qt, qVersion
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from commandcenter import __version__
from commandcenter.settings import AppPaths, describe_db_url

# The runtime dependencies (pyproject) and the libraries they bring that matter for licensing.
LICENSED_DISTRIBUTIONS = (
    "PySide6-Essentials", "shiboken6", "pyqtgraph", "SQLAlchemy", "alembic", "Mako",
    "MarkupSafe", "pandas", "numpy", "python-dateutil", "tzdata", "shapely", "chinesecalendar",
    "coordTransform", "platformdirs", "psycopg", "psycopg-binary", "openpyxl", "et_xmlfile",
    "charset-normalizer", "pypinyin", "typing_extensions",
)


def licence_of(meta: metadata.PackageMetadata) -> str:
    expression = (meta.get("License-Expression") or "").strip()
    if expression:
        return expression
    field = (meta.get("License") or "").strip()
    if field and field.upper() != "UNKNOWN":
        return field.splitlines()[0][:60]
    for classifier in meta.get_all("Classifier") or []:
        if classifier.startswith("License ::"):
            return classifier.split("::")[-1].strip()
    return "?"


def dependency_licences() -> list[tuple[str, str, str]]:
    rows = [("Qt", qVersion(), "LGPL-3.0-only OR GPL-2.0-only OR GPL-3.0-only")]
    for name in LICENSED_DISTRIBUTIONS:
        try:
            meta = metadata.metadata(name)  # one read: the version is in it too
            rows.append((name, meta["Version"], licence_of(meta)))
        except metadata.PackageNotFoundError:
            rows.append((name, "?", "?"))
    return rows


def about_text(db_url: str, paths: AppPaths) -> str:
    """The About box's rich text (escaped: paths may hold any character)."""
    rows = [
        (QCoreApplication.translate("AboutDialog", "Version"), __version__),
        (QCoreApplication.translate("AboutDialog", "Database"), describe_db_url(db_url)),
        (QCoreApplication.translate("AboutDialog", "Settings"), str(paths.settings_file)),
        (QCoreApplication.translate("AboutDialog", "Logs"), str(paths.log_dir)),
    ]
    title = QCoreApplication.translate("AboutDialog", "Command and Dispatch Centre")
    blurb = QCoreApplication.translate(
        "AboutDialog", "Case intake, dispatch, supervision and assessment for a district "
                       "social-governance command centre.")
    body = "".join(f"<tr><td><b>{html.escape(k)}</b>&nbsp;</td><td>{html.escape(v)}</td></tr>"
                   for k, v in rows)
    return f"<h3>{html.escape(title)}</h3><p>{html.escape(blurb)}</p><table>{body}</table>"


class AboutDialog(QDialog):
    def __init__(self, parent: QWidget, db_url: str, paths: AppPaths) -> None:
        super().__init__(parent)
        self.setObjectName("about_box")
        self.setWindowTitle(QCoreApplication.translate("AboutDialog", "About"))
        self.setAccessibleName(QCoreApplication.translate("AboutDialog", "About"))
        icon = QLabel(self)
        icon.setPixmap(parent.windowIcon().pixmap(64, 64))
        icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.text = QLabel(about_text(db_url, paths), self, objectName="about_text")
        self.text.setTextFormat(Qt.TextFormat.RichText)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.text.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(icon)
        top.addWidget(self.text, 1)
        heading = QLabel(
            QCoreApplication.translate("AboutDialog", "Libraries and their licences"), self)
        rows = dependency_licences()
        self.licences = QTableWidget(len(rows), 3, self, objectName="about_licences")
        self.licences.setHorizontalHeaderLabels([
            QCoreApplication.translate("AboutDialog", "Library"),
            QCoreApplication.translate("AboutDialog", "Version"),
            QCoreApplication.translate("AboutDialog", "Licence")])
        self.licences.setAccessibleName(heading.text())
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                self.licences.setItem(r, c, QTableWidgetItem(value))
        self.licences.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.licences.verticalHeader().hide()
        header = self.licences.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(heading)
        layout.addWidget(self.licences, 1)
        layout.addWidget(buttons)
        self.resize(620, 560)


def show_about(parent: QWidget, db_url: str, paths: AppPaths) -> None:
    AboutDialog(parent, db_url, paths).exec()
