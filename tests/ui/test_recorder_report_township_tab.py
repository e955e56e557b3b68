"""村庄总览 › 网格员考评 at the township: every village's recorders with a 村 column, one
village chosen, and its households to visit."""

from __future__ import annotations

from test_township_pages import township, window  # noqa: F401 - fixtures

from jifen_desktop.ui.pages.township import TownshipOverviewPage


def rows(table) -> list[tuple[str, ...]]:
    return [
        tuple(table.item(r, c).text() for c in range(table.columnCount()))
        for r in range(table.rowCount())
    ]


def test_the_township_sees_every_village_s_recorders(window):  # noqa: F811
    page = window.page("township")
    assert isinstance(page, TownshipOverviewPage)
    page.tabs.setCurrentWidget(page.recorders)
    tab = page.recorders
    header = [tab.lines.horizontalHeaderItem(c).text() for c in range(3)]
    assert header == ["村", "网格", "网格员"]
    assert [r[:3] for r in rows(tab.lines)] == [
        ("张集村", "一组", "网格员甲"),  # assigned to 一组, nothing recorded by an operator
        ("张集村", "二组", "（无人记录）"),
        ("李湾村", "一组", "（无人记录）"),
    ]
    assert [tab.place.itemText(i) for i in range(tab.place.count())] == [
        "全部村",
        "张集村",
        "李湾村",
    ]
    tab.place.setCurrentIndex(tab.place.findText("李湾村"))
    assert [r[:3] for r in rows(tab.lines)] == [("李湾村", "一组", "（无人记录）")]
    assert rows(tab.visits) == [
        ("李湾村", "一组", "0001", "冯国平"),
        ("李湾村", "一组", "0002", "胡建"),
    ]


def test_a_village_looked_at_from_the_township_shows_its_own_grids(qtbot, township):  # noqa: F811
    from jifen_desktop.ui.pages.recorder_report import RecorderReportTab
    from jifen_desktop.ui.pages.township.viewer import viewer_context

    village = next(v for v in township.ledger.villages.list() if v.name == "李湾村")
    tab = RecorderReportTab(viewer_context(township, village, township))
    qtbot.addWidget(tab)
    tab.show()
    assert tab.lines.horizontalHeaderItem(0).text() == "网格"  # no 村 column
    assert [tab.place.itemText(i) for i in range(tab.place.count())] == ["全村", "一组"]
    assert rows(tab.visits) == [("一组", "0001", "冯国平"), ("一组", "0002", "胡建")]
