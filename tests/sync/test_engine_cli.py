"""The sync engine (inbox -> import, outbox <- export, run history) and the CLI commands."""

from __future__ import annotations

import json

from commandcenter import cli
from commandcenter.services.sync import SyncService
from commandcenter.sync.engine import inbox_files, run_sync

from .helpers import district_rows, write_district


def test_a_run_imports_new_files_skips_applied_ones_and_logs_history(store, tmp_path):
    inbox, outbox = tmp_path / "in", tmp_path / "out"
    inbox.mkdir()
    write_district(inbox / "a.csv", district_rows(store, 5))
    (inbox / "broken.csv").write_text("x,y\n1,2\n", encoding="utf-8")
    (inbox / "partial.csv.part").write_text("ignored", encoding="utf-8")
    (inbox / ".hidden.csv").write_text("ignored", encoding="utf-8")
    assert [p.name for p in inbox_files(inbox)] == ["a.csv", "broken.csv"]
    run = run_sync(store, inbox, outbox, kind="manual")
    assert run.status == "partial" and run.counts["imported"] == 5
    assert [f["status"] for f in run.files] == ["applied", "rejected"]
    assert "no mapping profile" in run.files[1]["message"]
    assert run.exported["cases"] == 5 and (outbox / run.exported["files"][0]).exists()
    again = run_sync(store, inbox, outbox, kind="periodic")
    assert [f["status"] for f in again.files] == ["already_applied", "rejected"]
    assert again.exported == {"cases": 0, "events": 0, "files": []}
    history = SyncService(store).history()
    assert [h["kind"] for h in history] == ["periodic", "manual"]
    assert history[1]["counts"]["imported"] == 5 and history[1]["duration_s"] > 0


def test_preview_shows_mapped_rows_without_writing(store, tmp_path):
    rows = district_rows(store, 3)
    rows[1][9] = "不是日期"
    path = write_district(tmp_path / "a.csv", rows)
    p = SyncService(store).preview(path)
    assert (p.profile, p.total, p.good) == ("district_cn", 3, 2)
    assert p.rows[0][p.columns.index("state")] == "in_progress"
    assert p.quarantine[0]["reason"] == "bad_date"
    assert SyncService(store).history() == [] and SyncService(store).quarantine() == []


def _cli(args, capsys):
    code = cli.main(args)
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_import_sync_export(store, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("COMMANDCENTER_HOME", str(tmp_path / "home"))
    url = store.url
    path = write_district(tmp_path / "a.csv", district_rows(store, 4))
    code, out, _ = _cli(["--db", url, "import", str(path), "--json"], capsys)
    assert code == 0 and json.loads(out)["imported"] == 4
    code, out, _ = _cli(["--db", url, "import", str(path), "--json"], capsys)
    assert json.loads(out)["status"] == "already_applied"
    bad = tmp_path / "bad.csv"
    bad.write_text("a,b\n1,2\n", encoding="utf-8")
    code, _, err = _cli(["--db", url, "import", str(bad)], capsys)
    assert code == 1 and "rejected, nothing changed" in err
    code, _, err = _cli(["--db", url, "import", str(bad), "--profile", "nope"], capsys)
    assert code == 1 and "unknown mapping profile" in err
    code, _, err = _cli(["--db", url, "sync"], capsys)
    assert code == 2 and "no sync folders" in err
    code, out, _ = _cli(["--db", url, "export", "--outbox", str(tmp_path / "o2"), "--format",
                         "open311", "--json"], capsys)
    assert code == 0 and json.loads(out)["cases"] == 4
    assert len(list((tmp_path / "o2").glob("open311_*.json"))) == 1
    inbox = tmp_path / "in"
    inbox.mkdir()
    write_district(inbox / "b.csv", district_rows(store, 2, start=100))
    code, out, _ = _cli(["--db", url, "sync", "--inbox", str(inbox), "--outbox",
                         str(tmp_path / "out"), "--json"], capsys)
    data = json.loads(out)
    assert code == 0 and data["counts"]["imported"] == 2
    assert data["exported"]["cases"] == 2  # only what changed since the export above
