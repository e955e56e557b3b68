"""Backups and restores on real SQLite files: a backup holds every row, is of one moment while
the program writes, is rotated 7/4/12 over a year of starts, is made before an upgrade; a
restore refuses what it should with the ledger untouched, and a good one brings the old rows
back with the replaced ledger kept; a backup or restore killed midway leaves the ledger whole."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import textwrap
import threading
from contextlib import closing
from pathlib import Path

import pytest
from backup_testing import opened

from jifen_desktop.model import db, paths
from jifen_desktop.model.backup import service as backups
from jifen_desktop.model.backup.copying import Steps, checksum_path, sha256_of
from jifen_desktop.model.backup.files import BackupInfo, backup_name
from jifen_desktop.model.backup.restore import LedgerInUse, OtherVillageBackup, RestoreRefused
from jifen_desktop.model.backup.rotation import PART_RE, remove_stale_parts, to_remove
from jifen_desktop.model.backup.xz import decompress, is_compressed
from jifen_desktop.model.entry_checks import EntryDraft
from jifen_desktop.model.errors import Cancelled, PermissionDenied
from jifen_desktop.model.instance_lock import FolderInUse
from jifen_desktop.model.ledger import Ledger

FIRST_SCHEMA = Path(__file__).resolve().parent.parent / "data" / "ledger-rev0001.sqlite3"
DAY = dt.date(2026, 3, 2)


def record(world, number: str, count: int = 3) -> None:
    household = world.household(number, f"户主{number}")
    for i in range(count):
        world.ledger.entries.record(
            world.village.id, EntryDraft(household.id, "B05", DAY + dt.timedelta(days=i))
        )


def all_rows(path: Path) -> dict[str, list[tuple]]:
    with opened(path) as conn:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        return {
            t: sorted(conn.execute(f'SELECT * FROM "{t}"').fetchall(), key=repr) for t in tables
        }


def entry_count(path: Path) -> int:
    with opened(path) as conn:
        return conn.execute("SELECT count(*) FROM entries").fetchone()[0]


def snapshot(folder: Path) -> bytes:
    """The ledger's content as SQLite sees it (through its WAL), to show it did not change."""
    with closing(sqlite3.connect(paths.db_path(folder))) as conn:
        return "\n".join(conn.iterdump()).encode()


def test_a_backup_opens_with_the_same_rows_and_its_checksum(world):
    record(world, "0101")
    made = backups.make_backup(world.ledger.folder, "manual").backup
    assert made.path.parent == world.ledger.folder / "backups"
    assert made.kind_name == "手动" and made.village_code == "420881100001"
    assert made.village_name == "张集村" and made.revision == db.HEAD_REVISION
    assert made.path.name.endswith("_manual.sqlite3.xz") and is_compressed(made.path)
    assert all_rows(made.path) == all_rows(paths.db_path(world.ledger.folder))
    with opened(made.path) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone() == ("delete",)  # one file
    assert checksum_path(made.path).read_text().startswith(sha256_of(made.path))
    assert not list(made.path.parent.glob("*.part"))


def test_a_backup_is_of_one_moment_while_the_program_records(world):
    record(world, "0101", 1)
    household = world.household("0102", "李")
    before = entry_count(paths.db_path(world.ledger.folder))

    def write_meanwhile(_fraction: float, message: str) -> None:
        if message.startswith("正在复制数据库") and not written:
            written.append(
                world.ledger.entries.record(world.village.id, EntryDraft(household.id, "B05", DAY))
            )

    written: list[object] = []
    made = backups.make_backup(world.ledger.folder, progress=write_meanwhile).backup
    assert written, "the write ran while the backup held its snapshot"
    assert entry_count(made.path) == before
    assert entry_count(paths.db_path(world.ledger.folder)) == before + 1


def test_backups_succeed_while_another_thread_keeps_recording(world):
    household = world.household("0101", "王")
    stop = threading.Event()

    def keep_recording() -> None:
        with Ledger.open(world.ledger.folder) as other:
            while not stop.is_set():
                other.entries.record(world.village.id, EntryDraft(household.id, "B05", DAY))

    writer = threading.Thread(target=keep_recording)
    writer.start()
    try:
        made = [backups.make_backup(world.ledger.folder).backup for _ in range(5)]
    finally:
        stop.set()
        writer.join()
    counts = [entry_count(m.path) for m in made]
    assert counts == sorted(counts) and counts[-1] > 0
    for m in made:
        with opened(m.path) as conn:
            assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_daily_makes_one_a_day_and_rotates_the_folder(tmp_path):
    folder = tmp_path / "data"
    with Ledger.create(folder) as ledger:
        ledger.villages.create("420881100001", "张集村", "张集镇")
    start = dt.datetime(2025, 12, 27, 8, 30)
    for day in range(40):
        assert backups.daily(folder, now=start + dt.timedelta(days=day)) is not None
        assert backups.daily(folder, now=start + dt.timedelta(days=day, hours=3)) is None
    kept = {b.made_at.date() for b in backups.list_backups(folder)}
    daily = {dt.date(2026, 1, 29) + dt.timedelta(days=i) for i in range(7)}
    assert kept == daily | {dt.date(2026, 1, 25), dt.date(2026, 1, 18), dt.date(2025, 12, 31)}
    assert {p.name for p in (folder / "backups").iterdir()} == {
        n for b in backups.list_backups(folder) for n in (b.path.name, b.path.name + ".sha256")
    }


def test_400_days_of_daily_backups_keep_7_daily_4_weekly_12_monthly():
    """A start every day from 2025-01-01, the rotation after each day's backup."""
    found: list[BackupInfo] = []
    start = dt.datetime(2025, 1, 1, 8, 30)
    for day in range(400):
        found.append(fake("auto", start + dt.timedelta(days=day)))
        removed = {b.path for b in to_remove(found)}
        found = [b for b in found if b.path not in removed]
    assert found[-1].made_at.date() == dt.date(2026, 2, 4)  # a Wednesday
    daily = {dt.date(2026, 1, 29) + dt.timedelta(days=i) for i in range(7)}
    weekly = {dt.date(2026, 2, 1), dt.date(2026, 1, 25), dt.date(2026, 1, 18)}  # Sundays
    monthly = {dt.date(2026, 1, 31), dt.date(2025, 12, 31), dt.date(2025, 11, 30)}
    monthly |= {dt.date(2025, m, d) for m, d in ((10, 31), (9, 30), (8, 31), (7, 31))}
    monthly |= {dt.date(2025, m, d) for m, d in ((6, 30), (5, 31), (4, 30), (3, 31))}
    assert {b.made_at.date() for b in found} == daily | weekly | monthly
    assert len(found) == 19


def fake(kind: str, made_at: dt.datetime, code: str = "420881100001") -> BackupInfo:
    return BackupInfo(Path(backup_name(code, made_at, kind, "0005")), kind, made_at, 1, code)


def test_rotation_spares_other_kinds_and_villages_and_a_rarely_used_laptop():
    mondays = [dt.datetime(2025, 6, 2, 9) + dt.timedelta(weeks=w) for w in range(30)]
    found = [fake("auto", t) for t in mondays]
    found += [fake("upgrade", dt.datetime(2024, 1, i + 1)) for i in range(7)]
    found += [fake("restore", dt.datetime(2024, 2, i + 1)) for i in range(6)]
    found += [fake("manual", dt.datetime(2023, 1, i + 1)) for i in range(12)]
    found += [fake("auto", dt.datetime(2020, 1, 1), code="420881100002")]  # its only copy
    removed = {(b.kind, b.made_at) for b in to_remove(found)}
    # seven started days are kept even though they span seven weeks
    kept_auto = sorted(t for t in mondays if ("auto", t) not in removed)
    assert kept_auto[-7:] == mondays[-7:]
    assert ("auto", dt.datetime(2020, 1, 1)) not in removed
    assert sorted(t for k, t in removed if k == "upgrade") == [
        dt.datetime(2024, 1, 1),
        dt.datetime(2024, 1, 2),
    ]
    assert sorted(t for k, t in removed if k == "restore") == [dt.datetime(2024, 2, 1)]
    assert len([1 for k, _ in removed if k == "manual"]) == 2


def test_backup_to_a_stick_copies_only_the_missing_evidence(world, tmp_path):
    from sample_files import a_jpeg

    from jifen_desktop.model.evidence import store

    photo = a_jpeg(tmp_path / "photo.jpg")

    store(paths.evidence_dir(world.ledger.folder), photo)
    stick = tmp_path / "U盘"
    first = backups.backup_to(world.ledger.folder, stick)
    assert first.evidence_copied == 1 and first.backup.path.parent == stick
    second = backups.backup_to(world.ledger.folder, stick, now=dt.datetime(2030, 1, 1))
    assert second.evidence_copied == 0
    assert len(backups.list_backups(world.ledger.folder, stick)) == 2
    # the copy compressed onto the stick was made in the backups folder, and is gone
    assert not list((world.ledger.folder / "backups").iterdir())


def test_a_good_restore_brings_back_the_old_rows_and_keeps_the_replaced_ledger(world):
    record(world, "0101", 2)
    folder = world.ledger.folder
    made = backups.make_backup(folder).backup
    record(world, "0102", 3)
    service = backups.BackupService(world.ledger)
    result = service.restore(made.path)
    assert (result.households, result.entries) == (1, 2)
    assert result.kept is not None and result.kept.kind == "restore"
    assert entry_count(result.kept.path) == 5
    assert not [p for p in folder.iterdir() if p.name.endswith((".part", "-wal", "-shm"))]
    with Ledger.open(folder) as again:
        again.login("admin", "secret-123")
        assert [h.number for h in again.households.list(world.village.id)] == ["0101"]
        assert again.audit.list(action="backup.restore")[0].summary.endswith(made.path.name)
        assert again.verify().ok


def test_restore_refuses_what_it_must_and_changes_nothing(world, tmp_path):
    record(world, "0101", 1)
    folder = world.ledger.folder
    good = backups.make_backup(folder).backup
    before = snapshot(folder)

    def refused(path: Path, *fragments: str, error: type = RestoreRefused) -> None:
        with pytest.raises(error) as caught:
            backups.restore(folder, path)
        for fragment in fragments:
            assert fragment in caught.value.message
        assert snapshot(folder) == before
        assert not list(folder.glob(".restore-*"))

    text = tmp_path / "名单.sqlite3"
    text.write_text("这不是数据库" * 1000, encoding="utf-8")
    refused(text, "不是积分台账的备份文件")
    refused(tmp_path / "gone.sqlite3", "找不到备份文件")

    plain = tmp_path / "plain.sqlite3"  # as backups were before they were compressed
    decompress(good.path, plain, Steps(None, None))
    corrupt = tmp_path / "corrupt.sqlite3"
    data = bytearray(plain.read_bytes())
    middle = len(data) // 2 // 4096 * 4096
    data[middle : middle + 3 * 4096] = bytes(range(256)) * 48
    corrupt.write_bytes(bytes(data))
    refused(corrupt, "已损坏", "完整性检查")

    flipped = tmp_path / good.path.name
    data = bytearray(good.path.read_bytes())
    data[len(data) // 2] ^= 0x01
    flipped.write_bytes(bytes(data))
    shutil.copy(checksum_path(good.path), checksum_path(flipped))
    refused(flipped, "校验值不符", "请换一个日期的备份")
    checksum_path(flipped).unlink()  # without its checksum: xz's own check of the content
    refused(flipped, "已损坏", "解压不出来", "请换一个日期的备份")
    cut = tmp_path / "cut.sqlite3.xz"
    cut.write_bytes(good.path.read_bytes()[: good.size // 2])
    refused(cut, "已损坏", "解压不出来")

    newer = tmp_path / "newer.sqlite3"
    shutil.copy(plain, newer)
    with closing(sqlite3.connect(newer)) as conn, conn:
        conn.execute("UPDATE alembic_version SET version_num = '0099'")
    refused(newer, "这个备份来自更新版本的积分台账，请先升级程序")


def test_another_villages_backup_only_when_asked_for(world, tmp_path):
    other = tmp_path / "other"
    with Ledger.create(other) as ledger:
        ledger.villages.create("420881100002", "李庄村", "张集镇")
    theirs = backups.make_backup(other).backup
    before = snapshot(world.ledger.folder)
    with pytest.raises(OtherVillageBackup) as caught:
        backups.restore(world.ledger.folder, theirs.path)
    assert "李庄村（420881100002）" in caught.value.message
    assert "张集村（420881100001）" in caught.value.message
    assert snapshot(world.ledger.folder) == before
    result = backups.BackupService(world.ledger).restore(theirs.path, other_village=True)
    assert result.other_village and result.other_replica
    with Ledger.open(world.ledger.folder) as again:
        assert again.villages.list()[0].name == "李庄村"


def test_restore_waits_for_other_programs_to_close_the_ledger(world):
    made = backups.make_backup(world.ledger.folder).backup
    with Ledger.open(world.ledger.folder) as elsewhere:
        elsewhere.villages.list()  # another program holds a connection
        with pytest.raises(LedgerInUse):
            backups.BackupService(world.ledger).restore(made.path)
    assert snapshot(world.ledger.folder)  # still a ledger, WAL and all


def test_restore_on_a_new_computer_and_over_a_damaged_ledger(world, tmp_path):
    record(world, "0101", 2)
    made = backups.backup_to(world.ledger.folder, tmp_path / "stick").backup
    new = tmp_path / "new-computer"
    assert backups.restore(new, made.path).kept is None
    assert entry_count(paths.db_path(new)) == 2
    paths.db_path(new).write_bytes(b"garbage" * 5000)
    result = backups.restore(new, made.path)
    assert result.kept is not None and result.kept.path.read_bytes() == b"garbage" * 5000
    assert result.kept.path.name.endswith("_restore.sqlite3")  # a raw copy: not compressed
    with Ledger.open(new) as ledger:
        assert ledger.villages.list()[0].code == "420881100001"


def test_an_upgrade_backs_up_first_and_an_old_backup_is_upgraded_when_restored(tmp_path):
    folder = tmp_path / "data"
    folder.mkdir()
    shutil.copy(FIRST_SCHEMA, paths.db_path(folder))
    Ledger.open(folder).close()
    (made,) = backups.list_backups(folder)
    assert made.kind == "upgrade" and made.revision == "0001"
    assert made.path.name.endswith("_upgrade-r0001.sqlite3.xz")
    Ledger.open(folder).close()  # already upgraded: no second backup
    assert len(backups.list_backups(folder)) == 1
    result = backups.restore(folder, made.path)
    assert result.upgraded_from == "0001" and result.entries == entry_count(FIRST_SCHEMA)
    with Ledger.open(folder) as ledger:
        assert db.current_revision(ledger.engine) == db.HEAD_REVISION
        assert ledger.verify().ok


def test_only_admins_back_up_and_restore_and_a_backup_is_audited(world, admin_password):
    world.ledger.operators.add(
        "wgy", "网格员", "recorder", "pass-1234", village_id=world.village.id
    )
    recorder = world.ledger.as_actor(world.ledger.operators.authenticate("wgy", "pass-1234"))
    with pytest.raises(PermissionDenied):
        backups.BackupService(recorder).backup()
    admin = world.ledger.as_actor(world.ledger.operators.authenticate("admin", admin_password))
    made = backups.BackupService(admin).backup().value.backup
    assert backups.BackupService(admin).list()[0].path == made.path
    (row,) = admin.audit.list(world.village.id, action="backup.create")
    assert row.operator_name == "管理员" and made.path.name in row.summary


STALLED = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from jifen_desktop.model.backup import service as backups
    folder, at = Path(sys.argv[1]), sys.argv[2]

    def stall(_fraction, message):
        if message.startswith(at):
            print("stalled", flush=True)
            time.sleep(60)

    if len(sys.argv) > 3:
        backups.restore(folder, Path(sys.argv[3]), progress=stall)
    else:
        backups.make_backup(folder, progress=stall)
""")


def killed_at(folder: Path, message: str, *extra: str) -> None:
    """Run a backup (or, with a file, a restore) in a child process and kill -9 it once its
    progress reaches ``message``."""
    child = subprocess.Popen(
        [sys.executable, "-c", STALLED, str(folder), message, *extra],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None
    line = child.stdout.readline().strip()
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    assert line == "stalled", child.stderr.read() if child.stderr else ""


def test_a_backup_or_restore_killed_midway_leaves_the_ledger_whole(world):
    record(world, "0101", 2)
    folder = world.ledger.folder
    made = backups.make_backup(folder).backup
    record(world, "0102", 1)
    world.ledger.close()
    before = snapshot(folder)
    killed_at(folder, "正在检查副本是否完好")  # copied under a temporary name, not renamed
    assert [b.path for b in backups.list_backups(folder)] == [made.path]
    killed_at(folder, "正在压缩备份")  # checked, half compressed under a temporary name
    assert [b.path for b in backups.list_backups(folder)] == [made.path]
    parts = list((folder / "backups").glob(".jifen_*.part*"))
    assert parts and all(PART_RE.fullmatch(p.name) for p in parts)
    assert set(remove_stale_parts(folder / "backups", -1)) == set(parts)  # as the rotation will
    killed_at(folder, "正在换上备份", str(made.path))  # checked, kept, about to swap
    assert snapshot(folder) == before
    with closing(sqlite3.connect(paths.db_path(folder))) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert list(folder.glob(".restore-*"))  # the killed restore's copy, cleared by the next
    assert backups.restore(folder, made.path).entries == 2
    assert not list(folder.glob(".restore-*"))


def test_a_window_open_in_another_process_refuses_a_restore(world):
    made = backups.make_backup(world.ledger.folder).backup
    child = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(world.ledger.folder)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert child.stdout is not None and child.stdout.readline().strip() == "held"
        with pytest.raises(FolderInUse) as caught:
            backups.restore(world.ledger.folder, made.path)
        assert "积分台账窗口" in caught.value.message
    finally:
        child.kill()
        child.wait()


HOLD = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from jifen_desktop.model import instance_lock
    instance_lock.try_acquire(Path(sys.argv[1]))
    print("held", flush=True)
    time.sleep(60)
""")


def test_a_cancelled_backup_or_restore_leaves_nothing_behind(world):
    folder = world.ledger.folder
    made = backups.make_backup(folder).backup
    record(world, "0101", 1)
    before = snapshot(folder)
    cancel = threading.Event()

    def cancel_at_check(_fraction: float, message: str) -> None:
        if message.startswith("正在检查副本是否完好"):
            cancel.set()

    with pytest.raises(Cancelled):
        backups.make_backup(folder, progress=cancel_at_check, cancel=cancel)
    assert [b.path for b in backups.list_backups(folder)] == [made.path]
    assert not list((folder / "backups").glob(".*"))
    cancel.clear()
    with pytest.raises(Cancelled):
        backups.restore(folder, made.path, progress=cancel_at_check, cancel=cancel)
    assert snapshot(folder) == before
    assert not list(folder.glob(".restore-*"))
