"""The desktop shell: settings dialog, live language/theme, layout persistence, help, About."""

from __future__ import annotations

import json
import threading
from dataclasses import replace

from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication, QLineEdit, QMainWindow, QSplitter, QWidget

from commandcenter import settings as settings_mod
from commandcenter.ui.main_window import MainWindow
from commandcenter.ui.settings_dialog import SettingsDialog
from commandcenter.ui.theme import Appearance, is_dark
from commandcenter.ui.window_state import WindowStateStore


def _dialog(qtbot, paths, settings=None) -> SettingsDialog:
    dialog = SettingsDialog(settings or settings_mod.load(paths), paths)
    qtbot.addWidget(dialog)
    return dialog


# ---------------------------------------------------------------------- settings dialog
def test_dialog_saves_what_was_edited(qtbot, tmp_path):
    paths = settings_mod.app_paths().ensure()
    dialog = _dialog(qtbot, paths)
    dialog.inbox_edit.setText(str(tmp_path))
    dialog.interval_spin.setValue(30)
    dialog.theme_combo.setCurrentIndex(dialog.theme_combo.findData("dark"))
    dialog.font_spin.setValue(13)
    dialog.language_combo.setCurrentIndex(dialog.language_combo.findData("en"))
    with qtbot.waitSignal(dialog.sig_saved, timeout=5000) as saved:
        dialog.accept()
    stored = settings_mod.load(paths)
    assert saved.args[0] == stored
    assert (stored.sync.inbox, stored.sync.interval_minutes) == (str(tmp_path), 30)
    assert (stored.theme, stored.font_size, stored.language) == ("dark", 13, "en")
    assert stored.db_url == ""  # untouched: the default database


def test_new_database_is_tested_off_the_ui_thread_before_saving(qtbot, tmp_path):
    paths = settings_mod.app_paths().ensure()
    dialog = _dialog(qtbot, paths)
    threads: list[str] = []

    def probe(url: str) -> str:
        threads.append(threading.current_thread().name)
        return settings_mod.probe_db_url(url)

    dialog.probe = probe
    target = tmp_path / "elsewhere.sqlite3"
    dialog.sqlite_edit.setText(str(target))
    assert dialog.db_changed() and dialog.restart_label.isVisibleTo(dialog)
    with qtbot.waitSignal(dialog.sig_saved, timeout=10000):
        dialog.accept()
    assert threads and threading.main_thread().name not in threads
    assert settings_mod.load(paths).db_url == settings_mod.sqlite_url(target)


def test_failing_database_keeps_the_dialog_open_and_saves_nothing(qtbot):
    paths = settings_mod.app_paths().ensure()
    settings_mod.save(settings_mod.Settings(), paths)
    before = paths.settings_file.read_text(encoding="utf-8")
    dialog = _dialog(qtbot, paths)
    dialog.show()
    dialog.postgres_radio.setChecked(True)
    dialog.postgres_edit.setText("postgresql+psycopg://cc:pw@127.0.0.1:9/cc")
    saved: list[object] = []
    dialog.sig_saved.connect(saved.append)
    with qtbot.waitSignal(dialog.sig_probe_finished, timeout=15000) as finished:
        dialog.accept()
    assert finished.args[0] is False
    assert dialog.isVisible() and not saved
    assert "127.0.0.1" in dialog.test_label.text()
    assert dialog.buttons.isEnabled()  # the user can correct it and try again
    assert dialog.postgres_edit.text().endswith("127.0.0.1:9/cc")  # nothing lost
    assert paths.settings_file.read_text(encoding="utf-8") == before


def test_test_connection_button_reports_success(qtbot, tmp_path):
    dialog = _dialog(qtbot, settings_mod.app_paths().ensure())
    dialog.sqlite_edit.setText(str(tmp_path / "x.sqlite3"))
    with qtbot.waitSignal(dialog.sig_probe_finished, timeout=10000) as finished:
        dialog.test_button.click()
    assert finished.args[0] is True and "SQLite" in dialog.test_label.text()


def test_dialog_reads_an_existing_postgresql_setting(qtbot):
    url = "postgresql+psycopg://cc:pw@db:5432/cc"
    dialog = _dialog(qtbot, settings_mod.app_paths().ensure(),
                     replace(settings_mod.Settings(), db_url=url))
    assert dialog.postgres_radio.isChecked() and dialog.postgres_edit.text() == url
    assert dialog.db_url() == url and not dialog.db_changed()


# ---------------------------------------------------------------------- live changes
def test_language_switch_keeps_an_open_forms_text(qtbot, shell):
    w = shell.window
    controller = w.board.actions_controller
    with qtbot.waitSignal(controller.sig_dialog_opened, timeout=5000) as opened:
        controller.open_new_case()
    form = opened.args[0]
    form.title.setText("夜间施工噪音扰民")
    settings_form = _dialog(qtbot, shell.paths)
    settings_form.inbox_edit.setText("/srv/exchange/in")
    assert settings_form.windowTitle() == "设置"
    w.set_language("en")
    qtbot.waitUntil(lambda: w.windowTitle() == "Command and Dispatch Centre", timeout=5000)
    assert form.isVisible() and form.title.text() == "夜间施工噪音扰民"
    assert settings_form.windowTitle() == "Settings"
    assert settings_form.inbox_edit.text() == "/srv/exchange/in"
    w.set_language("zh_CN")
    qtbot.waitUntil(lambda: w.windowTitle() == "指挥调度一中心", timeout=5000)
    assert form.title.text() == "夜间施工噪音扰民"
    form.close()


def test_dark_theme_restyles_plots_and_returns_to_the_system_look(qtbot):
    import pyqtgraph as pg

    app = QApplication.instance()
    window = QMainWindow()
    qtbot.addWidget(window)
    plot = pg.PlotWidget(window)
    window.setCentralWidget(plot)
    window.show()
    appearance = Appearance(app)
    before = QPalette(app.palette())
    try:
        assert appearance.apply("dark", 12) is True
        base = app.palette().color(QPalette.ColorRole.Base)
        assert is_dark(app.palette()) and app.font().pointSize() == 12
        assert plot.backgroundBrush().color() == base
        text = app.palette().color(QPalette.ColorRole.Text)
        assert plot.getPlotItem().getAxis("left").pen().color() == text
        assert appearance.apply("light", 0) is False and not is_dark(app.palette())
        assert plot.backgroundBrush().color() == app.palette().color(QPalette.ColorRole.Base)
    finally:
        appearance.apply("system", 0)
    assert app.palette() == before  # "system" is exactly the start-up look again


def test_saved_settings_apply_theme_font_language_and_sync_live(qtbot, shell, tmp_path):
    w = shell.window
    app = QApplication.instance()
    appearance = Appearance(app)
    w._appearance = appearance
    font_before = app.font().pointSize()
    try:
        new = replace(settings_mod.load(shell.paths), theme="dark", font_size=15,
                      language="en")
        with qtbot.waitSignal(w.sig_settings_changed, timeout=5000):
            w.apply_settings(new)
        assert is_dark(app.palette()) and appearance.dark
        assert app.font().pointSize() == 15
        qtbot.waitUntil(lambda: w.windowTitle() == "Command and Dispatch Centre", timeout=5000)
        plot = w.kpi_page.plot
        assert plot.backgroundBrush().color() == app.palette().color(QPalette.ColorRole.Base)
        w.apply_settings(replace(new, theme="light", font_size=0, language="zh_CN"))
        assert not is_dark(app.palette())
        assert app.font().pointSize() == font_before
        # new sync folders and schedule reach the sync panel (it reads the saved settings)
        synced = replace(settings_mod.load(shell.paths), sync=settings_mod.SyncFolders(
            inbox=str(tmp_path), outbox="", interval_minutes=45))
        settings_mod.save(synced, shell.paths)
        w.apply_settings(synced)
        assert w.sync_panel.inbox_edit.text() == str(tmp_path)
        assert w.sync_panel.interval_spin.value() == 45
    finally:
        appearance.apply("system", 0)


def test_second_start_brings_the_window_forward(qtbot, shell):
    w = shell.window
    w.showMinimized()
    w.bring_to_front()
    assert w.isVisible() and not w.isMinimized()


# ---------------------------------------------------------------------- layout
class _Page(QWidget):
    def __init__(self, name: str, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.state: dict = {"filter": "grid-7", "columns": [120, 80]}
        self.restored: list[dict] = []

    def view_state(self) -> dict:
        return self.state

    def restore_view_state(self, state: dict) -> None:
        self.restored.append(state)


def _window(qtbot) -> tuple[QMainWindow, _Page, QSplitter]:
    window = QMainWindow()
    qtbot.addWidget(window)
    central = QWidget(window)
    splitter = QSplitter(central)
    splitter.addWidget(QLineEdit(splitter))
    splitter.addWidget(QLineEdit(splitter))
    window.setCentralWidget(central)
    page = _Page("board_page", central)
    window.resize(700, 500)
    window.show()
    return window, page, splitter


def test_page_view_states_and_splitters_round_trip(qtbot, tmp_path):
    store = WindowStateStore(tmp_path)
    window, page, splitter = _window(qtbot)
    assert not store.restore(window, [page])  # first start: nothing stored
    splitter.setSizes([100, 500])
    sizes = splitter.sizes()
    store.save(window, [page])
    again, page2, splitter2 = _window(qtbot)
    assert store.restore(again, [page2])
    assert page2.restored == [{"filter": "grid-7", "columns": [120, 80]}]
    assert splitter2.sizes() == sizes


def test_garbled_layout_is_ignored(qtbot, tmp_path):
    from PySide6.QtCore import QSettings

    store = WindowStateStore(tmp_path)
    stored = QSettings(str(store.path), QSettings.Format.IniFormat)
    stored.setValue("main_window/geometry", "not bytes")
    stored.setValue("pages/board_page", "{cut off")
    stored.sync()
    window, page, _ = _window(qtbot)
    assert not store.restore(window, [page])
    assert page.restored == []


def test_failing_page_does_not_stop_saving_the_others(qtbot, tmp_path):
    store = WindowStateStore(tmp_path)
    window, page, _ = _window(qtbot)
    broken = _Page("map_page", window)
    broken.view_state = lambda: 1 / 0
    store.save(window, [broken, page])
    again, page2, _ = _window(qtbot)
    store.restore(again, [page2])
    assert page2.restored


def test_shell_layout_persists_across_restarts(qtbot, shell, monkeypatch):
    """Docks come back as left, and every page gets back the view state it gave at close."""
    w = shell.window
    w.kpi_dock.hide()
    given = {p.objectName(): p.view_state() for p in w.layout_pages() if hasattr(p, "view_state")}
    w.close()
    received: dict[str, dict] = {}
    for page in w.layout_pages():
        original = getattr(type(page), "restore_view_state", None)
        if original is None:
            continue

        def spy(self, state, original=original):
            received[self.objectName()] = state
            return original(self, state)

        monkeypatch.setattr(type(page), "restore_view_state", spy)
    again = MainWindow(shell.ctx, shell.worker, settings_mod.load(shell.paths), shell.paths,
                       shell.translations, shell.db_url)
    qtbot.addWidget(again)
    again.show()
    assert again.kpi_page is not None  # the docks' pages are built on first use (or refresh)
    assert not again.kpi_dock.isVisible() and again.map_dock.isVisible()
    assert set(received) == set(given)
    for name, state in given.items():  # JSON round trip: lists stay lists, numbers numbers
        assert received[name] == json.loads(json.dumps(state)), name
    again.close()


def test_splitters_outside_pages_are_kept_by_the_window(qtbot, tmp_path):
    store = WindowStateStore(tmp_path)
    window, page, splitter = _window(qtbot)
    owned = QSplitter(page)  # inside a page with a view state: the page's business
    owned.addWidget(QLineEdit(owned))
    owned.addWidget(QLineEdit(owned))
    splitter.setSizes([150, 450])
    sizes = splitter.sizes()
    store.save(window, [page])
    from PySide6.QtCore import QSettings

    keys = QSettings(str(store.path), QSettings.Format.IniFormat).allKeys()
    assert [k for k in keys if k.startswith("splitters/")] == ["splitters/QWidget#0/QSplitter#0"]
    again, page2, splitter2 = _window(qtbot)
    store.restore(again, [page2])
    assert splitter2.sizes() == sizes


def test_a_shell_closed_before_its_pages_keeps_the_saved_splitters(qtbot, tmp_path):
    """Found in review: a window closed during the start (no pages yet) saved with no splitter
    and so erased the splitter sizes of the last session."""
    from PySide6.QtCore import QSettings

    store = WindowStateStore(tmp_path)
    window, page, splitter = _window(qtbot)
    splitter.setSizes([150, 450])
    store.save(window, [page])
    shell = QMainWindow()
    qtbot.addWidget(shell)
    store.save(shell, [], splitters=False)
    keys = QSettings(str(store.path), QSettings.Format.IniFormat).allKeys()
    assert "splitters/QWidget#0/QSplitter#0" in keys
    store.save(shell, [])  # a window with its pages saves its own (here: none)
    keys = QSettings(str(store.path), QSettings.Format.IniFormat).allKeys()
    assert not [k for k in keys if k.startswith("splitters/")]


# ---------------------------------------------------------------------- help and about
def test_shortcuts_dialog_lists_every_action_shortcut(qtbot, shell):
    from commandcenter.ui.help_dialog import collect_shortcuts

    w = shell.window
    rows = collect_shortcuts(w)
    described = {(r.keys, r.description) for r in rows}
    for action in (w.quit_action, w.refresh_action, w.settings_action, w.shortcuts_action):
        keys = action.shortcut().toString()
        assert any(k == keys for k, _ in described), action.objectName()
    board_keys = {r.keys for r in rows if r.area == "案件看板"}
    assert {"Ctrl+N", "Ctrl+K", "Ctrl+F", "Alt+1..9"} <= board_keys
    assert len({(r.area, r.keys) for r in rows}) == len(rows)  # no duplicates
    w.show_shortcuts()
    dialog = w.shortcuts_dialog
    assert dialog.windowTitle() == "键盘快捷键"
    assert dialog.proxy.rowCount() == len(rows)
    dialog.search.setText("Ctrl+K")
    assert 1 <= dialog.proxy.rowCount() < len(rows)
    dialog.close()


def test_about_lists_dependency_licences(qtbot, shell):
    from commandcenter.ui.about_dialog import AboutDialog, dependency_licences

    rows = {name.lower(): (version, licence) for name, version, licence in dependency_licences()}
    assert "LGPL" in rows["pyside6-essentials"][1] and "LGPL" in rows["qt"][1]
    assert rows["sqlalchemy"][1] == "MIT" and rows["pandas"][1].startswith("BSD")
    dialog = AboutDialog(shell.window, shell.db_url, shell.paths)
    qtbot.addWidget(dialog)
    assert dialog.licences.rowCount() == len(rows)
    assert settings_mod.describe_db_url(shell.db_url) in dialog.text.text()
