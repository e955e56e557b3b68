"""村干部 from the command line: ``jifen member add --cadre`` and ``jifen member groups`` set
and clear 党员 and 村干部; ``member list`` shows them; the audit log holds the change."""

from __future__ import annotations

from jifen_cli_testing import Run, assert_one_chinese_error


def test_member_add_cadre_and_groups(village: Run) -> None:
    added = village("--json", "member", "add", "0101", "--name", "王村长", "--cadre").json
    assert (added["is_cadre"], added["is_party_member"]) == (True, False)
    short = added["id"][-8:]
    listing = village("member", "list", "0101").out
    assert "村干部" in listing
    line = next(row for row in listing.splitlines() if "王村长" in row)
    assert "是" in line

    done = village("member", "groups", short, "--party", "是", "--cadre", "否")
    assert "已修改成员 王村长：党员。" in done.out
    after = next(
        m for m in village("--json", "member", "list", "0101").json if m["name"] == "王村长"
    )
    assert (after["is_party_member"], after["is_cadre"]) == (True, False)

    nothing = village("member", "groups", short, ok=False)
    assert_one_chinese_error(nothing, "--party、--cadre")
    assert "村干部" in village("audit", "--action", "member.update", "--limit", "1").out
    assert village("verify").code == 0
