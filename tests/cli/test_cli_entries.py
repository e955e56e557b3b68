"""Entries from the command line: record, review, balances and rankings, the scheme's refusals,
batches, corrections and the short entry ids."""

from __future__ import annotations

from pathlib import Path

from jifen_cli_testing import Run, assert_one_chinese_error
from jifen_cli_testing import add_entry as add


def test_add_approve_balance_and_rank_with_ties(village: Run) -> None:
    a = add(village, "0101", "B05", "2025-03-05", "--note", "敬老院打扫")
    b = add(village, "0102", "B04", "2025-03-06")
    c = add(village, "0103", "A16", "2025-03-07", "--points", "-10")
    village("review", "open", "--month", "2025-03")
    approved = village("entry", "approve", a[-8:], b[-8:], c)
    assert "已审核通过 3 条记录" in approved.out
    balance = village("--json", "balance", "--household", "0101", "--year", "2025").json
    assert (balance["annual"], balance["lifetime"], balance["available"]) == (5, 5, 5)
    ranks = village("--json", "rank", "--period", "2025Q1").json["rows"]
    assert {r["number"]: r["rank"] for r in ranks} == {"0101": 1, "0102": 1, "0104": 3, "0103": 4}
    table = village("rank", "--period", "2025Q1").out
    assert "名次" in table and "王建国" in table
    top = village("--json", "rank", "--period", "2025Q1", "--top", "1").json["rows"]
    assert sorted(r["number"] for r in top) == ["0101", "0102"]
    above = village("--json", "rank", "--period", "2025", "--above-average").json
    assert above["average"] == 0.0
    assert sorted(r["number"] for r in above["rows"]) == ["0101", "0102"]
    grid = village("--json", "rank", "--period", "2025Q1", "--grid", "二组").json["rows"]
    assert [(r["number"], r["rank"]) for r in grid] == [("0104", 1), ("0103", 2)]


def test_pending_entries_do_not_count(village: Run) -> None:
    add(village, "0101", "B05", "2025-03-05")
    balance = village("--json", "balance", "--household", "0101", "--year", "2025").json
    assert balance["annual"] == 0
    text = village("balance", "--household", "0101", "--year", "2025").out
    assert "2025年度积分：" in text


def test_monthly_cap_refusal_is_one_chinese_line(village: Run) -> None:
    add(village, "0101", "E08", "2025-03-01")
    again = village(
        "entry", "add", "--household", "0101", "--rule", "E08", "--date", "2025-03-28", ok=False
    )
    assert_one_chinese_error(again, "当月限一次")
    assert again.out == ""
    add(village, "0101", "E08", "2025-04-01")


def test_points_outside_the_rule_are_refused(village: Run) -> None:
    wrong_sign = village(
        "entry",
        "add",
        "--household",
        "0101",
        "--rule",
        "A16",
        "--date",
        "2025-03-01",
        "--points",
        "10",
        ok=False,
    )
    assert_one_chinese_error(wrong_sign, "负数")
    assert_one_chinese_error(
        village(
            "entry", "add", "--household", "0101", "--rule", "A16", "--date", "2025-03-01", ok=False
        ),
        "请填写具体分值",
    )
    assert_one_chinese_error(
        village("entry", "add", "--household", "0101", "--rule", "Z99", ok=False), "Z99"
    )


def test_recorder_is_refused_outside_their_grid(village: Run, monkeypatch) -> None:
    village(
        "operator",
        "add",
        "wgy1",
        "--role",
        "recorder",
        "--name",
        "张网格",
        "--grids",
        "一组",
        "--password",
        "wgy-12345",
    )
    monkeypatch.setenv("JIFEN_USER", "wgy1")
    monkeypatch.setenv("JIFEN_PASSWORD", "wgy-12345")
    add(village, "0101", "B05", "2025-03-05")
    outside = village(
        "entry", "add", "--household", "0103", "--rule", "B05", "--date", "2025-03-05", ok=False
    )
    assert_one_chinese_error(outside, "不在您负责的网格内")
    listed = village("--json", "household", "list").json
    assert [h["number"] for h in listed] == ["0101", "0102"]
    review = village("entry", "approve", "--month", "2025-03", ok=False)
    assert_one_chinese_error(review, "无权审核")


def test_approve_a_whole_month(village: Run) -> None:
    add(village, "0101", "B05", "2025-03-05")
    add(village, "0102", "B05", "2025-03-20")
    add(village, "0103", "B05", "2025-04-02")
    closed = village("entry", "approve", "--month", "2025-03", ok=False)
    assert_one_chinese_error(closed, "审核会还没有开", "jifen review open --month 2025-03")
    village("review", "open", "--month", "2025-03")
    result = village("--json", "entry", "approve", "--month", "2025-03").json
    assert result["approved"] == 2
    pending = village("--json", "entry", "list", "--status", "pending").json
    assert [e["household_number"] for e in pending] == ["0103"]
    assert "没有待审核的记录" in village("entry", "approve", "--month", "2025-03").out
    assert_one_chinese_error(village("entry", "approve", ok=False), "--month")


def test_reject_needs_a_reason_and_shows_it(village: Run) -> None:
    entry = add(village, "0101", "B05", "2025-03-05")
    missing = village("entry", "reject", entry[-8:], ok=False)
    assert missing.code == 2 and "--reason" in missing.err
    village("review", "open", "--month", "2025-03")
    village("entry", "reject", entry[-8:], "--reason", "没有照片")
    listing = village("entry", "list", "--status", "rejected").out
    assert "未通过" in listing and "没有照片" in listing
    again = village("entry", "approve", entry[-8:], ok=False)
    assert_one_chinese_error(again, "已经未通过")


def test_withdraw_own_pending_entry(village: Run) -> None:
    entry = add(village, "0101", "B05", "2025-03-05")
    assert "已撤回" in village("entry", "withdraw", entry[-8:]).out


def test_short_ids_by_end_or_beginning_and_ambiguity(village: Run) -> None:
    first = add(village, "0101", "B05", "2025-03-05")
    second = add(village, "0102", "B05", "2025-03-05")
    listing = village("entry", "list").out
    assert first[-8:] in listing and second[-8:] in listing
    village("review", "open", "--month", "2025-03")
    if first[:8] == second[:8]:  # time-ordered ids: almost always the same first 8 characters
        ambiguous = village("entry", "approve", first[:8], ok=False)
        assert_one_chinese_error(ambiguous, "不止一条")
    village("entry", "approve", first[:13] if first[:13] != second[:13] else first)
    assert_one_chinese_error(village("entry", "approve", "zz", ok=False), "8位编号")
    assert_one_chinese_error(village("entry", "approve", "00000000", ok=False), "找不到")


def test_batch_by_grid_list_and_file(village: Run, tmp_path: Path) -> None:
    by_grid = village(
        "--json", "entry", "batch", "--rule", "C06", "--date", "2025-03-12", "--grid", "一组"
    ).json
    assert sorted(e["household_number"] for e in by_grid) == ["0101", "0102"]
    assert {e["status"] for e in by_grid} == {"approved"}
    village("entry", "batch", "--rule", "C07", "--date", "2025-03-15", "--households", "0101，0103")
    names = tmp_path / "到会名单.txt"
    names.write_text("# 村民代表大会\n0102 李秀英\n\n0104\n", encoding="utf-8")
    result = village(
        "entry",
        "batch",
        "--rule",
        "C07",
        "--date",
        "2025-03-16",
        "--file",
        str(names),
        "--place",
        "村委会",
    )
    assert "已批量登记 2 户" in result.out
    unknown = village(
        "entry",
        "batch",
        "--rule",
        "C07",
        "--date",
        "2025-03-16",
        "--households",
        "0101,0999",
        ok=False,
    )
    assert_one_chinese_error(unknown, "0999")
    missing_file = village(
        "entry",
        "batch",
        "--rule",
        "C07",
        "--date",
        "2025-03-16",
        "--file",
        str(tmp_path / "none.txt"),
        ok=False,
    )
    assert_one_chinese_error(missing_file, "名单文件")
    both = village(
        "entry",
        "batch",
        "--rule",
        "C07",
        "--date",
        "2025-03-16",
        "--grid",
        "一组",
        "--households",
        "0101",
        ok=False,
    )
    assert both.code == 2 and "不能与参数" in both.err


def test_correct_and_false_declaration(village: Run) -> None:
    wrong = add(village, "0101", "A16", "2025-03-07", "--points", "-20")
    faked = add(village, "0102", "B05", "2025-03-05")
    village("review", "open", "--month", "2025-03")
    village("entry", "approve", wrong, faked)
    corrected = village(
        "--json", "entry", "correct", wrong[-8:], "--reason", "分值记错", "--points", "-5"
    ).json
    assert [e["points"] for e in corrected] == [20, -5]
    assert (
        village("--json", "balance", "--household", "0101", "--year", "2025").json["annual"] == -5
    )
    twice = village("entry", "correct", wrong[-8:], "--reason", "再来", ok=False)
    assert_one_chinese_error(twice, "已经冲正过")
    penalty = village("entry", "false-declaration", faked[-8:], "--reason", "实际未参加")
    assert "双倍扣分" in penalty.out
    assert village("--json", "balance", "--household", "0102").json["lifetime"] == -10


def test_entry_list_filters(village: Run) -> None:
    add(village, "0101", "B05", "2025-03-05")
    add(village, "0101", "B04", "2025-05-05")
    add(village, "0102", "B04", "2025-05-06")
    q2 = village("--json", "entry", "list", "--period", "2025Q2").json
    assert len(q2) == 2 and q2[0]["occurred_on"] == "2025-05-06"
    mine = village("--json", "entry", "list", "--household", "0101", "--limit", "1").json
    assert [e["rule_code"] for e in mine] == ["B04"]
    assert "只列出最新的 1 条" in village("entry", "list", "--limit", "1").out
