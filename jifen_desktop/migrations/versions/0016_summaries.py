"""summary tables for the township: household_totals, member_totals, village_totals

A county's cross-village ranking and villages overview read a row per household (or village)
and period instead of every entry (issue 20 part 4). Derived, not synced: kept in a township
only, filled here for a township that already holds villages (``model.summaries``), refreshed
for the villages of each imported bundle, recomputed by ``jifen verify``.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-07 10:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None

KEY = sa.String(length=70)
ID = sa.String(length=36)
PERIOD = sa.String(length=8)


def _table(name: str, *columns: sa.Column) -> None:
    op.create_table(
        name,
        sa.Column("id", KEY, nullable=False),
        sa.Column("period", PERIOD, nullable=False),
        *columns,
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{name}")),
    )
    op.create_index(op.f(f"ix_{name}_village_id"), name, ["village_id"], unique=False)


def upgrade() -> None:
    _table(
        "household_totals",
        sa.Column("household_id", ID, nullable=False),
        sa.Column("village_id", ID, nullable=False),
        sa.Column("points", sa.Integer(), nullable=False),
        sa.Column("entries", sa.Integer(), nullable=False),
        sa.Column("normal_entries", sa.Integer(), nullable=False),
    )
    op.create_index(
        "ix_household_totals_period_points", "household_totals", ["period", "points"], unique=False
    )
    _table(
        "member_totals",
        sa.Column("member_id", ID, nullable=False),
        sa.Column("village_id", ID, nullable=False),
        sa.Column("entries", sa.Integer(), nullable=False),
        sa.Column("live_entries", sa.Integer(), nullable=False),
    )
    op.create_index(
        "ix_member_totals_period_member", "member_totals", ["period", "member_id"], unique=False
    )
    _table(
        "village_totals",
        sa.Column("village_id", ID, nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("points", sa.Integer(), nullable=False),
        sa.Column("entries", sa.Integer(), nullable=False),
        sa.Column("active", sa.Integer(), nullable=False),
        sa.Column("last_entry_on", sa.Date(), nullable=False),
    )
    conn = op.get_bind()
    if conn.execute(sa.text("SELECT mode FROM replica")).scalar() == "township":
        from jifen_desktop.model.schema.summaries import HouseholdTotal, MemberTotal, VillageTotal
        from jifen_desktop.model.summaries import rebuild

        rebuild(conn, (HouseholdTotal, MemberTotal, VillageTotal))  # (0018 adds the persons')


def downgrade() -> None:
    for name in ("village_totals", "member_totals", "household_totals"):
        op.drop_table(name)
