"""persons: the 村干部 flag on members, and honours awarded to a person

A member may be marked 村干部 (the seeds score 村民、党员、村干部 apart), and an honour award may
name the member it honours (a person's title, shown in the person's archive) besides its
household.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07 06:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("members", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("is_cadre", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    with op.batch_alter_table("honour_awards", schema=None) as batch_op:
        batch_op.add_column(sa.Column("member_id", sa.String(length=36), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_honour_awards_member_id_members"), "members", ["member_id"], ["id"]
        )
        batch_op.create_index(batch_op.f("ix_honour_awards_member_id"), ["member_id"])


def downgrade() -> None:
    with op.batch_alter_table("honour_awards", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_honour_awards_member_id"))
        batch_op.drop_constraint(
            batch_op.f("fk_honour_awards_member_id_members"), type_="foreignkey"
        )
        batch_op.drop_column("member_id")
    with op.batch_alter_table("members", schema=None) as batch_op:
        batch_op.drop_column("is_cadre")
