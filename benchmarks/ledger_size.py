"""Where a ledger's bytes go: each table and index of a (vacuumed) SQLite ledger by SQLite's
``dbstat``, per entry, and what storing UUIDs as 16-byte blobs and times as integers would save.

    python benchmarks/ledger_size.py LEDGER.sqlite3     # vacuums a copy first
    python benchmarks/ledger_size.py --what-if LEDGER.sqlite3   # and measures the estimate

The estimate counts, in every table and in every index that holds the column, each stored UUID
text (36 characters, declared VARCHAR(36)) as 20 bytes less (a 16-byte blob) and each stored
time text (declared DATETIME, 19 or 26 characters) as the text's length less 8 (an integer of
microseconds). Page slack is left out: the figures are of content, the file is pages.
``--what-if`` then measures it: a scratch copy with every such UUID rewritten as its 16 bytes
and every such time as its microseconds, vacuumed (the program cannot read that copy).
"""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
import sys
import tempfile
import uuid
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

UUID_SAVED = 20  # 36-character text -> 16-byte blob
TIME_AS_INT = 8  # an integer of microseconds


@dataclass(frozen=True)
class Part:
    """A table or index: its bytes in pages and what it is."""

    name: str
    table: str
    size: int


def parts(raw: sqlite3.Connection) -> list[Part]:
    """Every table and index by its pages (``dbstat``), biggest first."""
    owners = dict(raw.execute("SELECT name, tbl_name FROM sqlite_master"))
    rows = raw.execute("SELECT name, sum(pgsize) FROM dbstat GROUP BY name ORDER BY 2 DESC")
    return [Part(name, owners.get(name, name), size) for name, size in rows]


def _columns(raw: sqlite3.Connection, table: str, kind: str) -> list[str]:
    return [
        row[1]
        for row in raw.execute(f'PRAGMA table_info("{table}")')
        if str(row[2]).upper().startswith(kind)
    ]


def _indexed(raw: sqlite3.Connection, table: str) -> dict[str, int]:
    """Column -> how many indexes of ``table`` hold it."""
    held: dict[str, int] = {}
    for index in raw.execute(f'PRAGMA index_list("{table}")').fetchall():
        for info in raw.execute(f'PRAGMA index_info("{index[1]}")'):
            if info[2] is not None:
                held[info[2]] = held.get(info[2], 0) + 1
    return held


def _saved_in(raw: sqlite3.Connection, table: str) -> tuple[int, int]:
    """Bytes a blob UUID and an integer time would save in ``table`` and its indexes."""
    held = _indexed(raw, table)
    uuids = times = 0
    for column in _columns(raw, table, "VARCHAR(36)"):
        (count,) = raw.execute(
            f'SELECT count(*) FROM "{table}" WHERE length("{column}") = 36'
        ).fetchone()
        uuids += count * UUID_SAVED * (1 + held.get(column, 0))
    for column in _columns(raw, table, "DATETIME"):
        (count, chars) = raw.execute(
            f'SELECT count("{column}"), total(length("{column}")) FROM "{table}"'
        ).fetchone()
        times += int(chars - count * TIME_AS_INT) * (1 + held.get(column, 0))
    return uuids, times


def estimate(raw: sqlite3.Connection) -> tuple[int, int]:
    """Bytes saved in the whole ledger by UUID blobs, and by integer times."""
    tables = [
        name
        for (name,) in raw.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    ]
    uuids = times = 0
    for table in tables:
        u, t = _saved_in(raw, table)
        uuids, times = uuids + u, times + t
    return uuids, times


def _as_blob(text: str) -> bytes | str:
    try:
        return uuid.UUID(text).bytes
    except ValueError:
        return text


def _as_micros(text: str) -> int | str:
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        return text
    return int(moment.replace(tzinfo=dt.timezone.utc).timestamp() * 1_000_000)


def rewritten(copy: Path, into: Path) -> int:
    """The bytes of a vacuumed scratch copy of ``copy`` with UUIDs and times as ``estimate``
    counts them."""
    scratch = vacuumed(copy, into, "what-if.sqlite3")
    with closing(sqlite3.connect(scratch)) as raw:
        raw.create_function("as_blob", 1, _as_blob, deterministic=True)
        raw.create_function("as_micros", 1, _as_micros, deterministic=True)
        tables = [
            name
            for (name,) in raw.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        with raw:
            for table in tables:
                for column in _columns(raw, table, "VARCHAR(36)"):
                    raw.execute(
                        f'UPDATE "{table}" SET "{column}" = as_blob("{column}") '
                        f'WHERE length("{column}") = 36'
                    )
                for column in _columns(raw, table, "DATETIME"):
                    raw.execute(
                        f'UPDATE "{table}" SET "{column}" = as_micros("{column}") '
                        f'WHERE "{column}" IS NOT NULL'
                    )
        raw.execute("VACUUM")
    return scratch.stat().st_size


def vacuumed(ledger: Path, into: Path, name: str = "vacuumed.sqlite3") -> Path:
    """A vacuumed copy of ``ledger`` in ``into``: what a fresh ledger of that content takes."""
    copy = into / name
    shutil.copy2(ledger, copy)
    with closing(sqlite3.connect(copy)) as raw:
        raw.execute("VACUUM")
    return copy


def report(copy: Path, top: int = 24) -> None:
    """Print the biggest parts per entry, then the estimate."""
    with closing(sqlite3.connect(copy)) as raw:
        (entries,) = raw.execute("SELECT count(*) FROM entries").fetchone()
        per = max(entries, 1)
        found = parts(raw)
        print(f"  {'table or index':<40} {'MB':>8} {'B/entry':>8}")
        for part in found[:top]:
            print(f"  {part.name:<40} {part.size / 1e6:8.2f} {part.size / per:8.0f}")
        rest = sum(part.size for part in found[top:])
        print(f"  {'(the rest)':<40} {rest / 1e6:8.2f} {rest / per:8.0f}")
        uuids, times = estimate(raw)
    print(f"  UUIDs as 16-byte blobs would save ~{uuids / per:.0f} B/entry ({uuids / 1e6:.1f} MB)")
    print(f"  times as integers would save ~{times / per:.0f} B/entry ({times / 1e6:.1f} MB)")


def main() -> None:
    args = sys.argv[1:]
    what_if = args[:1] == ["--what-if"]
    if len(args) != 1 + what_if:
        sys.exit(__doc__)
    with tempfile.TemporaryDirectory(prefix="jifen-ledger-size-") as tmp:
        copy = vacuumed(Path(args[-1]), Path(tmp))
        print(f"{copy.stat().st_size / 1e6:.1f} MB vacuumed")
        report(copy)
        if what_if:
            with closing(sqlite3.connect(copy)) as raw:
                (entries,) = raw.execute("SELECT count(*) FROM entries").fetchone()
            size = rewritten(copy, Path(tmp))
            print(
                f"  measured with both: {size / 1e6:.1f} MB vacuumed, "
                f"{size / max(entries, 1) / 1024:.2f} KB per entry"
            )


if __name__ == "__main__":
    main()
