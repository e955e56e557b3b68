"""A second start on the same data folder: the first window is asked to come forward and the
second leaves quietly; when the holder does not answer, a message box says the folder is open
already, by whom, and what to do. Second starts are real processes."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow, QMessageBox

from jifen_desktop.model import instance_lock, paths
from jifen_desktop.ui import app as app_module
from jifen_desktop.ui import single_instance

SECOND_START = textwrap.dedent("""
    import sys
    from pathlib import Path
    from jifen_desktop.ui.app import make_application
    from jifen_desktop.ui.single_instance import claim
    make_application()
    print("second start left quietly" if claim(Path(sys.argv[1])) is None else "opened")
""")

FIRST_START_KILLED = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from jifen_desktop.ui.app import make_application
    from jifen_desktop.ui.single_instance import claim
    make_application()
    instance = claim(Path(sys.argv[1]))
    print("listening" if instance.server.isListening() else "not listening", flush=True)
    time.sleep(60)
""")

HOLD = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from jifen_desktop.model import instance_lock, paths
    instance_lock.acquire(Path(sys.argv[1]), "恢复备份（jifen restore）")
    print("held", flush=True)
    time.sleep(60)
""")


@pytest.fixture
def first(tmp_path, qtbot):
    instance = single_instance.claim(tmp_path / "data")
    assert instance is not None
    window = QMainWindow()
    qtbot.addWidget(window)
    window.show()
    instance.window = window
    yield instance
    instance.release()


def test_a_second_start_brings_the_first_window_forward(first, qtbot, tmp_path):
    first.window.showMinimized()
    second = subprocess.Popen(
        [sys.executable, "-c", SECOND_START, str(tmp_path / "data")],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    with qtbot.waitSignal(first.activation_requested, timeout=15_000):
        pass
    out, err = second.communicate(timeout=15)
    assert out.strip() == "second start left quietly", err
    assert not first.window.isMinimized()
    assert first.window.isVisible()


def test_a_different_folder_opens_beside(first, tmp_path):
    other = single_instance.claim(tmp_path / "other")
    assert other is not None
    other.release()


@pytest.fixture
def held(tmp_path):
    """A data folder held by another process that is no window (a restore): no one answers."""
    folder = tmp_path / "data"
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(folder)], stdout=subprocess.PIPE, text=True
    )
    assert holder.stdout.readline().strip() == "held"
    yield folder, holder.pid
    os.kill(holder.pid, signal.SIGKILL)
    holder.wait()


@pytest.fixture
def message_boxes(qtbot):
    """During the test, each message box that comes up is read (name, title, text) and
    closed; the list of what they said."""
    shown: list[tuple[str, str, str]] = []
    polling = [True]

    def read_and_close() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            shown.append((box.objectName(), box.windowTitle(), box.text()))
            box.accept()
        if polling[0]:
            QTimer.singleShot(50, read_and_close)

    QTimer.singleShot(50, read_and_close)
    yield shown
    polling[0] = False
    qtbot.wait(100)


def test_a_holder_that_does_not_answer_is_named_in_a_message(held, message_boxes):
    folder, pid = held
    shown = message_boxes
    assert single_instance.claim(folder) is None
    ((name, title, text),) = shown
    assert (name, title) == ("already_open", "积分台账已经打开")
    assert text.startswith("积分台账已经打开了这个数据目录")
    assert f"恢复备份（jifen restore）（进程号 {pid}" in text
    assert str(folder) in text
    assert "重新启动电脑" in text


def test_a_socket_left_by_a_killed_first_start_does_not_stop_the_next(tmp_path, qtbot):
    """The first start was killed: its socket file is still there, its lock is gone."""
    folder = tmp_path / "data"
    first = subprocess.Popen(
        [sys.executable, "-c", FIRST_START_KILLED, str(folder)], stdout=subprocess.PIPE, text=True
    )
    assert first.stdout.readline().strip() == "listening"
    os.kill(first.pid, signal.SIGKILL)
    first.wait()
    assert instance_lock.held_by_other(folder) is None  # killed: free again at once
    instance = single_instance.claim(folder)
    assert instance is not None
    assert instance.server.isListening()
    instance.release()


def test_the_program_started_on_a_held_folder_opens_nothing(held, message_boxes):
    folder, _pid = held
    shown = message_boxes
    assert app_module.run(folder) == 0
    assert [title for _name, title, _text in shown] == ["积分台账已经打开"]
    assert sorted(p.name for p in folder.iterdir()) == ["jifen.lock"]  # no ledger, no log


def test_a_damaged_ledger_at_start_up_is_shown_not_printed(tmp_path, message_boxes):
    folder = tmp_path / "data"
    folder.mkdir()
    paths.db_path(folder).write_bytes(b"this is not a database" * 100)
    shown = message_boxes
    assert app_module.run(folder) == 1
    ((_name, title, text),) = shown
    assert title == "无法完成"
    assert "不是积分台账的数据库" in text and "从备份恢复" in text
    assert instance_lock.held_by_other(folder) is None
