"""Every SQL expression and statement that differs between SQLite and PostgreSQL, in one place
(ARCHITECTURE habit 13; the connection set-up is ``db``). Services write plain SQLAlchemy and
use these where the two engines spell a thing differently; each compiles to the engine's own.

- ``month_text(col)``: a date's "YYYY-MM" (SQLite ``strftime``, PostgreSQL ``to_char``).
- ``joined_text(col)``: a group's values joined with commas (``group_concat``/``string_agg``).
- ``stored_as_integer(col)``: the value is kept as an integer. SQLite keeps whatever a program
  wrote behind ours (``typeof``); PostgreSQL's columns hold only their type, so any non-null
  value is one.
- ``loose_typing``: whether the engine can hold a value of another type than its column's at
  all (``verify.unreadable`` looks for such values only where it can).
- ``integrity_problems`` / ``dangling_references``: the file checks of ``jifen verify``.
  PostgreSQL checks every reference as it writes (there is no way to store a dangling one
  short of a superuser switching its triggers off) and checksums pages itself when the cluster
  was made with them; there is no file of ours to check.
- ``defer_references`` for a bundle's merge: references are checked at commit, not per row.
- ``one_of(col, dialect)``: ``col IN (…)`` for a list of keys given as one parameter; on
  PostgreSQL ``col = ANY(array)``, one parameter instead of 900 for the driver to parse.
- ``copy_rows``: a merge's new rows in bulk (PostgreSQL ``COPY … FROM STDIN``, several times
  faster than row-by-row INSERTs over a connection; SQLite's fast path is ``bulk_sqlite``'s).
  A bundle's rows on PostgreSQL are mostly staged and inserted set-based (``bulk_pg``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Boolean, String, any_, bindparam
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session
from sqlalchemy.sql.functions import FunctionElement

SQLITE_IMPORT_CACHE_KIB = 64 * 1024  # a larger page cache for a township's large merge


class month_text(FunctionElement[str]):  # noqa: N801 - reads like the SQL function it is
    type = String()
    inherit_cache = True


class joined_text(FunctionElement[str]):  # noqa: N801
    type = String()
    inherit_cache = True


class stored_as_integer(FunctionElement[bool]):  # noqa: N801
    type = Boolean()
    inherit_cache = True


# Each construct's SQL per engine; "{}" is the construct's argument.
SPELLINGS: dict[type[FunctionElement[Any]], dict[str, str]] = {
    month_text: {"sqlite": "strftime('%Y-%m', {})", "postgresql": "to_char({}, 'YYYY-MM')"},
    joined_text: {"sqlite": "group_concat({})", "postgresql": "string_agg(CAST({} AS TEXT), ',')"},
    stored_as_integer: {"sqlite": "(typeof({}) = 'integer')", "postgresql": "({} IS NOT NULL)"},
}


def _spell(template: str) -> Any:
    def render(element: FunctionElement[Any], compiler: Any, **kw: Any) -> str:
        return template.format(compiler.process(element.clauses, **kw))

    return render


for _construct, _by_engine in SPELLINGS.items():
    for _engine, _template in _by_engine.items():
        compiles(_construct, _engine)(_spell(_template))


def _is_sqlite(conn_or_session: Any) -> bool:
    bind = conn_or_session.get_bind() if isinstance(conn_or_session, Session) else conn_or_session
    return bool(bind.dialect.name == "sqlite")


def loose_typing(session: Session) -> bool:
    """Whether a column can hold a value of another type (SQLite's type affinity)."""
    return _is_sqlite(session)


def integrity_problems(conn: Any) -> list[str]:
    """SQLite's ``integrity_check`` (["ok"] when the file is sound); ["ok"] on PostgreSQL."""
    if not _is_sqlite(conn):
        return ["ok"]
    return [str(r[0]) for r in conn.exec_driver_sql("PRAGMA integrity_check")]


def dangling_references(conn: Any, most: int = 20) -> list[tuple[Any, ...]]:
    """Rows whose foreign key points nowhere: (table, rowid, parent table, …) on SQLite."""
    if not _is_sqlite(conn):
        return []
    return [tuple(r) for r in conn.exec_driver_sql("PRAGMA foreign_key_check").fetchmany(most)]


def defer_references(conn: Any) -> None:
    """In the open transaction: check foreign keys at commit instead of per row (a bundle's
    rows may refer to rows later in it), and, on SQLite, a larger page cache for the merge.
    PostgreSQL's references are made DEFERRABLE by ``db.upgrade`` for this."""
    if _is_sqlite(conn):
        conn.exec_driver_sql("PRAGMA defer_foreign_keys = ON")
        conn.exec_driver_sql(f"PRAGMA cache_size = -{SQLITE_IMPORT_CACHE_KIB}")
    else:
        conn.exec_driver_sql("SET CONSTRAINTS ALL DEFERRED")


def one_of(column: Any, dialect: str, name: str = "keys") -> Any:
    """``column`` is one of the list passed as parameter ``name``."""
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import ARRAY

        return column == any_(bindparam(name, type_=ARRAY(column.type)))
    return column.in_(bindparam(name, expanding=True))


def copy_rows(conn: Any, table: str, columns: Sequence[str], rows: list[tuple[Any, ...]]) -> None:
    """PostgreSQL: insert ``rows`` (Python values in ``columns``' order) into ``table`` with
    ``COPY``, in the connection's open transaction (psycopg adapts each value as INSERT would)."""
    raw = conn.connection.dbapi_connection
    names = ", ".join(columns)
    with raw.cursor() as cursor, cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


DEFERRABLE_SQL = """
SELECT c.conrelid::regclass::text, c.conname FROM pg_constraint c
JOIN pg_namespace n ON n.oid = c.connamespace
WHERE c.contype = 'f' AND NOT c.condeferrable AND n.nspname = current_schema()
"""


def make_references_deferrable(conn: Any) -> None:
    """PostgreSQL: every foreign key DEFERRABLE INITIALLY IMMEDIATE (checked per statement as
    before, unless a transaction defers them: ``defer_references``). Run after migrating."""
    for table, name in conn.exec_driver_sql(DEFERRABLE_SQL).all():
        conn.exec_driver_sql(
            f'ALTER TABLE {table} ALTER CONSTRAINT "{name}" DEFERRABLE INITIALLY IMMEDIATE'
        )
