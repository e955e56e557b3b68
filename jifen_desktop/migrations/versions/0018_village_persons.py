"""a village's persons per year (village_person_totals); summary rows found by household and person

The villages overview of a county read every person present to give each village's 个人参与率,
党员参与率 and 个人兑换率 (issue 20 part 4); it now reads a row per village and year, made from
the villages' members, the persons' year rows and the redemptions, and refreshed at import with
the other summary rows (``model.summaries``). Two indexes let a refresh of a few households or
persons find their rows without reading their whole village's. A township that holds villages
gets its rows made here. Derived, not synced, as the other summary tables.

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-07 19:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None

NAME = "village_person_totals"
COUNTS = ("present", "taking_part", "party_present", "party_taking_part", "redeeming")
INDEXES = (
    ("ix_household_totals_household_id", "household_totals", "household_id"),
    ("ix_member_totals_member_id", "member_totals", "member_id"),
)


def upgrade() -> None:
    op.create_table(
        NAME,
        sa.Column("id", sa.String(length=70), nullable=False),
        sa.Column("period", sa.String(length=8), nullable=False),
        sa.Column("village_id", sa.String(length=36), nullable=False),
        *(sa.Column(name, sa.Integer(), nullable=False) for name in COUNTS),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{NAME}")),
    )
    op.create_index(op.f(f"ix_{NAME}_village_id"), NAME, ["village_id"], unique=False)
    for index, table, column in INDEXES:
        op.create_index(index, table, [column], unique=False)
    conn = op.get_bind()
    if conn.execute(sa.text("SELECT mode FROM replica")).scalar() == "township":
        from jifen_desktop.model.schema.summaries import VillagePersonTotal
        from jifen_desktop.model.summaries import rebuild

        rebuild(conn, (VillagePersonTotal,))


def downgrade() -> None:
    for index, table, _column in INDEXES:
        op.drop_index(index, table_name=table)
    op.drop_index(op.f(f"ix_{NAME}_village_id"), table_name=NAME)
    op.drop_table(NAME)
