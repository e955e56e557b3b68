"""Unexpected errors in the desktop program: an exception escaping a slot (or a thread of ours)
is logged with its traceback and shown as one friendly dialog with 复制详情 that lets the clerk
keep working; a burst of errors makes one dialog; what the failed action wrote is not kept."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QMessageBox

from jifen_desktop import crash_log
from jifen_desktop.model.entries import write_entry
from jifen_desktop.model.entry_checks import EntryChecker, EntryDraft
from jifen_desktop.model.errors import ValidationError
from jifen_desktop.ui.crash_dialog import CrashDialog, CrashReporter

pytestmark = pytest.mark.qt_no_exception_capture  # the reporter under test takes the errors


@pytest.fixture
def reporter(world):
    installed = CrashReporter(world.ledger.folder).install()
    yield installed
    installed.uninstall()
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, (CrashDialog, QMessageBox)):
            widget.close()
    crash_log.close_log()


def log_text(world) -> str:
    return (world.ledger.folder / "logs" / "jifen.log").read_text(encoding="utf-8")


def crash_dialogs() -> list[CrashDialog]:
    return [
        w for w in QApplication.topLevelWidgets() if isinstance(w, CrashDialog) and w.isVisible()
    ]


def fail(message: str = "模拟的程序错误") -> None:
    raise RuntimeError(message)


def test_a_slot_that_fails_mid_save_is_logged_shown_and_leaves_nothing(reporter, world, qtbot):
    household = world.household("001", "王建国")
    draft = EntryDraft(household.id, "B05", dt.date.today())

    def save_then_fail() -> None:  # a slot whose save breaks before its commit
        def work(tx):
            checker = EntryChecker(tx.session, tx.actor, world.village.id)
            checker.prefetch([draft])
            write_entry(tx, checker.check(draft))
            tx.flush_rows()
            fail("保存到一半出错")

        world.ledger.run(work)

    QTimer.singleShot(0, save_then_fail)
    qtbot.waitUntil(lambda: reporter.dialog is not None and reporter.dialog.isVisible())
    dialog = reporter.dialog
    log_file = world.ledger.folder / "logs" / "jifen.log"
    assert dialog.windowTitle() == "程序出错"
    assert dialog.windowModality() == Qt.WindowModality.ApplicationModal
    assert dialog.message.text() == (
        "程序出了意外错误，刚才的操作没有保存（已保存的记录不受影响）。\n"
        f"错误详情已写入：{log_file}。\n请把这个文件发给技术支持。"
    )
    assert "RuntimeError: 保存到一半出错" in log_text(world)
    assert "in save_then_fail" in log_text(world)
    assert f"数据目录 {world.ledger.folder}" in log_text(world)
    assert "PySide6" in log_text(world)
    assert world.ledger.entries.list(world.village.id) == []

    qtbot.mouseClick(dialog.copy_button, Qt.MouseButton.LeftButton)
    copied = QGuiApplication.clipboard().text()
    assert "Traceback" in copied and "RuntimeError: 保存到一半出错" in copied
    qtbot.mouseClick(dialog.keep_button, Qt.MouseButton.LeftButton)
    assert reporter.dialog is None and crash_dialogs() == []
    assert world.ledger.entries.record(world.village.id, draft).value.points == 5


def test_a_burst_of_errors_makes_one_dialog(reporter, world, qtbot):
    for _ in range(12):
        QTimer.singleShot(0, fail)
    qtbot.waitUntil(lambda: reporter.dialog is not None)
    qtbot.waitUntil(lambda: len(reporter.dialog.reports) == 12)
    assert len(crash_dialogs()) == 1
    assert reporter.dialog.repeats.text() == "之后又出错 11 次，详情也都写进了日志。"
    reporter.dialog.accept()
    QTimer.singleShot(0, fail)  # within a second of closing: only logged
    qtbot.waitUntil(lambda: log_text(world).count("意外错误") == 13)
    qtbot.wait(50)
    assert crash_dialogs() == []
    qtbot.wait(1000)
    QTimer.singleShot(0, fail)
    qtbot.waitUntil(lambda: len(crash_dialogs()) == 1)


def test_an_error_in_a_thread_is_shown_on_the_gui_thread(reporter, world, qtbot):
    worker = threading.Thread(target=fail, name="照片缩略图")
    worker.start()
    worker.join()
    qtbot.waitUntil(lambda: reporter.dialog is not None)
    assert "发生在：线程 照片缩略图" in log_text(world)


def test_a_refusal_nobody_caught_shows_its_own_message(reporter, world, qtbot):
    def refuse() -> None:
        raise ValidationError("请先选择农户。")

    QTimer.singleShot(0, refuse)
    qtbot.waitUntil(
        lambda: any(
            isinstance(w, QMessageBox) and w.isVisible() and w.text() == "请先选择农户。"
            for w in QApplication.topLevelWidgets()
        )
    )
    assert crash_dialogs() == []
    assert "没有被界面接住的提示：请先选择农户。" in log_text(world)


def test_a_failed_start_waits_for_the_clerk(reporter, world, qtbot):
    seen = []

    def look_and_quit() -> None:
        (dialog,) = crash_dialogs()
        seen.append((dialog.keep_button.isVisible(), dialog.message.text()))
        qtbot.mouseClick(dialog.quit_button, Qt.MouseButton.LeftButton)

    QTimer.singleShot(100, look_and_quit)
    try:
        fail("打不开台账")
    except RuntimeError as exc:
        reporter.fatal(exc)
    ((keep_shown, text),) = seen
    assert not keep_shown
    assert text.startswith("程序出了意外错误")
    assert "发生在：启动时" in log_text(world)
