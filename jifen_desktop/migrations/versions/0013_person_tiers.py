"""villages.person_tiers: the village's own grades for persons (个人等次)

Persons were ranked with the household grades (评星定级), which count a household's base
points; a village now sets the persons' grades apart (seed 002: 优秀/合格/基本合格/不合格).
Empty (the default) means the village has set none. A bundle from an older program has no
such column and still merges (a missing column is taken as empty).

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-07 08:15:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A plain ADD COLUMN (SQLite and PostgreSQL): a batch copy of villages would trip the
    # foreign keys of every table that refers to it.
    op.add_column(
        "villages", sa.Column("person_tiers", sa.Text(), nullable=False, server_default="")
    )


def downgrade() -> None:
    op.drop_column("villages", "person_tiers")
