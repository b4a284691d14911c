"""Small read-only queries behind the shell's overview areas (KPI chart, status).

Contracts
- Every function is a plain query: it opens its own unit of work, returns numpy arrays or plain
  values, never ORM objects, and may run on any thread (the GUI calls it on its DB worker).
- `cases_per_day` counts cases by the calendar day of `reported_at` (the centre's local time),
  over the `days` days ending on `until` (default: the latest reported day in the store, so a
  historical demo still shows its data); days without cases are present with a count of 0.
- Scope (issue 8): with a signed-in principal of a unit or street scope (``ctx.principal``)
  `cases_per_day` counts only the cases in its scope (`kpi_rows.scope_clause`), and the default
  ``until`` is the latest day of those cases.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

import numpy as np
from sqlalchemy import Date, cast, func, select

from commandcenter.services.kpi_rows import scope_clause
from commandcenter.store.models import Case

if TYPE_CHECKING:
    from commandcenter.services.context import AppContext

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class DailyCounts:
    """Cases per day: `days` as numpy datetime64[D], `counts` as int64, same length."""

    days: np.ndarray
    counts: np.ndarray

    @property
    def total(self) -> int:
        return int(self.counts.sum())


def _day_expr(dialect_name: str) -> Any:
    # CAST(... AS DATE) on SQLite gives a number (numeric affinity), so use date() there.
    if dialect_name == "sqlite":
        return func.date(Case.reported_at)
    return cast(Case.reported_at, Date)


def _as_date(value: Any) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def cases_per_day(ctx: AppContext, days: int = 60, until: date | None = None) -> DailyCounts:
    """Reported cases per day over `days` days ending on `until` (inclusive)."""
    if days < 1:
        raise ValueError("days must be at least 1")
    scope = scope_clause(getattr(ctx, "principal", None))
    latest_q = select(func.max(Case.reported_at))
    if scope is not None:
        latest_q = latest_q.where(scope)
    with ctx.unit_of_work() as uow:
        session = uow.session
        if until is None:
            latest = session.scalar(latest_q)
            until = _as_date(latest) if latest is not None else date.today()
        first = until - timedelta(days=days - 1)
        day = _day_expr(ctx.dialect_name)
        stmt = (select(day, func.count())
                .where(Case.reported_at >= datetime.combine(first, datetime.min.time()))
                .where(Case.reported_at < datetime.combine(until + timedelta(days=1),
                                                           datetime.min.time()))
                .group_by(day))
        if scope is not None:
            stmt = stmt.where(scope)
        rows = session.execute(stmt).all()
    axis = np.arange(np.datetime64(first, "D"), np.datetime64(until, "D") + 1)
    counts = np.zeros(len(axis), dtype=np.int64)
    for value, count in rows:
        counts[(np.datetime64(_as_date(value), "D") - axis[0]).astype(int)] = count
    return DailyCounts(axis, counts)


def schema_revision(ctx: AppContext) -> str | None:
    """The alembic revision the database is at (None for an empty database)."""
    from commandcenter.store.migrate import current_revision

    return current_revision(ctx.engine)


def unit_name(ctx: AppContext, code: str) -> str:
    """The display name of a unit of the organisation, or the code itself if it is unknown."""
    try:
        return ctx.organisation.unit(code).name
    except (LookupError, ValueError):
        return code
