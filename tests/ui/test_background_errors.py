"""An unexpected error inside a background task's work is written to the crash log with its
traceback (once, however it is shown afterwards), and the message shown says where the log is;
the model's own refusals and a cancel are not errors of the program and stay out of the log."""

from __future__ import annotations

import pytest

from jifen_desktop import crash_log
from jifen_desktop.model.errors import ValidationError
from jifen_desktop.ui import background, messages
from jifen_desktop.ui.background import Cancelled


@pytest.fixture
def log_file(world):
    path = crash_log.open_log(world.ledger.folder)
    assert path == world.ledger.folder / "logs" / "jifen.log"
    return path


@pytest.fixture
def shown(monkeypatch):
    """What ``show_error`` put in its message boxes (title, text), instead of showing them."""
    seen: list[tuple[str, str]] = []
    box = messages.QMessageBox
    monkeypatch.setattr(box, "critical", lambda _p, title, text: seen.append((title, text)))
    monkeypatch.setattr(box, "warning", lambda _p, title, text: seen.append((title, text)))
    return seen


def run(qtbot, work, on_failed=None) -> None:
    """Run ``work`` as the program does and wait until its task has ended."""
    background.run_in_background(None, "统计各户积分", work, lambda _v: None, on_failed)
    qtbot.waitUntil(lambda: background.running_tasks() == 0, timeout=10_000)


def count_households_then_fail(world):
    def work(progress, cancel):
        progress(0.5, "正在统计")
        households = world.ledger.households.list(world.village.id)
        return sum_points(households)

    return work


def sum_points(households) -> float:
    return 100 / len(households)  # no households yet: a real ZeroDivisionError


def test_an_unexpected_error_is_logged_with_its_traceback_and_the_message_says_where(
    qtbot, world, log_file, shown
):
    run(qtbot, count_households_then_fail(world))
    qtbot.waitUntil(lambda: len(shown) == 1)
    text = log_file.read_text(encoding="utf-8")
    assert text.count("意外错误：ZeroDivisionError: division by zero") == 1  # logged once
    assert "发生在：后台任务“统计各户积分”" in text
    assert "in sum_points" in text and "in work" in text  # the worker's traceback
    assert f"数据目录 {world.ledger.folder}" in text
    title, message = shown[0]
    assert title == "程序出错"
    assert f"错误详情已写入：{log_file}。" in message
    assert message.endswith("ZeroDivisionError: division by zero")


def test_a_task_with_its_own_failure_handler_is_logged_too(qtbot, world, log_file):
    failures: list[BaseException] = []
    run(qtbot, count_households_then_fail(world), failures.append)
    qtbot.waitUntil(lambda: len(failures) == 1)
    assert isinstance(failures[0], ZeroDivisionError)
    assert "in sum_points" in log_file.read_text(encoding="utf-8")


def test_refusals_and_cancels_stay_out_of_the_log(qtbot, world, log_file, shown):
    def refuse(progress, cancel):
        raise ValidationError("这个月已经审核完了，不能再改。")

    def cancelled(progress, cancel):
        cancel.set()
        progress(0.1, "正在统计")  # sees the flag and raises Cancelled

    run(qtbot, refuse)
    qtbot.waitUntil(lambda: len(shown) == 1)
    cancels: list[BaseException] = []
    run(qtbot, cancelled, cancels.append)
    qtbot.waitUntil(lambda: len(cancels) == 1)
    assert shown == [("无法完成", "这个月已经审核完了，不能再改。")]
    assert isinstance(cancels[0], Cancelled)
    assert "ERROR" not in log_file.read_text(encoding="utf-8")
