"""audit rows refer to the records they hold the values of (store each fact once)

An audit row whose ``after_json`` is, byte for byte, the values of an append-only record that
nothing removes (an entry, a redemption, a stock movement ...: ``model.audit_ref``) is stored
as a short reference to that record instead. What every reader gets back is the same text, so
every chain link still matches and every audit view stays the same. Data only; downgrading
writes the full texts back.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-07 07:00:00
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

# The append-only tables an audit row may refer to, as of this revision (those present).
REFERABLE = (
    "entries",
    "evidence_files",
    "household_changes",
    "household_status_changes",
    "point_expiries",
    "publication_late_entries",
    "publication_rows",
    "redemption_lines",
    "redemptions",
    "stock_movements",
    "stocktake_lines",
    "stocktakes",
    "year_end_closings",
)
BATCH = 2000


def upgrade() -> None:
    from jifen_desktop.model.audit_ref import is_reference, load_bases, referred

    conn = op.get_bind()
    forms = _forms(conn)
    audit = sa.Table("audit_log", sa.MetaData(), autoload_with=conn)
    for batch in _batches(conn, audit, audit.c.after_json != ""):
        candidates = [row for row in batch if not is_reference(row.after_json)]
        ids = sorted({row.object_id for row in candidates})
        bases = load_bases(conn, {name: ids for name in forms}, forms)
        tables = {record_id: name for name, record_id in bases}
        changed = []
        for row in candidates:
            name = tables.get(row.object_id)
            if name is None:
                continue
            text = referred(row.after_json, name, bases[(name, row.object_id)])
            if text != row.after_json:
                changed.append({"b_id": row.id, "b_text": text})
        _write(conn, audit, changed)


def downgrade() -> None:
    from jifen_desktop.model.audit_ref import MARK, expand_texts

    conn = op.get_bind()
    forms = _forms(conn)
    audit = sa.Table("audit_log", sa.MetaData(), autoload_with=conn)
    for batch in _batches(conn, audit, audit.c.after_json.startswith(MARK)):
        texts = expand_texts(conn, [(row.object_id, row.after_json) for row in batch], forms)
        _write(
            conn,
            audit,
            [{"b_id": row.id, "b_text": text} for row, text in zip(batch, texts, strict=True)],
        )


def _forms(conn: sa.Connection) -> dict[str, Any]:
    """The row forms of the referable tables, as this database has them."""
    from jifen_desktop.model.row_form import describe

    present = set(sa.inspect(conn).get_table_names())
    return {
        name: describe(sa.Table(name, sa.MetaData(), autoload_with=conn), False)
        for name in REFERABLE
        if name in present
    }


def _batches(conn: sa.Connection, audit: sa.Table, where: Any) -> Iterator[list[Any]]:
    """The audit rows matching ``where``, in batches in the order of their ids."""
    last = ""
    while True:
        batch = list(
            conn.execute(
                sa.select(audit.c.id, audit.c.object_id, audit.c.after_json)
                .where(where, audit.c.id > last)
                .order_by(audit.c.id)
                .limit(BATCH)
            )
        )
        if not batch:
            return
        yield batch
        last = batch[-1].id


def _write(conn: sa.Connection, audit: sa.Table, changed: list[dict[str, str]]) -> None:
    if changed:
        conn.execute(
            audit.update()
            .where(audit.c.id == sa.bindparam("b_id"))
            .values(after_json=sa.bindparam("b_text")),
            changed,
        )
