"""The demo's bulk reporter write seals every identity with the store's one sealing function."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import text

from commandcenter.store import crypto_keys
from commandcenter.store.engine import make_session_factory
from commandcenter.store.uow import UnitOfWork

NOW = datetime(2026, 3, 18, 15, 20, 5)
CASES, SEED = 300, 5


@pytest.fixture(autouse=True)
def _isolated_keys(tmp_path, monkeypatch):
    monkeypatch.setenv("COMMANDCENTER_KEY_DIR", str(tmp_path / "keys"))
    crypto_keys.forget_keys()
    yield
    crypto_keys.forget_keys()


def test_demo_reporters_are_sealed_and_open_to_the_generated_identities(tmp_path):
    from commandcenter.demo import build_demo
    from commandcenter.demo.cases import generate
    from commandcenter.demo.org_seed import build_org
    from commandcenter.services.context import AppContext
    from commandcenter.store.engine import sqlite_url_for

    ctx = AppContext.open(sqlite_url_for(tmp_path / "demo.sqlite3"))
    try:
        summary = build_demo(ctx, cases=CASES, seed=SEED, now=NOW)
        assert "seal_reporters" in summary.timings
        gen = generate(build_org(SEED), CASES, SEED, NOW, ctx.lifecycle, ctx.catalogue)
        plain = gen.reporters
        with ctx.engine.connect() as conn:
            rows = conn.execute(text("SELECT case_id, identity_ct, key_id, phone_index "
                                     "FROM reporters ORDER BY case_id")).all()
        assert [r.case_id for r in rows] == list(plain["case_id"]) and len(rows) > 50
        assert all(r.identity_ct and r.phone_index for r in rows)
        assert len({r.key_id for r in rows}) == 1
        with UnitOfWork(make_session_factory(ctx.engine)) as uow:
            opened = [uow.cases.reporter(cid) for cid in plain["case_id"]]
            first_phone = plain["phone"][0]
            hits = uow.cases.case_ids_by_phone(first_phone)
        assert [(o.name, o.phone, o.id_number) for o in opened] == list(
            zip(plain["name"], plain["phone"], plain["id_number"], strict=True))
        assert plain["case_id"][0] in hits
    finally:
        ctx.close()
