"""The audit chain on SQLite and PostgreSQL: append, append-only triggers, verification finds
every kind of tampering, serialised appends from concurrent writers, query and export."""

from __future__ import annotations

import csv
import threading
from datetime import datetime, timedelta

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError

from commandcenter.domain.vocabulary import Role
from commandcenter.services import audit
from commandcenter.services.errors import PermissionDenied, ValidationError
from commandcenter.services.permissions import Principal
from commandcenter.store.models_security import AuditEntry

T0 = datetime(2024, 3, 4, 9, 0)


def append(ctx, n: int, *, start: int = 0) -> None:
    for i in range(start, start + n):
        with ctx.unit_of_work(write=True) as uow:
            audit.record(uow.session, action=f"test.{i % 3}", actor=f"user{i % 2}",
                         case_id=i if i % 2 else None, detail={"i": i, "名": "值"},
                         at=T0 + timedelta(minutes=i))


def drop_triggers(ctx) -> None:
    with ctx.engine.begin() as conn:
        if ctx.dialect_name == "postgresql":
            conn.exec_driver_sql("DROP TRIGGER audit_log_append_only ON audit_log")
        else:
            conn.exec_driver_sql("DROP TRIGGER audit_log_no_update")
            conn.exec_driver_sql("DROP TRIGGER audit_log_no_delete")


def raw(ctx, sql: str, **params) -> None:
    with ctx.engine.begin() as conn:
        conn.execute(text(sql), params)


def test_entries_chain_and_verify(ctx):
    append(ctx, 7)
    result = audit.verify(ctx)
    assert result.ok and result.entries == 7 and result.head_seq == 7
    rows = audit.query(ctx)
    assert [r.seq for r in rows] == [7, 6, 5, 4, 3, 2, 1]  # newest first
    assert rows[-1].detail == {"i": 0, "名": "值"}
    with ctx.engine.connect() as conn:
        chain = conn.execute(text("SELECT prev_hash, hash FROM audit_log ORDER BY seq")).all()
    assert chain[0][0] == audit.GENESIS
    assert all(chain[i][0] == chain[i - 1][1] for i in range(1, len(chain)))
    assert result.head_hash == chain[-1][1]


def test_record_rolls_back_with_its_transaction(ctx):
    append(ctx, 2)
    with pytest.raises(RuntimeError, match="boom"), ctx.unit_of_work(write=True) as uow:
        audit.record(uow.session, action="x", actor="a")
        raise RuntimeError("boom")
    append(ctx, 1, start=2)
    assert audit.count(ctx) == 3 and audit.verify(ctx).ok  # no gap left by the rollback


@pytest.mark.parametrize("sql", ["UPDATE audit_log SET actor = 'x'", "DELETE FROM audit_log"])
def test_triggers_refuse_update_and_delete(ctx, sql):
    append(ctx, 2)
    with pytest.raises(DBAPIError, match="append-only"):
        raw(ctx, sql)
    assert audit.count(ctx) == 2


def test_truncate_refused_on_postgresql(ctx):
    if ctx.dialect_name != "postgresql":
        pytest.skip("TRUNCATE exists on PostgreSQL only")
    append(ctx, 1)
    with pytest.raises(DBAPIError, match="append-only"):
        raw(ctx, "TRUNCATE audit_log")


def test_verify_detects_an_edited_row(ctx):
    append(ctx, 6)
    drop_triggers(ctx)
    raw(ctx, "UPDATE audit_log SET detail = :d WHERE seq = 4", d='{"i":99}')
    result = audit.verify(ctx)
    assert not result.ok and result.reason == "hash_mismatch" and result.seq == 4
    assert result.head_seq == 3 and result.entry_id is not None


def test_verify_detects_an_edited_actor_even_with_a_recomputed_hash(ctx):
    append(ctx, 6)
    drop_triggers(ctx)
    with ctx.unit_of_work() as uow:
        row = uow.session.execute(select(AuditEntry).where(AuditEntry.seq == 2)).scalar_one()
        forged = audit.entry_hash(row.seq, row.at, "intruder", row.action, row.case_id,
                                  row.detail, row.prev_hash)
    raw(ctx, "UPDATE audit_log SET actor = 'intruder', hash = :h WHERE seq = 2", h=forged)
    result = audit.verify(ctx)
    assert not result.ok and result.reason == "broken_link" and result.seq == 3


def test_verify_detects_a_deleted_row(ctx):
    append(ctx, 6)
    drop_triggers(ctx)
    raw(ctx, "DELETE FROM audit_log WHERE seq = 3")
    result = audit.verify(ctx)
    assert not result.ok and result.reason == "gap" and result.seq == 4


def test_verify_detects_a_deleted_tail(ctx):
    append(ctx, 6)
    drop_triggers(ctx)
    raw(ctx, "DELETE FROM audit_log WHERE seq >= 5")
    result = audit.verify(ctx)
    assert not result.ok and result.reason == "tail_missing" and result.seq == 5


def test_verify_detects_an_inserted_row(ctx):
    append(ctx, 4)
    with ctx.engine.connect() as conn:
        head = conn.execute(text("SELECT hash FROM audit_log WHERE seq = 4")).scalar_one()
    at = T0 + timedelta(days=1)
    forged = audit.entry_hash(5, at, "ghost", "user.add", None, "{}", head)
    raw(ctx, "INSERT INTO audit_log (seq, at, actor, action, case_id, detail, prev_hash, hash) "
             "VALUES (5, :at, 'ghost', 'user.add', NULL, '{}', :p, :h)", at=at, p=head, h=forged)
    result = audit.verify(ctx)  # a well-formed entry, but the counter never issued it
    assert not result.ok and result.reason == "unexpected_entry" and result.seq == 5


def test_verify_detects_a_row_inserted_in_the_middle(ctx):
    append(ctx, 4)
    drop_triggers(ctx)
    # make room at seq 3 by moving 3..4 up, then insert a forged 3 linked to 2
    raw(ctx, "UPDATE audit_log SET seq = seq + 10 WHERE seq >= 3")
    raw(ctx, "UPDATE audit_log SET seq = seq - 9 WHERE seq >= 13")
    with ctx.engine.connect() as conn:
        prev = conn.execute(text("SELECT hash FROM audit_log WHERE seq = 2")).scalar_one()
    at = T0 + timedelta(minutes=2, seconds=30)
    forged = audit.entry_hash(3, at, "ghost", "x", None, "{}", prev)
    raw(ctx, "INSERT INTO audit_log (seq, at, actor, action, case_id, detail, prev_hash, hash) "
             "VALUES (3, :at, 'ghost', 'x', NULL, '{}', :p, :h)", at=at, p=prev, h=forged)
    result = audit.verify(ctx)
    assert not result.ok and result.reason in ("out_of_order", "broken_link")
    assert result.seq == 4


def test_anchor_detects_a_rebuilt_chain(ctx):
    append(ctx, 3)
    anchor = (3, audit.verify(ctx).head_hash)
    assert audit.verify(ctx, anchor=anchor).ok
    drop_triggers(ctx)
    raw(ctx, "DELETE FROM audit_log")
    raw(ctx, "UPDATE counters SET value = 0 WHERE name = 'audit_seq'")
    append(ctx, 3, start=10)  # a complete, self-consistent but different chain
    assert audit.verify(ctx).ok
    result = audit.verify(ctx, anchor=anchor)
    assert not result.ok and result.reason == "anchor_mismatch"


def test_concurrent_appends_never_fork_the_chain(ctx):
    errors: list[BaseException] = []

    def worker(k: int) -> None:
        try:
            for i in range(8):
                with ctx.unit_of_work(write=True) as uow:
                    audit.record(uow.session, action="race", actor=f"w{k}", detail={"i": i})
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(k,)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    result = audit.verify(ctx)
    assert result.ok and result.entries == 32


def test_record_refuses_a_read_transaction_on_sqlite(ctx):
    if ctx.dialect_name != "sqlite":
        pytest.skip("SQLite-specific guard")
    with pytest.raises(RuntimeError, match="write unit of work"), ctx.unit_of_work() as uow:
        audit.record(uow.session, action="x", actor="a")


def test_control_characters_and_long_text_are_stored_safely(ctx):
    with ctx.unit_of_work(write=True) as uow:
        audit.record(uow.session, action="auth.sign_in_failed", actor="a\x00b\n" + "x" * 500,
                     detail={"text": "'; DROP TABLE users; -- <b>x</b>"})
    row = audit.query(ctx)[0]
    assert row.actor.startswith("a\\x00b\\x0a") and len(row.actor) == audit.MAX_ACTOR
    assert row.detail["text"] == "'; DROP TABLE users; -- <b>x</b>"
    assert audit.verify(ctx).ok


def test_query_filters(ctx):
    append(ctx, 9)
    assert {r.actor for r in audit.query(ctx, user="user1")} == {"user1"}
    assert {r.action for r in audit.query(ctx, action="test.2")} == {"test.2"}
    assert len(audit.query(ctx, action="test.*")) == 9
    assert [r.case_id for r in audit.query(ctx, case_id=3)] == [3]
    since, until = T0 + timedelta(minutes=2), T0 + timedelta(minutes=5)
    assert sorted(r.seq for r in audit.query(ctx, since=since, until=until)) == [3, 4, 5]
    assert len(audit.query(ctx, limit=2)) == 2
    assert audit.query(ctx, action="test%") == []  # wildcards are not wildcards


def viewer() -> Principal:
    return Principal(1, "v", "只读", Role.VIEWER)


def supervisor() -> Principal:
    return Principal(2, "sup", "督查", Role.SUPERVISOR)


def test_query_and_export_need_the_right_role(ctx, tmp_path):
    append(ctx, 1)
    ctx.principal = viewer()
    with pytest.raises(PermissionDenied):
        audit.query(ctx)
    with pytest.raises(PermissionDenied):
        audit.export(ctx, tmp_path / "a.csv")
    assert not (tmp_path / "a.csv").exists()


def test_export_csv_is_audited_and_formula_safe(ctx, tmp_path):
    with ctx.unit_of_work(write=True) as uow:
        audit.record(uow.session, action="x", actor="=HYPERLINK(\"http://evil\")", at=T0)
    ctx.principal = supervisor()
    n = audit.export(ctx, tmp_path / "a.csv", action="x")
    assert n == 1
    with (tmp_path / "a.csv").open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == list(audit.EXPORT_COLUMNS)
    assert rows[1][2].startswith("'=")
    last = audit.query(ctx, limit=1)[0]
    assert (last.action, last.actor, last.detail["rows"]) == ("audit.export", "sup", 1)
    assert audit.verify(ctx).ok


def test_export_xlsx(ctx, tmp_path):
    append(ctx, 3)
    n = audit.export(ctx, tmp_path / "a.xlsx")
    from openpyxl import load_workbook

    ws = load_workbook(tmp_path / "a.xlsx").active
    values = list(ws.values)
    assert n == 3 and len(values) == 4 and values[1][0] == 1


def test_export_refuses_an_unknown_format(ctx, tmp_path):
    with pytest.raises(ValidationError):
        audit.export(ctx, tmp_path / "a.pdf")


def test_alert_acknowledgements_are_audited(ctx):
    from commandcenter.services import alerts
    from commandcenter.store.models import Alert

    with ctx.unit_of_work(write=True) as uow:
        uow.session.add(Alert(kind="surge", dedup_key="k1", object_type="grid", object_key="G1",
                              raised_at=T0, detail={}, status="open", severity=1))
    with ctx.unit_of_work() as uow:
        alert_id = uow.session.execute(select(Alert.id)).scalar_one()
    alerts.acknowledge(ctx, alert_id, "u-leader", "已电话督办", at=T0)
    entry = audit.query(ctx, action="alert.ack")[0]
    assert (entry.actor, entry.detail) == ("u-leader", {"alert_id": alert_id, "kind": "surge",
                                                        "object": "G1"})
    assert audit.verify(ctx).ok
