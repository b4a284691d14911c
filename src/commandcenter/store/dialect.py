"""Everything that depends on the database dialect, in one place.

SQLite (a workstation's own file) and PostgreSQL (a shared server) run the same schema and the
same statements; only connection set-up, transaction start, locking for migrations and the size
query differ, and those differences live here and nowhere else.

SQLite contract (see `configure_sqlite`):

- every connection runs with ``journal_mode=WAL``, ``synchronous=FULL`` (user data: a power cut
  must not lose a committed case), ``foreign_keys=ON`` and ``busy_timeout`` 10 s; switching a
  new file to WAL is retried up to that timeout (`enter_wal`: SQLite answers it "locked" at once,
  without waiting, while another connection holds the write lock);
- bulk work (an import, inside `bulk_work`) may give its connection a larger page cache
  (`raise_sqlite_cache`); the connection keeps it from one batch to the next while bulk work
  runs, and gives it back at its first checkout after, so no pooled connection keeps hundreds
  of MB for the rest of a shift;
- pysqlite's own transaction handling is switched off (``isolation_level = None``) and the
  engine's ``begin`` event emits ``BEGIN`` itself, as SQLAlchemy documents for the pysqlite
  driver: reads are then really inside a transaction (a stable snapshot) and DDL is
  transactional (a failed migration leaves nothing behind);
- a connection that carries the execution option ``WRITE_OPTION`` begins with
  ``BEGIN IMMEDIATE``: it takes the write lock up front (waiting up to the busy timeout), so a
  write unit of work never fails half-way with "database is locked" when it upgrades a read lock;
- the file must be on a local disk: `check_local_path` refuses network shares (UNC paths,
  Windows network drives, NFS/SMB/SSHFS/9p... mounts), where SQLite's locking is unreliable and
  a database can be corrupted. Shared use is what PostgreSQL is for.

PostgreSQL contract: connections give up connecting after ``PG_CONNECT_TIMEOUT_S`` and use TCP
keepalives, so a lost server is noticed in seconds rather than minutes; every committed write to
a case sends ``NOTIFY cc_changes, '<change seq>'`` (a trigger installed by migration 0007).
"""

from __future__ import annotations

import ntpath
import sqlite3
import sys
import threading
import time
import weakref
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path, PurePath
from typing import Any

from sqlalchemy import Connection, Engine, event, text
from sqlalchemy.engine import make_url

# Execution option naming a write transaction; other dialects ignore unknown options.
WRITE_OPTION = "commandcenter_write"
BUSY_TIMEOUT_MS = 10_000
# Pool-record key holding the page-cache size a connection had before `raise_sqlite_cache`.
_CACHE_BEFORE = "commandcenter_cache_size_before"
# Engines with bulk work under way (`bulk_work`), and how many pieces of it.
_BULK: weakref.WeakKeyDictionary[Engine, int] = weakref.WeakKeyDictionary()
_BULK_LOCK = threading.Lock()
# Key of the transaction-scoped advisory lock that serialises migrations on PostgreSQL.
_PG_MIGRATION_LOCK = 0x63635F6D6967  # "cc_mig"
# The channel migration 0007's trigger notifies on, with the new change seq as payload.
NOTIFY_CHANNEL = "cc_changes"
PG_CONNECT_TIMEOUT_S = 5
# libpq keepalive settings: a silently dropped server connection is noticed in ~10 s.
PG_KEEPALIVES = {"keepalives": 1, "keepalives_idle": 5, "keepalives_interval": 2,
                 "keepalives_count": 3}
# File systems where SQLite must not live (Linux /proc/mounts types).
NETWORK_FS_TYPES = frozenset({
    "nfs", "nfs4", "cifs", "smb3", "smbfs", "sshfs", "fuse.sshfs", "9p", "afs", "ncpfs",
    "coda", "davfs", "fuse.davfs2", "fuse.rclone", "fuse.s3fs", "glusterfs", "fuse.glusterfs",
    "ceph", "fuse.ceph", "lustre", "gfs2", "ocfs2", "fuse.gvfsd-fuse",
})
_DRIVE_REMOTE = 4  # GetDriveTypeW: a network drive


class NetworkPathError(ValueError):
    """A SQLite file on a network share: refused (``path``, ``where`` = what gave it away)."""

    def __init__(self, path: str, where: str) -> None:
        self.path = path
        self.where = where
        super().__init__(
            f"不能把 SQLite 数据库放在网络共享上（{path}，{where}）：网络文件锁不可靠，数据库可能损坏。"
            f"请把数据库文件放在本机硬盘上，或让所有工作站连接共享的 PostgreSQL 服务器。 / "
            f"SQLite must not be used on a network share ({path}: {where}): file locking over "
            f"the network is unreliable and the database can be corrupted. Keep the file on this "
            f"computer's own disk, or connect every workstation to the shared PostgreSQL server "
            f"(--db postgresql+psycopg://user@host/db)."
        )


def _unescape_mount(field: str) -> str:
    # /proc/mounts escapes space, tab, newline and backslash as octal (\040 ...).
    out, i = [], 0
    while i < len(field):
        if field[i] == "\\" and field[i + 1:i + 4].isdigit():
            out.append(chr(int(field[i + 1:i + 4], 8)))
            i += 4
        else:
            out.append(field[i])
            i += 1
    return "".join(out)


def mount_of(path: str, mounts: str) -> tuple[str, str] | None:
    """(mount point, fs type) of the mount holding absolute POSIX ``path``; ``mounts`` is the
    text of /proc/mounts (the longest matching mount point wins, later mounts shadow earlier)."""
    best: tuple[str, str] | None = None
    for line in mounts.splitlines():
        parts = line.split()
        if len(parts) < 3:
            continue
        point, fstype = _unescape_mount(parts[1]), parts[2]
        prefix = point.rstrip("/") + "/"
        if (path == point or path.startswith(prefix) or point == "/") and (
            best is None or len(point) >= len(best[0])
        ):
            best = (point, fstype)
    return best


def _windows_drive_type(root: str) -> int:  # pragma: no cover - Windows only
    import ctypes

    return int(ctypes.windll.kernel32.GetDriveTypeW(root))  # type: ignore[attr-defined]


def check_local_path(
    path: str | PurePath,
    *,
    platform: str | None = None,
    mounts: str | None = None,
    drive_type: Callable[[str], int] | None = None,
) -> None:
    """Raise `NetworkPathError` if ``path`` (a SQLite file) is on a network share.

    ``platform`` (default ``sys.platform``), ``mounts`` (default: /proc/mounts when present) and
    ``drive_type`` (default: the Windows API) are injectable for tests. Unknown means local.
    """
    platform = platform or sys.platform
    text_path = str(path)
    unc = text_path.startswith("\\\\") or (platform == "win32" and text_path.startswith("//"))
    if unc:
        raise NetworkPathError(text_path, "UNC network path / 网络路径")
    if platform == "win32":
        drive = ntpath.splitdrive(text_path)[0]  # "C:" (UNC paths were refused above)
        if drive:
            kind = (drive_type or _windows_drive_type)(drive + "\\")
            if kind == _DRIVE_REMOTE:
                raise NetworkPathError(text_path, f"network drive {drive} / 网络驱动器")
        return
    if mounts is None:
        try:
            mounts = Path("/proc/mounts").read_text(encoding="utf-8", errors="replace")
        except OSError:
            return  # no mount table (macOS ...): nothing to go on
    found = mount_of(text_path, mounts)
    if found is not None and (found[1] in NETWORK_FS_TYPES or found[1].startswith("fuse.sshfs")):
        raise NetworkPathError(text_path, f"{found[1]} mount at {found[0]} / 网络文件系统")


def is_sqlite(url_or_name: str) -> bool:
    """True for a SQLite URL or dialect name ("sqlite", "sqlite:///x.db", "sqlite+pysqlite://")."""
    return url_or_name.split(":", 1)[0].split("+", 1)[0] == "sqlite"


def sqlite_url_for(path: str | Path) -> str:
    """The SQLAlchemy URL of a SQLite file (absolute, so the working directory never matters)."""
    return f"sqlite:///{Path(path).expanduser().resolve()}"


def sqlite_engine_kwargs(url: str) -> dict[str, Any]:
    """Extra `create_engine` arguments for a SQLite URL; creates the file's folder if missing."""
    database = make_url(url).database
    if database and database != ":memory:" and not database.startswith("file:"):
        path = Path(database).expanduser()
        check_local_path(path.resolve())
        path.parent.mkdir(parents=True, exist_ok=True)
    # pysqlite's own timeout also waits on locks; keep it equal to the PRAGMA below.
    return {"connect_args": {"timeout": BUSY_TIMEOUT_MS / 1000, "check_same_thread": False}}


def postgresql_engine_kwargs() -> dict[str, Any]:
    """Extra `create_engine` arguments for PostgreSQL (see the module docstring)."""
    return {
        # A shared server restarts and drops idle connections; check before reuse.
        "pool_pre_ping": True,
        "connect_args": {"connect_timeout": PG_CONNECT_TIMEOUT_S, **PG_KEEPALIVES},
    }


def libpq_conninfo(url: str) -> str:
    """The libpq URI of a SQLAlchemy PostgreSQL URL (for a plain psycopg connection)."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def enter_wal(dbapi_connection: sqlite3.Connection) -> None:
    """``PRAGMA journal_mode=WAL`` on a new connection, retried while the file is busy.

    Turning a rollback-journal file (a new, empty one) into WAL needs an exclusive lock. While
    another connection holds the reserved lock, SQLite refuses at once with SQLITE_BUSY and never
    calls the busy handler (its rule against deadlocks), so workstations opening a new file
    together saw "database is locked" here. Retried with a growing pause up to the busy timeout;
    any other error, or a lock held longer, is raised.
    """
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    pause = 0.002
    while True:
        try:
            dbapi_connection.execute("PRAGMA journal_mode=WAL").close()
            return
        except sqlite3.OperationalError as exc:
            busy = (getattr(exc, "sqlite_errorcode", 0) & 0xFF) == sqlite3.SQLITE_BUSY
            if not busy or time.monotonic() + pause > deadline:
                raise
        time.sleep(pause)
        pause = min(pause * 2, 0.1)


@contextmanager
def bulk_work(engine: Engine) -> Iterator[None]:
    """Bulk work (an import's batches) under way on ``engine``.

    Meanwhile a connection given a larger page cache (`raise_sqlite_cache`) keeps it across
    checkouts, so the next batch finds the index pages the last one read; once no bulk work runs,
    each such connection gets its own size back at its next checkout (`configure_sqlite`).
    """
    with _BULK_LOCK:
        _BULK[engine] = _BULK.get(engine, 0) + 1
    try:
        yield
    finally:
        with _BULK_LOCK:
            left = _BULK.pop(engine) - 1
            if left:
                _BULK[engine] = left


def raise_sqlite_cache(conn: Connection, kib: int) -> None:
    """Give this connection a page cache of ``kib`` KiB for bulk work (see `bulk_work`)."""
    info = conn.connection.info  # the pool record's: lives as long as the DBAPI connection
    if _CACHE_BEFORE not in info:
        info[_CACHE_BEFORE] = int(conn.exec_driver_sql("PRAGMA cache_size").scalar_one())
    conn.exec_driver_sql(f"PRAGMA cache_size=-{int(kib)}")


def configure_sqlite(engine: Engine) -> None:
    """Install the connect and begin hooks described in the module docstring."""

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
        # Let SQLAlchemy (the begin hook below) emit BEGIN instead of pysqlite.
        dbapi_connection.isolation_level = None
        enter_wal(dbapi_connection)
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute("PRAGMA synchronous=FULL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        finally:
            cursor.close()

    @event.listens_for(engine, "checkout")
    def _on_checkout(dbapi_connection: sqlite3.Connection, record: Any, _proxy: Any) -> None:
        # A page cache raised for bulk work that has ended: give it back (frees the pages).
        if _CACHE_BEFORE in record.info and not _BULK.get(engine):
            dbapi_connection.execute(f"PRAGMA cache_size={int(record.info[_CACHE_BEFORE])}")
            del record.info[_CACHE_BEFORE]

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        write = conn.get_execution_options().get(WRITE_OPTION, False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


def lock_for_migration(conn: Connection) -> None:
    """Serialise concurrent migrations (two workstations starting at once).

    On PostgreSQL a transaction-scoped advisory lock; on SQLite the write transaction that the
    migration runs in (``BEGIN IMMEDIATE``) already excludes every other writer.
    """
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_MIGRATION_LOCK})


def database_size_bytes(conn: Connection) -> int:
    """Size of the database: pages in use on SQLite (WAL not included), else pg_database_size."""
    if conn.dialect.name == "sqlite":
        pages = conn.exec_driver_sql("PRAGMA page_count").scalar_one()
        page_size = conn.exec_driver_sql("PRAGMA page_size").scalar_one()
        return int(pages) * int(page_size)
    if conn.dialect.name == "postgresql":
        return int(conn.execute(text("SELECT pg_database_size(current_database())")).scalar_one())
    raise NotImplementedError(f"no size query for dialect {conn.dialect.name}")


def sqlite_pragmas(conn: Connection) -> dict[str, Any]:
    """The connection settings that matter, for diagnostics and tests (SQLite only)."""
    names = ("journal_mode", "synchronous", "foreign_keys", "busy_timeout")
    return {n: conn.exec_driver_sql(f"PRAGMA {n}").scalar_one() for n in names}
