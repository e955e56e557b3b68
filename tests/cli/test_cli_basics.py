"""The command itself: init, help and usage errors in Chinese, one-line user errors with exit
status 1, log-in problems, and the real entry point in a subprocess."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

from jifen_cli_testing import CODE, PASSWORD, Run, assert_one_chinese_error

from jifen_desktop.model import paths


def test_init_creates_village_and_admin_who_can_log_in(run: Run, env: Path) -> None:
    result = run("init", "--code", CODE, "--name", "张集村", "--township", "张集镇")
    assert "已建立台账：张集村（420881100001）" in result.out
    assert paths.db_path(env).exists()
    shown = run("--json", "village", "show").json
    assert shown["village"]["name"] == "张集村"
    assert shown["village"]["township_name"] == "张集镇"
    assert shown["rules"] > 50
    assert [o["role"] for o in run("--json", "operator", "list").json] == ["admin"]


def test_init_twice_refuses_and_keeps_the_first(run: Run) -> None:
    run("init", "--code", CODE, "--name", "张集村")
    again = run("init", "--code", "420881100002", "--name", "李庄村", ok=False)
    assert_one_chinese_error(again, "已经有台账数据库")
    assert [v["name"] for v in run("--json", "village", "list").json] == ["张集村"]


def test_failed_init_leaves_nothing_behind(run: Run, env: Path) -> None:
    bad = run("init", "--code", CODE, "--name", "张集村", "--admin", "a b!", ok=False)
    assert_one_chinese_error(bad, "用户名")
    assert not paths.db_path(env).exists()
    run("init", "--code", CODE, "--name", "张集村")


def test_init_refuses_a_bad_code_before_creating_anything(run: Run, env: Path) -> None:
    assert_one_chinese_error(run("init", "--code", "4208", "--name", "张集村", ok=False), "12位")
    assert not paths.db_path(env).exists()


def test_missing_database_says_to_run_init(run: Run) -> None:
    assert_one_chinese_error(run("household", "list", ok=False), "jifen init", "jifen demo")


def test_missing_user_says_how_to_name_one(village: Run, monkeypatch) -> None:
    monkeypatch.delenv("JIFEN_USER")
    assert_one_chinese_error(village("household", "list", ok=False), "--user", "JIFEN_USER")


def test_wrong_password_is_one_line(village: Run, monkeypatch) -> None:
    monkeypatch.setenv("JIFEN_PASSWORD", "not-the-password")
    assert_one_chinese_error(village("rule", "list", ok=False), "用户名或密码不对")


def test_user_option_overrides_environment(village: Run, monkeypatch) -> None:
    village("operator", "add", "kan", "--role", "viewer", "--password", "kan-12345")
    monkeypatch.setenv("JIFEN_PASSWORD", "kan-12345")
    assert village("--user", "kan", "household", "list").code == 0
    refused = village("--user", "kan", "grid", "add", "三组", ok=False)
    assert_one_chinese_error(refused, "无权")


def test_help_is_chinese(run: Run) -> None:
    result = run("--help")
    assert result.out.startswith("用法：jifen")
    for word in ("选项", "命令", "显示本帮助并退出", "household", "积分排名"):
        assert word in result.out
    for english in ("usage:", "options:", "positional arguments", "show this help"):
        assert english not in result.out


def test_subcommand_help_is_chinese(run: Run) -> None:
    out = run("entry", "add", "--help").out
    assert out.startswith("用法：jifen entry add")
    assert "发生日期" in out and "usage" not in out
    assert "位置参数" in run("household", "show", "--help").out


def test_unknown_command_gives_chinese_usage_and_exit_2(run: Run) -> None:
    result = run("frobnicate", ok=False)
    assert result.code == 2
    assert result.err.startswith("用法：jifen")
    assert "错误：" in result.err and "无效的选择" in result.err
    assert "invalid choice" not in result.err


def test_usage_errors_are_chinese(run: Run) -> None:
    missing = run("entry", "add", "--rule", "B05", ok=False)
    assert missing.code == 2 and "缺少必需的参数：--household" in missing.err
    extra = run("grid", "list", "--bogus", ok=False)
    assert extra.code == 2 and "无法识别的参数" in extra.err
    no_value = run("rank", "--period", ok=False)
    assert no_value.code == 2 and "需要一个参数值" in no_value.err
    bad_date = run(
        "entry", "add", "--household", "0101", "--rule", "B05", "--date", "3月5日", ok=False
    )
    assert bad_date.code == 2 and "日期“3月5日”不对" in bad_date.err
    assert "Traceback" not in missing.err + extra.err + no_value.err + bad_date.err


def test_group_without_action_asks_for_one(run: Run) -> None:
    result = run("household", ok=False)
    assert result.code == 2 and "缺少必需的参数：操作" in result.err


def test_bad_period_is_a_user_error(village: Run) -> None:
    assert_one_chinese_error(village("rank", "--period", "2026Q5", ok=False), "2026Q1")


def test_console_entry_point_runs_in_a_subprocess(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "JIFEN_DATA_DIR": str(tmp_path / "data"),
        "JIFEN_USER": "admin",
        "JIFEN_PASSWORD": PASSWORD,
        "PYTHONIOENCODING": "utf-8",
    }

    def jifen(*argv: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "jifen_desktop.cli", *argv],
            env=env,
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=60,
        )

    missing = jifen("village", "show")
    assert missing.returncode == 1
    assert missing.stderr.startswith("错误：") and "Traceback" not in missing.stderr
    made = jifen("init", "--code", CODE, "--name", "张集村")
    assert made.returncode == 0 and "已建立台账：张集村" in made.stdout


def test_password_from_a_pipe_or_a_clear_message(village: Run, monkeypatch) -> None:
    monkeypatch.delenv("JIFEN_PASSWORD")
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    assert_one_chinese_error(village("grid", "list", ok=False), "JIFEN_PASSWORD")
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    assert "一组" in village("grid", "list").out
