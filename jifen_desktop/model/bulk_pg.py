"""PostgreSQL bulk writing for a bundle's merge (issue 20): a table's arriving rows go into a
staging table with ``COPY``, the server turns them into the table's own column types, and
the rows the merge rules leave to it go in with one ``INSERT … SELECT``.

* ``COPY`` takes the bundle's JSON lines as they are (one text column, CSV with a delimiter
  and a quote that JSON never holds raw): the client neither converts nor adapts a value.
* The typed staging table holds, per arriving row, its place in the bundle (``n``), its values
  cast from ``jsonb`` to the target columns' types, and ``py``: the rows the caller marks for
  the row-by-row path (held here already, or clashing), read back as their lines.
* Both tables are TEMP, ON COMMIT DROP, and dropped when the table is done; everything runs in
  the caller's transaction, so a refusal rolls all of it back.
* A first load's rows skip the staging: ``OpenCopy`` sends the values straight into the table,
  one ``COPY`` left open over a table's chunks so that the server inserts while the client
  reads on.

The merge rules (which rows are new, which clash) are ``sync/merge_pg``'s; this knows tables,
columns and SQL only. ``model/`` never imports Qt, nor sync.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import ExitStack
from typing import Any

RAW_FORMAT = "FORMAT csv, DELIMITER E'\\x02', QUOTE E'\\x01'"
TYPES_SQL = """
SELECT a.attname, format_type(a.atttypid, NULL) FROM pg_attribute a
WHERE a.attrelid = CAST(%s AS regclass) AND a.attnum > 0 AND NOT a.attisdropped
"""
TEXT_TYPES = frozenset({"text", "character varying"})
PAGE = 5000
UNIQUE_VIOLATION = "23505"


def is_unique_violation(exc: BaseException) -> bool:
    """Whether the server refused a row because its key or a unique column is taken."""
    return getattr(exc, "sqlstate", None) == UNIQUE_VIOLATION


class OpenCopy:
    """``COPY`` of rows straight into a table (values in ``columns``' order, as JSON gives
    them: text, numbers, booleans, None; the server reads each as its column's type exactly as
    ``CAST`` from text would), left open from one chunk to the next: the server inserts a chunk
    on its own core while the client reads and checks the next. ``end`` waits for the server
    and raises what it refused (a key taken: ``is_unique_violation``); ``abort`` gives the
    ``COPY`` up. While it is open nothing else may run on the connection (psycopg holds the
    connection's lock: a statement would wait for ever), so the caller ends it first."""

    def __init__(self, conn: Any, table: str, columns: Sequence[str]) -> None:
        self.conn = conn
        names = ", ".join(quoted(name) for name in columns)
        self.sql = f"COPY {quoted(table)} ({names}) FROM STDIN"
        self._open: ExitStack | None = None
        self._write_row: Any = None

    def write(self, rows: Sequence[Sequence[Any]]) -> None:
        """Send these rows (the ``COPY`` begins with the first)."""
        if self._open is None:
            opened = ExitStack()
            cursor = opened.enter_context(self.conn.connection.dbapi_connection.cursor())
            self._write_row = opened.enter_context(cursor.copy(self.sql)).write_row
            self._open = opened
        write_row = self._write_row
        for row in rows:
            write_row(row)

    def end(self) -> None:
        """Wait for the server to take every row sent (nothing when none was)."""
        opened, self._open = self._open, None
        if opened is not None:
            opened.close()

    def abort(self, why: BaseException) -> None:
        """Give the ``COPY`` up (``why`` stopped the merge); the connection is free again."""
        opened, self._open = self._open, None
        if opened is not None:
            opened.__exit__(type(why), why, why.__traceback__)


def quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def column_types(conn: Any, table: str) -> dict[str, str]:
    """Column -> the type to cast a JSON value to (no length: the INSERT checks that)."""
    return dict(conn.exec_driver_sql(TYPES_SQL, (table,)).all())


class Staging:
    """One table's arriving rows on the server, while a bundle merges."""

    def __init__(self, conn: Any, table: str, columns: Sequence[str]) -> None:
        self.conn = conn
        self.table = table
        self.columns = tuple(columns)
        self.raw = "pg_temp." + quoted(f"staged_{table}_lines")  # never a table of the schema
        self.typed = "pg_temp." + quoted(f"staged_{table}")
        self.count = 0
        self._drop()
        self._sql(
            f"CREATE TEMP TABLE {self.raw} (n bigint GENERATED ALWAYS AS IDENTITY, "
            "line text NOT NULL) ON COMMIT DROP"
        )

    def _sql(self, sql: str, params: Any = None) -> Any:
        return self.conn.exec_driver_sql(sql, params) if params else self.conn.exec_driver_sql(sql)

    def _drop(self) -> None:
        self._sql(f"DROP TABLE IF EXISTS {self.raw}, {self.typed}")

    def copy(self, lines: Sequence[bytes]) -> None:
        """Stage these JSON lines (one row each, in the table's column order)."""
        sql = f"COPY {self.raw} (line) FROM STDIN WITH ({RAW_FORMAT})"
        with self.conn.connection.dbapi_connection.cursor() as cursor, cursor.copy(sql) as copy:
            copy.write(b"\n".join(lines) + b"\n")
        self.count += len(lines)

    def cast(self) -> None:
        """The typed table: every staged row's values in the target's column types."""
        types = column_types(self.conn, self.table)
        values = []
        for at, name in enumerate(self.columns):
            value = f"j->>{at}"
            kind = types[name]
            values.append(
                f"{value if kind in TEXT_TYPES else f'CAST({value} AS {kind})'} AS {quoted(name)}"
            )
        self._sql(
            f"CREATE TEMP TABLE {self.typed} ON COMMIT DROP AS SELECT n, false AS py, "
            f"{', '.join(values)} FROM (SELECT n, CAST(line AS jsonb) AS j FROM {self.raw} OFFSET 0) AS x"
        )

    def mark(self, conditions: Sequence[str]) -> None:
        """Mark for the row-by-row path the staged rows meeting any of ``conditions`` (SQL
        over the typed table, named ``s``; ``{staged}`` in them names it whole): one statement
        each, so that the server joins (a semi-join) rather than probing row by row, as it
        must for conditions joined by OR."""
        for condition in conditions:
            found = condition.format(staged=self.typed)
            self._sql(f"UPDATE {self.typed} AS s SET py = true WHERE NOT s.py AND {found}")

    def marked_lines(self) -> Iterator[list[bytes]]:
        """The marked rows' lines as the bundle held them, in its order, in pages."""
        numbers = [n for (n,) in self._sql(f"SELECT n FROM {self.typed} WHERE py ORDER BY n")]
        select = f"SELECT line FROM {self.raw} WHERE n = ANY(%s) ORDER BY n"
        for start in range(0, len(numbers), PAGE):
            page = numbers[start : start + PAGE]
            yield [line.encode() for (line,) in self._sql(select, (page,))]

    def unmarked_of(self, ids: Sequence[str]) -> set[str]:
        """Which of these ids are staged and not marked (they go in by ``insert``)."""
        sql = f"SELECT id FROM {self.typed} WHERE NOT py AND id = ANY(%s)"
        return {row[0] for row in self._sql(sql, (list(ids),))}

    def insert(self, returning: str | None = None) -> tuple[int, list[Any]]:
        """Insert every unmarked row; (how many, the ``returning`` column's values)."""
        names = ", ".join(quoted(name) for name in self.columns)
        sql = f"INSERT INTO {quoted(self.table)} ({names}) SELECT {names} FROM {self.typed} WHERE NOT py"
        if returning is None:
            return self._sql(sql).rowcount, []
        values = [row[0] for row in self._sql(f"{sql} RETURNING {quoted(returning)}")]
        return len(values), values

    def close(self) -> None:
        self._drop()
