"""Schema migrations, run in-process at start-up ("at head? else upgrade").

The alembic scripts ship as data: ``migrations/`` at the project root in a checkout, and
``sys._MEIPASS/migrations`` in the frozen bundle. The script location is always absolute, so
neither the working directory nor alembic.ini matters to the application.

`upgrade_to_head` runs the whole upgrade in one write transaction (on SQLite the DDL is
transactional too, see `dialect`), under a lock that serialises two workstations migrating the
same PostgreSQL database at once: a failed upgrade leaves the database as it was.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

from .dialect import WRITE_OPTION, lock_for_migration

log = logging.getLogger(__name__)


def migrations_dir() -> Path:
    """Absolute path of the alembic script folder, frozen or from a checkout."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root) / "migrations"
    return Path(__file__).resolve().parents[3] / "migrations"


def alembic_config() -> Config:
    """An in-memory alembic Config (no ini file, so no logging configuration is read)."""
    cfg = Config()
    cfg.set_main_option("script_location", str(migrations_dir()))
    return cfg


def head_revision() -> str:
    """The newest revision shipped with this build."""
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    if head is None:  # pragma: no cover - the first revision ships with the code
        raise RuntimeError(f"no migration scripts in {migrations_dir()}")
    return head


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at (None for an empty database)."""
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def is_at_head(engine: Engine) -> bool:
    return current_revision(engine) == head_revision()


def _run(engine: Engine, action: str, target: str) -> None:
    cfg = alembic_config()
    with engine.connect().execution_options(**{WRITE_OPTION: True}) as conn, conn.begin():
        lock_for_migration(conn)
        before = MigrationContext.configure(conn).get_current_revision()
        if action == "upgrade" and before == head_revision() and target == "head":
            return  # another workstation got there first (we waited on its lock)
        cfg.attributes["connection"] = conn
        getattr(command, action)(cfg, target)
        after = MigrationContext.configure(conn).get_current_revision()
    if before != after:
        log.info("database schema %s: %s -> %s", action, before or "empty", after or "empty")


def upgrade_to_head(engine: Engine) -> None:
    """Bring the schema to the newest revision; a no-op when already there."""
    _run(engine, "upgrade", "head")


def upgrade_to(engine: Engine, revision: str) -> None:
    _run(engine, "upgrade", revision)


def downgrade_to(engine: Engine, revision: str = "base") -> None:
    """Step the schema down (tests and developers; the application never downgrades)."""
    _run(engine, "downgrade", revision)


def ensure_schema(engine: Engine, *, migrate: bool = True) -> None:
    """Start-up check: upgrade when behind (if allowed), refuse a database from a newer build."""
    current = current_revision(engine)
    head = head_revision()
    if current == head:
        return
    known = {s.revision for s in ScriptDirectory.from_config(alembic_config()).walk_revisions()}
    if current is not None and current not in known:
        raise RuntimeError(
            f"the database is at schema revision {current}, which this build does not know "
            f"(newest here: {head}); it was written by a newer version of the application"
        )
    if not migrate:
        raise RuntimeError(f"the database is at schema revision {current}, not {head}; migrate it")
    upgrade_to_head(engine)
