"""Shipped SVG icons (resources/icons/<name>.svg) as QIcons; a missing file gives an empty icon."""

from __future__ import annotations

from functools import cache

from PySide6.QtGui import QIcon

from commandcenter.resources import resource_path

APP_ICON = "app"


@cache
def icon(name: str) -> QIcon:
    path = resource_path("icons", f"{name}.svg")
    return QIcon(str(path)) if path.exists() else QIcon()
