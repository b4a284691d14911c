"""Live updates between workstations: PostgreSQL NOTIFY on commit (issue 7).

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-28

On PostgreSQL a row trigger on ``counters`` sends ``pg_notify('cc_changes', <new change seq>)``
whenever a writer takes the next change sequence (every write to a case does, see
``store/seq.py``). NOTIFY is transactional: listeners get it only when the writing transaction
commits, and never for a rolled-back one. A trigger rather than code in the unit of work, so
every writer (services, importers, a psql session) announces its changes.

The notification is a hint; the change sequence stays the truth (a listener that missed
notifications while disconnected resyncs "changed since N"). SQLite has no NOTIFY: nothing to do
there, its workstations poll.

Runs on SQLite (inside a batch context: use op.batch_alter_table for ALTERs) and PostgreSQL.
Migrations are frozen history: use sqlalchemy types here, never import commandcenter.store.models.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0007"
down_revision: str | Sequence[str] | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Frozen copies of store.dialect.NOTIFY_CHANNEL / CHANGE_SEQ as of this revision.
_CHANNEL = "cc_changes"


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(
        f"""
        CREATE FUNCTION cc_notify_change() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            PERFORM pg_notify('{_CHANNEL}', NEW.value::text);
            RETURN NULL;
        END
        $$
        """
    )
    op.execute(
        "CREATE TRIGGER cc_notify_change AFTER UPDATE ON counters FOR EACH ROW "
        "WHEN (NEW.name = 'change_seq') EXECUTE FUNCTION cc_notify_change()"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP TRIGGER IF EXISTS cc_notify_change ON counters")
    op.execute("DROP FUNCTION IF EXISTS cc_notify_change()")
