"""chain links store their rows packed; decisions' audit rows stored derived (issue 19/20 size)

``chain_links.rows`` becomes binary (bytea on PostgreSQL) holding the packed form of the rows
text (``model.schema.link_rows``: 9-10 bytes a row instead of about 31 characters). The audit
row of a decision on an entry keeps only what its entry does not hold (``model.audit_decision``:
its summary without the status, rule and points, its before_json a mark). Every reader gets the
same texts back, so every link hash, verify, audit view and bundle stay as they were.
Downgrading writes the texts back.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-07 16:00:00
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None

BATCH = 500
BATCH_ROWS = 2000
LINKS = sa.table("chain_links", sa.column("replica_id"), sa.column("last_seq"), sa.column("rows"))
AUDIT = sa.table(
    "audit_log",
    *(sa.column(name) for name in ("id", "action", "object_id", "summary", "before_json")),
    sa.column("after_json"),
)
DECISIONS = ("entry.approved", "entry.rejected", "entry.withdrawn")


def upgrade() -> None:
    from jifen_desktop.model.schema.link_rows import pack, unpack

    conn = op.get_bind()
    _retype(conn, sa.LargeBinary(), "convert_to(rows, 'UTF8')")
    _rewrite(conn, lambda value: pack(unpack(value)))
    _decisions(conn, True)


def downgrade() -> None:
    from jifen_desktop.model.schema.link_rows import unpack

    conn = op.get_bind()
    _decisions(conn, False)
    _rewrite(conn, lambda value: unpack(value).encode())
    _retype(conn, sa.Text(), "convert_from(rows, 'UTF8')")
    if conn.dialect.name == "sqlite":  # the column's values are UTF-8 blobs: make them text
        conn.execute(sa.text("UPDATE chain_links SET rows = CAST(rows AS TEXT)"))


def _retype(conn: sa.Connection, kind: Any, using: str) -> None:
    if conn.dialect.name == "postgresql":
        op.alter_column("chain_links", "rows", type_=kind, postgresql_using=using)
        return
    with op.batch_alter_table("chain_links") as batch:
        batch.alter_column("rows", type_=kind)


def _rewrite(conn: sa.Connection, convert: Callable[[Any], bytes]) -> None:
    """Every link's rows value replaced by ``convert`` of it, a batch at a time."""
    update = (
        LINKS.update()
        .where(
            LINKS.c.replica_id == sa.bindparam("b_replica"),
            LINKS.c.last_seq == sa.bindparam("b_last"),
        )
        .values(rows=sa.bindparam("b_rows", type_=sa.LargeBinary()))
    )
    for batch in _batches(conn):
        changed = [
            {"b_replica": replica, "b_last": last, "b_rows": convert(value)}
            for replica, last, value in batch
        ]
        conn.execute(update, changed)


def _batches(conn: sa.Connection) -> Iterator[list[Any]]:
    """The links in key order, ``BATCH`` at a time (each batch read before it is rewritten)."""
    key = sa.tuple_(LINKS.c.replica_id, LINKS.c.last_seq)
    after: tuple[Any, ...] | None = None
    while True:
        stmt = sa.select(LINKS.c.replica_id, LINKS.c.last_seq, LINKS.c.rows)
        if after is not None:
            stmt = stmt.where(key > sa.tuple_(sa.literal(after[0]), sa.literal(after[1])))
        batch = list(conn.execute(stmt.order_by(LINKS.c.replica_id, LINKS.c.last_seq).limit(BATCH)))
        if not batch:
            return
        yield batch
        after = (batch[-1][0], batch[-1][1])


def _decisions(conn: sa.Connection, derive: bool) -> None:
    """Store the decisions' audit rows derived where they may (``derive``), or in full."""
    from jifen_desktop.model.audit_decision import DERIVED, PENDING, entry_parts

    where = AUDIT.c.before_json == (PENDING if derive else DERIVED)
    where = sa.and_(where, AUDIT.c.action.in_(DECISIONS))
    update = (
        AUDIT.update()
        .where(AUDIT.c.id == sa.bindparam("b_id"))
        .values(summary=sa.bindparam("b_summary"), before_json=sa.bindparam("b_before"))
    )
    for batch in _audit_batches(conn, where):
        parts = entry_parts(conn, (row.object_id for row in batch))
        changed = []
        for row in batch:
            texts = _texts(row, parts.get(row.object_id), derive)
            if texts is not None:
                changed.append({"b_id": row.id, "b_summary": texts[0], "b_before": texts[1]})
        if changed:
            conn.execute(update, changed)


def _texts(row: Any, parts: Any, derive: bool) -> tuple[str, str] | None:
    from jifen_desktop.model.audit_decision import derived_form, expansion

    if not derive:
        return expansion(row.action, row.summary, parts)
    if str(row.after_json or "").startswith('{"$'):  # a reference (``audit_ref``)
        return None
    return derived_form(row.action, row.summary, row.before_json, parts)


def _audit_batches(conn: sa.Connection, where: Any) -> Iterator[list[Any]]:
    """The audit rows matching ``where``, in batches in the order of their ids."""
    last = None
    while True:
        stmt = sa.select(AUDIT).where(where)
        if last is not None:
            stmt = stmt.where(AUDIT.c.id > last)
        batch = list(conn.execute(stmt.order_by(AUDIT.c.id).limit(BATCH_ROWS)))
        if not batch:
            return
        yield batch
        last = batch[-1].id
