"""The canonical row form: what travels in a bundle, what the hash chain digests, and how a
row is written and read back.

Every table of a ``MutableRecord`` or an ``AppendOnlyRecord`` travels; derived tables (search
keys) and this database's own sync state do not. A row is a JSON array of its values in the
order of its table's column names, sorted; dates and times are ISO strings. The same array,
dumped canonically, gives the row's digest: equal digests mean equal content on any replica.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache, cached_property
from typing import Any

from sqlalchemy import Boolean, Column, Date, DateTime, Table

from .schema import AppendOnlyRecord, MutableRecord

Convert = Callable[[Any], Any] | None


@dataclass(frozen=True)
class SyncedTable:
    """A table that travels: its columns in bundle order, who changed a row and at which
    sequence, and how values turn into JSON and back."""

    table: Table
    mutable: bool
    columns: tuple[str, ...]
    to_json: tuple[Convert, ...]
    from_json: tuple[Convert, ...]

    @cached_property
    def name(self) -> str:
        return self.table.name

    @property
    def origin_column(self) -> Column[Any]:
        return self.table.c.changed_by_replica if self.mutable else self.table.c.replica_id

    @property
    def seq_column(self) -> Column[Any]:
        return self.table.c.change_seq if self.mutable else self.table.c.seq

    def index(self, column: str) -> int:
        try:
            return self._positions[column]
        except KeyError:
            raise ValueError(f"{self.name} has no column {column}") from None

    @cached_property
    def _positions(self) -> dict[str, int]:
        return {name: at for at, name in enumerate(self.columns)}

    @cached_property
    def converted(self) -> tuple[tuple[int, str, Callable[[Any], Any]], ...]:
        """(position, column, converter) of the columns whose values turn into JSON."""
        return tuple(
            (at, name, conv)
            for at, (name, conv) in enumerate(zip(self.columns, self.to_json, strict=True))
            if conv is not None
        )

    @cached_property
    def stored_converted(self) -> tuple[tuple[int, Callable[[Any], Any]], ...]:
        """(position, converter) turning a value as SQLite stores it into its JSON form: what
        SQLAlchemy's SQLite types read (``fromisoformat``, ``bool``), then ``to_json``."""
        result = []
        for at, name, conv in self.converted:
            kind = self.table.c[name].type
            if isinstance(kind, DateTime):
                conv = _stored_datetime
            elif isinstance(kind, Date):
                conv = _stored_date
            result.append((at, conv))  # booleans: ``bool`` either way
        return tuple(result)


# A value the program never writes in a date or time column (put there by hand) is kept as
# it is stored: the row it is in then matches no link (``verify`` names it).


def _stored_datetime(value: Any) -> Any:
    try:
        return None if value is None else dt.datetime.fromisoformat(value).isoformat()
    except (TypeError, ValueError):
        return value


def _stored_date(value: Any) -> Any:
    try:
        return None if value is None else dt.date.fromisoformat(value).isoformat()
    except (TypeError, ValueError):
        return value


def stored_json_rows(
    conn: Any, synced: SyncedTable, ids: Sequence[str] | None = None
) -> Iterator[list[Any]]:
    """Every row of the table (or those with these ids), as JSON-ready values in row-form
    order, read straight from SQLite (no SQLAlchemy rows: ``verify`` reads millions); the
    same values as ``to_json_values`` of a row read with ``select``."""
    names = ", ".join(f'"{name}"' for name in synced.columns)
    sql = f'SELECT {names} FROM "{synced.name}"'
    if ids is not None:
        sql += f" WHERE id IN ({', '.join('?' * len(ids))})"
    cursor = conn.exec_driver_sql(sql, tuple(ids or ()))
    converted = synced.stored_converted
    for row in cursor:
        values = list(row)
        for at, conv in converted:
            values[at] = conv(values[at])
        yield values


def _iso(value: Any) -> Any:
    return None if value is None else value.isoformat()


def _date(value: Any) -> Any:
    return None if value is None else dt.date.fromisoformat(value)


def parse_datetime(value: Any) -> Any:
    return None if value is None else dt.datetime.fromisoformat(value)


def _bool(value: Any) -> Any:
    return None if value is None else bool(value)


def _converters(column: Column[Any]) -> tuple[Convert, Convert]:
    if isinstance(column.type, DateTime):
        return _iso, parse_datetime
    if isinstance(column.type, Date):
        return _iso, _date
    if isinstance(column.type, Boolean):
        return _bool, _bool
    return None, None


@cache
def synced_tables() -> tuple[SyncedTable, ...]:
    """The tables that travel, parents before children (foreign keys point backwards)."""
    from .schema import Base  # with every table declared (the package loads some on first use)

    kinds: dict[str, bool] = {}
    for mapper in Base.registry.mappers:
        cls, name = mapper.class_, str(mapper.persist_selectable.description)
        if issubclass(cls, MutableRecord):
            kinds[name] = True
        elif issubclass(cls, AppendOnlyRecord):
            kinds[name] = False
    return tuple(
        describe(table, kinds[table.name])
        for table in Base.metadata.sorted_tables
        if table.name in kinds
    )


def describe(table: Table, mutable: bool) -> SyncedTable:
    """A table's row form (also of a table reflected from a database by a migration)."""
    names = tuple(sorted(table.c.keys()))
    pairs = [_converters(table.c[name]) for name in names]
    return SyncedTable(
        table, mutable, names, tuple(p[0] for p in pairs), tuple(p[1] for p in pairs)
    )


@cache
def by_name() -> dict[str, SyncedTable]:
    return {t.name: t for t in synced_tables()}


def to_json_values(synced: SyncedTable, row: Sequence[Any]) -> list[Any]:
    """A row read with ``select(table)`` in bundle column order, as JSON-ready values."""
    if len(row) != len(synced.columns):
        raise ValueError(f"{synced.name}: {len(row)} values for {len(synced.columns)} columns")
    values = list(row)
    for at, _name, conv in synced.converted:
        values[at] = conv(values[at])
    return values


def from_json_values(synced: SyncedTable, values: Sequence[Any]) -> dict[str, Any]:
    """A row of a bundle as values to insert."""
    return {
        name: value if conv is None else conv(value)
        for name, conv, value in zip(synced.columns, synced.from_json, values, strict=True)
    }


_CANONICAL = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def canonical(values: Sequence[Any]) -> str:
    return _CANONICAL(values)


def digest(values: Sequence[Any]) -> str:
    return hashlib.sha256(canonical(values).encode()).hexdigest()


def digest_bytes(values: Sequence[Any]) -> bytes:
    """The row's digest as raw bytes (``verify`` compares millions of them)."""
    return hashlib.sha256(canonical(values).encode()).digest()
