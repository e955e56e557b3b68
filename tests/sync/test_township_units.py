"""The township counts and ranks households, with units (单位) apart (issue 17, item 12):
户数, participation and 户均 are over households only, a village's units and their points are
shown on their own, and 跨村排名 ranks households while the units have a ranking of their own —
in the service, the ``jifen township`` command and the 乡镇汇总 Excel alike."""

from __future__ import annotations

import json

import openpyxl
import pytest
from sync_world import DAY, Laptop, new_township, new_village, use_in_cli

from jifen_desktop.cli import main
from jifen_desktop.reports.excel_figures import write_summary

YEAR = DAY.year


@pytest.fixture
def township(tmp_path) -> Laptop:
    """张集村: three households (0001 with 5 points) and the unit 便民超市 (30 points), all
    approved, imported at the township."""
    village = new_village(tmp_path, "420881100001", "张集村")
    shop = village.ledger.households.add(
        village.village_id, "D01", "店主", kind="unit", unit_name="便民超市", registered_on=DAY
    ).value
    village.record(village.names["0001"])
    for code in ("F01", "F02", "F03", "F04", "F05"):
        village.record(shop.id, code=code)
    village.approve_pending()
    town = new_township(tmp_path)
    bundle = village.export()
    town.trust(bundle)
    town.take(bundle)
    village.close()
    yield town
    town.close()


def test_the_overview_counts_households_and_shows_units_apart(township):
    [summary] = township.sync.villages_overview(YEAR)
    assert (summary.households, summary.active_households, summary.points) == (3, 1, 5)
    assert (summary.units, summary.unit_points) == (1, 30)
    assert summary.participation == pytest.approx(1 / 3)
    assert summary.average == pytest.approx(5 / 3)
    assert summary.cells()[2:8] == (3, "33%", 5, "1.7", 1, 30)


def test_the_ranking_ranks_households_and_units_apart(township):
    ranked = township.sync.household_ranking(YEAR)
    assert [(r.rank, r.number, r.head_name, r.points) for r in ranked] == [(1, "0001", "户主1", 5)]
    [unit] = township.sync.household_ranking(YEAR, kind="unit")
    assert (unit.rank, unit.head_name, unit.points) == (1, "便民超市", 30)


def test_the_cli_and_the_excel_summary_do_the_same(township, tmp_path, monkeypatch, capsys):
    use_in_cli(monkeypatch, township, "xiang", "secret-123")
    year = str(YEAR)

    def jifen(*argv: str) -> str:
        capsys.readouterr()
        assert main(list(argv)) in (0, None)
        return capsys.readouterr().out

    [line] = json.loads(jifen("--json", "township", "overview", "--year", year))
    assert (line["households"], line["units"], line["unit_points"]) == (3, 1, 30)
    assert "单位数" in jifen("township", "overview", "--year", year)
    ranked = json.loads(jifen("--json", "township", "rank", "--year", year))
    assert "便民超市" not in {r["head_name"] for r in ranked} and ranked[0]["points"] == 5
    units = jifen("township", "rank", "--year", year, "--units")
    assert "便民超市" in units and "单位名称" in units

    written = write_summary(township.ledger, year, tmp_path / "汇总.xlsx")
    sheet = openpyxl.load_workbook(written.path)["各村汇总"]
    header = [c.value for c in sheet[2]]
    values = dict(zip(header, [c.value for c in sheet[3]], strict=True))
    assert (values["在册户数"], values["参与户数"], values["净分"]) == (3, 1, 5)
    assert (values["在册单位数"], values["单位净分"]) == (1, 30)
