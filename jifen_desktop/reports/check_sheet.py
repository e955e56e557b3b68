"""纸质检查表: a grid's A4 check sheet for a recorder (or a 抽检) to walk the grid with — the
village, grid and check date, one row per household (户号, 户主 masked as the village chooses
for the notice), one tick column per chosen item headed by its code, short name and points, the
items in full with their caps under the table, and lines for the checkers to sign and date.
Up to six items on A4 portrait, up to ten on A4 landscape; 10.5 pt type, rows tall enough to
tick by hand (about 25 a page portrait, 16 landscape). The sheet comes back through the screen
laid out like it (``ui.check_sheet_dialog``), from the same ``model.check_sheet`` description.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from reportlab.lib.enums import TA_CENTER  # type: ignore[import-untyped, unused-ignore]
from reportlab.lib.styles import ParagraphStyle  # type: ignore[import-untyped, unused-ignore]
from reportlab.lib.units import mm  # type: ignore[import-untyped, unused-ignore]
from reportlab.platypus import Flowable, KeepTogether, LongTable, Spacer, TableStyle  # type: ignore[import-untyped, unused-ignore]

from jifen_desktop.model.check_sheet import PORTRAIT_MOST, CheckSheet, build_sheet

from .common import Cancel, Progress, Written, mask_name
from .pdf_page import GRID_COLOR, Heading, PageSetup
from .pdf_parts import HEADER_FILL, Styles, fit_cell, signature_block
from .pdf_report import PdfReport

if TYPE_CHECKING:
    import datetime as dt

    from jifen_desktop.model.ledger import Ledger

SHEET_SIZE = 10.5
NUMBER_WIDTH, NAME_WIDTH = 17 * mm, 28 * mm
TICK_ROW = 2.3  # a row's height in body type sizes: room for a hand-drawn tick
ROWS_PER_PAGE = 25
SIGN_LINES = (
    ("检查人（签名）：________________", "日期：______年____月____日"),
    ("录入人：________________", "录入日期：______年____月____日"),
)


def write_check_sheet(
    ledger: Ledger,
    village_id: str,
    grid_id: str,
    codes: list[str],
    path: Path | str,
    *,
    day: dt.date | None = None,
    font: Path | str | None = None,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
) -> Written:
    """The check sheet of ``grid_id`` for the items ``codes`` as a PDF at ``path``; ``day``
    prints the check date (None: a line to write it in)."""
    sheet = build_sheet(ledger, village_id, grid_id, codes, day)
    setup = PageSetup("A4", len(sheet.items) > PORTRAIT_MOST, SHEET_SIZE, grow=False)
    report = PdfReport(path, setup, font, progress, cancel)
    report.steps(0.1, "正在排版检查表…")
    story = _sheet(report.styles, sheet)
    heading = Heading(sheet.title, f"共 {len(sheet.households)} 户")
    rows = len(sheet.households)
    return report.write(story, heading, rows, rows // ROWS_PER_PAGE + 1)


def _sheet(styles: Styles, sheet: CheckSheet) -> list[Flowable]:
    """Title, grid and date, how to tick, the tick table, then the signatures."""
    return [
        styles.para(sheet.title, styles.title),
        styles.para(_date_line(sheet), styles.subtitle),
        Spacer(1, styles.size * 0.4),
        styles.para(
            "符合的在格内打“√”，不符合或未检查的留空。检查完请签名并写上日期，交村委会录入。",
            styles.note,
        ),
        Spacer(1, styles.size * 0.3),
        tick_table(styles, sheet),
        Spacer(1, styles.size * 0.6),
        *_closing(styles, sheet),
    ]


def _date_line(sheet: CheckSheet) -> str:
    day = sheet.day
    when = f"{day.year}年{day.month}月{day.day}日" if day else "______年____月____日"
    return f"网格：{sheet.grid_name}　　检查日期：{when}"


def head_text(sheet: CheckSheet, index: int) -> str:
    """户主 of row ``index`` as the sheet prints it (masked when the village masks names)."""
    h = sheet.households[index]
    name = h.unit_name if h.kind == "unit" else h.head_name
    return mask_name(name) if sheet.mask_names else name


def tick_table(styles: Styles, sheet: CheckSheet) -> LongTable:
    """户号, 户主 and an empty tick cell per item, the header repeated on every page."""
    ticks = len(sheet.items)
    tick_width = (styles.frame_width - NUMBER_WIDTH - NAME_WIDTH) / ticks
    widths = [NUMBER_WIDTH, NAME_WIDTH, *[tick_width] * ticks]
    unit = sheet.items[0].rule.applies_to == "unit"
    header: list[Any] = ["户号", "单位" if unit else "户主"]
    centred = ParagraphStyle("tick_header", parent=styles.cell, alignment=TA_CENTER)
    header += [[styles.para(line, centred) for line in i.header] for i in sheet.items]
    rows: list[list[Any]] = [header]
    for index, h in enumerate(sheet.households):
        rows.append(
            [h.number, fit_cell(styles, head_text(sheet, index), NAME_WIDTH), *[""] * ticks]
        )
    row_height = styles.size * TICK_ROW
    table = LongTable(
        rows, colWidths=widths, rowHeights=[None, *[row_height] * (len(rows) - 1)], repeatRows=1
    )
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), styles.font, styles.size * 0.95),
                ("GRID", (0, 0), (-1, -1), 0.6, GRID_COLOR),
                ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
                ("ALIGN", (0, 0), (-1, -1), "CENTER"),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ]
        )
    )
    return table


def _closing(styles: Styles, sheet: CheckSheet) -> list[Flowable]:
    notes = "本表不含身份证号码、电话号码。"
    if sheet.mask_names:
        notes = "为保护隐私，户主姓名隐去部分文字。" + notes
    block = signature_block(styles, SIGN_LINES)
    return [KeepTogether([*_legend(styles, sheet), styles.para(notes, styles.note), block])]


def _legend(styles: Styles, sheet: CheckSheet) -> list[Flowable]:
    """What each column's rule item is, under the table."""
    legend = [styles.para("各栏细则：", styles.note)]
    return legend + [styles.para(item.legend, styles.note) for item in sheet.items]
