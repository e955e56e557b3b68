"""One write transaction on an engine, with or without a ``Ledger`` around it: ``Ledger.write``
opens its transactions here, and so does a restore, which audits itself in a copy of a backup
before any ``Ledger`` opens that copy (``backup.restore``)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from .read_only import refusing_read_only
from .tx import Actor, Tx


@contextmanager
def write_transaction(writer: Engine, actor: Actor, database: Path) -> Iterator[Tx]:
    """A write transaction on ``writer`` (``db.writer(engine)``: it begins ``IMMEDIATE``) as
    ``actor``; rolled back entirely on any error, sealed (``Tx.finish``) on success, and a
    read-only ``database`` file refused with ``LedgerReadOnly``."""
    with (
        refusing_read_only(database),
        Session(writer, expire_on_commit=False) as session,
        session.begin(),
    ):
        tx = Tx(session, actor)
        yield tx
        tx.finish()
