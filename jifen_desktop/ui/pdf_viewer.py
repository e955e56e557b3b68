"""A PDF's pages inside the program (QtPdf): every page one under another, 上一页/下一页 with
"第 n 页 / 共 m 页", and zoom — 适合宽度, 整页, 缩小, 放大. PgUp/PgDn turn a page, Ctrl+加号
and Ctrl+减号 zoom (the dialog that holds the view adds Ctrl+P and Esc). Only API that PySide6
6.8 has (QPdfView, QPdfPageNavigator, QPdfDocument.render)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPointF, QSize, Qt
from PySide6.QtGui import QImage, QKeySequence, QPainter, QShortcut
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from jifen_desktop.model.errors import DomainError

ZOOM_STEP = 1.25
ZOOM_LIMITS = (0.25, 4.0)


def load_document(path: Path, parent: QWidget) -> QPdfDocument:
    """The PDF at ``path`` opened for showing and printing, or a DomainError saying why not."""
    document = QPdfDocument(parent)
    error = document.load(str(path))
    if error != QPdfDocument.Error.None_ or document.pageCount() < 1:
        raise DomainError(
            f"打不开这个 PDF 文件（{path.name}）：文件可能已损坏或被删除。请重新生成后再预览。"
        )
    return document


def render_page(document: QPdfDocument, page: int, dpi: float) -> QImage:
    """Page ``page`` (from 0) as a picture at ``dpi`` dots per inch, on white paper."""
    size = document.pagePointSize(page)
    pixels = QSize(round(size.width() * dpi / 72), round(size.height() * dpi / 72))
    image = document.render(page, pixels)
    if image.hasAlphaChannel():  # a page without its own background: print it on white
        return _on_white(image)
    return image


def _on_white(image: QImage) -> QImage:
    paper = QImage(image.size(), QImage.Format.Format_RGB32)
    paper.fill(Qt.GlobalColor.white)
    painter = QPainter(paper)
    painter.drawImage(0, 0, image)
    painter.end()
    return paper


class PdfPagesView(QWidget):
    """The pages of ``document`` with page turning and zoom above them."""

    def __init__(self, document: QPdfDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.page_count = document.pageCount()  # kept: the view may outlive the document
        self.view = QPdfView(self)
        self.view.setObjectName("pdf_view")
        self.view.setDocument(document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setPageSpacing(12)
        self.page_label = QLabel()
        self.page_label.setObjectName("page_label")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self._build_bar())
        layout.addWidget(self.view, 1)
        self.view.pageNavigator().currentPageChanged.connect(self._show_page)
        self._add_keys()
        self._show_page(0)
        self.setFocusProxy(self.view)

    def _build_bar(self) -> QHBoxLayout:
        bar = QHBoxLayout()
        self.previous_button = self._button("上一页", "上一页（PgUp）", self.previous_page)
        self.next_button = self._button("下一页", "下一页（PgDn）", self.next_page)
        for widget in (self.previous_button, self.page_label, self.next_button):
            bar.addWidget(widget)
        bar.addStretch(1)
        self.fit_width_button = self._button("适合宽度", "页宽与窗口同宽", self.fit_width)
        self.fit_page_button = self._button("整页", "一页整个看到", self.fit_page)
        self.zoom_out_button = self._button("缩小", "缩小（Ctrl+减号）", self.zoom_out)
        self.zoom_in_button = self._button("放大", "放大（Ctrl+加号）", self.zoom_in)
        for button in (
            self.fit_width_button,
            self.fit_page_button,
            self.zoom_out_button,
            self.zoom_in_button,
        ):
            bar.addWidget(button)
        return bar

    def _button(self, text: str, tip: str, slot: object) -> QPushButton:
        button = QPushButton(self.tr(text))
        button.setToolTip(self.tr(tip))
        button.setAutoDefault(False)
        button.clicked.connect(slot)
        return button

    def _add_keys(self) -> None:
        for keys, slot in (
            (QKeySequence(Qt.Key.Key_PageDown), self.next_page),
            (QKeySequence(Qt.Key.Key_PageUp), self.previous_page),
            (QKeySequence.StandardKey.ZoomIn, self.zoom_in),
            (QKeySequence.StandardKey.ZoomOut, self.zoom_out),
        ):
            QShortcut(keys, self, slot)  # in the whole window, wherever the focus is

    # -- pages -------------------------------------------------------------------------------

    @property
    def current_page(self) -> int:
        """The page shown (from 0)."""
        return self.view.pageNavigator().currentPage()

    def go_to(self, page: int) -> None:
        """Show page ``page`` (from 0) from its top."""
        page = max(0, min(self.page_count - 1, page))
        self.view.pageNavigator().jump(page, QPointF(), self.view.zoomFactor())
        self.view.verticalScrollBar().setValue(self._page_top(page))

    def _page_top(self, page: int) -> int:
        """Where the page begins in the view's scroll range (the view does not say)."""
        zoom, pixels = self.zoom(), self.logicalDpiY() / 72
        heights = sum(self.document.pagePointSize(i).height() for i in range(page))
        spacing = self.view.pageSpacing() * page
        return round(self.view.documentMargins().top() + heights * pixels * zoom + spacing)

    def next_page(self) -> None:
        self.go_to(self.current_page + 1)

    def previous_page(self) -> None:
        self.go_to(self.current_page - 1)

    def _show_page(self, page: int) -> None:
        self.page_label.setText(self.tr("第 {0} 页 / 共 {1} 页").format(page + 1, self.page_count))
        self.previous_button.setEnabled(page > 0)
        self.next_button.setEnabled(page < self.page_count - 1)

    # -- zoom --------------------------------------------------------------------------------

    def fit_width(self) -> None:
        self._set_zoom(QPdfView.ZoomMode.FitToWidth)

    def fit_page(self) -> None:
        self._set_zoom(QPdfView.ZoomMode.FitInView)

    def zoom_in(self) -> None:
        self._zoom(ZOOM_STEP)

    def zoom_out(self) -> None:
        self._zoom(1 / ZOOM_STEP)

    def zoom(self) -> float:
        """The zoom the pages are shown at (1.0: their printed size), in any zoom mode."""
        mode = self.view.zoomMode()
        if mode == QPdfView.ZoomMode.Custom:
            return self.view.zoomFactor()
        size = self.document.pagePointSize(self.current_page) * self.logicalDpiX() / 72
        margins = self.view.documentMargins()
        room = self.view.viewport().size()
        width = (room.width() - margins.left() - margins.right()) / size.width()
        if mode == QPdfView.ZoomMode.FitToWidth:
            return width
        return min(width, (room.height() - margins.top() - margins.bottom()) / size.height())

    def _zoom(self, factor: float) -> None:
        low, high = ZOOM_LIMITS
        self._set_zoom(QPdfView.ZoomMode.Custom, max(low, min(high, self.zoom() * factor)))

    def _set_zoom(self, mode: QPdfView.ZoomMode, factor: float = 1.0) -> None:
        """Zoom, staying on the page shown (the view would keep its scroll position)."""
        page = self.current_page
        self.view.setZoomMode(mode)
        if mode == QPdfView.ZoomMode.Custom:
            self.view.setZoomFactor(factor)
        self.go_to(page)
