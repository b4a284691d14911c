"""Column-wise reads through the DBAPI cursor equal what the ORM reads (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import datetime

import numpy as np
import pandas as pd
import pytest
from sqlalchemy import select

from commandcenter.analytics import build_event_frame
from commandcenter.services import kpi
from commandcenter.services.kpi_rows import read_frame
from commandcenter.store.models import Case, CaseEvent

NOW = datetime(2024, 5, 22, 16, 30)


@pytest.fixture
def seeded(ctx):
    from commandcenter.demo import build_demo

    ctx.now = lambda: NOW
    build_demo(ctx, cases=120, now=NOW)
    return ctx


def test_read_frame_types_columns_like_the_orm(seeded):
    stmt = select(Case.id, Case.state, Case.lon, Case.reported_at, Case.closed_at, Case.forced,
                  Case.lead_unit).order_by(Case.id)
    with seeded.unit_of_work() as uow:
        fast = read_frame(uow.session, stmt, times=("reported_at", "closed_at"), bools=("forced",))
        slow = uow.session.execute(stmt).all()
    assert list(fast.columns) == ["id", "state", "lon", "reported_at", "closed_at", "forced", "lead_unit"]
    assert fast["id"].dtype == np.int64 and fast["id"].tolist() == [r.id for r in slow]
    assert fast["state"].tolist() == [r.state for r in slow]
    assert fast["lon"].dtype == np.float64
    assert np.allclose(fast["lon"].to_numpy(), [np.nan if r.lon is None else r.lon for r in slow], equal_nan=True)
    assert fast["reported_at"].dtype == "datetime64[us]"
    assert [t.to_pydatetime() for t in fast["reported_at"]] == [r.reported_at for r in slow]
    closed = [None if pd.isna(t) else t.to_pydatetime() for t in fast["closed_at"]]
    assert closed == [r.closed_at for r in slow] and None in closed  # NULL -> NaT
    assert fast["forced"].dtype == "boolean" and fast["forced"].tolist() == [r.forced for r in slow]
    assert [None if pd.isna(v) else v for v in fast["lead_unit"]] == [r.lead_unit for r in slow]


def test_event_frame_from_the_cursor_equals_the_frame_from_orm_rows(seeded):
    """The fast path (payload text only for carrying actions, parsed once) derives the same
    columns as parsing every full payload of ORM rows."""
    e = CaseEvent
    with seeded.unit_of_work() as uow:
        fast = kpi._read_events(uow.session, kpi._event_select(), seeded)
        rows = uow.session.execute(select(e.case_id, e.seq, e.action, e.from_state, e.to_state,
                                          e.actor_id, e.role, e.unit_code, e.at, e.payload)).all()
    slow = build_event_frame([tuple(r) for r in rows], calendar=seeded.calendar,
                             columns=("case_id", "seq", "action", "from_state", "to_state",
                                      "actor_id", "role", "unit_code", "at", "payload"))
    assert len(fast) == len(slow) > 500
    assert list(fast.columns) == list(slow.columns)
    for column in fast.columns:
        a, b = fast[column], slow[column]
        if isinstance(a.dtype, pd.CategoricalDtype):
            a, b = a.astype(object), b.astype(object)
        same = (a.isna() & b.isna()) | (a == b)
        assert bool(same.all()), column
    assert fast["handle_deadline"].notna().sum() > 50  # the payload was really read
    assert fast["lead_unit"].notna().sum() > 50


def test_empty_result_keeps_columns_and_types(seeded):
    stmt = select(Case.id, Case.reported_at).where(Case.id < 0)
    with seeded.unit_of_work() as uow:
        frame = read_frame(uow.session, stmt, times=("reported_at",))
        events = kpi._read_events(uow.session, kpi._event_select().where(CaseEvent.case_id < 0), seeded)
    assert list(frame.columns) == ["id", "reported_at"] and len(frame) == 0
    assert frame["reported_at"].dtype == "datetime64[us]"
    assert len(events) == 0 and events["at"].dtype == "datetime64[us]"
