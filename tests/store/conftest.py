"""Store fixtures: a session factory on the migrated test database and a way to add cases."""

from __future__ import annotations

from datetime import datetime

import pytest

from commandcenter.domain.case import Actor
from commandcenter.domain.commands import Screen
from commandcenter.domain.lifecycle import Lifecycle
from commandcenter.domain.vocabulary import Channel, Role
from commandcenter.store.engine import make_session_factory
from commandcenter.store.records import CaseContent, CreatedCase, ReporterRecord
from commandcenter.store.uow import UnitOfWork

CENTRE = "QZX"
T0 = datetime(2024, 3, 4, 9, 0)  # a Monday, inside duty time
INTAKE = Actor("u-intake", Role.INTAKE_OPERATOR, CENTRE)


@pytest.fixture(scope="session")
def lifecycle() -> Lifecycle:
    return Lifecycle()


@pytest.fixture
def session_factory(db_engine):
    return make_session_factory(db_engine)


@pytest.fixture
def add_case(session_factory, lifecycle):
    """add_case(title=..., at=..., reporter=...) -> CreatedCase: a screened case (PENDING_ACCEPT)."""

    def add(title: str = "case", at: datetime = T0, reporter: ReporterRecord | None = None,
            channel: Channel = Channel.HOTLINE_12345) -> CreatedCase:
        reported = lifecycle.report(channel, CENTRE, INTAKE, at)
        screened = lifecycle.apply(reported.case, Screen(), Actor.system(), at)
        with UnitOfWork(session_factory, write=True) as uow:
            return uow.cases.create(CaseContent(title=title), screened.case,
                                    reported.events + screened.events, reporter)

    return add
