"""``python -m jifen_desktop --smoke-test``: what the installers' tests start to see the program
come up. It must pass on a working ledger and fail on an empty folder or a page that breaks."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtGui import QShowEvent

from jifen_desktop.__main__ import main
from jifen_desktop.ui import main_window
from jifen_desktop.ui.pages import page_classes


@pytest.fixture(autouse=True)
def offscreen(monkeypatch):
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")


def test_every_page_is_shown_on_a_ledger(world, qapp, capsys):
    assert main(["--data-dir", str(world.ledger.folder), "--smoke-test"]) == 0
    out = capsys.readouterr().out
    assert f"{len(page_classes(world.ledger.mode))} 个页面都已打开" in out
    assert "自检通过" in out


def test_an_empty_data_folder_fails(tmp_path, capsys):
    assert main(["--data-dir", str(tmp_path / "空"), "--smoke-test"]) == 1
    assert "还没有台账" in capsys.readouterr().err


@pytest.mark.parametrize("later", [False, True], ids=["while-shown", "from-the-event-loop"])
def test_a_page_that_breaks_fails(world, qapp, capsys, monkeypatch, later):
    pages = page_classes(world.ledger.mode)

    def fail() -> None:
        raise RuntimeError("坏了的页面")

    # A subclass, not a patched method: PySide6 6.8 does not see an override added to a class
    # after it was made.
    class BrokenPage(pages[-1]):  # type: ignore[misc, valid-type]
        def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt override
            if later:
                QTimer.singleShot(0, fail)
            else:
                fail()

    monkeypatch.setattr(main_window, "page_classes", lambda mode: [*pages[:-1], BrokenPage])
    assert main(["--data-dir", str(world.ledger.folder), "--smoke-test"]) == 1
    captured = capsys.readouterr()
    assert "坏了的页面" in captured.err and "自检通过" not in captured.out
