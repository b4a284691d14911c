"""The importer's write path on both dialects (the `db_url` fixture runs SQLite and PostgreSQL):
batches with explicit ids and day-counter codes, resume, updates, conflicts, quarantine, the
id sequence moved past imported cases, export after import."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select, update

from commandcenter.domain.case import Actor
from commandcenter.domain.vocabulary import Channel, Role
from commandcenter.services.cases import CaseService
from commandcenter.services.dto import NewCase
from commandcenter.store.models import Case, CaseEvent
from commandcenter.store.models_sync import SyncBatch, SyncConflict, SyncQuarantine, SyncRow
from commandcenter.sync.export import export_changes
from commandcenter.sync.importer import import_file

from .helpers import district_rows, write_district


class Stop(Exception):
    pass


@pytest.fixture
def org_ctx(ctx):
    from commandcenter.demo import build_demo

    build_demo(ctx, cases=0)
    return ctx


def _count(ctx, *what):
    with ctx.unit_of_work() as uow:
        return tuple(uow.session.execute(select(func.count()).select_from(t)).scalar_one()
                     for t in what)


def test_batched_import_resume_update_and_conflict(org_ctx, tmp_path):
    ctx = org_ctx
    rows = district_rows(ctx, 40)
    rows.append(["", *rows[0][1:]])  # quarantined
    path = write_district(tmp_path / "a.csv", rows)

    def stop(done, total, stage):
        if done == 15 and stage == "insert":
            raise Stop

    with pytest.raises(Stop):
        import_file(ctx, path, batch_rows=15, progress=stop)
    assert _count(ctx, Case, CaseEvent, SyncRow) == (15, 30, 15)
    res = import_file(ctx, path, batch_rows=15)
    assert (res.imported, res.unchanged, res.quarantined, res.duplicates) == (40, 0, 1, 0)
    assert _count(ctx, Case, CaseEvent, SyncRow, SyncQuarantine) == (40, 80, 40, 1)
    with ctx.unit_of_work() as uow:
        rec = uow.session.execute(select(SyncBatch.rows_done, SyncBatch.batches,
                                         SyncBatch.status)).one()
        codes = uow.session.execute(select(Case.code)).scalars().all()
    assert tuple(rec) == (40, 3, "done") and len(set(codes)) == 40
    assert import_file(ctx, path).status == "already_applied"

    # the id sequence was moved past the imported ids: a local report gets a fresh id
    ref = CaseService(ctx).report(NewCase(channel=Channel.GRID_WORKER, title="井盖缺失"),
                                  Actor("i", Role.INTAKE_OPERATOR, "QZX"))
    assert ref.id > 40

    changed = [list(r) for r in rows[:40]]
    for r in changed[:5]:
        r[11], r[10] = "已结案", "2026/3/9 10:00"
    changed[0][3] = "区里改的标题"
    with ctx.unit_of_work(write=True) as uow:  # the centre edited the same title
        uow.session.execute(update(Case.__table__).where(
            Case.external_id == rows[0][0]).values(title="中心改的标题"))
    res = import_file(ctx, write_district(tmp_path / "b.csv", changed), batch_rows=15)
    assert (res.imported, res.updated, res.conflicts, res.unchanged) == (0, 5, 1, 35)
    with ctx.unit_of_work() as uow:
        closed = uow.session.execute(select(func.count()).select_from(Case).where(
            Case.state == "closed")).scalar_one()
        title = uow.session.execute(select(Case.title).where(
            Case.external_id == rows[0][0])).scalar_one()
        conflict = uow.session.execute(select(SyncConflict.field, SyncConflict.theirs)).one()
    assert closed == 5 and title == "中心改的标题"
    assert conflict.field == "title" and "区里改的标题" in conflict.theirs
    out = export_changes(ctx, tmp_path / "out", ("csv",))
    assert out.cases == 41
