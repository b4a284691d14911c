"""The main window: assembles the shell around the three areas, and nothing else.

Contracts
- The case-dispatch board is the central widget; the grid map and the KPI charts are dock
  widgets (View menu toggles them; their titles follow the language). Each area loads its own
  data through the shared serial `DbWorker`; this class only calls their `refresh()`.
- Language → 中文/English reinstalls the translators (`Translations.install`), which makes Qt
  send every widget a LanguageChange event; each widget retranslates itself. The choice is
  saved in the settings file.
- Window geometry and dock layout are kept in QSettings, in an INI file in the config dir (so
  `COMMANDCENTER_HOME` isolates them too); nothing else goes into QSettings.
- Live updates: the window owns ONE `ChangeFeed`; after the first refresh it polls the store's
  change sequence and hands each batch to every area's `apply_changes` (in-place updates).
- The areas talk through signals wired here only: map grid click → board filter, map case click →
  board selection, board selection → map highlight, map rectangle/lasso → board lane, KPI and
  early-warning drill-downs → board lane, alerted grids → map outline.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtCore import QEvent, QSettings, Qt
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QDockWidget, QMainWindow, QWidget

from commandcenter import settings as settings_mod
from commandcenter.settings import AppPaths, Settings
from commandcenter.ui.about_dialog import show_about
from commandcenter.ui.alerts import AlertsPanel
from commandcenter.ui.board.board_page import BoardPage
from commandcenter.ui.change_feed import ChangeFeed
from commandcenter.ui.db_worker import DbWorker
from commandcenter.ui.i18n import LANGUAGE_NAMES, Translations
from commandcenter.ui.icons import APP_ICON, icon
from commandcenter.ui.kpi.page import KpiPage
from commandcenter.ui.map import MapPage
from commandcenter.ui.status_bar import ShellStatusBar
from commandcenter.ui.sync import SyncPanel

GEOMETRY_FILE = "window.ini"


class MainWindow(QMainWindow):
    """The shell. `ctx` is an open services AppContext used only through `worker` tasks."""

    def __init__(self, ctx: Any, worker: DbWorker, settings: Settings, paths: AppPaths,
                 translations: Translations, db_url: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("main_window")
        self.setWindowIcon(icon(APP_ICON))
        self._ctx = ctx
        self._worker = worker
        self._settings = settings
        self._paths = paths
        self._translations = translations
        self._db_url = db_url

        self.board = BoardPage(worker, ctx, self)
        self.setCentralWidget(self.board)
        self.map_page = MapPage(worker, ctx, self)
        self.kpi_page = KpiPage(worker, ctx, self)
        self.alerts = AlertsPanel(worker, ctx, self, operator_id=settings.operator.user_id)
        self.map_dock = self._dock("map_dock", self.map_page, Qt.DockWidgetArea.RightDockWidgetArea)
        self.alerts_dock = self._dock("alerts_dock", self.alerts, Qt.DockWidgetArea.RightDockWidgetArea)
        self.kpi_dock = self._dock("kpi_dock", self.kpi_page, Qt.DockWidgetArea.BottomDockWidgetArea)
        self.tabifyDockWidget(self.map_dock, self.alerts_dock)
        self.map_dock.raise_()
        # Built once and kept hidden, so the sync schedule and folder watch run without it open.
        self.sync_panel = SyncPanel(worker, ctx, self, paths=paths)
        self.feed = ChangeFeed(worker, ctx, parent=self)
        self._live_pages = (self.board, self.map_page, self.kpi_page, self.alerts)
        self.board.set_operator(settings.operator)
        self.kpi_page.set_operator(settings.operator.user_id, settings.operator.role.value)
        self._wire_areas()
        self.status = ShellStatusBar(db_url, settings.operator, settings.sync, self)
        self.setStatusBar(self.status)
        worker.sig_busy_changed.connect(self.status.set_busy)
        self._build_menus()
        self.retranslate_ui()
        self._restore_geometry()

    # ------------------------------------------------------------------ assembly
    def _wire_areas(self) -> None:
        board, map_page = self.board, self.map_page
        map_page.sig_grid_clicked.connect(board.filter_to_grid)
        map_page.sig_case_clicked.connect(
            lambda case_id: board.reveal_case(case_id, self.tr("Selected on the map")))
        board.sig_selection_changed.connect(map_page.highlight_cases)
        map_page.sig_cases_selected.connect(
            lambda ids: board.show_cases(ids, self.tr("Selected on the map")))
        self.kpi_page.sig_drilldown.connect(board.show_cases)
        self.alerts.sig_show_cases.connect(board.show_cases)
        self.alerts.sig_show_grid.connect(board.filter_to_grid)
        self.alerts.sig_alert_grids.connect(map_page.set_alert_grids)
        for page in self._live_pages:
            self.feed.sig_changed.connect(page.apply_changes)
        board.sig_refreshed.connect(self._start_live)

    def _start_live(self) -> None:
        """Follow the change feed once the board holds every case (idempotent)."""
        self.feed.start()
        self.alerts.start_monitoring()

    def _dock(self, name: str, widget: QWidget, area: Qt.DockWidgetArea) -> QDockWidget:
        dock = QDockWidget(self)
        dock.setObjectName(name)
        dock.setWidget(widget)
        self.addDockWidget(area, dock)
        return dock

    def _build_menus(self) -> None:
        bar = self.menuBar()
        self.file_menu = bar.addMenu("")
        self.sync_action = QAction(self, objectName="sync_action")
        self.sync_action.triggered.connect(self.show_sync_panel)
        self.file_menu.addAction(self.sync_action)
        self.file_menu.addSeparator()
        self.quit_action = QAction(self, objectName="quit_action")
        self.quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        self.quit_action.triggered.connect(self.close)
        self.file_menu.addAction(self.quit_action)

        self.view_menu = bar.addMenu("")
        self.board_action = QAction(self, objectName="board_action")
        self.board_action.setIcon(icon("board"))
        self.board_action.triggered.connect(self.board.table.setFocus)
        self.map_action = self.map_dock.toggleViewAction()
        self.map_action.setIcon(icon("map"))
        self.kpi_action = self.kpi_dock.toggleViewAction()
        self.kpi_action.setIcon(icon("chart"))
        self.alerts_action = self.alerts_dock.toggleViewAction()
        self.refresh_action = QAction(self, objectName="refresh_action")
        self.refresh_action.setShortcut(QKeySequence.StandardKey.Refresh)
        self.refresh_action.triggered.connect(self.refresh)
        for action in (self.board_action, self.map_action, self.kpi_action, self.alerts_action):
            self.view_menu.addAction(action)
        self.view_menu.addSeparator()
        self.view_menu.addAction(self.refresh_action)

        self.language_menu = bar.addMenu("")
        self.language_group = QActionGroup(self)
        self.language_actions: dict[str, QAction] = {}
        for lang, name in LANGUAGE_NAMES.items():
            action = QAction(name, self, checkable=True, objectName=f"language_{lang}")
            action.setChecked(lang == self._translations.language)
            action.triggered.connect(lambda _=False, lang=lang: self.set_language(lang))
            self.language_group.addAction(action)
            self.language_menu.addAction(action)
            self.language_actions[lang] = action

        self.help_menu = bar.addMenu("")
        self.about_action = QAction(self, objectName="about_action")
        self.about_action.triggered.connect(self.show_about)
        self.help_menu.addAction(self.about_action)

    # ------------------------------------------------------------------ behaviour
    def refresh(self) -> None:
        """Reload all three areas (each through the DB worker) and the unit's display name."""
        from commandcenter.services.overview import unit_name

        self.board.refresh()
        self.map_page.refresh()
        self.kpi_page.refresh()
        self.alerts.refresh()
        self._worker.submit(unit_name, self._ctx, self._settings.operator.unit_code,
                            on_result=self.status.set_unit_name)

    def set_language(self, lang: str) -> None:
        self._translations.install(lang)
        self.language_actions[lang].setChecked(True)
        if self._settings.language != lang:
            self._settings = replace(self._settings, language=lang)
            settings_mod.save(self._settings, self._paths)

    def show_sync_panel(self) -> None:
        self.sync_panel.show()
        self.sync_panel.raise_()
        self.sync_panel.refresh()

    def show_about(self) -> None:
        show_about(self, self._db_url, self._paths)

    def retranslate_ui(self) -> None:
        self.setWindowTitle(self.tr("Command and Dispatch Centre"))
        self.file_menu.setTitle(self.tr("&File"))
        self.quit_action.setText(self.tr("&Quit"))
        self.sync_action.setText(self.tr("District &sync..."))
        self.view_menu.setTitle(self.tr("&View"))
        self.board_action.setText(self.tr("Case &board"))
        self.map_dock.setWindowTitle(self.tr("Grid map"))
        self.kpi_dock.setWindowTitle(self.tr("KPI charts"))
        self.alerts_dock.setWindowTitle(self.tr("Early warning"))
        self.refresh_action.setText(self.tr("&Refresh"))
        self.language_menu.setTitle(self.tr("&Language"))
        self.help_menu.setTitle(self.tr("&Help"))
        self.about_action.setText(self.tr("&About"))
        self.menuBar().setAccessibleName(self.tr("Main menu"))
        self.map_dock.setAccessibleName(self.tr("Grid map"))
        self.kpi_dock.setAccessibleName(self.tr("KPI charts"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    # ------------------------------------------------------------------ geometry
    def _qsettings(self) -> QSettings:
        self._paths.ensure()
        return QSettings(str(self._paths.config_dir / GEOMETRY_FILE), QSettings.Format.IniFormat)

    def _restore_geometry(self) -> None:
        stored = self._qsettings()
        geometry = stored.value("main_window/geometry")
        if geometry is None or not self.restoreGeometry(geometry):
            self.resize(1280, 800)
        state = stored.value("main_window/state")
        if state is None or not self.restoreState(state):
            # First start: give the map a good share of the width and the chart some height.
            self.resizeDocks([self.map_dock], [int(self.width() * 0.42)], Qt.Orientation.Horizontal)
            self.resizeDocks([self.kpi_dock], [int(self.height() * 0.32)], Qt.Orientation.Vertical)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.feed.stop()
        self.alerts.stop_monitoring()
        self.sync_panel.shutdown()
        stored = self._qsettings()
        stored.setValue("main_window/geometry", self.saveGeometry())
        stored.setValue("main_window/state", self.saveState())
        stored.sync()
        super().closeEvent(event)
