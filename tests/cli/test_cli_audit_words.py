"""``jifen audit`` in the 审计日志's words: the action in Chinese (with its code, for
``--action``), the household a decision is about, and an edit with what changed."""

from __future__ import annotations

from jifen_cli_testing import Run


def test_audit_names_the_household_of_a_decision_and_what_an_edit_changed(village: Run) -> None:
    village("entry", "add", "--household", "0101", "--rule", "B05", "--date", "2025-03-05")
    village("review", "open", "--month", "2025-03")
    village("entry", "approve", "--month", "2025-03")
    decided = village("audit", "--action", "entry.approved", "--limit", "1").out
    assert "审核通过（entry.approved）" in decided and "0101 王建国" in decided
    assert village("--json", "audit", "--action", "entry.approved").json[0]["action"] == (
        "entry.approved"
    )
    found = village("audit", "--text", "0101", "--limit", "20").out
    assert "审核通过" in found and "录入积分" in found
