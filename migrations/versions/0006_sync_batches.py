"""Resumable import batches and reference-data sync history (issue 6).

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-28

Runs on SQLite (inside a batch context: use op.batch_alter_table for ALTERs) and PostgreSQL.
Migrations are frozen history: use sqlalchemy types here, never import commandcenter.store.models.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | Sequence[str] | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "sync_batches",
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("source", sa.String(length=32), nullable=False),
        sa.Column("profile", sa.String(length=64), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("rows_total", sa.Integer(), nullable=False),
        sa.Column("rows_done", sa.Integer(), nullable=False),
        sa.Column("batches", sa.Integer(), nullable=False),
        sa.Column("first_case_id", sa.BigInteger(), nullable=True),
        sa.Column("counts", sa.JSON(), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("sha256", name=op.f("pk_sync_batches")),
    )
    op.create_table(
        "sync_reference_changes",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("file_sha256", sa.String(length=64), nullable=False),
        sa.Column("file_name", sa.String(length=255), nullable=False),
        sa.Column("applied_at", sa.DateTime(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("action", sa.String(length=16), nullable=False),
        sa.Column("before", sa.JSON(), nullable=True),
        sa.Column("after", sa.JSON(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sync_reference_changes")),
    )
    with op.batch_alter_table("sync_reference_changes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_sync_reference_changes_file_sha256"),
                              ["file_sha256"], unique=False)
        batch_op.create_index("ix_sync_reference_changes_kind_code", ["kind", "code"],
                              unique=False)


def downgrade() -> None:
    with op.batch_alter_table("sync_reference_changes", schema=None) as batch_op:
        batch_op.drop_index("ix_sync_reference_changes_kind_code")
        batch_op.drop_index(batch_op.f("ix_sync_reference_changes_file_sha256"))
    op.drop_table("sync_reference_changes")
    op.drop_table("sync_batches")
