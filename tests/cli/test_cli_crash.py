"""An unexpected error in a ``jifen`` command: one Chinese line naming the log file, exit
status 70, the traceback in the data folder's log; a user error stays one line, exit 1."""

from __future__ import annotations

import pytest
from jifen_cli_testing import CODE, assert_one_chinese_error

from jifen_desktop import crash_log
from jifen_desktop.cli import cmd_village


@pytest.fixture(autouse=True)
def no_log_left_open():
    yield
    crash_log.close_log()


def test_an_unexpected_error_is_logged_and_named_in_one_line(run, env, monkeypatch):
    run("init", "--code", CODE, "--name", "张集村", "--township", "张集镇")

    def broken(_ctx):
        raise RuntimeError("模拟的程序错误")

    monkeypatch.setattr(cmd_village, "run_list", broken)
    result = run("village", "list", ok=False)
    log_file = env / "logs" / "jifen.log"
    assert result.code == 70
    assert result.err.splitlines() == [
        "错误：程序出了意外错误，刚才的操作没有保存（已保存的记录不受影响）。"
        f"错误详情已写入：{log_file}。请把这个文件发给技术支持。"
    ]
    text = log_file.read_text(encoding="utf-8")
    assert "RuntimeError: 模拟的程序错误" in text
    assert "in broken" in text


def test_a_user_error_is_still_one_line_with_status_1(run, env):
    assert_one_chinese_error(run("village", "list", ok=False), "还没有台账数据库")
    assert not (env / "logs").exists()
