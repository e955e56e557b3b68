"""Writing a transaction's queued append-only rows (``Tx.insert``) in one ``executemany`` per
table and set of keys.

On SQLite the rows go to the driver as plain tuples through a statement made once per table
and set of keys: each value bound as SQLAlchemy binds it (the column type's own bind processor:
dates and times in SQLAlchemy's storage form) and each column left out given its default, as a
Core ``insert`` does. Core's ``insert`` did the same with a good deal more work per row (its
parameters are made row by row); every entry, decision and audit row goes through here.
Other databases take Core's ``insert``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import Any

from sqlalchemy import Connection, Table, insert

Bind = Callable[[Any], Any] | None


def insert_rows(connection: Connection, table: Table, rows: Sequence[dict[str, Any]]) -> None:
    """Insert ``rows`` (dicts of column values) into ``table``, grouped by their keys."""
    groups: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    for row in rows:
        groups.setdefault(tuple(row), []).append(row)
    sqlite = connection.dialect.name == "sqlite"
    for keys, group in groups.items():
        if sqlite:
            sql, binds, defaults = _statement(connection.dialect, table, keys)
            connection.exec_driver_sql(sql, [_values(row, keys, binds, defaults) for row in group])
        else:
            connection.execute(insert(table), group)


def _values(
    row: dict[str, Any], keys: tuple[str, ...], binds: tuple[Bind, ...], defaults: tuple[Any, ...]
) -> tuple[Any, ...]:
    given = tuple(
        row[key] if bind is None else bind(row[key]) for key, bind in zip(keys, binds, strict=True)
    )
    return given + defaults


@lru_cache(maxsize=1024)  # bounded: every engine (a test makes many) has its own dialect
def _statement(
    dialect: Any, table: Table, keys: tuple[str, ...]
) -> tuple[str, tuple[Bind, ...], tuple[Any, ...]]:
    """The INSERT for these keys (then the columns left out that have a default, bound to it),
    the bind processor of each key's column and the defaults' values, bound."""
    for key in keys:
        if key not in table.c:
            raise KeyError(f"{table.name} has no column {key}")
    left_out = [c for c in table.c if c.key not in keys and c.default is not None]
    for column in left_out:
        if not column.default.is_scalar:  # type: ignore[union-attr]
            raise ValueError(f"{table.name}.{column.key}: only scalar defaults are filled in")
    names = [*(table.c[key].name for key in keys), *(c.name for c in left_out)]
    columns = ", ".join(f'"{name}"' for name in names)
    sql = f'INSERT INTO "{table.name}" ({columns}) VALUES ({", ".join("?" * len(names))})'
    binds = tuple(table.c[key].type._cached_bind_processor(dialect) for key in keys)
    defaults = tuple(
        _bound(c.type._cached_bind_processor(dialect), c.default.arg)  # type: ignore[union-attr]
        for c in left_out
    )
    return sql, binds, defaults


def _bound(bind: Bind, value: Any) -> Any:
    return value if bind is None else bind(value)
