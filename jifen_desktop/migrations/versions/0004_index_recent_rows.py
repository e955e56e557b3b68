"""index the audit log and entries by village and time, newest first

The 审计日志 page lists a village's latest audit rows and the 积分录入 page its latest
recorded entries; without these SQLite sorted every row of the village first.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-21 01:40:00.000000
"""

from __future__ import annotations

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.create_index("ix_audit_log_village_at", ["village_id", "at", "seq"], unique=False)
    with op.batch_alter_table("entries", schema=None) as batch_op:
        batch_op.create_index(
            "ix_entries_village_recorded", ["village_id", "recorded_at", "id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("entries", schema=None) as batch_op:
        batch_op.drop_index("ix_entries_village_recorded")
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.drop_index("ix_audit_log_village_at")
