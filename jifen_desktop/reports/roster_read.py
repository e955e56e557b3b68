"""Reading a village's roster (花名册) from Excel into ``RosterRow``s for ``ledger.roster``.

The sheet is the village's own: the header row is found among the first rows (titles and
merged title cells above it are skipped), columns are mapped by their Chinese headers and the
usual variants (户编号, 公民身份号码, 村民小组 …), blank rows are skipped. Cells become text the
way the clerk sees them: an ID number typed as a number keeps its digits, a real date becomes
1980-01-02. Checking the values is the model's job; this module only reads.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl  # type: ignore[import-untyped, unused-ignore]
from openpyxl.utils.datetime import from_excel  # type: ignore[import-untyped, unused-ignore]

from jifen_desktop.model.errors import DomainError
from jifen_desktop.model.roster.rows import RosterRow, RosterSheet

from .common import Cancel, Progress, Steps

HEADER_ROWS_SEARCHED = 20
DATE_FIELDS = ("birth_date", "registered_on")
BLANK_ROWS_AT_END = 1000  # this many blank rows in a row end the sheet (formatted empty rows)

HEADER_SPELLINGS: dict[str, tuple[str, ...]] = {
    "number": ("户号", "户编号", "编号", "户代码", "家庭户号", "户籍编号", "户序号"),
    "head": ("户主", "户主姓名", "户主名字"),
    "name": ("姓名", "成员姓名", "名字", "家庭成员", "家庭成员姓名"),
    "relation": ("与户主关系", "关系", "与户主的关系", "家庭关系", "户内关系"),
    "gender": ("性别",),
    "birth_date": ("出生日期", "出生年月", "出生年月日", "生日", "出生时间"),
    "id_number": ("身份证号", "身份证号码", "公民身份号码", "公民身份证号码", "身份证", "证件号码"),
    "phone": ("联系电话", "电话", "手机", "手机号", "手机号码", "联系方式", "电话号码"),
    "grid": (
        "网格/村民小组",
        "网格",
        "村民小组",
        "组别",
        "小组",
        "所属网格",
        "网格名称",
        "村组",
        "组",
    ),
    "address": ("住址", "地址", "家庭住址", "现住址", "居住地址"),
    "party": ("是否党员", "党员", "政治面貌"),
    "cadre": ("是否村干部", "村干部", "是否干部", "村两委成员"),
    "identity": ("身份", "人员身份", "身份类别", "人员类别"),
    "registered_on": ("登记日期", "登记时间", "入册日期", "建档日期", "登记日"),
}
_SPELLING_TO_FIELD = {s: f for f, spellings in HEADER_SPELLINGS.items() for s in spellings}
_BRACKETS = re.compile(r"[（(【\[].*?[）)】\]]")


class RosterFileError(DomainError):
    """The roster file cannot be read as a roster (not Excel, no sheet, no header row)."""


def header_field(text: object) -> str | None:
    """The field a header cell names: spaces, *, ／ and notes in brackets do not matter."""
    if not isinstance(text, str):
        return None
    value = re.sub(r"[\s\u3000*＊:：]", "", _BRACKETS.sub("", text)).replace("／", "/")
    return _SPELLING_TO_FIELD.get(value)


def read_roster(
    path: Path | str,
    sheet: str | None = None,
    *,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
) -> RosterSheet:
    """The rows of the roster in ``path``: the named sheet, else the first with a header row."""
    step = Steps(progress, cancel)
    step(0.0, "正在打开花名册…")
    book = _open(Path(path))
    try:
        names = [sheet] if sheet else list(book.sheetnames)
        if sheet and sheet not in book.sheetnames:
            raise RosterFileError(
                f"花名册里没有叫“{sheet}”的工作表；有：{'、'.join(book.sheetnames)}。"
            )
        for name in names:
            found = _read_sheet(book[name], name, step)
            if found is not None:
                return found
    finally:
        book.close()
    which = f"工作表“{sheet}”" if sheet else "各个工作表"
    raise RosterFileError(
        f"在{which}的前{HEADER_ROWS_SEARCHED}行里找不到表头：需要有“户号”和“姓名”（或“户主”）"
        "这样的列名。请检查是否选对了文件和工作表，或用“jifen roster template”生成的模板整理后再导入。"
    )


def _open(path: Path) -> Any:
    if not path.is_file():
        raise RosterFileError(f"找不到文件 {path}，请检查文件名和文件夹。")
    if path.suffix.lower() not in (".xlsx", ".xlsm"):
        raise RosterFileError(
            f"“{path.name}”不是 .xlsx 格式的 Excel 文件：旧的 .xls 或 WPS 表格请先用“另存为”"
            "存成 .xlsx 再导入。"
        )
    try:
        return openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # zipfile, XML and openpyxl's own errors alike
        raise RosterFileError(
            f"打不开“{path.name}”（{type(exc).__name__}）：文件可能已损坏或正被其他程序占用。"
            "请用 Excel 或 WPS 打开确认，另存为 .xlsx 后再试。"
        ) from exc


def _read_sheet(ws: Any, name: str, step: Steps) -> RosterSheet | None:
    ws.reset_dimensions()  # some programs write a wrong size; read what is there
    rows = ws.iter_rows(values_only=True)
    columns: dict[str, int] | None = None
    headers: dict[str, str] = {}
    for index, values in enumerate(rows, start=1):
        if index > HEADER_ROWS_SEARCHED:
            return None
        columns = _header_columns(values)
        if columns is not None:
            headers = {f: str(values[i]).strip() for f, i in columns.items()}
            break
    if columns is None:
        return None
    step(0.1, f"正在读取工作表“{name}”…")
    body = _body_rows(rows, index + 1, columns, step)
    return RosterSheet(tuple(body), headers, name)


def _header_columns(values: Sequence[object]) -> dict[str, int] | None:
    """Field → column index, when this row is a header (户号, and 姓名 or 户主)."""
    columns: dict[str, int] = {}
    for i, value in enumerate(values):
        found = header_field(value)
        if found is not None:
            columns.setdefault(found, i)
    has_person = "name" in columns or "head" in columns
    return columns if "number" in columns and has_person else None


def _body_rows(
    rows: Iterable[Sequence[object]], first: int, columns: dict[str, int], step: Steps
) -> list[RosterRow]:
    found: list[RosterRow] = []
    blank = 0
    for index, values in enumerate(rows, start=first):
        if index % 500 == 0:
            step(0.1 + 0.8 * min(1.0, index / 20_000), f"已读 {index} 行…")
        cells = {f: cell_text(f, values[i]) if i < len(values) else "" for f, i in columns.items()}
        if not any(cells.values()):
            blank += 1
            if blank >= BLANK_ROWS_AT_END:
                break
            continue
        blank = 0
        found.append(_row(index, cells))
    step(1.0, f"读完 {len(found)} 行")
    return found


def _row(index: int, cells: dict[str, str]) -> RosterRow:
    """A sheet with only 户主 (one row per household) names the head on every row."""
    if "name" not in cells:
        cells = {
            **cells,
            "name": cells.get("head", ""),
            "relation": cells.get("relation") or "户主",
        }
    return RosterRow(index, **cells)


def cell_text(field: str, value: object) -> str:
    """A cell as the clerk reads it on screen."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return _number_text(field, value)
    return str(value).replace("\u3000", " ").strip()


def _number_text(field: str, value: float) -> str:
    if field in DATE_FIELDS and 1 <= value < 100_000:  # a date stored as Excel's day number
        return from_excel(value).date().isoformat()
    if value.is_integer():
        # Excel keeps 15 digits: 4.20881198001011E+17 is shown, and meant, as 420881198001011000
        return format(Decimal(repr(value)), "f")
    return repr(value)
