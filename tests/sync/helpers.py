"""Hand-made district exports in the district_cn profile's format (Chinese headers)."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select

from commandcenter.store.models import Case, CaseEvent, Grid

from .conftest import write_csv

HEADER = ["案件号", "问题来源", "小类名称", "标题", "问题描述", "地址", "经度", "纬度", "网格编码",
          "上报时间", "结案时间", "当前阶段"]


def grids(ctx, n: int = 5) -> list[tuple[str, float, float]]:
    with ctx.unit_of_work() as uow:
        return [tuple(r) for r in uow.session.execute(
            select(Grid.code, Grid.centroid_lon, Grid.centroid_lat)
            .where(Grid.layer == "comprehensive").order_by(Grid.code).limit(n))]


def district_rows(ctx, n: int, *, state: str = "处置中", start: int = 0) -> list[list[object]]:
    g = grids(ctx, 5)
    rows = []
    for i in range(start, start + n):
        code, lon, lat = g[i % len(g)]
        rows.append([f"QX2026{i:08d}", "12345热线", "暴露垃圾", f"垃圾堆放{i}",
                     f"小区门口垃圾堆放无人清理{i}", f"中华路{i}号", f"{lon:.6f}", f"{lat:.6f}",
                     code, f"2026/3/{1 + i % 5} 14:02", "", state])
    return rows


def write_district(path: Path, rows: list[list[object]], encoding: str = "gb18030") -> Path:
    return write_csv(path, HEADER, rows, encoding)


def counts(ctx) -> dict[str, int]:
    with ctx.unit_of_work() as uow:
        s = uow.session
        return {
            "cases": s.execute(select(func.count()).select_from(Case)).scalar_one(),
            "events": s.execute(select(func.count()).select_from(CaseEvent)).scalar_one(),
            "max_version": s.execute(select(func.max(Case.version))).scalar_one() or 0,
            "max_seq": s.execute(select(func.max(Case.updated_seq))).scalar_one() or 0,
        }


def snapshot(ctx) -> dict[str, object]:
    """What an import leaves, comparable between stores (no ids, seqs or clocks)."""
    from commandcenter.store.models_sync import (
        SyncConflict,
        SyncDuplicate,
        SyncFile,
        SyncQuarantine,
        SyncRow,
    )

    with ctx.unit_of_work() as uow:
        s = uow.session
        cases = sorted(tuple(r) for r in s.execute(select(
            Case.external_id, Case.code, Case.state, Case.title, Case.lon, Case.lat,
            Case.reported_at, Case.closed_at, Case.version)))
        events = sorted(tuple(r) for r in s.execute(
            select(Case.external_id, CaseEvent.action, CaseEvent.from_state, CaseEvent.to_state)
            .join(Case, Case.id == CaseEvent.case_id)))
        rows = sorted(tuple(r) for r in s.execute(
            select(SyncRow.source, SyncRow.external_id, SyncRow.row_hash, Case.external_id)
            .join(Case, Case.id == SyncRow.case_id)))
        files = sorted((r.sha256, tuple(sorted(r.counts.items())))
                       for r in s.execute(select(SyncFile.sha256, SyncFile.counts)))
        quarantine = sorted(tuple(r) for r in s.execute(
            select(SyncQuarantine.file_sha256, SyncQuarantine.row_number, SyncQuarantine.reason)))
        conflicts = sorted(tuple(r) for r in s.execute(
            select(Case.external_id, SyncConflict.field, SyncConflict.ours, SyncConflict.theirs)
            .join(Case, Case.id == SyncConflict.case_id)))
        other = Case.__table__.alias("other")
        duplicates = sorted(tuple(r) for r in s.execute(
            select(Case.external_id, other.c.code).select_from(SyncDuplicate)
            .join(Case, Case.id == SyncDuplicate.case_id)
            .join(other, other.c.id == SyncDuplicate.candidate_id)))
    return {"cases": cases, "events": events, "rows": rows, "files": files,
            "quarantine": quarantine, "conflicts": conflicts, "duplicates": duplicates}
