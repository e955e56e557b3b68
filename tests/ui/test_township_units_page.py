"""村庄总览 counts households, with units apart, and 跨村排名 ranks households, the units in a
list of their own (issue 17, item 12): a village with the unit 便民超市, whose 10 points would
have put it first among 王建国's 5."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QSettings
from test_sync_page import export_bundle, make_township

from jifen_desktop.model.entry_checks import EntryDraft
from jifen_desktop.sync import SyncService
from jifen_desktop.ui.main_window import MainWindow

TODAY = dt.date.today()


@pytest.fixture
def township(tmp_path, make_ctx, village_world):
    led, village_id = village_world.ledger, village_world.village.id
    shop = led.households.add(
        village_id, "D01", "店主", kind="unit", unit_name="便民超市", registered_on=TODAY
    ).value
    home = led.households.by_number(village_id, "0101")
    drafts = [EntryDraft(home.id, "B05", TODAY), EntryDraft(shop.id, "F03", TODAY)]
    village_world.approve(*[led.entries.record(village_id, d).value for d in drafts])
    ctx = make_township(tmp_path / "township")
    service = SyncService(ctx.ledger)
    path = export_bundle(make_ctx("admin").ledger, tmp_path / "stick")
    service.enrol(path, trust=True)
    service.import_bundle(path)
    yield ctx
    ctx.ledger.close()


@pytest.fixture
def page(qtbot, township):
    window = MainWindow(township, QSettings())
    qtbot.addWidget(window)
    window.resize(1366, 740)
    window.show()
    return window.page("township")


def row_of(table, row: int) -> dict[str, str]:
    headers = [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]
    return {h: table.item(row, c).text() for c, h in enumerate(headers)}


def test_the_overview_counts_households_with_units_apart(page):
    line = row_of(page.villages, 0)
    assert (line["村"], line["户数"], line["参与率"], line["本年积分"]) == (
        "张集村",
        "3",
        "33%",
        "5",
    )
    assert (line["户均"], line["单位数"], line["单位积分"]) == ("1.7", "1", "10")
    assert (
        page.totals.text()
        == "共 1 个村，3 户，农户本年积分合计 5；另有单位 1 个，单位本年积分合计 10。"
    )


def test_the_ranking_lists_households_and_units_apart(page):
    ranked = [row_of(page.ranking, r) for r in range(page.ranking.rowCount())]
    assert [(r["名次"], r["户号"], r["户主"]) for r in ranked] == [("1", "0101", "王建国")]
    page.rank_kind.setCurrentIndex(page.rank_kind.findData("unit"))
    [unit] = [row_of(page.ranking, r) for r in range(page.ranking.rowCount())]
    assert (unit["名次"], unit["单位名称"], unit["本年积分"]) == ("1", "便民超市", "10")
    assert page.limit_unit.text() == "个"
