"""Engines and session factories for the two supported databases.

- ``sqlite:///<absolute path>``: a workstation's own file (see `dialect` for the connection and
  transaction settings). Never on a network share (refused with `NetworkPathError`): that is
  what PostgreSQL is for.
- ``postgresql+psycopg://user@host:port/db`` (psycopg 3); a bare ``postgresql://`` URL is taken
  to mean psycopg 3 as well.

Sessions never expire their state on commit, and nothing is lazy-loaded after a unit of work
ends, because repositories return plain dataclasses (see `uow`).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from . import dialect

__all__ = [
    "NetworkPathError", "WRITE_OPTION", "make_engine", "make_session_factory", "normalise_url",
    "sqlite_url_for",
]

WRITE_OPTION = dialect.WRITE_OPTION
NetworkPathError = dialect.NetworkPathError


def sqlite_url_for(path: str | Path) -> str:
    """The SQLAlchemy URL of a SQLite database file (made absolute)."""
    return dialect.sqlite_url_for(path)


def normalise_url(url: str) -> str:
    """Pick the supported driver for bare URLs; reject databases the project does not support."""
    parsed = make_url(url)
    backend = parsed.get_backend_name()
    if backend == "postgresql":
        if parsed.get_driver_name() not in ("psycopg", None, ""):
            raise ValueError(f"PostgreSQL is used through psycopg 3 only, got driver in {url!r}")
        return parsed.set(drivername="postgresql+psycopg").render_as_string(hide_password=False)
    if backend == "sqlite":
        return url
    raise ValueError(f"unsupported database {backend!r}: use sqlite:///path or postgresql+psycopg://")


def _json_dumps(value: Any) -> str:
    # Readable Chinese in the database (and in psql/sqlite3 sessions); no NaN in JSON columns.
    return json.dumps(value, ensure_ascii=False, allow_nan=False)


def make_engine(url: str, **kwargs: Any) -> Engine:
    """An engine for ``url`` with the project's settings; extra keyword arguments win."""
    url = normalise_url(url)
    options: dict[str, Any] = {"json_serializer": _json_dumps}
    if dialect.is_sqlite(url):
        options.update(dialect.sqlite_engine_kwargs(url))
    else:
        options.update(dialect.postgresql_engine_kwargs())
    options.update(kwargs)
    engine = create_engine(url, **options)
    if engine.dialect.name == "sqlite":
        dialect.configure_sqlite(engine)
    return engine


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    """Sessions bound to ``engine`` that keep their loaded values after commit."""
    return sessionmaker(bind=engine, expire_on_commit=False, autoflush=False)
