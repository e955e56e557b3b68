"""The SQLite bulk writer (``model.bulk_sqlite``) stores every column of every table that
travels exactly as SQLAlchemy's own SQLite types store it: a row written by ``RowWriter``
and the same row written with a Core ``insert`` read back the same, value and storage class
(``quote``), for every column type in the schema. A new column type without a sample here
fails the test, so that its stored form is checked before a bundle carries it."""

from __future__ import annotations

import sqlite3
from typing import Any

import pytest
from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    create_engine,
    insert,
)

from jifen_desktop.model.bulk_sqlite import RowWriter, sqlite_datetime, stored_rows
from jifen_desktop.model.row_form import SyncedTable, from_json_values, synced_tables

# Row-form (JSON) values of each column type, as bundles carry them.
SAMPLES: dict[type, list[Any]] = {
    DateTime: ["2026-03-04T05:06:07", "2026-03-04T05:06:07.000123", "2026-12-31T23:59:59.5"],
    Date: ["2026-03-04", "2024-02-29"],
    Boolean: [True, False],
    Integer: [0, 7, -3],
    BigInteger: [2**50 + 3],
    String: ["张集村", "0001"],
    Text: ['{"a": 1}', ""],
    LargeBinary: [],  # (none travels: checked below)
}


def _samples(synced: SyncedTable, column: str) -> list[Any]:
    kind = type(synced.table.c[column].type)
    assert kind in SAMPLES, f"{synced.name}.{column}: add samples of {kind.__name__}"
    return [*SAMPLES[kind], None] if synced.table.c[column].nullable else SAMPLES[kind]


def _rows(synced: SyncedTable) -> list[list[Any]]:
    """Rows cycling every column through its samples (the id stays distinct)."""
    samples = {name: _samples(synced, name) for name in synced.columns}
    count = max(len(values) for values in samples.values())
    rows = []
    for number in range(count):
        row = [samples[name][number % len(samples[name])] for name in synced.columns]
        row[synced.index("id")] = f"row-{number}"
        rows.append(row)
    return rows


def _quoted(conn: sqlite3.Connection, table: str, columns: tuple[str, ...]) -> list[tuple]:
    picked = ", ".join(f'quote("{name}")' for name in columns)
    return conn.execute(f'SELECT {picked} FROM "{table}" ORDER BY id').fetchall()


def _bare(synced: SyncedTable) -> Table:
    """The table's columns with their types and nothing else (no checks the samples break)."""
    columns = [Column(c.name, c.type) for c in synced.table.c]
    return Table(synced.name, MetaData(), *columns)


@pytest.mark.parametrize("synced", synced_tables(), ids=lambda s: s.name)
def test_stored_as_sqlalchemy_stores(tmp_path: Any, synced: SyncedTable) -> None:
    rows = _rows(synced)
    bare = _bare(synced)
    engines = []
    for name in ("fast", "core"):
        engine = create_engine(f"sqlite:///{tmp_path / name}.db")
        bare.create(engine)
        engines.append(engine)
    with engines[0].begin() as conn:
        RowWriter(conn, synced).insert(rows)
    with engines[1].begin() as conn:
        conn.execute(insert(bare), [from_json_values(synced, r) for r in rows])
    found = []
    for engine in engines:
        engine.dispose()
        with sqlite3.connect(str(engine.url.database)) as conn:
            found.append(_quoted(conn, synced.name, synced.columns))
    assert found[0] == found[1]
    assert len(found[0]) == len(rows)


def test_no_large_binary_travels() -> None:
    """A binary column would need samples (and a look at how a bundle carries it)."""
    for synced in synced_tables():
        for name in synced.columns:
            assert not isinstance(synced.table.c[name].type, LargeBinary), name


def test_datetime_text() -> None:
    assert sqlite_datetime("2026-03-04T05:06:07") == "2026-03-04 05:06:07.000000"
    assert sqlite_datetime("2026-03-04T05:06:07.000123") == "2026-03-04 05:06:07.000123"
    assert sqlite_datetime("2026-03-04T05:06:07.5") == "2026-03-04 05:06:07.500000"
    assert sqlite_datetime(None) is None
    synced = next(s for s in synced_tables() if s.name == "audit_log")
    row = _rows(synced)[0]
    stored = stored_rows(synced, [row])[0]
    assert stored[synced.index("at")] == sqlite_datetime(row[synced.index("at")])
