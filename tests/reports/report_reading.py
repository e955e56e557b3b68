"""Helpers for the report tests: what the printable village is dated by, and reading a PDF
back (its text, its fonts, its page sizes) with pypdf."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from pypdf import PdfReader

TODAY = dt.date.today()
LAST_YEAR = TODAY.year - 1
CONTACT = "村委会 王德胜"


def pdf_text(path: Path) -> list[str]:
    """The text of each page, laid out as on the page (a table row on one line)."""
    return [page.extract_text(extraction_mode="layout") or "" for page in PdfReader(path).pages]


def cells(line: str) -> list[str]:
    """The words of a line of a table read back."""
    return line.split()


def pdf_fonts(path: Path) -> dict[str, bool]:
    """Every font the PDF's pages use: its name and whether the font file is embedded."""
    fonts: dict[str, bool] = {}
    for page in PdfReader(path).pages:
        for ref in page["/Resources"]["/Font"].values():
            font = ref.get_object()
            descriptor = font.get("/FontDescriptor")
            embedded = descriptor is not None and any(
                key in descriptor.get_object() for key in ("/FontFile", "/FontFile2", "/FontFile3")
            )
            fonts[str(font["/BaseFont"])] = embedded
    return fonts


def page_sizes(path: Path) -> set[tuple[int, int]]:
    return {
        (round(float(p.mediabox.width)), round(float(p.mediabox.height)))
        for p in PdfReader(path).pages
    }
