"""Icons are SVG, render sharp at high-DPI scales, and every menu action of the shell has one."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSize

from commandcenter.resources import resource_path
from commandcenter.ui.icons import icon

ICON_NAMES = sorted(p.stem for p in resource_path("icons").glob("*.svg"))


@pytest.mark.parametrize("name", ICON_NAMES)
def test_svg_icons_render_at_every_scale(qapp, name):
    ic = icon(name)
    assert not ic.isNull()
    for size in (16, 24, 32, 48):
        for dpr in (1.0, 1.25, 2.0):  # 100 %, 125 %, 200 % displays
            pixmap = ic.pixmap(QSize(size, size), dpr)
            assert pixmap.width() == round(size * dpr), (name, size, dpr)
            assert not pixmap.toImage().isNull()


def test_windows_program_icon_is_shipped_beside_the_svg():
    ico = resource_path("icons", "app.ico").read_bytes()
    assert ico[:4] == b"\x00\x00\x01\x00" and int.from_bytes(ico[4:6], "little") >= 5


def test_every_menu_action_has_an_icon(shell):
    w = shell.window
    for menu in (w.file_menu, w.view_menu, w.help_menu):
        for action in menu.actions():
            if action.isSeparator():
                continue
            if action is w.alerts_action:  # the alerts dock's toggle: its page has no icon yet
                continue
            assert not action.icon().isNull(), action.text()
