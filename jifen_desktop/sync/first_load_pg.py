"""A first load into an empty PostgreSQL township: the big tables' secondary indexes and
foreign keys set aside for the load, as the statements that make them again.

Indexes that are not unique (and not a primary key or a constraint's) are dropped; the
foreign keys declared on the big tables are dropped. What comes back: ``CREATE INDEX`` as the
server defines each (``pg_get_indexdef``) and ``ALTER TABLE … ADD CONSTRAINT`` as the server
defines each key (``pg_get_constraintdef``: deferrable as it was, and validated when added).
Indexes first, then ``ANALYZE`` of the loaded tables the summaries read (the planner knew them
empty: without it the summaries probe an index once per entry and sort on disk), then the
keys, so checking a key may use them. The load runs with more working memory (``SET LOCAL``:
this transaction only). Everything in the caller's transaction: a refusal anywhere brings
them all back. A key that a loaded row breaks (a
reference to nothing) refuses the whole load (``build_pg``), as its check at commit would have,
with the same words (``sync.dangling``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from jifen_desktop.model.bulk_pg import quoted

INDEXES_SQL = """
SELECT c.relname, pg_get_indexdef(i.indexrelid) FROM pg_index i
JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_class t ON t.oid = i.indrelid
WHERE t.relnamespace = CAST(current_schema() AS regnamespace) AND t.relname = ANY(%s)
AND NOT i.indisunique AND NOT i.indisprimary
AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)
ORDER BY c.relname
"""
KEYS_SQL = """
SELECT t.relname, k.conname, pg_get_constraintdef(k.oid) FROM pg_constraint k
JOIN pg_class t ON t.oid = k.conrelid
WHERE t.relnamespace = CAST(current_schema() AS regnamespace) AND t.relname = ANY(%s)
AND k.contype = 'f'
ORDER BY t.relname, k.conname
"""

# The keys of the big tables (primary keys, unique constraints) and the unique indexes that
# are no constraint's, and the foreign keys of other tables that refer to those tables.
OWN_KEYS_SQL = """
SELECT t.relname, k.conname, pg_get_constraintdef(k.oid) FROM pg_constraint k
JOIN pg_class t ON t.oid = k.conrelid
WHERE t.relnamespace = CAST(current_schema() AS regnamespace) AND t.relname = ANY(%s)
AND k.contype IN ('p', 'u')
ORDER BY t.relname, k.contype, k.conname
"""
UNIQUE_INDEXES_SQL = INDEXES_SQL.replace("NOT i.indisunique", "i.indisunique")
REFERRING_SQL = """
SELECT t.relname, k.conname, pg_get_constraintdef(k.oid) FROM pg_constraint k
JOIN pg_class t ON t.oid = k.conrelid JOIN pg_class r ON r.oid = k.confrelid
WHERE t.relnamespace = CAST(current_schema() AS regnamespace) AND r.relname = ANY(%s)
AND k.contype = 'f'
ORDER BY t.relname, k.conname
"""


# For this transaction only: sorts and hashes of the keys' checks and the summaries in memory
# rather than spilled to files, and index builds with room for the server's parallel workers.
# (statistics from a sample of 3,000 rows: enough to plan these; autovacuum takes its full
# sample after the commit, the rows it counts as changed being all of them.)
LOAD_SETTINGS = (
    "work_mem = '64MB'",
    "maintenance_work_mem = '256MB'",
    "default_statistics_target = 10",
)
# The loaded tables that the summaries (``model.summaries``, made after the keys) read.
ANALYZED = ("entries", "entry_decisions", "households")


def set_aside_pg(conn: Any, tables: Sequence[str], dropped_for_good: Sequence[str]) -> list[str]:
    """Drop the secondary indexes and foreign keys of ``tables``; the statements that make
    them again (not those of ``dropped_for_good``: indexes a township does not keep)."""
    for setting in LOAD_SETTINGS:
        conn.exec_driver_sql(f"SET LOCAL {setting}")
    indexes = conn.exec_driver_sql(INDEXES_SQL, (list(tables),)).all()
    keys = conn.exec_driver_sql(KEYS_SQL, (list(tables),)).all()
    again = _dropped_constraints(conn, keys)
    made = []
    for name, definition in indexes:
        conn.exec_driver_sql(f"DROP INDEX {quoted(name)}")
        if name not in dropped_for_good:
            made.append(str(definition))
    analyze = [f"ANALYZE {quoted(table)}" for table in tables if table in ANALYZED]
    return made + analyze + again


def set_keys_aside_pg(conn: Any, tables: Sequence[str]) -> list[str]:
    """After ``set_aside_pg``: drop the keys and unique indexes of ``tables`` too, and the
    foreign keys left that refer to them; the statements that make them again (keys, unique
    indexes, then those foreign keys). Each key is then made by one sort after the rows are in
    (a primary key of random ids kept up row by row costs the server about three times as
    much); a record held twice is refused when its key is made again (``unique_violation``),
    no longer when its row arrives, so only a load that may wait till then to know (the first
    load with workers, ``first_load_pg_workers``) sets them aside."""
    named = list(tables)
    referring = conn.exec_driver_sql(REFERRING_SQL, (named,)).all()
    keys = conn.exec_driver_sql(OWN_KEYS_SQL, (named,)).all()
    unique = conn.exec_driver_sql(UNIQUE_INDEXES_SQL, (named,)).all()
    again = _dropped_constraints(conn, referring)
    made = _dropped_constraints(conn, keys)
    for name, definition in unique:
        conn.exec_driver_sql(f"DROP INDEX {quoted(name)}")
        made.append(str(definition))
    return made + again


def _dropped_constraints(conn: Any, found: Sequence[Any]) -> list[str]:
    """Drop these (table, constraint, definition); the statements adding them again."""
    again = []
    for table, name, definition in found:
        conn.exec_driver_sql(f"ALTER TABLE {quoted(table)} DROP CONSTRAINT {quoted(name)}")
        again.append(f"ALTER TABLE {quoted(table)} ADD CONSTRAINT {quoted(name)} {definition}")
    return again


def build_pg(conn: Any, statements: Sequence[str]) -> None:
    """Make the indexes and keys again. A key that a loaded row breaks (a reference to
    nothing) fails here with the server's foreign-key error, which refuses the whole load in
    words (``dangling.refusing_dangling``, around the import's transaction)."""
    for sql in statements:
        conn.exec_driver_sql(sql)
