"""Benchmark: the case board at district scale (default 1,000,000 cases) against its floors.

Prints JSON lines {"name", "value", "unit", "n"} (+ "floor", "ratio" = value / floor, both
measured in this run); never asserts. Figures:
- board.open: BoardPage.refresh() to first paint (the open cases loaded from SQL, first query,
  model reset, a grab). Floor: fetching the same columns of the open cases from SQL (no
  conversion) + a numpy mask + a QTableView model reset + a grab.
- board.open.complete: refresh() until every case is loaded and shown. Floor: fetching the
  same columns of every case from SQL + mask + reset + grab.
- board.filter: lane + state + street + Chinese text filter, model reset. Floor: a numpy
  boolean mask over the same state and street columns + the same model reset.
- board.sort: header click (re-sort of the shown rows by category, model reset). Floor: an
  argsort of an int column over the same rows + model reset.
- board.apply100: a change batch of 100 cases re-read, merged, re-queried, repainted. Floor:
  mask + model reset.
- board.filter.proxy: the text filter through QSortFilterProxyModel over the same rows (a plain
  Python table model), ratio = proxy / our filter.
- board.rss: resident memory (VmRSS) of the process with the board open and complete, before
  the floors run; board.rss.peak: the peak over the whole run.
Reuses bench/.stores/demo-<N>.sqlite3 read-only (nothing is written: the change batch re-reads
existing cases), else builds /tmp store with the demo generator.

    python bench/board.py [--cases 1000000]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import numpy as np  # noqa: E402
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QSortFilterProxyModel, Qt  # noqa: E402
from PySide6.QtWidgets import QApplication, QTableView  # noqa: E402

STORES = Path(__file__).parent / ".stores"


def current_rss_mb() -> float:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def emit(name, value, unit, n, floor=None):
    out = {"name": name, "value": round(value, 4), "unit": unit, "n": n}
    if floor is not None:
        out["floor"] = round(floor, 4)
        out["ratio"] = round(value / floor, 2) if floor > 0 else None
    print(json.dumps(out), flush=True)


def open_ctx(cases: int):
    from sqlalchemy import text

    from commandcenter.services.context import AppContext
    from commandcenter.store.engine import make_engine

    path = STORES / f"demo-{cases}.sqlite3"
    if not path.exists():
        from commandcenter.demo import build_demo

        path = Path(f"/tmp/bench-board-{cases}.sqlite3")
        if not path.exists():
            ctx = AppContext.open(f"sqlite:///{path}")
            build_demo(ctx, cases=cases)
            ctx.close()
    url = f"sqlite:///{path}"
    engine = make_engine(url)
    with engine.connect() as conn:  # read-only use: the schema revision does not matter here
        conn.execute(text("SELECT 1 FROM cases LIMIT 1"))
    return AppContext(url, engine)


class PlainModel(QAbstractTableModel):
    """A straightforward Python table model (what a proxy would sit on)."""

    def __init__(self, columns):
        super().__init__()
        self.columns = columns

    def rowCount(self, parent=QModelIndex()):  # noqa: B008
        return 0 if parent.isValid() else len(self.columns[0])

    def columnCount(self, parent=QModelIndex()):  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole:
            return str(self.columns[index.column()][index.row()])
        return None


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--cases", type=int, default=1_000_000)
    args = ap.parse_args()
    app = QApplication.instance() or QApplication([])
    from sqlalchemy import text

    from commandcenter.services.board_load import _select_sql
    from commandcenter.ui.board_page import BoardPage
    from commandcenter.ui.db_worker import DbWorker

    ctx = open_ctx(args.cases)
    worker = DbWorker()
    page = BoardPage(worker, ctx)
    page.resize(1600, 900)
    page.show()
    app.processEvents()
    first, done = [], []
    page.sig_first_paint.connect(lambda: (page.grab(), first.append(time.perf_counter())))
    page.sig_refreshed.connect(lambda: done.append(time.perf_counter()))
    t0 = time.perf_counter()
    page.refresh()
    while not done:
        app.processEvents()
        time.sleep(0.002)
    page.grab()
    t_first = first[0] - t0 if first else float("nan")
    t_open = time.perf_counter() - t0
    store = page.store
    n = len(store)
    rss_board = current_rss_mb()

    # the floor's view: same size and column count, cells are the row positions as text
    view = QTableView()
    floor_model = PlainModel([[]] * 15)
    view.setModel(floor_model)
    view.resize(page.table.size())
    view.show()

    def reset_floor(rows):
        floor_model.beginResetModel()
        floor_model.columns = [rows] * 15
        floor_model.endResetModel()

    from commandcenter.domain.vocabulary import OPEN_STATES

    state, street = store.cols["state"], store.cols["street_code"]
    states = ", ".join(f"'{s.value}'" for s in sorted(OPEN_STATES))
    t0 = time.perf_counter()
    with ctx.engine.connect() as conn:
        raw = conn.execute(text(f"{_select_sql(ctx.dialect_name)} WHERE state IN ({states})"
                                " ORDER BY id")).all()
    reset_floor(np.flatnonzero(np.isin(state, store.cats["state"].codes(OPEN_STATES))))
    view.grab()
    f_first = time.perf_counter() - t0
    del raw
    emit("board.open", t_first, "s", n, f_first)
    t0 = time.perf_counter()
    with ctx.engine.connect() as conn:
        raw = conn.execute(text(_select_sql(ctx.dialect_name))).all()
    reset_floor(np.flatnonzero(state > 1))
    view.grab()
    f_open = time.perf_counter() - t0
    del raw
    emit("board.open.complete", t_open, "s", n, f_open)

    # filter: state + street + text
    st = store.cats["state"].code("closed")
    street_code = sorted(store.names.streets)[0]
    sc = store.cats["street_code"].code(street_code)
    target = np.flatnonzero((state == st) & (street == sc))
    word = store.value("address", int(target[len(target) // 2]))[-7:-3] if len(target) else "路"
    fb = page.filters
    fb.blockSignals(True)
    fb.state.setCurrentIndex(fb.state.findData("closed"))
    fb.street.setCurrentIndex(fb.street.findData(street_code))
    fb.text.setText(word)
    fb.blockSignals(False)
    page.lanes.blockSignals(True)
    page.lanes.select_lane("all")
    page.lanes.blockSignals(False)
    times = []
    for _ in range(3):
        t0 = time.perf_counter()
        page._requery()
        page.table.viewport().grab()
        times.append(time.perf_counter() - t0)
    t_filter = min(times)
    floors = []
    for _ in range(3):
        t0 = time.perf_counter()
        reset_floor(np.flatnonzero((state == st) & (street == sc)))
        view.viewport().grab()
        floors.append(time.perf_counter() - t0)
    emit("board.filter", t_filter, "s", n, min(floors))
    shown = page.case_model.rowCount()

    # sort change on a broad lane
    fb.clear()
    page.lanes.select_lane("all")
    times, floors = [], []
    for key in ("street", "lead_unit", "state"):
        t0 = time.perf_counter()
        page.sort_by(key, False)
        page.table.viewport().grab()
        times.append(time.perf_counter() - t0)
        pos = page.case_model.positions
        t0 = time.perf_counter()
        reset_floor(pos[np.argsort(state[pos], kind="stable")])
        view.viewport().grab()
        floors.append(time.perf_counter() - t0)
    emit("board.sort", min(times), "s", n, min(floors))

    # a change batch of 100 cases
    ids = store.ids[np.linspace(0, n - 1, 100).astype(int)].tolist()
    times = []
    for _ in range(3):
        t0 = time.perf_counter()
        rows = store.fetch(ctx, ids)
        page._merge(rows)
        page.table.viewport().grab()
        times.append(time.perf_counter() - t0)
    floors = []
    for _ in range(3):
        t0 = time.perf_counter()
        reset_floor(np.flatnonzero(state > 1))
        view.viewport().grab()
        floors.append(time.perf_counter() - t0)
    emit("board.apply100", min(times), "s", n, min(floors))

    # the same text filter through QSortFilterProxyModel over the same rows
    addresses = [store.value("address", i) for i in range(n)]
    base = PlainModel([addresses])
    proxy = QSortFilterProxyModel()
    proxy.setSourceModel(base)
    proxy.setFilterKeyColumn(0)
    t0 = time.perf_counter()
    proxy.setFilterFixedString(word)
    proxy.rowCount()
    t_proxy = time.perf_counter() - t0
    t0 = time.perf_counter()
    page.store.text.search(word)
    t_ours = time.perf_counter() - t0
    emit("board.filter.proxy", t_proxy, "s", n, t_ours)
    del addresses, base, proxy
    emit("board.filter.shown", shown, "rows", n)
    emit("board.rss", rss_board, "MB", n)
    emit("board.rss.peak", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
         "MB(maxrss, incl. the floors' raw fetches and the proxy's model)", n)
    page.close()
    worker.shutdown()
    ctx.close()


if __name__ == "__main__":
    main()
