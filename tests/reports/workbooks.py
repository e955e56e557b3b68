"""Every kind of .xlsx the program writes, made from the printable village into one folder:
the 积分台账, the 农户表, a ranking, the township summary, a table export (whose page title
holds characters a tab name may not) and the roster template."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from report_reading import LAST_YEAR

from jifen_desktop.reports.common import Steps
from jifen_desktop.reports.excel_figures import write_ranking, write_summary
from jifen_desktop.reports.excel_ledger import write_households, write_ledger
from jifen_desktop.reports.roster_template import write_roster_template
from jifen_desktop.reports.xlsx_sheet import Column, SheetData, save_workbook

# What a table export of a page titled so would get (ui.table_export.table_sheet).
TABLE_TITLE = "审核/记录[2026]: 待审*?"
TABLE = SheetData(
    TABLE_TITLE,
    TABLE_TITLE,
    [Column("户号"), Column("户主"), Column("分值", "int"), Column("日期", "date")],
    [["0101", "王建国", 5, dt.date(2026, 3, 5)], ["0102", " 李秀英 ", -8, dt.date(2026, 3, 6)]],
)


def every_workbook(printable: object, folder: Path) -> dict[str, Path]:
    """The files by kind, written into ``folder``."""
    world = printable.world  # type: ignore[attr-defined]
    led, vid, year = world.ledger, world.village.id, str(LAST_YEAR)
    files = {
        "ledger": write_ledger(led, vid, year, folder / "积分台账.xlsx").path,
        "households": write_households(led, vid, folder / "农户表.xlsx").path,
        "ranking": write_ranking(led, vid, year, folder / "排名.xlsx").path,
        "summary": write_summary(led, year, folder / "乡镇汇总.xlsx").path,
        "roster": write_roster_template(folder / "花名册模板.xlsx", ["一组", "二组"]).path,
        "table": folder / "表格导出.xlsx",
    }
    save_workbook(files["table"], [TABLE], Steps(None, None))
    return files
