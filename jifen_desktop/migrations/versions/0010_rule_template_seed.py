"""the rule template true to seed 001: 弄虚作假 for every account, recorders' observations

A rule item may apply to every account (``applies_to = 'all'``: seed 001 篇7 四、13 punishes a
false declaration by 个人、家庭或者单位), and a village may let its recorders' own observations
(网格员记录, 抽检) go without a photo (``villages.observations_without_evidence``) while
declarations still need evidence (篇7 三(三)1, seed 000: 口头反映一律无效). Nothing recorded
changes: the village's rule items keep their values.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-07 06:45:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

OLD_APPLIES = "applies_to in ('household', 'unit')"
NEW_APPLIES = "applies_to in ('household', 'unit', 'all')"


def upgrade() -> None:
    with op.batch_alter_table("rule_items", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_rule_items_applies_to"), type_="check")
        batch_op.create_check_constraint(batch_op.f("ck_rule_items_applies_to"), NEW_APPLIES)
    with op.batch_alter_table("villages", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "observations_without_evidence",
                sa.Boolean(),
                nullable=False,
                server_default=sa.false(),
            )
        )


def downgrade() -> None:
    with op.batch_alter_table("villages", schema=None) as batch_op:
        batch_op.drop_column("observations_without_evidence")
    with op.batch_alter_table("rule_items", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_rule_items_applies_to"), type_="check")
        batch_op.create_check_constraint(batch_op.f("ck_rule_items_applies_to"), OLD_APPLIES)
