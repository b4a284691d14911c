"""Reporter identity encrypted at rest (issue 8).

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-28

``reporters`` loses its plaintext ``name``, ``phone`` and ``id_number`` and gains ``identity_ct``
(one AES-GCM ciphertext of the three), ``key_id``, ``phone_index`` (keyed HMAC blind index,
indexed) and ``purged_at``. The settings row ``pii_db_id`` names the database for its key store.

Existing rows: sealed HERE, in the same transaction, with the key store of the user running the
migration (commandcenter.store.crypto_keys: OS keyring or the 0600 key file; created on the spot
because the table holds no sealed row yet). Why not an empty-table requirement or a later step
in the app: development and benchmark stores already hold plaintext reporters, and a store must
never be left half plaintext; the key lives outside the database anyway, so the migration can
use it exactly as the app does. This is the one place a migration imports application code
(the cipher), deliberately: the stored format is the cipher's. On SQLite ``secure_delete`` is on
for the rewrite, so the dropped plaintext pages are zeroed, not left in the free list (WAL
frames of earlier writes may keep old pages until the next checkpoint; `VACUUM` afterwards if
that matters). Downgrade decrypts back into plaintext columns and needs the key.

Runs on SQLite (inside a batch context: use op.batch_alter_table for ALTERs) and PostgreSQL.
"""

import uuid
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | Sequence[str] | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_CHUNK = 50_000
_reporters = sa.table(
    "reporters", sa.column("id", sa.Integer), sa.column("case_id", sa.Integer),
    sa.column("name", sa.String), sa.column("phone", sa.String),
    sa.column("id_number", sa.String), sa.column("identity_ct", sa.LargeBinary),
    sa.column("key_id", sa.String), sa.column("phone_index", sa.String),
)


def _secure_delete(bind: sa.Connection) -> None:
    if bind.dialect.name == "sqlite":
        bind.exec_driver_sql("PRAGMA secure_delete=ON")


def upgrade() -> None:
    bind = op.get_bind()
    _secure_delete(bind)
    with op.batch_alter_table("reporters") as batch:
        batch.add_column(sa.Column("identity_ct", sa.LargeBinary(), nullable=True))
        batch.add_column(sa.Column("key_id", sa.String(length=16), nullable=True))
        batch.add_column(sa.Column("phone_index", sa.String(length=32), nullable=True))
        batch.add_column(sa.Column("purged_at", sa.DateTime(), nullable=True))
    op.execute(
        sa.text("INSERT INTO settings (key, value) VALUES ('pii_db_id', :v) "
                "ON CONFLICT (key) DO NOTHING").bindparams(v=uuid.uuid4().hex)
    )
    _seal_existing(bind)
    with op.batch_alter_table("reporters") as batch:
        batch.drop_column("name")
        batch.drop_column("phone")
        batch.drop_column("id_number")
        batch.create_index(batch.f("ix_reporters_phone_index"), ["phone_index"], unique=False)


def _seal_existing(bind: sa.Connection) -> None:
    r = _reporters.c
    plain = (r.name.isnot(None)) | (r.phone.isnot(None)) | (r.id_number.isnot(None))
    if bind.execute(sa.select(r.id).where(plain).limit(1)).first() is None:
        return
    from commandcenter.store.crypto_keys import cipher_for

    cipher = cipher_for(bind, create=True)
    rows = bind.execute(
        sa.select(r.id, r.case_id, r.name, r.phone, r.id_number).where(plain).order_by(r.id)
    ).all()
    stmt = (sa.update(_reporters).where(r.id == sa.bindparam("rid"))
            .values(identity_ct=sa.bindparam("ct"), key_id=sa.bindparam("kid"),
                    phone_index=sa.bindparam("pix")))
    for start in range(0, len(rows), _CHUNK):
        part = rows[start:start + _CHUNK]
        cts = cipher.seal_many([x.case_id for x in part], [x.name for x in part],
                               [x.phone for x in part], [x.id_number for x in part])
        pix = cipher.phone_index_many([x.phone for x in part])
        bind.execute(stmt, [{"rid": x.id, "ct": c, "kid": cipher.key_id, "pix": p}
                            for x, c, p in zip(part, cts, pix, strict=True)])


def downgrade() -> None:
    bind = op.get_bind()
    with op.batch_alter_table("reporters") as batch:
        batch.drop_index(batch.f("ix_reporters_phone_index"))
        batch.add_column(sa.Column("name", sa.String(length=64), nullable=True))
        batch.add_column(sa.Column("phone", sa.String(length=32), nullable=True))
        batch.add_column(sa.Column("id_number", sa.String(length=32), nullable=True))
    r = _reporters.c
    sealed = bind.execute(
        sa.select(r.id, r.case_id, r.identity_ct, r.key_id).where(r.identity_ct.isnot(None))
    ).all()
    if sealed:
        from commandcenter.store.crypto_keys import cipher_for

        cipher = cipher_for(bind)
        stmt = (sa.update(_reporters).where(r.id == sa.bindparam("rid"))
                .values(name=sa.bindparam("n"), phone=sa.bindparam("p"),
                        id_number=sa.bindparam("i")))
        values = []
        for x in sealed:
            n, p, i = cipher.open(x.case_id, x.identity_ct, x.key_id)
            values.append({"rid": x.id, "n": n, "p": p, "i": i})
        bind.execute(stmt, values)
    with op.batch_alter_table("reporters") as batch:
        batch.drop_column("purged_at")
        batch.drop_column("phone_index")
        batch.drop_column("key_id")
        batch.drop_column("identity_ct")
