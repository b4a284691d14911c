"""One instance per user and database: the second start asks the first to come forward."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from PySide6.QtCore import QDir
from PySide6.QtNetwork import QLocalServer

from commandcenter.ui.single_instance import SingleInstance, server_name


@pytest.fixture
def name() -> str:
    return f"cc-test-{uuid.uuid4().hex[:12]}"


def test_names_depend_on_user_and_database_only():
    a = server_name("sqlite:////srv/a.sqlite3", "wang")
    assert a == server_name("sqlite:////srv/a.sqlite3", "wang")
    assert a != server_name("sqlite:////srv/b.sqlite3", "wang")
    assert a != server_name("sqlite:////srv/a.sqlite3", "li")
    assert len(a) <= 40 and "srv" not in a and "wang" not in a
    assert "pw" not in server_name("postgresql://cc:pw@host/cc", "wang")


def test_second_owner_activates_the_first(qtbot, name):
    first, second = SingleInstance(name), SingleInstance(name)
    try:
        assert first.acquire()
        with qtbot.waitSignal(first.sig_activate, timeout=5000):
            assert not second.acquire()
        assert second.server is None
    finally:
        first.release()
        second.release()
    third = SingleInstance(name)  # released: the next start owns it
    try:
        assert third.acquire()
    finally:
        third.release()


def test_other_database_is_another_instance(qtbot, name):
    first, other = SingleInstance(name), SingleInstance(name + "-other")
    try:
        assert first.acquire() and other.acquire()
    finally:
        first.release()
        other.release()


@pytest.mark.skipif(sys.platform == "win32", reason="a stale socket file is a Unix matter")
def test_stale_socket_from_a_crashed_run_is_taken_over(name):
    path = Path(QDir.tempPath()) / name
    stale = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    stale.bind(str(path))  # bound, never listening: what a killed process leaves behind
    stale.close()
    assert path.exists()
    guard = SingleInstance(name)
    try:
        assert guard.acquire()
        assert guard.server is not None and guard.server.isListening()
    finally:
        guard.release()
        QLocalServer.removeServer(name)


def test_a_second_program_start_exits_and_raises_the_first(qtbot, tmp_path):
    """The real program, started twice on one database: the second exits 0 at once."""
    url = f"sqlite:///{(tmp_path / 'one.sqlite3').as_posix()}"
    first = SingleInstance(server_name(url))
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen",
               COMMANDCENTER_HOME=str(tmp_path / "home"))
    try:
        assert first.acquire()
        with qtbot.waitSignal(first.sig_activate, timeout=60000):
            done = subprocess.run([sys.executable, "-m", "commandcenter", "--db", url],
                                  env=env, capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        assert "already running" in done.stdout
        assert not (tmp_path / "one.sqlite3").exists()  # it never opened the database
    finally:
        first.release()
