"""A generated PDF before it goes anywhere: its pages shown inside the program (``pdf_viewer``:
page turning, zoom), 打印… through Qt's print dialog (``pdf_viewer_print``), 另存为… to a chosen
folder or USB stick, and 用其他程序打开 (the computer's PDF reader) as a second way. Reports
are made off the GUI thread into a temporary folder (``show_report``); nothing is kept unless
the user saves it. Ctrl+P prints, PgUp/PgDn turn pages, Esc closes.
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QTimer, QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication, QKeySequence, QShortcut
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from jifen_desktop.model.errors import DomainError
from jifen_desktop.reports.common import write_whole

from . import messages
from .background import Progress, run_in_background
from .forms import ask_save_path
from .pdf_viewer import PdfPagesView, load_document
from .pdf_viewer_print import ask_to_print, printer_for

MakeReport = Callable[[Path, Progress, threading.Event], object]
NO_READER = (
    "这台电脑没有设置打开 PDF 文件的程序。可以直接在这里点“打印…”，"
    "或点“另存为…”保存后用别的电脑打开。"
)


class PdfPreview(QDialog):
    """A made PDF: its pages, 打印…, 另存为…, 用其他程序打开, 关闭."""

    def __init__(
        self,
        path: Path,
        title: str,
        suggested_name: str,
        parent: QWidget | None = None,
        pages: int = 0,
        warnings: tuple[str, ...] = (),
    ) -> None:
        super().__init__(parent)
        self.path, self.title, self.suggested_name = path, title, suggested_name
        self.printer: QPrinter | None = None
        self.setWindowTitle(self.tr("{0} - 预览").format(title))
        made = self.tr("{0}已生成").format(title)
        if pages:
            made += self.tr("，共 {0} 页").format(pages)
        self.pages = QLabel(made + self.tr("。"))
        self.warnings = QLabel("\n".join(warnings))  # names that print with a gap
        self.warnings.setWordWrap(True)
        self.warnings.setStyleSheet("color: #b00020;")
        self.warnings.setVisible(bool(warnings))
        self.status = QLabel()
        self.status.setObjectName("status")
        self.status.setWordWrap(True)
        self.status.setVisible(False)
        self.viewer = self._build_viewer()
        layout = QVBoxLayout(self)
        for label in (self.pages, self.warnings):
            layout.addWidget(label)
        layout.addWidget(self.viewer, 1)
        layout.addWidget(self.status)
        layout.addLayout(self._build_buttons())
        QShortcut(QKeySequence.StandardKey.Print, self, self.print_pages)
        self.viewer.setFocus()  # the pages: arrows and the wheel scroll them at once
        self._fit_screen()

    def _build_viewer(self) -> QWidget:
        """The pages, or why they cannot be shown (the file gone or damaged)."""
        self.document: QPdfDocument | None = None
        try:
            self.document = load_document(self.path, self)
        except DomainError as error:
            failed = QLabel(error.message)
            failed.setWordWrap(True)
            return failed
        return PdfPagesView(self.document, self)

    def _build_buttons(self) -> QHBoxLayout:
        self.print_button = QPushButton(self.tr("打印…"))
        self.print_button.setToolTip(self.tr("选打印机、页码和份数后打印（Ctrl+P）"))
        self.print_button.setEnabled(self.document is not None)
        self.save_button = QPushButton(self.tr("另存为…"))
        self.open_button = QPushButton(self.tr("用其他程序打开"))
        self.open_button.setToolTip(self.tr("用电脑上的 PDF 阅读器打开这个文件"))
        close = QPushButton(self.tr("关闭"))
        self.print_button.clicked.connect(self.print_pages)
        self.save_button.clicked.connect(lambda: self.save_as())
        self.open_button.clicked.connect(self.open_in_reader)
        close.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.save_button)
        buttons.addStretch(1)
        buttons.addWidget(self.open_button)
        buttons.addWidget(close)
        self.print_button.setDefault(True)
        return buttons

    def _fit_screen(self) -> None:
        screen = (self.parentWidget() or self).screen() or QGuiApplication.primaryScreen()
        room = screen.availableGeometry()
        self.resize(min(1100, room.width() - 40), max(400, room.height() - 60))

    def _say(self, text: str) -> None:
        self.status.setText(text)
        self.status.setVisible(bool(text))

    def print_pages(self) -> None:
        """打印…: Qt's print dialog, then the pages on the printer chosen."""
        if self.document is None:
            return
        if self.printer is None:
            self.printer = printer_for(self.document, self.title)
        ask_to_print(
            self,
            self.document,
            self.printer,
            lambda n: self._say(self.tr("已送到打印机：{0} 页。").format(n)),
        )

    def reader_url(self) -> QUrl:
        return QUrl.fromLocalFile(str(self.path))

    def open_in_reader(self) -> bool:
        """用其他程序打开: the PDF in the computer's own reader; says so when there is none."""
        opened = QDesktopServices.openUrl(self.reader_url())
        self._say("" if opened else self.tr(NO_READER))
        return opened

    def save_as(self, target: Path | None = None) -> Path | None:
        """另存为…: a copy under the chosen name (written whole, then renamed into place)."""
        if target is None:
            target = ask_save_path(
                self, self.tr("另存为"), self.suggested_name, self.tr("PDF 文件 (*.pdf)")
            )
            if target is None:
                return None
        if target.suffix.lower() != ".pdf":
            target = target.with_suffix(".pdf")
        try:
            write_whole(target, lambda tmp: shutil.copyfile(self.path, tmp))
        except DomainError as error:  # the old file open in a reader, a full stick
            messages.show_error(self, error)
            return None
        return target


_made: list[Path] = []  # temporary folders of this run, removed when the program ends


@atexit.register
def _remove_made() -> None:
    for folder in _made:
        shutil.rmtree(folder, ignore_errors=True)


def show_report(
    parent: QWidget,
    title: str,
    suggested_name: str,
    make: MakeReport,
    on_shown: Callable[[PdfPreview], None] | None = None,
) -> None:
    """Make a report into a temporary file on a worker (with progress and 取消), then offer
    it. ``make(path, progress, cancel)`` writes the PDF at ``path`` and may return what it
    wrote (its ``pages``, and ``warnings`` the dialog shows). The file stays until the program ends: a PDF reader may have it open."""
    folder = Path(tempfile.mkdtemp(prefix="jifen-report-"))
    _made.append(folder)
    path = folder / suggested_name

    def work(progress: Progress, cancel: threading.Event) -> tuple[int, tuple[str, ...]]:
        written = make(path, progress, cancel)
        pages = int(getattr(written, "pages", 0) or 0)
        return pages, tuple(getattr(written, "warnings", ()))

    def show(made: tuple[int, tuple[str, ...]]) -> None:
        preview = PdfPreview(path, title, suggested_name, parent, *made)
        if on_shown is not None:
            on_shown(preview)
        preview.open()

    # A plain (not modal) progress dialog: the user may go on working while it is made; the
    # dialog opens once that one is gone.
    run_in_background(
        parent, title, work, lambda made: QTimer.singleShot(0, lambda: show(made)), modal=False
    )
