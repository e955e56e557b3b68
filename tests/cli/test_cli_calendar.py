"""The scheme's calendar from the command line: a month's review session, a quarter's
publication with an objection, 补记, vetoes and honours.

Quarters are of 2025 with posting periods given explicitly in the past, since the model judges
"the period has ended" against the real today; a 补记 is dated the real today."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from jifen_cli_testing import Result, Run, assert_one_chinese_error
from jifen_cli_testing import add_entry as add

from jifen_desktop.model.wording import LATE_TITLE


def review_month(run: Run, month: str) -> None:
    """Open the month's session, approve everything pending, close it."""
    run("review", "open", "--month", month)
    run("review", "decide", "--month", month, "approve", "--all-pending")
    run("review", "close", "--month", month)


def post_quarter(run: Run, quarter: str, start: str, end: str) -> Any:
    """Draft (or refresh) the quarter's publication and post it; the posted publication."""
    run("publish", "draft", "--quarter", quarter)
    return run("--json", "publish", "post", "--quarter", quarter, "--from", start, "--to", end).json


def objection(
    run: Run, number: str, content: str, day: str, *extra: str, ok: bool = True
) -> Result:
    """Receive an objection to the 2025Q3 publication."""
    return run(
        "--json",
        "objection",
        "add",
        "--quarter",
        "2025Q3",
        "--household",
        number,
        "--content",
        content,
        "--date",
        day,
        *extra,
        ok=ok,
    )


def test_month_review_open_decide_close_and_overdue(village: Run) -> None:
    a = add(village, "0101", "B05", "2025-03-05")
    b = add(village, "0102", "B04", "2025-03-06")
    c = add(village, "0103", "A16", "2025-03-07", "--points", "-10")
    not_open = village("review", "decide", "--month", "2025-03", "approve", a[-8:], ok=False)
    assert_one_chinese_error(not_open, "jifen review open --month 2025-03")

    opened = village(
        "--json",
        "review",
        "open",
        "--month",
        "2025-03",
        "--date",
        "2025-04-02",
        "--place",
        "村委会会议室",
        "--attendees",
        "王书记 李主任",
    ).json
    assert (opened["month"], opened["status"], opened["pending"]) == ("2025-03", "open", 3)
    assert opened["held_on"] == "2025-04-02"
    twice = village("review", "open", "--month", "2025-03", ok=False)
    assert_one_chinese_error(twice, "已经开着")

    decided = village("--json", "review", "decide", "--month", "2025-03", "approve", a[-8:], b)
    assert decided.json == {"approved": 2, "ids": [a, b]}
    no_reason = village("review", "decide", "--month", "2025-03", "reject", c[-8:], ok=False)
    assert_one_chinese_error(no_reason, "--reason")
    both = village(
        "review", "decide", "--month", "2025-03", "approve", c[-8:], "--all-pending", ok=False
    )
    assert_one_chinese_error(both, "--all-pending")
    village("review", "decide", "--month", "2025-03", "reject", c[-8:], "--reason", "证据不足")

    late = add(village, "0104", "B05", "2025-03-20")
    minutes = village("review", "show", "--month", "2025-03").out
    assert "村委会会议室" in minutes and "王书记 李主任" in minutes
    assert "通过 2 条，不通过 1 条" in minutes and "理由：证据不足" in minutes
    assert "本月还有 1 条待审核" in minutes and late[-8:] in minutes

    closed = village("--json", "review", "close", "--month", "2025-03").json
    assert (closed["status"], closed["approved"], closed["rejected"]) == ("closed", 2, 1)
    assert closed["pending"] == 1
    assert village("--json", "review", "overdue").json == {"2025-03": 1}
    assert "2025年3月" in village("review", "overdue").out
    assert_one_chinese_error(village("entry", "approve", late, ok=False), "审核会还没有开")

    sessions = village("--json", "review", "list", "--year", "2025").json
    assert [(s["month"], s["status"]) for s in sessions] == [("2025-03", "closed")]
    ended = village("entry", "approve", late, "--session", sessions[0]["id"][-8:], ok=False)
    assert_one_chinese_error(ended, "已经结束")
    shown = village("--json", "review", "show", "--session", sessions[0]["id"][-8:]).json
    assert sorted(e["status"] for e in shown["decisions"]) == ["approved", "approved", "rejected"]

    village("review", "open", "--month", "2025-03", "--date", "2025-04-30")
    village("entry", "approve", late)
    village("review", "close", "--month", "2025-03")
    assert village("--json", "review", "overdue").json == {}
    assert len(village("--json", "review", "list").json) == 2


def test_quarter_draft_post_objection_resolve_final(village: Run) -> None:
    add(village, "0101", "B05", "2025-08-05")
    add(village, "0102", "B04", "2025-08-06")
    deduction = add(village, "0103", "A16", "2025-08-07", "--points", "-10")
    review_month(village, "2025-08")
    pending = add(village, "0104", "B05", "2025-09-05")  # the draft warns about it

    drafted = village("publish", "draft", "--quarter", "2025Q3", "--contact", "王书记")
    assert "已生成2025年第3季度积分公示（全村）草稿" in drafted.out
    assert "1 条记录待审核" in drafted.err
    again = village("--json", "publish", "draft", "--quarter", "2025Q3").json
    assert (again["status"], again["version"], again["pending_entries"]) == ("draft", 2, 1)
    assert "待审核" in again["warning"]
    shown = village("--json", "publish", "show", "--quarter", "2025Q3").json
    nets = {line["number"]: line["net"] for line in shown["lines"]}
    assert nets == {"0101": 5, "0102": 5, "0103": -10, "0104": 0}
    assert "名次" in village("publish", "show", "--quarter", "2025Q3").out

    posted = post_quarter(village, "2025Q3", "2025-10-08", "2025-10-14")
    assert (posted["status"], posted["posting_end"], posted["contact"]) == (
        "posted",
        "2025-10-14",
        "王书记",
    )
    village("review", "open", "--month", "2025-09")
    locked = village("review", "decide", "--month", "2025-09", "approve", pending, ok=False)
    assert_one_chinese_error(locked, "正在公示", "approve-late")
    done = village("--json", "review", "decide", "--month", "2025-09", "approve-late", pending)
    assert json.loads(done.out)["late"] == 1
    outside = objection(village, "0103", "没有乱倒垃圾", "2025-10-20", ok=False)
    assert_one_chinese_error(outside, "公示期内")
    disputed = objection(
        village, "0103", "没有乱倒垃圾", "2025-10-09", "--entry", deduction[-8:]
    ).json
    assert disputed["entry_id"] == deduction and disputed["status"] == "open"
    missed = objection(village, "0101", "9月植树漏记", "2025-10-10", "--handler", "李主任").json
    assert missed["handler"] == "李主任"
    assert len(village("--json", "objection", "list", "--open").json) == 2
    assert_one_chinese_error(
        village("publish", "final", "--quarter", "2025Q3", ok=False), "异议没有处理完"
    )

    mixed = village(
        "objection",
        "resolve",
        disputed["id"][-8:],
        "--dismissed",
        "--reason",
        "x",
        "--reverse",
        ok=False,
    )
    assert_one_chinese_error(mixed, "--reverse")
    vague = village(
        "objection", "resolve", disputed["id"][-8:], "--upheld", "--reason", "x", ok=False
    )
    assert_one_chinese_error(vague, "--reverse", "--missing", "--dismissed")
    upheld = village(
        "--json",
        "objection",
        "resolve",
        disputed["id"][-8:],
        "--upheld",
        "--reason",
        "经核实不是该户",
        "--reverse",
        "--date",
        "2025-10-12",
    ).json
    assert upheld["status"] == "upheld" and "冲正" in upheld["resolution"]
    village(
        "objection",
        "resolve",
        missed["id"][-8:],
        "--upheld",
        "--reason",
        "确有漏记",
        "--missing",
        "B04:2025-09-12",
        "--date",
        "2025-10-12",
    )
    done = village(
        "objection", "resolve", missed["id"][-8:], "--dismissed", "--reason", "x", ok=False
    )
    assert_one_chinese_error(done, "已经处理")
    assert village("--json", "objection", "list", "--open").json == []
    listing = village("objection", "list", "--quarter", "2025Q3").out
    assert "成立" in listing and "9月植树漏记" in listing

    final = village("--json", "publish", "final", "--quarter", "2025Q3").json
    assert (final["status"], final["objections"], final["open_objections"]) == ("final", 2, 0)
    listed = village("--json", "publish", "list", "--year", "2025").json
    assert [(p["quarter"], p["status_name"]) for p in listed] == [("2025Q3", "已定稿")]
    balance = village("--json", "balance", "--household", "0103", "--year", "2025").json
    assert balance["annual"] == 0

    village("publish", "draft", "--quarter", "2025Q4")
    late = village("--json", "publish", "show", "--quarter", "2025Q4").json["late"]
    assert sorted((x["number"], x["original_on"], x["points"]) for x in late) == [
        ("0101", "2025-09-12", 5),
        ("0103", "2025-08-07", 10),
    ]
    assert f"{LATE_TITLE}：" in village("publish", "show", "--quarter", "2025Q4").out


def test_late_entry_with_the_late_option(village: Run) -> None:
    post_quarter(village, "2025Q3", "2025-10-08", "2025-10-14")
    b05 = ("entry", "add", "--household", "0101", "--rule", "B05", "--date")
    assert_one_chinese_error(village(*b05, "2025-08-20", ok=False), "补记", "--late")
    not_needed = village(*b05, "2025-05-20", "--late", ok=False)
    assert_one_chinese_error(not_needed, "不用补记")

    entry = village("--json", *b05, "2025-08-20", "--late").json
    today = dt.date.today()
    assert (entry["occurred_on"], entry["original_on"]) == (today.isoformat(), "2025-08-20")
    text = village("entry", "list", "--status", "pending").out
    assert "补记，原日期 2025-08-20" in text
    month = f"{today.year}-{today.month:02d}"
    assert_one_chinese_error(
        village("entry", "approve", entry["id"], ok=False), f"jifen review open --month {month}"
    )
    village("review", "open", "--month", month)
    village("entry", "approve", entry["id"][-8:])
    balance = village("--json", "balance", "--household", "0101", "--year", str(today.year)).json
    assert balance["annual"] == 5


def test_veto_and_honours_in_json(village: Run) -> None:
    for number, rule, day in [
        ("0101", "B14", "2025-03-03"),
        ("0101", "B05", "2025-03-04"),
        ("0102", "B05", "2025-03-05"),
        ("0103", "B14", "2025-03-06"),
        ("0103", "B14", "2025-03-07"),
    ]:
        add(village, number, rule, day)
    review_month(village, "2025-03")

    veto = village(
        "--json",
        "veto",
        "add",
        "--household",
        "0103",
        "--reason",
        "违法建房",
        "--from",
        "2025-01-01",
        "--to",
        "2025-12-31",
    ).json
    assert (veto["household_number"], veto["ends_on"]) == ("0103", "2025-12-31")
    overlap = village(
        "veto",
        "add",
        "--household",
        "0103",
        "--reason",
        "再次",
        "--from",
        "2025-06-01",
        "--to",
        "2026-01-31",
        ok=False,
    )
    assert_one_chinese_error(overlap, "期限重叠")
    assert len(village("--json", "veto", "list", "--in-force", "2025-06-01").json) == 1
    assert village("--json", "veto", "list", "--in-force").json == []

    ranks = village("--json", "rank", "--period", "2025").json["rows"]
    assert {r["number"]: r["vetoed"] for r in ranks}["0103"] is True
    assert "一票否决" in village("rank", "--period", "2025").out

    village("honours", "grades", "set", "优秀:15", "合格:5", "诫勉")
    assert village("--json", "honours", "grades", "show").json == [
        {"name": "优秀", "minimum": 15},
        {"name": "合格", "minimum": 5},
        {"name": "诫勉", "minimum": None},
    ]
    bad = village("honours", "grades", "set", "优秀", "合格:5", ok=False)
    assert_one_chinese_error(bad, "最后一个等级")

    h = village("--json", "honours", "--period", "2025", "--top", "2").json
    assert h["average"] == 10.0
    assert [r["number"] for r in h["above_average"]] == ["0101"]
    assert [r["number"] for r in h["top"]] == ["0101", "0102"]
    assert {g["name"]: [r["number"] for r in g["households"]] for g in h["grades"]} == {
        "优秀": ["0101"],
        "合格": ["0102"],
        "诫勉": ["0104"],
    }
    assert [r["number"] for r in h["vetoed"]] == ["0103"]
    text = village("honours", "--period", "2025").out
    assert "一票否决，不参加评选：0103 张大山" in text and "平均分 10.0" in text

    lifted = village(
        "--json", "veto", "lift", veto["id"][-8:], "--date", "2025-03-01", "--reason", "已整改"
    ).json
    assert lifted["lifted_on"] == "2025-03-01"
    assert village("--json", "veto", "list", "--in-force", "2025-06-01").json == []
    assert village("--json", "honours", "--period", "2025Q2").json["vetoed"] == []


def test_calendar_overview(village: Run) -> None:
    add(village, "0101", "B05", "2025-03-05")
    data = village("--json", "calendar").json
    assert data["overdue"] == {"2025-03": 1}
    assert data["today"] == dt.date.today().isoformat()
    assert "逾期未审核：" in village("calendar").out
