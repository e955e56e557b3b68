"""设置 › 显示与账号 › 打印字体: which font the PDF printouts use, by its Chinese name (文泉驿微米黑;
``reports.font_names``). By default one is found on the system (``reports.fonts``); a clerk
whose computer has none, or who prefers another, picks a font file here. The choice is kept in
the program's settings and checked before it is kept. An admin's 详细信息 shows the font's own
(English) name and its file, for whoever has to put the font on another computer."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QFileDialog, QGroupBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout

from jifen_desktop.model.errors import DomainError
from jifen_desktop.reports.fonts import find_font
from jifen_desktop.ui import messages
from jifen_desktop.ui.forms import DONE_STYLE
from jifen_desktop.ui.printouts import FONT_KEY, chosen_font


class PrintFontBox(QGroupBox):
    def __init__(self, *, admin: bool = False) -> None:
        super().__init__(self.tr("打印字体（PDF 公示表、积分卡等）"))
        self.current = QLabel()
        self.current.setWordWrap(True)
        self.details = QLabel()
        self.details.setObjectName("font_details")
        self.details.setWordWrap(True)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details.hide()
        self.details_button = QPushButton(self.tr("详细信息"))
        self.details_button.setCheckable(True)
        self.details_button.setVisible(admin)
        self.details_button.toggled.connect(self.details.setVisible)
        self.choose_button = QPushButton(self.tr("选择字体文件…"))
        self.auto_button = QPushButton(self.tr("自动查找"))
        self.choose_button.clicked.connect(lambda: self.choose())
        self.auto_button.clicked.connect(self.automatic)
        buttons = QHBoxLayout()
        buttons.addWidget(self.choose_button)
        buttons.addWidget(self.auto_button)
        buttons.addWidget(self.details_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.current)
        layout.addWidget(self.details)
        layout.addLayout(buttons)
        self.show_current()

    def show_current(self, note: str = "") -> None:
        """The font the printouts will use now, or what to do when there is none."""
        try:
            font = find_font(chosen_font())
        except DomainError as error:
            self.current.setStyleSheet(messages.ERROR_STYLE)
            self.current.setText(error.message)
            self.details.setText("")
            return
        how = self.tr("自己选的") if chosen_font() else self.tr("自动找到的")
        self.current.setStyleSheet(DONE_STYLE if note else "")
        self.current.setText(note + self.tr("现在用{0}字体：{1}").format(how, font.display_name))
        face = self.tr("，第 {0} 个字体").format(font.subfont + 1) if font.subfont else ""
        self.details.setText(
            self.tr("字体名称：{0}\n字体文件：{1}{2}").format(font.family, font.path, face)
        )

    def choose(self, path: Path | None = None) -> bool:
        """选择字体文件…: kept only if it can print Chinese, digits and letters."""
        if path is None:
            chosen, _ = QFileDialog.getOpenFileName(
                self, self.tr("选择字体文件"), "", self.tr("字体文件 (*.ttf *.ttc *.otf)")
            )
            if not chosen:
                return False
            path = Path(chosen)
        try:
            find_font(path)
        except DomainError as error:
            self.current.setStyleSheet(messages.ERROR_STYLE)
            self.current.setText(error.message)
            return False
        QSettings().setValue(FONT_KEY, str(path))
        self.show_current(self.tr("已保存。"))
        return True

    def automatic(self) -> None:
        """自动查找: forget the chosen file and find one on the system again."""
        QSettings().remove(FONT_KEY)
        self.show_current()
