"""store.crypto and store.crypto_keys: sealing, blind index, key stores, missing keys."""

from __future__ import annotations

import json
import os
import stat

import pytest
from keyring.backend import KeyringBackend

from commandcenter.store import crypto_keys
from commandcenter.store.crypto import IdentityCipher, KeySet, PiiDataError, PiiKeyError


@pytest.fixture(autouse=True)
def _isolated_keys(tmp_path, monkeypatch):
    monkeypatch.setenv("COMMANDCENTER_KEY_DIR", str(tmp_path / "keys"))
    monkeypatch.delenv("COMMANDCENTER_KEYRING", raising=False)
    crypto_keys.forget_keys()
    yield
    crypto_keys.forget_keys()


def cipher(db_id: str = "db1") -> IdentityCipher:
    return IdentityCipher(KeySet.fresh(), db_id)


def test_seal_and_open_round_trip_with_missing_fields():
    c = cipher()
    blob = c.seal(7, "张三", "13812345678", None)
    assert c.open(7, blob, c.key_id) == ("张三", "13812345678", None)
    assert c.open(8, c.seal(8, None, None, "11010519491231002X"), c.key_id) == (
        None, None, "11010519491231002X")
    assert b"13812345678" not in blob and "张三".encode() not in blob


def test_ciphertext_length_hides_name_length_and_id_presence():
    c = cipher()
    sizes = {len(c.seal(1, n, "13812345678", i)) for n in ("张三", "欧阳娜娜", None)
             for i in (None, "11010519491231002X")}
    assert len(sizes) == 1
    assert c.seal(1, "张三", "13812345678", None) != c.seal(1, "张三", "13812345678", None)


def test_a_ciphertext_moved_to_another_case_or_tampered_does_not_open():
    c = cipher()
    blob = c.seal(1, "张三", "13812345678", None)
    with pytest.raises(PiiDataError, match="moved from another case"):
        c.open(2, blob, c.key_id)
    bad = bytearray(blob)
    bad[-1] ^= 1
    with pytest.raises(PiiDataError):
        c.open(1, bytes(bad), c.key_id)
    with pytest.raises(PiiDataError):  # same key, another database id
        IdentityCipher(c.keyset, "db2").open(1, blob, c.key_id)


def test_an_unknown_key_id_is_a_clear_key_error():
    c = cipher()
    blob = c.seal(1, "张三", None, None)
    with pytest.raises(PiiKeyError, match="not in this workstation's key store"):
        cipher().open(1, blob, "0123456789abcdef")


def test_blind_index_is_equal_for_equal_phones_only_and_keyed():
    c = cipher()
    a = c.phone_index("13812345678")
    assert a == c.phone_index("138 1234 5678") and len(a) == 32
    assert a != c.phone_index("13812345679")
    assert a != cipher().phone_index("13812345678")  # another key, another index
    assert c.phone_index(None) is None and c.phone_index_many(["13812345678", None]) == [a, None]


def test_rotation_keeps_old_ciphertext_readable_and_search_covers_both_keys():
    c = cipher()
    old = c.seal(1, "张三", "13812345678", None)
    rotated = IdentityCipher(c.keyset.rotated(), "db1")
    assert rotated.key_id != c.key_id
    assert rotated.open(1, old, c.key_id)[0] == "张三"
    assert c.phone_index("13812345678") in rotated.phone_indexes("13812345678")
    assert len(rotated.phone_indexes("13812345678")) == 2


def test_a_damaged_key_set_is_refused():
    good = KeySet.fresh().to_json()
    kid = good["current"]
    good["keys"][kid] = "00" * 32
    with pytest.raises(PiiKeyError, match="damaged"):
        KeySet.from_json(good)
    with pytest.raises(PiiKeyError, match="unreadable"):
        KeySet.from_json({"keys": {}})


def test_key_file_is_private_and_reloads(tmp_path):
    store = crypto_keys.FileKeyStore(tmp_path / "k")
    keyset = KeySet.fresh()
    store.save("abc123", keyset)
    path = store.path("abc123")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert store.load("abc123") == keyset and store.load("other") is None
    os.chmod(path, 0o644)
    assert store.load("abc123") == keyset
    assert stat.S_IMODE(path.stat().st_mode) == 0o600  # tightened on read
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(PiiKeyError, match="unreadable"):
        store.load("abc123")
    with pytest.raises(PiiKeyError):
        store.path("../../etc/passwd")


class MemoryKeyring(KeyringBackend):
    priority = 10

    def __init__(self):
        super().__init__()
        self.data: dict[tuple[str, str], str] = {}

    def get_password(self, service, username):
        return self.data.get((service, username))

    def set_password(self, service, username, password):
        self.data[(service, username)] = password

    def delete_password(self, service, username):
        self.data.pop((service, username), None)


def test_keyring_store_and_the_choice_of_store(tmp_path, monkeypatch):
    import keyring

    ring = MemoryKeyring()
    store = crypto_keys.KeyringKeyStore(ring)
    keyset = KeySet.fresh()
    store.save("db9", keyset)
    assert json.loads(ring.data[("commandcenter-pii", "db9")])["current"] == keyset.current
    assert store.load("db9") == keyset
    # isolated (key dir / home set): the key file, never the user's keyring
    assert isinstance(crypto_keys.default_store(), crypto_keys.FileKeyStore)
    previous = keyring.get_keyring()
    keyring.set_keyring(ring)
    try:
        env = {"COMMANDCENTER_KEY_DIR": str(tmp_path), "COMMANDCENTER_KEYRING": "1"}
        chosen = crypto_keys.default_store(env)
        assert isinstance(chosen, crypto_keys.ChainKeyStore) and "OS keyring" in chosen.describe()
        chosen.save("db10", keyset)
        assert ring.get_password("commandcenter-pii", "db10") is not None
        assert not (tmp_path / "pii-db10.json").exists()
    finally:
        keyring.set_keyring(previous)


def test_without_a_usable_keyring_the_key_file_is_used(tmp_path, monkeypatch):
    monkeypatch.setattr(crypto_keys, "keyring_usable", lambda: False)
    chosen = crypto_keys.default_store({"COMMANDCENTER_HOME": str(tmp_path),
                                        "COMMANDCENTER_KEYRING": "1"})
    assert isinstance(chosen, crypto_keys.FileKeyStore)
    assert chosen.directory == tmp_path / "config" / "keys"
