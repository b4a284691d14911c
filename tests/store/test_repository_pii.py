"""Reporter identity in the repository: sealed rows, opening, blind-index search, purge,
and a missing key (clear error, nothing written, never plaintext)."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import func, select, text

from commandcenter.store import crypto_keys
from commandcenter.store.crypto import PiiKeyError
from commandcenter.store.models import Reporter
from commandcenter.store.records import ReporterRecord
from commandcenter.store.uow import UnitOfWork

WHO = ReporterRecord(name="张三丰", phone="138 1234 5678", id_number="320104199001011235")


@pytest.fixture(autouse=True)
def _isolated_keys(tmp_path, monkeypatch):
    monkeypatch.setenv("COMMANDCENTER_KEY_DIR", str(tmp_path / "keys"))
    crypto_keys.forget_keys()
    yield
    crypto_keys.forget_keys()


def raw_rows(session_factory):
    with UnitOfWork(session_factory) as uow:
        return uow.session.execute(select(Reporter.__table__)).mappings().all()


def test_identity_is_sealed_in_the_row_and_opened_by_the_repository(session_factory, add_case):
    created = add_case(reporter=WHO)
    [row] = raw_rows(session_factory)
    assert set(row) == {"id", "case_id", "identity_ct", "key_id", "phone_index", "purged_at"}
    flat = b" ".join(bytes(v) if isinstance(v, (bytes, memoryview)) else str(v).encode()
                     for v in row.values())
    for secret in ("张三丰", "13812345678", "320104199001011235"):
        assert secret.encode() not in flat
    with UnitOfWork(session_factory) as uow:
        got = uow.cases.reporter(created.id)
        key_id = uow.cases.cipher().key_id
    assert (got.name, got.phone, got.id_number) == ("张三丰", "13812345678", "320104199001011235")
    assert row["key_id"] == key_id and "张三丰" not in repr(got)


def test_search_by_phone_uses_the_blind_index(session_factory, add_case):
    a = add_case(reporter=WHO)
    add_case(reporter=ReporterRecord(name="李四", phone="13900000000"))
    b = add_case(reporter=ReporterRecord(phone="13812345678"))
    with UnitOfWork(session_factory) as uow:
        assert uow.cases.case_ids_by_phone("13812345678") == (a.id, b.id)
        assert uow.cases.case_ids_by_phone("13700000000") == ()


def test_purge_removes_identity_and_keeps_the_row(session_factory, add_case):
    created = add_case(reporter=WHO)
    other = add_case(reporter=WHO)
    at = datetime(2027, 1, 1)
    with UnitOfWork(session_factory, write=True) as uow:
        assert uow.cases.purge_reporters([created.id], at) == 1
        assert uow.cases.purge_reporters([created.id], at) == 0  # already purged
    with UnitOfWork(session_factory) as uow:
        gone = uow.cases.reporter(created.id)
        kept = uow.cases.reporter(other.id)
        assert uow.cases.case_ids_by_phone("13812345678") == (other.id,)
    assert gone.is_empty and gone.purged_at == at and kept.name == "张三丰"


def test_a_missing_key_is_a_clear_error_and_nothing_is_written(session_factory, add_case,
                                                                tmp_path):
    created = add_case(reporter=WHO)
    for f in (tmp_path / "keys").iterdir():
        f.unlink()
    crypto_keys.forget_keys()
    with UnitOfWork(session_factory) as uow:
        soft = uow.cases.reporter(created.id)
        assert soft.unavailable == "key_missing" and soft.is_empty
        with pytest.raises(PiiKeyError, match="missing"):
            uow.cases.reporter_strict(created.id)
    with pytest.raises(PiiKeyError, match="Restore the key"):
        add_case(reporter=WHO)
    with UnitOfWork(session_factory) as uow:
        assert uow.session.execute(select(func.count()).select_from(Reporter)).scalar_one() == 1
        assert uow.session.execute(text("SELECT count(*) FROM cases")).scalar_one() == 1


def test_rotation_writes_new_rows_under_the_new_key_and_reads_both(session_factory, add_case):
    first = add_case(reporter=WHO)
    with UnitOfWork(session_factory, write=True) as uow:
        crypto_keys.rotate_key(uow.session)
    second = add_case(reporter=WHO)
    rows = raw_rows(session_factory)
    assert rows[0]["key_id"] != rows[1]["key_id"]
    with UnitOfWork(session_factory) as uow:
        assert uow.cases.reporter(first.id).name == uow.cases.reporter(second.id).name == "张三丰"
        assert uow.cases.case_ids_by_phone("13812345678") == (first.id, second.id)
