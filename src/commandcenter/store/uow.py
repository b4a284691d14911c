"""The unit of work: one Session, one transaction, commit on success, roll back on error.

    with UnitOfWork(session_factory, write=True) as uow:
        record = uow.cases.get(case_id)
        uow.cases.save_transition(...)
    # committed here; an exception inside the block rolls everything back and propagates

Contracts
- One unit of work = one database transaction, begun on entry. ``write=True`` marks the
  connection as a writer: on SQLite the write lock is taken on entry (see `dialect`), waiting
  up to the busy timeout, so the unit never fails half-way on a lock upgrade; on PostgreSQL it
  changes nothing. Use ``write=False`` only for pure reads.
- Leaving the block normally commits (read units too: there is nothing to lose); leaving it by
  an exception rolls back and re-raises. The session is closed either way.
- Repositories hand out detached records, so nothing obtained from a unit of work touches the
  database after it ends. A unit of work is used by one thread only (a fresh one per task).
"""

from __future__ import annotations

from types import TracebackType

from sqlalchemy.orm import Session, sessionmaker

from .dialect import WRITE_OPTION
from .reference import OrgRepository, SettingsRepository
from .repository import CaseRepository


class UnitOfWork:
    session: Session
    cases: CaseRepository
    org: OrgRepository
    settings: SettingsRepository

    def __init__(self, session_factory: sessionmaker[Session], *, write: bool = False) -> None:
        self._factory = session_factory
        self.write = write
        self._open = False

    def __enter__(self) -> UnitOfWork:
        if self._open:
            raise RuntimeError("a unit of work is not re-entrant; open a new one")
        self.session = self._factory()
        try:
            # Procure the connection now: the transaction (and SQLite's write lock) starts here.
            self.session.connection(execution_options={WRITE_OPTION: True} if self.write else None)
        except BaseException:
            self.session.close()
            raise
        self._open = True
        self.cases = CaseRepository(self.session)
        self.org = OrgRepository(self.session)
        self.settings = SettingsRepository(self.session)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        try:
            if exc_type is None:
                self.session.commit()
            else:
                self.session.rollback()
        finally:
            self.session.close()
            self._open = False
