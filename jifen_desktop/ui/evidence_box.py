"""The evidence photos of the entry being typed: a list to add to by file dialog or by dropping
files, and to remove one from (button or Delete). Only photos and PDFs that exist are taken."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMimeData, Qt, QUrl
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from jifen_desktop.model.evidence import ALLOWED_SUFFIXES
from jifen_desktop.ui.forms import GREY


def image_paths(urls: list[QUrl]) -> list[Path]:
    """The local files among dropped URLs."""
    return [Path(u.toLocalFile()) for u in urls if u.isLocalFile()]


class EvidenceBox(QGroupBox):
    """The evidence photos of the entry being typed: add by file dialog, remove one."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("证明材料（照片、扫描件）"))
        self.files = QListWidget()
        self.files.setObjectName("evidence_files")
        self.files.setMaximumHeight(7 * self.fontMetrics().height())  # room for the table below
        self.add_button = QPushButton(self.tr("添加照片…"))
        self.remove_button = QPushButton(self.tr("移除选中"))
        self.add_button.clicked.connect(self.choose)
        self.remove_button.clicked.connect(self.remove_selected)
        self.files.currentRowChanged.connect(self._update_buttons)
        delete = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.files)
        delete.setContext(Qt.ShortcutContext.WidgetShortcut)
        delete.activated.connect(self.remove_selected)
        hint = QLabel(self.tr("也可以把照片文件直接拖到本页"))
        hint.setStyleSheet(f"color: {GREY};")
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch()
        layout = QVBoxLayout(self)
        layout.addWidget(self.files, 1)
        layout.addLayout(buttons)
        layout.addWidget(hint)
        self._update_buttons()

    def paths(self) -> tuple[Path, ...]:
        return tuple(
            Path(self.files.item(i).data(Qt.ItemDataRole.UserRole))
            for i in range(self.files.count())
        )

    def add(self, paths: list[Path]) -> list[Path]:
        """Add the photos among ``paths``; returns the ones refused (not a photo or PDF)."""
        have = set(self.paths())
        refused = []
        for path in paths:
            if path.suffix.lower() not in ALLOWED_SUFFIXES or not path.is_file():
                refused.append(path)
            elif path not in have:
                have.add(path)
                self.files.addItem(path.name)
                item = self.files.item(self.files.count() - 1)
                item.setData(Qt.ItemDataRole.UserRole, str(path))
                item.setToolTip(str(path))
        self._update_buttons()
        return refused

    def choose(self) -> None:
        patterns = " ".join(f"*{s}" for s in sorted(ALLOWED_SUFFIXES))
        names, _ = QFileDialog.getOpenFileNames(
            self, self.tr("选择证明材料"), "", self.tr("照片或PDF ({0})").format(patterns)
        )
        self.add([Path(n) for n in names])

    def remove_selected(self) -> None:
        row = self.files.currentRow()
        if row >= 0:
            self.files.takeItem(row)
        self._update_buttons()

    def clear(self) -> None:
        self.files.clear()
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.remove_button.setEnabled(self.files.currentRow() >= 0)

    # -- drag and drop (the page the box sits on takes the drop and hands it here) -------------

    @staticmethod
    def takes(mime: QMimeData) -> bool:
        """Whether a drag carries at least one file that looks like a photo or PDF."""
        return any(p.suffix.lower() in ALLOWED_SUFFIXES for p in image_paths(mime.urls()))

    def drop(self, mime: QMimeData) -> str:
        """Add the dropped photos; the refusal to show for the other files ("" when none)."""
        refused = self.add(image_paths(mime.urls()))
        if not refused:
            return ""
        return self.tr("这些文件不是照片或PDF，没有添加：{0}").format(
            "、".join(p.name for p in refused)
        )
