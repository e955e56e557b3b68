"""``jifen verify``: a row's values in their JSON form, as SQL (``verify.digests``).

The row form (``row_form``) of a value, formed by SQLite, for the values the program writes:
an integer, a text or NULL as it is; a date ``YYYY-MM-DD`` as it is; a time
``YYYY-MM-DD HH:MM:SS.ffffff`` with its space a ``T`` and without ``.000000`` (what
``fromisoformat(...).isoformat()`` gives); a boolean 0/1 as false/true. Each column comes with
the SQL condition that its value is in such a form; a row that fails it is formed the
program's way instead.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from typing import Any, Literal

from sqlalchemy import Boolean, Date, DateTime

from ..row_form import SyncedTable

# (id, replica, seq, sha256 of the row form, or None: to be formed the program's way)
Digested = tuple[str, str, int, bytes | None]
# "json": an element of json_array; "text": its JSON text; "raw": the value Python would read
Mode = Literal["json", "text", "raw"]
Texts = frozenset[str] | None

DATE_GLOB = "[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]"
TIME_GLOB = f"{DATE_GLOB} [0-9][0-9]:[0-9][0-9]:[0-9][0-9].[0-9][0-9][0-9][0-9][0-9][0-9]"
BOOLEAN = "CASE {c} WHEN 1 THEN 'true' WHEN 0 THEN 'false' ELSE 'null' END"


def column_sql(
    synced: SyncedTable,
    name: str,
    prefix: str = "",
    mode: Mode = "json",
    texts: Texts = None,
) -> tuple[str, str]:
    """(SQL of the column's value in its JSON form, SQL of the condition that the value is in
    a form the program writes, '' if none is needed); ``prefix``: the table's alias and a dot;
    ``texts``: the columns of text affinity (``text_columns``; None: check every column)."""
    c = f'{prefix}"{name}"'
    kind = synced.table.c[name].type
    if isinstance(kind, Boolean):
        strict = f"({c} IS NULL OR (typeof({c}) = 'integer' AND {c} IN (0, 1)))"
        if mode == "raw":
            return c, strict
        text = BOOLEAN.format(c=c)
        return (f"json({text})" if mode == "json" else text), strict
    if isinstance(kind, DateTime):
        value = (
            f"CASE WHEN substr({c}, 20) = '.000000' THEN replace(substr({c}, 1, 19), ' ', 'T') "
            f"ELSE replace({c}, ' ', 'T') END"
        )
        strict = f"({c} IS NULL OR (typeof({c}) = 'text' AND {c} GLOB '{TIME_GLOB}'))"
    elif isinstance(kind, Date):
        value, strict = c, f"({c} IS NULL OR (typeof({c}) = 'text' AND {c} GLOB '{DATE_GLOB}'))"
    else:
        value, strict = c, _plain_check(c, name, None if mode == "raw" else texts)
    return (f"json_quote({value})" if mode == "text" else value), strict


def _plain_check(c: str, name: str, texts: Texts) -> str:
    """A column with no conversion holds an integer, a text or NULL. Where the value goes
    into a JSON function (``texts`` given), a BLOB stops the query (``is_blob_error``) and only a
    real number needs a look; a column of text affinity holds none (SQLite stores a number
    put there as text)."""
    if texts is None:
        return f"typeof({c}) IN ('integer', 'text', 'null')"
    return "" if name in texts else f"typeof({c}) <> 'real'"


def json_array(
    synced: SyncedTable, names: tuple[str, ...], prefix: str = "", texts: Texts = None
) -> tuple[str, str]:
    """(SQL of the JSON array of these columns' values, SQL of the condition that all are in
    form)."""
    pairs = [column_sql(synced, name, prefix, "json", texts) for name in names]
    exprs = ", ".join(expr for expr, _ in pairs)
    return f"json_array({exprs})", all_of(strict for _, strict in pairs)


def all_of(conditions: Iterable[str]) -> str:
    return " AND ".join(c for c in conditions if c) or "1"


def text_columns(conn: Any, table: str) -> frozenset[str]:
    """The table's columns of text affinity, as the database file declares them."""
    declared = raw_rows(conn, f'PRAGMA table_info("{table}")')
    return frozenset(name for _cid, name, kind, *_rest in declared if _is_text(str(kind)))


def _is_text(kind: str) -> bool:
    """SQLite's rule: INT first, then CHAR, CLOB or TEXT."""
    kind = kind.upper()
    return "INT" not in kind and any(word in kind for word in ("CHAR", "CLOB", "TEXT"))


def is_blob_error(error: Exception) -> bool:
    """Whether a JSON function stopped at a BLOB (a value the program never writes)."""
    return isinstance(error, sqlite3.OperationalError) and "BLOB" in str(error)


def is_boolean(synced: SyncedTable, name: str) -> bool:
    return isinstance(synced.table.c[name].type, Boolean)


def raw_rows(conn: Any, sql: str, params: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """The rows of a query, straight from the ``sqlite3`` cursor under SQLAlchemy's connection
    ``conn`` (the same transaction; no SQLAlchemy row per row: verify reads 600,000)."""
    cursor = conn.connection.driver_connection.cursor()
    try:
        yield from cursor.execute(sql, params)
    finally:
        cursor.close()


def has_rowid(conn: Any, table: str) -> bool:
    """Whether the table has SQLite's own ``rowid`` to read it by (the program's tables do; one
    rebuilt by hand ``WITHOUT ROWID``, or with a column of that name, is read the program's way)."""
    columns = {str(row[1]).lower() for row in raw_rows(conn, f'PRAGMA table_info("{table}")')}
    if columns & {"rowid", "oid", "_rowid_"}:
        return False
    try:
        list(raw_rows(conn, f'SELECT rowid FROM "{table}" LIMIT 0'))
    except sqlite3.OperationalError:
        return False
    return True
