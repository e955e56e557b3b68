"""打印…: a PDF's pages printed through Qt's print dialog (printer, pages, copies, paper). The
dialog (``ask_to_print``) is apart from the routine that prints (``print_pages``), which takes
any QPrinter — a real one, or a PDF file in the tests.

The printer starts on the document's paper and orientation (A4 or A3, portrait or landscape)
with no margins of its own (the PDF has them). Each page is drawn as a picture at the printer's
resolution (at most 300 dpi: an A3 page at 600 dpi would be a 280 MB picture), centred and,
when the chosen paper is smaller, shrunk to fit; a landscape page on portrait paper is turned."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QMarginsF, QRectF, QSizeF, Qt
from PySide6.QtGui import QPageLayout, QPageSize, QPainter, QTransform
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QProgressDialog, QWidget

from jifen_desktop.model.errors import DomainError

from . import messages
from .pdf_viewer import render_page

MOST_DPI = 300
Tick = Callable[[int, int], bool]  # (pages printed, of how many) -> go on?


def printer_for(document: QPdfDocument, title: str) -> QPrinter:
    """A printer set to the document's first page: its paper, its orientation, no margins."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setDocName(title)
    size = document.pagePointSize(0)
    landscape = size.width() > size.height()
    upright = QSizeF(min(size.width(), size.height()), max(size.width(), size.height()))
    paper = QPageSize(upright, QPageSize.Unit.Point, "", QPageSize.SizeMatchPolicy.FuzzyMatch)
    orientation = (
        QPageLayout.Orientation.Landscape if landscape else QPageLayout.Orientation.Portrait
    )
    printer.setPageLayout(
        QPageLayout(paper, orientation, QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Point)
    )
    return printer


def chosen_pages(printer: QPrinter, count: int) -> list[int]:
    """The pages (from 0) the print dialog asked for: all, or its page ranges."""
    ranges = printer.pageRanges()
    if ranges.isEmpty():
        return list(range(count))
    return [page for page in range(count) if ranges.contains(page + 1)]


def print_pages(document: QPdfDocument, printer: QPrinter, tick: Tick | None = None) -> int:
    """Print the chosen pages of ``document`` on ``printer``; the number printed."""
    pages = chosen_pages(printer, document.pageCount())
    painter = QPainter()
    if not pages or not painter.begin(printer):
        raise DomainError("无法开始打印：请检查打印机是否已连接、已开机，或换一台打印机再试。")
    printed = 0
    try:
        for page in pages:
            if printed:
                printer.newPage()
            _draw_page(painter, document, page, printer.resolution())
            printed += 1
            if tick is not None and not tick(printed, len(pages)):
                printer.abort()
                break
    finally:
        painter.end()
    return printed


def _draw_page(painter: QPainter, document: QPdfDocument, page: int, resolution: int) -> None:
    """Page ``page`` centred in the printable area, turned if its orientation is the other
    one, shrunk if it is bigger."""
    size = document.pagePointSize(page)
    width, height = size.width() * resolution / 72, size.height() * resolution / 72
    area = QRectF(painter.viewport())
    turn = (width > height) != (area.width() > area.height())
    if turn:
        width, height = height, width
    scale = min(1.0, area.width() / width, area.height() / height)
    width, height = width * scale, height * scale
    target = QRectF(
        area.x() + (area.width() - width) / 2,
        area.y() + (area.height() - height) / 2,
        width,
        height,
    )
    image = render_page(document, page, min(resolution, MOST_DPI))
    if turn:
        image = image.transformed(
            QTransform().rotate(90), Qt.TransformationMode.SmoothTransformation
        )
    painter.drawImage(target, image)


def print_with_progress(parent: QWidget, document: QPdfDocument, printer: QPrinter) -> int:
    """``print_pages`` with "正在打印第 n 页…" and 取消; the number of pages printed."""
    progress = QProgressDialog(
        parent.tr("正在打印…"), parent.tr("取消"), 0, document.pageCount(), parent
    )
    progress.setWindowTitle(parent.tr("打印"))
    progress.setWindowModality(Qt.WindowModality.WindowModal)
    progress.setMinimumDuration(500)

    def tick(done: int, total: int) -> bool:
        progress.setMaximum(total)
        progress.setLabelText(parent.tr("正在打印第 {0} 页，共 {1} 页…").format(done, total))
        progress.setValue(done)
        return not progress.wasCanceled()

    try:
        return print_pages(document, printer, tick)
    finally:
        progress.close()


def ask_to_print(
    parent: QWidget, document: QPdfDocument, printer: QPrinter, done: Callable[[int], None]
) -> None:
    """Qt's print dialog for ``document`` (the system's own on Windows, so run modally, as
    Qt has it shown there); once the user chose, the pages are printed and ``done(pages
    printed)`` is called; a printer that will not start is said in a message."""
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(parent.tr("打印"))
    dialog.setMinMax(1, document.pageCount())
    dialog.setOption(QPrintDialog.PrintDialogOption.PrintPageRange, True)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return
    try:
        printed = print_with_progress(parent, document, printer)
    except DomainError as error:
        messages.show_error(parent, error)
        return
    done(printed)
