"""Connection loss: the monitor goes offline, retries with backoff, comes back and resyncs;
the banner says so; PostgreSQL notifications wake the feed without waiting for a poll."""

from __future__ import annotations

import os
from itertools import count

import pytest
from PySide6.QtCore import QObject, Qt, Signal
from sqlalchemy import text
from sqlalchemy.engine import make_url

from commandcenter.domain.case import Actor
from commandcenter.domain.vocabulary import Channel, Role
from commandcenter.services.cases import CaseService
from commandcenter.services.context import AppContext
from commandcenter.services.dto import NewCase
from commandcenter.ui.connection import ConnectionMonitor
from commandcenter.ui.connection_banner import ConnectionBanner
from commandcenter.ui.connection_listener import Backoff

INTAKE = Actor("intake-test", Role.INTAKE_OPERATOR, None)
FAST = dict(first=0.02, cap=0.1)
_numbers = count(1)


def _report(ctx: AppContext, title: str = "噪音扰民") -> int:
    return CaseService(ctx).report(NewCase(channel=Channel.HOTLINE_12345, title=title), INTAKE).id


class FakeFeed(QObject):
    """The ChangeFeed surface the monitor uses; reads succeed or fail as the test says."""

    sig_failed = Signal(str)
    sig_polled = Signal()
    sig_listener = Signal(bool, str)

    def __init__(self, listening: bool = False) -> None:
        super().__init__()
        self.listening = listening
        self.listener_connected = listening
        self.reachable = True
        self.reads = 0
        self.timer_running = True

    def pause_timer(self) -> None:
        self.timer_running = False

    def resume_timer(self) -> None:
        self.timer_running = True

    def resync(self) -> None:
        self.reads += 1
        if self.reachable:
            self.sig_polled.emit()
        else:
            self.sig_failed.emit("connection refused")


# ---------------------------------------------------------------------- monitor and banner
def test_backoff_doubles_up_to_its_cap_and_resets():
    b = Backoff(first=0.5, cap=4)
    assert [b.next_delay() for _ in range(6)] == [0.5, 1, 2, 4, 4, 4]
    b.reset()
    assert b.next_delay() == 0.5


def test_monitor_goes_offline_retries_with_backoff_and_comes_back(qtbot):
    feed = FakeFeed()
    monitor = ConnectionMonitor(feed, backoff=Backoff(**FAST))
    delays: list[float] = []
    monitor.sig_retrying.connect(lambda _n, d: delays.append(d))
    feed.reachable = False
    with qtbot.waitSignal(monitor.sig_offline) as offline:
        feed.sig_failed.emit("server closed the connection unexpectedly")
    assert offline.args == ["server closed the connection unexpectedly"]
    assert not monitor.is_online and not feed.timer_running
    qtbot.waitUntil(lambda: feed.reads >= 3, timeout=3000)  # it keeps trying by itself
    assert delays[:3] == [0.02, 0.04, 0.08]
    feed.reachable = True
    with qtbot.waitSignal(monitor.sig_online, timeout=3000):
        pass
    assert monitor.is_online and feed.timer_running and monitor.reason == ""
    with qtbot.assertNotEmitted(monitor.sig_offline, wait=50):
        feed.sig_polled.emit()


def test_monitor_stays_offline_until_the_listener_is_back(qtbot):
    feed = FakeFeed(listening=True)
    monitor = ConnectionMonitor(feed, backoff=Backoff(**FAST))
    with qtbot.waitSignal(monitor.sig_offline):
        feed.listener_connected = False
        feed.sig_listener.emit(False, "terminating connection due to administrator command")
    qtbot.waitUntil(lambda: feed.reads >= 2, timeout=3000)  # reads answer, listener still down
    assert not monitor.is_online
    with qtbot.waitSignal(monitor.sig_online, timeout=3000):
        feed.listener_connected = True
        feed.sig_listener.emit(True, "")
    monitor.stop()


def test_banner_shows_while_offline_in_chinese(qtbot, qm_dir):
    from commandcenter.ui.i18n import Translations

    feed = FakeFeed()
    monitor = ConnectionMonitor(feed, backoff=Backoff(first=30, cap=30))
    translations = Translations(qm_dir)
    translations.install("zh_CN")
    try:
        banner = ConnectionBanner(monitor)
        qtbot.addWidget(banner)
        assert banner.isHidden()  # online: nothing to say
        feed.reachable = False
        feed.sig_failed.emit("connection refused")
        assert banner.isVisible()
        text_zh = banner.message()
        assert "数据库连接已断开" in text_zh and "connection refused" in text_zh
        assert "30" in text_zh  # when the next attempt comes
        feed.reachable = True
        qtbot.mouseClick(banner._retry, Qt.MouseButton.LeftButton)  # retry now
        assert monitor.is_online and banner.isHidden()
    finally:
        translations.install("en")
        monitor.stop()


def test_banner_in_english(qtbot):
    feed = FakeFeed()
    monitor = ConnectionMonitor(feed, backoff=Backoff(first=30, cap=30))
    banner = ConnectionBanner(monitor)
    qtbot.addWidget(banner)
    feed.reachable = False
    feed.sig_failed.emit("no route to host")
    assert "read-only" in banner.message() and "no route to host" in banner.message()
    monitor.stop()


# ---------------------------------------------------------------------- SQLite: polling
def test_sqlite_feed_polls_goes_offline_and_resyncs_what_changed_meanwhile(qtbot, seeded_db_url):
    from commandcenter.ui.change_feed import ChangeFeed
    from commandcenter.ui.db_worker import DbWorker

    reader = AppContext.open(seeded_db_url)
    writer = AppContext.open(seeded_db_url)
    worker = DbWorker()
    feed = ChangeFeed(worker, reader, interval_ms=30)
    monitor = ConnectionMonitor(feed, backoff=Backoff(**FAST))
    assert not feed.listening
    changed: list[int] = []
    feed.sig_changed.connect(lambda b: changed.extend(b.case_ids))
    service = feed._service
    real = service.changed_since
    try:
        feed.start()
        qtbot.waitUntil(lambda: feed.seq is not None, timeout=5000)

        def unreachable(_seq):
            raise OSError("disk I/O error")

        with qtbot.waitSignal(monitor.sig_offline, timeout=5000):
            service.changed_since = unreachable
        missed = _report(writer, "断线期间的案件")  # committed while this workstation is cut off
        qtbot.waitUntil(lambda: monitor.attempts >= 2, timeout=5000)
        assert missed not in changed
        with qtbot.waitSignal(monitor.sig_online, timeout=5000):
            service.changed_since = real
        qtbot.waitUntil(lambda: missed in changed, timeout=5000)
    finally:
        monitor.stop()
        feed.stop()
        worker.shutdown()
        reader.close()
        writer.close()


# ---------------------------------------------------------------------- PostgreSQL: NOTIFY
@pytest.fixture
def pg_url(pg_admin):
    """A fresh, migrated PostgreSQL database (``pg_admin``: tests/conftest.py)."""
    name = f"cc_live_{os.getpid()}_{next(_numbers)}"
    with pg_admin.connect() as conn:
        conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    url = pg_admin.url.set(database=name).render_as_string(hide_password=False)
    AppContext.open(url).close()  # migrated once
    yield url
    with pg_admin.connect() as conn:
        conn.exec_driver_sql(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true')
        conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.mark.postgres
def test_notification_wakes_the_feed_long_before_the_safety_poll(qtbot, pg_url):
    from commandcenter.ui.change_feed import ChangeFeed
    from commandcenter.ui.db_worker import DbWorker

    reader, writer = AppContext.open(pg_url), AppContext.open(pg_url)
    worker = DbWorker()
    feed = ChangeFeed(worker, reader, safety_interval_ms=600_000)  # no polling to speak of
    try:
        assert feed.listening
        with qtbot.waitSignal(feed.sig_listener, timeout=10_000):
            feed.start()
        qtbot.waitUntil(lambda: feed.seq is not None, timeout=5000)
        for title in ("第一件", "第二件"):
            with qtbot.waitSignal(feed.sig_changed, timeout=3000) as got:
                case_id = _report(writer, title)
            assert got.args[0].case_ids == (case_id,)
    finally:
        feed.stop()
        worker.shutdown()
        reader.close()
        writer.close()


@pytest.mark.postgres
def test_pg_connection_cut_offline_then_online_with_the_missed_changes(qtbot, pg_url, pg_admin):
    """Cut every connection of this workstation and refuse new ones; another workstation keeps
    working on its open connection; when connections are allowed again this one reconnects by
    itself and receives the change made while it was cut off."""
    from commandcenter.ui.change_feed import ChangeFeed
    from commandcenter.ui.db_worker import DbWorker

    name = make_url(pg_url).database
    reader, writer = AppContext.open(pg_url), AppContext.open(pg_url)
    worker = DbWorker()
    feed = ChangeFeed(worker, reader, interval_ms=100, safety_interval_ms=100,
                      listener_backoff=Backoff(**FAST))
    monitor = ConnectionMonitor(feed, backoff=Backoff(**FAST))
    changed: list[int] = []
    feed.sig_changed.connect(lambda b: changed.extend(b.case_ids))
    try:
        with qtbot.waitSignal(feed.sig_listener, timeout=10_000):
            feed.start()
        qtbot.waitUntil(lambda: feed.seq is not None, timeout=5000)
        _report(writer, "预热")  # the writer's pool now holds one open connection
        with writer.engine.connect() as conn:
            writer_pid = conn.execute(text("SELECT pg_backend_pid()")).scalar_one()
        with pg_admin.connect() as conn, qtbot.waitSignal(monitor.sig_offline, timeout=10_000):
            conn.exec_driver_sql(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false')
            conn.execute(text(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = :db AND pid <> :writer AND pid <> pg_backend_pid()"
            ), {"db": name, "writer": writer_pid})
        assert not feed.listener_connected
        missed = _report(writer, "断线期间的案件")  # on the writer's surviving connection
        qtbot.waitUntil(lambda: monitor.attempts >= 2, timeout=10_000)  # retrying meanwhile
        assert not monitor.is_online and missed not in changed
        with pg_admin.connect() as conn, qtbot.waitSignal(monitor.sig_online, timeout=15_000):
            conn.exec_driver_sql(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true')
        qtbot.waitUntil(lambda: missed in changed, timeout=5000)
        assert feed.listener_connected
        # and live again: a new change arrives through the new listening connection
        with qtbot.waitSignal(feed.sig_changed, timeout=5000) as got:
            after = _report(writer, "恢复之后")
        assert after in got.args[0].case_ids
    finally:
        monitor.stop()
        feed.stop()
        worker.shutdown()
        reader.close()
        writer.close()
