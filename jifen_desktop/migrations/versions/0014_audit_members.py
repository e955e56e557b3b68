"""audit_members: a township keeps the villages' audit rows as compressed members

A township held every village's audit rows as indexed rows of audit_log, most of its file. It
now keeps them per bundle and origin replica as their canonical lines, compressed, with their
sequence numbers (``model.audit_members``); its own audit rows stay in audit_log. A township
file made before is moved to this layout here: every audit row of another replica goes into
members, nothing is lost (every line still hashes to what its chain lists), and the rows leave
audit_log. A village laptop gets the empty table only. Downgrading puts the rows back.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-07 09:50:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "audit_members",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("bundle_id", sa.String(36), nullable=True),
        sa.Column("replica_id", sa.String(36), nullable=False),
        sa.Column("village_id", sa.String(36), nullable=True),
        sa.Column("seq_from", sa.Integer(), nullable=False),
        sa.Column("seq_to", sa.Integer(), nullable=False),
        sa.Column("at_from", sa.DateTime(), nullable=False),
        sa.Column("at_to", sa.DateTime(), nullable=False),
        sa.Column("rows", sa.Integer(), nullable=False),
        sa.Column("seqs", sa.LargeBinary(), nullable=False),
        sa.Column("lines", sa.LargeBinary(), nullable=False),
    )
    op.create_index("ix_audit_members_replica_seq", "audit_members", ["replica_id", "seq_to"])
    op.create_index("ix_audit_members_village_at", "audit_members", ["village_id", "at_to"])
    own = _township(op.get_bind())
    if own is not None:
        from jifen_desktop.model.audit_members import move_into_members

        move_into_members(op.get_bind(), own)


def downgrade() -> None:
    from jifen_desktop.model.audit_members import move_back

    move_back(op.get_bind())
    op.drop_index("ix_audit_members_village_at", "audit_members")
    op.drop_index("ix_audit_members_replica_seq", "audit_members")
    op.drop_table("audit_members")


def _township(conn: sa.Connection) -> str | None:
    """This township's replica id; None for a village laptop or a file not set up yet."""
    replica = sa.Table("replica", sa.MetaData(), autoload_with=conn)
    row = conn.execute(sa.select(replica.c.id, replica.c.mode)).first()
    return str(row[0]) if row is not None and row[1] == "township" else None
