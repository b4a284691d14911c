"""Alembic environment for commandcenter (SQLite and PostgreSQL).

Two ways in:

- In-process (the application, tests): `commandcenter.store.migrate` passes an open connection
  in ``config.attributes["connection"]``; the migration runs inside that connection's
  transaction and the caller commits. An Engine there (pytest-alembic's runner) is connected to
  and committed here.
- The alembic CLI (developers): the URL comes from ``-x url=...``, ``sqlalchemy.url`` in
  alembic.ini or the ``COMMANDCENTER_DB`` environment variable; offline (``--sql``) works too.

Deliberately no ``logging.config.fileConfig``: it disables every logger that already exists,
which silently mutes the application when it migrates in-process. Only the CLI gets a plain
``basicConfig`` so that alembic's progress lines show.
"""

from __future__ import annotations

import logging
import os

from alembic import context
from sqlalchemy import Connection, Engine

from commandcenter.store.dialect import WRITE_OPTION, lock_for_migration
from commandcenter.store.models import Base

config = context.config
target_metadata = Base.metadata

if config.cmd_opts is not None:  # the alembic command line, never the application
    logging.basicConfig(level=logging.INFO, format="%(levelname)-5.5s [%(name)s] %(message)s")


def _url() -> str:
    url = (
        context.get_x_argument(as_dictionary=True).get("url")
        or config.get_main_option("sqlalchemy.url")
        or os.environ.get("COMMANDCENTER_DB")
    )
    if not url:
        raise SystemExit(
            "no database: pass -x url=<SQLAlchemy URL>, set sqlalchemy.url in alembic.ini "
            "or the COMMANDCENTER_DB environment variable"
        )
    return url


def _configure(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        # SQLite cannot ALTER most things: batch mode copies the table instead.
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )


def run_offline() -> None:
    url = _url()
    context.configure(
        url=url,
        target_metadata=target_metadata,
        literal_binds=True,
        render_as_batch=url.startswith("sqlite"),
        dialect_opts={"paramstyle": "named"},
    )
    with context.begin_transaction():
        context.run_migrations()


def run_online() -> None:
    given = config.attributes.get("connection")
    if isinstance(given, Connection):  # the application: its transaction, its commit
        _configure(given)
        with context.begin_transaction():
            context.run_migrations()
        return

    # An Engine (pytest-alembic passes one) or, from the CLI, a URL: own the transaction here.
    if isinstance(given, Engine):
        engine, owned = given, False
    else:
        from commandcenter.store.engine import make_engine

        engine, owned = make_engine(_url()), True
    try:
        with engine.connect().execution_options(**{WRITE_OPTION: True}) as conn, conn.begin():
            lock_for_migration(conn)
            _configure(conn)
            with context.begin_transaction():
                context.run_migrations()
    finally:
        if owned:
            engine.dispose()


if context.is_offline_mode():
    run_offline()
else:
    run_online()
