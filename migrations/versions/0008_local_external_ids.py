"""Cases' (source, external_id) unique index covers locally entered cases only (issue 6).

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-28

Imported cases are unique by (source, external_id) through ``sync_rows``' primary key, written
in the same transaction as the case by the importer, their only writer. The full index on
``cases`` repeated that constraint and, district ids arriving in any order relative to report
time, cost every imported case a random B-tree insert (about 8 s per million cases into a
1M-case store). It now covers ``source = 'local'`` only.

Runs on SQLite (inside a batch context: use op.batch_alter_table for ALTERs) and PostgreSQL.
Migrations are frozen history: use sqlalchemy types here, never import commandcenter.store.models.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | Sequence[str] | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_LOCAL = sa.text("source = 'local'")


def upgrade() -> None:
    op.drop_index("ix_cases_source_external", table_name="cases")
    op.create_index("ix_cases_source_external", "cases", ["source", "external_id"], unique=True,
                    sqlite_where=_LOCAL, postgresql_where=_LOCAL)


def downgrade() -> None:
    op.drop_index("ix_cases_source_external", table_name="cases")
    op.create_index("ix_cases_source_external", "cases", ["source", "external_id"], unique=True)
