"""登记日期 in a roster import (issue 17 item 1): a village importing its roster in March has had
its households since January, so a new household is registered on its 登记日期, or (the column
absent or empty) on the day the admin chose, 1 January of the year by default — and base points,
participation and entries count from that day. Dates are checked like every other cell: by row
and column, within the years the scheme can hold, not after today, one per household."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest
from test_roster import person, write_xlsx

from jifen_desktop.model.entry_checks import EntryDraft
from jifen_desktop.model.errors import ValidationError
from jifen_desktop.model.roster.rows import FIELDS
from jifen_desktop.reports.roster_read import read_roster
from jifen_desktop.reports.roster_template import DATA_SHEET, write_roster_template

TODAY = dt.date.today()
NEW_YEAR = dt.date(TODAY.year, 1, 1)
OLD_HEADERS = [h for h in FIELDS.values() if h != "登记日期"]  # a village's sheet without it


def registered(world, number: str) -> tuple[dt.date, dt.date]:
    """The household's registration day and the day its first status (在册) took effect."""
    h = world.ledger.households.by_number(world.village.id, number)
    history = world.ledger.households.history(h.id)
    return h.registered_on, history[0].effective_on


def test_without_the_column_households_are_members_since_1_january(world, tmp_path):
    rows = [OLD_HEADERS, [("0301" if h == "户号" else "") for h in OLD_HEADERS]]
    rows[1][OLD_HEADERS.index("户主")] = rows[1][OLD_HEADERS.index("姓名")] = "高山"
    rows[1][OLD_HEADERS.index("与户主关系")] = "户主"
    sheet = read_roster(write_xlsx(tmp_path / "旧表.xlsx", rows))
    world.ledger.roster.apply(world.village.id, sheet, skip_invalid=False)
    assert registered(world, "0301") == (NEW_YEAR, NEW_YEAR)
    # An entry of January is taken (it was refused before: registered on the import day).
    h = world.ledger.households.by_number(world.village.id, "0301")
    entry = world.ledger.entries.record(world.village.id, EntryDraft(h.id, "B05", NEW_YEAR))
    assert entry.value.occurred_on == NEW_YEAR
    assert world.ledger.verify().ok


def test_the_column_the_chosen_default_and_excel_dates(world, tmp_path):
    headers = list(FIELDS.values())
    last_year = dt.date(TODAY.year - 1, 6, 1)
    march = dt.date(TODAY.year, 3, 1) if dt.date(TODAY.year, 3, 1) <= TODAY else NEW_YEAR
    rows = [
        headers,
        person("0401", "甲", "甲", "户主", 登记日期=f"{last_year:%Y/%m/%d}"),
        person("0401", "甲", "乙", "配偶"),  # the head's row gives the day
        person("0402", "丙", "丙", "户主"),  # empty: the chosen default
    ]
    path = write_xlsx(tmp_path / "花名册.xlsx", rows)
    book = openpyxl.load_workbook(path)
    book.active.append(person("0403", "丁", "丁", "户主"))
    book.active.cell(5, headers.index("登记日期") + 1).value = dt.datetime(
        2024, 5, 20
    )  # a real date
    book.save(path)
    sheet = read_roster(path)
    assert world.ledger.roster.check(world.village.id, sheet, registered_on=march).ok
    world.ledger.roster.apply(world.village.id, sheet, skip_invalid=False, registered_on=march)
    assert registered(world, "0401") == (last_year, last_year)
    assert registered(world, "0402") == (march, march)
    assert registered(world, "0403") == (dt.date(2024, 5, 20),) * 2
    assert world.ledger.verify().ok


def test_bad_dates_are_named_by_row_and_column(world, tmp_path):
    tomorrow = TODAY + dt.timedelta(days=1)
    rows = [
        list(FIELDS.values()),
        person("0501", "甲", "甲", "户主", 登记日期="去年春天"),  # row 2
        person("0502", "乙", "乙", "户主", 登记日期="1899-01-01"),  # row 3
        person("0503", "丙", "丙", "户主", 登记日期=f"{tomorrow}"),  # row 4
        person("0504", "丁", "丁", "户主", 登记日期="2024-01-01"),  # row 5
        person("0504", "丁", "戊", "子", 登记日期="2024-02-01"),  # row 6: another day
        person("0505", "己", "己", "户主", 登记日期="2024年3月1日"),  # fine
    ]
    sheet = read_roster(write_xlsx(tmp_path / "错.xlsx", rows))
    report = world.ledger.roster.check(world.village.id, sheet)
    found = {(p.row, p.column): p.message for p in report.problems if p.blocking}
    assert set(found) == {(2, "登记日期"), (3, "登记日期"), (4, "登记日期"), (6, "登记日期")}
    assert "看不懂" in found[(2, "登记日期")]
    assert "超出了范围" in found[(3, "登记日期")]
    assert "晚于今天" in found[(4, "登记日期")]
    assert "登记日期不一致" in found[(6, "登记日期")]
    world.ledger.roster.apply(world.village.id, sheet, skip_invalid=True)
    numbers = {h.number for h in world.ledger.households.list(world.village.id)}
    assert "0505" in numbers and not numbers & {"0501", "0502", "0503", "0504"}


def test_a_household_already_registered_keeps_its_day(world, tmp_path):
    world.household("0601", "王建国", registered=dt.date(2020, 1, 1))
    rows = [
        list(FIELDS.values()),
        person("0601", "王建国", "王建国", "户主", 登记日期="2023-01-01"),
    ]
    sheet = read_roster(write_xlsx(tmp_path / "再导入.xlsx", rows))
    report = world.ledger.roster.check(world.village.id, sheet)
    (note,) = report.problems
    assert (note.column, note.blocking) == (
        "登记日期",
        False,
    ) and "不会把登记日期改成" in note.message
    world.ledger.roster.apply(world.village.id, sheet, skip_invalid=False)
    h = world.ledger.households.by_number(world.village.id, "0601")
    assert h.registered_on == dt.date(2020, 1, 1)


def test_a_default_day_after_today_is_refused(world, tmp_path):
    rows = [list(FIELDS.values()), person("0701", "甲", "甲", "户主")]
    sheet = read_roster(write_xlsx(tmp_path / "表.xlsx", rows))
    later = TODAY + dt.timedelta(days=3)
    with pytest.raises(ValidationError, match="晚于今天"):
        world.ledger.roster.check(world.village.id, sheet, registered_on=later)
    with pytest.raises(ValidationError, match="晚于今天"):
        world.ledger.roster.apply(world.village.id, sheet, skip_invalid=False, registered_on=later)
    assert "0701" not in {h.number for h in world.ledger.households.list(world.village.id)}


def test_the_template_has_the_column_and_says_what_empty_means(tmp_path: Path):
    written = write_roster_template(tmp_path / "模板.xlsx")
    book = openpyxl.load_workbook(written.path)
    headers = [c.value for c in book[DATA_SHEET][1]]
    assert headers[-1] == "登记日期"
    help_text = " ".join(
        str(c.value) for row in book["填写说明"].iter_rows() for c in row if c.value
    )
    assert "登记日期" in help_text and "1月1日" in help_text
