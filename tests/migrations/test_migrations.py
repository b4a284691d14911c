"""Alembic migrations on SQLite and PostgreSQL: head equals the models, round trips, no side effects."""

from __future__ import annotations

import logging
import subprocess
import sys
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from pytest_alembic import tests as alembic_tests
from sqlalchemy import inspect, text

from commandcenter.store import migrate
from commandcenter.store.engine import make_engine, sqlite_url_for
from commandcenter.store.models import Base

APP_TABLES = set(Base.metadata.tables)
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def engine(db_url):
    engine = make_engine(db_url)
    yield engine
    engine.dispose()


# pytest-alembic's runner hands env.py a connection through config.attributes["connection"].
@pytest.fixture
def alembic_config():
    return migrate.alembic_config()


@pytest.fixture
def alembic_engine(engine):
    return engine


def test_single_head_revision(alembic_runner):
    alembic_tests.test_single_head_revision(alembic_runner)


def test_upgrade_step_by_step(alembic_runner):
    alembic_tests.test_upgrade(alembic_runner)


def test_model_definitions_match_ddl(alembic_runner):
    alembic_tests.test_model_definitions_match_ddl(alembic_runner)


def test_up_down_consistency(alembic_runner):
    alembic_tests.test_up_down_consistency(alembic_runner)


def _diff(engine):
    with engine.connect() as conn:
        return compare_metadata(MigrationContext.configure(conn), Base.metadata)


def test_upgrade_head_equals_models(engine):
    migrate.upgrade_to_head(engine)
    assert set(inspect(engine).get_table_names()) >= APP_TABLES
    assert _diff(engine) == []


def test_the_comparison_would_see_a_difference(engine):
    """Guard for the test above: an empty diff must not be vacuous."""
    migrate.upgrade_to_head(engine)
    with engine.begin() as conn:
        conn.execute(text("DROP INDEX ix_cases_updated_seq"))
    assert any(d[0] == "add_index" for d in _diff(engine))


def _index_where(engine, name: str) -> str | None:
    """The predicate of a partial index as the database holds it (None for a full index)."""
    with engine.connect() as conn:
        if engine.dialect.name == "sqlite":
            sql = conn.execute(text("SELECT sql FROM sqlite_master WHERE name = :n"),
                               {"n": name}).scalar_one()
            return sql.split(" WHERE ", 1)[1].strip() if " WHERE " in sql else None
        return conn.execute(text("SELECT pg_get_expr(i.indpred, i.indrelid) FROM pg_index i "
                                 "JOIN pg_class c ON c.oid = i.indexrelid WHERE c.relname = :n"),
                            {"n": name}).scalar_one()


def test_the_external_id_index_is_partial_to_local_cases_and_downgrades_to_full(engine):
    """compare_metadata does not compare index predicates: the partial index of 0008 is
    checked here (and the model says the same)."""
    migrate.upgrade_to_head(engine)
    where = _index_where(engine, "ix_cases_source_external")
    assert where is not None and "source" in where and "'local'" in where
    model = Base.metadata.tables["cases"].indexes
    index = next(i for i in model if i.name == "ix_cases_source_external")
    assert str(index.dialect_options[engine.dialect.name]["where"]) == "source = 'local'"
    migrate.downgrade_to(engine, "0007")
    assert _index_where(engine, "ix_cases_source_external") is None
    migrate.upgrade_to_head(engine)
    assert _index_where(engine, "ix_cases_source_external") is not None


def test_downgrade_base_then_upgrade_head_round_trips(engine):
    migrate.upgrade_to_head(engine)
    migrate.downgrade_to(engine, "base")
    assert migrate.current_revision(engine) is None
    assert set(inspect(engine).get_table_names()) & APP_TABLES == set()
    migrate.upgrade_to_head(engine)
    assert migrate.is_at_head(engine)
    assert _diff(engine) == []
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT name, value FROM counters")).all()
    assert rows == [("change_seq", 0)]


def test_revision_helpers(engine):
    assert migrate.current_revision(engine) is None
    assert not migrate.is_at_head(engine)
    migrate.upgrade_to_head(engine)
    assert migrate.current_revision(engine) == migrate.head_revision()
    assert migrate.is_at_head(engine)
    migrate.upgrade_to_head(engine)  # idempotent
    assert migrate.is_at_head(engine)


@pytest.mark.parametrize("with_ini", [False, True], ids=["app-config", "alembic.ini"])
def test_in_process_upgrade_leaves_the_app_loggers_enabled(engine, caplog, with_ini):
    """fileConfig() would disable every existing logger; env.py must never call it, even when
    alembic.ini is the configuration (as it is for the CLI)."""
    app_log = logging.getLogger("commandcenter.probe")
    other = logging.getLogger("some.library")
    if with_ini:
        cfg = Config(str(ROOT / "alembic.ini"))
        with engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
    else:
        migrate.upgrade_to_head(engine)
    assert migrate.is_at_head(engine)
    assert not app_log.disabled and not other.disabled
    with caplog.at_level(logging.INFO):
        app_log.info("still heard")
    assert "still heard" in caplog.text


def test_alembic_command_line_upgrades(tmp_path):
    """alembic.ini at the root works for developers: `alembic -x url=... upgrade head`."""
    url = sqlite_url_for(tmp_path / "cli.sqlite3")
    alembic_exe = Path(sys.executable).with_name("alembic")
    done = subprocess.run(
        [str(alembic_exe), "-x", f"url={url}", "upgrade", "head"],
        cwd=ROOT, capture_output=True, text=True, timeout=60, check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "Running upgrade  -> 0001" in done.stderr
    engine = make_engine(url)
    try:
        assert migrate.is_at_head(engine)
    finally:
        engine.dispose()


def test_ensure_schema_refuses_a_newer_database(engine):
    migrate.upgrade_to_head(engine)
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = 'ffff_future'"))
    with pytest.raises(RuntimeError, match="newer version"):
        migrate.ensure_schema(engine)


def test_ensure_schema_without_migrate_refuses_an_old_database(engine):
    with pytest.raises(RuntimeError, match="migrate"):
        migrate.ensure_schema(engine, migrate=False)
    migrate.ensure_schema(engine)
    assert migrate.is_at_head(engine)


def test_ensure_schema_upgrades_an_older_database(engine):
    migrate.upgrade_to(engine, "0006")
    assert migrate.recorded_revisions(engine) == ["0006"]
    migrate.ensure_schema(engine)
    assert migrate.is_at_head(engine)


def test_shipped_head_is_alembics_head():
    assert migrate.shipped_head() == migrate.head_revision()


def test_recorded_revisions_read_the_version_table(engine):
    assert migrate.recorded_revisions(engine) is None  # no version table yet
    migrate.upgrade_to_head(engine)
    assert migrate.recorded_revisions(engine) == [migrate.head_revision()]


def test_a_database_at_head_is_checked_without_importing_alembic(db_url):
    """The usual start: one version row equal to the shipped head, alembic never imported."""
    engine = make_engine(db_url)
    try:
        migrate.upgrade_to_head(engine)
    finally:
        engine.dispose()
    probe = (
        "import sys\n"
        "from commandcenter.store.engine import make_engine\n"
        "from commandcenter.store.migrate import ensure_schema\n"
        f"engine = make_engine({db_url!r})\n"
        "ensure_schema(engine, migrate=False)\n"
        "engine.dispose()\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'alembic', 'mako'}))\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def _scripts(folder: Path, *revisions: tuple[str, str]) -> Path:
    versions = folder / "versions"
    versions.mkdir(parents=True)
    for number, (revision, down) in enumerate(revisions):
        (versions / f"{number:04d}_step.py").write_text(
            f'"""step {number}."""\nrevision: str = {revision}\n'
            f"down_revision: str | Sequence[str] | None = {down}\n", encoding="utf-8")
    return versions


@pytest.mark.parametrize(("revisions", "head"), [
    ([('"a"', "None"), ('"b"', '"a"')], "b"),
    ([('"a"', "None"), ('"b"', '"a"'), ('"c"', '"a"'), ('"d"', '("b", "c")')], "d"),
    ([('"a"', "None"), ('"b"', '"a"'), ('"c"', '"a"')], None),  # two heads
    ([('"a"', "None"), ('make_id()', '"a"')], None),  # not a literal
    ([], None),
], ids=["line", "merged", "branched", "computed", "empty"])
def test_shipped_head_answers_only_for_one_plain_head(tmp_path, revisions, head):
    """Anything the scan cannot answer for sure leaves the decision to alembic."""
    assert migrate._scan_head(_scripts(tmp_path, *revisions)) == head


def test_shipped_head_needs_every_script_to_name_its_parent(tmp_path):
    versions = _scripts(tmp_path, ('"a"', "None"))
    (versions / "0001_odd.py").write_text('revision = "b"\n', encoding="utf-8")
    assert migrate._scan_head(versions) is None


def test_migrations_folder_is_absolute_and_frozen_aware(monkeypatch, tmp_path):
    assert migrate.migrations_dir().is_absolute()
    assert (migrate.migrations_dir() / "env.py").is_file()
    monkeypatch.setattr("sys._MEIPASS", str(tmp_path), raising=False)
    assert migrate.migrations_dir() == tmp_path / "migrations"


def test_failed_migration_leaves_nothing_behind(engine, monkeypatch):
    """DDL runs in the migration's transaction on both dialects (SQLite via our own BEGIN)."""
    from alembic import op

    real = op.execute
    calls = {"n": 0}

    def failing_execute(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 2:  # after the tables exist, while installing the triggers
            raise RuntimeError("boom")
        return real(*args, **kwargs)

    monkeypatch.setattr(op, "execute", failing_execute)
    with pytest.raises(RuntimeError, match="boom"):
        migrate.upgrade_to_head(engine)
    assert set(inspect(engine).get_table_names()) & APP_TABLES == set()
    assert migrate.current_revision(engine) is None
