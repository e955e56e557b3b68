"""household changes: 分户, 合户 and 注销户 as records, and transfer entries

A table of the changes a household goes through (a split, a merge, a close), and a fifth kind
of entry, ``transfer``: the pair of entries (−N on one household, +N on the other) that moves
available points in a split or merge, both citing the change by its id (``batch_id``).

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-07 06:45:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

KINDS_BEFORE = "kind in ('normal', 'base', 'reversal', 'penalty')"
KINDS_AFTER = "kind in ('normal', 'base', 'reversal', 'penalty', 'transfer')"


def upgrade() -> None:
    op.create_table(
        "household_changes",
        sa.Column("village_id", sa.String(length=36), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("from_household_id", sa.String(length=36), nullable=False),
        sa.Column("to_household_id", sa.String(length=36), nullable=True),
        sa.Column("effective_on", sa.Date(), nullable=False),
        sa.Column("members", sa.Text(), nullable=False),
        sa.Column("split_rule", sa.String(length=8), nullable=False),
        sa.Column("transfer_points", sa.Integer(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("meeting_on", sa.Date(), nullable=True),
        sa.Column("recorded_by", sa.String(length=36), nullable=True),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("replica_id", sa.String(length=36), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "kind in ('split', 'merge', 'close')", name=op.f("ck_household_changes_kind")
        ),
        sa.CheckConstraint(
            "split_rule in ('none', 'members', 'amount', 'all')",
            name=op.f("ck_household_changes_split_rule"),
        ),
        sa.CheckConstraint(
            "transfer_points >= 0", name=op.f("ck_household_changes_transfer_points")
        ),
        sa.ForeignKeyConstraint(
            ["from_household_id"],
            ["households.id"],
            name=op.f("fk_household_changes_from_household_id_households"),
        ),
        sa.ForeignKeyConstraint(
            ["to_household_id"],
            ["households.id"],
            name=op.f("fk_household_changes_to_household_id_households"),
        ),
        sa.ForeignKeyConstraint(
            ["village_id"], ["villages.id"], name=op.f("fk_household_changes_village_id_villages")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_household_changes")),
    )
    with op.batch_alter_table("household_changes", schema=None) as batch_op:
        for column in ("village_id", "from_household_id", "to_household_id"):
            batch_op.create_index(batch_op.f(f"ix_household_changes_{column}"), [column])
    _entry_kinds(KINDS_AFTER)


def _entry_kinds(condition: str) -> None:
    with op.batch_alter_table("entries", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_entries_kind"), type_="check")
        batch_op.create_check_constraint(batch_op.f("ck_entries_kind"), condition)


def downgrade() -> None:
    op.execute("DELETE FROM entries WHERE kind = 'transfer'")
    _entry_kinds(KINDS_BEFORE)
    with op.batch_alter_table("household_changes", schema=None) as batch_op:
        for column in ("village_id", "from_household_id", "to_household_id"):
            batch_op.drop_index(batch_op.f(f"ix_household_changes_{column}"))
    op.drop_table("household_changes")
