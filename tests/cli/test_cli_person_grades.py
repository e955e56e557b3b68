"""``jifen village person-grades``: shows the village's person grades (个人等次), sets them from
“优秀:60,合格:30,基本合格:10,不合格:0”, refuses a bad list in Chinese; ``jifen rank
--persons`` then grades persons by them; verify stays clean."""

from __future__ import annotations

from jifen_cli_testing import add_entry, assert_one_chinese_error

PARTY = "优秀:60,合格:30,基本合格:10,不合格:0"


def test_person_grades_shown_set_refused_and_used(village):
    run = village
    assert "本村还没有设定个人等次" in run("village", "person-grades").out
    done = run("village", "person-grades", PARTY).out
    assert "已设定个人等次：优秀（≥60分）、合格（≥30分）、基本合格（≥10分）" in done
    shown = run("--json", "village", "person-grades").json
    assert [(g["name"], g["minimum"]) for g in shown] == [
        ("优秀", 60),
        ("合格", 30),
        ("基本合格", 10),
        ("不合格", 0),
    ]
    assert_one_chinese_error(run("village", "person-grades", "优秀:x", ok=False), "名称:分数线")
    refused = run("village", "person-grades", "优秀:10，合格:30", ok=False)
    assert_one_chinese_error(refused, "从高到低")
    run("village", "person-grades", "优秀:5", "合格")  # spaces between grades work too
    run("member", "add", "0101", "--name", "王小军", "--relation", "子")
    add_entry(run, "0101", "B05", "2026-03-05", "--member", "王小军")
    run("review", "open", "--month", "2026-03")
    run("review", "decide", "--month", "2026-03", "approve", "--all-pending")
    ranked = run("--json", "rank", "--persons", "--period", "2026H1").json["rows"]
    grades = {r["person"]["name"]: r["grade"] for r in ranked}
    assert grades["王小军"] == "优秀" and grades["王建国"] == "合格"
    audit = run("audit", "--action", "village.person_grades").out
    assert "个人等次：优秀≥5、合格" in audit
    assert "台账完好" in run("verify").out
