"""An entry's evidence as a wrapping row of thumbnails, read on a worker thread so that arrowing
through a month of entries with 5 MB phone photos never waits for them: each shows as soon as
it is read, at once when read before. A PDF shows its first page, marked PDF; a file the
program cannot show is a button that opens it in the computer's own program; a lost one says
so. A click asks for the file large (``open_requested``). Nothing here takes the keyboard
focus: the reviewer's keys stay with the list."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QObject, QRect, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtGui import QIcon, QImage, QPainter, QPixmap
from PySide6.QtWidgets import QToolButton, QVBoxLayout, QWidget

from jifen_desktop.model.entry_evidence import EvidenceItem
from jifen_desktop.ui.evidence_images import open_outside, thumbnail
from jifen_desktop.ui.flow_layout import FlowLayout
from jifen_desktop.ui.forms import GREY, hint

from .pending_model import DEDUCTION

THUMB = 110  # a thumbnail's side (a picture: the same at every type size, two fit at 特大)
CACHED = 200  # thumbnails kept (about 10 KB each)


def marked(image: QImage, text: str = "PDF") -> QImage:
    """The picture with ``text`` on a red band at its foot (a PDF's first page)."""
    copy = image.convertToFormat(QImage.Format.Format_ARGB32)
    painter = QPainter(copy)
    band = QRect(0, copy.height() - 20, copy.width(), 20)
    painter.fillRect(band, DEDUCTION)
    painter.setPen(Qt.GlobalColor.white)
    painter.drawText(band, Qt.AlignmentFlag.AlignCenter, text)
    painter.end()
    return copy


class _Delivery(QObject):
    """Carries a read thumbnail from the worker to the strip (a queued signal). Owned by the
    job as well as the strip, so a strip closed while reading loses nothing but the result."""

    read = Signal(int, int, str, QImage)  # the showing's number, the file's place, sha256, image


class _ReadThumbnails(QRunnable):
    def __init__(self, files: list[tuple[int, EvidenceItem]], showing: int, out: _Delivery):
        super().__init__()
        self.files, self.showing, self.out = files, showing, out

    def run(self) -> None:
        for index, item in self.files:
            self.out.read.emit(self.showing, index, item.sha256, thumbnail(item, THUMB))


class PhotoStrip(QWidget):
    """The thumbnails of the files shown (``show_items``)."""

    open_requested = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.items: list[EvidenceItem] = []
        self.buttons: list[QToolButton] = []
        self._images: dict[int, QImage] = {}  # of the files shown, by place
        self._cache: dict[str, QImage] = {}  # by sha256
        self._showing = 0
        self._delivery = _Delivery()
        self._delivery.read.connect(self._read)
        self.flow = FlowLayout()
        self.hint = hint("")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self.flow)
        layout.addWidget(self.hint)

    def show_items(self, items: Sequence[EvidenceItem], hint_text: str) -> None:
        self._showing += 1
        self.items, self._images = list(items), {}
        for button in self.buttons:
            self.flow.removeWidget(button)
            button.hide()  # gone now, deleted when the event loop comes round
            button.deleteLater()
        self.buttons = [self._button(index, item) for index, item in enumerate(self.items)]
        self.hint.setText(hint_text)
        unread = []
        for index, item in enumerate(self.items):
            if item.sha256 in self._cache:
                self._show(index, self._cache[item.sha256])
            else:
                unread.append((index, item))
        if unread:
            job = _ReadThumbnails(unread, self._showing, self._delivery)
            QThreadPool.globalInstance().start(job)

    def loading(self) -> bool:
        """Whether some thumbnail is still being read."""
        return len(self._images) < len(self.items)

    def _button(self, index: int, item: EvidenceItem) -> QToolButton:
        button = QToolButton()
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        button.setAutoRaise(True)
        button.setMinimumSize(THUMB, THUMB)
        button.setText(self.tr("读取中…"))
        button.setToolTip(
            self.tr("{0}（{1} KB）").format(item.file_name, max(1, item.size // 1024))
        )
        button.setStyleSheet(f"QToolButton {{ border: 1px solid {GREY}; }}")
        button.clicked.connect(lambda: self._clicked(index))
        self.flow.addWidget(button)
        button.show()  # now, not when the event loop comes round
        return button

    def _read(self, showing: int, index: int, sha256: str, image: QImage) -> None:
        if len(self._cache) >= CACHED:
            self._cache.clear()
        self._cache[sha256] = image
        if showing == self._showing:
            self._show(index, image)

    def _show(self, index: int, image: QImage) -> None:
        """The thumbnail, or what the button does instead."""
        self._images[index] = image
        button, item = self.buttons[index], self.items[index]
        if image.isNull():
            button.setText(
                self.tr("打开\n{0}文件").format(item.suffix.lstrip(".").upper())
                if item.present
                else self.tr("文件\n不见了")
            )
            return
        button.setText("")
        button.setIcon(QIcon(QPixmap.fromImage(marked(image) if item.is_pdf else image)))
        button.setIconSize(image.size())

    def _clicked(self, index: int) -> None:
        image, item = self._images.get(index), self.items[index]
        if image is not None and image.isNull() and item.present:
            open_outside(self, item)  # a kind this program cannot show
        else:
            self.open_requested.emit(index)
