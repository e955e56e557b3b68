"""``jifen household split|merge|close``: 分户 with points split by members, the pair approved
at review, 合户 with all points, 注销户 refusing entries; each shows on ``household show``."""

from __future__ import annotations

import datetime as dt

from jifen_cli_testing import Run, assert_one_chinese_error

TODAY = dt.date.today()
ON = min(dt.date(TODAY.year, 5, 1), TODAY).isoformat()


def _family(village: Run) -> None:
    for name, relation in (("王小军", "子"), ("赵丽", "儿媳")):
        village("member", "add", "0101", "--name", name, "--relation", relation)
    village("base-points", "--year", str(TODAY.year))


def test_split_by_members_then_the_pair_is_approved_at_review(village: Run) -> None:
    _family(village)
    before = village("balance", "--household", "0101", "--json").json
    said = village(
        "household", "split", "0101", "--members", "王小军,赵丽", "--head", "王小军",
        "--new-number", "0131", "--grid", "二组", "--date", ON, "--points", "members",
        "--relation", "赵丽=配偶", "--reason", "儿子结婚",
    ).out  # fmt: skip
    assert f"{ON} 分户：王小军、赵丽 从 0101 王建国 分出，另立新户 0131 王小军" in said
    assert "转移可用积分 66 分（待审核）" in said
    pending = village("entry", "list", "--status", "pending", "--json").json
    transfers = [e for e in pending if e["kind"] == "transfer"]
    assert sorted(e["points"] for e in transfers) == [-66, 66]
    village("review", "open", "--month", f"{TODAY:%Y-%m}")
    village("review", "decide", "--month", f"{TODAY:%Y-%m}", "approve", transfers[0]["id"][-8:])
    old = village("balance", "--household", "0101", "--json").json
    new = village("balance", "--household", "0131", "--json").json
    assert old["available"] + new["available"] == before["available"]
    assert old["lifetime"] == before["lifetime"] and new["lifetime"] == 0
    shown = village("household", "show", "0131").out
    assert "户籍变动：" in shown and "（已通过）" in shown
    assert "王小军" in village("member", "list", "0131").out


def test_merge_and_close_and_their_refusals(village: Run) -> None:
    merged = village("household", "merge", "0102", "--into", "0101", "--date", ON).out
    assert f"{ON} 合户：0102 李秀英 并入 0101 王建国（李秀英）" in merged
    closed = village("household", "close", "0103", "--date", ON, "--reason", "户内无人").out
    assert f"{ON} 注销户：0103 张大山 注销，户内无人" in closed
    refused = village("entry", "add", "--household", "0103", "--rule", "A16", ok=False)
    assert_one_chinese_error(refused, "已注销")
    again = village("household", "merge", "0104", "--into", "0102", "--date", ON, ok=False)
    assert_one_chinese_error(again, "已不在册")
    odd = village("household", "merge", "0104", "--into", "0101", "--date", ON, "--points", "x", ok=False)  # fmt: skip
    assert_one_chinese_error(odd, "--points 只能是")
    assert "合户" in village("household", "show", "0102").out
