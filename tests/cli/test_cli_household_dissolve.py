"""``jifen household dissolve`` closes a household through the close service: it needs a reason,
writes the 户籍变动 record ``household show`` lists, and ``jifen verify`` stays clean."""

from __future__ import annotations

from jifen_cli_testing import Run, assert_one_chinese_error


def test_dissolve_needs_a_reason_and_leaves_the_record(village: Run) -> None:
    bare = village("household", "dissolve", "0104", "--date", "2025-09-01", ok=False)
    assert_one_chinese_error(bare, "请写明注销的原因")
    village("household", "dissolve", "0104", "--date", "2025-09-01", "--reason", "户内无人")
    assert "0104" in village("household", "list", "--status", "dissolved").out
    shown = village("household", "show", "0104").out
    assert "注销户" in shown and "户内无人" in shown
    again = village(
        "household", "dissolve", "0104", "--date", "2025-09-02", "--reason", "再注销", ok=False
    )
    assert_one_chinese_error(again, "已不在册")
    assert village("verify").code == 0
