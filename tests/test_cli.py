"""commandcenter-cli end to end on temporary SQLite stores (COMMANDCENTER_HOME in tmp_path).

Exit codes: 0 done, 1 refused/conflict/not found/cannot open, 2 usage.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest

from commandcenter import cli
from commandcenter import settings as s

DEMO_CASES = 300


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv(s.ENV_HOME, str(tmp_path / "home"))
    monkeypatch.delenv(s.ENV_DB, raising=False)
    return tmp_path / "home"


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="module")
def demo_store(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """`demo --cases 300` once per module; tests work on copies of the result."""
    root = tmp_path_factory.mktemp("demo")
    url = s.sqlite_url(root / "demo.sqlite3")
    out, err = io.StringIO(), io.StringIO()
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv(s.ENV_HOME, str(root / "home"))
        with redirect_stdout(out), redirect_stderr(err):
            code = cli.main(["--db", url, "demo", "--cases", str(DEMO_CASES)])
    return {"file": root / "demo.sqlite3", "code": code, "out": out.getvalue(),
            "err": err.getvalue(), "home": root / "home"}


@pytest.fixture
def db(demo_store: dict, tmp_path: Path, home: Path) -> str:
    target = tmp_path / "copy.sqlite3"
    shutil.copyfile(demo_store["file"], target)
    # the copy's reporter-identity key lives outside the database, in the demo's home (issue 8)
    keys = demo_store["home"] / "config" / "keys"
    if keys.is_dir():
        shutil.copytree(keys, home / "config" / "keys", dirs_exist_ok=True)
    return s.sqlite_url(target)


def show_json(capsys, db: str, key: str) -> dict:
    code, out, err = run(capsys, "--db", db, "case", "show", key, "--json")
    assert code == 0, err
    return json.loads(out)


# ---------------------------------------------------------------------- migrate / demo / stats
def test_migrate_creates_the_default_database_in_home(capsys, home):
    from commandcenter.store.migrate import head_revision

    code, out, err = run(capsys, "migrate")
    assert code == 0, err
    assert f"revision {head_revision()}" in out
    assert (home / "data" / "commandcenter.sqlite3").exists()


def test_demo_reports_progress_and_a_summary(demo_store, capsys, db):
    assert demo_store["code"] == 0, demo_store["err"]
    assert "building the demo district" in demo_store["err"]
    assert demo_store["err"].count("\n") >= 3  # progress lines on stderr
    assert demo_store["out"].startswith("demo built:")
    code, out, err = run(capsys, "--db", db, "stats", "--json")
    assert code == 0, err
    stats = json.loads(out)
    assert stats["cases"] == DEMO_CASES
    assert sum(stats["by_state"].values()) == DEMO_CASES
    assert stats["events"] > DEMO_CASES


def test_stats_text(capsys, db):
    code, out, err = run(capsys, "--db", db, "stats")
    assert code == 0, err
    assert f"cases: {DEMO_CASES}" in out and "by_state:" in out and "  closed: " in out


# ---------------------------------------------------------------------- case show
def test_case_show_by_id_and_code(capsys, db):
    detail = show_json(capsys, db, "1")
    assert detail["id"] == 1 and detail["events"], detail
    code, out, err = run(capsys, "--db", db, "case", "show", detail["code"])
    assert code == 0, err
    assert out.startswith(f"case {detail['code']} (id 1), version {detail['version']}")
    assert "timeline:" in out and "reporter (masked):" in out
    assert len([line for line in out.splitlines() if line.startswith("  20")]) == len(
        detail["events"])


def test_case_show_masks_the_reporter(capsys, db):
    for case_id in range(1, 80):
        detail = show_json(capsys, db, str(case_id))
        if detail["reporter"] and detail["reporter"]["name"]:
            break
    else:
        pytest.fail("no demo case with a reporter among the first 80")
    reporter = detail["reporter"]
    assert "*" in reporter["name"]
    if reporter["phone"]:
        assert "****" in reporter["phone"]
    code, out, _ = run(capsys, "--db", db, "case", "show", str(case_id))
    assert reporter["name"] in out


def test_case_show_unknown_case_is_refused(capsys, db):
    code, out, err = run(capsys, "--db", db, "case", "show", "QH00000000999999")
    assert code == 1 and out == "" and "not found" in err


# ---------------------------------------------------------------------- report / transition
def _report(capsys, db: str) -> str:
    code, out, err = run(capsys, "--db", db, "case", "report", "--channel", "hotline_12345",
                         "--title", "井盖缺失", "--address", "中山南路1号")
    assert code == 0, err
    assert "pending_accept (version 1)" in out
    return out.split()[1]


def test_transition_success_prints_new_state_and_version(capsys, db):
    case_code = _report(capsys, db)
    code, out, err = run(capsys, "--db", db, "case", "transition", case_code, "accept",
                         "--as", "intake_operator", "--expect-version", "1")
    assert code == 0, err
    assert out.strip() == f"case {case_code}: pending_accept -> pending_register (version 2)"
    detail = show_json(capsys, db, case_code)
    assert detail["state"] == "pending_register" and detail["version"] == 2
    last = detail["events"][-1]
    assert last["action"] == "accept" and last["role"] == "intake_operator"
    assert last["actor_id"] == "demo-dispatcher" and last["unit_code"] == "QZX"


def test_transition_refused_by_the_lifecycle_exits_1_and_writes_nothing(capsys, db):
    case_code = _report(capsys, db)
    code, out, err = run(capsys, "--db", db, "case", "transition", case_code, "sign")
    assert code == 1 and out == ""
    assert err.startswith("refused (wrong_state)") and "Traceback" not in err
    detail = show_json(capsys, db, case_code)
    assert detail["version"] == 1 and detail["state"] == "pending_accept"


def test_wrong_role_is_refused(capsys, db):
    case_code = _report(capsys, db)
    code, _, err = run(capsys, "--db", db, "case", "transition", case_code, "accept",
                       "--as", "grid_worker", "--user", "w1")
    assert code == 1 and err.startswith("refused (wrong_role)")


def test_stale_version_is_a_conflict(capsys, db):
    case_code = _report(capsys, db)
    assert run(capsys, "--db", db, "case", "transition", case_code, "accept",
               "--as", "intake_operator")[0] == 0
    code, out, err = run(capsys, "--db", db, "case", "transition", case_code, "register",
                         "--as", "shift_leader", "--expect-version", "1")
    assert code == 1 and out == "" and err.startswith("conflict:")
    assert show_json(capsys, db, case_code)["version"] == 2


@pytest.mark.parametrize("argv", [
    ["case", "transition", "1", "frobnicate"],
    ["case", "transition", "1", "accept", "--param", "colour=blue"],
    ["case", "transition", "1", "accept", "--param", "no-equals-sign"],
    ["case", "transition", "1", "accept", "--as", "emperor"],
    ["case"],
    [],
    ["stats", "--bogus"],
])
def test_usage_errors_exit_2(capsys, db, argv):
    code, out, err = run(capsys, "--db", db, *argv)
    assert code == 2 and out == "" and err and "Traceback" not in err


# ---------------------------------------------------------------------- database selection
def test_environment_database_and_db_override(capsys, tmp_path, monkeypatch, home):
    env_file = tmp_path / "env.sqlite3"
    arg_file = tmp_path / "arg.sqlite3"
    monkeypatch.setenv(s.ENV_DB, s.sqlite_url(env_file))
    assert run(capsys, "migrate")[0] == 0
    assert env_file.exists() and not (home / "data" / "commandcenter.sqlite3").exists()
    code, out, _ = run(capsys, "--db", s.sqlite_url(arg_file), "migrate")
    assert code == 0 and str(arg_file) in out and arg_file.exists()


def test_unsupported_database_is_refused_cleanly(capsys):
    code, out, err = run(capsys, "--db", "mysql://cc@localhost/cc", "stats")
    assert code == 1 and out == ""
    assert err.startswith("error: cannot open the database") and "Traceback" not in err


def test_entry_point_as_a_process(tmp_path, db):
    env = {**os.environ, s.ENV_HOME: str(tmp_path / "h")}
    env.pop(s.ENV_DB, None)
    done = subprocess.run([sys.executable, "-m", "commandcenter.cli", "--db", db, "case", "show",
                           "NO-SUCH-CASE"], capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 1
    assert "not found" in done.stderr and "Traceback" not in done.stderr


# ---------------------------------------------------------------------- users and audit (issue 8)
ADMIN_PW = "Admin-Secret-1"
USER_PW = "User-Secret-22"


@pytest.fixture
def cheap_hashes(monkeypatch):
    from argon2 import PasswordHasher, Type

    from commandcenter.services import auth

    monkeypatch.setattr(auth, "DEFAULT_POLICY", auth.AuthPolicy(hasher=PasswordHasher(
        time_cost=1, memory_cost=1024, parallelism=1, type=Type.ID)))


@pytest.fixture
def empty_db(tmp_path: Path, cheap_hashes) -> str:
    return s.sqlite_url(tmp_path / "accounts.sqlite3")


def stdin(monkeypatch, *lines: str) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("".join(line + "\n" for line in lines)))


def with_admin(capsys, monkeypatch, db: str) -> None:
    stdin(monkeypatch, ADMIN_PW)
    code, out, err = run(capsys, "--db", db, "--password-stdin", "users", "add", "root",
                         "--name", "管理员", "--role", "admin")
    assert code == 0, err
    assert out.startswith("added root (admin, district)")


def test_first_user_needs_no_sign_in_then_admin_is_required(capsys, monkeypatch, empty_db):
    with_admin(capsys, monkeypatch, empty_db)
    stdin(monkeypatch, USER_PW)
    code, _, err = run(capsys, "--db", empty_db, "--password-stdin", "users", "add", "li",
                       "--name", "李四", "--role", "viewer")
    assert code == 1 and "sign in as an admin" in err
    stdin(monkeypatch, ADMIN_PW, USER_PW)
    code, out, err = run(capsys, "--db", empty_db, "--sign-in", "root", "--password-stdin",
                         "users", "add", "li", "--name", "李四", "--role", "viewer")
    assert code == 0, err
    stdin(monkeypatch, ADMIN_PW)
    code, out, _ = run(capsys, "--db", empty_db, "--sign-in", "root", "--password-stdin",
                       "users", "list", "--json")
    users = {u["username"]: u for u in json.loads(out)}
    assert set(users) == {"root", "li"} and users["li"]["role"] == "viewer"
    assert "password_hash" not in users["li"]
    for argv in (["users", "set-role", "li", "supervisor"], ["users", "disable", "li"],
                 ["users", "unlock", "li"]):
        stdin(monkeypatch, ADMIN_PW)
        code, _, err = run(capsys, "--db", empty_db, "--sign-in", "root", "--password-stdin",
                           *argv)
        assert code == 0, (argv, err)
    stdin(monkeypatch, ADMIN_PW, "Reset-Pass-333")
    code, out, err = run(capsys, "--db", empty_db, "--sign-in", "root", "--password-stdin",
                         "users", "reset-password", "li")
    assert code == 0 and "reset" in out, err
    stdin(monkeypatch, ADMIN_PW)
    code, out, _ = run(capsys, "--db", empty_db, "--sign-in", "root", "--password-stdin",
                       "audit", "list", "--action", "user.*")
    actions = [line.split()[4] for line in out.splitlines()]
    assert actions == ["user.reset_password", "user.unlock", "user.disable", "user.update",
                       "user.add", "user.add"]


def test_users_add_refuses_bad_input_clearly(capsys, monkeypatch, empty_db):
    stdin(monkeypatch, ADMIN_PW)
    code, out, err = run(capsys, "--db", empty_db, "--password-stdin", "users", "add",
                         "bad name'; --", "--name", "X", "--role", "admin")
    assert code == 2 and out == "" and err.startswith("invalid username (bad_chars)")
    stdin(monkeypatch, "short")
    code, _, err = run(capsys, "--db", empty_db, "--password-stdin", "users", "add", "root",
                       "--name", "X", "--role", "admin")
    assert code == 2 and err.startswith("invalid password (too_short)")
    code, _, err = run(capsys, "--db", empty_db, "--password-stdin", "users", "add", "root",
                       "--name", "X", "--role", "admin")  # stdin is empty now
    assert code == 2 and "no more lines" in err


def test_no_terminal_and_no_password_stdin_is_a_usage_error(capsys, monkeypatch, empty_db):
    stdin(monkeypatch)  # not a tty: never blocks on a prompt, never a default password
    code, _, err = run(capsys, "--db", empty_db, "users", "add", "root", "--name", "X",
                       "--role", "admin")
    assert code == 2 and "--password-stdin" in err


def test_wrong_sign_in_is_refused(capsys, monkeypatch, empty_db):
    with_admin(capsys, monkeypatch, empty_db)
    stdin(monkeypatch, "wrong")
    code, out, err = run(capsys, "--db", empty_db, "--sign-in", "root", "--password-stdin",
                         "users", "list")
    assert code == 1 and out == "" and err.startswith("sign-in refused (bad_credentials)")


def test_audit_verify_detects_tampering(capsys, monkeypatch, empty_db):
    with_admin(capsys, monkeypatch, empty_db)
    code, out, _ = run(capsys, "--db", empty_db, "audit", "verify")
    assert code == 0 and out.startswith("audit chain intact: 1 entries")
    head = out.split("head ")[1].strip()
    assert run(capsys, "--db", empty_db, "audit", "verify", "--anchor", head)[0] == 0
    import sqlite3

    conn = sqlite3.connect(empty_db.removeprefix("sqlite:///"))
    conn.execute("DROP TRIGGER audit_log_no_update")
    conn.execute("UPDATE audit_log SET actor = 'someone-else'")
    conn.commit()
    conn.close()
    code, out, err = run(capsys, "--db", empty_db, "audit", "verify")
    assert code == 1 and "BROKEN at entry 1" in err and "hash_mismatch" in err
    assert run(capsys, "--db", empty_db, "audit", "verify", "--anchor", "x")[0] == 2


def test_audit_export(capsys, monkeypatch, empty_db, tmp_path):
    with_admin(capsys, monkeypatch, empty_db)
    target = tmp_path / "audit.csv"
    stdin(monkeypatch, ADMIN_PW)
    code, out, err = run(capsys, "--db", empty_db, "--sign-in", "root", "--password-stdin",
                         "audit", "export", str(target), "--since", "2000-01-01")
    assert code == 0 and out.startswith("exported 2 audit entries"), err  # add + sign-in
    assert target.read_text(encoding="utf-8-sig").splitlines()[0] == \
        "seq,at,actor,action,case_id,detail"
    code, _, err = run(capsys, "--db", empty_db, "audit", "list", "--since", "yesterday")
    assert code == 2 and "not a date" in err


def test_signed_in_viewer_cannot_move_a_case(capsys, monkeypatch, db, cheap_hashes):
    case_code = _report(capsys, db)
    with_admin(capsys, monkeypatch, db)
    stdin(monkeypatch, ADMIN_PW, USER_PW)
    assert run(capsys, "--db", db, "--sign-in", "root", "--password-stdin", "users", "add",
               "kan", "--name", "只读", "--role", "viewer")[0] == 0
    stdin(monkeypatch, USER_PW)
    code, out, err = run(capsys, "--db", db, "--sign-in", "kan", "--password-stdin", "case",
                         "transition", case_code, "accept")
    assert code == 1 and out == "" and err.startswith("denied (read_only)")
    assert show_json(capsys, db, case_code)["version"] == 1


def test_password_prompt_asks_twice(capsys, monkeypatch, empty_db):
    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr(sys, "stdin", Tty())
    answers = iter([ADMIN_PW, ADMIN_PW + "typo"])
    monkeypatch.setattr(cli.getpass, "getpass", lambda prompt="": next(answers))
    code, _, err = run(capsys, "--db", empty_db, "users", "add", "root", "--name", "X",
                       "--role", "admin")
    assert code == 2 and "differ" in err
    answers = iter([ADMIN_PW, ADMIN_PW])
    code, out, err = run(capsys, "--db", empty_db, "users", "add", "root", "--name", "X",
                         "--role", "admin")
    assert code == 0 and out.startswith("added root"), err


# ---------------------------------------------------------------------- sync (cli_sync)
UNIT_COLS = ["单位编码", "单位名称", "单位类型", "所属街道编码", "上级单位编码", "班组"]


def _query(db: str, sql: str) -> list[tuple]:
    from sqlalchemy import create_engine, text

    engine = create_engine(db)
    try:
        with engine.connect() as conn:
            return [tuple(r) for r in conn.execute(text(sql))]
    finally:
        engine.dispose()


def _write_csv(path: Path, header: list[str], rows: list) -> Path:
    import csv

    with path.open("w", encoding="utf-8-sig", newline="") as f:
        w = csv.writer(f)
        w.writerow(header)
        w.writerows([["" if v is None else v for v in r] for r in rows])
    return path


def _units(db: str) -> list[tuple]:
    return _query(db, "SELECT code, name, kind, street_code, parent_code, team FROM units "
                      "ORDER BY code")


def test_sync_reference_previews_then_applies_units_and_people(capsys, db, tmp_path):
    units = _units(db)
    rows = [(c, "秦淮区城市管理局（新）" if c == "CGJ" else n, k, s_, p, t)
            for c, n, k, s_, p, t in units]
    full = _write_csv(tmp_path / "units.csv", UNIT_COLS,
                      [*rows, ("SJZX", "秦淮区数据资源管理局", "区级职能部门", None, None, None)])

    code, out, err = run(capsys, "--db", db, "sync", "reference", str(full))
    assert code == 0, err
    assert "preview, nothing written" in out and "added 1, changed 1, retired 0" in out
    assert "CGJ" in out and "秦淮区城市管理局（新）" in out and "SJZX" in out
    assert _units(db) == units  # a preview changes nothing
    assert _query(db, "SELECT count(*) FROM sync_reference_changes") == [(0,)]

    code, out, err = run(capsys, "--db", db, "sync", "reference", str(full), "--apply",
                         "--json")
    assert code == 0, err
    res = json.loads(out)
    assert res["status"] == "applied" and res["kind"] == "units"
    assert (res["counts"]["added"], res["counts"]["changed"]) == (1, 1)
    assert _query(db, "SELECT name FROM units WHERE code = 'CGJ'") == [("秦淮区城市管理局（新）",)]
    assert _query(db, "SELECT kind FROM units WHERE code = 'SJZX'") == [("department",)]

    # the next full export no longer lists SJZX: it is retired, and takes no more cases
    _write_csv(tmp_path / "units2.csv", UNIT_COLS, rows)
    code, out, err = run(capsys, "--db", db, "sync", "reference", str(tmp_path / "units2.csv"),
                         "--apply")
    assert code == 0, err
    assert "applied" in out and "retired 1" in out and "SJZX" in out
    [(case_id,)] = _query(db, "SELECT id FROM cases WHERE state = 'pending_dispatch' LIMIT 1")
    code, out, err = run(capsys, "--db", db, "case", "transition", str(case_id), "dispatch",
                         "--param", "unit=SJZX", "--as", "dispatcher")
    assert code == 1 and out == "" and err.startswith("refused (bad_input)") and "retired" in err
    assert _query(db, f"SELECT state FROM cases WHERE id = {case_id}") == [("pending_dispatch",)]

    # a partial people file adds one person and retires nobody
    people = _write_csv(tmp_path / "people.csv", ["人员编码", "姓名", "角色", "所属单位编码"],
                        [("P-NEW-1", "王五", "处置人员", "CGJ")])
    active = _query(db, "SELECT count(*) FROM people WHERE active")
    code, out, err = run(capsys, "--db", db, "sync", "reference", str(people), "--kind",
                         "people", "--partial", "--apply", "--json")
    assert code == 0, err
    assert json.loads(out)["counts"] | {"unchanged": 0} == {
        "added": 1, "changed": 0, "retired": 0, "reactivated": 0, "unchanged": 0,
        "refused": 0, "problems": 0}
    assert _query(db, "SELECT role, unit_code FROM people WHERE code = 'P-NEW-1'") == [
        ("handling_unit", "CGJ")]
    assert _query(db, "SELECT count(*) FROM people WHERE active") == [(active[0][0] + 1,)]


@pytest.mark.parametrize("apply", [False, True])
def test_sync_reference_rejects_a_bad_file_with_its_problems(capsys, db, tmp_path, apply):
    units = _units(db)
    bad = _write_csv(tmp_path / "bad.csv", UNIT_COLS, [
        *units,
        ("NEW1", "新单位", "外星机构", None, None, None),  # unknown kind
        ("NEW2", "", "department", None, None, None),  # no name
        ("CGJ", "又一个城管局", "department", None, None, None),  # repeated code
    ])
    code, out, err = run(capsys, "--db", db, "sync", "reference", str(bad),
                         *(["--apply"] if apply else []))
    assert code == 1 and out == ""
    assert err.startswith("error: file rejected, nothing changed")
    n = len(units) + 2  # the line of NEW1 (the header is line 1)
    assert f"row {n}: NEW1 has unknown unit kind '外星机构'" in err
    assert f"row {n + 1}: NEW2 has no name" in err
    assert f"row {n + 2}: code CGJ repeated" in err
    assert _units(db) == units
    assert _query(db, "SELECT count(*) FROM sync_reference_changes") == [(0,)]
    assert _query(db, "SELECT count(*) FROM sync_files") == [(0,)]

    (tmp_path / "noheader.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    code, _, err = run(capsys, "--db", db, "sync", "reference", str(tmp_path / "noheader.csv"),
                       *(["--apply"] if apply else []))
    assert code == 1 and "file rejected, nothing changed" in err and "no usable header" in err
    assert _units(db) == units


def test_sync_reference_kind_categories_previews_applies_and_rejects(capsys, db, tmp_path):
    header = ["小类编码", "小类名称", "立案条件编号", "立案条件", "处置时限", "监督主体"]
    good = _write_csv(tmp_path / "cat.csv", header, [
        ("0102", "暴露垃圾", "01", "道路、广场等公共区域有暴露垃圾", "3个工作时", "城管局（新）")])
    code, out, err = run(capsys, "--db", db, "sync", "reference", str(good), "--kind",
                         "categories", "--partial")
    assert code == 0, err
    assert out.startswith("categories file cat.csv: 1 rows, partial export; would change")
    assert "changed 1" in out and "cond.01.limit_A" in out and "'城管局（新）'" in out
    assert _query(db, "SELECT count(*) FROM sync_reference_changes") == [(0,)]

    code, out, err = run(capsys, "--db", db, "sync", "reference", str(good), "--kind",
                         "categories", "--partial", "--apply", "--json")
    assert code == 0, err
    res = json.loads(out)
    assert (res["status"], res["kind"], res["counts"]["changed"]) == ("applied", "categories", 1)
    assert _query(db, "SELECT kind, code, action FROM sync_reference_changes") == [
        ("category", "0102", "changed")]
    [(stored,)] = _query(db, "SELECT value FROM settings WHERE key = 'reference_catalogue'")
    [minor] = [m for m in json.loads(stored)["minors"] if m["code"] == "0102"]
    assert minor["supervisor"] == "城管局（新）"
    assert minor["conditions"][0]["limits"] == dict.fromkeys("ABC", "3 working_hours")

    bad = _write_csv(tmp_path / "bad.csv", header, [("0102", "暴露垃圾", "01", "x", "4小时", "x")])
    code, out, err = run(capsys, "--db", db, "sync", "reference", str(bad), "--kind",
                         "categories", "--apply")
    assert code == 1 and out == "" and "file rejected, nothing changed" in err
    assert "row 2: 0102 condition 01 area class A: '4小时' is ambiguous" in err
    assert _query(db, "SELECT count(*) FROM sync_files") == [(1,)]


def test_sync_reference_apply_needs_an_admin(capsys, monkeypatch, db, cheap_hashes, tmp_path):
    with_admin(capsys, monkeypatch, db)
    stdin(monkeypatch, ADMIN_PW, USER_PW)
    assert run(capsys, "--db", db, "--sign-in", "root", "--password-stdin", "users", "add",
               "lead", "--name", "值班长", "--role", "shift_leader")[0] == 0
    units = _units(db)
    path = _write_csv(tmp_path / "u.csv", UNIT_COLS,
                      [*units, ("SJZX", "数据局", "department", None, None, None)])
    stdin(monkeypatch, USER_PW)
    code, out, err = run(capsys, "--db", db, "--sign-in", "lead", "--password-stdin", "sync",
                         "reference", str(path), "--apply")
    assert code == 1 and out == "" and err.startswith("denied (wrong_role)")
    assert "manage_reference" in err and _units(db) == units
    stdin(monkeypatch, ADMIN_PW)
    code, out, err = run(capsys, "--db", db, "--sign-in", "root", "--password-stdin", "sync",
                         "reference", str(path), "--apply")
    assert code == 0 and "added 1" in out, err


def test_import_race_is_refused_and_help_says_it_resumes(capsys, db, tmp_path, monkeypatch):
    from commandcenter.services.sync import SyncService
    from commandcenter.sync.importer import ImportRaceError

    def racing(self, *a, **kw):
        raise ImportRaceError("another import of x.csv moved its progress record")

    monkeypatch.setattr(SyncService, "import_file", racing)
    path = tmp_path / "x.csv"
    path.write_text("a\n1\n", encoding="utf-8")
    code, out, err = run(capsys, "--db", db, "import", str(path))
    assert code == 1 and out == ""
    assert err.strip() == "error: not imported now: another import of x.csv moved its " \
                          "progress record"
    code, out, _ = run(capsys, "import", "--help")
    assert code == 0 and "running the same import again resumes" in " ".join(out.split())
    code, out, _ = run(capsys, "--help")
    assert code == 0 and "resumes an interrupted one" in " ".join(out.split())


def test_sync_reference_previews_and_applies_responsibility_rules(capsys, db, tmp_path):
    from commandcenter.cli_sync import REFERENCE_KINDS
    from commandcenter.domain.routing import shipped_path
    from commandcenter.sync.reference import KINDS

    assert list(KINDS) == REFERENCE_KINDS
    doc = json.loads(shipped_path().read_text(encoding="utf-8"))
    next(r for r in doc["rules"] if r["id"] == "R0105")["target"] = "CGJ"
    doc["rules"].append({"id": "R-NEW", "category": "0102", "owner": "CGJ", "target": "CGJ",
                         "legal_basis": "区权责清单"})
    path = tmp_path / "rules.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    code, out, err = run(capsys, "--db", db, "sync", "reference", str(path))
    assert code == 0, err
    assert out.startswith("rules file rules.json") and "added 1, changed 1, retired 0" in out
    assert "target: 'SWJ' -> 'CGJ'" in out and "R-NEW  0102 -> CGJ" in out
    assert _query(db, "SELECT count(*) FROM settings WHERE key = 'reference_rules'") == [(0,)]
    code, out, err = run(capsys, "--db", db, "sync", "reference", str(path), "--apply")
    assert code == 0, err
    assert "applied" in out
    assert _query(db, "SELECT count(*) FROM settings WHERE key = 'reference_rules'") == [(1,)]

    doc["rules"].append({"id": "R-BAD", "category": "0102", "target": "NOSUCH",
                         "legal_basis": "x"})
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    code, out, err = run(capsys, "--db", db, "sync", "reference", str(path), "--kind", "rules",
                         "--apply")
    assert code == 1 and out == "" and "file rejected, nothing changed" in err
    assert f"rule {len(doc['rules'])} (R-BAD): unknown unit 'NOSUCH'" in err


def test_sync_reference_applies_a_grids_file(capsys, db, tmp_path):
    from commandcenter.resources import resource_path

    doc = json.loads(resource_path("geo", "grids.geojson").read_text(encoding="utf-8"))
    feature = doc["features"][0]
    code = feature["properties"]["code"]
    feature["properties"]["name"] = "改名网格"
    path = tmp_path / "grids.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [feature]},
                               ensure_ascii=False), encoding="utf-8")
    code_, out, err = run(capsys, "--db", db, "sync", "reference", str(path), "--partial",
                          "--apply")
    assert code_ == 0, err
    assert out.startswith("grids file grids.geojson: 1 rows, partial export; applied")
    assert f"changed     {code}  name:" in out and "'改名网格'" in out
    assert _query(db, f"SELECT name FROM grids WHERE code = '{code}'") == [("改名网格",)]
