"""``jifen rule`` and the scheme's own catalog (issue 22, part 4): every item's 出处 in ``rule
list`` and ``rule show``, the optional set added once, the comparison with the seed and adopting
its value for one item, and the switch for recorders' observations without a photo."""

from __future__ import annotations

from jifen_cli_testing import Run


def test_rule_list_and_show_name_each_items_source(village: Run) -> None:
    rules = village("--json", "rule", "list").json
    sources = {r["code"]: r["source"] for r in rules}
    assert sources["A01"] == "篇7 一、1（种子001第206行）"
    assert sources["F11"] == "篇7 六、11（种子001第293行）"
    assert sources["A16"].startswith("非方案原文")
    text = village("rule", "show", "D13").out
    assert "篇7 四、13（种子001第266行）" in text and "农户和单位" in text
    assert "出处" in village("rule", "list", "--search", "A0").out


def test_compare_adopt_and_add_optional(village: Run) -> None:
    # The test village added the optional set already: a second time adds nothing.
    assert village("--json", "rule", "add-optional").json == {"copied": 0}
    found = village("--json", "rule", "compare").json
    assert found["same"] == 83
    assert sorted(r["code"] for r in found["rows"]) == sorted(
        ["A16", "A17", "B16", "C16", "C17", "C18", "C19", "E14", "E15", "F12", "F13"]
    )
    village("rule", "set", "C06", "--points-min", "3", "--points-max", "3", "--evidence", "no")
    row = next(r for r in village("--json", "rule", "compare").json["rows"] if r["code"] == "C06")
    assert row["village"] == {"分值": "3", "需要证明": "否"}
    assert row["seed"] == {"分值": "5", "需要证明": "是"}
    assert "分值 3 → 5" in village("rule", "compare").out
    village("rule", "adopt", "C06")
    shown = village("--json", "rule", "show", "C06").json
    assert (shown["points_min"], shown["evidence_required"]) == (5, True)
    refused = village("rule", "adopt", "C06", ok=False)
    assert "不用采用" in refused.err


def test_observations_switch(village: Run) -> None:
    assert village("--json", "rule", "observations").json == {"observations_without_evidence": True}
    village("rule", "observations", "no")
    refused = village(
        "entry", "add", "--household", "0101", "--rule", "C06", "--date", "2025-03-05", ok=False
    )
    assert "需要证明材料" in refused.err
    assert "口头反映一律无效" in village("rule", "observations").out
