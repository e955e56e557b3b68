"""The Excel exports read back with openpyxl: a title row, the header frozen above the data
with a filter, real dates and whole numbers, columns wide enough for Chinese, and the right
rows — the ledger, the household table, the ranking and the township summary."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest
from report_reading import LAST_YEAR, TODAY

from jifen_desktop.model.entry_checks import EntryDraft
from jifen_desktop.model.errors import PermissionDenied
from jifen_desktop.model.wording import display_width
from jifen_desktop.reports.excel_figures import write_ranking, write_summary
from jifen_desktop.reports.excel_ledger import write_households, write_ledger
from jifen_desktop.reports.xlsx_sheet import column_letter


def read(path):
    """The first sheet's title, header and data rows as values, and the sheet."""
    sheet = openpyxl.load_workbook(path).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    return rows[0][0], list(rows[1]), [list(r) for r in rows[2:]], sheet


def as_dicts(header, rows):
    return [dict(zip(header, r, strict=True)) for r in rows]


def test_text_width_counts_chinese_as_two_and_letters_run_on():
    assert display_width("户主ab1") == 7
    assert [column_letter(i) for i in (0, 25, 26, 27, 701, 702)] == [
        "A",
        "Z",
        "AA",
        "AB",
        "ZZ",
        "AAA",
    ]


def test_ledger_has_real_dates_numbers_and_a_frozen_filtered_header(printable, tmp_path):
    world = printable.world
    written = write_ledger(world.ledger, world.village.id, str(LAST_YEAR), tmp_path / "l.xlsx")
    title, header, rows, sheet = read(written.path)
    assert written.rows == len(rows) == 5  # 4 approved, 1 rejected (the 补记 is dated this year)
    assert f"张集村积分台账（{LAST_YEAR}年度" in title
    assert header[:4] == ["日期", "户号", "户主/单位", "网格"] and "审核人" in header
    assert sheet.freeze_panes == "A3" and sheet.auto_filter.ref == f"A2:T{len(rows) + 2}"
    entries = as_dicts(header, rows)
    first = entries[0]
    assert isinstance(first["日期"], dt.datetime) and first["日期"].date() == dt.date(
        LAST_YEAR, 1, 10
    )
    assert isinstance(first["记录时间"], dt.datetime) and isinstance(first["分值"], int)
    assert (first["户号"], first["户主/单位"], first["网格"], first["分值"]) == (
        "0101",
        "王建国",
        "一组",
        5,
    )
    assert sheet["A3"].number_format == "yyyy-mm-dd" and sheet["I3"].number_format == "+0;-0;0"
    rejected = next(e for e in entries if e["状态"] == "未通过")
    assert "证明材料不符" in rejected["说明"] and rejected["审核"] == f"{LAST_YEAR}年1月审核会"
    widths = {k: d.width for k, d in sheet.column_dimensions.items()}
    assert widths["F"] >= display_width(first["事项名称"]) and widths["A"] >= 10


def test_ledger_names_who_decided_each_entry_not_who_opened_the_review(
    world, admin_password, tmp_path
):
    led, village = world.ledger, world.village
    home = world.household("0101", "王建国")
    entries = [
        led.entries.record(village.id, EntryDraft(home.id, code, dt.date(LAST_YEAR, 5, day))).value
        for code, day in (("B05", 3), ("B04", 4), ("B06", 5))
    ]
    led.review.open(village.id, f"{LAST_YEAR}-05")  # opened by 管理员
    led.operators.add("lsh", "李审核", "reviewer", admin_password, village_id=village.id)
    reviewer = led.as_actor(led.operators.authenticate("lsh", admin_password))
    reviewer.entries.approve([entries[0].id])
    reviewer.entries.reject([entries[1].id], "没有照片")
    written = write_ledger(led, village.id, str(LAST_YEAR), tmp_path / "l.xlsx")
    _, header, rows, _ = read(written.path)
    by_id = {e["记录编号"]: e for e in as_dicts(header, rows)}
    assert by_id[entries[0].id]["审核人"] == by_id[entries[1].id]["审核人"] == "李审核"
    assert by_id[entries[0].id]["审核"] == f"{LAST_YEAR}年5月审核会"
    assert by_id[entries[2].id]["审核人"] is None  # still pending: nobody decided
    assert [e.decided_by_name for e in led.entries.list(village.id, order="oldest")] == [
        "李审核",
        "李审核",
        "",
    ]


def test_ledger_of_a_quarter_with_a_late_entry_keeps_its_original_day(printable, tmp_path):
    world = printable.world
    quarter = f"{TODAY.year}Q{(TODAY.month - 1) // 3 + 1}"
    written = write_ledger(world.ledger, world.village.id, quarter, tmp_path / "q.xlsx")
    _, header, rows, _ = read(written.path)
    late = [e for e in as_dicts(header, rows) if e["补记原日期"] is not None]
    assert len(late) == 1 and late[0]["补记原日期"].date() == dt.date(LAST_YEAR, 2, 20)


def test_household_table_masks_phones_unless_an_admin_asks(printable, tmp_path):
    world = printable.world
    written = write_households(world.ledger, world.village.id, tmp_path / "h.xlsx")
    _, header, rows, _ = read(written.path)
    wang = as_dicts(header, rows)[0]
    assert (wang["户号"], wang["联系电话"], wang["状态"]) == ("0101", "138****5678", "在册")
    assert isinstance(wang["登记日期"], dt.datetime) and isinstance(wang["累计积分"], int)
    full = write_households(world.ledger, world.village.id, tmp_path / "f.xlsx", full_phone=True)
    assert as_dicts(*read(full.path)[1:3])[0]["联系电话"] == "13812345678"
    world.ledger.operators.add(
        "view", "村监委", "viewer", "secret-123", village_id=world.village.id
    )
    viewer = world.ledger.as_actor(world.ledger.operators.authenticate("view", "secret-123"))
    with pytest.raises(PermissionDenied, match="只有管理员"):
        write_households(viewer, world.village.id, tmp_path / "v.xlsx", full_phone=True)


def test_ranking_of_a_year_has_grades_and_the_veto_mark(printable, tmp_path):
    world = printable.world
    written = write_ranking(world.ledger, world.village.id, str(LAST_YEAR), tmp_path / "r.xlsx")
    _, header, rows, _ = read(written.path)
    assert header == [
        "名次",
        "户号",
        "户主/单位",
        "网格",
        "加分",
        "扣分",
        "合计",
        "等级",
        "一票否决",
    ]
    ranked = {r["户号"]: r for r in as_dicts(header, rows)}
    assert ranked["0101"]["名次"] == 1 and ranked["0101"]["合计"] == 10
    assert ranked["0104"]["一票否决"] == "是" and ranked["0104"]["等级"] == "—"
    assert ranked["0102"]["合计"] == -8 and ranked["0102"]["等级"] == "诫勉"
    quarter = write_ranking(world.ledger, world.village.id, f"{LAST_YEAR}Q1", tmp_path / "q.xlsx")
    assert "等级" not in read(quarter.path)[1]


def test_township_summary_per_village_grid_and_category(printable, tmp_path):
    world = printable.world
    written = write_summary(world.ledger, str(LAST_YEAR), tmp_path / "s.xlsx")
    book = openpyxl.load_workbook(written.path)
    assert book.sheetnames == ["各村汇总", "分网格", "分类别"]
    village = list(book["各村汇总"].iter_rows(min_row=3, values_only=True))
    assert village == [("张集村", "全村", 4, 3, 0.75, 15, -8, 7, 1.8, 0, 0)]  # no units
    assert book["各村汇总"]["E3"].number_format == "0.0%"
    grids = {r[1]: r for r in book["分网格"].iter_rows(min_row=3, values_only=True)}
    assert grids["一组"][2:4] == (2, 2) and grids["二组"][2:4] == (2, 1)
    categories = list(book["分类别"].iter_rows(min_row=3, values_only=True))
    assert sum(r[2] for r in categories) == 15 and sum(r[3] for r in categories) == -8
