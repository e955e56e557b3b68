"""导入同步包: choose one or many .jfb files; each is checked and dry-run first, and a summary
(来源, 新增, 更新, 未变, 本机较新, 冲突, and where each file stands) waits for 确认导入. A file
refused says why on its line, in red; the others go on."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from jifen_desktop.ui.context import AppContext
from jifen_desktop.ui.forms import DONE_STYLE, hint

from ..base import Page
from .import_rows import HEADERS, STATUS_COLUMN, TROUBLE
from .import_run import ImportRun
from .texts import rows_table, show_rows

FOLDER_KEY = "sync/import_folder"
TROUBLE_COLOUR = QColor("#b00020")


class ImportSection(Page):
    key = "sync_import"
    title_text = "导入同步包"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.run: ImportRun | None = None
        self.choose_button = QPushButton(self.tr("选择同步包…"))
        self.choose_button.setObjectName("choose")
        self.choose_button.clicked.connect(self.choose)
        self.table = rows_table([self.tr(h) for h in HEADERS], STATUS_COLUMN, "summary")
        self.message = QLabel()
        self.message.setObjectName("import_message")
        self.message.setWordWrap(True)
        self.confirm_button = QPushButton()
        self.confirm_button.setObjectName("confirm")
        self.confirm_button.clicked.connect(self.confirm)
        self.discard_button = QPushButton(self.tr("放弃，不导入"))
        self.discard_button.setObjectName("discard")
        self.discard_button.clicked.connect(self.discard)
        top = QHBoxLayout()
        top.addWidget(self.choose_button)
        top.addWidget(hint(self._explanation()), 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.message, 1)
        bottom.addWidget(self.confirm_button)
        bottom.addWidget(self.discard_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)
        self._offer_confirm(False)

    def _explanation(self) -> str:
        return self.tr(
            "可以一次选多个同步包。每个包先核对签名并试算，列出会新增、更新多少条记录，"
            "您确认后才真正导入；有问题的包会写明原因，不影响其他包。"
        )

    def choose(self) -> None:
        start = str(QSettings().value(FOLDER_KEY, "")) or str(Path.home())
        chosen, _ = QFileDialog.getOpenFileNames(
            self, self.tr("选择同步包"), start, self.tr("同步包 (*.jfb)")
        )
        if chosen:
            QSettings().setValue(FOLDER_KEY, str(Path(chosen[0]).parent))
            self.start([Path(p) for p in chosen])

    def start(self, paths: list[Path]) -> None:
        """Check and dry-run ``paths`` one after another; the summary waits for 确认导入."""
        run = self.run = ImportRun(self.ctx, paths, self)
        run.updated.connect(self._show_rows)
        run.checked.connect(self._checked)
        run.finished.connect(self._finished)
        self.choose_button.setEnabled(False)
        self._offer_confirm(False)
        self.message.setStyleSheet("")
        self.message.setText(self.tr("正在核对……"))
        self._show_rows()
        run.start()

    def _show_rows(self) -> None:
        if self.run is None:
            return
        show_rows(self.table, [r.cells() for r in self.run.rows])
        for i, row in enumerate(self.run.rows):
            if row.state in TROUBLE:
                self._mark_trouble(i, row.message)

    def _mark_trouble(self, row: int, message: str) -> None:
        """A bundle in trouble: its 情况 in red, the whole reason on hover."""
        item = self.table.item(row, STATUS_COLUMN)
        assert item is not None
        item.setForeground(TROUBLE_COLOUR)
        item.setToolTip(message)

    def _checked(self) -> None:
        assert self.run is not None
        ready = self.run.count("ready")
        self.choose_button.setEnabled(ready == 0)
        if ready:
            self.message.setText(
                self.tr("以上是试算的结果，本库还没有任何改动。确认无误后点“确认导入”。")
            )
            self.confirm_button.setText(self.tr("确认导入（{0} 个包）").format(ready))
        else:
            self.message.setText(self.tr("没有可以导入的同步包，原因见“情况”一栏。"))
        self._offer_confirm(bool(ready))

    def confirm(self) -> None:
        if self.run is not None:
            self._offer_confirm(False)
            self.message.setText(self.tr("正在导入……"))
            self.run.confirm()

    def discard(self) -> None:
        if self.run is not None:
            _cancel_ready(self.run)
            self._show_rows()
        self._offer_confirm(False)
        self.choose_button.setEnabled(True)
        self.message.setText(self.tr("已放弃，本库没有任何改动。"))

    def _finished(self) -> None:
        assert self.run is not None
        self.choose_button.setEnabled(True)
        imported = self.run.count("imported")
        trouble = sum(self.run.count(s) for s in TROUBLE)
        self.message.setStyleSheet(DONE_STYLE if imported and not trouble else "")
        self.message.setText(self._finished_text(imported, trouble))

    def _finished_text(self, imported: int, trouble: int) -> str:
        text = self.tr("导入完成：{0} 个同步包已导入。").format(imported)
        if trouble:
            text += self.tr("{0} 个没有导入，原因见“情况”一栏。").format(trouble)
        return text

    def _offer_confirm(self, shown: bool) -> None:
        self.confirm_button.setVisible(shown)
        self.discard_button.setVisible(shown)


def _cancel_ready(run: ImportRun) -> None:
    """放弃: every bundle checked and waiting for 确认导入 is let go."""
    for row in run.rows:
        if row.state == "ready":
            row.cancelled()
