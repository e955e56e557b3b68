"""排名与统计 › 网格员: the tab opens on this quarter, shows each recorder's figures for the year
chosen, lists the households to visit (all, then the picked grid's), refreshes when an entry is
recorded, and 导出Excel… saves both tables, read back here."""

from __future__ import annotations

import datetime as dt

import openpyxl
from sample_files import a_jpeg
from test_printouts import click_and_save

from jifen_desktop.model import periods
from jifen_desktop.model.entry_checks import EntryDraft
from jifen_desktop.ui.pages.rankings import RankingsPage

TODAY = dt.date.today()


def rows(table) -> list[tuple[str, ...]]:
    return [
        tuple(table.item(r, c).text() for c in range(table.columnCount()))
        for r in range(table.rowCount())
    ]


def test_the_recorders_tab(qtbot, shown, make_ctx, monkeypatch, tmp_path):
    ctx = make_ctx("admin")
    wgy1 = make_ctx("wgy1").ledger  # 网格员甲, recorder of 一组
    number = {n: ctx.ledger.households.by_number(ctx.village_id, n).id for n in ("0101", "0102")}
    photo = a_jpeg(tmp_path / "现场.jpg")
    good = wgy1.entries.record(
        ctx.village_id, EntryDraft(number["0101"], "B05", TODAY, evidence=(photo,))
    ).value
    bad = wgy1.entries.record(ctx.village_id, EntryDraft(number["0102"], "B04", TODAY)).value
    ctx.ledger.review.open(ctx.village_id, f"{TODAY:%Y-%m}")
    ctx.ledger.entries.approve([good.id])
    ctx.ledger.entries.reject([bad.id], "照片看不清")
    page = shown(RankingsPage(ctx))
    assert page.recorders is None  # built when first opened
    page.tabs.setCurrentIndex(1)
    tab = page.recorders
    assert tab is not None and tab.period.currentData() == periods.quarter_of(TODAY).key
    tab.period.setCurrentIndex(tab.period.findData(str(TODAY.year)))
    assert rows(tab.lines) == [
        ("一组", "网格员甲", "2", "0", "0", "0%", "50%", "50%", "0"),
        ("二组", "（无人记录）", "0", "0", "—", "—", "—", "—", "1"),
    ]
    assert rows(tab.visits) == [("二组", "0201", "李秀英")]
    tab.lines.selectRow(0)
    assert tab.visits.rowCount() == 0 and "一组（0 户）" in tab.visits_box.title()
    tab.lines.selectRow(1)
    assert rows(tab.visits) == [("二组", "0201", "李秀英")]
    # Recorded now: the tab on screen shows it at once.
    draft = EntryDraft(ctx.ledger.households.by_number(ctx.village_id, "0201").id, "B05", TODAY)
    ctx.apply(ctx.ledger.entries.record(ctx.village_id, draft))
    assert rows(tab.lines)[1][:3] == ("二组", "管理员", "1") and tab.visits.rowCount() == 0
    path = click_and_save(qtbot, monkeypatch, tab.export_button, tmp_path / "考评.xlsx")
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["网格员考评", "待走访农户"]
    figures = [tuple(c.value for c in row) for row in book["网格员考评"].iter_rows(min_row=2)]
    assert "张集村" in book["网格员考评"]["A1"].value
    assert figures[0][:3] == ("网格", "网格员", "记录数")
    assert figures[1] == ("一组", "网格员甲", 2, 0, 0, 0, 0.5, 0.5, 0)
    assert book["待走访农户"].max_row == 2  # the title and the header: nobody left to visit
