"""What a restore leaves behind and what it stands between (issue 16): the write lock between
commands and a restore, the fresh replica a restored ledger continues under, and the
half-written copy a killed backup left on a stick, removed by the next backup there."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from lock_holders import lock_holders
from sqlalchemy import select

from jifen_desktop.model import instance_lock, write_lock
from jifen_desktop.model.backup import service as backups
from jifen_desktop.model.backup.restore import RestoreRefused
from jifen_desktop.model.backup.rotation import writing
from jifen_desktop.model.ledger import Ledger
from jifen_desktop.model.schema import Replica
from jifen_desktop.model.schema.sync import held_ends
from jifen_desktop.model.setup import AdminDetails, create_township


@pytest.fixture
def other_process() -> Iterator[Callable[[Path, str], None]]:
    """``hold(folder, how)``: another process holds ``folder``'s write lock that way."""
    with lock_holders() as hold:
        yield hold


def test_commands_share_the_folder_and_a_restore_waits_for_them(tmp_path, other_process):
    other_process(tmp_path, "shared")
    with write_lock.writing(tmp_path, wait_s=0):  # side by side with the other command
        pass
    started = time.monotonic()
    with pytest.raises(write_lock.CommandsRunning) as caught:
        write_lock.exclusive(tmp_path, "恢复", wait_s=0.3)
    assert time.monotonic() - started >= 0.3
    assert "没有恢复" in caught.value.message


def test_a_command_waits_for_a_restore_and_says_who_it_waits_for(tmp_path, other_process):
    other_process(tmp_path, "exclusive")
    told = []
    with pytest.raises(write_lock.RestoreInProgress) as caught:
        write_lock.writing(tmp_path, wait_s=0.3, on_wait=told.append)
    assert len(told) == 1 and told[0] is not None and told[0].purpose == "从备份恢复台账（测试）"
    assert "请等它完成后再试" in caught.value.message


TRY = textwrap.dedent("""
    import sys
    from pathlib import Path
    from jifen_desktop.model import write_lock
    folder, how = Path(sys.argv[1]), sys.argv[2]
    try:
        if how == "exclusive":
            write_lock.exclusive(folder, "恢复", wait_s=0)
        else:
            write_lock.writing(folder, wait_s=0)
    except write_lock.LedgerStateError:
        print("busy")
    else:
        print("ok")
""")


def another_may(folder: Path, how: str) -> bool:
    done = subprocess.run(
        [sys.executable, "-c", TRY, str(folder), how],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return done.stdout.strip() == "ok"


def test_within_a_process_a_shared_hold_turns_exclusive_and_back(tmp_path):
    outer = write_lock.writing(tmp_path)
    with write_lock.exclusive(tmp_path, "恢复"), write_lock.writing(tmp_path):
        assert not another_may(tmp_path, "shared")
    assert another_may(tmp_path, "shared") and not another_may(tmp_path, "exclusive")
    outer.release()
    assert another_may(tmp_path, "exclusive")


def replica_of(ledger: Ledger) -> Replica:
    with ledger.read() as s:
        return s.scalars(select(Replica)).one()


def test_a_restored_village_continues_under_a_fresh_replica_with_the_same_key(world):
    folder = world.ledger.folder
    before = replica_of(world.ledger)
    made = backups.make_backup(folder).backup
    result = backups.BackupService(world.ledger).restore(made.path)
    assert result.renewal is not None and result.renewal.old == before.id
    with Ledger.open(folder) as again:
        after = replica_of(again)
        assert after.id == result.renewal.new != before.id
        assert (after.public_key, after.signing_key) == (before.public_key, before.signing_key)
        assert after.next_seq == 2  # the restore's audit row is its first record
        with again.read() as s:
            assert held_ends(s)[before.id] == before.next_seq - 1
        assert again.verify().ok


def test_a_township_keeps_its_replica_when_restored(tmp_path):
    folder = tmp_path / "township"
    ledger, _ = create_township(
        folder, "张集镇", "420881100", AdminDetails("xiang", "乡镇办", "pw-12345")
    )
    before = replica_of(ledger).id
    made = backups.make_backup(folder).backup
    assert backups.restore(folder, made.path, release=ledger.close).renewal is None
    with Ledger.open(folder) as again:
        assert replica_of(again).id == before and again.verify().ok


def test_a_copy_left_on_a_stick_by_a_killed_backup_goes_with_the_next_backup(world, tmp_path):
    stick = tmp_path / "U盘"
    stick.mkdir()
    old = time.time() - 3600
    stale = stick / ".jifen_420881100001_20261201-083000_manual-k3j9x_2a.part"
    journal = stick / ".jifen_420881100001_20261201-083000_manual-k3j9x_2a.part-journal"
    fresh = stick / ".jifen_420881100001_20261207-083000_manual-abcd1234.part"
    busy = stick / ".jifen_420881100001_20261201-090000_manual-zz11yy22.part"
    theirs = stick / ".someone-elses.part"
    for path in (stale, journal, fresh, busy, theirs):
        path.write_bytes(b"\0" * 4096)
    for path in (stale, journal, busy, theirs):
        os.utime(path, (old, old))
    with writing(busy):  # a backup from another program still writing there
        made = backups.backup_to(world.ledger.folder, stick).backup
    assert not stale.exists() and not journal.exists()
    assert fresh.exists() and busy.exists() and theirs.exists()
    assert made.path.parent == stick and made.path.exists()


def test_a_refused_restore_on_a_new_computer_leaves_no_folder_behind(tmp_path):
    folder = tmp_path / "new-computer"
    not_a_backup = tmp_path / "notes.sqlite3"
    not_a_backup.write_text("不是台账", encoding="utf-8")
    with pytest.raises(RestoreRefused), instance_lock.setting_up(folder, "积分台账窗口"):
        backups.restore(folder, not_a_backup)  # (the first-run wizard's 从备份恢复…)
    assert not folder.exists()
