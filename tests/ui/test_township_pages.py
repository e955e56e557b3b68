"""A township database's window: only the township's pages; 村庄总览 lists the villages
imported from bundles with their household counts, ranks households across villages, and opens
a village read-only on 各村台账 through the village's own pages with a viewer's context."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from test_sync_page import export_bundle, make_township

from jifen_desktop.model.entry_checks import EntryDraft
from jifen_desktop.model.ledger import Ledger
from jifen_desktop.sync import SyncService
from jifen_desktop.ui.main_window import MainWindow

OTHER_PASSWORD = "pass-5678"


def second_village(folder: Path) -> Ledger:
    """李湾村 on a computer of its own, with two households."""
    ledger = Ledger.create(folder)
    village = ledger.villages.create("420881100002", "李湾村", "张集镇", with_template=False).value
    grid = ledger.villages.add_grid(village.id, "一组").value
    for number, head in (("0001", "冯国平"), ("0002", "胡建")):
        ledger.households.add(
            village.id, number, head, grid_id=grid.id, registered_on=dt.date(2024, 1, 1)
        )
    ledger.operators.add("admin", "管理员", "admin", OTHER_PASSWORD, village_id=village.id)
    ledger.login("admin", OTHER_PASSWORD)
    return ledger


@pytest.fixture
def township(tmp_path, make_ctx, village_world):
    """A township that has imported 张集村 (3 households, 王建国 with 5 points approved today)
    and 李湾村 (2)."""
    household = village_world.ledger.households.by_number(village_world.village.id, "0101")
    draft = EntryDraft(household.id, "B05", dt.date.today())
    village_world.approve(
        village_world.ledger.entries.record(village_world.village.id, draft).value
    )
    ctx = make_township(tmp_path / "township")
    other = second_village(tmp_path / "lw")
    service = SyncService(ctx.ledger)
    for ledger in (make_ctx("admin").ledger, other):
        path = export_bundle(ledger, tmp_path / "stick")
        service.enrol(path, trust=True)
        service.import_bundle(path)
    other.close()
    yield ctx
    ctx.ledger.close()


@pytest.fixture
def window(qtbot, township):
    window = MainWindow(township, QSettings())
    qtbot.addWidget(window)
    window.resize(1366, 740)
    window.show()
    return window


def test_only_the_township_pages_are_offered(window):
    titles = [window.nav.item(i).text() for i in range(window.nav.count())]
    assert titles == ["村庄总览", "各村台账", "同步", "设置", "审计日志"]
    assert window.current_page() is window.pages["township"]
    assert "乡镇汇总库" in window.status_village.text()
    assert window.status_quarter.text() == "已汇总 2 个村"
    settings = window.page("settings")
    assert settings.findChild(type(settings.account)) is settings.account


def test_overview_lists_villages_and_ranks_households(window):
    page = window.page("township")
    table = page.villages
    rows = {table.item(r, 0).text(): table.item(r, 2).text() for r in range(table.rowCount())}
    assert rows == {"张集村": "3", "李湾村": "2"}
    assert "共 2 个村，5 户" in page.totals.text()
    ranked = [page.ranking.item(0, c).text() for c in range(page.ranking.columnCount())]
    assert ranked[:4] == ["1", "张集村", "0101", "王建国"]


def test_opening_a_village_shows_its_pages_read_only(qtbot, window):
    overview = window.page("township")
    row = next(
        r
        for r in range(overview.villages.rowCount())
        if overview.villages.item(r, 0).text() == "李湾村"
    )
    overview.villages.selectRow(row)
    overview.open_button.click()

    view = window.current_page()
    assert view is window.pages["village_view"]
    assert view.village.currentText() == "李湾村（420881100002）"
    assert view.view.actor.role == "viewer" and view.view.village.name == "李湾村"
    assert "只读" in view.note.text()
    titles = [view.tabs.tabText(i) for i in range(view.tabs.count())]
    assert titles[:2] == ["概况", "农户"] and "排名与统计" in titles
    households = view.pages["households"]
    view.tabs.setCurrentWidget(households)
    qtbot.waitUntil(lambda: households.model.rowCount() == 2)
    assert not households.add_button.isEnabled()

    view.village.setCurrentIndex(view.village.findText("张集村（420881100001）"))
    assert view.view.village.name == "张集村"
    qtbot.waitUntil(lambda: view.pages["households"].model.rowCount() == 3)


def test_the_township_summary_is_exported_from_the_overview(qtbot, window, monkeypatch, tmp_path):
    import openpyxl
    from test_printouts import click_and_save

    page = window.page("township")
    page.year.setCurrentIndex(page.year.findData(dt.date.today().year))
    target = tmp_path / "汇总.xlsx"
    path = click_and_save(qtbot, monkeypatch, page.summary_button, target)
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["各村汇总", "分网格", "分类别"]
    rows = list(book["各村汇总"].iter_rows(values_only=True))
    assert rows[0][0].startswith(f"张集镇{dt.date.today().year}年度积分制汇总")
    by_village = {r[0]: r for r in rows[2:]}
    assert set(by_village) == {"张集村", "李湾村"}
    assert by_village["张集村"][2] == 3 and by_village["张集村"][5] == 5  # households, points
    assert by_village["李湾村"][2:4] == (2, 0)
