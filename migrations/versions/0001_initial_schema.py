"""Initial schema: organisation, catalogue mirror, cases, reporters, events, counters, settings.

Revision ID: 0001
Revises:
Create Date: 2026-11-28

Besides the tables of commandcenter.store.models (as they were at this revision), it installs
triggers that refuse UPDATE and DELETE on case_events (the history is immutable, DOMAIN.md §3) and
seeds the counters row "change_seq" = 0.

Frozen history: plain sqlalchemy types only, never an import of commandcenter.store.models.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# BIGINT ids that stay INTEGER PRIMARY KEY (rowid aliases, autoincrementing) on SQLite.
BIG_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")

TABLES_IN_DEPENDENCY_ORDER = (
    "categories",
    "counters",
    "settings",
    "streets",
    "communities",
    "units",
    "grids",
    "people",
    "cases",
    "grid_assignments",
    "case_events",
    "reporters",
)

_IMMUTABLE = "case_events are immutable"


def upgrade() -> None:
    _create_tables()
    _protect_events()
    # The change feed's counter (see commandcenter.store.seq).
    op.execute(sa.text("INSERT INTO counters (name, value) VALUES ('change_seq', 0)"))


def _create_tables() -> None:
    op.create_table(
        "categories",
        sa.Column("code", sa.String(length=12), nullable=False),
        sa.Column("major_code", sa.String(length=4), nullable=False),
        sa.Column("major_name", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=96), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_categories")),
    )
    op.create_index(op.f("ix_categories_major_code"), "categories", ["major_code"], unique=False)

    op.create_table(
        "counters",
        sa.Column("name", sa.String(length=32), nullable=False),
        sa.Column("value", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_counters")),
    )
    op.create_table(
        "settings",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_settings")),
    )
    op.create_table(
        "streets",
        sa.Column("code", sa.String(length=12), nullable=False),
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("area_km2", sa.Float(), nullable=True),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_streets")),
    )
    op.create_table(
        "communities",
        sa.Column("code", sa.String(length=15), nullable=False),
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("street_code", sa.String(length=12), nullable=False),
        sa.Column("area_km2", sa.Float(), nullable=True),
        sa.ForeignKeyConstraint(
            ["street_code"], ["streets.code"], name=op.f("fk_communities_street_code_streets")
        ),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_communities")),
    )
    op.create_index(
        op.f("ix_communities_street_code"), "communities", ["street_code"], unique=False
    )

    op.create_table(
        "units",
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=96), nullable=False),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("street_code", sa.String(length=12), nullable=True),
        sa.Column("parent_code", sa.String(length=32), nullable=True),
        sa.Column("team", sa.String(length=24), nullable=True),
        sa.ForeignKeyConstraint(
            ["street_code"], ["streets.code"], name=op.f("fk_units_street_code_streets")
        ),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_units")),
    )
    op.create_index(op.f("ix_units_kind"), "units", ["kind"], unique=False)
    op.create_index(op.f("ix_units_street_code"), "units", ["street_code"], unique=False)

    op.create_table(
        "grids",
        sa.Column("code", sa.String(length=20), nullable=False),
        sa.Column("name", sa.String(length=96), nullable=False),
        sa.Column("layer", sa.String(length=16), nullable=False),
        sa.Column("site_kind", sa.String(length=24), nullable=True),
        sa.Column("community_code", sa.String(length=15), nullable=False),
        sa.Column("street_code", sa.String(length=12), nullable=False),
        sa.Column("area_class", sa.String(length=1), nullable=False),
        sa.Column("area_km2", sa.Float(), nullable=True),
        sa.Column("centroid_lon", sa.Float(), nullable=True),
        sa.Column("centroid_lat", sa.Float(), nullable=True),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("valid_to", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["community_code"],
            ["communities.code"],
            name=op.f("fk_grids_community_code_communities"),
        ),
        sa.ForeignKeyConstraint(
            ["street_code"], ["streets.code"], name=op.f("fk_grids_street_code_streets")
        ),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_grids")),
    )
    op.create_index(op.f("ix_grids_community_code"), "grids", ["community_code"], unique=False)
    op.create_index(op.f("ix_grids_street_code"), "grids", ["street_code"], unique=False)

    op.create_table(
        "people",
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("role", sa.String(length=24), nullable=False),
        sa.Column("unit_code", sa.String(length=32), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["unit_code"], ["units.code"], name=op.f("fk_people_unit_code_units")
        ),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_people")),
    )
    op.create_index(op.f("ix_people_role"), "people", ["role"], unique=False)
    op.create_index(op.f("ix_people_unit_code"), "people", ["unit_code"], unique=False)

    op.create_table(
        "cases",
        sa.Column("id", BIG_ID, autoincrement=True, nullable=False),
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("source", sa.String(length=32), nullable=False),
        sa.Column("external_id", sa.String(length=64), nullable=True),
        sa.Column("channel", sa.String(length=24), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("address", sa.String(length=200), nullable=False),
        sa.Column("lon", sa.Float(), nullable=True),
        sa.Column("lat", sa.Float(), nullable=True),
        sa.Column("street_code", sa.String(length=12), nullable=True),
        sa.Column("community_code", sa.String(length=15), nullable=True),
        sa.Column("grid_code", sa.String(length=20), nullable=True),
        sa.Column("outside_district", sa.Boolean(), nullable=False),
        sa.Column("priority", sa.SmallInteger(), nullable=False),
        sa.Column("duplicates_count", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=24), nullable=False),
        sa.Column("owner_centre", sa.String(length=32), nullable=False),
        sa.Column("level", sa.String(length=16), nullable=False),
        sa.Column("lead_unit", sa.String(length=32), nullable=True),
        sa.Column("lead_is_centre", sa.Boolean(), nullable=False),
        sa.Column("co_handlers", sa.JSON(), nullable=False),
        sa.Column("lead_chain", sa.JSON(), nullable=False),
        sa.Column("centre_chain", sa.JSON(), nullable=False),
        sa.Column("hung_from", sa.String(length=24), nullable=True),
        sa.Column("hang_requested", sa.Boolean(), nullable=False),
        sa.Column("extension_requested", sa.String(length=32), nullable=True),
        sa.Column("return_to_judge", sa.Boolean(), nullable=False),
        sa.Column("whistle", sa.JSON(), nullable=True),
        sa.Column("parent_id", BIG_ID, nullable=True),
        sa.Column("minor_code", sa.String(length=12), nullable=True),
        sa.Column("condition_id", sa.String(length=24), nullable=True),
        sa.Column("area_class", sa.String(length=1), nullable=True),
        sa.Column("emergency", sa.Boolean(), nullable=False),
        sa.Column("handle_limit", sa.String(length=32), nullable=True),
        sa.Column("supervision_level", sa.SmallInteger(), nullable=False),
        sa.Column("rework_count", sa.SmallInteger(), nullable=False),
        sa.Column("return_count", sa.SmallInteger(), nullable=False),
        sa.Column("redo_count", sa.SmallInteger(), nullable=False),
        sa.Column("reopen_count", sa.SmallInteger(), nullable=False),
        sa.Column("callback_attempts", sa.SmallInteger(), nullable=False),
        sa.Column("forced", sa.Boolean(), nullable=False),
        sa.Column("reported_at", sa.DateTime(), nullable=False),
        sa.Column("registered_at", sa.DateTime(), nullable=True),
        sa.Column("dispatched_at", sa.DateTime(), nullable=True),
        sa.Column("handled_at", sa.DateTime(), nullable=True),
        sa.Column("closed_at", sa.DateTime(), nullable=True),
        sa.Column("stage_clock", sa.JSON(), nullable=True),
        sa.Column("handle_clock", sa.JSON(), nullable=True),
        sa.Column("due_start", sa.DateTime(), nullable=True),
        sa.Column("due_at", sa.DateTime(), nullable=True),
        sa.Column("clock_paused", sa.Boolean(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_seq", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["community_code"],
            ["communities.code"],
            name=op.f("fk_cases_community_code_communities"),
        ),
        sa.ForeignKeyConstraint(
            ["grid_code"], ["grids.code"], name=op.f("fk_cases_grid_code_grids")
        ),
        sa.ForeignKeyConstraint(["parent_id"], ["cases.id"], name=op.f("fk_cases_parent_id_cases")),
        sa.ForeignKeyConstraint(
            ["street_code"], ["streets.code"], name=op.f("fk_cases_street_code_streets")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cases")),
        sa.UniqueConstraint("code", name=op.f("uq_cases_code")),
    )
    op.create_index("ix_cases_grid_code", "cases", ["grid_code"], unique=False)
    op.create_index("ix_cases_lead_unit", "cases", ["lead_unit"], unique=False)
    op.create_index("ix_cases_reported_at", "cases", ["reported_at"], unique=False)
    op.create_index("ix_cases_source_external", "cases", ["source", "external_id"], unique=True)
    op.create_index("ix_cases_state_street", "cases", ["state", "street_code"], unique=False)
    op.create_index("ix_cases_updated_seq", "cases", ["updated_seq"], unique=False)

    op.create_table(
        "grid_assignments",
        sa.Column("id", BIG_ID, autoincrement=True, nullable=False),
        sa.Column("grid_code", sa.String(length=20), nullable=False),
        sa.Column("person_code", sa.String(length=32), nullable=False),
        sa.Column("is_leader", sa.Boolean(), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("valid_to", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["grid_code"], ["grids.code"], name=op.f("fk_grid_assignments_grid_code_grids")
        ),
        sa.ForeignKeyConstraint(
            ["person_code"], ["people.code"], name=op.f("fk_grid_assignments_person_code_people")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_grid_assignments")),
    )
    op.create_index(
        op.f("ix_grid_assignments_grid_code"), "grid_assignments", ["grid_code"], unique=False
    )
    op.create_index(
        op.f("ix_grid_assignments_person_code"), "grid_assignments", ["person_code"], unique=False
    )

    op.create_table(
        "case_events",
        sa.Column("id", BIG_ID, autoincrement=True, nullable=False),
        sa.Column("case_id", BIG_ID, nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("action", sa.String(length=32), nullable=False),
        sa.Column("from_state", sa.String(length=24), nullable=True),
        sa.Column("to_state", sa.String(length=24), nullable=False),
        sa.Column("actor_id", sa.String(length=32), nullable=False),
        sa.Column("role", sa.String(length=24), nullable=False),
        sa.Column("unit_code", sa.String(length=32), nullable=True),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_case_events_case_id_cases")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_events")),
    )
    op.create_index("ix_case_events_at", "case_events", ["at"], unique=False)
    op.create_index("ix_case_events_case_id", "case_events", ["case_id", "id"], unique=False)
    op.create_index("ix_case_events_seq", "case_events", ["seq"], unique=False)

    op.create_table(
        "reporters",
        sa.Column("id", BIG_ID, autoincrement=True, nullable=False),
        sa.Column("case_id", BIG_ID, nullable=False),
        sa.Column("name", sa.String(length=64), nullable=True),
        sa.Column("phone", sa.String(length=32), nullable=True),
        sa.Column("id_number", sa.String(length=32), nullable=True),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_reporters_case_id_cases"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reporters")),
    )
    op.create_index(op.f("ix_reporters_case_id"), "reporters", ["case_id"], unique=False)


def _protect_events() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            f"""
            CREATE FUNCTION case_events_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                RAISE EXCEPTION '{_IMMUTABLE}' USING ERRCODE = 'integrity_constraint_violation';
            END
            $$
            """
        )
        op.execute(
            "CREATE TRIGGER case_events_immutable BEFORE UPDATE OR DELETE ON case_events "
            "FOR EACH ROW EXECUTE FUNCTION case_events_immutable()"
        )
    else:
        for verb in ("update", "delete"):
            op.execute(
                f"CREATE TRIGGER case_events_no_{verb} BEFORE {verb.upper()} ON case_events "
                f"BEGIN SELECT RAISE(ABORT, '{_IMMUTABLE}'); END"
            )


def _unprotect_events() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS case_events_immutable ON case_events")
        op.execute("DROP FUNCTION IF EXISTS case_events_immutable()")
    else:
        for verb in ("update", "delete"):
            op.execute(f"DROP TRIGGER IF EXISTS case_events_no_{verb}")


def downgrade() -> None:
    _unprotect_events()
    for table in reversed(TABLES_IN_DEPENDENCY_ORDER):
        op.drop_table(table)
