"""``jifen base-points``: the vetoed household is withheld by default, ``--withhold 户号:理由``
names others, ``--dry-run`` writes nothing, a second run gives nobody anything twice, and a
withholding without a reason is refused in one line."""

from __future__ import annotations

from jifen_cli_testing import assert_one_chinese_error

from jifen_desktop.model.base_points import WITHHOLD_ACTION

YEAR = "2025"


def test_base_points_withhold_the_vetoed_and_the_named(village) -> None:
    run = village
    run("veto", "add", "--household", "0103", "--reason", "违法建房", "--from", "2025-03-01",
        "--to", "2026-02-28")  # fmt: skip
    dry = run("--json", "base-points", "--year", YEAR, "--dry-run", "--withhold", "0104:乱倒垃圾")
    assert [w["household"] for w in dry.json["withhold"]] == ["0103", "0104"]
    assert "违法建房" in dry.json["withhold"][0]["reason"] and len(dry.json["give"]) == 2
    assert_one_chinese_error(
        run("base-points", "--year", YEAR, "--withhold", "0104", ok=False), "户号:理由"
    )
    done = run("--json", "base-points", "--year", YEAR, "--withhold", "0104:乱倒垃圾").json
    assert done["created"] == 2 and done["already"] == 0
    assert [w["household"] for w in done["withheld"]] == ["0103 张大山", "0104 赵红梅"]
    audit = run("--json", "audit", "--action", WITHHOLD_ACTION).json
    assert len(audit) == 2
    again = run("base-points", "--year", YEAR)
    assert "没有要新记的户" in again.out and "0104 赵红梅，理由：乱倒垃圾" in again.out
    given = run("--json", "base-points", "--year", YEAR, "--give-vetoed", "0103").json
    assert given["created"] == 1 and len(given["withheld"]) == 1
    assert "已经发过" in run("base-points", "--year", YEAR, "--withhold", "0101:x", ok=False).err
    assert "已发放" not in run("verify").out and "台账完好" in run("verify").out
