"""chain links store their rows packed (store each fact once, issue 19/20 size)

``chain_links.rows`` becomes binary (bytea on PostgreSQL) holding the packed form of the rows
text (``model.schema.link_rows``: 9-10 bytes a row instead of about 31 characters). Every reader
gets the same text back, so every link hash, verify and bundle stay as they were. Downgrading
writes the text back.

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
LINKS = sa.table("chain_links", sa.column("replica_id"), sa.column("last_seq"), sa.column("rows"))


def upgrade() -> None:
    from jifen_desktop.model.schema.link_rows import pack, unpack

    conn = op.get_bind()
    _retype(conn, sa.LargeBinary(), "convert_to(rows, 'UTF8')")
    _rewrite(conn, lambda value: pack(unpack(value)))


def downgrade() -> None:
    from jifen_desktop.model.schema.link_rows import unpack

    conn = op.get_bind()
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
