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
    again = []
    for table, name, definition in keys:
        conn.exec_driver_sql(f"ALTER TABLE {quoted(table)} DROP CONSTRAINT {quoted(name)}")
        again.append(f"ALTER TABLE {quoted(table)} ADD CONSTRAINT {quoted(name)} {definition}")
    made = []
    for name, definition in indexes:
        conn.exec_driver_sql(f"DROP INDEX {quoted(name)}")
        if name not in dropped_for_good:
            made.append(str(definition))
    analyze = [f"ANALYZE {quoted(table)}" for table in tables if table in ANALYZED]
    return made + analyze + again


def build_pg(conn: Any, statements: Sequence[str]) -> None:
    """Make the indexes and keys again. A key that a loaded row breaks (a reference to
    nothing) fails here with the server's foreign-key error, which refuses the whole load in
    words (``dangling.refusing_dangling``, around the import's transaction)."""
    for sql in statements:
        conn.exec_driver_sql(sql)
