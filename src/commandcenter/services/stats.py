"""Store statistics for the status bar, the CLI's ``stats`` and diagnostics.

`store_stats(ctx)` returns plain JSON-ready values:

- ``dialect``: "sqlite" or "postgresql"; ``schema_revision``: the alembic revision;
- ``cases``: total; ``by_state`` / ``by_channel``: counts for every state / channel (zeros
  included, in the vocabulary's order);
- ``events``: rows in case_events; ``change_seq``: the change feed's counter;
- ``db_bytes``: the database's size (SQLite: pages in use, WAL excluded; PostgreSQL:
  ``pg_database_size``).

Scope (issue 8): with a signed-in principal that does not see the whole district
(``ctx.principal``, a unit or street scope), ``cases``, ``by_state``, ``by_channel`` and
``events`` count only the cases in its scope (and their events), through
`kpi_rows.scope_clause`; ``scoped`` is True then. The store-wide figures (``change_seq``,
``db_bytes``, the schema revision) stay as they are: they say nothing about cases.
"""

from __future__ import annotations

from typing import Any

from alembic.runtime.migration import MigrationContext
from sqlalchemy import func, select

from commandcenter.domain.vocabulary import Channel, State
from commandcenter.store import seq
from commandcenter.store.dialect import database_size_bytes
from commandcenter.store.models import Case, CaseEvent

from .context import AppContext
from .kpi_rows import scope_clause


def store_stats(ctx: AppContext) -> dict[str, Any]:
    scope = scope_clause(getattr(ctx, "principal", None))
    state_q = select(Case.state, func.count()).group_by(Case.state)
    channel_q = select(Case.channel, func.count()).group_by(Case.channel)
    events_q = select(func.count()).select_from(CaseEvent)
    if scope is not None:
        state_q, channel_q = state_q.where(scope), channel_q.where(scope)
        events_q = events_q.where(CaseEvent.case_id.in_(select(Case.id).where(scope)))
    with ctx.unit_of_work() as uow:
        s = uow.session
        by_state = dict(s.execute(state_q).all())
        by_channel = dict(s.execute(channel_q).all())
        events = s.execute(events_q).scalar_one()
        change_seq = seq.current_value(s)
        conn = s.connection()
        size = database_size_bytes(conn)
        revision = MigrationContext.configure(conn).get_current_revision()
    states = {st.value: int(by_state.pop(st.value, 0)) for st in State}
    channels = {ch.value: int(by_channel.pop(ch.value, 0)) for ch in Channel}
    # Values outside the vocabulary (an import gone wrong) still show rather than vanish.
    states.update({str(k): int(v) for k, v in by_state.items()})
    channels.update({str(k): int(v) for k, v in by_channel.items()})
    return {
        "dialect": ctx.dialect_name,
        "schema_revision": revision,
        "cases": sum(states.values()),
        "by_state": states,
        "by_channel": channels,
        "events": int(events),
        "change_seq": change_seq,
        "scoped": scope is not None,
        "db_bytes": size,
    }
