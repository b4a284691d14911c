"""The main window: assembles the shell around the three areas, and nothing else.

Contracts
- The case-dispatch board is the central widget; the grid map and the KPI charts are dock
  widgets (View menu toggles them; their titles follow the language). Each area loads its own
  data through the shared serial `DbWorker`; this class only calls their `refresh()`.
- Language → 中文/English reinstalls the translators (`Translations.install`), which makes Qt
  send every widget a LanguageChange event; each widget retranslates itself. The choice is
  saved in the settings file.
- Window layout (geometry, docks, splitters, and each page's `view_state()`) is kept by
  `ui.window_state.WindowStateStore` in an INI file in the config dir (so `COMMANDCENTER_HOME`
  isolates it too); saved on close, restored at construction.
- File → Settings opens `SettingsDialog`; a saved change applies language, theme and font size
  live (`Appearance`), reloads the sync schedule, and says a new database needs a restart.
  Help → Keyboard shortcuts lists every shortcut (`help_dialog`); Help → About shows the version,
  the database, the folders and the dependencies' licences.
- Start-up in two steps (issue 9: the window is usable before the store is open). Built with
  ``ctx=None`` the window is the shell: menus (settings, language, help, about, quit), the empty
  docks, the status bar and a `StartingPanel` that says what the start is doing; it imports no
  database, numpy or page module. `attach(ctx, worker)` (at once when the constructor is given a
  context) builds the board under the session's banner in the panel's place, the change feed,
  the Account menu and the operator, and enables the actions that need data. The map, KPI,
  early-warning and sync pages (pandas, pyqtgraph and shapely) are built once the board has
  painted its first page (and refreshed then, if `refresh()` was called), or at once when code
  asks for `map_page`, `kpi_page`, `alerts` or `sync_panel`.
- `bring_to_front()` (the single-instance guard's "activate") shows, un-minimises and raises.
- `sig_first_paint` is emitted once, when the window is shown and the board has painted its first
  page of cases (start-up measurement, `--measure-startup`).
- Live updates: the window owns ONE `ChangeFeed`; after the first refresh it polls the store's
  change sequence and hands each batch to every area's `apply_changes` (in-place updates).
- The session (`ui.session.Session`): the board sits under the connection banner (the central
  widget is `session.container`); while the database is unreachable the board is read-only; the
  Account menu and the idle lock follow ``ctx.principal``, whose account is the window's operator
  (status bar, board, KPI and alert acknowledgements) when someone is signed in.
- The areas talk through signals wired here only: map grid click → board filter, map case click →
  board selection, board selection → map highlight, map rectangle/lasso → board lane, KPI and
  early-warning drill-downs → board lane, alerted grids → map outline.
"""

from __future__ import annotations

import logging
import time
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDockWidget,
    QLabel,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)

from commandcenter import settings as settings_mod
from commandcenter.settings import AppPaths, Settings
from commandcenter.ui.db_worker import DbWorker
from commandcenter.ui.i18n import LANGUAGE_NAMES, Translations
from commandcenter.ui.icons import APP_ICON, icon
from commandcenter.ui.status_bar import ShellStatusBar
from commandcenter.ui.theme import Appearance
from commandcenter.ui.window_state import GEOMETRY_FILE, WindowStateStore

if TYPE_CHECKING:  # imported by `attach` and `_build_areas`: SQLAlchemy, numpy, pandas...
    from commandcenter.ui.alerts import AlertsPanel
    from commandcenter.ui.board.board_page import BoardPage
    from commandcenter.ui.change_feed import ChangeFeed
    from commandcenter.ui.kpi.page import KpiPage
    from commandcenter.ui.map import MapPage
    from commandcenter.ui.session import Session
    from commandcenter.ui.sync import SyncPanel

__all__ = ["GEOMETRY_FILE", "MainWindow", "StartingPanel"]
log = logging.getLogger(__name__)


_STARTING = QT_TRANSLATE_NOOP("StartingPanel", "Starting…")


class StartingPanel(QWidget):
    """The shell's central widget until the board is attached: the program's name, what the
    start is doing now (`set_status`: an untranslated text of a translation context, shown
    translated, again after a language change) and a busy bar."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("starting_panel")
        self._status: tuple[str, str] = ("StartingPanel", _STARTING)
        self.title = QLabel(self)
        self.title.setObjectName("starting_title")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        self.title.setFont(font)
        self.status = QLabel(self)
        self.status.setObjectName("starting_status")
        self.status.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.bar = QProgressBar(self)
        self.bar.setObjectName("starting_progress")
        self.bar.setRange(0, 0)  # busy: how long an open or a migration takes is not known
        self.bar.setTextVisible(False)
        self.bar.setFixedWidth(320)
        layout = QVBoxLayout(self)
        layout.addStretch(2)
        layout.addWidget(self.title)
        layout.addSpacing(12)
        layout.addWidget(self.status)
        layout.addWidget(self.bar, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(3)
        self.retranslate_ui()

    def set_status(self, source: str, context: str = "Startup") -> None:
        self._status = (context, source)
        text = QCoreApplication.translate(context, source)
        self.status.setText(text)
        self.bar.setAccessibleDescription(text)

    def retranslate_ui(self) -> None:
        self.title.setText(self.tr("Command and Dispatch Centre"))
        self.bar.setAccessibleName(self.tr("Start-up progress"))
        context, source = self._status
        self.set_status(source, context)


    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)


class MainWindow(QMainWindow):
    """The shell. `ctx` is an open services AppContext used only through `worker` tasks, or
    None for a shell that `attach` completes once the store is open (and someone signed in)."""

    sig_first_paint = Signal()  # shown, and the board's first page painted (once)
    sig_settings_changed = Signal(object)  # the saved Settings, after the dialog's OK

    def __init__(self, ctx: Any, worker: DbWorker | None, settings: Settings, paths: AppPaths,
                 translations: Translations, db_url: str, parent: QWidget | None = None,
                 appearance: Appearance | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("main_window")
        self.setWindowIcon(icon(APP_ICON))
        self._ctx: Any = None
        self._worker: Any = None
        self._settings = settings
        self._paths = paths
        self._translations = translations
        self._db_url = db_url
        self._appearance = appearance
        self._first_painted = False
        self._shown_once = False
        self.window_state = WindowStateStore(paths.config_dir)
        self.settings_dialog: QDialog | None = None
        self.shortcuts_dialog: QDialog | None = None

        self._areas_built = False
        self._areas_refresh_pending = False
        self._closed = False

        self._operator = settings.operator  # until `attach` knows who signed in
        self.board: BoardPage | None = None
        self.feed: ChangeFeed | None = None
        self.session: Session | None = None
        self.map_dock = self._dock("map_dock", Qt.DockWidgetArea.RightDockWidgetArea)
        self.alerts_dock = self._dock("alerts_dock", Qt.DockWidgetArea.RightDockWidgetArea)
        self.kpi_dock = self._dock("kpi_dock", Qt.DockWidgetArea.BottomDockWidgetArea)
        self.tabifyDockWidget(self.map_dock, self.alerts_dock)
        self.map_dock.raise_()
        self.starting: StartingPanel | None = StartingPanel(self)
        self.setCentralWidget(self.starting)
        self.status = ShellStatusBar(db_url, None, settings.sync, self)
        self.setStatusBar(self.status)
        self._build_menus()
        self.retranslate_ui()
        self._restore_geometry()
        if ctx is not None:
            self.attach(ctx, worker)

    @property
    def attached(self) -> bool:
        return self.board is not None

    @property
    def closed(self) -> bool:
        """Closed by the user (or the program): a late start-up step must not attach to it."""
        return self._closed

    def set_starting_status(self, source: str) -> None:
        """What the start is doing (opening, migrating, building the demo, signing in...): an
        untranslated text of the "Startup" context; shown in the shell until the board is
        attached."""
        if self.starting is not None:
            self.starting.set_status(source)

    def attach(self, ctx: Any, worker: DbWorker) -> None:
        """Complete the shell on an open store: the board (in the starting panel's place), the
        change feed, the session (banner, Account menu, idle lock) and the operator."""
        if self.board is not None:
            raise RuntimeError("the window is already attached to a store")
        from commandcenter.ui.board.board_page import BoardPage
        from commandcenter.ui.change_feed import ChangeFeed
        from commandcenter.ui.session import Session, operator_of

        self._ctx, self._worker = ctx, worker
        # Who this window acts as: the signed-in account when there is one (issue 8), else the
        # settings' operator (self-test, start-up measurement, tests building the window).
        self._operator = operator_of(getattr(ctx, "principal", None), self._settings.operator)
        self.board = BoardPage(worker, ctx, self)
        self.feed = ChangeFeed(worker, ctx, parent=self)
        # Connection banner + read-only mode, the account menu and idle lock, identity reveal.
        self.session = Session(self, ctx, worker, self.feed, [self.board], self.board,
                               idle_lock_minutes=self._settings.idle_lock_minutes)
        self.starting = None
        self.setCentralWidget(self.session.container)  # deletes the starting panel
        self.board.set_operator(self._operator)
        self._wire_board()
        self.status.set_operator(self._operator)
        worker.sig_busy_changed.connect(self.status.set_busy)
        self.menuBar().insertMenu(self.help_menu.menuAction(), self.session.account_menu)
        self.board_action.triggered.connect(self.board.table.setFocus)
        for action in (self.board_action, self.refresh_action, self.sync_action):
            action.setEnabled(True)
        self.window_state.restore_pages(self, [self.board])  # and the splitters outside it

    # ------------------------------------------------------------------ assembly
    @property
    def map_page(self) -> MapPage:
        self._build_areas()
        return self._map_page

    @property
    def kpi_page(self) -> KpiPage:
        self._build_areas()
        return self._kpi_page

    @property
    def alerts(self) -> AlertsPanel:
        self._build_areas()
        return self._alerts

    @property
    def sync_panel(self) -> SyncPanel:
        self._build_areas()
        return self._sync_panel

    def _build_areas(self) -> None:
        """Build the map, KPI, early-warning and sync pages into their docks (idempotent)."""
        if self._areas_built:
            return
        if self.board is None:
            raise RuntimeError("the map, KPI and sync pages need a store: attach the window first")
        self._areas_built = True
        began = time.perf_counter()
        from commandcenter.ui.alerts import AlertsPanel
        from commandcenter.ui.kpi.page import KpiPage
        from commandcenter.ui.map import MapPage
        from commandcenter.ui.sync import SyncPanel

        worker, ctx, operator = self._worker, self._ctx, self._operator
        self._map_page = MapPage(worker, ctx, self)
        self._kpi_page = KpiPage(worker, ctx, self)
        self._alerts = AlertsPanel(worker, ctx, self, operator_id=operator.user_id)
        self._put_page(self.map_dock, self._map_page)
        self._put_page(self.alerts_dock, self._alerts)
        self._put_page(self.kpi_dock, self._kpi_page)
        # Built once and kept hidden, so the sync schedule and folder watch run without it open.
        self._sync_panel = SyncPanel(worker, ctx, self, paths=self._paths)
        # new or retired units and people: every area reloads its lists and names
        self._sync_panel.reference.sig_applied.connect(lambda _p: self.refresh())
        self._kpi_page.set_operator(operator.user_id, operator.role.value)
        self._wire_areas()
        pages = [self._map_page, self._kpi_page, self._alerts]
        # The window's size and docks were restored at construction and may have been changed
        # since (the shell is on screen through the start): only the new pages' states now.
        if self._first_start:
            self._first_start_layout()  # the docks hold their pages now: share the space again
        self.window_state.restore_pages(self, pages)
        log.info("map, KPI, early-warning and sync pages built in %.2f s",
                 time.perf_counter() - began)
        if self._areas_refresh_pending:
            self._refresh_areas()

    def _wire_board(self) -> None:
        self.feed.sig_changed.connect(self.board.apply_changes)
        self.board.sig_refreshed.connect(self._start_live)
        self.board.sig_first_paint.connect(self._board_painted)
        self.board.sig_refreshed.connect(self._board_painted)

    def _wire_areas(self) -> None:
        board, map_page = self.board, self._map_page
        map_page.sig_grid_clicked.connect(board.filter_to_grid)
        map_page.sig_case_clicked.connect(
            lambda case_id: board.reveal_case(case_id, self.tr("Selected on the map")))
        board.sig_selection_changed.connect(map_page.highlight_cases)
        map_page.sig_cases_selected.connect(
            lambda ids: board.show_cases(ids, self.tr("Selected on the map")))
        self._kpi_page.sig_drilldown.connect(board.show_cases)
        self._alerts.sig_show_cases.connect(board.show_cases)
        self._alerts.sig_show_grid.connect(board.filter_to_grid)
        self._alerts.sig_alert_grids.connect(map_page.set_alert_grids)
        for page in (map_page, self._kpi_page, self._alerts):
            self.feed.sig_changed.connect(page.apply_changes)

    def _start_live(self) -> None:
        """Follow the change feed once the board holds every case (idempotent); never after
        the window closed (a load finishing late must not restart the feed or the alerts)."""
        if self._closed:
            return
        self.feed.start()
        self.alerts.start_monitoring()

    def _board_painted(self) -> None:
        """Emit `sig_first_paint` after the event loop painted the board's first rows."""
        if self._first_painted:
            return
        self._first_painted = True
        log.info("board's first page shown (%s)", "complete" if self.board.store is not None
                 and not getattr(self.board.store, "partial", False) else "open cases")
        self.board.table.viewport().repaint()  # paint now, not at the next idle moment
        QTimer.singleShot(0, self.sig_first_paint.emit)
        # The docks' pages are not needed for the board's first page: built now, after it.
        QTimer.singleShot(0, self._build_areas_after_paint)

    def _build_areas_after_paint(self) -> None:
        if not self._closed and not self._worker.is_shut_down:  # not when quitting already
            self._build_areas()

    def _dock(self, name: str, area: Qt.DockWidgetArea) -> QDockWidget:
        dock = QDockWidget(self)
        dock.setObjectName(name)
        waiting = QLabel(dock, objectName=f"{name}_waiting")  # until its page is built
        waiting.setAlignment(Qt.AlignmentFlag.AlignCenter)
        waiting.setEnabled(False)  # the palette's quiet text colour
        dock.setWidget(waiting)
        self.addDockWidget(area, dock)
        return dock

    def _put_page(self, dock: QDockWidget, page: QWidget) -> None:
        waiting = dock.widget()
        dock.setWidget(page)
        if waiting is not None and waiting is not page:
            waiting.deleteLater()

    def _build_menus(self) -> None:
        bar = self.menuBar()
        self.file_menu = bar.addMenu("")
        self.settings_action = QAction(self, objectName="settings_action")
        self.settings_action.setShortcut(QKeySequence.StandardKey.Preferences)
        if self.settings_action.shortcut().isEmpty():  # no platform default on Windows/Linux
            self.settings_action.setShortcut(QKeySequence("Ctrl+,"))
        self.settings_action.setMenuRole(QAction.MenuRole.PreferencesRole)
        self.settings_action.setIcon(icon("settings"))
        self.settings_action.triggered.connect(self.show_settings)
        self.file_menu.addAction(self.settings_action)
        self.sync_action = QAction(self, objectName="sync_action")
        self.sync_action.setIcon(icon("sync"))
        self.sync_action.triggered.connect(self.show_sync_panel)
        self.file_menu.addAction(self.sync_action)
        self.file_menu.addSeparator()
        self.quit_action = QAction(self, objectName="quit_action")
        self.quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        if self.quit_action.shortcut().isEmpty():  # no platform default (Windows, offscreen)
            self.quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        self.quit_action.setIcon(icon("quit"))
        self.quit_action.triggered.connect(self.close)
        self.file_menu.addAction(self.quit_action)

        self.view_menu = bar.addMenu("")
        self.board_action = QAction(self, objectName="board_action")
        self.board_action.setIcon(icon("board"))
        self.map_action = self.map_dock.toggleViewAction()
        self.map_action.setIcon(icon("map"))
        self.kpi_action = self.kpi_dock.toggleViewAction()
        self.kpi_action.setIcon(icon("chart"))
        self.alerts_action = self.alerts_dock.toggleViewAction()
        self.refresh_action = QAction(self, objectName="refresh_action")
        self.refresh_action.setShortcut(QKeySequence.StandardKey.Refresh)
        self.refresh_action.setIcon(icon("refresh"))
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

        # Account (password, lock, accounts, audit, sign out) goes before Help in `attach`.
        self.help_menu = bar.addMenu("")
        self.shortcuts_action = QAction(self, objectName="shortcuts_action")
        self.shortcuts_action.setShortcut(QKeySequence.StandardKey.HelpContents)
        self.shortcuts_action.setIcon(icon("keyboard"))
        self.shortcuts_action.triggered.connect(self.show_shortcuts)
        self.help_menu.addAction(self.shortcuts_action)
        self.about_action = QAction(self, objectName="about_action")
        self.about_action.setIcon(icon("about"))
        self.about_action.setMenuRole(QAction.MenuRole.AboutRole)
        self.about_action.triggered.connect(self.show_about)
        self.help_menu.addAction(self.about_action)
        for action in (self.board_action, self.refresh_action, self.sync_action):
            action.setEnabled(False)  # until `attach`: they need the store

    # ------------------------------------------------------------------ behaviour
    def refresh(self) -> None:
        """Reload all three areas (each through the DB worker) and the unit's display name.
        Pages not built yet are refreshed when they are built (see the module docstring); a
        shell not attached yet has nothing to load."""
        if self.board is None:
            return
        self.board.refresh()
        if self._areas_built:
            self._refresh_areas()
        else:
            self._areas_refresh_pending = True

    def _refresh_areas(self) -> None:
        from commandcenter.services.overview import unit_name

        self._areas_refresh_pending = False
        self._map_page.refresh()
        self._kpi_page.refresh()
        self._alerts.refresh()
        self._worker.submit(unit_name, self._ctx, self._operator.unit_code,
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
        from commandcenter.ui.about_dialog import show_about

        show_about(self, self._db_url, self._paths)

    def show_shortcuts(self) -> None:
        from commandcenter.ui.help_dialog import ShortcutsDialog

        if self.shortcuts_dialog is None:
            self.shortcuts_dialog = ShortcutsDialog(self)
        self.shortcuts_dialog.fill()
        self.shortcuts_dialog.show()
        self.shortcuts_dialog.raise_()

    def show_settings(self) -> None:
        """Open the settings dialog (non-modal for the event loop: `open()`)."""
        from commandcenter.ui.settings_dialog import SettingsDialog

        if self.settings_dialog is not None and self.settings_dialog.isVisible():
            self.settings_dialog.raise_()
            return
        current = settings_mod.load(self._paths)  # the sync panel may have saved meanwhile
        dialog = SettingsDialog(current, self._paths, self, db_url_in_use=self._db_url)
        dialog.sig_saved.connect(self.apply_settings)
        self.settings_dialog = dialog
        dialog.open()

    def apply_settings(self, new: Settings) -> None:
        """Apply saved settings live: language, theme, font, sync schedule; a new database
        needs a restart (its URL is read once at start)."""
        old = self._settings
        self._settings = new
        if new.language != self._translations.language:
            self.set_language(new.language)
        if (new.theme, new.font_size) != (old.theme, old.font_size) or self._appearance is None:
            self.apply_appearance(new.theme, new.font_size)
        if new.sync != old.sync and self._areas_built:  # else read when the panel is built
            self.sync_panel.reload_settings()
        if new.db_url != old.db_url:
            QMessageBox.information(
                self, self.tr("Restart required"),
                self.tr("The new database will be used after the program is restarted."))
        self.sig_settings_changed.emit(new)

    def apply_appearance(self, theme: str, font_size: int) -> None:
        if self._appearance is None:
            self._appearance = Appearance(QApplication.instance())
        self._appearance.apply(theme, font_size)

    def bring_to_front(self) -> None:
        """Another start asked for this window: show it, un-minimise it, raise it."""
        if self.isMinimized():
            self.showNormal()
        self.show()
        self.raise_()
        self.activateWindow()
        log.info("brought to the front by a second start")

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
        self.settings_action.setText(self.tr("&Settings..."))
        self.shortcuts_action.setText(self.tr("&Keyboard shortcuts"))
        self.language_menu.setTitle(self.tr("&Language"))
        self.help_menu.setTitle(self.tr("&Help"))
        self.about_action.setText(self.tr("&About"))
        self.menuBar().setAccessibleName(self.tr("Main menu"))
        self.map_dock.setAccessibleName(self.tr("Grid map"))
        self.kpi_dock.setAccessibleName(self.tr("KPI charts"))
        for dock in (self.map_dock, self.alerts_dock, self.kpi_dock):
            waiting = dock.widget()
            if isinstance(waiting, QLabel):
                waiting.setText(self.tr("Loading…"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    # ------------------------------------------------------------------ layout
    def layout_pages(self) -> list[QWidget]:
        """The pages whose `view_state()` is saved with the layout (the WAVE3 contract); the
        docks' pages once they are built."""
        if self.board is None:
            return []
        if not self._areas_built:
            return [self.board]
        return [self.board, self._map_page, self._kpi_page, self._alerts]

    def _restore_geometry(self) -> None:
        # no page yet: the board's view state is restored when it is attached (`restore_pages`)
        self._first_start = not self.window_state.restore(self, [])
        if self._first_start:
            self.resize(1280, 800)
            self._first_start_layout()

    def _first_start_layout(self) -> None:
        # First start: give the map a good share of the width and the chart some height.
        self.resizeDocks([self.map_dock], [int(self.width() * 0.36)], Qt.Orientation.Horizontal)
        self.resizeDocks([self.kpi_dock], [int(self.height() * 0.36)], Qt.Orientation.Vertical)

    def save_layout(self) -> None:
        try:
            # a window closed before its pages were built (the sync panel's splitter is one of
            # the window's own) keeps the splitters saved last time
            self.window_state.save(self, self.layout_pages(), splitters=self._areas_built)
        except Exception:  # a layout that cannot be saved must not block closing
            log.exception("could not save the window layout")

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._shown_once:
            self._shown_once = True
            # laid out now: put the splitters back exactly as they were
            QTimer.singleShot(0, lambda: self.window_state.restore_splitters(
                self, self.layout_pages()))

    def closeEvent(self, event: QCloseEvent) -> None:
        self._closed = True
        if self.session is not None:
            self.session.stop()
        if self.feed is not None:
            self.feed.stop()
        if self._areas_built:
            self._alerts.stop_monitoring()
            self._sync_panel.shutdown()
        self.save_layout()
        super().closeEvent(event)
