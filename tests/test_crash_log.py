"""The crash log: an unexpected error lands in ``<data folder>/logs/jifen.log`` with what
support needs (traceback, versions, folder), in the user's log folder when the data folder
cannot take it, and the user is told where in Chinese."""

from __future__ import annotations

import logging.handlers

import pytest

from jifen_desktop import __version__, crash_log


@pytest.fixture(autouse=True)
def no_log_left_open():
    yield
    crash_log.close_log()


def failure() -> ZeroDivisionError:
    try:
        1 / 0  # noqa: B018
    except ZeroDivisionError as exc:
        return exc
    raise AssertionError


def test_an_error_is_written_with_what_support_needs(tmp_path):
    report = crash_log.record(failure(), folder=tmp_path, where="测试")
    assert report.log_file == tmp_path / "logs" / "jifen.log"
    assert report.summary == "ZeroDivisionError: division by zero"
    text = report.log_file.read_text(encoding="utf-8")
    for needed in (
        "ERROR jifen: 意外错误：ZeroDivisionError: division by zero",
        f"积分台账 {__version__}",
        "Python 3.",
        "SQLite 3.",
        f"数据目录 {tmp_path}",
        "发生在：测试",
        "Traceback (most recent call last):",
        "in failure",
    ):
        assert needed in text
    assert report.message() == (
        "程序出了意外错误，刚才的操作没有保存（已保存的记录不受影响）。"
        f"错误详情已写入：{report.log_file}。请把这个文件发给技术支持。"
    )


def test_the_log_rotates_at_a_megabyte_keeping_five(tmp_path):
    crash_log.open_log(tmp_path)
    (handler,) = [
        h for h in crash_log.log.handlers if isinstance(h, logging.handlers.RotatingFileHandler)
    ]
    assert (handler.maxBytes, handler.backupCount, handler.encoding) == (1_000_000, 5, "utf-8")
    for n in range(2500):  # 1200 bytes a line: 3 MB
        crash_log.log.info("第 %d 行 %s", n, "积" * 400)
    assert sorted(p.name for p in (tmp_path / "logs").iterdir())[:3] == [
        "jifen.log",
        "jifen.log.1",
        "jifen.log.2",
    ]


def test_a_data_folder_that_cannot_take_the_log_falls_back_to_the_user_log_folder(
    tmp_path, monkeypatch
):
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "logs").write_text("a file where the folder should be")
    report = crash_log.record(failure(), folder=tmp_path / "data")
    assert report.log_file == tmp_path / "state" / "jifen-desktop" / "log" / "jifen.log"
    assert f"数据目录 {tmp_path / 'data'}" in report.log_file.read_text(encoding="utf-8")


def test_when_nothing_can_be_written_the_user_is_told_so(tmp_path, monkeypatch):
    (tmp_path / "blocked").write_text("")
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "blocked" / "state"))
    report = crash_log.record(failure(), folder=tmp_path / "blocked" / "data")
    assert report.log_file is None
    assert "没能写入文件" in report.message()
    assert "ZeroDivisionError" in report.details


def test_a_password_on_the_command_line_is_not_logged():
    argv = ["jifen", "operator", "add", "wgy1", "--password", "mima", "--old-password=jiu"]
    assert crash_log._command_line(argv) == [
        "jifen",
        "operator",
        "add",
        "wgy1",
        "--password",
        "***",
        "--old-password=***",
    ]
