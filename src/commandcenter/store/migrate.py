"""Schema migrations, run in-process at start-up ("at head? else upgrade").

The alembic scripts ship as data: ``migrations/`` at the project root in a checkout, and
``sys._MEIPASS/migrations`` in the frozen bundle. The script location is always absolute, so
neither the working directory nor alembic.ini matters to the application.

`upgrade_to_head` runs the whole upgrade in one write transaction (on SQLite the DDL is
transactional too, see `dialect`), under a lock that serialises two workstations migrating the
same PostgreSQL database at once: a failed upgrade leaves the database as it was.

`ensure_schema`, every start: when the database's one ``alembic_version`` row is the shipped
head (`shipped_head`: read from the scripts' ``revision``/``down_revision`` lines, without
importing alembic, which costs a third of a second), nothing else happens. Anything else (an
empty database, an older or a newer revision, a branch, scripts it cannot read) goes to alembic,
which upgrades or refuses. Alembic itself is imported only on that path.
"""

from __future__ import annotations

import ast
import functools
import logging
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, inspect, text

from .dialect import WRITE_OPTION, lock_for_migration

if TYPE_CHECKING:
    from alembic.config import Config

log = logging.getLogger(__name__)

VERSION_TABLE = "alembic_version"  # alembic's default; env.py does not change it
# A module-level `revision = "..."` or `down_revision: ... = ...` line of a script.
_ID_LINE = re.compile(r"^(revision|down_revision)\s*(?::[^=\n]*)?=\s*(.+?)\s*$", re.MULTILINE)
# The files alembic reads as revisions (its own rule: *.py, not __init__, not editor backups).
_SCRIPT_NAME = re.compile(r"(?!\.#|__init__).*\.py$")


def migrations_dir() -> Path:
    """Absolute path of the alembic script folder, frozen or from a checkout."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root) / "migrations"
    return Path(__file__).resolve().parents[3] / "migrations"


def alembic_config() -> Config:
    """An in-memory alembic Config (no ini file, so no logging configuration is read)."""
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(migrations_dir()))
    return cfg


def head_revision() -> str:
    """The newest revision shipped with this build (alembic's answer)."""
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    if head is None:  # pragma: no cover - the first revision ships with the code
        raise RuntimeError(f"no migration scripts in {migrations_dir()}")
    return head


def shipped_head() -> str | None:
    """The head revision of the shipped scripts, read without alembic; None when the answer
    is not one plain revision id (no scripts, a branch, a line that is not a literal)."""
    return _scan_head(migrations_dir() / "versions")


@functools.lru_cache(maxsize=4)
def _scan_head(versions: Path) -> str | None:
    revisions: set[str] = set()
    parents: set[str] = set()
    try:
        scripts = [p for p in versions.iterdir() if _SCRIPT_NAME.match(p.name) and p.is_file()]
        for script in scripts:
            ids: dict[str, object] = {}
            for name, value in _ID_LINE.findall(script.read_text(encoding="utf-8")):
                if name in ids:
                    return None
                ids[name] = ast.literal_eval(value)
            revision, down = ids.get("revision"), ids.get("down_revision")
            if not isinstance(revision, str) or "down_revision" not in ids:
                return None
            if isinstance(down, str):
                parents.add(down)
            elif isinstance(down, (tuple, list)) and all(isinstance(d, str) for d in down):
                parents.update(down)
            elif down is not None:
                return None
            revisions.add(revision)
    except (OSError, ValueError, SyntaxError):
        return None
    heads = revisions - parents
    return heads.pop() if len(heads) == 1 and len(revisions) == len(scripts) else None


def recorded_revisions(engine: Engine) -> list[str] | None:
    """The rows of the database's version table (None when it has no such table), plain SQL."""
    with engine.connect() as conn:
        if not inspect(conn).has_table(VERSION_TABLE):
            return None
        return [row[0] for row in conn.execute(text(f"SELECT version_num FROM {VERSION_TABLE}"))]


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at (None for an empty database)."""
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def is_at_head(engine: Engine) -> bool:
    return current_revision(engine) == head_revision()


def _run(engine: Engine, action: str, target: str) -> None:
    from alembic import command
    from alembic.runtime.migration import MigrationContext

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
    head = shipped_head()
    if head is not None and recorded_revisions(engine) == [head]:
        return  # the usual start: nothing to migrate, alembic not even imported
    from alembic.script import ScriptDirectory

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
