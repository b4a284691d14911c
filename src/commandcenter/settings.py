"""Typed per-workstation settings, declared in one place, stored as JSON in the config dir.

Contracts
- Every setting is a dataclass field with its default here; nothing else invents settings.
  `SCHEMA_VERSION` is written into the file; `MIGRATIONS[n]` turns a version-n dict into a
  version-n+1 dict, so an older file is upgraded on load (napari's migrators, Electrum's config).
- Loading never fails on a bad file: unreadable JSON, unknown keys or values of the wrong type are
  logged and replaced by defaults, because a workstation must still start.
- Paths come from platformdirs ("commandcenter"); `COMMANDCENTER_HOME` roots all three
  directories (data/, config/, log/) below one folder, which is what tests use.
- The database URL is resolved in this order: an explicit `--db` argument, `COMMANDCENTER_DB`,
  the `db_url` setting, then the SQLite file `commandcenter.sqlite3` in the data dir.
- This module imports no Qt: window geometry (the only thing in QSettings) lives in ui/.
"""

from __future__ import annotations

import json
import logging
import os
import re
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from commandcenter import APP_NAME
from commandcenter.domain.vocabulary import Role

log = logging.getLogger(__name__)

SCHEMA_VERSION = 2
ENV_HOME = "COMMANDCENTER_HOME"
ENV_DB = "COMMANDCENTER_DB"
SETTINGS_FILE = "settings.json"
DEFAULT_DB_FILE = "commandcenter.sqlite3"
LANGUAGES = ("zh_CN", "en")
THEMES = ("system", "light", "dark")  # "system": follow the desktop's light/dark scheme
FONT_SIZES = (0, *range(8, 21))  # points; 0: the desktop's default font size
DISTRICT_CENTRE_CODE = "QZX"  # 秦淮区社会治理综合指挥中心 in resources/org/departments.json


def _v1_to_v2(data: dict[str, Any]) -> dict[str, Any]:
    """Schema 2 added the appearance settings; a version-1 file keeps the desktop's look."""
    out = dict(data)
    out.setdefault("theme", "system")
    out.setdefault("font_size", 0)
    return out


# MIGRATIONS[n](d) upgrades a settings dict of schema n to schema n + 1.
MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {1: _v1_to_v2}


@dataclass(frozen=True)
class AppPaths:
    """Where this workstation keeps its database, settings and logs (created on demand)."""

    data_dir: Path
    config_dir: Path
    log_dir: Path

    @property
    def settings_file(self) -> Path:
        return self.config_dir / SETTINGS_FILE

    @property
    def default_db_file(self) -> Path:
        return self.data_dir / DEFAULT_DB_FILE

    def ensure(self) -> AppPaths:
        for d in (self.data_dir, self.config_dir, self.log_dir):
            d.mkdir(parents=True, exist_ok=True)
        return self


def app_paths(env: Mapping[str, str] | None = None) -> AppPaths:
    """The per-user directories, or `$COMMANDCENTER_HOME/{data,config,log}` when that is set."""
    env = os.environ if env is None else env
    home = env.get(ENV_HOME)
    if home:
        root = Path(home).expanduser()
        return AppPaths(root / "data", root / "config", root / "log")
    import platformdirs  # local: only needed when no override is given

    return AppPaths(
        Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)),
        Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)),
        Path(platformdirs.user_log_dir(APP_NAME, appauthor=False)),
    )


@dataclass(frozen=True)
class Operator:
    """Who the shell acts as until sign-in exists: one user, in one role, for one unit."""

    user_id: str = "demo-dispatcher"
    role: Role = Role.DISPATCHER
    unit_code: str = DISTRICT_CENTRE_CODE
    name: str = ""


@dataclass(frozen=True)
class SyncFolders:
    """Exchange folders with the district platform, and the sync schedule (0: manual only)."""

    inbox: str = ""
    outbox: str = ""
    interval_minutes: int = 0

    @property
    def configured(self) -> bool:
        return bool(self.inbox or self.outbox)


@dataclass(frozen=True)
class Settings:
    """All per-workstation settings. Immutable: change with `dataclasses.replace` and `save`."""

    schema_version: int = SCHEMA_VERSION
    db_url: str = ""  # empty: the default SQLite file in the data dir
    language: str = "zh_CN"
    theme: str = "system"
    font_size: int = 0  # points; 0 = the desktop's default
    demo_cases_on_first_start: int = 20000
    idle_lock_minutes: int = 10  # the screen locks after this long without input (issue 8)
    operator: Operator = field(default_factory=Operator)
    sync: SyncFolders = field(default_factory=SyncFolders)

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["operator"]["role"] = self.operator.role.value
        return d

    @classmethod
    def from_dict(cls, raw: Mapping[str, Any]) -> Settings:
        """Build settings from a (possibly old, partial or damaged) dict; never raises."""
        data = _migrate(dict(raw))
        default = cls()
        kwargs: dict[str, Any] = {}
        for f in fields(cls):
            if f.name not in data or f.name == "schema_version":
                continue
            value = data[f.name]
            if f.name == "operator":
                kwargs[f.name] = _operator_from(value, default.operator)
            elif f.name == "sync":
                kwargs[f.name] = _sync_from(value, default.sync)
            elif _valid(f.name, value):
                kwargs[f.name] = value
            else:
                log.warning("setting %s=%r is invalid; using the default", f.name, value)
        unknown = sorted(set(data) - {f.name for f in fields(cls)})
        if unknown:
            log.warning("ignoring unknown settings: %s", ", ".join(unknown))
        return replace(default, **kwargs)


def _valid(name: str, value: Any) -> bool:
    if name == "db_url":
        return isinstance(value, str)
    if name == "language":
        return value in LANGUAGES
    if name == "theme":
        return value in THEMES
    if name == "font_size":
        return isinstance(value, int) and not isinstance(value, bool) and value in FONT_SIZES
    if name == "idle_lock_minutes":  # locking is a protection: never off, at most a shift
        return isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 720
    if name == "demo_cases_on_first_start":
        return isinstance(value, int) and not isinstance(value, bool) and value >= 0
    return False


def _operator_from(value: Any, default: Operator) -> Operator:
    if not isinstance(value, Mapping):
        log.warning("setting operator=%r is invalid; using the default", value)
        return default
    out = default
    for key in ("user_id", "unit_code", "name"):
        if isinstance(value.get(key), str) and (value[key] or key == "name"):
            out = replace(out, **{key: value[key]})
    if "role" in value:
        try:
            out = replace(out, role=Role(value["role"]))
        except ValueError:
            log.warning("setting operator.role=%r is not a role; using %s", value["role"],
                        default.role.value)
    return out


def _sync_from(value: Any, default: SyncFolders) -> SyncFolders:
    if not isinstance(value, Mapping):
        log.warning("setting sync=%r is invalid; using the default", value)
        return default
    out = SyncFolders(**{k: value[k] for k in ("inbox", "outbox") if isinstance(value.get(k), str)})
    minutes = value.get("interval_minutes")
    if isinstance(minutes, int) and not isinstance(minutes, bool) and minutes >= 0:
        out = replace(out, interval_minutes=minutes)
    return out


def _migrate(data: dict[str, Any]) -> dict[str, Any]:
    version = data.get("schema_version", 1)
    if not isinstance(version, int) or version < 1:
        version = 1
    if version > SCHEMA_VERSION:
        log.warning("settings file has schema %s, newer than %s; reading what is understood",
                    version, SCHEMA_VERSION)
    while version < SCHEMA_VERSION:
        data = MIGRATIONS[version](data)
        version += 1
    data["schema_version"] = SCHEMA_VERSION
    return data


def load(paths: AppPaths | None = None) -> Settings:
    """Read the settings file; a missing or unreadable file gives the defaults."""
    paths = paths or app_paths()
    try:
        text = paths.settings_file.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Settings()
    except OSError as exc:
        log.warning("cannot read %s (%s); using default settings", paths.settings_file, exc)
        return Settings()
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as exc:
        log.warning("%s is not valid JSON (%s); using default settings", paths.settings_file, exc)
        return Settings()
    if not isinstance(raw, dict):
        log.warning("%s does not hold an object; using default settings", paths.settings_file)
        return Settings()
    return Settings.from_dict(raw)


def save(settings: Settings, paths: AppPaths | None = None) -> Path:
    """Write the settings atomically (temporary file + rename) and return the file's path."""
    paths = (paths or app_paths()).ensure()
    target = paths.settings_file
    tmp = target.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(settings.to_dict(), ensure_ascii=False, indent=2) + "\n",
                   encoding="utf-8")
    os.replace(tmp, target)
    return target


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path.resolve().as_posix()}"


def resolve_db_url(
    settings: Settings,
    paths: AppPaths,
    override: str | None = None,
    env: Mapping[str, str] | None = None,
) -> str:
    """The database URL to open: `override` (--db) > $COMMANDCENTER_DB > setting > default file."""
    env = os.environ if env is None else env
    for candidate in (override, env.get(ENV_DB), settings.db_url):
        if candidate:
            return candidate
    paths.ensure()
    return sqlite_url(paths.default_db_file)


# SQLAlchemy's URL grammar (sqlalchemy.engine.url): credentials end at the first "@"; a password
# may hold "/", "?" or "#", which a generic URL parser takes for the end of the host.
_DB_URL = re.compile(r"^(?P<scheme>[\w+]+)://(?:(?P<user>[^:/]*)(?::(?P<password>[^@]*))?@)?"
                     r"(?P<rest>.*)$", re.DOTALL)


def describe_db_url(url: str) -> str:
    """A display form of a database URL: the file path for SQLite, else the URL, password hidden.

    Parsed by SQLAlchemy's URL grammar without importing SQLAlchemy: the shell's status bar
    shows it before any database module is loaded (issue 9). ``sqlite:///rel/path``,
    ``sqlite:////abs/path``, ``sqlite://`` (in memory)."""
    from urllib.parse import unquote

    found = _DB_URL.match(url)
    if found is None:  # not a URL: shown without anything up to a possible "@"
        return url.rsplit("@", 1)[-1]
    scheme, user, password, rest = found.group("scheme", "user", "password", "rest")
    if scheme.split("+", 1)[0] == "sqlite":
        path = rest.split("?", 1)[0]
        return unquote(path[1:] if path.startswith("/") else path) or ":memory:"
    if password is not None:
        return f"{scheme}://{user}:***@{rest}"
    return f"{scheme}://{user}@{rest}" if user is not None else f"{scheme}://{rest}"


def probe_db_url(url: str, timeout_s: int = 5) -> str:
    """Check that a database URL can be opened, without changing anything in it.

    Returns a short description of what answered (e.g. "SQLite 3.45.1", "PostgreSQL 16.4");
    raises ValueError with a readable message when it cannot. Blocking (up to about
    `timeout_s`): call it off the UI thread. A SQLite file that does not exist yet is fine when
    its folder exists and is writable (the application creates it on first start).
    """
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError, SQLAlchemyError

    url = url.strip()
    if not url:
        raise ValueError("no database given")
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise ValueError(f"not a database URL: {exc}") from None
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        database = parsed.database or ""
        if database and database != ":memory:":
            folder = Path(database).expanduser().resolve().parent
            if not folder.is_dir():
                raise ValueError(f"the folder {folder} does not exist")
            if not Path(database).exists() and not os.access(folder, os.W_OK):
                raise ValueError(f"the folder {folder} is not writable")
            if not Path(database).exists():
                import sqlite3

                return f"SQLite {sqlite3.sqlite_version} (new file)"
    elif backend != "postgresql":
        raise ValueError(f"unsupported database {backend!r}: use SQLite or PostgreSQL")
    connect_args = {"connect_timeout": timeout_s} if backend == "postgresql" else {}
    try:
        engine = create_engine(parsed, connect_args=connect_args)
    except (ArgumentError, ImportError) as exc:
        raise ValueError(str(exc)) from None
    try:
        with engine.connect() as conn:
            if backend == "sqlite":
                version = conn.execute(text("select sqlite_version()")).scalar_one()
                conn.execute(text("select count(*) from sqlite_master")).scalar_one()
                return f"SQLite {version}"
            version = conn.execute(text("show server_version")).scalar_one()
            return f"PostgreSQL {version}"
    except SQLAlchemyError as exc:
        message = str(getattr(exc, "orig", None) or exc).strip().splitlines()
        raise ValueError(message[0] if message else type(exc).__name__) from None
    finally:
        engine.dispose()
