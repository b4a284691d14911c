"""Where each database's identity key lives: outside the database, per user.

Contracts
- A database is named by its ``pii_db_id`` setting (a random id written by migration 0005, or
  on first use); its `KeySet` is stored under that id, never in the database.
- Stores: the OS keyring (`keyring`, service ``commandcenter-pii``) when a usable backend exists;
  otherwise a key file ``pii-<db_id>.json`` with mode 0600 in a 0700 folder: the ``keys`` folder of
  the per-user config dir (`settings.app_paths`; so under ``$COMMANDCENTER_HOME/config`` for tests),
  or ``$COMMANDCENTER_KEY_DIR``. With ``COMMANDCENTER_HOME`` or ``COMMANDCENTER_KEY_DIR`` set the OS
  keyring is not used unless ``COMMANDCENTER_KEYRING=1`` (tests never touch the user's keyring).
  Reading tries the keyring, then the file, so a key kept in a file before a keyring appeared is
  still found.
- `cipher_for(conn, create=...)`: the `IdentityCipher` of the database behind ``conn`` (a
  Session or Connection). A key is created only when ``create`` and the database holds no sealed
  identity yet; otherwise a missing key raises `PiiKeyError` naming the database and where the
  key was looked for. Loaded key sets are cached per (store, db id); `forget_keys()` clears that.
"""

from __future__ import annotations

import json
import logging
import os
import stat
import threading
import uuid
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Protocol

from sqlalchemy import text

from .crypto import IdentityCipher, KeySet, PiiKeyError

log = logging.getLogger(__name__)

DB_ID_SETTING = "pii_db_id"
SERVICE = "commandcenter-pii"
ENV_KEY_DIR = "COMMANDCENTER_KEY_DIR"
ENV_KEYRING = "COMMANDCENTER_KEYRING"
ENV_HOME = "COMMANDCENTER_HOME"

_cache: dict[tuple[str, str], KeySet] = {}
_lock = threading.Lock()


class KeyStore(Protocol):
    def load(self, db_id: str) -> KeySet | None: ...
    def save(self, db_id: str, keyset: KeySet) -> None: ...
    def describe(self) -> str: ...


class FileKeyStore:
    """Key sets as JSON files readable by their owner only."""

    def __init__(self, directory: Path) -> None:
        self.directory = Path(directory)

    def path(self, db_id: str) -> Path:
        if not db_id.replace("-", "").isalnum():
            raise PiiKeyError(f"unusable database id {db_id!r}")
        return self.directory / f"pii-{db_id}.json"

    def describe(self) -> str:
        return f"key file folder {self.directory}"

    def load(self, db_id: str) -> KeySet | None:
        path = self.path(db_id)
        if not path.exists():
            return None
        if os.name == "posix":
            mode = stat.S_IMODE(path.stat().st_mode)
            if mode & 0o077:
                log.warning("key file %s was readable by others (%o); restricting it to 0600",
                            path, mode)
                path.chmod(0o600)
        try:
            return KeySet.from_json(json.loads(path.read_text(encoding="utf-8")))
        except (OSError, ValueError) as exc:
            raise PiiKeyError(f"the key file {path} is unreadable ({exc})") from None

    def save(self, db_id: str, keyset: KeySet) -> None:
        self.directory.mkdir(parents=True, exist_ok=True, mode=0o700)
        path = self.path(db_id)
        tmp = path.with_suffix(f".tmp{os.getpid()}")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                json.dump(keyset.to_json(), f, indent=1)
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp, path)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise


class KeyringKeyStore:
    """Key sets in the OS keyring (Secret Service, macOS Keychain, Windows Credential Locker)."""

    def __init__(self, backend: Any = None) -> None:
        import keyring

        self.backend = backend or keyring.get_keyring()

    def describe(self) -> str:
        return f"OS keyring ({type(self.backend).__name__}, service {SERVICE})"

    def load(self, db_id: str) -> KeySet | None:
        try:
            raw = self.backend.get_password(SERVICE, db_id)
        except Exception as exc:  # a locked or vanished keyring: say so, do not guess
            raise PiiKeyError(f"the OS keyring could not be read ({exc})") from None
        return None if raw is None else KeySet.from_json(json.loads(raw))

    def save(self, db_id: str, keyset: KeySet) -> None:
        self.backend.set_password(SERVICE, db_id, json.dumps(keyset.to_json()))


class ChainKeyStore:
    """Read from each store in turn; write to the first."""

    def __init__(self, *stores: KeyStore) -> None:
        self.stores = stores

    def describe(self) -> str:
        return ", then ".join(s.describe() for s in self.stores)

    def load(self, db_id: str) -> KeySet | None:
        for store in self.stores:
            found = store.load(db_id)
            if found is not None:
                return found
        return None

    def save(self, db_id: str, keyset: KeySet) -> None:
        self.stores[0].save(db_id, keyset)


def keyring_usable() -> bool:
    """True when the `keyring` package has a real backend (not the fail/null ones)."""
    try:
        import keyring
        from keyring.backends import chainer, fail

        backend = keyring.get_keyring()
        if isinstance(backend, fail.Keyring) or "null" in type(backend).__module__:
            return False
        if isinstance(backend, chainer.ChainerBackend):
            return bool(backend.backends)
        return backend.priority > 0
    except Exception:  # no package, no D-Bus session, ...: use the key file
        return False


def key_dir(env: Mapping[str, str] | None = None) -> Path:
    env = os.environ if env is None else env
    if env.get(ENV_KEY_DIR):
        return Path(env[ENV_KEY_DIR]).expanduser()
    from commandcenter.settings import app_paths

    return app_paths(env).config_dir / "keys"


def default_store(env: Mapping[str, str] | None = None) -> KeyStore:
    """The key store this process uses (see the module contract)."""
    env = os.environ if env is None else env
    files = FileKeyStore(key_dir(env))
    isolated = bool(env.get(ENV_KEY_DIR) or env.get(ENV_HOME))
    wanted = env.get(ENV_KEYRING, "").strip() == "1" or not isolated
    if env.get(ENV_KEYRING, "").strip() == "0" or not wanted or not keyring_usable():
        return files
    return ChainKeyStore(KeyringKeyStore(), files)


def forget_keys() -> None:
    with _lock:
        _cache.clear()


def database_id(conn: Any, *, create: bool = False) -> str | None:
    """The database's ``pii_db_id`` (created in the caller's transaction when asked)."""
    found = conn.execute(text("SELECT value FROM settings WHERE key = :k"),
                         {"k": DB_ID_SETTING}).scalar()
    if found or not create:
        return found
    conn.execute(text("INSERT INTO settings (key, value) VALUES (:k, :v) ON CONFLICT (key) "
                      "DO NOTHING"), {"k": DB_ID_SETTING, "v": uuid.uuid4().hex})
    return conn.execute(text("SELECT value FROM settings WHERE key = :k"),
                        {"k": DB_ID_SETTING}).scalar_one()


def _has_sealed(conn: Any) -> bool:
    return conn.execute(text("SELECT 1 FROM reporters WHERE identity_ct IS NOT NULL LIMIT 1")
                        ).first() is not None


def cipher_for(conn: Any, *, create: bool = False, store: KeyStore | None = None) -> IdentityCipher:
    """The cipher of the database behind ``conn`` (see the module contract)."""
    store = store or default_store()
    db_id = database_id(conn, create=create)
    if db_id is None:
        raise PiiKeyError("this database has no identity key yet (nothing was ever sealed)")
    slot = (store.describe(), db_id)
    with _lock:
        keyset = _cache.get(slot)
        if keyset is None:
            keyset = store.load(db_id)
            if keyset is None:
                if not create or _has_sealed(conn):
                    raise PiiKeyError(
                        f"the identity key of database {db_id} is missing from the "
                        f"{store.describe()}: reporter identity cannot be read or written. "
                        "Restore the key (backup of the key file / keyring entry); "
                        "`commandcenter-cli pii key-info` shows where it is looked for.")
                keyset = KeySet.fresh()
                store.save(db_id, keyset)
                log.info("created the identity key %s of database %s in the %s",
                         keyset.current, db_id, store.describe())
            _cache[slot] = keyset
    return IdentityCipher(keyset, db_id)


def rotate_key(conn: Any, store: KeyStore | None = None) -> KeySet:
    """Add a new current key for this database (old rows keep their key id and stay readable)."""
    store = store or default_store()
    db_id = database_id(conn)
    current = store.load(db_id) if db_id else None
    if current is None:
        raise PiiKeyError("no identity key to rotate")
    rotated = current.rotated()
    store.save(db_id, rotated)
    with _lock:
        _cache[(store.describe(), db_id)] = rotated
    return rotated


def export_keys(conn: Any, path: Path, store: KeyStore | None = None) -> KeySet:
    """Write this database's key set to ``path`` (mode 0600) for another workstation of the same
    (PostgreSQL) database: whoever holds the file can read every reporter. Keep it offline."""
    store = store or default_store()
    db_id = database_id(conn)
    keyset = store.load(db_id) if db_id else None
    if keyset is None:
        raise PiiKeyError("this workstation has no identity key for this database to export")
    path = Path(path)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        json.dump({"database_id": db_id, "keyset": keyset.to_json()}, f, indent=1)
    return keyset


def import_keys(conn: Any, path: Path, store: KeyStore | None = None) -> KeySet:
    """Add the keys of an exported file to this workstation's store (they must belong to this
    database); the file's current key becomes current. Returns the merged set."""
    store = store or default_store()
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        theirs = KeySet.from_json(data["keyset"])
        their_db = str(data["database_id"])
    except (OSError, ValueError, KeyError, TypeError, PiiKeyError) as exc:
        raise PiiKeyError(f"{path} is not an exported identity key ({exc})") from None
    db_id = database_id(conn)
    if their_db != db_id:
        raise PiiKeyError(f"{path} holds the key of database {their_db}, not of this one ({db_id})")
    mine = store.load(db_id)
    merged = KeySet(theirs.current, {**(mine.keys if mine else {}), **theirs.keys})
    store.save(db_id, merged)
    with _lock:
        _cache[(store.describe(), db_id)] = merged
    return merged
