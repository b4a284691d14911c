"""The change feed reports exactly the cases another workstation changed, on the GUI thread."""

from __future__ import annotations

from commandcenter.domain.case import Actor
from commandcenter.domain.vocabulary import Channel, Role
from commandcenter.services.cases import CaseService
from commandcenter.services.context import AppContext
from commandcenter.services.dto import NewCase


def test_feed_reports_changes_committed_by_another_context(qtbot, seeded_db_url):
    from commandcenter.ui.change_feed import ChangeFeed
    from commandcenter.ui.db_worker import DbWorker

    reader = AppContext.open(seeded_db_url)
    writer = AppContext.open(seeded_db_url)  # another workstation on the same database
    worker = DbWorker()
    feed = ChangeFeed(worker, reader, interval_ms=50)
    try:
        feed.start()
        qtbot.waitUntil(lambda: feed.seq is not None, timeout=5000)
        start = feed.seq
        service = CaseService(writer)
        intake = Actor("intake-test", Role.INTAKE_OPERATOR, None)
        with qtbot.waitSignal(feed.sig_changed, timeout=5000) as blocker:
            ref = service.report(NewCase(channel=Channel.HOTLINE_12345, title="噪音扰民"), intake)
        batch = blocker.args[0]
        assert ref.id in batch.case_ids and batch.max_seq > start
        with qtbot.waitSignal(feed.sig_changed, timeout=5000) as blocker:
            centre = service.detail(ref.id).owner_centre
            service.transition(ref.id, "accept", {}, Actor("i", Role.INTAKE_OPERATOR, centre))
        assert blocker.args[0].case_ids == (ref.id,)
        # nothing more changed: no further batch within a few polls
        with qtbot.assertNotEmitted(feed.sig_changed, wait=300):
            pass
    finally:
        feed.stop()
        worker.shutdown()
        reader.close()
        writer.close()


def test_hints_for_seen_changes_are_ignored_and_a_burst_costs_one_extra_read(qtbot, seeded_db_url):
    """A notification is a hint: one for a seq the feed has is dropped; hints arriving while a
    read is in flight are folded into one follow-up read (no read storm on a burst)."""
    from commandcenter.ui.change_feed import ChangeFeed
    from commandcenter.ui.db_worker import DbWorker

    reader = AppContext.open(seeded_db_url)
    writer = AppContext.open(seeded_db_url)
    worker = DbWorker()
    feed = ChangeFeed(worker, reader, interval_ms=600_000, listen=False)  # no polling to speak of
    reads: list[int] = []
    real = feed._service.changed_since
    feed._service.changed_since = lambda seq: reads.append(seq) or real(seq)
    try:
        feed.start()
        qtbot.waitUntil(lambda: feed.seq is not None, timeout=5000)
        feed._hinted(feed.seq)  # nothing new
        worker.wait_idle(5000)
        qtbot.wait(20)
        assert reads == []
        ref = CaseService(writer).report(NewCase(channel=Channel.HOTLINE_12345, title="占道"),
                                         Actor("i", Role.INTAKE_OPERATOR, None))
        with qtbot.waitSignal(feed.sig_changed, timeout=5000) as got:
            for _ in range(5):
                feed._hinted(None)
        assert ref.id in got.args[0].case_ids
        worker.wait_idle(5000)
        qtbot.wait(50)
        assert len(reads) == 2  # the first hint's read + one follow-up for the other four
    finally:
        feed.stop()
        worker.shutdown()
        reader.close()
        writer.close()
