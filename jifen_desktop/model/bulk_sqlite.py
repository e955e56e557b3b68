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

from collections.abc import Callable, Iterator, Sequence
from functools import cache
from typing import Any

from sqlalchemy import Boolean, Column, Date, DateTime, Select, bindparam, insert, select, update
from sqlalchemy.dialects import sqlite

from .engine_sql import copy_rows, one_of
from .row_form import SyncedTable, from_json_values, parse_datetime, to_json_values

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
    """Row-form rows as tuples of the values SQLite keeps, for ``executemany`` (SQLAlchemy's
    ``exec_driver_sql`` takes a list of tuples)."""
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


def rows_where_in(
    conn: Any, synced: SyncedTable, column: str, keys: Sequence[str]
) -> Iterator[list[Any]]:
    """The rows held here whose ``column`` is one of ``keys``, as JSON-ready values in row-form
    order (what a merge compares arriving rows with). On SQLite read straight through the
    driver and converted as ``row_form.stored_json_rows`` converts (a statement per length of
    key list: SQLAlchemy compiling an ``IN`` of 900 keys per chunk cost more than the query)."""
    if conn.dialect.name != "sqlite":
        stmt = _select_in(synced, column, conn.dialect.name)
        for start in range(0, len(keys), IN_CHUNK):
            for row in conn.execute(stmt, {"keys": list(keys[start : start + IN_CHUNK])}):
                yield to_json_values(synced, row)
        return
    converted = synced.stored_converted
    for start in range(0, len(keys), IN_CHUNK):
        part = tuple(keys[start : start + IN_CHUNK])
        for row in conn.exec_driver_sql(_sql_in(synced, column, len(part)), part):
            values = list(row)
            for at, conv in converted:
                values[at] = conv(values[at])
            yield values


@cache
def _sql_in(synced: SyncedTable, column: str, count: int) -> str:
    names = ", ".join(f'"{name}"' for name in synced.columns)
    marks = ", ".join("?" * count)
    return f'SELECT {names} FROM "{synced.name}" WHERE "{column}" IN ({marks})'


@cache
def _select_in(synced: SyncedTable, column: str, dialect: str) -> Select[Any]:
    """One statement per table and column: SQLAlchemy compiles it once and caches it."""
    cols = [synced.table.c[name] for name in synced.columns]
    return select(*cols).where(one_of(synced.table.c[column], dialect))


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
