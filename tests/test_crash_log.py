"""The crash log: an unexpected error lands in ``<data folder>/logs/jifen.log`` with what
support needs (traceback, versions, folder), in the user's log folder when the data folder
cannot take it, and the user is told where in Chinese."""

from __future__ import annotations

import logging.handlers

import pytest

from jifen_desktop import __version__, crash_log
from jifen_desktop.model import paths


@pytest.fixture(autouse=True)
def no_log_left_open():
    yield
    crash_log.close_log()


@pytest.fixture
def folder(tmp_path):
    """A data folder (its ledger file is all the log looks for)."""
    data = tmp_path / "data"
    data.mkdir()
    paths.db_path(data).touch()
    return data


@pytest.fixture(autouse=True)
def user_log_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    return tmp_path / "state" / "jifen-desktop" / "log"


def failure() -> ZeroDivisionError:
    try:
        1 / 0  # noqa: B018
    except ZeroDivisionError as exc:
        return exc
    raise AssertionError


def test_an_error_is_written_with_what_support_needs(folder):
    report = crash_log.record(failure(), folder=folder, where="测试")
    assert report.log_file == folder / "logs" / "jifen.log"
    assert report.summary == "ZeroDivisionError: division by zero"
    text = report.log_file.read_text(encoding="utf-8")
    for needed in (
        "ERROR jifen: 意外错误：ZeroDivisionError: division by zero",
        f"积分台账 {__version__}",
        "Python 3.",
        "SQLite 3.",
        f"数据目录 {folder}",
        "发生在：测试",
        "Traceback (most recent call last):",
        "in failure",
    ):
        assert needed in text
    assert report.message() == (
        "程序出了意外错误，刚才的操作没有保存（已保存的记录不受影响）。"
        f"错误详情已写入：{report.log_file}。请把这个文件发给技术支持。"
    )


def test_the_log_rotates_at_a_megabyte_keeping_five(folder):
    crash_log.open_log(folder)
    (handler,) = [
        h for h in crash_log.log.handlers if isinstance(h, logging.handlers.RotatingFileHandler)
    ]
    assert (handler.maxBytes, handler.backupCount, handler.encoding) == (1_000_000, 5, "utf-8")
    for n in range(2500):  # 1200 bytes a line: 3 MB
        crash_log.log.info("第 %d 行 %s", n, "积" * 400)
    assert sorted(p.name for p in (folder / "logs").iterdir())[:3] == [
        "jifen.log",
        "jifen.log.1",
        "jifen.log.2",
    ]


def test_a_data_folder_that_cannot_take_the_log_falls_back_to_the_user_log_folder(
    folder, user_log_folder
):
    (folder / "logs").write_text("a file where the folder should be")
    report = crash_log.record(failure(), folder=folder)
    assert report.log_file == user_log_folder / "jifen.log"
    assert f"数据目录 {folder}" in report.log_file.read_text(encoding="utf-8")


def test_a_folder_without_a_ledger_gets_no_logs_of_ours(tmp_path, user_log_folder):
    report = crash_log.record(failure(), folder=tmp_path)
    assert report.log_file == user_log_folder / "jifen.log"
    assert list(tmp_path.iterdir()) == [tmp_path / "state"]
    paths.db_path(tmp_path).touch()  # the first-run wizard made the ledger
    assert crash_log.record(failure(), folder=tmp_path).log_file == tmp_path / "logs" / "jifen.log"


def test_when_nothing_can_be_written_the_user_is_told_so(folder, tmp_path, monkeypatch):
    (folder / "logs").write_text("a file where the folder should be")
    (tmp_path / "blocked").write_text("")
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "blocked" / "state"))
    report = crash_log.record(failure(), folder=folder)
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
