"""honours awarded (荣誉称号) and the village's rules that withhold base points

A table of the titles a village awards households for a period (mutable: an award may be lifted),
and on the village the rule codes whose confirmed deductions in a year withhold the next year's
base points (年度结转).

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-07 04:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "honour_awards",
        sa.Column("village_id", sa.String(length=36), nullable=False),
        sa.Column("household_id", sa.String(length=36), nullable=False),
        sa.Column("title", sa.String(length=64), nullable=False),
        sa.Column("period", sa.String(length=8), nullable=False),
        sa.Column("chosen_by", sa.String(length=16), nullable=False),
        sa.Column("basis", sa.String(length=128), nullable=False),
        sa.Column("points", sa.Integer(), nullable=False),
        sa.Column("meeting_on", sa.Date(), nullable=False),
        sa.Column("awarded_by", sa.String(length=36), nullable=True),
        sa.Column("awarded_by_name", sa.String(length=64), nullable=False),
        sa.Column("lifted_on", sa.Date(), nullable=True),
        sa.Column("lift_reason", sa.Text(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("hlc", sa.BigInteger(), nullable=False),
        sa.Column("changed_by_replica", sa.String(length=36), nullable=False),
        sa.Column("change_seq", sa.Integer(), nullable=False),
        sa.Column("is_deleted", sa.Boolean(), nullable=False),
        sa.CheckConstraint(
            "chosen_by in ('top', 'grade', 'above_average', 'hand')",
            name=op.f("ck_honour_awards_chosen_by"),
        ),
        sa.ForeignKeyConstraint(
            ["household_id"],
            ["households.id"],
            name=op.f("fk_honour_awards_household_id_households"),
        ),
        sa.ForeignKeyConstraint(
            ["village_id"], ["villages.id"], name=op.f("fk_honour_awards_village_id_villages")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_honour_awards")),
    )
    with op.batch_alter_table("honour_awards", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_honour_awards_household_id"), ["household_id"], unique=False
        )
        batch_op.create_index(
            "ix_honour_awards_village_period", ["village_id", "period"], unique=False
        )
    with op.batch_alter_table("villages", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("base_withhold_rules", sa.Text(), nullable=False, server_default="")
        )


def downgrade() -> None:
    with op.batch_alter_table("villages", schema=None) as batch_op:
        batch_op.drop_column("base_withhold_rules")
    with op.batch_alter_table("honour_awards", schema=None) as batch_op:
        batch_op.drop_index("ix_honour_awards_village_period")
        batch_op.drop_index(batch_op.f("ix_honour_awards_household_id"))
    op.drop_table("honour_awards")
