"""Commits that do not wait for the disk, for a ledger being filled in one go (the demo
village): ``synchronous = NORMAL`` on its SQLite connections meanwhile. In WAL mode a power cut
then leaves the file whole and loses at most the last commits, which is right only for data
that is simply made again. Afterwards the connections are let go, so the program's next ones
are ``FULL`` again (``db``), and a checkpoint on such a one writes everything to the file and
waits for the disk. Anything but SQLite is left as it is."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from sqlalchemy import event

if TYPE_CHECKING:
    from .ledger import Ledger


@contextmanager
def quick_commits(ledger: Ledger) -> Iterator[None]:
    """Within it, ``ledger``'s commits do not wait for the disk; after it they do again, and
    all is on the disk."""
    engine = ledger.engine
    if engine.dialect.name != "sqlite":
        yield
        return

    def relaxed(dbapi_connection: Any, _record: Any, _proxy: Any) -> None:
        dbapi_connection.execute("PRAGMA synchronous = NORMAL")

    event.listen(engine, "checkout", relaxed)
    try:
        yield
    finally:
        event.remove(engine, "checkout", relaxed)
        engine.dispose()
        raw = engine.raw_connection()  # outside a transaction, so the checkpoint is whole
        try:
            raw.cursor().execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            raw.close()
