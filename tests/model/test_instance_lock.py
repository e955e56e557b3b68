"""The data folder's lock across real processes: one holder at a time, the holder named to the
one refused, free again the moment the holder is killed (kill -9 leaves no stale lock)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap

import pytest

from jifen_desktop.model import instance_lock
from jifen_desktop.model.errors import LedgerStateError
from jifen_desktop.model.instance_lock import FolderInUse

HOLD = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from jifen_desktop.model import instance_lock
    lock = instance_lock.try_acquire(Path(sys.argv[1]), "恢复备份（jifen restore）")
    print("held" if lock is not None else "refused", flush=True)
    time.sleep(60)
""")

PROBE = textwrap.dedent("""
    import json, sys
    from pathlib import Path
    from jifen_desktop.model import instance_lock
    folder = Path(sys.argv[1])
    holder = instance_lock.held_by_other(folder)
    lock = instance_lock.try_acquire(folder)
    print(json.dumps({"took": lock is not None,
                      "pid": holder and holder.pid, "purpose": holder and holder.purpose}))
""")


def holder_child(folder):
    child = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(folder)], stdout=subprocess.PIPE, text=True
    )
    assert child.stdout is not None
    assert child.stdout.readline().strip() == "held"
    return child


def probe(folder) -> dict:
    out = subprocess.run(
        [sys.executable, "-c", PROBE, str(folder)], capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout)


def test_a_second_process_is_refused_and_told_who_holds_the_folder(tmp_path):
    folder = tmp_path / "data"
    with instance_lock.try_acquire(folder) as lock:
        assert lock is not None and lock.enforced
        assert probe(folder) == {"took": False, "pid": os.getpid(), "purpose": "积分台账窗口"}
    assert probe(folder) == {"took": True, "pid": None, "purpose": None}


def test_the_lock_is_free_the_moment_its_holder_is_killed(tmp_path):
    folder = tmp_path / "data"
    child = holder_child(folder)
    try:
        holder = instance_lock.held_by_other(folder)
        assert holder is not None
        assert (holder.pid, holder.purpose) == (child.pid, "恢复备份（jifen restore）")
        assert instance_lock.try_acquire(folder) is None
        with pytest.raises(FolderInUse, match=f"恢复备份（jifen restore）（进程号 {child.pid}"):
            instance_lock.acquire(folder, "恢复备份")
    finally:
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
    assert instance_lock.held_by_other(folder) is None
    lock = instance_lock.try_acquire(folder)
    assert lock is not None
    lock.release()


def test_different_folders_are_held_side_by_side(tmp_path):
    child = holder_child(tmp_path / "village")
    try:
        lock = instance_lock.try_acquire(tmp_path / "township")
        assert lock is not None
        lock.release()
    finally:
        child.kill()
        child.wait()


def test_within_one_process_the_lock_is_reentrant_and_not_another_holder(tmp_path):
    folder = tmp_path / "data"
    outer = instance_lock.acquire(folder, "积分台账窗口")
    inner = instance_lock.acquire(folder / ".." / "data", "恢复备份")
    assert inner is outer
    assert instance_lock.held_by_other(folder) is None
    inner.release()
    assert probe(folder)["took"] is False  # the outer one still holds it
    outer.release()
    outer.release()  # twice does nothing
    assert probe(folder)["took"] is True


def test_asking_about_a_folder_makes_nothing(tmp_path):
    folder = tmp_path / "never-opened"
    assert instance_lock.held_by_other(folder) is None
    assert not folder.exists()


def test_a_folder_that_cannot_be_made_says_what_to_do(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    with pytest.raises(LedgerStateError, match="不能写入.*--data-dir"):
        instance_lock.try_acquire(blocker / "data")
