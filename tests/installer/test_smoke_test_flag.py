"""``python -m jifen_desktop --smoke-test``: what the installers' tests start to see the program
come up. It must pass on a working ledger and fail on an empty folder or a page that breaks.

Each run is a child process, as the installers run it: the smoke test runs Qt's event loop and
quits the application, which a test process must not do to the tests after it."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from jifen_desktop.ui.pages import page_classes

BROKEN_PAGE = textwrap.dedent("""
    import sys
    from PySide6.QtCore import QTimer
    from jifen_desktop.__main__ import main
    from jifen_desktop.ui import main_window
    from jifen_desktop.ui.pages import page_classes

    later = sys.argv[2] == "later"
    pages = page_classes("village")

    def fail():
        raise RuntimeError("坏了的页面")

    # A subclass, not a patched method: PySide6 6.8 does not see an override added to a class
    # after it was made.
    class BrokenPage(pages[-1]):
        def showEvent(self, event):
            if later:
                QTimer.singleShot(0, fail)
            else:
                fail()

    main_window.page_classes = lambda mode: [*pages[:-1], BrokenPage]
    sys.exit(main(["--data-dir", sys.argv[1], "--smoke-test"]))
""")


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run(
        [sys.executable, *args], capture_output=True, text=True, env=env, timeout=180
    )


def test_every_page_is_shown_on_a_ledger(world) -> None:
    folder = str(world.ledger.folder)
    result = _run("-m", "jifen_desktop", "--data-dir", folder, "--smoke-test")
    assert result.returncode == 0, result.stderr
    assert f"{len(page_classes(world.ledger.mode))} 个页面都已打开" in result.stdout
    assert "自检通过" in result.stdout


def test_an_empty_data_folder_fails(tmp_path: Path) -> None:
    result = _run("-m", "jifen_desktop", "--data-dir", str(tmp_path / "空"), "--smoke-test")
    assert result.returncode == 1
    assert "还没有台账" in result.stderr


@pytest.mark.parametrize("when", ["now", "later"], ids=["while-shown", "from-the-event-loop"])
def test_a_page_that_breaks_fails(world, when: str) -> None:
    result = _run("-c", BROKEN_PAGE, str(world.ledger.folder), when)
    assert result.returncode == 1, (result.stdout, result.stderr)
    assert "坏了的页面" in result.stderr and "自检通过" not in result.stdout
