"""``jifen year-close`` and ``jifen honours award|list|lift``: the status names what is open and
who is withheld and why, ``run`` does every step and writes the archive and the backup, a second
run changes nothing, awards are listed and lifted, a wrong rule code is one Chinese line."""

from __future__ import annotations

from pathlib import Path

from jifen_cli_testing import assert_one_chinese_error

YEAR = "2025"


def test_year_close_status_run_and_again(village, tmp_path: Path) -> None:
    run = village
    run("base-points", "--year", YEAR)
    run("veto", "add", "--household", "0103", "--reason", "违法建房", "--from", "2025-03-01",
        "--to", "2026-02-28")  # fmt: skip
    assert_one_chinese_error(run("year-close", "rules", "B05", ok=False), "不是本村的扣分项目")
    assert "A16" in run("year-close", "rules", "A16").out
    status = run("--json", "year-close", "status", "--year", YEAR, "--top", "2").json
    assert [i["where"] for i in status["open_items"]] == ["公示"] * 4
    assert not status["steps"]["honours"]["done"] and not status["steps"]["base"]["done"]
    text = run("year-close", "status", "--year", YEAR, "--top", "2").out
    assert "一票否决，不参加评选：0103 张大山" in text
    assert "不发 0103 张大山：一票否决：违法建房" in text
    stick = tmp_path / "stick"
    argv = ["year-close", "run", "--year", YEAR, "--top", "2", "--meeting", "2026-01-08",
            "--archive", str(tmp_path), "--backup", str(stick)]  # fmt: skip
    done = run("--json", *argv).json
    assert [s["step"] for s in done] == ["honours", "expiry", "base", "archive", "backup"]
    assert all(s["done"] for s in done), done
    assert (tmp_path / f"张集村{YEAR}年度档案" / f"{YEAR}积分台账.xlsx").is_file()
    assert list(stick.glob("*.sqlite3.xz"))
    awards = run("--json", "honours", "list", "--period", YEAR).json
    assert {a["household_number"] for a in awards} == {"0101", "0102", "0104"}
    again = run("year-close", "run", *argv[2:]).out
    assert "3 户之前已记录" in again and "新记录 0 户" in again
    assert len(run("--json", "honours", "list").json) == 3
    lifted = run("honours", "lift", awards[0]["id"][-8:], "--reason", "查实弄虚作假").out
    assert "已撤销" in lifted and "查实弄虚作假" in lifted
    assert len(run("--json", "honours", "list", "--in-force").json) == 2
    assert "台账完好" in run("verify").out


def test_honours_award_by_hand_and_refusals(village) -> None:
    run = village
    out = run("honours", "award", "--title", "最美家庭", "--period", YEAR, "--meeting",
              "2026-01-08", "--household", "0101", "0102").out  # fmt: skip
    assert out.count("已授予") == 2 and "2025年度“最美家庭”" in out
    again = run("honours", "award", "--title", "最美家庭", "--period", YEAR, "--meeting",
                "2026-01-08", "--household", "0101").out  # fmt: skip
    assert "1 户之前已有这个称号" in again
    assert_one_chinese_error(
        run(
            "honours",
            "award",
            "--title",
            "最美家庭",
            "--period",
            "2025-03",
            "--meeting",
            "2026-01-08",
            "--household",
            "0101",
            ok=False,
        ),  # fmt: skip
        "按年度或季度",
    )
    assert "还没有记录荣誉称号" in run("honours", "list", "--period", "2024").out
