"""导出Excel… on any table of the program: what the table shows (its columns, its rows in the
order and filter on screen) saved as an .xlsx, with numbers as numbers and dates as dates. The
cells are copied on the GUI thread; the file is written on a worker, whole or not at all."""

from __future__ import annotations

import datetime as dt
import re
import threading
from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractItemModel, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QAbstractItemView, QWidget

from jifen_desktop.reports.common import Steps
from jifen_desktop.reports.xlsx_sheet import Column, SheetData, save_workbook

from .background import Progress

_INT = re.compile(r"[+-]?\d{1,15}")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def cell_value(text: str) -> Any:
    """A cell as the spreadsheet should hold it: 12 → 12, 2026-03-05 → a date, else text.
    Numbers with a leading zero (户号 0101) stay text."""
    value = text.strip()
    if _INT.fullmatch(value) and not value.lstrip("+-").startswith("0") or value == "0":
        return int(value)
    if _DATE.fullmatch(value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return text
    return text


def _kind(values: list[Any]) -> str:
    filled = [v for v in values if v != ""]
    if filled and all(isinstance(v, int) for v in filled):
        return "int"
    if filled and all(isinstance(v, dt.date) for v in filled):
        return "date"
    return "text"


def table_sheet(model: QAbstractItemModel, title: str) -> SheetData:
    """The model's shown cells (DisplayRole) as a sheet; a column mixing kinds is text."""
    headers = [
        str(model.headerData(c, Qt.Orientation.Horizontal) or "")
        for c in range(model.columnCount())
    ]
    rows = [
        [cell_value(str(model.index(r, c).data() or "")) for c in range(len(headers))]
        for r in range(model.rowCount())
    ]
    kinds = [_kind([row[c] for row in rows]) for c in range(len(headers))]
    rows = [[v if kinds[c] != "text" else str(v) for c, v in enumerate(row)] for row in rows]
    return SheetData(
        title[:31] or "表格",
        title,
        [Column(h, k) for h, k in zip(headers, kinds, strict=True)],
        rows,
    )


def page_title(widget: QWidget) -> str:
    """The title of the page the table is on (else the window's)."""
    parent: QWidget | None = widget
    while parent is not None:
        title = getattr(parent, "title", None)
        if callable(title):
            return str(title())
        parent = parent.parentWidget()
    return widget.window().windowTitle() or "表格"


def export_view(view: QAbstractItemView, target: Path | None = None, **kw: Any) -> None:
    """Save what ``view`` shows as an .xlsx (asks where unless ``target``)."""
    from .printouts import save_spreadsheet  # printouts imports pages that use tables

    model = view.model()
    if model is None:
        return
    title = page_title(view)
    sheet = table_sheet(model, title)

    def write(path: Path, progress: Progress, cancel: threading.Event) -> object:
        return save_workbook(path, [sheet], Steps(progress, cancel))

    save_spreadsheet(view, view.tr("导出Excel"), f"{title}.xlsx", write, target, **kw)


def offer_export(view: QAbstractItemView) -> None:
    """A right-click 导出Excel… on the table."""
    action = QAction(view.tr("导出Excel…"), view)
    action.triggered.connect(lambda: export_view(view))
    view.addAction(action)
    view.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
