"""The roster template (花名册模板) the program hands out: one sheet with the headers the import
knows, drop-down lists for relation, gender, party membership (and the village's grids), ID
number and phone columns formatted as text so Excel keeps every digit; and a 填写说明 sheet
with how to fill it in and a worked example. The example lives on the instructions sheet on
purpose: rows left on the data sheet would be imported.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook  # type: ignore[import-untyped, unused-ignore]
from openpyxl.styles import Alignment, Font, PatternFill  # type: ignore[import-untyped, unused-ignore]
from openpyxl.utils import get_column_letter  # type: ignore[import-untyped, unused-ignore]
from openpyxl.worksheet.datavalidation import (  # type: ignore[import-untyped, unused-ignore]
    DataValidation,
)

from jifen_desktop.model.members import RELATIONS
from jifen_desktop.model.roster.rows import FIELDS

from .common import Written, check_output, write_whole

DATA_SHEET = "花名册"
HELP_SHEET = "填写说明"
ROWS_WITH_LISTS = 5000
WIDTHS = {"number": 10, "head": 12, "name": 12, "relation": 12, "gender": 7}
WIDTHS |= {"birth_date": 13, "id_number": 22, "phone": 15, "grid": 15, "address": 28, "party": 10}
WIDTHS |= {"cadre": 11}
WIDTHS |= {"registered_on": 13}
TEXT_COLUMNS = ("number", "id_number", "phone")

EXAMPLE = (
    ("0101", "王建国", "王建国", "户主", "男", "1968-03-12", "420881196803120012", "13907261234",
     "一组", "张集村一组12号", "是", "是", ""),
    ("0101", "王建国", "李秀英", "配偶", "女", "1970-08-02", "420881197008020025", "",
     "一组", "", "否", "否", ""),
    ("0101", "王建国", "王磊", "子", "男", "1993-11-20", "420881199311200036", "15871234567",
     "一组", "", "否", "否", ""),
    ("0102", "张大山", "张大山", "户主", "男", "1975-01-05", "", "13797265678",
     "二组", "张集村二组3号", "", "", "2026-05-18"),
)  # fmt: skip

INSTRUCTIONS = (
    "一人一行：同一户的每个人各占一行，填同一个“户号”。",
    "每户必须有且只有一行“与户主关系”填“户主”（也可填“本人”）；“户主”列每行都填这一户户主的姓名。",
    f"与户主关系可填：{'、'.join(RELATIONS)}；其他亲属填“其他”。",
    "身份证号填18位，末位可以是X；程序会核对校验位，并按身份证号填出生日期和性别。",
    "身份证号、户号和电话这几列已设为“文本”格式：请不要改成数字格式，否则Excel只保留前15位。",
    "网格/村民小组要填本村已有的网格名称（如“一组”）；“1组”“第一村民小组”也认得。",
    "出生日期可写成 1980-01-02、1980/1/2 或 1980年1月2日；有身份证号时可以不填。",
    "是否党员、是否村干部填“是”或“否”；不填表示不知道，已登记的不会被改掉。"
    "本村的表若只有一列“身份”，填“党员”“村干部”或“党员、村干部”也认得。",
    "登记日期是这一户在本村登记（起算基础分和参与率）的日子，可以不填："
    "不填的户按导入时选的日期登记，默认是导入那年的1月1日；年中迁入的户请填迁入的日子。"
    "已在台账里的户不会改登记日期。",
    "导入前先点“预览”（jifen roster import 文件 --dry-run）：列出每个问题所在的行、列和改法，不会写入。",
    "同一张表可以重复导入：已有的户按户号对上，成员按身份证号或姓名对上，没有变化的不会重复登记；"
    "表里没有的成员不会被删除。",
    "下面是一个填好的例子（只作示范，请在“花名册”工作表里填写本村的数据）：",
)


def write_roster_template(path: Path | str, grids: Sequence[str] = ()) -> Written:
    """Write the template to ``path`` (a temp name renamed at the end); ``grids`` are the
    village's grid names for the drop-down list of the grid column."""
    target = check_output(path, ".xlsx")
    book = Workbook()
    _data_sheet(book.active, grids)
    _help_sheet(book.create_sheet(HELP_SHEET))
    write_whole(target, book.save)
    return Written(target)


def _header_row(ws: Any, row: int) -> None:
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="DDEBF7")
    for col, (key, header) in enumerate(FIELDS.items(), start=1):
        cell = ws.cell(row, col, header)
        cell.font, cell.fill = bold, fill
        cell.alignment = Alignment(horizontal="center", vertical="center")
        ws.column_dimensions[get_column_letter(col)].width = WIDTHS[key]


def _data_sheet(ws: Any, grids: Sequence[str]) -> None:
    ws.title = DATA_SHEET
    _header_row(ws, 1)
    ws.freeze_panes = "A2"
    letters = {key: get_column_letter(i) for i, key in enumerate(FIELDS, start=1)}
    for key in TEXT_COLUMNS:
        ws.column_dimensions[letters[key]].number_format = "@"
    lists = {"relation": [*RELATIONS, "本人"], "gender": ["男", "女"], "party": ["是", "否"]}
    lists["cadre"] = ["是", "否"]
    if grids:
        lists["grid"] = list(grids)
    for key, choices in lists.items():
        check = DataValidation(type="list", formula1=f'"{",".join(choices)}"', allow_blank=True)
        check.error = f"请从列表里选：{'、'.join(choices)}"
        check.errorStyle = "warning"
        check.add(f"{letters[key]}2:{letters[key]}{ROWS_WITH_LISTS}")
        ws.add_data_validation(check)


def _help_sheet(ws: Any) -> None:
    ws.column_dimensions["A"].width = 4
    ws.cell(1, 2, "花名册填写说明").font = Font(bold=True, size=14)
    for i, text in enumerate(INSTRUCTIONS, start=1):
        ws.cell(i + 2, 1, f"{i}.")
        ws.cell(i + 2, 2, text)
    _example(ws, len(INSTRUCTIONS) + 4)


def _example(ws: Any, first: int) -> None:
    """The filled-in example under the instructions: the headers at row ``first``, then rows."""
    for i, key in enumerate(FIELDS, start=2):
        ws.column_dimensions[get_column_letter(i)].width = max(WIDTHS[key], 10)
    for col, header in enumerate(FIELDS.values(), start=2):
        ws.cell(first, col, header).font = Font(bold=True)
    for r, values in enumerate(EXAMPLE, start=first + 1):
        for c, value in enumerate(values, start=2):
            ws.cell(r, c, value).number_format = "@"
