"""Start-up stays light: the main window's modules do not import the heavy libraries, and the
docks' pages (which do) are built only after the board painted its first page."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from .conftest import attached_window

HEAVY = ("pandas", "pyqtgraph", "openpyxl", "shapely", "psycopg", "pypinyin")


def _imported_after(statement: str) -> list[str]:
    """The HEAVY modules present after running `statement` in a fresh interpreter."""
    probe = (f"import sys\n{statement}\n"
             f"print(','.join(m for m in {HEAVY!r} if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          timeout=120, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert done.returncode == 0, done.stderr
    return [m for m in done.stdout.strip().split(",") if m]


def test_main_window_module_imports_no_heavy_library():
    assert _imported_after("import commandcenter.ui.main_window") == []


def test_the_shell_is_built_without_the_database_or_numpy():
    """Issue 9: the window on screen before the store opens needs none of SQLAlchemy, numpy or
    the heavy libraries (they load while it is already showing)."""
    shell = ("from PySide6.QtWidgets import QApplication\n"
             "app = QApplication([])\n"
             "from commandcenter import settings as s\n"
             "from commandcenter.ui.i18n import Translations\n"
             "from commandcenter.ui.startup import Startup\n"
             "import tempfile, os\n"
             "os.environ['COMMANDCENTER_HOME'] = tempfile.mkdtemp()\n"
             "paths = s.app_paths().ensure()\n"
             "t = Translations()\n"
             "t.install('zh_CN')\n"
             "st = Startup('sqlite://', s.load(paths), paths, t, 0, sign_in=False)\n"
             "st._show_shell('x')\n"
             "assert st.window.isVisible() and not st.window.attached\n"
             "print(','.join(m for m in ('sqlalchemy', 'numpy') if m in sys.modules))\n")
    probe = f"import sys\n{shell}"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          timeout=120, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == ""


def test_board_arithmetic_does_not_pull_pandas_through_the_analytics_package():
    assert _imported_after("import commandcenter.analytics.duty") == []


def test_analytics_package_still_exports_its_api_lazily():
    import commandcenter.analytics as analytics
    from commandcenter.analytics import Assessment, district_frame
    from commandcenter.analytics.areas import district_frame as direct
    from commandcenter.analytics.indicators import Assessment as DirectAssessment

    assert Assessment is DirectAssessment and district_frame is direct
    assert sorted(analytics.__all__) == sorted(analytics._EXPORTS)
    for name in analytics.__all__:
        assert getattr(analytics, name) is not None
    with pytest.raises(AttributeError):
        analytics.no_such_thing  # noqa: B018


def test_dock_pages_are_built_after_the_boards_first_page(qtbot, seeded_db_url, translations,
                                                         monkeypatch):
    from commandcenter.ui.kpi.page import KpiPage
    from commandcenter.ui.map import MapPage

    refreshed: list[str] = []
    for name, cls in (("map", MapPage), ("kpi", KpiPage)):
        def spy(self, *args, original=cls.refresh, name=name, **kwargs):
            refreshed.append(name)
            return original(self, *args, **kwargs)

        monkeypatch.setattr(cls, "refresh", spy)

    with attached_window(qtbot, seeded_db_url, translations) as opened:
        window = opened.window
        assert window.map_dock.widget().objectName() == "map_dock_waiting"
        assert window.kpi_dock.widget().objectName() == "kpi_dock_waiting"
        window.sig_first_paint.connect(lambda: refreshed.append("first paint"))
        window.show()
        window.refresh()
        qtbot.waitUntil(lambda: len(refreshed) == 3, timeout=30000)
        assert window.map_dock.widget() is window.map_page
        assert window.kpi_dock.widget() is window.kpi_page
        assert window.alerts_dock.widget() is window.alerts
        # built after the board's first page, and refreshed then (refresh() came before)
        assert refreshed[0] == "first paint"
        assert sorted(refreshed[1:]) == ["kpi", "map"]


def test_asking_for_a_page_builds_the_docks_at_once(qtbot, seeded_db_url, translations):
    with attached_window(qtbot, seeded_db_url, translations) as opened:
        window = opened.window
        page = window.kpi_page
        assert window.kpi_dock.widget() is page and window.map_dock.widget() is window.map_page
        assert window.layout_pages() == [window.board, window.map_page, page, window.alerts]
