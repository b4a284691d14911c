"""Typed settings: defaults, persistence, damaged files, migrations, paths and URL overrides."""

from __future__ import annotations

import json
import logging
from dataclasses import replace
from pathlib import Path

import pytest

from commandcenter import settings as s
from commandcenter.domain.vocabulary import Role


@pytest.fixture
def paths(tmp_path: Path) -> s.AppPaths:
    return s.app_paths({s.ENV_HOME: str(tmp_path / "home")})


def test_defaults():
    d = s.Settings()
    assert d.schema_version == s.SCHEMA_VERSION == 2
    assert d.db_url == ""
    assert d.language == "zh_CN"
    assert (d.theme, d.font_size) == ("system", 0)
    assert d.demo_cases_on_first_start == 20000
    assert d.operator == s.Operator("demo-dispatcher", Role.DISPATCHER, "QZX", "")
    assert not d.sync.configured


def test_home_override_roots_all_three_dirs(tmp_path):
    p = s.app_paths({s.ENV_HOME: str(tmp_path)})
    assert (p.data_dir, p.config_dir, p.log_dir) == (tmp_path / "data", tmp_path / "config",
                                                     tmp_path / "log")
    assert p.settings_file == tmp_path / "config" / "settings.json"
    assert p.default_db_file == tmp_path / "data" / "commandcenter.sqlite3"
    assert not p.data_dir.exists()
    p.ensure()
    assert p.data_dir.is_dir() and p.config_dir.is_dir() and p.log_dir.is_dir()


def test_without_override_paths_come_from_platformdirs(monkeypatch):
    import platformdirs

    monkeypatch.delenv(s.ENV_HOME, raising=False)
    p = s.app_paths()
    assert p.data_dir == Path(platformdirs.user_data_dir("commandcenter", appauthor=False))
    assert p.config_dir == Path(platformdirs.user_config_dir("commandcenter", appauthor=False))
    assert p.log_dir == Path(platformdirs.user_log_dir("commandcenter", appauthor=False))


def test_environment_is_read_when_no_mapping_is_given(monkeypatch, tmp_path):
    monkeypatch.setenv(s.ENV_HOME, str(tmp_path / "h"))
    assert s.app_paths().config_dir == tmp_path / "h" / "config"


def test_missing_file_gives_defaults(paths):
    assert s.load(paths) == s.Settings()


def test_settings_persist(paths):
    changed = replace(
        s.Settings(), db_url="postgresql+psycopg://cc@db/cc", language="en",
        demo_cases_on_first_start=300, theme="dark", font_size=14,
        operator=s.Operator("wang", Role.SHIFT_LEADER, "320104001-ZX", "王值班"),
        sync=s.SyncFolders(inbox="/srv/in"),
    )
    written = s.save(changed, paths)
    assert written == paths.settings_file
    assert s.load(paths) == changed
    text = written.read_text(encoding="utf-8")
    assert "王值班" in text  # UTF-8, not \u escapes
    raw = json.loads(text)
    assert raw["schema_version"] == 2 and raw["operator"]["role"] == "shift_leader"
    assert (raw["theme"], raw["font_size"]) == ("dark", 14)
    assert not list(paths.config_dir.glob("*.tmp"))


@pytest.mark.parametrize("content", ["{not json", "[1, 2]", ""])
def test_damaged_file_gives_defaults(paths, content, caplog):
    paths.ensure().settings_file.write_text(content, encoding="utf-8")
    with caplog.at_level(logging.WARNING):
        assert s.load(paths) == s.Settings()
    assert caplog.records


def test_invalid_values_fall_back_field_by_field(caplog):
    with caplog.at_level(logging.WARNING):
        loaded = s.Settings.from_dict({
            "language": "fr", "demo_cases_on_first_start": -5, "db_url": 42,
            "operator": {"role": "emperor", "user_id": "li", "unit_code": ""},
            "sync": "nowhere", "colour": "blue", "theme": "purple", "font_size": 99,
        })
    assert loaded.language == "zh_CN"
    assert loaded.demo_cases_on_first_start == 20000
    assert loaded.db_url == ""
    assert loaded.operator == s.Operator(user_id="li")  # good field kept, bad ones defaulted
    assert loaded.sync == s.SyncFolders()
    assert (loaded.theme, loaded.font_size) == ("system", 0)
    text = caplog.text
    assert "language" in text and "emperor" in text and "colour" in text


@pytest.mark.parametrize("minutes, kept", [(5, 5), (720, 720), (0, 10), (721, 10), (True, 10),
                                           ("15", 10)])
def test_idle_lock_minutes_is_kept_only_within_a_shift(minutes, kept):
    assert s.Settings.from_dict({"idle_lock_minutes": minutes}).idle_lock_minutes == kept


def test_bool_is_not_a_case_count():
    assert s.Settings.from_dict({"demo_cases_on_first_start": True}).demo_cases_on_first_start == 20000


def test_older_schema_is_migrated_step_by_step(monkeypatch):
    """Migrations chain: the real 1→2 (appearance added) then a future 2→3 (a renamed key)."""
    def v2_to_v3(d):
        d = dict(d)
        d["language"] = {"chinese": "zh_CN"}.get(d.pop("lang", ""), "en")
        return d

    monkeypatch.setattr(s, "SCHEMA_VERSION", 3)
    monkeypatch.setattr(s, "MIGRATIONS", {**s.MIGRATIONS, 2: v2_to_v3})
    loaded = s.Settings.from_dict({"schema_version": 1, "lang": "chinese", "theme": "dark"})
    assert loaded.language == "zh_CN"
    assert loaded.theme == "dark"  # 1→2 only fills what is missing


def test_newer_schema_reads_what_it_understands(caplog):
    with caplog.at_level(logging.WARNING):
        loaded = s.Settings.from_dict({"schema_version": 99, "language": "en"})
    assert loaded.language == "en"
    assert "newer" in caplog.text


def test_db_url_precedence(paths):
    base = s.Settings()
    default = s.resolve_db_url(base, paths, env={})
    assert default == s.sqlite_url(paths.default_db_file)
    assert default.startswith("sqlite:////") and default.endswith("/data/commandcenter.sqlite3")
    configured = replace(base, db_url="sqlite:////srv/configured.db")
    assert s.resolve_db_url(configured, paths, env={}) == "sqlite:////srv/configured.db"
    env = {s.ENV_DB: "sqlite:////srv/env.db"}
    assert s.resolve_db_url(configured, paths, env=env) == "sqlite:////srv/env.db"
    assert s.resolve_db_url(configured, paths, "sqlite:////srv/arg.db", env) == "sqlite:////srv/arg.db"


def test_db_url_reads_the_process_environment(paths, monkeypatch):
    monkeypatch.setenv(s.ENV_DB, "sqlite:////srv/from-env.db")
    assert s.resolve_db_url(s.Settings(), paths) == "sqlite:////srv/from-env.db"


def test_describe_db_url_hides_passwords():
    assert s.describe_db_url("sqlite:////var/cc/x.sqlite3") == "/var/cc/x.sqlite3"
    shown = s.describe_db_url("postgresql+psycopg://cc:s3cret@db.example:5432/cc")
    assert "s3cret" not in shown and "db.example:5432/cc" in shown
    assert "s3cret" not in s.describe_db_url("not a url://cc:s3cret@host")


@pytest.mark.parametrize("url", [
    "sqlite:////var/cc/x.sqlite3", "sqlite:///rel/x.sqlite3", "sqlite://", "sqlite:///:memory:",
    "sqlite:////srv/%E6%8C%87%E6%8C%A5/cc.sqlite3",
    "postgresql+psycopg://cc:s3cret@db.example:5432/cc",
    "postgresql+psycopg://cc@db.example/cc?sslmode=require",
    "postgresql+psycopg://cc:p%40ss@[::1]:5433/cc",
    "postgresql://db.example/cc",
    # passwords with the characters a generic URL parser ends a host at (found in review)
    "postgresql://cc:/Xy9s3cret@db/cc", "postgresql://cc:123?abc@db/cc",
    "postgresql://cc:8080/s3cret@db/cc", "postgresql://cc:12#x@db/cc",
    "postgresql+psycopg://CC:s3cret@DB.Example:5432/cc",
])
def test_describe_db_url_shows_what_sqlalchemy_would_open(url):
    """The display form is parsed without SQLAlchemy (the shell shows it before the database
    modules load); it names the same file or server as SQLAlchemy's own reading."""
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        assert s.describe_db_url(url) == (parsed.database or ":memory:")
    else:
        assert s.describe_db_url(url) == parsed.render_as_string(hide_password=True)
    if parsed.password:
        assert str(parsed.password) not in s.describe_db_url(url)


def test_version_1_file_from_the_first_release_still_loads(paths):
    """A settings file exactly as the first release wrote it (schema 1, no appearance)."""
    v1 = {"schema_version": 1, "db_url": "", "language": "en", "demo_cases_on_first_start": 0,
          "operator": {"user_id": "li", "role": "dispatcher", "unit_code": "QZX", "name": ""},
          "sync": {"inbox": "/srv/in", "outbox": "", "interval_minutes": 15}}
    paths.ensure().settings_file.write_text(json.dumps(v1), encoding="utf-8")
    loaded = s.load(paths)
    assert (loaded.language, loaded.demo_cases_on_first_start) == ("en", 0)
    assert loaded.sync == s.SyncFolders("/srv/in", "", 15)
    assert (loaded.theme, loaded.font_size) == ("system", 0)
    s.save(loaded, paths)  # written back at the current schema, and read the same
    assert json.loads(paths.settings_file.read_text(encoding="utf-8"))["schema_version"] == 2
    assert s.load(paths) == loaded


@pytest.mark.parametrize("garbage", [
    '{"language": "en", "theme": ',  # cut off mid-write
    "\x00\x00\x00",
    '{"schema_version": "two", "font_size": "large", "theme": null, "sync": [1]}',
])
def test_garbled_file_still_starts(paths, garbage, caplog):
    paths.ensure().settings_file.write_text(garbage, encoding="utf-8")
    with caplog.at_level(logging.WARNING):
        loaded = s.load(paths)
    assert (loaded.theme, loaded.font_size, loaded.sync) == ("system", 0, s.SyncFolders())
    s.save(replace(loaded, theme="light"), paths)  # and the next save repairs the file
    assert s.load(paths).theme == "light"


def test_probe_accepts_a_new_sqlite_file_and_an_existing_one(tmp_path):
    assert s.probe_db_url(s.sqlite_url(tmp_path / "new.sqlite3")).endswith("(new file)")
    import sqlite3

    sqlite3.connect(tmp_path / "old.sqlite3").close()
    assert s.probe_db_url(s.sqlite_url(tmp_path / "old.sqlite3")).startswith("SQLite ")
    assert not (tmp_path / "new.sqlite3").exists()  # probing creates nothing


@pytest.mark.parametrize(("url", "reason"), [
    ("", "no database"),
    ("not a url", "not a database URL"),
    ("mysql://cc@localhost/cc", "unsupported"),
    ("sqlite:////no/such/folder/x.sqlite3", "does not exist"),
    ("postgresql+psycopg://cc:pw@127.0.0.1:9/cc", "127.0.0.1"),
])
def test_probe_explains_what_is_wrong(url, reason):
    with pytest.raises(ValueError, match=reason):
        s.probe_db_url(url, timeout_s=2)


@pytest.mark.postgres
def test_probe_reaches_postgresql(pg_admin):
    assert s.probe_db_url(pg_admin.url.render_as_string(hide_password=False)).startswith(
        "PostgreSQL ")
