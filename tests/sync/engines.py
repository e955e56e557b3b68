"""Both engines in one test, whatever ``JIFEN_TEST_PG`` says: a township on SQLite (a file in
a temporary folder) or on a fresh PostgreSQL database of the test session's cluster
(``pg``), for tests that compare the two or must hold on each. A PostgreSQL case is skipped
where PostgreSQL is not installed."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pg
import pytest
from sync_world import Laptop

from jifen_desktop.model.setup import AdminDetails, create_township

ENGINES = [
    "sqlite",
    pytest.param(
        "postgresql",
        marks=pytest.mark.skipif(pg.bin_dir() is None, reason="PostgreSQL is not installed"),
    ),
]


def database_for(engine: str) -> str | None:
    """Where a ledger of ``engine`` goes: None for an SQLite file, else a new database."""
    return pg.new_database() if engine == "postgresql" else None


def township_on(root: Path, database: str | None) -> Laptop:
    """A new, empty township (张集镇, admin xiang) on ``database`` (None: an SQLite file)."""
    folder = Path(tempfile.mkdtemp(dir=root))
    admin = AdminDetails("xiang", "乡镇办", "secret-123")
    ledger, _admin = create_township(folder, "张集镇", "420881100", admin, database=database)
    return Laptop(ledger, root)
