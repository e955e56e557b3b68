"""The demo village is generated in a child process (``ui.demo_process``): the ledger file is
open in that process and not in ours; 取消, a crash of the child and a refusal in it all leave
no ledger and no process behind, and say what happened in Chinese."""

from __future__ import annotations

import contextlib
import datetime as dt
import multiprocessing
import os
import signal
import threading
from pathlib import Path

import pytest

from jifen_desktop.model import errors, paths
from jifen_desktop.model.ledger import Ledger
from jifen_desktop.ui.demo_process import CHILD_NAME, DemoProcessFailed, demo_work

SMALL = {"households": 4, "years": 1}
PROC = Path("/proc")
EACH_MONTH = 0.2  # generate_demo's progress from the first month on: the ledger file exists


def the_child() -> multiprocessing.process.BaseProcess:
    children = [p for p in multiprocessing.active_children() if p.name == CHILD_NAME]
    assert len(children) == 1, children
    return children[0]


def open_files(pid: int | str) -> set[str]:
    found = set()
    for link in (PROC / str(pid) / "fd").iterdir():
        with contextlib.suppress(OSError):  # closed meanwhile
            found.add(os.readlink(link))
    return found


def gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


@pytest.mark.skipif(not (PROC / "self" / "fd").is_dir(), reason="needs /proc (Linux)")
def test_the_demo_is_written_by_another_process(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    db = str(paths.db_path(folder))
    seen: list[tuple[int, bool, bool]] = []

    def progress(fraction: float, _message: str) -> None:
        if fraction >= EACH_MONTH and not seen:
            pid = the_child().pid
            assert pid is not None
            seen.append((pid, db in open_files(pid), db in open_files("self")))

    summary = demo_work(folder, **SMALL)(progress, threading.Event())
    [(pid, in_child, in_us)] = seen
    assert pid != os.getpid() and in_child and not in_us
    assert summary.households == 4 and gone(pid)
    with Ledger.open(folder) as ledger:
        assert ledger.verify().ok
        assert ledger.operators.authenticate("admin", "jifen123").role == "admin"


def test_cancel_stops_the_child_and_leaves_no_ledger(tmp_path: Path) -> None:
    folder, cancel = tmp_path / "data", threading.Event()
    seen: list[int] = []

    def progress(fraction: float, _message: str) -> None:
        if fraction >= EACH_MONTH and not cancel.is_set():
            assert paths.db_path(folder).exists()  # half-written now
            seen.append(the_child().pid or 0)
            cancel.set()  # 取消, as the progress dialog's button sets it

    with pytest.raises(errors.Cancelled, match="没有保存"):
        demo_work(folder, households=4, years=2)(progress, cancel)
    assert seen and gone(seen[0])
    assert not folder.exists()


def test_a_late_cancel_takes_the_evidence_photos_too(tmp_path: Path) -> None:
    """取消 once the demo has attached photos: the photos' folder goes with the ledger; the data
    folder the clerk chose (there before) stays, empty."""
    folder, cancel = tmp_path / "data", threading.Event()
    folder.mkdir()
    evidence = paths.evidence_dir(folder)

    def progress(_fraction: float, _message: str) -> None:
        if evidence.is_dir() and any(evidence.rglob("*.*")):
            cancel.set()

    with pytest.raises(errors.Cancelled):
        demo_work(folder, households=6, years=2)(progress, cancel)
    assert cancel.is_set()  # (the photos were there when 取消 came)
    assert folder.is_dir() and not any(folder.iterdir())


def test_a_child_that_dies_leaves_no_ledger(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    folder.mkdir()  # a folder that was there stays, empty
    killed: list[int] = []

    def progress(fraction: float, _message: str) -> None:
        if fraction >= EACH_MONTH and not killed:
            pid = the_child().pid
            assert pid is not None
            os.kill(pid, signal.SIGKILL)  # as the out-of-memory killer would
            killed.append(pid)

    with pytest.raises(DemoProcessFailed) as failed:
        demo_work(folder, households=4, years=2)(progress, threading.Event())
    assert "生成演示村的进程意外退出" in str(failed.value) and "没有保存任何内容" in str(
        failed.value
    )
    assert gone(killed[0]) and list(folder.iterdir()) == []


def test_a_refusal_in_the_child_comes_back_in_its_words(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    with pytest.raises(errors.DomainError, match="晚于今天，请检查电脑的日期设置"):
        demo_work(folder, **SMALL, today=tomorrow)(lambda _f, _m: None, threading.Event())
    assert not folder.exists() and not multiprocessing.active_children()
