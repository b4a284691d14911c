"""THE test of issue 8: the database alone does not reveal reporter identity.

A demo store plus one case with a known name, phone and ID number; the raw SQLite file and its
WAL (while open and after close) are searched for every reporter phone and ID number of the
demo and for the known name, in UTF-8 and GB18030; on PostgreSQL the reporters table is read
as text. Nothing may be found; the app, with the key, still reads the identity back.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import text

from commandcenter.domain.case import Actor
from commandcenter.domain.vocabulary import Channel, Role
from commandcenter.services.cases import CaseService
from commandcenter.services.context import AppContext
from commandcenter.services.dto import NewCase, ReporterInfo
from commandcenter.store import crypto_keys

NAME, PHONE, ID_NUMBER = "欧阳建国", "13812345678", "320104199001011234"
DEMO_NOW = datetime(2026, 3, 18, 15, 20, 5)
DEMO_CASES, SEED = 400, 7
INTAKE = Actor("u-intake", Role.INTAKE_OPERATOR, "QZX")


@pytest.fixture(autouse=True)
def _isolated_keys(tmp_path, monkeypatch):
    monkeypatch.setenv("COMMANDCENTER_KEY_DIR", str(tmp_path / "keys"))
    crypto_keys.forget_keys()
    yield
    crypto_keys.forget_keys()


def demo_identities(ctx) -> list[str]:
    """The phones and ID numbers the demo generated (same seed, same now -> same values)."""
    from commandcenter.demo.cases import generate
    from commandcenter.demo.org_seed import build_org

    gen = generate(build_org(SEED), DEMO_CASES, SEED, DEMO_NOW, ctx.lifecycle, ctx.catalogue)
    rep = gen.reporters
    return [p for p in rep["phone"] if p] + [i for i in rep["id_number"] if i]


def needles(values: list[str]) -> list[bytes]:
    return [v.encode(enc) for v in values for enc in ("utf-8", "gb18030")]


def seeded(db_url: str) -> tuple[AppContext, int, list[str]]:
    from commandcenter.demo import build_demo

    ctx = AppContext.open(db_url)
    ctx.now = lambda: DEMO_NOW
    summary = build_demo(ctx, cases=DEMO_CASES, seed=SEED, now=DEMO_NOW)
    assert summary.reporters > 50
    ref = CaseService(ctx).report(NewCase(
        channel=Channel.HOTLINE_12345, title="噪音扰民", address="南京市秦淮区贡院街1号",
        reporter=ReporterInfo(NAME, PHONE, ID_NUMBER)), INTAKE)
    return ctx, ref.id, [NAME, PHONE, ID_NUMBER] + demo_identities(ctx)


def found_in(files: list[Path], values: list[str]) -> list[str]:
    blob = b"".join(f.read_bytes() for f in files if f.exists())
    assert blob
    return [v for v in values if any(n in blob for n in needles([v]))]


def test_the_sqlite_file_and_its_wal_hold_no_identity(tmp_path):
    from commandcenter.store.engine import sqlite_url_for

    db = tmp_path / "store.sqlite3"
    ctx, case_id, secrets = seeded(sqlite_url_for(db))
    try:
        files = [db, Path(f"{db}-wal"), Path(f"{db}-journal")]
        assert Path(f"{db}-wal").exists()
        assert found_in(files, secrets) == []  # while open, WAL not yet checkpointed
        # the app, with the key, still reads it back
        with ctx.unit_of_work() as uow:
            assert uow.cases.reporter(case_id).phone == PHONE
        # control: the search does find what is stored in clear (the case's address)
        assert found_in(files, ["南京市秦淮区贡院街1号"]) == ["南京市秦淮区贡院街1号"]
    finally:
        ctx.close()
    assert found_in([db, Path(f"{db}-wal")], secrets) == []


def test_reporters_read_as_text_hold_no_identity(db_url):
    ctx, case_id, secrets = seeded(db_url)
    try:
        with ctx.engine.connect() as conn:
            if ctx.dialect_name == "postgresql":
                rows = conn.execute(text("SELECT r::text FROM reporters r")).scalars().all()
                rows += conn.execute(text(
                    "SELECT encode(identity_ct, 'escape') FROM reporters "
                    "WHERE identity_ct IS NOT NULL")).scalars().all()
            else:
                rows = [" ".join(
                    bytes(v).decode(enc, errors="ignore") if isinstance(v, bytes) else str(v)
                    for v in r) for enc in ("utf-8", "gb18030") for r in conn.execute(
                    text("SELECT * FROM reporters")).all()]
        dump = "\n".join(rows)
        assert len(rows) > 50
        assert [s for s in secrets if s in dump] == []
        with ctx.unit_of_work() as uow:
            assert uow.cases.reporter(case_id).id_number == ID_NUMBER
    finally:
        ctx.close()
