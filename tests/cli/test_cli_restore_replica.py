"""``jifen restore`` says that the computer goes on under a new number, and ``jifen verify`` is
clean right after the restore and after more recording (issue 16, item 5)."""

from __future__ import annotations

from pathlib import Path

from jifen_cli_testing import Run, add_entry


def test_restore_tells_of_the_new_number_and_verify_stays_clean(village: Run, env: Path) -> None:
    before = village("--json", "key", "show").json
    made = village("--json", "backup").json["path"]
    add_entry(village, "0101", "B05", "2026-03-05")
    said = village("restore", made, "--yes").out
    assert "恢复后这台电脑以新的编号" in said and "签名的密钥不变" in said
    village("verify")
    add_entry(village, "0102", "B05", "2026-03-06")
    village("verify")
    after = village("--json", "key", "show").json
    assert after["replica_id"] != before["replica_id"]
    assert after["fingerprint"] == before["fingerprint"]
    again = village("--json", "restore", made, "--yes").json  # the backup's replica, again
    assert again["retired_replica_id"] == before["replica_id"]
    assert again["replica_id"] not in (before["replica_id"], after["replica_id"])
    village("verify")
