"""村庄总览's 个人参与 tab: each village's persons' counts and rates from its bundle, as the
village counts them itself; and at 特大 on 1366×768 the 各村情况 table's columns fit without a
sideways scroll now that the rates have a tab of their own (they needed one before)."""

from __future__ import annotations

import datetime as dt

import pytest
from test_layout_dialogs import sized  # noqa: F401 - the fixture
from test_township_pages import township, window  # noqa: F401 - fixtures, asked for by name

from jifen_desktop.model import periods
from jifen_desktop.model.person_rates import village_rates
from jifen_desktop.ui.pages.township.person_rates_tab import HEADERS


def cells(table, row: int) -> list[str]:  # type: ignore[no-untyped-def]
    return [table.item(row, c).text() for c in range(table.columnCount())]


def test_the_tab_shows_each_villages_persons(window, village_world):  # noqa: F811
    page = window.page("township")
    page.tabs.setCurrentWidget(page.persons)
    table = page.persons.table
    names = {table.item(r, 0).text(): r for r in range(table.rowCount())}
    assert set(names) == {"张集村", "李湾村"}
    own = village_rates(
        village_world.ledger, village_world.village.id, periods.year(dt.date.today().year)
    )
    zhangji = cells(table, names["张集村"])
    assert zhangji[1:3] == [str(own.present), str(own.taking_part)]
    assert zhangji[3] == f"{own.participation:.0%}"
    assert own.present > 0
    assert cells(table, names["李湾村"])[4:7] == ["0", "0", "—"]  # no party members there


@pytest.mark.parametrize("size", ["normal", "larger"])
def test_the_villages_columns_fit_without_a_sideways_scroll(window, qtbot, sized, size):  # noqa: F811
    sized(size)
    page = window.page("township")
    page.refresh()
    for table in (page.villages, page.persons.table):
        page.tabs.setCurrentWidget(table.parentWidget())
        qtbot.wait(50)
        assert table.isVisible()
        header = table.horizontalHeader()
        assert header.count() == table.columnCount()
        assert table.horizontalScrollBar().maximum() == 0, (size, table.objectName())
    assert page.persons.table.columnCount() == len(HEADERS)
