"""A real spreadsheet program opens every kind of .xlsx the program writes: LibreOffice Calc
(``soffice --headless``) loads them all in one call and saves them again, and what it saved
says it read every cell as written — the same values, dates as dates and numbers as numbers
with their formats, the Chinese headers, the header row printed on every page, the filter,
the one-page-wide printing of a narrow sheet, the roster template's drop-down lists.

LibreOffice does not load a sheet's view settings when it runs headless (the frozen header
of any file, ours or openpyxl's, is gone from what it saves), so the frozen header is checked
in test_excel.py and test_xlsx_package.py instead. Needs ``libreoffice-calc-nogui`` (Debian,
UOS, Kylin); skipped, saying so, where there is no ``soffice``.
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest
from workbooks import every_workbook

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
pytestmark = pytest.mark.skipif(
    SOFFICE is None,
    reason="LibreOffice is not installed (no soffice on PATH): apt-get install "
    "libreoffice-calc-nogui to open the .xlsx files in a real spreadsheet program",
)


def resave(files: list[Path], out: Path, profile: Path) -> list[Path]:
    """Open ``files`` in LibreOffice Calc and save them again as .xlsx in ``out``."""
    command = [
        str(SOFFICE),
        f"-env:UserInstallation={profile.as_uri()}",  # its own profile: no other soffice
        "--headless",
        "--norestore",
        "--convert-to",
        "xlsx:Calc MS Excel 2007 XML",
        "--outdir",
        str(out),
        *map(str, files),
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=180, check=False)
    saved = [out / f.name for f in files]
    missing = [f.name for f in saved if not f.exists()]
    assert not missing, f"LibreOffice could not open {missing}: {done.stdout}{done.stderr}"
    return saved


def cells(path: Path) -> dict[str, list[tuple]]:
    """Every sheet's cell values, by tab name, without the trailing empty rows."""
    book = openpyxl.load_workbook(path)
    return {
        ws.title: [r for r in ws.iter_rows(values_only=True) if any(v is not None for v in r)]
        for ws in book.worksheets
    }


def same(mine: object, theirs: object) -> bool:
    """A value as LibreOffice read it back: the same, of the same kind (a number as a number:
    it saves 1.0 as 1; a date within a second: it keeps a time to the millisecond)."""
    if isinstance(mine, dt.datetime) and isinstance(theirs, dt.datetime):
        return abs((mine - theirs).total_seconds()) < 1
    numbers = (int, float)
    if isinstance(mine, numbers) and isinstance(theirs, numbers):
        return not isinstance(mine, bool) and abs(mine - theirs) < 1e-9
    return type(mine) is type(theirs) and mine == theirs


def test_libreoffice_reads_every_workbook_as_written(printable, tmp_path):
    folder = tmp_path / "written"
    folder.mkdir()
    files = every_workbook(printable, folder)
    saved = dict(
        zip(files, resave(list(files.values()), tmp_path / "saved", tmp_path / "lo"), strict=True)
    )
    for kind, path in files.items():
        mine, theirs = cells(path), cells(saved[kind])
        assert list(theirs) == list(mine), kind
        for tab, rows in mine.items():
            assert len(theirs[tab]) == len(rows), (kind, tab)
            for row, back in zip(rows, theirs[tab], strict=True):
                assert all(same(a, b) for a, b in zip(row, back, strict=False)), (kind, row, back)
    book = openpyxl.load_workbook(saved["ledger"])
    ledger = book.worksheets[0]
    assert ledger.title == "积分台账" and ledger["A2"].value == "日期"
    assert isinstance(ledger["A3"].value, dt.datetime) and "yy" in ledger["A3"].number_format
    assert isinstance(ledger["I3"].value, int) and "+0" in ledger["I3"].number_format
    assert ledger.print_title_rows == "$2:$2" and ledger.auto_filter.ref.startswith("A2:T")
    assert not ledger.sheet_properties.pageSetUpPr.fitToPage  # too wide: full size, across
    households = openpyxl.load_workbook(saved["households"]).worksheets[0]
    assert households.sheet_properties.pageSetUpPr.fitToPage
    assert (
        households.page_setup.fitToWidth == 1 and households.page_setup.orientation == "landscape"
    )
    summary = openpyxl.load_workbook(saved["summary"])
    assert summary["各村汇总"]["E3"].number_format.endswith("%")
    roster = openpyxl.load_workbook(saved["roster"])["花名册"]
    assert len(roster.data_validations.dataValidation) >= 3
    table = openpyxl.load_workbook(saved["table"]).worksheets[0]
    assert table["B4"].value == " 李秀英 " and isinstance(table["D3"].value, dt.datetime)
