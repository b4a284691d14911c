"""cli_pii: the ``pii`` subcommands through a parser built the way cli.build_parser does."""

from __future__ import annotations

import argparse
import json
from datetime import timedelta

import pytest
from sqlalchemy import text

from commandcenter import cli, cli_pii
from commandcenter.domain.case import Actor
from commandcenter.domain.vocabulary import Channel, Role
from commandcenter.services.cases import CaseService
from commandcenter.services.context import AppContext, china_now
from commandcenter.services.dto import NewCase, ReporterInfo
from commandcenter.store import crypto_keys
from commandcenter.store.engine import sqlite_url_for


@pytest.fixture
def store(tmp_path, monkeypatch):
    monkeypatch.setenv("COMMANDCENTER_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("COMMANDCENTER_KEY_DIR", raising=False)
    monkeypatch.delenv("COMMANDCENTER_DB", raising=False)
    crypto_keys.forget_keys()
    url = sqlite_url_for(tmp_path / "cli.sqlite3")
    with AppContext.open(url) as ctx:
        ref = CaseService(ctx).report(NewCase(
            channel=Channel.HOTLINE_12345, title="噪音", address="贡院街",
            reporter=ReporterInfo("张三", "13812345678")),
            Actor("u1", Role.INTAKE_OPERATOR, "QZX"))
        with ctx.unit_of_work(write=True) as uow:
            uow.session.execute(text("UPDATE cases SET state='closed', closed_at=:at"),
                                {"at": china_now() - timedelta(days=40)})
    yield url, ref.id, tmp_path
    crypto_keys.forget_keys()


def run(url: str, *argv: str) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db")
    parser.add_argument("--sign-in")
    parser.add_argument("--password-stdin", action="store_true")
    sub = parser.add_subparsers(dest="command", required=True)
    cli_pii.add_parsers(sub)
    args = parser.parse_args(["--db", url, *argv])
    return args.func(args)


def test_key_info_reports_the_key_file_and_the_sealed_row(store, capsys):
    url, _, tmp = store
    assert run(url, "pii", "key-info", "--json") == 0
    info = json.loads(capsys.readouterr().out)
    assert info["key_present"] and str(tmp / "home" / "config" / "keys") in info["store"]
    assert list(info["sealed_rows_by_key"].values()) == [1]


def test_key_info_exits_1_when_the_key_is_gone(store, capsys):
    url, _, tmp = store
    for f in (tmp / "home" / "config" / "keys").iterdir():
        f.unlink()
    crypto_keys.forget_keys()
    assert run(url, "pii", "key-info") == 1
    assert "MISSING KEYS" in capsys.readouterr().out


def test_purge_and_its_day_check(store, capsys):
    url, case_id, _ = store
    assert run(url, "pii", "purge", "--older-than-days", "60") == 0
    assert "of 0 reporter" in capsys.readouterr().out
    assert run(url, "pii", "purge", "--older-than-days", "30") == 0
    assert "of 1 reporter" in capsys.readouterr().out
    with pytest.raises(SystemExit):
        run(url, "pii", "purge", "--older-than-days", "0")


def test_reveal_without_sign_in_is_refused_clearly(store):
    url, case_id, _ = store
    with pytest.raises(cli.CliError, match="sign in"):
        run(url, "pii", "reveal", str(case_id), "--reason", "回访")


def test_rotate_key_keeps_rows_readable(store, capsys):
    url, case_id, _ = store
    assert run(url, "pii", "rotate-key") == 0
    assert "2 keys kept" in capsys.readouterr().out
    with AppContext.open(url) as ctx:
        assert CaseService(ctx).detail(case_id).reporter.phone == "138****5678"


def test_a_second_workstation_reads_reporters_after_importing_the_key(store, tmp_path,
                                                                      monkeypatch, capsys):
    url, case_id, _ = store
    exported = tmp_path / "key.json"
    assert run(url, "pii", "key-export", str(exported)) == 0
    assert oct(exported.stat().st_mode & 0o777) == "0o600"
    # another workstation: its own (empty) key folder
    monkeypatch.setenv("COMMANDCENTER_HOME", str(tmp_path / "other"))
    crypto_keys.forget_keys()
    with AppContext.open(url) as ctx:
        assert CaseService(ctx).detail(case_id).reporter.status == "unavailable"
    assert run(url, "pii", "key-import", str(exported)) == 0
    with AppContext.open(url) as ctx:
        assert CaseService(ctx).detail(case_id).reporter.phone == "138****5678"
    wrong = tmp_path / "wrong.json"
    wrong.write_text('{"database_id": "nope", "keyset": {}}', encoding="utf-8")
    with pytest.raises(cli.CliError, match="not an exported identity key|not of this one"):
        run(url, "pii", "key-import", str(wrong))
