"""导入花名册 as a dialog: a sheet with bad rows is checked before anything is written, the
problems table names each row, column and problem, the missing grid can be made, and only the
good households are imported when the admin chooses so."""

from __future__ import annotations

import datetime as dt

import openpyxl
from PySide6.QtCore import QDate

from jifen_desktop.model.roster.rows import FIELDS
from jifen_desktop.ui import messages
from jifen_desktop.ui.roster_dialog import RosterImportDialog

HEADERS = list(FIELDS.values())


def person(number: str, head: str, name: str, relation: str, grid: str = "一组") -> list[str]:
    values = {
        "户号": number,
        "户主": head,
        "姓名": name,
        "与户主关系": relation,
        "网格/村民小组": grid,
    }
    return [values.get(h, "") for h in HEADERS]


def sheet(tmp_path):
    book = openpyxl.Workbook()
    ws = book.active
    ws.append(["张集村农户花名册"])  # a title above the headers
    ws.append(HEADERS)
    for row in (
        person("0301", "高山", "高山", "户主"),
        person("0301", "高山", "林水", "配偶"),
        person("0302", "马林", "马林妻", "配偶"),  # row 5: no head
        person("0303", "方圆", "方圆", "户主", grid="三组"),  # a grid the village lacks
    ):
        ws.append(row)
    path = tmp_path / "花名册.xlsx"
    book.save(path)
    return path


def numbers(ctx) -> set[str]:
    return {h.number for h in ctx.ledger.households.list(ctx.village_id)}


def test_bad_rows_are_shown_before_anything_is_written(qtbot, make_ctx, tmp_path, monkeypatch):
    monkeypatch.setattr(messages, "confirm", lambda *args: True)
    ctx = make_ctx("admin")
    before = numbers(ctx)
    dialog = RosterImportDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.load(sheet(tmp_path))
    qtbot.waitUntil(lambda: dialog.report is not None, timeout=10_000)
    rows = {
        (dialog.problems.item(r, 0).text(), dialog.problems.item(r, 1).text())
        for r in range(dialog.problems.rowCount())
    }
    assert ("5", "与户主关系") in rows and ("6", "网格/村民小组") in rows
    problems = [dialog.problems.item(r, 3).text() for r in range(dialog.problems.rowCount())]
    assert any("没有户主" in p for p in problems)
    assert numbers(ctx) == before  # checked, nothing written
    assert not dialog.all_button.isEnabled() and dialog.valid_button.isEnabled()
    assert dialog.grids_button.isVisibleTo(dialog)

    dialog.make_grids()  # asks, makes 三组, checks again
    qtbot.waitUntil(
        lambda: (
            dialog.report is not None
            and all(p.column != "网格/村民小组" for p in dialog.report.problems)
        ),
        timeout=10_000,
    )
    assert "三组" in {g.name for g in ctx.ledger.villages.grids(ctx.village_id)}

    dialog.start_import(skip_invalid=True)
    qtbot.waitUntil(lambda: dialog.imported is not None, timeout=10_000)
    assert numbers(ctx) == before | {"0301", "0303"}
    assert "已导入 2 户" in dialog.message.text()
    members = {
        m.name
        for m in ctx.ledger.members.list(ctx.ledger.households.by_number(ctx.village_id, "0301").id)
    }
    assert members == {"高山", "林水"}


def test_the_template_is_saved_with_the_villages_grids(qtbot, make_ctx, tmp_path):
    dialog = RosterImportDialog(make_ctx("admin"))
    qtbot.addWidget(dialog)
    saved = dialog.save_template(tmp_path / "模板.xlsx")
    assert saved is not None and saved.exists()
    book = openpyxl.load_workbook(saved)
    assert "户号" in [c.value for c in book.worksheets[0][1]]


def test_the_template_button_asks_where_and_saves(qtbot, make_ctx, monkeypatch, tmp_path):
    from jifen_desktop.ui import roster_dialog

    dialog = RosterImportDialog(make_ctx("admin"))
    qtbot.addWidget(dialog)
    target = tmp_path / "空白模板.xlsx"
    monkeypatch.setattr(roster_dialog, "ask_save_path", lambda *_args: target)
    dialog.template_button.click()
    assert openpyxl.load_workbook(target).sheetnames == ["花名册", "填写说明"]


def test_a_file_that_is_not_a_roster_says_what_to_do(qtbot, make_ctx, tmp_path):
    dialog = RosterImportDialog(make_ctx("admin"))
    qtbot.addWidget(dialog)
    wrong = tmp_path / "名单.xlsx"
    wrong.write_text("这不是 Excel 文件")
    dialog.load(wrong)
    qtbot.waitUntil(lambda: bool(dialog.message.text()), timeout=10_000)
    assert dialog.report is None and not dialog.all_button.isEnabled()
    assert "xlsx" in dialog.message.text() or "Excel" in dialog.message.text()


def test_the_dialog_says_and_uses_the_registration_day(qtbot, make_ctx, tmp_path):
    """New households without a 登记日期 are registered on the day the dialog shows: 1 January
    by default, or the one the admin picks; a day in the sheet wins."""
    ctx = make_ctx("admin")
    dialog = RosterImportDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    today = dt.date.today()
    new_year = dt.date(today.year, 1, 1)
    assert dialog.registration_day() == new_year
    assert f"没填的记为 {new_year}" in dialog.day_text.text() and "1月1日" in dialog.day_text.text()
    picked = min(today, dt.date(today.year, 2, 1))
    dialog.registered_on.setDate(QDate(picked.year, picked.month, picked.day))
    assert f"没填的记为 {picked}" in dialog.day_text.text()

    book = openpyxl.Workbook()
    book.active.append(HEADERS)
    book.active.append(person("0311", "陶林", "陶林", "户主"))
    dated = person("0312", "柳青", "柳青", "户主")
    dated[HEADERS.index("登记日期")] = "2025-09-01"
    book.active.append(dated)
    path = tmp_path / "花名册.xlsx"
    book.save(path)
    dialog.load(path)
    qtbot.waitUntil(lambda: dialog.report is not None, timeout=10_000)
    dialog.start_import(skip_invalid=False)
    qtbot.waitUntil(lambda: dialog.imported is not None, timeout=10_000)
    day = {
        n: ctx.ledger.households.by_number(ctx.village_id, n).registered_on
        for n in ("0311", "0312")
    }
    assert day == {"0311": picked, "0312": dt.date(2025, 9, 1)}
