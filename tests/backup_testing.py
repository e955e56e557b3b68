"""Reading a backup in tests: the ledger inside a compressed backup (or a plain one)."""

from __future__ import annotations

import sqlite3
import tempfile
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path

from jifen_desktop.model.backup.copying import Steps
from jifen_desktop.model.backup.xz import decompress, is_compressed


@contextmanager
def opened(path: Path) -> Iterator[sqlite3.Connection]:
    """A connection to the ledger in ``path``: a ledger, or a backup (decompressed first)."""
    with tempfile.TemporaryDirectory() as folder:
        if is_compressed(path):
            plain = Path(folder) / "plain.sqlite3"
            decompress(path, plain, Steps(None, None))
            path = plain
        with closing(sqlite3.connect(path)) as conn:
            yield conn
