"""SQLite on a network share is refused with a clear message; local paths pass."""

from __future__ import annotations

import pytest

from commandcenter.store import dialect
from commandcenter.store.dialect import NetworkPathError, check_local_path, mount_of
from commandcenter.store.engine import make_engine, sqlite_url_for

MOUNTS = """\
/dev/sda1 / ext4 rw,relatime 0 0
proc /proc proc rw 0 0
tmpfs /tmp tmpfs rw 0 0
server:/export /mnt/nfs nfs4 rw,vers=4.2 0 0
//nas/share /mnt/smb cifs rw,vers=3.0 0 0
//nas/other /mnt/smb3 smb3 rw 0 0
user@host:/home /home/op/remote fuse.sshfs rw,nosuid 0 0
drvfs /mnt/c 9p rw 0 0
/dev/sdb1 /mnt/nfs/local\\040disk ext4 rw 0 0
"""


@pytest.mark.parametrize(
    ("path", "fstype"),
    [
        ("/mnt/nfs/centre/cc.sqlite3", "nfs4"),
        ("/mnt/smb/cc.sqlite3", "cifs"),
        ("/mnt/smb3/a/b/cc.sqlite3", "smb3"),
        ("/home/op/remote/cc.sqlite3", "fuse.sshfs"),
        ("/mnt/c/Users/op/cc.sqlite3", "9p"),
    ],
)
def test_linux_network_mounts_are_refused(path, fstype):
    with pytest.raises(NetworkPathError) as info:
        check_local_path(path, platform="linux", mounts=MOUNTS)
    message = str(info.value)
    assert fstype in message and path in message
    assert "网络共享" in message and "network share" in message and "PostgreSQL" in message


@pytest.mark.parametrize(
    "path",
    ["/home/op/cc.sqlite3", "/tmp/cc.sqlite3", "/mnt/smbx/cc.sqlite3",  # a prefix is not a mount
     "/mnt/nfs/local disk/cc.sqlite3"],  # a local disk mounted inside the NFS tree (escaped)
)
def test_local_linux_paths_pass(path):
    check_local_path(path, platform="linux", mounts=MOUNTS)


def test_mount_lookup_takes_the_longest_mount_point():
    assert mount_of("/mnt/nfs/x", MOUNTS) == ("/mnt/nfs", "nfs4")
    assert mount_of("/mnt/nfs/local disk/x", MOUNTS) == ("/mnt/nfs/local disk", "ext4")
    assert mount_of("/var/x", MOUNTS) == ("/", "ext4")


@pytest.mark.parametrize("path", [r"\\server\share\cc.sqlite3", "//server/share/cc.sqlite3",
                                  r"\\?\UNC\server\share\cc.sqlite3"])
def test_windows_unc_paths_are_refused(path):
    with pytest.raises(NetworkPathError, match="UNC"):
        check_local_path(path, platform="win32", drive_type=lambda root: 3)


def test_windows_network_drive_is_refused_and_a_fixed_disk_passes():
    kinds = {"Z:\\": 4, "C:\\": 3}  # DRIVE_REMOTE, DRIVE_FIXED
    with pytest.raises(NetworkPathError, match="Z:"):
        check_local_path(r"Z:\centre\cc.sqlite3", platform="win32", drive_type=kinds.__getitem__)
    check_local_path(r"C:\Users\op\cc.sqlite3", platform="win32", drive_type=kinds.__getitem__)


def test_a_unc_path_is_refused_on_linux_too():
    with pytest.raises(NetworkPathError):
        check_local_path(r"\\server\share\cc.sqlite3", platform="linux", mounts=MOUNTS)


def test_make_engine_refuses_a_sqlite_file_on_a_network_mount(tmp_path, monkeypatch):
    """The real start-up path: the engine consults the mount table before creating anything."""
    share = tmp_path / "share"
    table = f"/dev/sda1 / ext4 rw 0 0\nnas:/x {share} nfs rw 0 0\n"
    real = dialect.check_local_path
    monkeypatch.setattr(dialect, "check_local_path",
                        lambda p, **kw: real(p, platform="linux", mounts=table))
    with pytest.raises(NetworkPathError):
        make_engine(sqlite_url_for(share / "sub" / "cc.sqlite3"))
    assert not (share / "sub").exists()  # refused before anything was created
    engine = make_engine(sqlite_url_for(tmp_path / "local" / "cc.sqlite3"))
    engine.dispose()


def test_this_machines_temporary_folder_is_local(tmp_path):
    check_local_path(tmp_path / "cc.sqlite3")  # the real mount table (or none)
