"""村庄总览 counts households, with units apart, and 跨村排名 ranks households, the units in a
list of their own (issue 17, item 12): a village with the unit 便民超市, whose 10 points would
have put it first among 王建国's 5."""

from __future__ import annotations

import datetime as dt

import pytest
from test_township_pages import township, window  # noqa: F401 - fixtures, asked for by name

from jifen_desktop.model.entry_checks import EntryDraft

TODAY = dt.date.today()


@pytest.fixture
def page(qtbot, village_world, request):
    """村庄总览 of the township of test_township_pages.py (张集村 with 王建国's 5 points, and
    李湾村), 张集村 having the unit 便民超市 with 10 points approved before its bundle left."""
    led, village_id = village_world.ledger, village_world.village.id
    shop = led.households.add(
        village_id, "D01", "店主", kind="unit", unit_name="便民超市", registered_on=TODAY
    ).value
    village_world.approve(led.entries.record(village_id, EntryDraft(shop.id, "F03", TODAY)).value)
    return request.getfixturevalue("window").page("township")


def row_of(table, row: int) -> dict[str, str]:
    headers = [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]
    return {h: table.item(row, c).text() for c, h in enumerate(headers)}


def test_the_overview_counts_households_with_units_apart(page):
    lines = {row_of(page.villages, r)["村"]: row_of(page.villages, r) for r in range(2)}
    line = lines["张集村"]
    assert (line["户数"], line["参与率"], line["本年积分"], line["户均"]) == (
        "3",
        "33%",
        "5",
        "1.7",
    )
    assert (line["单位数"], line["单位积分"]) == ("1", "10")
    assert (lines["李湾村"]["户数"], lines["李湾村"]["单位数"]) == ("2", "0")
    assert page.totals.text() == (
        "共 2 个村，5 户，农户本年积分合计 5；另有单位 1 个，单位本年积分合计 10。"
    )


def test_the_ranking_lists_households_and_units_apart(page):
    ranked = [row_of(page.ranking, r) for r in range(page.ranking.rowCount())]
    assert [(r["名次"], r["户号"], r["户主"]) for r in ranked] == [("1", "0101", "王建国")]
    page.rank_kind.setCurrentIndex(page.rank_kind.findData("unit"))
    [unit] = [row_of(page.ranking, r) for r in range(page.ranking.rowCount())]
    assert (unit["名次"], unit["单位名称"], unit["本年积分"]) == ("1", "便民超市", "10")
    assert page.limit_unit.text() == "个"
