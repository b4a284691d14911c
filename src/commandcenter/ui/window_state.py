"""Window layout that survives a restart: geometry, docks/toolbars, splitters and page states.

Contracts
- Stored in one INI file (QSettings, `<config dir>/window.ini`), nothing else in QSettings.
  Keys: `main_window/geometry`, `main_window/state` (QMainWindow saveGeometry/saveState: docks
  and toolbars), `splitters/<path>` (QSplitter.saveState of every splitter under the window,
  keyed by its object path, so unnamed splitters of a page are kept apart), and
  `pages/<objectName>` (JSON of the page's `view_state()`, for each page implementing it).
  Splitters inside such a page are the page's business (its view state holds them), so only
  the other splitters are saved here: two owners restoring one splitter would fight.
- Pages (contract in WAVE3.md): `view_state() -> dict` (JSON-able) and
  `restore_view_state(state: dict)` tolerating missing or garbled keys. A page whose
  view_state or restore raises is logged and skipped: a bad layout never stops the program.
- `restore(window, pages)` returns False when there was nothing usable (first start), so the
  caller applies its default layout. `restore_pages(window, pages)` restores the view states of
  pages added later (the board, once the shell is attached to the store).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable
from pathlib import Path

from PySide6.QtCore import QByteArray, QObject, QSettings
from PySide6.QtWidgets import QMainWindow, QSplitter, QWidget

log = logging.getLogger(__name__)

GEOMETRY_FILE = "window.ini"
VERSION = 0  # restoreState version: bump when the dock layout changes incompatibly


def object_path(obj: QObject, root: QObject) -> str:
    """A stable key for `obj` below `root`: object names, or class#index among same-class
    siblings for unnamed objects."""
    parts: list[str] = []
    node: QObject | None = obj
    while node is not None and node is not root:
        name = node.objectName()
        parent = node.parent()
        if not name:
            siblings = [c for c in (parent.children() if parent is not None else [])
                        if type(c) is type(node)]
            name = f"{type(node).__name__}#{siblings.index(node) if node in siblings else 0}"
        parts.append(name)
        node = parent
    return "/".join(reversed(parts))


class WindowStateStore:
    def __init__(self, config_dir: Path) -> None:
        self.path = config_dir / GEOMETRY_FILE

    def _settings(self) -> QSettings:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        return QSettings(str(self.path), QSettings.Format.IniFormat)

    def save(self, window: QMainWindow, pages: Iterable[QWidget], splitters: bool = True
             ) -> None:
        """Geometry, docks, the pages' view states and (with `splitters`) the splitters; without,
        the splitters saved before are kept (a window closed before its pages were built)."""
        pages = list(pages)
        stored = self._settings()
        stored.setValue("main_window/geometry", window.saveGeometry())
        stored.setValue("main_window/state", window.saveState(VERSION))
        if splitters:
            stored.remove("splitters")
            for splitter in _free_splitters(window, pages):
                stored.setValue(f"splitters/{object_path(splitter, window)}",
                                splitter.saveState())
        for page in pages:
            getter = getattr(page, "view_state", None)
            if getter is None:
                continue
            try:
                stored.setValue(f"pages/{page.objectName()}", json.dumps(getter(),
                                                                          ensure_ascii=False))
            except Exception:
                log.exception("could not save the view state of %s", page.objectName())
        stored.sync()

    def restore(self, window: QMainWindow, pages: Iterable[QWidget]) -> bool:
        pages = list(pages)
        stored = self._settings()
        geometry = stored.value("main_window/geometry")
        state = stored.value("main_window/state")
        restored = (isinstance(geometry, QByteArray) and window.restoreGeometry(geometry))
        restored = (isinstance(state, QByteArray) and window.restoreState(state, VERSION)
                    and restored)
        self.restore_splitters(window, pages, stored)
        self.restore_pages(window, pages, stored)
        return bool(restored)

    def restore_pages(self, window: QMainWindow, pages: Iterable[QWidget],
                      stored: QSettings | None = None) -> None:
        """The pages' view states (and the splitters outside them): for pages added to a window
        whose geometry and docks were restored already."""
        pages = list(pages)
        if stored is None:
            stored = self._settings()
            self.restore_splitters(window, pages, stored)
        for page in pages:
            setter = getattr(page, "restore_view_state", None)
            raw = stored.value(f"pages/{page.objectName()}")
            if setter is None or not isinstance(raw, str):
                continue
            try:
                state_dict = json.loads(raw)
                if isinstance(state_dict, dict):
                    setter(state_dict)
            except Exception:
                log.exception("could not restore the view state of %s", page.objectName())

    def restore_splitters(self, window: QMainWindow, pages: Iterable[QWidget],
                          stored: QSettings | None = None) -> None:
        """Splitter sizes; call again once the window is shown and laid out, because a
        splitter restored before it has its final size redistributes the difference."""
        stored = stored or self._settings()
        for splitter in _free_splitters(window, list(pages)):
            value = stored.value(f"splitters/{object_path(splitter, window)}")
            if isinstance(value, QByteArray):
                splitter.restoreState(value)


def _free_splitters(window: QWidget, pages: list[QWidget]) -> list[QSplitter]:
    """The window's splitters that no page with a view state owns."""
    owners = [p for p in pages if hasattr(p, "view_state")]
    return [s for s in window.findChildren(QSplitter)
            if not any(owner.isAncestorOf(s) for owner in owners)]
