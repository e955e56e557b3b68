"""Evidence files as pictures: a small thumbnail of a photo (decoded at the size shown, so a
5 MB phone photo stays quick) or of a PDF's first page, the whole picture for the viewer, and
opening a file in the computer's own program (a PDF of several pages, a HEIC photo)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QSize, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QImage, QImageReader
from PySide6.QtPdf import QPdfDocument
from PySide6.QtWidgets import QWidget

from jifen_desktop.model.entry_evidence import EvidenceItem

from . import messages

PDF_DPI = 150  # a scanned A4 page readable when zoomed in
MAX_SIDE = 4000  # a picture is shown at most this big (a 50-megapixel photo would be slow)


def tr(text: str) -> str:
    return QCoreApplication.translate("EvidenceImages", text)


def thumbnail(item: EvidenceItem, side: int) -> QImage:
    """The file as a picture at most ``side`` pixels wide and high (null when it cannot be
    shown: missing, or a kind Qt does not read)."""
    if not item.present:
        return QImage()
    if item.is_pdf:
        return _pdf_page(item, side)
    reader = QImageReader(str(item.path))
    reader.setAutoTransform(True)  # a phone photo taken upright shows upright
    size = reader.size()
    if size.isValid() and max(size.width(), size.height()) > side:
        reader.setScaledSize(size.scaled(side, side, Qt.AspectRatioMode.KeepAspectRatio))
    return reader.read()


def full_image(item: EvidenceItem) -> QImage:
    """The file as a picture for looking closely: a photo as it is (within ``MAX_SIDE``), a
    PDF's first page at ``PDF_DPI``; null when it cannot be shown."""
    if not item.present:
        return QImage()
    if item.is_pdf:
        return _pdf_page(item)
    return thumbnail(item, MAX_SIDE)


def _pdf_page(item: EvidenceItem, side: int | None = None) -> QImage:
    """The first page of a PDF at ``PDF_DPI``, or within ``side`` pixels wide and high."""
    document = QPdfDocument()
    try:
        if document.load(str(item.path)) != QPdfDocument.Error.None_ or not document.pageCount():
            return QImage()
        points = document.pagePointSize(0)
        longest = max(points.width(), points.height(), 1.0)
        zoom = PDF_DPI / 72 if side is None else side / longest
        size = QSize(max(1, round(points.width() * zoom)), max(1, round(points.height() * zoom)))
        return document.render(0, size)
    finally:
        document.close()


def pdf_pages(item: EvidenceItem) -> int:
    """How many pages a PDF has (0 when it cannot be read)."""
    document = QPdfDocument()
    try:
        ok = item.present and document.load(str(item.path)) == QPdfDocument.Error.None_
        return document.pageCount() if ok else 0
    finally:
        document.close()


def open_outside(parent: QWidget, item: EvidenceItem) -> bool:
    """Open the file in the computer's own program; say what to do when there is none."""
    if not item.present:
        messages.inform(parent, tr("找不到文件"), missing_text(item))
        return False
    if QDesktopServices.openUrl(QUrl.fromLocalFile(str(item.path))):
        return True
    messages.inform(
        parent,
        tr("没有能打开的程序"),
        tr("这台电脑上没有能打开“{0}”的程序。文件在：\n{1}\n可以复制到别的电脑上查看。").format(
            item.file_name, item.path
        ),
    )
    return False


def missing_text(item: EvidenceItem) -> str:
    return tr(
        "证明材料“{0}”的文件不在数据目录里了（可能恢复备份时没有带上照片）。"
        "请从备份或原来的电脑上找回 {1}。"
    ).format(item.file_name, item.path.name)
