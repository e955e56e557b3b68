"""Every .xlsx the program writes holds to what Excel requires of the package, checked part by
part (Excel offers to "repair" a file that breaks these and drops what it cannot read):
well-formed parts, each with its content type, relationships that lead somewhere, the
elements of a sheet, a workbook and the styles in the order the schema (ECMA-376) fixes, tab
names Excel accepts, cells in order with styles and shared strings that exist, and dates
styled with a date format."""

from __future__ import annotations

import posixpath
import re
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import pytest
from workbooks import TABLE_TITLE, every_workbook

from jifen_desktop.reports.xlsx_parts import sheet_names

NS = {
    "m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "ct": "http://schemas.openxmlformats.org/package/2006/content-types",
    "pr": "http://schemas.openxmlformats.org/package/2006/relationships",
}
R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
# The order of a sheet's, a workbook's and the styles' children in the schema (CT_Worksheet,
# CT_Workbook, CT_Stylesheet).
WORKSHEET_ORDER = [
    "sheetPr",
    "dimension",
    "sheetViews",
    "sheetFormatPr",
    "cols",
    "sheetData",
    "sheetCalcPr",
    "sheetProtection",
    "protectedRanges",
    "scenarios",
    "autoFilter",
    "sortState",
    "dataConsolidate",
    "customSheetViews",
    "mergeCells",
    "phoneticPr",
    "conditionalFormatting",
    "dataValidations",
    "hyperlinks",
    "printOptions",
    "pageMargins",
    "pageSetup",
    "headerFooter",
    "rowBreaks",
    "colBreaks",
    "customProperties",
    "cellWatches",
    "ignoredErrors",
    "smartTags",
    "drawing",
    "legacyDrawing",
    "legacyDrawingHF",
    "picture",
    "oleObjects",
    "controls",
    "webPublishItems",
    "tableParts",
    "extLst",
]
WORKBOOK_ORDER = [
    "fileVersion",
    "fileSharing",
    "workbookPr",
    "workbookProtection",
    "bookViews",
    "sheets",
    "functionGroups",
    "externalReferences",
    "definedNames",
    "calcPr",
    "oleSize",
    "customWorkbookViews",
    "pivotCaches",
    "smartTagPr",
    "smartTagTypes",
    "webPublishing",
    "fileRecoveryPr",
    "webPublishObjects",
    "extLst",
]
STYLES_ORDER = [
    "numFmts",
    "fonts",
    "fills",
    "borders",
    "cellStyleXfs",
    "cellXfs",
    "cellStyles",
    "dxfs",
    "tableStyles",
    "colors",
    "extLst",
]
BUILTIN_DATE_FORMATS = set(range(14, 23)) | set(range(45, 48))


@pytest.fixture
def printable_once(printable, tmp_path):
    return every_workbook(printable, tmp_path)


def local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def parts(path: Path) -> dict[str, ElementTree.Element]:
    """Every part of the package parsed (a part that is not well-formed XML fails here)."""
    with zipfile.ZipFile(path) as archive:
        assert archive.testzip() is None
        return {name: ElementTree.fromstring(archive.read(name)) for name in archive.namelist()}


def in_order(children: list[str], order: list[str]) -> bool:
    known = [order.index(c) for c in children]
    return known == sorted(known)


def check_content_types(tree: dict[str, ElementTree.Element]) -> None:
    types = tree["[Content_Types].xml"]
    defaults = {d.get("Extension") for d in types.findall("ct:Default", NS)}
    overrides = {o.get("PartName", "").lstrip("/") for o in types.findall("ct:Override", NS)}
    assert overrides <= set(tree), "a content type names a part that is not there"
    for name in tree:
        if name != "[Content_Types].xml":
            assert name in overrides or name.rsplit(".", 1)[-1] in defaults, name


def check_relationships(tree: dict[str, ElementTree.Element]) -> dict[str, str]:
    """Every relationship leads to a part; returns the workbook's (id -> part)."""
    found: dict[str, str] = {}
    for name, root in tree.items():
        if not name.endswith(".rels"):
            continue
        source = posixpath.dirname(posixpath.dirname(name))
        for rel in root.findall("pr:Relationship", NS):
            to = rel.get("Target", "")
            target = to.lstrip("/") if to.startswith("/") else posixpath.join(source, to)
            target = posixpath.normpath(target)
            assert target in tree, f"{name}: {rel.get('Target')} is missing"
            if name == "xl/_rels/workbook.xml.rels":
                found[rel.get("Id", "")] = target
    return found


def check_workbook(tree: dict[str, ElementTree.Element], rels: dict[str, str]) -> list[str]:
    """The sheets' parts, in tab order, after checking the workbook."""
    book = tree["xl/workbook.xml"]
    assert in_order([local(c.tag) for c in book], WORKBOOK_ORDER)
    sheets = book.findall("m:sheets/m:sheet", NS)
    names = [s.get("name", "") for s in sheets]
    for name in names:
        assert 0 < len(name) <= 31 and not re.search(r"[\[\]:*?/\\]", name), name
        assert not name.startswith("'") and not name.endswith("'")
    assert len({n.casefold() for n in names}) == len(names)
    for defined in book.findall("m:definedNames/m:definedName", NS):
        sheet = int(defined.get("localSheetId", "0"))
        assert sheet < len(names) and (defined.text or "").startswith(f"'{names[sheet]}'!")
    return [rels[s.get(R_ID, "")] for s in sheets]


def check_styles(tree: dict[str, ElementTree.Element]) -> tuple[int, set[int]]:
    """The number of cell formats, and those that show a date."""
    styles = tree["xl/styles.xml"]
    assert in_order([local(c.tag) for c in styles], STYLES_ORDER)
    formats = {
        int(f.get("numFmtId", "0")): f.get("formatCode", "")
        for f in styles.findall("m:numFmts/m:numFmt", NS)
    }
    for group in ("numFmts", "fonts", "fills", "borders", "cellStyleXfs", "cellXfs"):
        element = styles.find(f"m:{group}", NS)
        if element is not None and element.get("count") is not None:
            assert int(element.get("count", "")) == len(element), group
    dates = set()
    xfs = styles.findall("m:cellXfs/m:xf", NS)
    for i, xf in enumerate(xfs):
        fmt = int(xf.get("numFmtId", "0"))
        assert fmt < 164 or fmt in formats, f"cell format {i} uses an undefined number format"
        if fmt in BUILTIN_DATE_FORMATS or "yy" in formats.get(fmt, ""):
            dates.add(i)
    return len(xfs), dates


def shared_strings(tree: dict[str, ElementTree.Element]) -> list[str]:
    sst = tree.get("xl/sharedStrings.xml")
    if sst is None:
        return []
    texts = ["".join(t.text or "" for t in si.iter(f"{{{NS['m']}}}t")) for si in sst]
    assert int(sst.get("uniqueCount", len(texts))) == len(texts)
    return texts


def column_number(ref: str) -> int:
    n = 0
    for letter in re.match(r"[A-Z]+", ref).group():  # type: ignore[union-attr]
        n = n * 26 + ord(letter) - 64
    return n


def check_sheet(
    sheet: ElementTree.Element, formats: int, strings: list[str]
) -> list[dict[int, tuple[int, str]]]:
    """Rows and cells in order, styles and strings that exist; per row, the cells by column
    number (style, value)."""
    assert in_order([local(c.tag) for c in sheet], WORKSHEET_ORDER)
    rows, last_row = [], 0
    for row in sheet.findall("m:sheetData/m:row", NS):
        number = int(row.get("r", "0"))
        assert number > last_row
        last_row, last_column, cells = number, 0, {}
        for cell in row.findall("m:c", NS):
            ref = cell.get("r", "")
            assert ref.endswith(str(number)) and column_number(ref) > last_column
            last_column = column_number(ref)
            style = int(cell.get("s", "0"))
            assert style < formats
            value = cell.findtext("m:v", "", NS)
            if cell.get("t") == "s":
                value = strings[int(value)]
            cells[last_column] = (style, value)
        rows.append(cells)
    return rows


@pytest.mark.parametrize("kind", ["ledger", "households", "ranking", "summary", "roster", "table"])
def test_every_workbook_holds_to_what_excel_requires(printable_once, kind):
    tree = parts(printable_once[kind])
    check_content_types(tree)
    rels = check_relationships(tree)
    sheets = check_workbook(tree, rels)
    formats, dates = check_styles(tree)
    strings = shared_strings(tree)
    for part in sheets:
        rows = check_sheet(tree[part], formats, strings)
        if kind == "roster":
            continue
        header = {column: v for column, (_, v) in rows[1].items()}
        assert header and all(re.search(r"[\u4e00-\u9fff]", h) for h in header.values())
        for cells in rows[2:]:
            for column, (style, value) in cells.items():
                if "日期" in header[column]:
                    assert style in dates and float(value) > 40000, (kind, header[column], value)


def test_tab_names_excel_refuses_are_made_acceptable(printable_once):
    book = parts(printable_once["table"])["xl/workbook.xml"]
    [sheet] = book.findall("m:sheets/m:sheet", NS)
    assert sheet.get("name") == "审核_记录_2026__ 待审__"
    assert sheet.get("name") != TABLE_TITLE
    assert sheet_names(["a" * 40, "A" * 40, "History", "'x'", ""]) == [
        "a" * 31,
        "A" * 28 + "(2)",
        "History(2)",
        "x",
        "表格",
    ]
