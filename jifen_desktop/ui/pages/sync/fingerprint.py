"""登记密钥: before this database accepts bundles from another computer, the clerk phones the
other side and compares the fingerprint shown here in large digits with the one on their
screen. Only a yes enrols the key (``enrol_shown``); a no changes nothing."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from jifen_desktop.sync import SyncService
from jifen_desktop.sync.peers import KIND_NAMES, PeerInfo
from jifen_desktop.sync.service import BundleInfo
from jifen_desktop.ui.context import AppContext
from jifen_desktop.ui.forms import hint
from jifen_desktop.ui.type_size import px

from .texts import enlarge

WARNING = "color: #9a5b00;"


class FingerprintDialog(QDialog):
    """Asks whether the fingerprint of the bundle's key matches the other side's screen.
    Not modal to the caller's code: ``accepted`` / ``rejected`` say the answer."""

    def __init__(self, info: BundleInfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.info = info
        self.setWindowTitle(self.tr("登记密钥"))
        intro = self._intro(info)
        source = info.source
        self.source_name = enlarge(
            QLabel(f"{source.get('name', '')}（{source.get('code', '')}）"), 1.4
        )
        self.source_name.setObjectName("source_name")
        self.fingerprint = enlarge(QLabel(info.fingerprint), 2.2)
        self.fingerprint.setObjectName("fingerprint")
        question = enlarge(QLabel(self.tr("与对方电脑上显示的指纹一致吗？")), 1.3)
        buttons = self._answer_buttons()
        self._lay_out(intro, question, self._warning(), buttons)
        self.setMinimumWidth(px(560))

    def _intro(self, info: BundleInfo) -> QLabel:
        """Which bundle, and what kind of database it came from."""
        kind = KIND_NAMES.get(str(info.source.get("mode", "")), "")
        intro = QLabel(self.tr("同步包 {0} 来自{1}：").format(info.path.name, kind))
        intro.setWordWrap(True)
        return intro

    def _answer_buttons(self) -> QHBoxLayout:
        """一致 (enrols) and 不一致 (the default: Enter enrols nothing), at the right."""
        self.yes_button = QPushButton(self.tr("一致，登记密钥"))
        self.yes_button.setObjectName("yes")
        self.no_button = QPushButton(self.tr("不一致，不登记"))
        self.no_button.setObjectName("no")
        self.no_button.setDefault(True)
        self.yes_button.clicked.connect(self.accept)
        self.no_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.yes_button)
        buttons.addWidget(self.no_button)
        return buttons

    def _warning(self) -> QLabel:
        warning = QLabel(
            self.tr(
                "不一致时千万不要登记：这个包可能不是对方导出的，或在路上被人改过。"
                "请让对方重新导出，或报告乡镇办。"
            )
        )
        warning.setWordWrap(True)
        warning.setStyleSheet(WARNING)
        return warning

    def _lay_out(
        self, intro: QLabel, question: QLabel, warning: QLabel, buttons: QHBoxLayout
    ) -> None:
        """Top to bottom: the bundle, its source, how to compare, the fingerprint, the question,
        the warning and the answers."""
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.source_name)
        layout.addWidget(
            hint(
                self.tr(
                    "本机还没有登记它的密钥。请打电话给对方，请对方打开“同步”页，"
                    "念出“本机密钥指纹”，与下面这串数字逐组核对："
                )
            )
        )
        layout.addWidget(self.fingerprint)
        layout.addWidget(question)
        layout.addWidget(warning)
        layout.addLayout(buttons)


def enrol_shown(ctx: AppContext, path: Path) -> PeerInfo:
    """Enrol the key that signed ``path``, the user having confirmed its fingerprint on screen."""
    return ctx.apply(SyncService(ctx.ledger).enrol(path, trust=True))
