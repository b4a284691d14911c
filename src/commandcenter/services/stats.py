"""Store statistics for the status bar, the CLI's ``stats`` and diagnostics.

`store_stats(ctx)` returns plain JSON-ready values:

- ``dialect``: "sqlite" or "postgresql"; ``schema_revision``: the alembic revision;
- ``cases``: total; ``by_state`` / ``by_channel``: counts for every state / channel (zeros
  included, in the vocabulary's order);
- ``events``: rows in case_events; ``change_seq``: the change feed's counter;
- ``db_bytes``: the database's size (SQLite: pages in use, WAL excluded; PostgreSQL:
  ``pg_database_size``).
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


def store_stats(ctx: AppContext) -> dict[str, Any]:
    with ctx.unit_of_work() as uow:
        s = uow.session
        by_state = dict(s.execute(select(Case.state, func.count()).group_by(Case.state)).all())
        by_channel = dict(
            s.execute(select(Case.channel, func.count()).group_by(Case.channel)).all()
        )
        events = s.execute(select(func.count()).select_from(CaseEvent)).scalar_one()
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
        "db_bytes": size,
    }
