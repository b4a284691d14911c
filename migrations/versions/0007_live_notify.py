"""Live updates between workstations: PostgreSQL NOTIFY on commit (issue 7).

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-28

Runs on SQLite (inside a batch context: use op.batch_alter_table for ALTERs) and PostgreSQL.
Migrations are frozen history: use sqlalchemy types here, never import commandcenter.store.models.
"""

from collections.abc import Sequence

revision: str = "0007"
down_revision: str | Sequence[str] | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
