"""A generated PDF on screen before it goes anywhere: its pages (QtPdf), 打印… to any printer
the system knows, and 另存为… to a chosen folder or USB stick. Reports are made off the GUI
thread into a temporary file (``show_report``); nothing is kept unless the user saves it."""

from __future__ import annotations

import shutil
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QRectF, QSize, QStandardPaths
from PySide6.QtGui import QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from jifen_desktop.model.files import replace_atomically

from .background import Progress, run_in_background

MakeReport = Callable[[Path, Progress, threading.Event], object]


PRINT_DPI = 300  # pages are rendered at most this fine: sharp on paper, quick to send


def print_pdf(document: QPdfDocument, printer: QPrinter) -> int:
    """Every page of ``document`` onto ``printer``, each scaled to fit the printable page;
    returns the number of pages printed."""
    painter = QPainter()
    if not painter.begin(printer):
        return 0
    try:
        area = printer.pageLayout().paintRectPixels(printer.resolution())
        fine = min(1.0, PRINT_DPI / max(1, printer.resolution()))
        for page in range(document.pageCount()):
            if page:
                printer.newPage()
            size = document.pagePointSize(page)
            scale = min(area.width() / size.width(), area.height() / size.height())
            target = QRectF(0, 0, size.width() * scale, size.height() * scale)
            image = document.render(
                page, QSize(int(target.width() * fine), int(target.height() * fine))
            )
            painter.drawImage(target, image)
    finally:
        painter.end()
    return document.pageCount()


class PdfPreview(QDialog):
    """The pages of a PDF with 打印…, 另存为… and 关闭."""

    def __init__(
        self, path: Path, title: str, suggested_name: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.path, self.suggested_name = path, suggested_name
        self.setWindowTitle(title)
        self.document = QPdfDocument(self)
        self.document.load(str(path))
        self.view = QPdfView(self)
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.pages = QLabel(self.tr("共 {0} 页").format(self.document.pageCount()))
        self.print_button = QPushButton(self.tr("打印…"))
        self.save_button = QPushButton(self.tr("另存为…"))
        close = QPushButton(self.tr("关闭"))
        self.print_button.clicked.connect(self.print_document)
        self.save_button.clicked.connect(self.save_as)
        close.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.addWidget(self.pages, 1)
        for button in (self.print_button, self.save_button, close):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)
        self.resize(900, 700)

    def print_document(self, printer: QPrinter | None = None) -> int:
        """打印…: the system's print dialog, then every page; returns the pages printed."""
        if printer is None:
            printer = QPrinter(QPrinter.PrinterMode.HighResolution)
            dialog = QPrintDialog(printer, self)
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return 0
        return print_pdf(self.document, printer)

    def save_as(self, target: Path | None = None) -> Path | None:
        """另存为…: a copy under the chosen name (written whole, then renamed into place)."""
        if target is None:
            folder = QStandardPaths.writableLocation(
                QStandardPaths.StandardLocation.DocumentsLocation
            )
            chosen, _ = QFileDialog.getSaveFileName(
                self,
                self.tr("另存为"),
                str(Path(folder) / self.suggested_name),
                self.tr("PDF 文件 (*.pdf)"),
            )
            if not chosen:
                return None
            target = Path(chosen)
        if target.suffix.lower() != ".pdf":
            target = target.with_suffix(".pdf")
        replace_atomically(target, lambda tmp: shutil.copyfile(self.path, tmp))
        return target


def show_report(
    parent: QWidget,
    title: str,
    suggested_name: str,
    make: MakeReport,
    on_shown: Callable[[PdfPreview], None] | None = None,
) -> None:
    """Make a report into a temporary file on a worker (with progress and 取消), then preview
    it. ``make(path, progress, cancel)`` writes the PDF at ``path``."""
    folder = Path(tempfile.mkdtemp(prefix="jifen-report-"))
    path = folder / suggested_name

    def work(progress: Progress, cancel: threading.Event) -> Path:
        make(path, progress, cancel)
        return path

    def done(made: Path) -> None:
        preview = PdfPreview(made, title, suggested_name, parent)
        preview.finished.connect(lambda _code: shutil.rmtree(folder, ignore_errors=True))
        if on_shown is not None:
            on_shown(preview)
        preview.open()

    run_in_background(parent, title, work, done)
