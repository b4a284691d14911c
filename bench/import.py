"""Benchmark: importing a district export (GB18030 CSV, Chinese headers) into a big store.

    python bench/import.py [--cases 1000000] [--store bench/.stores/demo-1000000.sqlite3]

The store already holding the cases is `bench/.stores/demo-<N>.sqlite3` (built by
bench/demo.py) and is COPIED first (sqlite3 backup API), never written. Without it, a store is synthesised: the demo
geography plus N cases preloaded through the importer itself (source "preload").
The export (N rows, district_cn profile) is synthesised column-wise on the demo grids.

Figures (JSON lines {"name","value","unit","n"} + "floor","ratio"):
- floor: pandas.read_csv of the file + sqlite3 executemany upsert of the same rows into a bare
  table (one text column per field, primary key on the id) in one transaction;
- import.first: the first import (new cases, two events each, sync rows) in committed batches
  of `importer.BATCH_ROWS` rows, ratio to the floor;
- import.first.longest_batch: the longest batch transaction (how long the import holds SQLite's
  write lock at once; other writers wait at most about this long), with the batch count;
- import.again_sha: the same file again (recognised by SHA-256, nothing read);
- import.again_rows: the same file forced through row-level comparison (writes nothing),
  ratio to the first import (goal <= 0.5);
- import.first.ids_in_report_order: (with a demo store) the first import of another export
  whose case ids follow report time, as real district exports number them (the main export
  numbers them at random), into a fresh copy of the store, ratio to that file's own floor;
- peak memory of each phase (each runs in its own process: ru_maxrss).
Never asserts.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
HEADER = ["案件号", "问题来源", "小类名称", "标题", "问题描述", "地址", "经度", "纬度", "网格编码",
          "上报时间", "结案时间", "当前阶段"]
STATES = ["待受理", "待立案", "待派遣", "待签收", "处置中", "待核查", "待结案", "已结案", "已结案", "已结案"]
CHANNELS = ["12345热线", "网格员上报", "部门转办", "便民服务窗口"]


def emit(name: str, value: float, unit: str, n: int, **extra) -> None:
    print(json.dumps({"name": name, "value": round(value, 3), "unit": unit, "n": n, **extra},
                     ensure_ascii=False), flush=True)


def url(path: Path) -> str:
    return f"sqlite:///{path.resolve().as_posix()}"


def make_export(ctx, n: int, target: Path, prefix: str, seed: int,
                ids_in_report_order: bool = False) -> None:
    from sqlalchemy import select

    from commandcenter.store.models import Grid

    with ctx.unit_of_work() as uow:
        grids = uow.session.execute(select(Grid.code, Grid.centroid_lon, Grid.centroid_lat)).all()
    names = [m.name for m in ctx.catalogue.minors]
    rng = np.random.default_rng(seed)
    g = rng.integers(0, len(grids), n)
    codes = np.array([r[0] for r in grids], dtype=object)[g]
    lon = np.array([r[1] for r in grids])[g] + rng.normal(0, 0.0008, n)
    lat = np.array([r[2] for r in grids])[g] + rng.normal(0, 0.0008, n)
    minute = rng.integers(0, 365 * 24 * 60, n)
    if ids_in_report_order:  # as district platforms number cases when they are reported
        minute = np.sort(minute)
    reported = pd.Timestamp("2025-01-01") + pd.to_timedelta(minute, unit="min")
    state = np.array(STATES, dtype=object)[rng.integers(0, len(STATES), n)]
    closed = np.where(state == "已结案", (reported + pd.Timedelta(hours=30)).strftime(
        "%Y/%m/%d %H:%M"), "")
    cat = np.array(names, dtype=object)[rng.integers(0, len(names), n)]
    ids = np.char.add(prefix, np.char.zfill(np.arange(n).astype(str), 9))
    frame = pd.DataFrame({
        "案件号": ids, "问题来源": np.array(CHANNELS, dtype=object)[rng.integers(0, 4, n)],
        "小类名称": cat, "标题": cat, "问题描述": pd.Series(cat) + "，群众反映需尽快处理",
        "地址": pd.Series(codes).str.slice(-6).radd("秦淮区网格") + "附近",
        "经度": np.round(lon, 6), "纬度": np.round(lat, 6), "网格编码": codes,
        "上报时间": reported.strftime("%Y/%m/%d %H:%M"), "结案时间": closed, "当前阶段": state,
    })
    frame.to_csv(target, index=False, encoding="gb18030")


def floor(path: Path, work: Path) -> float:
    work.unlink(missing_ok=True)
    t0 = time.perf_counter()
    frame = pd.read_csv(path, dtype=str, encoding="gb18030", keep_default_na=False)
    con = sqlite3.connect(work)
    cols = [f"c{i}" for i in range(len(frame.columns))]
    con.execute(f"CREATE TABLE bare ({', '.join(c + ' TEXT' for c in cols)}, "
                f"PRIMARY KEY (c0))")
    sets = ", ".join(f"{c} = excluded.{c}" for c in cols[1:])
    con.executemany(f"INSERT INTO bare VALUES ({', '.join('?' * len(cols))}) "
                    f"ON CONFLICT (c0) DO UPDATE SET {sets}",
                    frame.itertuples(index=False, name=None))
    con.commit()
    con.close()
    return time.perf_counter() - t0


def phase(args: argparse.Namespace) -> None:
    """One measured step in its own process: prints {"seconds", "maxrss_mb", "result"}."""
    from commandcenter.services.context import AppContext
    from commandcenter.sync import importer

    batches: list[float] = []
    write_batch = importer._write_batch

    def timed(*a, **k):  # each batch is one write transaction: how long the lock is held
        t = time.perf_counter()
        try:
            return write_batch(*a, **k)
        finally:
            batches.append(time.perf_counter() - t)

    importer._write_batch = timed
    ctx = AppContext.open(url(Path(args.db)))
    t0 = time.perf_counter()
    if args.phase == "floor":
        seconds = floor(Path(args.file), Path(args.db).with_name("floor.sqlite3"))
        result = {}
    else:
        res = importer.import_file(ctx, args.file, force=args.phase == "again_rows")
        seconds = time.perf_counter() - t0
        result = {k: getattr(res, k) for k in ("status", "imported", "updated", "unchanged",
                                               "quarantined", "duplicates")}
        result["batches"] = len(batches)
        result["longest_batch_s"] = round(max(batches, default=0.0), 3)
    ctx.close()
    print(json.dumps({"seconds": seconds, "maxrss_mb":
                      resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                      "result": result}))


def run_phase(name: str, db: Path, file: Path) -> dict:
    out = subprocess.run([sys.executable, __file__, "--phase", name, "--db", str(db), "--file",
                          str(file)], capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def copy_store(source: Path, target: Path) -> None:
    """The backup API copies a consistent snapshot even if another process has it open in WAL."""
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    dst = sqlite3.connect(target)
    src.backup(dst, pages=65536)
    src.close()
    dst.close()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--cases", type=int, default=1_000_000)
    ap.add_argument("--store", type=Path)
    ap.add_argument("--work", type=Path, default=ROOT / "bench" / ".stores" / "import-work")
    ap.add_argument("--phase")
    ap.add_argument("--db")
    ap.add_argument("--file")
    args = ap.parse_args()
    if args.phase:
        phase(args)
        return
    from commandcenter.demo import build_demo
    from commandcenter.services.context import AppContext
    from commandcenter.sync.importer import import_file

    n = args.cases
    work = args.work
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    db = work / "store.sqlite3"
    source = args.store or ROOT / "bench" / ".stores" / f"demo-{n}.sqlite3"
    if source.exists():
        copy_store(source, db)
        preload = "demo store"
    else:
        ctx = AppContext.open(url(db))
        build_demo(ctx, cases=0)
        make_export(ctx, n, work / "preload.csv", "PRE", 1)
        t0 = time.perf_counter()
        import_file(ctx, work / "preload.csv", source="preload")
        ctx.close()
        (work / "preload.csv").unlink()
        preload = f"synthesised ({time.perf_counter() - t0:.0f} s through the importer)"
    ctx = AppContext.open(url(db))
    file = work / "district.csv"
    make_export(ctx, n, file, "QX", 2)
    ctx.close()
    print(json.dumps({"note": f"store: {preload}; export {file.stat().st_size / 1e6:.0f} MB"},
                     ensure_ascii=False), flush=True)
    fl = run_phase("floor", db, file)
    emit("import.floor", fl["seconds"], "s", n)
    first = run_phase("first", db, file)
    emit("import.first", first["seconds"], "s", n, floor=round(fl["seconds"], 3),
         ratio=round(first["seconds"] / fl["seconds"], 2))
    emit("import.first.peak_memory", first["maxrss_mb"], "MB", n)
    emit("import.first.longest_batch", first["result"]["longest_batch_s"], "s", n,
         batches=first["result"]["batches"])
    sha = run_phase("again_sha", db, file)
    emit("import.again_sha", sha["seconds"], "s", n, ratio=round(sha["seconds"] /
                                                                first["seconds"], 3))
    rows = run_phase("again_rows", db, file)
    emit("import.again_rows", rows["seconds"], "s", n, ratio=round(rows["seconds"] /
                                                                  first["seconds"], 2))
    emit("import.again_rows.peak_memory", rows["maxrss_mb"], "MB", n)
    print(json.dumps({"first": first["result"], "again_rows": rows["result"]}), flush=True)
    if source.exists():
        # District platforms number cases as they are reported, so a real export's ids follow
        # report time; the export above numbers them at random, which makes the unique index
        # on (source, external id) take a random insert per case. The same import with ids in
        # report order, into a fresh copy of the same store, against its own file's floor:
        db.unlink()
        for wal in work.glob("store.sqlite3-*"):
            wal.unlink()
        copy_store(source, db)
        ordered = work / "district-ordered.csv"
        ctx = AppContext.open(url(db))
        make_export(ctx, n, ordered, "QY", 3, ids_in_report_order=True)
        ctx.close()
        fl2 = run_phase("floor", db, ordered)
        first2 = run_phase("first", db, ordered)
        emit("import.first.ids_in_report_order", first2["seconds"], "s", n,
             floor=round(fl2["seconds"], 3), ratio=round(first2["seconds"] / fl2["seconds"], 2))


if __name__ == "__main__":
    main()
