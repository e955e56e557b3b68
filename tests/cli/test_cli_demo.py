"""``jifen demo``: a small demo village, its log-ins, and the refusal to overwrite a ledger."""

from __future__ import annotations

from jifen_cli_testing import Run, assert_one_chinese_error

from jifen_desktop import demo


def test_demo_makes_a_village_and_refuses_a_second_time(run: Run, monkeypatch) -> None:
    made = run("demo", "--households", "6", "--years", "1", "--seed", "7")
    assert "已生成演示村：张集村" in made.out
    assert demo.DEMO_PASSWORD in made.out and "shenhe" in made.out and "wgy1" in made.out
    assert "演示村已生成" in made.err  # progress goes to stderr
    monkeypatch.setenv("JIFEN_PASSWORD", demo.DEMO_PASSWORD)
    households = run("--json", "household", "list", "--kind", "household").json
    assert len(households) == 6
    again = run("demo", ok=False)
    assert_one_chinese_error(again, "已经有台账")
