"""Printouts from the pages: the 公示表 exported from the 公示 page and a household's card from
农户 open in the preview, made off the GUI thread in a real CJK font; the ranking is saved as a
real .xlsx; the print font is chosen in 设置 and checked before it is kept."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
from pypdf import PdfReader
from PySide6.QtWidgets import QApplication

from jifen_desktop.model import periods
from jifen_desktop.model.entry_checks import EntryDraft
from jifen_desktop.reports.fonts import system_candidates
from jifen_desktop.ui.pages.households import HouseholdsPage
from jifen_desktop.ui.pages.publication import PublicationPage
from jifen_desktop.ui.pages.rankings import RankingsPage
from jifen_desktop.ui.pages.settings.print_font import PrintFontBox
from jifen_desktop.ui.pdf_preview import PdfPreview
from jifen_desktop.ui.printouts import chosen_font


def previews() -> list[PdfPreview]:
    return [
        w for w in QApplication.topLevelWidgets() if isinstance(w, PdfPreview) and w.isVisible()
    ]


def text_of(preview: PdfPreview) -> str:
    return "".join(page.extract_text() for page in PdfReader(preview.path).pages)


def close_previews() -> None:
    for preview in previews():
        preview.accept()
        preview.deleteLater()


def test_the_notice_is_exported_from_the_publication_page(qtbot, shown, make_ctx):
    ctx = make_ctx("admin")
    quarter = periods.quarter_of(dt.date.today() - dt.timedelta(days=400))
    pub = ctx.ledger.publications.draft(ctx.village_id, quarter.key).value
    ctx.ledger.publications.post(
        pub.id, quarter.end + dt.timedelta(days=5), quarter.end + dt.timedelta(days=11)
    )
    page = shown(PublicationPage(ctx))
    page.quarter.setCurrentIndex(page.quarter.findData(quarter.key))
    page.refresh()
    assert page.print_button.isEnabled()
    close_previews()
    page.print_button.click()
    assert page.notice_options is not None and page.notice_options.isVisible()
    page.notice_options.accept()  # A4 portrait, the whole village
    qtbot.waitUntil(lambda: bool(previews()), timeout=20_000)
    [preview] = previews()
    text = text_of(preview)
    assert "张集村" in text and "王*国" in text and "共 1 页" in text
    close_previews()


def test_a_households_card_is_previewed_from_its_page(qtbot, shown, make_ctx):
    page = shown(HouseholdsPage(make_ctx("wgy1")))
    household = page.ctx.ledger.households.by_number(page.ctx.village_id, "0101")
    page.show_household(household.id)
    close_previews()
    page.detail.card_button.click()
    qtbot.waitUntil(lambda: bool(previews()), timeout=20_000)
    assert "王建国" in text_of(previews()[0])
    close_previews()


def test_the_ranking_is_saved_as_a_spreadsheet(qtbot, shown, make_ctx, tmp_path):
    ctx = make_ctx("admin")
    ctx.ledger.entries.generate_base_points(ctx.village_id, dt.date.today().year)
    page = shown(RankingsPage(ctx))
    page.period.setCurrentIndex(page.period.findData(str(dt.date.today().year)))
    assert page.export_button.isEnabled()
    saved: list[Path] = []
    from jifen_desktop.ui import printouts

    printouts.ranking(
        page,
        ctx,
        periods.year(dt.date.today().year),
        None,
        target=tmp_path / "排名",
        on_saved=saved.append,
    )
    qtbot.waitUntil(lambda: bool(saved), timeout=20_000)
    assert saved == [tmp_path / "排名.xlsx"]
    sheet = openpyxl.load_workbook(saved[0]).worksheets[0]
    values = [c.value for row in sheet.iter_rows() for c in row]
    assert "0101" in values and "王建国" in values


def test_the_ranking_button_saves_where_the_user_says(
    qtbot, shown, make_ctx, monkeypatch, tmp_path
):
    page = shown(RankingsPage(make_ctx("admin")))
    path = click_and_save(qtbot, monkeypatch, page.export_button, tmp_path / "排名2.xlsx")
    assert (
        list(openpyxl.load_workbook(path).worksheets[0].iter_rows(values_only=True))[1][0] == "名次"
    )


def test_the_print_font_is_checked_before_it_is_kept(qtbot, tmp_path):
    box = PrintFontBox()
    qtbot.addWidget(box)
    not_a_font = tmp_path / "字体.ttf"
    not_a_font.write_text("不是字体")
    assert not box.choose(not_a_font) and chosen_font() is None
    assert box.current.text()  # says what is wrong
    real = next(p for p in system_candidates() if p.exists())
    assert box.choose(real) and chosen_font() == str(real)
    assert "已保存" in box.current.text() and "自己选的" in box.current.text()
    box.automatic()
    assert chosen_font() is None and "自动找到的" in box.current.text()


def test_any_table_exports_what_it_shows(qtbot, shown, make_ctx, tmp_path):
    from PySide6.QtCore import Qt

    from jifen_desktop.ui.pages.audit import AuditPage
    from jifen_desktop.ui.table_export import cell_value, export_view

    assert (cell_value("12"), cell_value("+5"), cell_value("0101"), cell_value("2026-03-05")) == (
        12,
        5,
        "0101",
        dt.date(2026, 3, 5),
    )
    page = shown(AuditPage(make_ctx("admin")))
    page.refresh()
    assert page.table.contextMenuPolicy() == Qt.ContextMenuPolicy.ActionsContextMenu
    assert [a.text() for a in page.table.actions()] == ["导出Excel…"]
    saved: list[Path] = []
    export_view(page.table, tmp_path / "审计", on_saved=saved.append)
    qtbot.waitUntil(lambda: bool(saved), timeout=20_000)
    sheet = openpyxl.load_workbook(saved[0]).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "审计日志" and rows[1] == ("时间", "操作员", "操作", "农户", "内容")
    assert len(rows) - 2 == page.table.rowCount() > 0


def click_and_save(qtbot, monkeypatch, button, target: Path) -> Path:
    """Click an export button, answer its 另存为 with ``target`` and wait for the file (made on
    a worker) and the message that says where it is."""
    from jifen_desktop.ui import messages, printouts

    asked: list[str] = []
    said: list[str] = []

    def ask(_parent, _title, suggested, _filter):
        asked.append(suggested)
        return target

    monkeypatch.setattr(printouts, "ask_save_path", ask)
    monkeypatch.setattr(messages, "inform", lambda _parent, _title, text: said.append(text))
    assert button.isEnabled()
    button.click()
    qtbot.waitUntil(lambda: bool(said), timeout=20_000)
    assert asked and asked[0].endswith(".xlsx") and str(target) in said[0]
    return target


def test_the_ledger_is_exported_from_the_rankings_page(
    qtbot, shown, make_ctx, monkeypatch, tmp_path
):
    ctx = make_ctx("admin")
    home = ctx.ledger.households.by_number(ctx.village_id, "0101")
    today = dt.date.today()
    entry = ctx.ledger.entries.record(ctx.village_id, EntryDraft(home.id, "B05", today)).value
    page = shown(RankingsPage(ctx))
    page.period.setCurrentIndex(page.period.findData(str(today.year)))
    page.grid.setCurrentIndex(page.grid.findText("一组"))
    path = click_and_save(qtbot, monkeypatch, page.ledger_button, tmp_path / "台账.xlsx")
    sheet = openpyxl.load_workbook(path).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert "张集村一组积分台账" in rows[0][0] and rows[1][0] == "日期"
    [row] = rows[2:]
    assert row[0] == dt.datetime.combine(today, dt.time()) and row[1:3] == ("0101", "王建国")
    assert row[-1] == entry.id and row[10] == "待审核"


def test_the_household_table_is_exported_from_its_page(
    qtbot, shown, make_ctx, monkeypatch, tmp_path
):
    page = shown(HouseholdsPage(make_ctx("chakan")))  # a viewer may export it too
    path = click_and_save(qtbot, monkeypatch, page.export_button, tmp_path / "农户表.xlsx")
    rows = list(openpyxl.load_workbook(path).worksheets[0].iter_rows(values_only=True))
    assert rows[1][:3] == ("户号", "类型", "户主/单位")
    assert [r[:3] for r in rows[2:]] == [
        ("0101", "农户", "王建国"),
        ("0102", "农户", "单志"),
        ("0201", "农户", "李秀英"),
    ]
