"""Excel sheets as a clerk at the township meets them: a title row, a bold header row frozen
above the data with a filter on it, columns as wide as their Chinese text (a Chinese character
counts as two), real dates and numbers with their formats, printed landscape on A4 with the
header on every page (and one page wide when that keeps the type readable).

The .xlsx is written here directly (the parts of the Office Open XML package a sheet needs),
streamed into the zip: openpyxl, without lxml, spends some 40 µs a cell, and a year of a
2,000-household village is half a million cells (20 s); this takes under 1 s. openpyxl reads
the result back in the tests, and LibreOffice opens it (tests/reports/test_xlsx_office.py).
The file is written whole or not at all.
"""

from __future__ import annotations

import datetime as dt
import math
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from jifen_desktop.model.wording import display_width

from .common import Steps, write_whole
from .xlsx_parts import (
    FIXED_PARTS,
    HEADER_STYLE,
    STYLE_OF_KIND,
    TITLE_STYLE,
    SharedStrings,
    cell_text,
    content_types,
    sheet_names,
    workbook_rels,
    workbook_xml,
)

MAX_WIDTH = 60
WIDTH_SAMPLE = 2000  # rows measured for the widths: enough to meet the longest names
# A date in a narrower column shows as ####; the fonts LibreOffice and WPS put in for 等线
# have wider digits than Excel's.
FORMAT_WIDTHS = {"date": 11, "datetime": 17, "percent": 6}
# A sheet up to this wide (in Excel's width units) prints one page wide, at 70 % or more of
# its size; a wider one (the ledger) prints at full size across pages.
FIT_TO_PAGE_WIDTH = 200
EPOCH = dt.datetime(1899, 12, 30)
CHUNK = 500  # rows serialised at a time


@dataclass(frozen=True)
class Column:
    """A column: its header and what it holds (text, int, signed, decimal, percent, date,
    datetime); numbers and dates get their number format."""

    title: str
    kind: str = "text"


@dataclass
class SheetData:
    name: str  # the tab
    title: str  # the first row
    columns: Sequence[Column]
    rows: Sequence[Sequence[Any]]


def column_widths(sheet: SheetData) -> list[int]:
    widths = []
    sample = sheet.rows[:WIDTH_SAMPLE]
    for i, column in enumerate(sheet.columns):
        fixed = FORMAT_WIDTHS.get(column.kind)
        longest = fixed or max(
            (display_width(str(r[i])) for r in sample if r[i] is not None), default=0
        )
        widths.append(min(MAX_WIDTH, max(longest, display_width(column.title), 4) + 2))
    return widths


def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


# -- cells ---------------------------------------------------------------------------------------


def _text(ref: str, value: str, strings: SharedStrings, style: int = 0) -> str:
    styled = f' s="{style}"' if style else ""
    return f'<c r="{ref}"{styled} t="s"><v>{strings.number(cell_text(value))}</v></c>'


def _serial(value: Any) -> Any:
    """A date or a time as Excel's serial day number; any other value as it is."""
    if isinstance(value, dt.datetime):
        return (value.replace(tzinfo=None) - EPOCH).total_seconds() / 86400
    if isinstance(value, dt.date):
        return (value - EPOCH.date()).days
    return value


def _cell(ref: str, value: Any, style: int, strings: SharedStrings) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return f'<c r="{ref}" t="b"><v>{int(value)}</v></c>'
    value = _serial(value)
    if isinstance(value, int) or isinstance(value, float) and math.isfinite(value):
        return f'<c r="{ref}" s="{style}"><v>{value}</v></c>'
    return _text(ref, str(value), strings, style)


def _rows_xml(
    sheet: SheetData, strings: SharedStrings, steps: Steps, span: tuple[float, float]
) -> Iterator[str]:
    letters = [column_letter(i) for i in range(len(sheet.columns))]
    styles = [STYLE_OF_KIND.get(c.kind, 0) for c in sheet.columns]
    yield f'<row r="1">{_text("A1", sheet.title, strings, TITLE_STYLE)}</row>'
    header = "".join(
        _text(f"{x}2", c.title, strings, HEADER_STYLE)
        for x, c in zip(letters, sheet.columns, strict=True)
    )
    yield f'<row r="2">{header}</row>'
    total = len(sheet.rows)
    for start in range(0, total, CHUNK):
        steps(
            span[0] + (span[1] - span[0]) * start / max(1, total),
            f"正在写入“{sheet.name}”，共 {total} 行…",
        )
        chunk = []
        for n, row in enumerate(sheet.rows[start : start + CHUNK], start + 3):
            cells = "".join(
                _cell(f"{x}{n}", v, s, strings)
                for x, v, s in zip(letters, row, styles, strict=True)
            )
            chunk.append(f'<row r="{n}">{cells}</row>')
        yield "".join(chunk)


def last_cell(sheet: SheetData) -> str:
    """The bottom right cell of the sheet's table, e.g. T25604."""
    return f"{column_letter(len(sheet.columns) - 1)}{len(sheet.rows) + 2}"


def _sheet_xml(
    sheet: SheetData, first: bool, strings: SharedStrings, steps: Steps, span: tuple[float, float]
) -> Iterator[str]:
    last = last_cell(sheet)
    widths = column_widths(sheet)
    cols = "".join(
        f'<col min="{i}" max="{i}" width="{w}" customWidth="1"/>' for i, w in enumerate(widths, 1)
    )
    fit = sum(widths) <= FIT_TO_PAGE_WIDTH
    selected = ' tabSelected="1"' if first else ""
    yield (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        + ('<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>' if fit else "")
        + f'<dimension ref="A1:{last}"/>'
        f'<sheetViews><sheetView{selected} workbookViewId="0">'
        '<pane ySplit="2" topLeftCell="A3" activePane="bottomLeft" state="frozen"/>'
        '<selection pane="bottomLeft" activeCell="A3" sqref="A3"/>'
        "</sheetView></sheetViews>"
        f'<sheetFormatPr defaultRowHeight="15"/><cols>{cols}</cols><sheetData>'
    )
    yield from _rows_xml(sheet, strings, steps, span)
    fit_setup = ' fitToWidth="1" fitToHeight="0"' if fit else ""
    yield (
        f'</sheetData><autoFilter ref="A2:{last}"/>'
        '<pageMargins left="0.5" right="0.5" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>'
        f'<pageSetup paperSize="9" orientation="landscape"{fit_setup}/></worksheet>'
    )


def _write_part(archive: zipfile.ZipFile, name: str, parts: Iterator[str] | str) -> None:
    with archive.open(name, "w") as stream:
        _stream(stream, [parts] if isinstance(parts, str) else parts)


def _stream(stream: IO[bytes], parts: Any) -> None:
    for part in parts:
        stream.write(part.encode("utf-8"))


def save_workbook(target: Path, sheets: Sequence[SheetData], steps: Steps) -> int:
    """Write the sheets into one workbook at ``target``; returns the data rows written."""
    count = len(sheets)
    names = sheet_names([s.name for s in sheets])

    def write(temp: Path) -> None:
        strings = SharedStrings()
        with zipfile.ZipFile(temp, "w", zipfile.ZIP_DEFLATED, compresslevel=5) as archive:
            _write_part(archive, "[Content_Types].xml", content_types(count))
            for name, xml in FIXED_PARTS.items():
                _write_part(archive, name, xml)
            tabs = [(name, last_cell(s)) for name, s in zip(names, sheets, strict=True)]
            _write_part(archive, "xl/workbook.xml", workbook_xml(tabs))
            _write_part(archive, "xl/_rels/workbook.xml.rels", workbook_rels(count))
            for i, sheet in enumerate(sheets):
                span = (0.3 + 0.65 * i / count, 0.3 + 0.65 * (i + 1) / count)
                rows = _sheet_xml(sheet, i == 0, strings, steps, span)
                _write_part(archive, f"xl/worksheets/sheet{i + 1}.xml", rows)
            _write_part(archive, "xl/sharedStrings.xml", strings.xml())

    write_whole(target, write)
    return sum(len(s.rows) for s in sheets)
