"""hash chain: one link per write transaction of each replica (tamper evidence)

Existing records of this database's own replica are sealed in one first link, with the digests
of their rows as they stand now (the migration runs after a backup, so what they were before is
kept). Acknowledgements from peers are forgotten, so that the next bundle to each is a full one
and carries that first link to the township and the other laptops.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-21 10:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

# The append-only tables as of this revision (their rows are what the chain covers).
APPEND_ONLY = (
    "audit_log",
    "entries",
    "entry_decisions",
    "evidence_files",
    "household_status_changes",
    "point_expiries",
    "publication_late_entries",
    "publication_rows",
    "redemption_lines",
    "redemption_returns",
    "redemptions",
    "stock_movements",
    "stocktake_lines",
    "stocktakes",
    "year_end_closings",
)


def upgrade() -> None:
    op.create_table(
        "chain_links",
        sa.Column("replica_id", sa.String(length=36), nullable=False),
        sa.Column("last_seq", sa.Integer(), nullable=False),
        sa.Column("first_seq", sa.Integer(), nullable=False),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("rows", sa.Text(), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("replica_id", "last_seq", name=op.f("pk_chain_links")),
    )
    _seal_existing_rows(op.get_bind())
    op.execute("DELETE FROM sync_acks")


def _seal_existing_rows(conn: sa.Connection) -> None:
    from jifen_desktop.model.chain import link_hash, row_line
    from jifen_desktop.model.row_form import describe, digest, to_json_values

    replica = conn.execute(sa.text("SELECT id, next_seq FROM replica")).first()
    if replica is None or replica.next_seq <= 1:
        return
    listed = []
    for name in APPEND_ONLY:
        synced = describe(sa.Table(name, sa.MetaData(), autoload_with=conn), False)
        cols = [synced.table.c[column] for column in synced.columns]
        seq_at = synced.index("seq")
        stmt = sa.select(*cols).where(synced.table.c.replica_id == replica.id)
        for row in conn.execute(stmt):
            listed.append((row[seq_at], name, digest(to_json_values(synced, row))))
    rows = "\n".join(row_line(*item) for item in sorted(listed))
    last = replica.next_seq - 1
    conn.execute(
        sa.text(
            "INSERT INTO chain_links (replica_id, last_seq, first_seq, prev_hash, rows, hash) "
            "VALUES (:replica, :last, 1, '', :rows, :hash)"
        ),
        {
            "replica": replica.id,
            "last": last,
            "rows": rows,
            "hash": link_hash(replica.id, 1, last, "", rows),
        },
    )


def downgrade() -> None:
    op.drop_table("chain_links")
