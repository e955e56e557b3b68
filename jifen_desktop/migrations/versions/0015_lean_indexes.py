"""indexes a village never reads go; mostly empty columns index only their set rows

Store each fact once (issue 19): of the audit log's six indexes, ``ix_audit_log_village_id``
repeats the first column of ``ix_audit_log_village_at``, which serves every query by village
(the 审计日志 page, 年度结转, 不发基础分, the township's targets), and ``ix_audit_log_at``
served only a list of every village's rows at once, which a township no longer keeps in
audit_log (migration 0014) and a village never asks for. The indexes of
``entries.corrects_entry_id``, ``entries.batch_id`` and ``entry_decisions.session_id`` held
every row although most are NULL; they now hold the rows that are set (a partial index), which
is all their queries look for. Nothing else changes; downgrading puts the indexes back.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-07 10:05:00
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None

DROPPED = (("ix_audit_log_village_id", "village_id"), ("ix_audit_log_at", "at"))
PARTIAL = (
    ("ix_entries_corrects_entry_id", "entries", "corrects_entry_id"),
    ("ix_entries_batch_id", "entries", "batch_id"),
    ("ix_entry_decisions_session_id", "entry_decisions", "session_id"),
)


def _where(column: str) -> dict[str, Any]:
    where = sa.text(f"{column} IS NOT NULL")
    return {"sqlite_where": where, "postgresql_where": where}


def upgrade() -> None:
    # ``if_exists``: a township sets indexes aside while it loads (``sync.first_load``).
    for name, _column in DROPPED:
        op.drop_index(name, table_name="audit_log", if_exists=True)
    for name, table, column in PARTIAL:
        op.drop_index(name, table_name=table, if_exists=True)
        op.create_index(name, table, [column], **_where(column))


def downgrade() -> None:
    for name, table, column in PARTIAL:
        op.drop_index(name, table_name=table, if_exists=True)
        op.create_index(name, table, [column])
    for name, column in DROPPED:
        op.create_index(name, "audit_log", [column])
