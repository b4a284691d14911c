"""Crash reports and logging: written where promised, versions in, personal data out."""

from __future__ import annotations

import logging
import sys
import threading
from pathlib import Path

import pytest

from commandcenter import __version__
from commandcenter.crash import CrashHandler, mask_url, scrub, write_report
from commandcenter.logging_setup import LOG_FILE, setup_logging

SECRET_URL = "postgresql+psycopg://dispatch:Hu4ng-S3cret@db.qinhuai.gov:5432/cc"


def _exc_info(message: str):
    try:
        raise RuntimeError(message)
    except RuntimeError:
        return sys.exc_info()


def test_report_has_versions_and_traceback_but_no_secrets(tmp_path: Path):
    message = ("reporter 王小明 13912345678 id 32010419800101123X could not be saved\n"
               "[SQL: INSERT INTO reporters (name, phone) VALUES (?, ?)]\n"
               "[parameters: ('王小明', '13912345678')]")
    path = write_report(_exc_info(message), tmp_path / "crash", db_url=SECRET_URL,
                        where="db-worker")
    text = path.read_text(encoding="utf-8")
    assert path.parent == tmp_path / "crash" and path.name.startswith("crash-")
    for needle in (__version__, "Python", "PySide6-Essentials", "SQLAlchemy", "Qt:",
                   "platform:", "thread: db-worker", "RuntimeError", "test_desktop_crash.py"):
        assert needle in text, needle
    assert "Hu4ng-S3cret" not in text and "dispatch:***@db.qinhuai.gov:5432/cc" in text
    assert "13912345678" not in text and "32010419800101123X" not in text
    assert "('王小明'" not in text and "[parameters: (masked)]" in text


def test_mask_url_and_home_folder():
    assert "S3cret" not in mask_url(SECRET_URL)
    assert mask_url("sqlite:////srv/cc/db.sqlite3") == "sqlite:////srv/cc/db.sqlite3"
    home = str(Path.home())
    if len(home) > 1:
        assert scrub(f"{home}/data/x.sqlite3") == "~/data/x.sqlite3"


def test_unhandled_exceptions_in_main_and_other_threads_are_reported(tmp_path: Path, caplog):
    told: list[Path] = []
    handler = CrashHandler(tmp_path / "crash", SECRET_URL, notify=told.append).install()
    try:
        assert sys.excepthook == handler._sys_hook
        with caplog.at_level(logging.CRITICAL):
            sys.excepthook(*_exc_info("in a slot"))
            worker = threading.Thread(target=lambda: 1 / 0, name="import-thread")
            worker.start()
            worker.join()
    finally:
        handler.uninstall()
    assert sys.excepthook is sys.__excepthook__ or sys.excepthook != handler._sys_hook
    assert len(told) == 2 and told == handler.reports
    texts = [p.read_text(encoding="utf-8") for p in told]
    assert "in a slot" in texts[0] and "ZeroDivisionError" in texts[1]
    assert "thread: import-thread" in texts[1]
    assert "unhandled exception" in caplog.text


def test_a_failing_notifier_or_folder_never_raises(tmp_path: Path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    handler = CrashHandler(blocker / "crash", notify=lambda p: 1 / 0)
    assert handler.handle(_exc_info("boom")) is None  # folder cannot be created: logged only
    handler = CrashHandler(tmp_path / "crash", notify=lambda p: 1 / 0)
    assert handler.handle(_exc_info("boom")).exists()


def test_notifier_brings_the_report_to_the_gui_thread(qtbot, tmp_path: Path):
    from commandcenter.ui.crash_notice import CrashNotifier

    handler = CrashHandler(tmp_path / "crash")
    notifier = CrashNotifier(handler, interactive=False)
    worker = threading.Thread(target=lambda: handler.handle(_exc_info("late")))
    with qtbot.waitSignal(notifier.sig_report, timeout=5000):
        worker.start()
        worker.join()
    assert notifier.shown == [str(handler.reports[0])]


def test_qt_warnings_go_to_the_log(qtbot, tmp_path, caplog):
    from PySide6.QtCore import qInstallMessageHandler, qWarning

    from commandcenter.ui.crash_notice import install_qt_message_handler

    install_qt_message_handler(CrashHandler(tmp_path / "crash"))
    try:
        with caplog.at_level(logging.WARNING, logger="qt"):
            qWarning("a Qt warning for the log")
    finally:
        qInstallMessageHandler(None)
    assert "a Qt warning for the log" in caplog.text


def test_logs_rotate_in_the_log_dir_without_a_console(tmp_path: Path, monkeypatch):
    import commandcenter.logging_setup as ls

    monkeypatch.setattr(ls, "MAX_BYTES", 2000)
    root = logging.getLogger()
    before = list(root.handlers)
    try:
        log_file = setup_logging(tmp_path / "log", stream=None)  # a windowed build: no stderr
        assert log_file == tmp_path / "log" / LOG_FILE
        ours = [h for h in root.handlers if h not in before]
        assert len(ours) == 1  # the file only, no stream handler on a missing console
        setup_logging(tmp_path / "log", stream=None)  # again: replaced, not duplicated
        assert len([h for h in root.handlers if h not in before]) == 1
        for i in range(100):
            logging.getLogger("commandcenter.test").warning("line %d %s", i, "x" * 40)
        names = sorted(p.name for p in (tmp_path / "log").iterdir())
        assert LOG_FILE in names and f"{LOG_FILE}.1" in names
        assert len(names) <= ls.BACKUPS + 1
    finally:
        for h in [h for h in root.handlers if h not in before]:
            root.removeHandler(h)
            h.close()


def test_log_file_and_console_mask_phones_and_id_numbers(tmp_path: Path):
    """README: "Log files mask phone and ID numbers", in the message, its arguments and its
    traceback alike."""
    import io

    root = logging.getLogger()
    before = list(root.handlers)
    console = io.StringIO()
    try:
        log_file = setup_logging(tmp_path / "log", stream=console)
        logger = logging.getLogger("commandcenter.test.pii")
        logger.warning("caller 13912345678 id %s", "32010419800101123X")
        try:
            raise ValueError("reporter phone 13987654321")
        except ValueError:
            logger.exception("save failed")
        for h in root.handlers:
            h.flush()
        for text in (log_file.read_text(encoding="utf-8"), console.getvalue()):
            assert "save failed" in text and "ValueError" in text
            assert "139****5678" in text and "3201**********123X" in text
            for secret in ("13912345678", "32010419800101123X", "13987654321"):
                assert secret not in text, secret
    finally:
        for h in [h for h in root.handlers if h not in before]:
            root.removeHandler(h)
            h.close()


@pytest.mark.parametrize("stream", [None, "closed"])
def test_no_console_stream_is_assumed(tmp_path, stream):
    import io

    from commandcenter.logging_setup import has_console_stream

    if stream == "closed":
        stream = io.StringIO()
        stream.close()
    assert not has_console_stream(stream)
    assert has_console_stream(io.StringIO())


def test_native_crashes_leave_python_stacks(tmp_path: Path):
    """A segfault inside a C library: faulthandler writes every thread's stack to the folder."""
    import subprocess
    import textwrap

    script = textwrap.dedent(f"""
        import ctypes
        from pathlib import Path
        from commandcenter.crash import CrashHandler
        CrashHandler(Path(r"{tmp_path / 'crash'}")).install(native=True)
        ctypes.string_at(0)  # a null-pointer read: what a Qt crash looks like
    """)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          timeout=60)
    assert done.returncode != 0
    text = (tmp_path / "crash" / "native-crashes.txt").read_text(encoding="utf-8")
    assert "Segmentation fault" in text or "Fatal Python error" in text
    assert "string_at" in text or "<string>" in text


def test_windowed_build_without_streams_still_parses_arguments(monkeypatch):
    from commandcenter import app

    monkeypatch.setattr(sys, "stdout", None)
    monkeypatch.setattr(sys, "stderr", None)
    app.ensure_streams()
    assert sys.stdout is not None and sys.stderr is not None
    with pytest.raises(SystemExit) as done:  # --version prints (to the sink) and exits 0
        app.parse_args(["--version"])
    assert done.value.code == 0
    sys.stdout.close()
    sys.stderr.close()
