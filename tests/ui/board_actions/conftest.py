"""Fixtures for the board's action tests: a real BoardPage on a seeded copy, with its worker.

- `board`: a `Board(page, controller, worker, ctx)` on its own database, shown, loaded, with the
  "acting as" people loaded (`controller.people_loaded`); torn down cleanly (worker shut down, context closed).
- `make_case(board, until=...)`: a fresh hotline case in a street grid of the demo, moved by the
  services to a starting state (setup only; the behaviour under test is driven by keys/clicks).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from commandcenter.domain.case import Actor
from commandcenter.domain.vocabulary import Channel, Role
from commandcenter.services.cases import CaseService
from commandcenter.services.dto import NewCase, ReporterInfo

CENTRE = "QZX"
INTAKE = Actor("QZX-I01", Role.INTAKE_OPERATOR, CENTRE)
LEADER = Actor("QZX-S01", Role.SHIFT_LEADER, CENTRE)


@dataclass
class Board:
    page: object
    controller: object
    worker: object
    ctx: object


def open_board(qtbot, url: str) -> Board:
    from commandcenter.services.context import AppContext
    from commandcenter.ui.board.board_page import BoardPage
    from commandcenter.ui.db_worker import DbWorker

    ctx = AppContext.open(url)
    worker = DbWorker()
    try:
        page = BoardPage(worker, ctx)
    except BaseException:
        worker.shutdown()
        ctx.close()
        raise
    qtbot.addWidget(page)
    page.resize(1400, 800)
    page.show()
    page.activateWindow()
    with qtbot.waitSignal(page.sig_refreshed, timeout=20000):
        page.refresh()
    controller = page.actions_controller
    qtbot.waitUntil(lambda: controller.people_loaded, timeout=10000)
    return Board(page, controller, worker, ctx)


def _stop_flash_timers() -> None:
    """The page's 3 s "new/changed row" highlight is a parentless single-shot QTimer; a test
    ending sooner would be reported as leaving a timer behind. Stop it (the flash is cosmetic)."""
    import gc

    from PySide6.QtCore import QTimer

    from commandcenter.ui.board.board_page import FLASH_MS

    for obj in gc.get_objects():
        try:
            if (isinstance(obj, QTimer) and obj.isActive() and obj.parent() is None
                    and obj.interval() == FLASH_MS):
                obj.stop()
        except RuntimeError:
            continue


def close_board(board: Board) -> None:
    board.page.close()
    _stop_flash_timers()
    board.worker.shutdown()
    board.ctx.close()


@pytest.fixture
def board(qtbot, seeded_db_url: str) -> Iterator[Board]:
    b = open_board(qtbot, seeded_db_url)
    yield b
    close_board(b)


def demo_grid(ctx) -> tuple[str, float, float]:
    """A comprehensive grid of the demo with its centroid."""
    from sqlalchemy import select

    from commandcenter.store.models import Grid

    with ctx.unit_of_work() as uow:
        row = uow.session.execute(
            select(Grid.code, Grid.centroid_lon, Grid.centroid_lat)
            .where(Grid.layer == "comprehensive").order_by(Grid.code).limit(1)).one()
    return row.code, row.centroid_lon, row.centroid_lat


def make_case(ctx, until: str = "pending_accept", title: str = "暴露垃圾（测试路）") -> int:
    service = CaseService(ctx)
    grid, lon, lat = demo_grid(ctx)
    ref = service.report(NewCase(channel=Channel.HOTLINE_12345, title=title, address="测试路1号",
                                 lon=lon, lat=lat, grid_code=grid,
                                 reporter=ReporterInfo("张三", "13812341234")), INTAKE)
    if until in ("pending_register", "pending_dispatch"):
        service.transition(ref.id, "accept", {}, INTAKE)
    if until == "pending_dispatch":
        service.transition(ref.id, "register", {"minor_code": "0102", "condition_id": "01"},
                           LEADER)
    return ref.id


def show_case(qtbot, board: Board, case_id: int) -> None:
    """Bring a case into the board (as the change feed would) and make it the selected row."""
    board.page.apply_changes_for([case_id])
    qtbot.waitUntil(lambda: board.page.select_case(case_id), timeout=10000)
    board.page.table.setFocus()
