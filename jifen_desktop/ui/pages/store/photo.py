"""Goods photos on the 积分超市 page: where a good's photo lies in the data folder (kept like
evidence, by its sha256), a label that shows one scaled down, and the dialog field that picks a
jpg or png (with a preview and 移除). The model checks the file (type, size) when the good is
saved; its refusal appears under the field."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from jifen_desktop.model import evidence
from jifen_desktop.model.store import GoodsInfo
from jifen_desktop.ui.context import AppContext
from jifen_desktop.ui.type_size import follow, px

FRAME = "border: 1px solid #c8c8c8; color: #808080; background: #fafafa;"


def tr(text: str) -> str:
    return QCoreApplication.translate("GoodsPhoto", text)


def photo_path(ctx: AppContext, goods: GoodsInfo | None) -> Path | None:
    """The stored photo of ``goods``, or None when it has none (or the file is missing)."""
    if goods is None or not goods.photo_sha256:
        return None
    path = evidence.evidence_path(ctx.ledger.evidence_dir, goods.photo_sha256, goods.photo_name)
    return path if path.is_file() else None


class PhotoView(QLabel):
    """A photo scaled to fit a ``size``×``size`` square, or a grey frame saying there is none."""

    def __init__(self, size: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.size_at_normal, self.box = size, size
        self.path: Path | None = None
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setStyleSheet(FRAME)
        self.setWordWrap(True)
        self.show_photo(None)
        follow(self, self._fit)

    def _fit(self) -> None:
        """As big as the type size asks (the text in the empty frame must fit too)."""
        self.box = px(self.size_at_normal)
        self.setFixedSize(self.box, self.box)
        if self.has_photo():
            self.show_photo(self.path)

    def show_photo(self, path: Path | None, empty: str = "") -> None:
        self.path = path
        pixmap = QPixmap(str(path)) if path else QPixmap()
        if pixmap.isNull():
            self.setPixmap(QPixmap())
            self.setText(tr("无法预览") if path else (empty or tr("无照片")))
            return
        mode = Qt.TransformationMode.SmoothTransformation
        self.setPixmap(pixmap.scaled(self.box, self.box, Qt.AspectRatioMode.KeepAspectRatio, mode))

    def has_photo(self) -> bool:
        return not self.pixmap().isNull()


class PhotoField(QWidget):
    """选择照片… / 移除 with a preview. ``chosen`` is the newly picked file (None: keep)."""

    def __init__(self, current: Path | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.current = current
        self.chosen: Path | None = None
        self.preview = PhotoView(96)
        self.name = QLabel()
        self.name.setWordWrap(True)
        pick = QPushButton(tr("选择照片…"))
        pick.clicked.connect(self.pick)
        self.remove_button = QPushButton(tr("移除"))
        self.remove_button.clicked.connect(self.remove)
        buttons = QHBoxLayout()
        buttons.addWidget(pick)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        side = QVBoxLayout()
        side.addLayout(buttons)
        side.addWidget(self.name, 1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.preview)
        layout.addLayout(side, 1)
        self._show()

    def pick(self) -> None:
        """Ask for a jpg or png with the system's file dialog."""
        name, _ = QFileDialog.getOpenFileName(
            self, tr("选择商品照片"), str(Path.home()), tr("照片 (*.jpg *.jpeg *.png)")
        )
        if name:
            self.set_file(Path(name))

    def set_file(self, path: Path) -> None:
        """Take ``path`` as the new photo (what the file dialog calls)."""
        self.chosen = path
        self._show()

    def remove(self) -> None:
        """Forget the newly picked file; the stored photo (if any) stays."""
        self.chosen = None
        self._show()

    def _show(self) -> None:
        self.remove_button.setEnabled(self.chosen is not None)
        self.preview.show_photo(self.chosen or self.current)
        if self.chosen is not None:
            self.name.setText(tr("新照片：{0}（保存时检查）").format(self.chosen.name))
        elif self.current is not None:
            self.name.setText(tr("现有照片。要换一张，请重新选择。"))
        else:
            self.name.setText(tr("jpg或png，不超过20MB；可不选"))
