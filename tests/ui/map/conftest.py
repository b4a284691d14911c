"""The map page on a seeded store (500 demo cases), shared by the map's UI tests."""

from __future__ import annotations

import pytest


@pytest.fixture
def page(qtbot, seeded_db_url):
    from commandcenter.services.context import AppContext
    from commandcenter.ui.db_worker import DbWorker
    from commandcenter.ui.map import MapPage

    ctx = AppContext.open(seeded_db_url)
    worker = DbWorker()
    page = MapPage(worker, ctx)
    page.ctx = ctx
    qtbot.addWidget(page)
    page.resize(900, 700)
    page.show()
    with qtbot.waitSignals([page.sig_refreshed, page.sig_kpis_loaded], timeout=30000):
        page.refresh()
    yield page
    page.close()
    worker.shutdown()
    ctx.close()
