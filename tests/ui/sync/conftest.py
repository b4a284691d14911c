"""The sync panel on a copy of the seeded demo store, with its own worker."""

from __future__ import annotations

import pytest

from commandcenter import settings as settings_mod
from commandcenter.services.context import AppContext
from commandcenter.ui.db_worker import DbWorker
from commandcenter.ui.sync import SyncPanel


@pytest.fixture
def panel(qtbot, seeded_db_url):
    worker = DbWorker()
    ctx = AppContext.open(seeded_db_url)
    p = SyncPanel(worker, ctx, paths=settings_mod.app_paths())
    qtbot.addWidget(p)
    yield p
    p.shutdown()
    worker.shutdown()
    ctx.close()
