"""Compressed backups on real SQLite files: the decompressed copy is exactly the checked copy
that was compressed, and restores the ledger's rows; a backup made before compression (a plain
``.sqlite3``) is still listed and restored; a year of daily starts keeps the backups under the
cap on their total (``CAP_TIMES_LEDGER`` × the ledger), sparing what must be spared."""

from __future__ import annotations

import datetime as dt
import sqlite3
from contextlib import closing
from pathlib import Path

from backup_testing import opened

from jifen_desktop.model import paths
from jifen_desktop.model.backup import service as backups
from jifen_desktop.model.backup.copying import (
    Steps,
    copy_into,
    sha256_of,
    write_checksum,
)
from jifen_desktop.model.backup.files import BackupInfo, backup_name, backups_in
from jifen_desktop.model.backup.rotation import CAP_TIMES_LEDGER, over_cap
from jifen_desktop.model.backup.xz import decompress, is_compressed
from jifen_desktop.model.entry_checks import EntryDraft
from jifen_desktop.model.ledger import Ledger

DAY = dt.date(2026, 3, 2)


def record(world, number: str, count: int) -> None:
    household = world.household(number, f"户主{number}")
    for i in range(count):
        world.ledger.entries.record(
            world.village.id, EntryDraft(household.id, "B05", DAY + dt.timedelta(days=i))
        )


def rows(conn: sqlite3.Connection, table: str) -> list[tuple]:
    return sorted(conn.execute(f'SELECT * FROM "{table}"').fetchall(), key=repr)


def dump(path: Path) -> list[str]:
    with opened(path) as conn:
        return list(conn.iterdump())


def test_decompressing_gives_back_exactly_the_checked_copy_and_a_restore_its_rows(world, tmp_path):
    record(world, "0101", 4)
    folder = world.ledger.folder
    ledger_dump = dump(paths.db_path(folder))
    made = backups.make_backup(folder)
    assert is_compressed(made.backup.path) and made.backup.path.name.endswith(".sqlite3.xz")
    assert made.backup.size < paths.db_path(folder).stat().st_size / 3
    plain = tmp_path / "plain.sqlite3"
    decompress(made.backup.path, plain, Steps(None, None))
    assert sha256_of(plain) == made.content_sha256  # byte for byte the copy compressed
    assert dump(plain) == ledger_dump
    with closing(sqlite3.connect(paths.db_path(folder))) as conn:
        entries_then = rows(conn, "entries")
        households_then = rows(conn, "households")
    record(world, "0102", 2)
    world.ledger.close()
    result = backups.restore(folder, made.backup.path)
    assert result.entries == len(entries_then) and result.kept is not None
    assert is_compressed(result.kept.path)  # the 恢复前 copy is compressed too
    with closing(sqlite3.connect(paths.db_path(folder))) as conn:
        assert rows(conn, "entries") == entries_then
        assert rows(conn, "households") == households_then
    with Ledger.open(folder) as again:
        assert again.verify().ok


def old_plain_backup(folder: Path, made_at: dt.datetime) -> Path:
    """A backup as they were made before compression: the checked copy itself, its checksum."""
    where = backups.backups_dir(folder)
    where.mkdir(exist_ok=True)
    path = where / backup_name("420881100001", made_at, "manual", plain=True)
    copy_into(paths.db_path(folder), path, Steps(None, None))
    write_checksum(path, sha256_of(path))
    return path


def test_an_old_uncompressed_backup_is_listed_beside_new_ones_and_restores(world):
    record(world, "0101", 3)
    folder = world.ledger.folder
    old = old_plain_backup(folder, dt.datetime(2026, 1, 5, 8, 0))
    record(world, "0102", 2)
    new = backups.make_backup(folder).backup
    listed = backups.list_backups(folder)
    assert [b.path for b in listed] == [new.path, old]
    assert all(b.readable and b.village_name == "张集村" for b in listed)
    assert listed[1].path.suffix == ".sqlite3" and listed[0].path.suffix == ".xz"
    world.ledger.close()
    result = backups.restore(folder, old)
    assert result.entries == 3
    with Ledger.open(folder) as again:
        assert again.verify().ok


def test_a_listing_reads_only_the_head_of_a_big_backup_or_else_the_whole(world, monkeypatch):
    """The first megabyte is enough for a ledger made at this schema; when the rows are not
    there, the whole file is read."""
    from jifen_desktop.model.backup import xz as backup_xz

    with closing(sqlite3.connect(paths.db_path(world.ledger.folder))) as conn, conn:
        conn.execute("CREATE TABLE filler (x BLOB)")  # a ledger of 3 MB: its head is not all
        conn.execute("INSERT INTO filler VALUES (randomblob(3000000))")
    made = backups.make_backup(world.ledger.folder).backup
    limits: list[int | None] = []
    real = backup_xz.decompress
    monkeypatch.setattr(
        backup_xz, "decompress", lambda *a, **k: limits.append(a[3]) or real(*a, **k)
    )
    head = backups.list_backups(world.ledger.folder)[0]
    assert (head.revision, head.village_name) == (made.revision, "张集村")
    assert limits == [backup_xz.HEAD_BYTES]
    monkeypatch.setattr(backup_xz, "HEAD_BYTES", 4096)  # only page 1: the tables are not there
    again = backups.list_backups(world.ledger.folder)[0]
    assert again.path == made.path and again.revision == made.revision
    assert again.village_name == "张集村"
    assert limits[1:] == [4096, None]  # the head did not hold them: the whole file


def fake(kind: str, made_at: dt.datetime, size: int, *, plain: bool = False) -> BackupInfo:
    name = backup_name("420881100001", made_at, kind, "0005")
    return BackupInfo(Path(name.removesuffix(".xz") if plain else name), kind, made_at, size, "1")


def test_the_cap_takes_the_oldest_and_spares_the_newest_of_each_kind_and_recent_upgrades():
    now = dt.datetime(2026, 6, 30, 8)
    kept = [fake("auto", now - dt.timedelta(days=d), 10) for d in range(0, 300, 20)]
    kept += [fake("manual", dt.datetime(2025, 1, d), 100, plain=True) for d in (1, 2)]
    kept += [fake("upgrade", now - dt.timedelta(days=d), 100) for d in (10, 200)]
    kept += [fake("restore", dt.datetime(2024, 1, 1), 100)]
    removed = over_cap(kept, 350)
    left = [b for b in kept if b not in removed]
    assert sum(b.size for b in left) <= 350
    kinds = {b.kind for b in left}
    assert kinds == {"auto", "manual", "upgrade", "restore"}  # the newest of each kind stays
    assert fake("upgrade", now - dt.timedelta(days=10), 100) in left  # of the last 30 days
    assert fake("manual", dt.datetime(2025, 1, 1), 100, plain=True) in removed  # oldest first
    assert fake("upgrade", now - dt.timedelta(days=200), 100) in removed
    assert sorted(b.made_at for b in left if b.kind == "auto") == [
        now - dt.timedelta(days=d) for d in (80, 60, 40, 20, 0)
    ]
    assert over_cap(left, 350) == []
    # What cannot go stays, even over the cap: the newest of each kind, the recent upgrade.
    assert {b.kind for b in left if b not in over_cap(left, 1)} == set(kinds)


def test_a_year_of_starts_keeps_the_backups_under_the_cap(tmp_path):
    """The real daily backup every fourth day for a year (a fake calendar: ``now``), with a
    backup by hand each month, the ledger growing meanwhile."""
    folder = tmp_path / "data"
    with Ledger.create(folder) as ledger:
        ledger.villages.create("420881100001", "张集村", "张集镇")
    start = dt.datetime(2025, 7, 1, 8, 30)
    worst = 0.0
    with closing(sqlite3.connect(paths.db_path(folder))) as conn:
        conn.execute("CREATE TABLE filler (x BLOB)")  # stands in for the year's records
        for day in range(0, 366, 4):  # a laptop switched on about twice a week
            now = start + dt.timedelta(days=day)
            conn.execute("INSERT INTO filler VALUES (randomblob(2000) || zeroblob(6000))")
            conn.commit()
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # the file's size is the ledger's
            assert backups.daily(folder, now=now) is not None
            if day % 30 == 0:
                backups.make_backup(folder, "manual", now=now + dt.timedelta(hours=1))
            total = sum(b.size for b in backups_in(backups.backups_dir(folder)))
            worst = max(worst, total / paths.db_path(folder).stat().st_size)
    assert worst <= CAP_TIMES_LEDGER
    kinds = {b.kind for b in backups_in(backups.backups_dir(folder))}
    assert kinds == {"auto", "manual"}
