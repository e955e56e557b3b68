"""A generated PDF before it goes anywhere: what was made (pages, font), 预览/打印… in the
computer's PDF reader (which shows every page and prints to any printer the system knows), and
另存为… to a chosen folder or USB stick. Reports are made off the GUI thread into a temporary
folder (``show_report``); nothing is kept unless the user saves it.

The pages are not drawn inside the program: a village laptop has a PDF reader (Windows 10:
Edge; UOS/Kylin: 文档查看器) that shows every page and knows the printers.
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QTimer, QUrl
from PySide6.QtGui import QDesktopServices
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

MakeReport = Callable[[Path, Progress, threading.Event], object]


class PdfPreview(QDialog):
    """A made PDF: 预览/打印… in the PDF reader, 另存为…, 关闭."""

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
        self.path, self.suggested_name = path, suggested_name
        self.setWindowTitle(title)
        made = self.tr("{0}已生成").format(title)
        if pages:
            made += self.tr("，共 {0} 页").format(pages)
        self.pages = QLabel(made + self.tr("。"))
        self.open_button = QPushButton(self.tr("预览/打印…"))
        self.save_button = QPushButton(self.tr("另存为…"))
        close = QPushButton(self.tr("关闭"))
        self.open_button.clicked.connect(self.open_in_reader)
        self.save_button.clicked.connect(lambda: self.save_as())
        close.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        for button in (self.open_button, self.save_button, close):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages)
        self.warnings = QLabel("\n".join(warnings))  # names that print with a gap
        self.warnings.setWordWrap(True)
        self.warnings.setStyleSheet("color: #b00020;")
        self.warnings.setVisible(bool(warnings))
        layout.addWidget(self.warnings)
        layout.addWidget(
            QLabel(self.tr("“预览/打印”用电脑上的 PDF 阅读器打开，在那里看每一页、选打印机打印。"))
        )
        layout.addLayout(buttons)

    def reader_url(self) -> QUrl:
        return QUrl.fromLocalFile(str(self.path))

    def open_in_reader(self) -> bool:
        """预览/打印…: the PDF in the computer's own reader."""
        return QDesktopServices.openUrl(self.reader_url())

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
