"""Whether two demo villages hold the same records, leaving aside what differs by nature
between two runs: ids (random UUIDs), the times things were written, clocks, hashes and keys.

    python benchmarks/demo_compare.py LEDGER_A LEDGER_B

Each argument is a ledger folder (or its ``ledger.sqlite3``). For every table of either file, the
rows are read with every value as stored, except that text has its UUIDs and date-times
replaced by placeholders (audit rows' JSON included, with the clocks in it) and the columns in ``LEFT_OUT`` are left
out; the two files' rows of a table are then compared as multisets. Prints each table's row
count and ``same`` or how many rows differ; exits 1 when any table differs. Used to check that
a faster demo makes the same village (benchmarks/README.md, demo generation).
"""

from __future__ import annotations

import re
import sqlite3
import sys
from collections import Counter
from pathlib import Path
from typing import Any

UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
DATETIME = re.compile(r"\d{4}-\d\d-\d\d[ T]\d\d:\d\d:\d\d(\.\d+)?")
CLOCK = re.compile(r'"hlc": ?\d+')  # a record's clock in an audit row's JSON
# Made of times, random bytes or hashes over ids: never the same in two runs.
LEFT_OUT = {
    "hlc",
    "hlc_last",
    "password_hash",
    "signing_key",
    "public_key",
    "hash",
    "prev_hash",
    "rows",
    "marker",
}
SKIPPED_TABLES = {"alembic_version", "sqlite_sequence"}


def database(path: str) -> Path:
    folder = Path(path)
    return folder if folder.is_file() else folder / "ledger.sqlite3"


def normal(value: Any) -> Any:
    if isinstance(value, str):
        return CLOCK.sub('"hlc":<clock>', DATETIME.sub("<time>", UUID.sub("<id>", value)))
    return value


def table_rows(conn: sqlite3.Connection, table: str) -> Counter[tuple[Any, ...]]:
    if table not in tables(conn):
        return Counter()
    cursor = conn.execute(f'SELECT * FROM "{table}"')
    keep = [i for i, d in enumerate(cursor.description) if d[0] not in LEFT_OUT]
    return Counter(tuple(normal(row[i]) for i in keep) for row in cursor)


def tables(conn: sqlite3.Connection) -> set[str]:
    found = conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
    return {name for (name,) in found} - SKIPPED_TABLES


def compare(a: Path, b: Path) -> int:
    """Print the comparison; the number of tables that differ."""
    first, second = sqlite3.connect(a), sqlite3.connect(b)
    differing, total = 0, 0
    for table in sorted(tables(first) | tables(second)):
        rows_a, rows_b = table_rows(first, table), table_rows(second, table)
        total += sum(rows_a.values())
        odd = sum(((rows_a - rows_b) + (rows_b - rows_a)).values())
        verdict = "same" if odd == 0 else f"DIFFERENT: {odd} rows"
        differing += odd != 0
        print(f"{table:<32} {sum(rows_a.values()):>9} {sum(rows_b.values()):>9}  {verdict}")
    print(f"{total} rows in {len(tables(first))} tables; {differing} tables differ")
    return differing


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__)
        return 2
    return 1 if compare(database(argv[0]), database(argv[1])) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
