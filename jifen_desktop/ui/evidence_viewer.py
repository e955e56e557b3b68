"""看证明材料: an entry's photos and scans one at a time, large and zoomable. The picture opens
fitted to the window; the wheel, + and - zoom (around the mouse), 0 fits again, the mouse drags
a zoomed picture about; ← → (or PageUp/PageDown) go to the previous and next file; Esc closes.
A PDF shows its first page, with 用其他程序打开 for the rest."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QPainter, QPixmap, QResizeEvent, QWheelEvent
from PySide6.QtWidgets import (
    QDialog,
    QGraphicsPixmapItem,
    QGraphicsScene,
    QGraphicsView,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from jifen_desktop.model.entry_evidence import EvidenceItem

from .evidence_images import full_image, missing_text, open_outside, pdf_pages
from .type_size import px

ZOOM_STEP = 1.25
MOST_ZOOM = 8.0  # eight times the photo's own pixels
ZOOM_IN_KEYS = (Qt.Key.Key_Plus, Qt.Key.Key_Equal)
ZOOM_OUT_KEYS = (Qt.Key.Key_Minus, Qt.Key.Key_Underscore)
FIT_KEYS = (Qt.Key.Key_0, Qt.Key.Key_F)
NEXT_KEYS = (Qt.Key.Key_Right, Qt.Key.Key_PageDown, Qt.Key.Key_Space)
PREVIOUS_KEYS = (Qt.Key.Key_Left, Qt.Key.Key_PageUp, Qt.Key.Key_Backspace)
VIEWER_KEYS = frozenset((*ZOOM_IN_KEYS, *ZOOM_OUT_KEYS, *FIT_KEYS, *NEXT_KEYS, *PREVIOUS_KEYS))


class ZoomView(QGraphicsView):
    """One picture, fitted or zoomed; ``zoomed`` says the zoom as a factor of the fit."""

    zoomed = Signal(float)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setScene(QGraphicsScene(self))
        self.picture = QGraphicsPixmapItem()
        self.picture.setTransformationMode(Qt.TransformationMode.SmoothTransformation)
        self.scene().addItem(self.picture)
        self.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setResizeAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.setBackgroundBrush(Qt.GlobalColor.darkGray)
        self.fitting = True

    def show_picture(self, pixmap: QPixmap) -> None:
        self.picture.setPixmap(pixmap)
        self.scene().setSceneRect(self.picture.boundingRect())
        self.fit()

    def fit(self) -> None:
        """The whole picture in the window (never blown up past its own size)."""
        self.fitting = True
        self.resetTransform()
        rect = self.picture.boundingRect()
        if rect.isEmpty():
            return
        view = self.viewport().rect()
        if rect.width() > view.width() or rect.height() > view.height():
            self.fitInView(self.picture, Qt.AspectRatioMode.KeepAspectRatio)
        self.zoomed.emit(self.transform().m11())

    def zoom(self, factor: float, *, at_mouse: bool = False) -> None:
        """Zoom by ``factor`` around the middle of the window (the wheel: around the mouse)."""
        scale = self.transform().m11()
        factor = max(min(factor, MOST_ZOOM / scale), self._least_scale() / scale)
        self.fitting = False
        self.setTransformationAnchor(
            QGraphicsView.ViewportAnchor.AnchorUnderMouse
            if at_mouse
            else QGraphicsView.ViewportAnchor.AnchorViewCenter
        )
        self.scale(factor, factor)
        self.zoomed.emit(self.transform().m11())

    def _least_scale(self) -> float:
        """Zooming out stops at a quarter of the fitted size."""
        rect, view = self.picture.boundingRect(), self.viewport().rect()
        if rect.isEmpty():
            return 1.0
        return min(1.0, view.width() / rect.width(), view.height() / rect.height()) / 4

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802 - Qt override
        steps = event.angleDelta().y() / 120
        if steps:
            self.zoom(ZOOM_STEP**steps, at_mouse=True)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        if event.key() in VIEWER_KEYS:
            event.ignore()  # the viewer's keys, not scrolling: they go on to the dialog
        else:
            super().keyPressEvent(event)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        if self.fitting:
            self.fit()


class EvidenceViewer(QDialog):
    """The files of one entry, starting at ``start``; ``title`` names the entry."""

    def __init__(
        self,
        items: Sequence[EvidenceItem],
        start: int = 0,
        title: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.items = list(items)
        self.index = -1
        self.entry_title = title
        self.view = ZoomView()
        self.view.zoomed.connect(self._show_zoom)
        self.caption = QLabel()
        self.caption.setWordWrap(True)
        self.zoom_label = QLabel()
        layout = QVBoxLayout(self)
        layout.addWidget(self.caption)
        layout.addWidget(self.view, 1)
        layout.addLayout(self._buttons())
        self.view.setFocus()
        screen = self.screen().availableGeometry()
        self.resize(int(screen.width() * 0.85), int(screen.height() * 0.9))
        self.go(start)

    def _buttons(self) -> QHBoxLayout:
        def button(text: str, slot: object) -> QPushButton:
            made = QPushButton(text)
            made.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the keys stay with the picture
            made.clicked.connect(slot)
            bar.addWidget(made)
            return made

        bar = QHBoxLayout()
        self.previous_button = button(self.tr("← 上一张"), lambda: self.go(self.index - 1))
        self.next_button = button(self.tr("下一张 →"), lambda: self.go(self.index + 1))
        bar.addSpacing(px(12))
        button(self.tr("缩小（-）"), lambda: self.view.zoom(1 / ZOOM_STEP))
        button(self.tr("放大（+）"), lambda: self.view.zoom(ZOOM_STEP))
        button(self.tr("适合窗口（0）"), self.view.fit)
        bar.addWidget(self.zoom_label)
        bar.addStretch(1)
        self.outside_button = button(self.tr("用其他程序打开…"), self.open_outside)
        button(self.tr("关闭（Esc）"), self.reject)
        return bar

    @property
    def current(self) -> EvidenceItem:
        return self.items[self.index]

    def go(self, index: int) -> None:
        """Show file ``index`` (the first after the last, the last before the first)."""
        if not self.items:
            return
        self.index = index % len(self.items)
        item = self.current
        image = full_image(item)
        self.view.show_picture(QPixmap.fromImage(image))
        self.caption.setText(self._caption(item, image.isNull()))
        many = len(self.items) > 1
        self.previous_button.setEnabled(many)
        self.next_button.setEnabled(many)
        self.setWindowTitle(
            self.tr("证明材料 {0}/{1}：{2}").format(self.index + 1, len(self.items), item.file_name)
        )

    def _caption(self, item: EvidenceItem, unseen: bool) -> str:
        where = self.tr("第 {0} 张，共 {1} 张：{2}").format(
            self.index + 1, len(self.items), item.file_name
        )
        parts = [self.entry_title, where, self._shown_note(item, unseen)]
        return "　".join(part for part in parts if part)

    def _shown_note(self, item: EvidenceItem, unseen: bool) -> str:
        """What the window cannot show of the file: it is missing, unreadable, or more pages."""
        if not item.present:
            return missing_text(item)
        if unseen:
            return self.tr("这种文件本程序显示不了，请点“用其他程序打开”。")
        if item.is_pdf and (pages := pdf_pages(item)) > 1:
            return self.tr("这里显示第 1 页（共 {0} 页），其余请点“用其他程序打开”。").format(pages)
        return ""

    def _show_zoom(self, scale: float) -> None:
        self.zoom_label.setText(self.tr("{0:.0f}%").format(scale * 100))

    def open_outside(self) -> None:
        if self.items:
            open_outside(self, self.current)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        key = event.key()
        if key in ZOOM_IN_KEYS:
            self.view.zoom(ZOOM_STEP)
        elif key in ZOOM_OUT_KEYS:
            self.view.zoom(1 / ZOOM_STEP)
        elif key in FIT_KEYS:
            self.view.fit()
        elif key in NEXT_KEYS:
            self.go(self.index + 1)
        elif key in PREVIOUS_KEYS:
            self.go(self.index - 1)
        else:
            super().keyPressEvent(event)
