"""Resumable batches: committed batches survive a cancel or failure, and the next run of the
same file completes it with exactly the result of an uninterrupted import."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import select, update

from commandcenter.store.models import Case, CaseEvent
from commandcenter.store.models_sync import SyncBatch, SyncFile
from commandcenter.sync import importer
from commandcenter.sync.importer import ImportRaceError, import_file

from .conftest import _open
from .helpers import counts, district_rows, snapshot, write_district


class Stop(Exception):
    pass


def _stop_at(rows_done: int):
    def progress(done, total, stage):
        if done == rows_done and stage in ("insert", "update"):
            raise Stop
    return progress


def _record(ctx, sha):
    with ctx.unit_of_work() as uow:
        return uow.session.execute(select(SyncBatch.__table__).where(
            SyncBatch.sha256 == sha)).mappings().first()


@pytest.fixture
def twin(geo_db_file, tmp_path):
    """A second store from the same template: where the uninterrupted import runs."""
    ctx = _open(geo_db_file, tmp_path / "twin.sqlite3")
    yield ctx
    ctx.close()


def test_cancel_keeps_committed_batches_and_the_rerun_equals_one_shot(store, twin, tmp_path):
    rows = district_rows(store, 50)
    rows.append(["", *rows[0][1:]])  # a quarantined row (no external id)
    path = write_district(tmp_path / "a.csv", rows)
    with pytest.raises(Stop):
        import_file(store, path, batch_rows=20, progress=_stop_at(20))
    # the first batch is committed and recorded; the file is not applied yet
    assert counts(store)["cases"] == 20 and counts(store)["events"] == 40
    rec = _record(store, importer.file_sha256(path))
    assert (rec["rows_done"], rec["rows_total"], rec["batches"], rec["status"]) == (
        20, 50, 1, "running")
    assert rec["counts"]["imported"] == 20
    with store.unit_of_work() as uow:
        assert uow.session.execute(select(SyncFile.id)).first() is None
    res = import_file(store, path, batch_rows=20)
    assert (res.status, res.imported, res.unchanged, res.quarantined) == ("applied", 50, 0, 1)
    # rows of the file resemble one another, but a file's own cases are never candidates,
    # not even those committed by the cancelled run
    assert res.duplicates == 0
    one = import_file(twin, path, batch_rows=20)
    assert res.message.startswith("resumed: 20 rows") and one.message == ""
    same = {"duration_s": 0, "message": ""}
    assert one.to_dict() | same == res.to_dict() | same
    assert snapshot(store) == snapshot(twin)
    rec = _record(store, res.sha256)
    assert (rec["rows_done"], rec["batches"], rec["status"]) == (50, 3, "done")
    assert import_file(store, path).status == "already_applied"


def test_resumed_duplicate_suggestions_equal_one_shot(store, twin, tmp_path):
    rows = district_rows(store, 30)
    for ctx in (store, twin):  # an open case of another source resembling the whole file
        import_file(ctx, write_district(tmp_path / "local.csv", rows[:1]), source="hotline")
    path = write_district(tmp_path / "a.csv", rows)
    with pytest.raises(Stop):
        import_file(store, path, batch_rows=10, progress=_stop_at(10))
    res = import_file(store, path, batch_rows=10)
    one = import_file(twin, path, batch_rows=10)
    assert res.duplicates == one.duplicates > 0
    assert snapshot(store)["duplicates"] == snapshot(twin)["duplicates"]


def test_a_resume_must_keep_the_profile_and_source(store, tmp_path):
    from commandcenter.sync.readers import StructuralError

    path = write_district(tmp_path / "a.csv", district_rows(store, 30))
    with pytest.raises(Stop):
        import_file(store, path, batch_rows=10, progress=_stop_at(10))
    with pytest.raises(StructuralError, match="resume it with the same profile and source"):
        import_file(store, path, source="elsewhere", batch_rows=10)
    assert counts(store)["cases"] == 10
    assert import_file(store, path, batch_rows=10).imported == 30


def test_a_failing_batch_rolls_back_alone(store, tmp_path, monkeypatch):
    path = write_district(tmp_path / "a.csv", district_rows(store, 30))
    real = importer.insert_new
    calls = []

    def flaky(session, new, **kw):
        calls.append(new.n)
        if len(calls) == 2:
            real(session, new, **kw)  # written, then the transaction fails
            raise RuntimeError("disk full")
        return real(session, new, **kw)

    monkeypatch.setattr(importer, "insert_new", flaky)
    with pytest.raises(RuntimeError, match="disk full"):
        import_file(store, path, batch_rows=10)
    assert counts(store)["cases"] == 10
    assert _record(store, importer.file_sha256(path))["rows_done"] == 10
    monkeypatch.setattr(importer, "insert_new", real)
    res = import_file(store, path, batch_rows=10)
    assert res.imported == 30 and counts(store)["cases"] == 30


def test_resumed_updates_and_conflicts_equal_one_shot(store, twin, tmp_path):
    base = district_rows(store, 30)
    first = write_district(tmp_path / "a.csv", base)
    changed = [list(r) for r in base] + district_rows(store, 10, start=30)
    for r in changed[:12]:
        r[11] = "已结案"  # state changed by the district
        r[10] = "2026/3/9 10:00"
    changed[0][3] = "区里改的标题"  # ...and a title the centre changed too: a conflict
    second = write_district(tmp_path / "b.csv", changed)
    for ctx in (store, twin):
        import_file(ctx, first)
        with ctx.unit_of_work(write=True) as uow:
            uow.session.execute(update(Case.__table__).where(
                Case.external_id == base[0][0]).values(title="中心改的标题"))
    with pytest.raises(Stop):  # stopped after the new rows and the first changed rows
        import_file(store, second, batch_rows=15, progress=_stop_at(15))
    res = import_file(store, second, batch_rows=15)
    one = import_file(twin, second, batch_rows=15)
    assert (res.imported, res.updated, res.conflicts, res.unchanged) == (10, 12, 1, 18)
    same = {"duration_s": 0, "message": ""}
    assert one.to_dict() | same == res.to_dict() | same
    assert snapshot(store) == snapshot(twin)


def test_batches_get_distinct_ids_codes_and_their_own_change_seq(store, tmp_path):
    res = import_file(store, write_district(tmp_path / "a.csv", district_rows(store, 30)),
                      batch_rows=7)
    assert res.imported == 30
    with store.unit_of_work() as uow:
        rows = uow.session.execute(select(Case.id, Case.code, Case.updated_seq,
                                          Case.reported_at)).all()
    assert len({r.id for r in rows}) == len({r.code for r in rows}) == 30
    assert len({r.updated_seq for r in rows}) == 5  # 7+7+7+7+2
    # new rows are written in report-time order: ids follow the report times
    by_id = sorted(rows)
    assert [r.reported_at for r in by_id] == sorted(r.reported_at for r in rows)


def test_a_concurrent_import_of_the_same_file_is_refused(store, tmp_path):
    path = write_district(tmp_path / "a.csv", district_rows(store, 30))
    sha = importer.file_sha256(path)

    def meddle(done, total, stage):
        if done == 10 and stage == "insert":  # another process moves the record meanwhile
            with store.unit_of_work(write=True) as uow:
                uow.session.execute(update(SyncBatch.__table__).where(
                    SyncBatch.sha256 == sha).values(rows_done=20))

    with pytest.raises(ImportRaceError):
        import_file(store, path, batch_rows=10, progress=meddle)
    assert counts(store)["cases"] == 10  # the refused batch wrote nothing


def test_a_sync_run_resumes_a_part_imported_inbox_file(store, tmp_path, monkeypatch):
    from commandcenter.sync import engine

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    path = write_district(inbox / "a.csv", district_rows(store, 30))
    with pytest.raises(Stop):
        import_file(store, path, batch_rows=10, progress=_stop_at(10))
    run = engine.run_sync(store, inbox, None)
    assert [f["status"] for f in run.files] == ["applied"]
    assert run.files[0]["imported"] == 30 and counts(store)["cases"] == 30

    def busy(*a, **k):
        raise ImportRaceError("another import of this file is running")

    (inbox / "b.csv").write_bytes(path.read_bytes() + b"\n")
    monkeypatch.setattr(engine, "import_file", busy)
    run = engine.run_sync(store, inbox, None)
    assert run.status == "partial" and [f["status"] for f in run.files] == ["busy", "busy"]


def test_each_batch_stamps_its_imports_with_its_own_time(store, tmp_path):
    """A batch's values are prepared while the batch before it commits, but the time of its
    sync_import events is the one the batch takes in its own transaction (the time its
    progress record shows), one time per batch."""
    path = write_district(tmp_path / "a.csv", district_rows(store, 30))
    sha = importer.file_sha256(path)
    calls = []
    start = datetime(2026, 3, 9, 8, 0)

    def now() -> datetime:  # every call a second later than the last
        calls.append(None)
        return start + timedelta(seconds=len(calls))

    store.now = now
    recorded: list[datetime] = []  # the batch record's time as each batch reported progress

    def progress(done, total, stage):
        if stage == "insert" and done:
            recorded.append(_record(store, sha)["updated_at"])

    assert import_file(store, path, batch_rows=10, progress=progress).imported == 30
    with store.unit_of_work() as uow:
        rows = uow.session.execute(select(CaseEvent.seq, CaseEvent.at).where(
            CaseEvent.action == "sync_import")).all()
    per_batch: dict[int, set[datetime]] = {}
    for seq, at in rows:
        per_batch.setdefault(seq, set()).add(at)
    assert [per_batch[s] for s in sorted(per_batch)] == [{t} for t in recorded]


def test_the_import_page_cache_is_kept_between_batches_and_given_back_after(store, tmp_path):
    path = write_district(tmp_path / "a.csv", district_rows(store, 50))
    raised = -importer.SQLITE_CACHE_KIB

    def idle_cache_sizes() -> list[int]:
        """The page-cache size of every idle pooled connection (all checked out at once)."""
        conns = [store.engine.connect() for _ in range(store.engine.pool.checkedin())]
        try:
            return [c.exec_driver_sql("PRAGMA cache_size").scalar_one() for c in conns]
        finally:
            for c in conns:
                c.close()

    own = set(idle_cache_sizes())
    between = []

    def progress(done, total, stage):
        if stage == "insert" and 0 < done < total:
            between.append(idle_cache_sizes())

    res = import_file(store, path, batch_rows=20, progress=progress)
    assert res.imported == 50 and len(between) == 2
    assert all(raised in sizes for sizes in between)  # the next batch finds its index pages
    after = idle_cache_sizes()
    assert raised not in after and set(after) <= own  # no idle connection keeps 256 MB
