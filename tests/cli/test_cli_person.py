"""``jifen person list|show|archive|rates`` and ``jifen rank --persons --group party``: a
person's points are the approved entries naming them; the archive lists every entry naming
them (pending and rejected too) and prints as a PDF whose text reads back; an unknown name is
refused in Chinese; verify stays clean."""

from __future__ import annotations

from pathlib import Path

from jifen_cli_testing import add_entry, assert_one_chinese_error
from pypdf import PdfReader


def approve_month(run, month: str) -> None:
    run("review", "open", "--month", month)
    run("review", "decide", "--month", month, "approve", "--all-pending")


def test_person_points_ranking_archive_and_rates(village, tmp_path: Path):
    run = village
    run("member", "add", "0101", "--name", "王小军", "--relation", "子", "--party")
    run("member", "add", "0103", "--name", "张小红", "--relation", "女")
    add_entry(run, "0101", "B05", "2026-03-05", "--member", "王小军")
    add_entry(run, "0101", "B04", "2026-03-06", "--member", "王小军")
    add_entry(run, "0103", "B05", "2026-03-07", "--member", "张小红")
    add_entry(run, "0101", "B05", "2026-03-08")  # names no one
    approve_month(run, "2026-03")
    add_entry(run, "0101", "C10", "2026-04-02", "--member", "王小军")  # pending
    listing = run("--json", "person", "list", "--period", "2026H1").json
    points = {r["name"]: r["added"] + r["deducted"] for r in listing["rows"]}
    assert points["王小军"] == 10 and points["张小红"] == 5 and points["王建国"] == 0
    party = run("--json", "rank", "--persons", "--group", "party", "--period", "2026H1").json
    assert [r["person"]["name"] for r in party["rows"]] == ["王小军"]
    text = run("rank", "--persons", "--period", "2026H1", "--top", "2").out
    assert "全体村民个人积分排名" in text and "王小军" in text and "张小红" in text
    shown = run("person", "show", "0101", "王小军", "--period", "2026H1").out
    assert "积分 10" in shown and "待审核 1 条" in shown and "党员" in shown
    archive = run("person", "archive", "0101", "王小军", "--period", "2026").out
    assert archive.count("已通过") == 2 and "待审核" in archive
    pdf = tmp_path / "档案.pdf"
    written = run(
        "--json", "person", "archive", "0101", "王小军", "--period", "2026", "--out", str(pdf)
    ).json
    assert written["pages"] == 1
    read = "".join(p.extract_text() for p in PdfReader(pdf).pages)
    assert "个人积分档案" in read and "王小军" in read and "B04" in read and "待审核" in read
    rates = run("--json", "person", "rates", "--period", "2026H1").json
    assert (rates["taking_part"], rates["party_present"], rates["party_taking_part"]) == (2, 1, 1)
    assert rates["present"] >= 6  # the four heads and the two members added
    missing = run("person", "show", "0101", "王大军", ok=False)
    assert_one_chinese_error(missing, "没有叫“王大军”的成员")
    assert run("verify").code == 0


def test_award_a_title_to_a_person(village):
    run = village
    run("member", "add", "0101", "--name", "王小军", "--relation", "子", "--party")
    award = (
        "honours",
        "award",
        "--title",
        "优秀党员",
        "--period",
        "2026H1",
        "--meeting",
        "2026-07-03",
    )
    done = run(*award, "--person", "0101:王小军").out
    assert "已授予" in done and "0101 王小军" in done and "2026年上半年“优秀党员”" in done
    again = run(*award, "--person", "0101：王小军").out
    assert "1 人之前已有这个称号" in again
    listing = run("honours", "list", "--period", "2026H1").out
    assert "王小军" in listing and "户主/本人" in listing
    both = run(*award, "--person", "0101:王小军", "--household", "0102", ok=False)
    assert_one_chinese_error(both, "二选一")
    unknown = run(*award, "--person", "0101:王大军", ok=False)
    assert_one_chinese_error(unknown, "没有叫“王大军”的成员")
    shown = run("person", "show", "0101", "王小军", "--period", "2026").out
    assert "2026年上半年“优秀党员”（本人）" in shown
    assert run("verify").code == 0
