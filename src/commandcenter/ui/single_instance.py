"""One running program per user and database: a second start hands over to the first and exits.

Contracts
- `server_name(db_url, user=None)`: a short local-socket name derived from a hash of the user
  name and the database URL (stable across runs; no path or password in it; at most 40 chars
  so it stays valid on every platform).
- `SingleInstance(name)`: `acquire()` returns True when this process is the first: it then
  listens on the name and emits `sig_activate` each time another start sends "activate".
  It returns False when another live process owns the name; `activate_existing()` sent
  "activate" to it already. A socket left behind by a crashed process (nobody answers) is
  removed and taken over. `release()` stops listening (also on destruction).
- The main window connects `sig_activate` to `bring_to_front`.
"""

from __future__ import annotations

import getpass
import hashlib
import logging

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

from commandcenter import APP_NAME

log = logging.getLogger(__name__)

MESSAGE = b"activate\n"
CONNECT_TIMEOUT_MS = 500
READ_TIMEOUT_MS = 300


def server_name(db_url: str, user: str | None = None) -> str:
    if user is None:
        try:
            user = getpass.getuser()
        except Exception:  # no login name (some services): still one instance per database
            user = ""
    digest = hashlib.sha256(f"{user}\0{db_url}".encode()).hexdigest()[:24]
    return f"{APP_NAME}-{digest}"


class SingleInstance(QObject):
    sig_activate = Signal()

    def __init__(self, name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = name
        self.server: QLocalServer | None = None

    def activate_existing(self) -> bool:
        """Send "activate" to a running owner of the name; False when nobody answers."""
        socket = QLocalSocket()
        socket.connectToServer(self.name)
        if not socket.waitForConnected(CONNECT_TIMEOUT_MS):
            return False
        socket.write(MESSAGE)
        socket.flush()
        socket.waitForBytesWritten(CONNECT_TIMEOUT_MS)
        socket.disconnectFromServer()
        return True

    def acquire(self) -> bool:
        """Become the owner (True), or notify the running owner (False)."""
        if self.activate_existing():
            log.info("another instance runs on this database; asked it to come forward")
            return False
        server = QLocalServer(self)
        server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        if not server.listen(self.name):
            # A stale socket file from a crashed run (nobody answered above): remove and retry.
            QLocalServer.removeServer(self.name)
            if not server.listen(self.name):
                log.warning("single-instance socket %s unavailable: %s", self.name,
                            server.errorString())
                return True  # better two windows than none
        server.newConnection.connect(self._on_connection)
        self.server = server
        return True

    def _on_connection(self) -> None:
        # Read synchronously (at most READ_TIMEOUT_MS): the other start writes its one line
        # right after connecting, and no socket object outlives this slot.
        assert self.server is not None
        while self.server.hasPendingConnections():
            socket = self.server.nextPendingConnection()
            data = b""
            if socket.bytesAvailable() or socket.waitForReadyRead(READ_TIMEOUT_MS):
                data = bytes(socket.readAll())
            socket.abort()
            socket.deleteLater()
            if b"activate" in data:
                self.sig_activate.emit()

    def release(self) -> None:
        if self.server is not None:
            self.server.close()
            self.server.deleteLater()
            self.server = None
