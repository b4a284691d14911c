"""Help → About: the version, where the database and the settings are."""

from __future__ import annotations

import html

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from commandcenter import __version__
from commandcenter.settings import AppPaths, describe_db_url


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


def show_about(parent: QWidget, db_url: str, paths: AppPaths) -> None:
    box = QMessageBox(parent)
    box.setObjectName("about_box")
    box.setWindowTitle(QCoreApplication.translate("AboutDialog", "About"))
    box.setTextFormat(Qt.TextFormat.RichText)
    box.setText(about_text(db_url, paths))
    box.setIconPixmap(parent.windowIcon().pixmap(64, 64))
    box.setAccessibleName(QCoreApplication.translate("AboutDialog", "About"))
    box.exec()
