"""A small demo village made once per test module and copied for each test (``sqlite3``'s
backup, so the copy is whole even while the source is open)."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

from jifen_desktop.demo import generate_demo
from jifen_desktop.model import paths
from jifen_desktop.model.ledger import Ledger


def make_demo(folder: Path, households: int) -> Path:
    """A demo village of ``households`` households and one year in ``folder``."""
    with Ledger.create(folder) as ledger:
        generate_demo(ledger, households=households, years=1)
    return folder


def copy_ledger_file(source: Path, target: Path) -> Path:
    """The ledger of the data folder ``source`` copied into the new data folder ``target``."""
    target.mkdir()
    with (
        closing(sqlite3.connect(paths.db_path(source))) as src,
        closing(sqlite3.connect(paths.db_path(target))) as dst,
    ):
        src.backup(dst)
    return target
