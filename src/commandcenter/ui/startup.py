"""Start-up sequence: show the shell, open the database (migrating it), seed the demo on first
start, sign in, attach the shell to the store.

Contracts
- `start()` first shows the main window as a shell (`MainWindow` with no context: menus,
  status bar and a starting panel saying what is happening; no database, numpy or page module is
  imported for it) and paints it, then asks the worker to open the store. `sig_shell(window)`
  says the window is on screen (the start-up measurement's "window usable"). The same window
  is attached to the store once it is open, seeded and someone signed in.
- Every step that touches the database runs on the one `DbWorker`; this object only reacts to
  the results on the GUI thread, so the event loop keeps painting (and the progress dialog
  keeps moving) during a migration or a long seed.
- Seeding happens only when `seed_cases > 0` and `demo.is_seeded(ctx)` is false; the progress
  dialog's Cancel stops `build_demo` at its next progress report and the shell opens on
  whatever was written (build_demo writes in one transaction: nothing). A seeding error is
  logged and the shell opens all the same.
- Opening (and migrating) is shown in the shell's starting panel ("Opening the database…", a
  busy bar), which keeps moving during a migration of a large store or a slow server.
- Sign-in (issue 8): with ``sign_in`` (the application's default) nobody gets the window
  anonymously: once the store is open (and seeded), `SignInDialog` (over the shell) asks for an account (on a
  new database it creates the administrator first); cancelling it emits `sig_cancelled` (the
  caller quits). The window's "Sign out" (menu or lock screen) audits it, clears
  ``ctx.principal``, emits `sig_signed_out` and closes the window, which ends the program (the
  next operator starts it and signs in). ``sign_in=False`` is for
  `--measure-startup` and tests that do not exercise accounts.
- `sig_ready(window)` follows a successful start: the window attached to the store,
  `sig_failed(message)` a failed one (the caller decides how to tell the user). `shutdown()` stops the worker, then closes the context; it is
  safe to call more than once and before the start finished.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QObject, Qt, Signal
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from commandcenter.settings import AppPaths, Settings
from commandcenter.ui.db_worker import DbWorker, Task
from commandcenter.ui.errors import first_line
from commandcenter.ui.i18n import Translations

if TYPE_CHECKING:
    from commandcenter.ui.main_window import MainWindow

log = logging.getLogger(__name__)

# What the shell's starting panel says (translated there, again on a language change).
OPENING = QT_TRANSLATE_NOOP("Startup", "Opening the database…")
SEEDING = QT_TRANSLATE_NOOP("Startup", "Building the demo district…")
SIGNING_IN = QT_TRANSLATE_NOOP("Startup", "Waiting for the operator to sign in…")
LOADING = QT_TRANSLATE_NOOP("Startup", "Loading the cases…")
OPEN_FAILED = QT_TRANSLATE_NOOP("Startup", "The database could not be opened.")
START_FAILED = QT_TRANSLATE_NOOP("Startup", "The start failed.")


def open_context(url: str) -> Any:
    """Worker task: open (and migrate) the store."""
    from commandcenter.services.context import AppContext

    return AppContext.open(url, migrate=True)


def needs_seed(ctx: Any) -> bool:
    """Worker task: true when the store holds no demo district yet."""
    from commandcenter.demo import is_seeded

    return not is_seeded(ctx)


def seed_demo(ctx: Any, cases: int, progress: Any) -> Any:
    """Worker task: build the demo district with `cases` cases."""
    from commandcenter.demo import build_demo

    return build_demo(ctx, cases=cases, progress=progress)


def preload_board_modules() -> None:
    """Worker task: import the modules of the sign-in and of the board (idempotent; their
    module-level code makes no QObject): the GUI thread then neither imports them nor waits on
    the worker's import of the same module (the start-up asks for the sign-in after this)."""
    began = time.perf_counter()
    import commandcenter.ui.board.actions  # noqa: F401
    import commandcenter.ui.board.board_page  # noqa: F401
    import commandcenter.ui.security.account_menu  # noqa: F401
    import commandcenter.ui.security.sign_in_dialog  # noqa: F401
    import commandcenter.ui.session  # noqa: F401

    log.info("board modules imported in %.2f s", time.perf_counter() - began)


def show_failure(message: str, parent: QWidget | None = None) -> None:
    """Tell the user the start failed (a modal box, over the shell if given; the caller then
    exits)."""
    QMessageBox.critical(
        parent, QCoreApplication.translate("Startup", "Cannot start"),
        QCoreApplication.translate("Startup", "The database could not be opened:\n{error}")
        .format(error=message))


class Startup(QObject):
    sig_shell = Signal(object)  # the MainWindow, shown as a shell and painted
    sig_ready = Signal(object)  # the MainWindow, attached to the open store
    sig_failed = Signal(str)
    sig_cancelled = Signal()  # the sign-in was cancelled: nobody to open the window for
    sig_signed_out = Signal()  # "Sign out" was audited; the window closes, the program ends

    def __init__(self, db_url: str, settings: Settings, paths: AppPaths,
                 translations: Translations, seed_cases: int,
                 parent: QObject | None = None, appearance: Any = None,
                 sign_in: bool = True) -> None:
        super().__init__(parent)
        self.db_url = db_url
        self.settings = settings
        self.paths = paths
        self.translations = translations
        self.seed_cases = seed_cases
        self.appearance = appearance
        self.sign_in = sign_in
        self.sign_in_dialog: Any = None
        self._finished_dialogs: list[Any] = []
        self.worker = DbWorker(self)
        self.ctx: Any = None
        self.window: MainWindow | None = None
        self.progress_dialog: QProgressDialog | None = None
        self._seed_task: Task | None = None
        self._seed_done = False

    def start(self) -> None:
        self._show_shell(OPENING)
        self.worker.submit(open_context, self.db_url, on_result=self._opened,
                           on_error=self._failing(OPEN_FAILED))
        # Off the GUI thread too (pure imports; no widget is made), so the shell answers the
        # operator meanwhile. The worker runs tasks in order: every later start-up step comes
        # after it.
        self.worker.submit(preload_board_modules, on_error=self._failing(START_FAILED))

    def _show_shell(self, doing: str) -> None:
        """Show the window as a shell saying `doing` (an untranslated "Startup" text)."""
        began = time.perf_counter()
        from commandcenter.ui.main_window import MainWindow

        window = MainWindow(None, None, self.settings, self.paths, self.translations,
                            self.db_url, appearance=self.appearance)
        self.window = window
        window.set_starting_status(doing)  # its first frame already says what it waits for
        window.show()
        window.repaint()  # on screen now, before the worker competes for the interpreter
        log.info("shell shown in %.2f s", time.perf_counter() - began)
        self.sig_shell.emit(window)

    def _say(self, doing: str) -> None:
        if self.window is not None:
            self.window.set_starting_status(doing)

    def _opened(self, ctx: Any) -> None:
        log.info("store opened")
        self.ctx = ctx
        if self.seed_cases > 0:
            self.worker.submit(needs_seed, ctx, on_result=self._checked,
                               on_error=self._failing(START_FAILED))
        else:  # after the preload (an empty task queued behind it)
            self.worker.submit(lambda: None, on_result=lambda _=None: self._show(),
                               on_error=self._failing(START_FAILED))

    def _checked(self, needed: bool) -> None:
        if not needed:
            self._show()
            return
        self._say(SEEDING)
        dialog = QProgressDialog(self.tr("Building the demo district…"), self.tr("Cancel"), 0, 100,
                                 self.window)
        dialog.setObjectName("seed_progress")
        dialog.setWindowTitle(self.tr("First start"))
        dialog.setAccessibleName(self.tr("Demo data progress"))
        # Non-modal: nothing else is open yet, and a modal dialog's setValue() would spin a
        # nested event loop inside our progress slot.
        dialog.setWindowModality(Qt.WindowModality.NonModal)
        dialog.setMinimumDuration(0)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.canceled.connect(self._cancel_seed)
        self.progress_dialog = dialog
        dialog.show()
        self._seed_task = self.worker.submit(
            seed_demo, self.ctx, self.seed_cases, with_progress=True,
            on_progress=self._seed_progress, on_result=self._seeded, on_error=self._seed_failed)

    def _seed_progress(self, done: int, total: int, stage: str) -> None:
        dialog = self.progress_dialog
        if dialog is None:
            return
        dialog.setMaximum(max(total, 1))
        dialog.setValue(min(done, max(total, 1)))
        dialog.setLabelText(self.tr("Building the demo district: {stage}").format(stage=stage))

    def _cancel_seed(self) -> None:
        if self._seed_task is not None and not self._seed_task.done:
            log.info("demo seeding cancelled by the user")
            self._seed_task.cancel()
            # A cancelled task delivers nothing: open the shell on what was written.
            self.worker.submit(lambda: None, on_result=lambda _: self._seeded(None))

    def _seeded(self, summary: Any) -> None:
        # once: a Cancel clicked while the seed's result was already queued delivers twice
        if self._seed_done or self.window is None:
            return
        self._seed_done = True
        if summary is not None:
            log.info("demo district built: %s", summary)
        self._close_dialog()
        self._show()

    def _seed_failed(self, exc: BaseException) -> None:
        # The demo is a convenience: a store it cannot seed is still worth opening.
        log.warning("the demo district could not be built: %s", exc)
        self._seeded(None)

    def _close_dialog(self) -> None:
        if self.progress_dialog is not None:
            self.progress_dialog.canceled.disconnect(self._cancel_seed)
            self.progress_dialog.close()
            self.progress_dialog.deleteLater()
            self.progress_dialog = None

    def _show(self) -> None:
        """The sign-in, else the board (always after the worker's preload)."""
        if self.sign_in and getattr(self.ctx, "principal", None) is None:
            self._ask_sign_in()
        else:
            self._build_window()

    def _ask_sign_in(self) -> None:
        from commandcenter.ui.security.sign_in_dialog import SignInDialog

        self._say(SIGNING_IN)
        dialog = SignInDialog(self.ctx, self.worker, self.window)
        self.sign_in_dialog = dialog
        dialog.accepted.connect(self._signed_in)
        dialog.rejected.connect(self._sign_in_cancelled)
        dialog.open()

    def _signed_in(self) -> None:
        self._drop_sign_in_dialog()
        log.info("signed in as %s", self.ctx.principal.username)
        self._build_window()

    def _sign_in_cancelled(self) -> None:
        self._drop_sign_in_dialog()
        log.info("sign-in cancelled")
        self.sig_cancelled.emit()

    def _drop_sign_in_dialog(self) -> None:
        # Kept (closed) rather than deleted: the worker may still deliver the dialog's last
        # task result, which must find a live object. At most one per sign-in; freed at exit.
        if self.sign_in_dialog is not None:
            self._finished_dialogs.append(self.sign_in_dialog)
            self.sign_in_dialog = None

    def _sign_out(self) -> None:
        """The window's "Sign out": audited first, then the window closes and the program ends
        (the next operator starts it and signs in)."""
        from commandcenter.services.auth import sign_out

        self.worker.submit(sign_out, self.ctx, on_result=lambda _=None: self._signed_out(),
                           on_error=self._failing(START_FAILED))

    def _signed_out(self) -> None:
        window, self.window = self.window, None
        self.sig_signed_out.emit()
        if window is not None:
            window.close()

    def _build_window(self) -> None:
        window = self.window
        if window is None or window.closed:  # closed during the start
            return
        began = time.perf_counter()
        self._say(LOADING)
        window.attach(self.ctx, self.worker)
        window.session.sig_sign_out.connect(self._sign_out)
        window.refresh()
        log.info("main window attached to the store in %.2f s", time.perf_counter() - began)
        self.sig_ready.emit(window)

    def _failing(self, what: str) -> Callable[[BaseException], None]:
        """An error handler that says `what` in the shell and emits `sig_failed`."""
        def failed(exc: BaseException) -> None:
            self._close_dialog()
            self._say(what)
            self.sig_failed.emit(first_line(exc))

        return failed

    def shutdown(self) -> None:
        self.worker.shutdown()
        if self.ctx is not None:
            self.ctx.close()
            self.ctx = None
