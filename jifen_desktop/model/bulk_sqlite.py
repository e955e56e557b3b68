"""Writing a table's merged rows in bulk (issue 23: the bulk writer lives in the model; sync
decides which rows, this writes them). For SQLite the driver's ``executemany`` with the values
as SQLAlchemy's own SQLite types would store them, several times faster than Core inserts for
a township's hundreds of thousands of rows; for PostgreSQL ``COPY`` (``engine_sql.copy_rows``;
most of a bundle's new rows there go set-based through ``bulk_pg`` instead); for any other
engine SQLAlchemy Core inserts. Updates and deletes are Core statements on every engine.

The stored form (``stored_converters``) is derived from each column's type, not written out by
hand: a column whose type SQLAlchemy's SQLite dialect binds as the row form already holds it
(text, numbers, ISO dates; a boolean binds as 1 or 0 either way) goes as it is, a date-time
gets the dialect's text form (``YYYY-MM-DD HH:MM:SS.ffffff``) by a quick text edit, and any
other type with a bind processor goes through the dialect's own processor. A test compares
every column of the schema with what SQLAlchemy writes (tests/model/test_bulk_sqlite.py).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import cache
from typing import Any

from sqlalchemy import Boolean, Column, Date, DateTime, bindparam, insert, update
from sqlalchemy.dialects import sqlite

from .engine_sql import copy_rows
from .row_form import SyncedTable, from_json_values, parse_datetime

IN_CHUNK = 900
_SQLITE = sqlite.dialect()
Converter = Callable[[Any], Any]
_DATETIME_BIND: Converter = DateTime().dialect_impl(_SQLITE).bind_processor(_SQLITE)  # type: ignore[assignment]


def sqlite_datetime(text: str | None) -> str | None:
    """An ISO date-time as SQLAlchemy's SQLite ``DATETIME`` stores it: a space for the ``T``,
    always six digits of microseconds (the row form leaves them out when they are zero)."""
    if text is None:
        return None
    if len(text) == 19:
        return text.replace("T", " ") + ".000000"
    if len(text) == 26:
        return text.replace("T", " ")
    return _DATETIME_BIND(parse_datetime(text))  # (a form no program of ours writes)


def _converter(column: Column[Any], from_json: Converter | None) -> Converter | None:
    """How a row-form value of ``column`` becomes its stored SQLite value (None: as it is)."""
    kind = column.type
    if isinstance(kind, DateTime):
        return sqlite_datetime
    if isinstance(kind, Date):
        return None  # (ISO text, the row form's and the dialect's alike)
    bind = kind.dialect_impl(_SQLITE).bind_processor(_SQLITE)
    if bind is None or isinstance(kind, Boolean):
        return None  # (the driver binds True as 1, as the dialect's processor does)
    return _through(bind, from_json)


def _through(bind: Converter, from_json: Converter | None) -> Converter:
    if from_json is None:
        return bind
    return lambda value: bind(from_json(value))


@cache
def stored_converters(synced: SyncedTable) -> tuple[tuple[int, Converter], ...]:
    """(position, converter) of the columns whose row-form value is not its stored form."""
    found = []
    for at, (name, from_json) in enumerate(zip(synced.columns, synced.from_json, strict=True)):
        conv = _converter(synced.table.c[name], from_json)
        if conv is not None:
            found.append((at, conv))
    return tuple(found)


def stored_rows(synced: SyncedTable, rows: Sequence[list[Any]]) -> list[tuple[Any, ...]]:
    """Row-form rows as tuples of the values SQLite keeps, for ``executemany``."""
    converters = stored_converters(synced)
    if not converters:
        return [tuple(values) for values in rows]
    result = []
    for values in rows:
        row = values.copy()
        for at, conv in converters:
            row[at] = conv(row[at])
        result.append(tuple(row))
    return result


class RowWriter:
    """Writes one table's new, winning and displaced rows in the caller's transaction."""

    def __init__(self, conn: Any, synced: SyncedTable) -> None:
        self.conn = conn
        self.synced = synced
        self.dialect = conn.dialect.name
        names = ", ".join(synced.columns)
        marks = ", ".join("?" for _ in synced.columns)
        self.insert_sql = f"INSERT INTO {synced.name} ({names}) VALUES ({marks})"

    def insert(self, rows: list[list[Any]]) -> None:
        if self.dialect == "sqlite":
            self.conn.exec_driver_sql(self.insert_sql, stored_rows(self.synced, rows))
        elif self.dialect == "postgresql":
            names = self.synced.columns
            values = [from_json_values(self.synced, v) for v in rows]
            copy_rows(
                self.conn, self.synced.name, names, [tuple(d[n] for n in names) for d in values]
            )
        else:
            self.conn.execute(
                insert(self.synced.table), [from_json_values(self.synced, v) for v in rows]
            )

    def delete(self, ids: list[str]) -> None:
        table = self.synced.table
        for start in range(0, len(ids), IN_CHUNK):
            self.conn.execute(table.delete().where(table.c.id.in_(ids[start : start + IN_CHUNK])))

    def update(self, rows: list[list[Any]]) -> None:
        table = self.synced.table
        stmt = update(table).where(table.c.id == bindparam("_record_id"))
        stmt = stmt.values({name: bindparam(name) for name in self.synced.columns if name != "id"})
        params = []
        for values in rows:
            row = from_json_values(self.synced, values)
            row["_record_id"] = row.pop("id")
            params.append(row)
        self.conn.execute(stmt, params)
