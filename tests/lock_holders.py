"""Other processes holding a data folder's write lock (``model/write_lock``), for the tests of
restores and commands that must wait for each other."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

HOLD = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from jifen_desktop.model import write_lock
    folder, how = Path(sys.argv[1]), sys.argv[2]
    if how == "exclusive":
        write_lock.exclusive(folder, "从备份恢复台账（测试）")
    else:
        write_lock.writing(folder)
    print("held", flush=True)
    time.sleep(60)
""")


@contextmanager
def lock_holders() -> Iterator[Callable[[Path, str], None]]:
    """``hold(folder, how)`` starts a process that holds ``folder``'s write lock ``how``
    ("exclusive" as a restore does, or "shared" as a command does) and returns once it does;
    every such process is killed on leaving."""
    children: list[subprocess.Popen[str]] = []

    def hold(folder: Path, how: str) -> None:
        child = subprocess.Popen(
            [sys.executable, "-c", HOLD, str(folder), how], stdout=subprocess.PIPE, text=True
        )
        children.append(child)
        assert child.stdout is not None and child.stdout.readline().strip() == "held"

    try:
        yield hold
    finally:
        for child in children:
            child.kill()
            child.wait()
