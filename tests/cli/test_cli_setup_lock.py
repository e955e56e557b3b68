"""``jifen init`` and ``jifen demo`` hold the data folder's lock while they make the ledger, as
the window does: a folder another program holds (here a real child process) is refused with one
Chinese line naming it and nothing is made; while a demo is generated in a child, the folder is
taken, by name; a set-up that fails leaves no lock file and no folder behind."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from jifen_cli_testing import CODE, Run, assert_one_chinese_error

from jifen_desktop.model import instance_lock, paths
from jifen_desktop.model.instance_lock import FolderInUse

HOLD = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from jifen_desktop.model import instance_lock
    instance_lock.acquire(Path(sys.argv[1]), "积分台账窗口")
    print("held", flush=True)
    time.sleep(60)
""")
INIT = ("init", "--code", CODE, "--name", "张集村", "--township", "张集镇")


@pytest.fixture
def held(env: Path):
    """The data folder held by a window-like child process until the test ends."""
    child = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(env)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert child.stdout is not None and child.stdout.readline().strip() == "held"
        yield child
    finally:
        child.kill()
        child.wait()


def test_a_folder_held_by_another_program_is_refused_by_name(run: Run, env: Path, held) -> None:
    for argv in (INIT, ("demo", "--households", "3", "--years", "1")):
        refused = run(*argv, ok=False)
        assert_one_chinese_error(refused, f"数据目录 {env} 正被积分台账窗口（进程号 {held.pid}")
        assert "请先关掉它" in refused.err
        assert not paths.db_path(env).exists()
    assert instance_lock.held_by_other(env) is not None  # still the child's
    held.kill()
    held.wait()
    run(*INIT)
    assert paths.db_path(env).exists() and instance_lock.held_by_other(env) is None


def test_a_demo_being_generated_holds_the_folder(tmp_path: Path) -> None:
    folder = tmp_path / "demo"
    child = subprocess.Popen(
        [sys.executable, "-m", "jifen_desktop.cli", "--data-dir", str(folder), "demo"]
        + ["--households", "5", "--years", "1"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        holder = None
        deadline = time.monotonic() + 30
        # The child takes the lock first and writes who it is just after: between the two, the
        # folder is held by a holder not yet named (pid None). Wait for the name.
        while (holder is None or holder.pid is None) and child.poll() is None:
            if time.monotonic() > deadline:
                break
            holder = instance_lock.held_by_other(folder)
            time.sleep(0.01)
        assert holder is not None and holder.pid == child.pid
        assert holder.purpose == "生成演示村（jifen demo）"
        with pytest.raises(FolderInUse) as caught:
            instance_lock.acquire(folder, "从备份恢复台账")
        assert "正被生成演示村（jifen demo）" in caught.value.message
    finally:
        child.kill()  # (mid-way: the system lets go of the lock of a killed process too)
        child.wait()
    assert instance_lock.held_by_other(folder) is None


def test_a_failed_set_up_leaves_no_lock_file_and_no_folder(run: Run, env: Path) -> None:
    refused = run("init", "--code", "4208811", "--name", "张集村", "--township", "张集镇", ok=False)
    assert_one_chinese_error(refused, "村代码“4208811”不对")
    assert not env.exists()
    env.mkdir()
    run("demo", "--households", "0", ok=False)  # refused by the argument check, before the lock
    refused = run("init", "--mode", "township", "--code", "42088", "--name", "张集镇", ok=False)
    assert_one_chinese_error(refused, "乡镇代码“42088”不对")
    assert env.is_dir() and list(env.iterdir()) == []  # the folder was there: it stays, empty
