"""Migration 0005 seals the plaintext reporters of an existing store and drops the plaintext;
downgrade opens them again (both need the key store, outside the database)."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import inspect, text

from commandcenter.store import crypto_keys, migrate
from commandcenter.store.engine import make_engine, make_session_factory
from commandcenter.store.uow import UnitOfWork


@pytest.fixture(autouse=True)
def _isolated_keys(tmp_path, monkeypatch):
    monkeypatch.setenv("COMMANDCENTER_KEY_DIR", str(tmp_path / "keys"))
    crypto_keys.forget_keys()
    yield
    crypto_keys.forget_keys()


def test_upgrade_seals_existing_rows_and_downgrade_opens_them(db_url):
    engine = make_engine(db_url)
    try:
        migrate.upgrade_to(engine, "0004")
        with engine.begin() as conn:
            conn.execute(text(
                "INSERT INTO cases (id, code, source, channel, title, description, address, "
                "outside_district, priority, duplicates_count, state, owner_centre, level, "
                "lead_is_centre, co_handlers, lead_chain, centre_chain, hang_requested, "
                "return_to_judge, emergency, supervision_level, rework_count, return_count, "
                "redo_count, reopen_count, callback_attempts, forced, reported_at, "
                "clock_paused, version, updated_seq) VALUES (1, 'QH1', 'local', 'hotline_12345',"
                " '', '', '', false, 0, 0, 'closed', 'QZX', 'district', false, '[]', '[]', '[]',"
                " false, false, false, 0, 0, 0, 0, 0, 0, false, :at, false, 1, 1)"),
                {"at": datetime(2024, 1, 1)})
            conn.execute(text("INSERT INTO reporters (case_id, name, phone, id_number) VALUES "
                              "(1, '张三', '13812345678', '320104199001011235'), "
                              "(1, NULL, NULL, NULL)"))
        migrate.upgrade_to_head(engine)
        columns = {c["name"] for c in inspect(engine).get_columns("reporters")}
        assert not columns & {"name", "phone", "id_number"}
        with engine.connect() as conn:
            rows = conn.execute(text("SELECT identity_ct, key_id, phone_index FROM reporters "
                                     "ORDER BY id")).all()
        assert rows[0].identity_ct is not None and rows[0].phone_index
        assert rows[1].identity_ct is None  # an empty reporter stays empty
        with UnitOfWork(make_session_factory(engine)) as uow:
            got = uow.cases.reporter(1)
            assert (got.name, got.phone, got.id_number) == ("张三", "13812345678",
                                                            "320104199001011235")
            assert uow.cases.case_ids_by_phone("13812345678") == (1,)
        migrate.downgrade_to(engine, "0004")
        with engine.connect() as conn:
            back = conn.execute(text("SELECT name, phone, id_number FROM reporters ORDER BY id")
                                ).all()
        assert [tuple(r) for r in back] == [("张三", "13812345678", "320104199001011235"),
                                            (None, None, None)]
    finally:
        engine.dispose()
