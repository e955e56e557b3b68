"""``jifen`` after too many wrong passwords (issue 16): the sixth command, the right password
and all, is refused in one Chinese line that says how long to wait; each run is a new program,
so this is also the count outliving the program."""

from __future__ import annotations

from jifen_cli_testing import PASSWORD, Run, assert_one_chinese_error

from jifen_desktop.model import login_throttle


def test_the_command_line_waits_after_five_wrong_passwords(village: Run, monkeypatch) -> None:
    clock = [1_900_000_000.0]
    monkeypatch.setattr(login_throttle, "now", lambda: clock[0])
    monkeypatch.setenv("JIFEN_PASSWORD", "not-the-password")
    for _ in range(4):
        assert_one_chinese_error(village("rule", "list", ok=False), "用户名或密码不对")
    assert_one_chinese_error(village("rule", "list", ok=False), "密码错误次数太多，请 1 秒后再试")
    monkeypatch.setenv("JIFEN_PASSWORD", PASSWORD)
    assert_one_chinese_error(village("rule", "list", ok=False), "密码错误次数太多，请 1 秒后再试")
    clock[0] += 1
    assert village("rule", "list").code == 0
