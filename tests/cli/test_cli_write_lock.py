"""A restore never loses an entry a command reported as saved (issue 16, item 4).

``jifen restore … --yes`` and ``jifen entry add …`` run as real processes; the entry is let go
at many moments around the restore (from before it starts to past its swap): every entry that
printed 已登记 is afterwards in the restored ledger (it came after the restore) or in the 恢复前
backup the restore kept (it came before), never in no file at all. A deterministic case starts
the command in the moment between keeping the old ledger and the swap: it waits for the restore
(saying so) and then records into the restored ledger. A command that cannot wait long enough
is refused in Chinese; a restore waits for a running command and refuses when it does not end.
Reading and writing commands still run beside an open window."""

from __future__ import annotations

import json
import os
import queue
import shutil
import sqlite3
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import closing
from pathlib import Path

import pytest
from jifen_cli_testing import PASSWORD, Run, assert_one_chinese_error
from lock_holders import lock_holders

from jifen_desktop.cli import main
from jifen_desktop.model import paths, write_lock
from jifen_desktop.model.backup import service as backups
from jifen_desktop.model.backup import xz as backup_xz
from jifen_desktop.model.backup.copying import Steps
from jifen_desktop.model.ledger import Ledger

JIFEN = [sys.executable, "-m", "jifen_desktop.cli"]
ENTRY = ["--json", "entry", "add", "--household", "0101", "--rule", "B05", "--date", "2026-03-05"]
# When ``entry add`` goes on (seconds after the restore made its temporary copy): the restore
# then checks the copy, keeps the current ledger and swaps, in about 0.1-0.5 s here.
# Negative: the entry goes on first, the restore starts that much later.
DELAYS = (-0.2, 0.0, 0.05, 0.1, 0.15, 0.2, 0.3, 0.45)


@pytest.fixture(scope="module")
def ready(village_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The CLI's village with one entry, backed up into its backups folder before the entry."""
    folder = tmp_path_factory.mktemp("race") / "data"
    shutil.copytree(village_template, folder)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("JIFEN_USER", "admin")
        mp.setenv("JIFEN_PASSWORD", PASSWORD)
        assert main(["--data-dir", str(folder), "backup"]) == 0
        assert main(["--data-dir", str(folder), *ENTRY]) == 0
    return folder


def environment(folder: Path) -> dict[str, str]:
    return {
        **os.environ,
        "JIFEN_DATA_DIR": str(folder),
        "JIFEN_USER": "admin",
        "JIFEN_PASSWORD": PASSWORD,
    }


def start(folder: Path, *argv: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [*JIFEN, *argv],
        env=environment(folder),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def has_entry(database: Path, entry_id: str) -> bool:
    """The entry is in the ledger, or in the ledger a restore kept (compressed, whole)."""
    if backup_xz.is_compressed(database):
        whole = database.with_name(database.name + ".whole")
        backup_xz.decompress(database, whole, Steps(None, None))
        try:
            return has_entry(whole, entry_id)
        finally:
            whole.unlink()
    uri = database.resolve().as_uri() + "?mode=ro"
    with closing(sqlite3.connect(uri, uri=True)) as conn:
        return (
            conn.execute("SELECT 1 FROM entries WHERE id = ?", (entry_id,)).fetchone() is not None
        )


def entry_count(folder: Path) -> int:
    with closing(sqlite3.connect(paths.db_path(folder))) as conn:
        return int(conn.execute("SELECT count(*) FROM entries").fetchone()[0])


def the_backup(folder: Path) -> Path:
    (made,) = [b.path for b in backups.list_backups(folder) if b.kind == "manual"]
    return made


def let_go(entry: subprocess.Popen[str]) -> None:
    """The password it waits for (it then records at once)."""
    assert entry.stdin is not None
    entry.stdin.write(PASSWORD + "\n")
    entry.stdin.flush()  # (``communicate`` closes it)


def race(ready: Path, folder: Path, delay: float) -> str:
    """One trial: ``entry add`` waits at its password prompt (everything imported) and is let
    go ``delay`` seconds after the restore made its temporary copy. Returns which file holds
    the entry ("refused" when the command was refused)."""
    shutil.copytree(ready, folder)
    backup = the_backup(folder)
    env = environment(folder)
    del env["JIFEN_PASSWORD"]  # read from stdin: the test says when
    entry = subprocess.Popen(
        [*JIFEN, *ENTRY],
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    if delay < 0:  # the entry first, the restore a moment later
        let_go(entry)
        time.sleep(-delay)
    restore = start(folder, "--json", "restore", str(backup), "--yes")
    if delay >= 0:
        deadline = time.monotonic() + 120
        while not any(folder.glob(".restore-*")) and restore.poll() is None:
            assert time.monotonic() < deadline
            time.sleep(0.005)
        time.sleep(delay)
        let_go(entry)
    entry_out, entry_err = entry.communicate(timeout=180)
    restore_out, restore_err = restore.communicate(timeout=180)
    files = [paths.db_path(folder)]
    if restore.returncode == 0:
        files.append(Path(json.loads(restore_out)["kept"]["path"]))
    else:  # refused, nothing replaced (the old program: the ledger was in use at the swap)
        assert "没有恢复" in restore_err and "Traceback" not in restore_err, restore_err
    if entry.returncode != 0:
        assert "恢复" in entry_err and "Traceback" not in entry_err, entry_err
        return "refused"
    entry_id = json.loads(entry_out)["id"]
    found = [f.name for f in files if has_entry(f, entry_id)]
    assert found, f"delay {delay}: 已登记 {entry_id} is in no file ({entry_err})"
    return found[0]


def test_a_restore_racing_entry_add_loses_nothing_acknowledged(ready: Path, tmp_path: Path) -> None:
    seen = [race(ready, tmp_path / f"t{i}", delay) for i, delay in enumerate(DELAYS)]
    assert len(seen) == len(DELAYS)
    last = tmp_path / f"t{len(DELAYS) - 1}"
    with Ledger.open(last) as ledger:
        assert ledger.verify().ok


WAITING = "正在进行，等它完成后再继续"


def lines_of(stream) -> queue.Queue[str | None]:  # type: ignore[no-untyped-def]
    """The lines a child prints on ``stream``, then None when it closes it."""
    lines: queue.Queue[str | None] = queue.Queue()

    def read() -> None:
        for line in stream:
            lines.put(line)
        lines.put(None)

    threading.Thread(target=read, daemon=True).start()
    return lines


def test_an_entry_started_between_keeping_and_swapping_waits_and_is_kept(
    ready: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "data"
    shutil.copytree(ready, folder)
    children: list[subprocess.Popen[str]] = []
    heard: list[str | None] = []

    def at_swap(_fraction: float, message: str) -> None:
        if message.startswith("正在换上备份") and not children:
            child = start(folder, *ENTRY)
            children.append(child)
            # until it says it waits (the new code) or ends (it recorded into the old file)
            heard.append(lines_of(child.stderr).get(timeout=120))

    result = backups.restore(folder, the_backup(folder), progress=at_swap)
    (child,) = children
    out, err = child.communicate(timeout=120)
    assert child.returncode == 0, err
    entry_id = json.loads(out)["id"]
    assert heard[0] is not None and WAITING in heard[0]
    assert has_entry(paths.db_path(folder), entry_id)
    assert result.kept is not None and not has_entry(result.kept.path, entry_id)
    with Ledger.open(folder) as ledger:
        assert ledger.verify().ok


@pytest.fixture
def hold(env: Path) -> Iterator[Callable[[str], None]]:
    """``hold(how)``: a child process holds the data folder's write lock that way."""
    with lock_holders() as holding:
        yield lambda how: holding(env, how)


def test_a_write_that_cannot_wait_for_a_restore_is_refused_in_chinese(
    village: Run, env: Path, hold, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = entry_count(env)
    hold("exclusive")
    monkeypatch.setattr(write_lock, "WRITE_WAIT_S", 0.3)
    refused = village(*ENTRY, ok=False)
    note, error = refused.err.strip().splitlines()  # it said that it waits, then gave up
    assert WAITING in note and refused.code == 1 and "Traceback" not in refused.err
    assert error.startswith("错误：从备份恢复台账（测试）") and "请等它完成后再试" in error
    assert entry_count(env) == before


def test_a_restore_waits_for_a_running_command_and_refuses_when_it_does_not_end(
    village: Run, env: Path, hold, monkeypatch: pytest.MonkeyPatch
) -> None:
    village("backup")
    backup = the_backup(env)
    hold("shared")
    monkeypatch.setattr(write_lock, "EXCLUSIVE_WAIT_S", 0.3)
    started = time.monotonic()
    refused = village("restore", str(backup), "--yes", ok=False)
    assert time.monotonic() - started >= 0.3
    assert_one_chinese_error(refused, "有 jifen 命令正在使用台账", "没有恢复")
    assert not list(env.glob(".restore-*"))


GUI = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from jifen_desktop.model import instance_lock
    instance_lock.try_acquire(Path(sys.argv[1]))
    print("held", flush=True)
    time.sleep(60)
""")


def test_commands_still_read_and_write_beside_an_open_window(village: Run, env: Path) -> None:
    window = subprocess.Popen(
        [sys.executable, "-c", GUI, str(env)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert window.stdout is not None and window.stdout.readline().strip() == "held"
        village("household", "list")
        village("verify")
        entry = village(*ENTRY).json
        assert entry["id"] in {e["id"] for e in village("--json", "entry", "list").json}
        refused = village("restore", str(env), "--yes", ok=False)  # the window holds the folder
        assert refused.code == 1
    finally:
        window.kill()
        window.wait()
