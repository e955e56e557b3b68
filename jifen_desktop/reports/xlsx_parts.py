"""The parts of an .xlsx package around its sheets: content types, relationships, the
workbook (tabs, the filter and print-title names), the styles (title, header, and a number
format per kind of column) and the shared strings; and the rules Excel holds text and tab
names to (no control characters, at most 32,767 characters in a cell; a tab name of at most
31 characters without ``[]:*?/\\``, unique whatever the case). Excel offers to "repair" a
file that breaks them, and drops what it cannot read."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from xml.sax.saxutils import escape, quoteattr

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
SHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml"
MAX_TEXT = 32767  # the most characters an Excel cell holds
MAX_SHEET_NAME = 31
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_NOT_IN_SHEET_NAMES = re.compile(r"[\[\]:*?/\\]")

# Cell styles (indexes into cellXfs below).
TITLE_STYLE = 1
HEADER_STYLE = 2
STYLE_OF_KIND = {"date": 3, "datetime": 4, "int": 5, "signed": 6, "decimal": 7, "percent": 8}

STYLES = (
    HEAD + f'<styleSheet xmlns="{MAIN}">'
    '<numFmts count="5">'
    '<numFmt numFmtId="164" formatCode="yyyy-mm-dd"/>'
    '<numFmt numFmtId="165" formatCode="yyyy-mm-dd hh:mm"/>'
    '<numFmt numFmtId="166" formatCode="+0;-0;0"/>'
    '<numFmt numFmtId="167" formatCode="0.0%"/>'
    '<numFmt numFmtId="168" formatCode="0.0"/>'
    "</numFmts>"
    '<fonts count="3">'
    '<font><sz val="11"/><name val="等线"/><family val="2"/><charset val="134"/></font>'
    '<font><b/><sz val="14"/><name val="等线"/><family val="2"/><charset val="134"/></font>'
    '<font><b/><sz val="11"/><name val="等线"/><family val="2"/><charset val="134"/></font>'
    "</fonts>"
    '<fills count="3"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill>'
    '<fill><patternFill patternType="solid"><fgColor rgb="FFE6E6E6"/><bgColor indexed="64"/>'
    "</patternFill></fill></fills>"
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="9">'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
    '<xf numFmtId="0" fontId="2" fillId="2" borderId="0" xfId="0" applyFont="1" applyFill="1"'
    ' applyAlignment="1"><alignment horizontal="center" vertical="center" wrapText="1"/></xf>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="1" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="166" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="168" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="167" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    "</cellXfs>"
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)

FIXED_PARTS = {
    "_rels/.rels": (
        HEAD + f'<Relationships xmlns="{PACKAGE_RELS}">'
        f'<Relationship Id="rId1" Type="{RELS}/officeDocument" Target="xl/workbook.xml"/>'
        "</Relationships>"
    ),
    "xl/styles.xml": STYLES,
}


def content_types(sheets: int) -> str:
    overrides = "".join(
        f'<Override PartName="/xl/worksheets/sheet{i}.xml" '
        f'ContentType="{SHEET_TYPE}.worksheet+xml"/>'
        for i in range(1, sheets + 1)
    )
    return (
        HEAD + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/xl/workbook.xml" ContentType="{SHEET_TYPE}.sheet.main+xml"/>'
        f'<Override PartName="/xl/styles.xml" ContentType="{SHEET_TYPE}.styles+xml"/>'
        f'<Override PartName="/xl/sharedStrings.xml" ContentType="{SHEET_TYPE}.sharedStrings+xml"/>'
        f"{overrides}</Types>"
    )


def workbook_rels(sheets: int) -> str:
    links = "".join(
        f'<Relationship Id="rId{i}" Type="{RELS}/worksheet" Target="worksheets/sheet{i}.xml"/>'
        for i in range(1, sheets + 1)
    )
    styles = f'<Relationship Id="rId{sheets + 1}" Type="{RELS}/styles" Target="styles.xml"/>'
    strings = (
        f'<Relationship Id="rId{sheets + 2}" Type="{RELS}/sharedStrings" '
        'Target="sharedStrings.xml"/>'
    )
    return HEAD + f'<Relationships xmlns="{PACKAGE_RELS}">{links}{styles}{strings}</Relationships>'


def cell_text(value: str) -> str:
    """Text as a cell may hold it: without the control characters XML 1.0 cannot carry,
    cut to Excel's limit."""
    return _ILLEGAL.sub("", value)[:MAX_TEXT]


def sheet_names(wanted: Sequence[str]) -> list[str]:
    """Tab names Excel accepts for ``wanted``: the characters it refuses become "_", at most 31
    characters, no quote at either end, never empty or "History", and unique (名称(2))."""
    names: list[str] = []
    taken: set[str] = set()
    for name in wanted:
        clean = _NOT_IN_SHEET_NAMES.sub("_", cell_text(name)).strip().strip("'").strip()
        clean = clean[:MAX_SHEET_NAME] or "表格"
        candidate, n = clean, 2
        while candidate.casefold() in taken or candidate.casefold() == "history":
            suffix = f"({n})"
            candidate, n = clean[: MAX_SHEET_NAME - len(suffix)] + suffix, n + 1
        taken.add(candidate.casefold())
        names.append(candidate)
    return names


class SharedStrings:
    """The workbook's table of distinct texts: a cell refers to its text by number (what Excel
    itself writes; some readers know no other way, and a ledger repeats the same few texts
    thousands of times)."""

    def __init__(self) -> None:
        self._index: dict[str, int] = {}
        self.uses = 0

    def number(self, text: str) -> int:
        self.uses += 1
        found = self._index.get(text)
        if found is None:
            found = self._index[text] = len(self._index)
        return found

    def xml(self) -> Iterator[str]:
        yield HEAD + f'<sst xmlns="{MAIN}" count="{self.uses}" uniqueCount="{len(self._index)}">'
        for text in self._index:
            clean = escape(text)
            space = ' xml:space="preserve"' if clean != clean.strip() else ""
            yield f"<si><t{space}>{clean}</t></si>"
        yield "</sst>"


def sheet_ref(name: str) -> str:
    """A sheet name as a formula refers to it: '积分台账'."""
    return "'" + name.replace("'", "''") + "'"


def workbook_xml(tabs: Sequence[tuple[str, str]]) -> str:
    """The tabs (name, last cell such as T25604), and per tab the filter range (from the
    header row down) and the header row to print on every page."""
    sheets = "".join(
        f'<sheet name={quoteattr(name)} sheetId="{i}" r:id="rId{i}"/>'
        for i, (name, _) in enumerate(tabs, 1)
    )
    names = []
    for i, (name, last) in enumerate(tabs):
        ref = escape(sheet_ref(name))
        column, row = last.rstrip("0123456789"), last[len(last.rstrip("0123456789")) :]
        names.append(
            f'<definedName name="_xlnm._FilterDatabase" localSheetId="{i}" hidden="1">'
            f"{ref}!$A$2:${column}${row}</definedName>"
            f'<definedName name="_xlnm.Print_Titles" localSheetId="{i}">{ref}!$2:$2</definedName>'
        )
    return (
        HEAD + f'<workbook xmlns="{MAIN}" xmlns:r="{RELS}">'
        f"<bookViews><workbookView/></bookViews><sheets>{sheets}</sheets>"
        f"<definedNames>{''.join(names)}</definedNames></workbook>"
    )
