"""Early-warning alerts with acknowledgement.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28

Frozen history: plain sqlalchemy types only, never an import of commandcenter.store.models.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BIG_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
INDEXED = ("grid_code", "kind", "raised_at", "status", "street_code")


def upgrade() -> None:
    op.create_table(
        "alerts",
        sa.Column("id", BIG_ID, autoincrement=True, nullable=False),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("dedup_key", sa.String(length=200), nullable=False),
        sa.Column("object_type", sa.String(length=24), nullable=False),
        sa.Column("object_key", sa.String(length=120), nullable=False),
        sa.Column("minor_code", sa.String(length=12), nullable=True),
        sa.Column("street_code", sa.String(length=12), nullable=True),
        sa.Column("grid_code", sa.String(length=20), nullable=True),
        sa.Column("raised_at", sa.DateTime(), nullable=False),
        sa.Column("window_start", sa.DateTime(), nullable=True),
        sa.Column("window_end", sa.DateTime(), nullable=True),
        sa.Column("observed", sa.Float(), nullable=True),
        sa.Column("expected", sa.Float(), nullable=True),
        sa.Column("threshold", sa.Float(), nullable=True),
        sa.Column("severity", sa.SmallInteger(), nullable=False),
        sa.Column("detail", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("ack_by", sa.String(length=32), nullable=True),
        sa.Column("ack_at", sa.DateTime(), nullable=True),
        sa.Column("ack_note", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_alerts")),
        sa.UniqueConstraint("dedup_key", name=op.f("uq_alerts_dedup_key")),
    )
    for column in INDEXED:
        op.create_index(op.f(f"ix_alerts_{column}"), "alerts", [column], unique=False)


def downgrade() -> None:
    for column in INDEXED:
        op.drop_index(op.f(f"ix_alerts_{column}"), table_name="alerts")
    op.drop_table("alerts")
