"""导出同步包: choose a USB stick (offered when plugged in) or a folder, 全部导出 and 包含证明照片
(a township may attach a rule template), write the bundle on a worker with progress and a cancel
button, then say which file it is, how big, how many records, and where to carry it."""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from jifen_desktop.sync import SyncService
from jifen_desktop.sync.export import ExportResult
from jifen_desktop.ui.background import Progress, run_in_background
from jifen_desktop.ui.context import AppContext
from jifen_desktop.ui.forms import DONE_STYLE, hint, row
from jifen_desktop.ui.type_size import px

from ..base import Page
from .drives import removable_drives
from .texts import size_text

FOLDER_KEY = "sync/export_folder"


class ExportSection(Page):
    key = "sync_export"
    title_text = "导出同步包"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.result: ExportResult | None = None
        self.target = QComboBox()
        self.target.setObjectName("target")
        self.target.setMinimumWidth(px(460))
        choose = QPushButton(self.tr("选择文件夹…"))
        choose.clicked.connect(self.choose_folder)
        self.find_button = QPushButton(self.tr("重新查找U盘"))
        self.find_button.setObjectName("find_drives")
        self.find_button.clicked.connect(self.find_drives)
        self.no_drive = hint("")
        self.no_drive.setObjectName("no_drive")
        self.full = QCheckBox(self.tr("全部导出（不论对方收到过什么，带上全部记录）"))
        self.full.setObjectName("full")
        self.evidence = QCheckBox(self.tr("包含证明照片（文件会大一些）"))
        self.evidence.setObjectName("evidence")
        self.template = QLineEdit()
        self.template.setObjectName("template")
        self.template.setPlaceholderText(self.tr("不附模板时留空"))
        self.export_button = QPushButton(self.tr("导出同步包"))
        self.export_button.setObjectName("export")
        self.export_button.setMinimumHeight(self.fontMetrics().height() * 2 + 8)
        self.export_button.setMinimumWidth(self.fontMetrics().horizontalAdvance("导出同步包") * 2)
        self.export_button.clicked.connect(self.export)
        self.done_line = QLabel()
        self.done_line.setObjectName("export_done")
        self.done_line.setWordWrap(True)
        self.done_line.setStyleSheet(DONE_STYLE)
        form = QFormLayout()
        form.addRow(self.tr("保存到"), row(self.target, choose, self.find_button, None))
        form.addRow("", self.no_drive)
        if ctx.township:
            pick = QPushButton(self.tr("选择模板…"))
            pick.clicked.connect(self.choose_template)
            form.addRow(self.tr("积分细则模板"), row(self.template, pick))
        else:
            form.addRow("", self.full)
            form.addRow("", self.evidence)
        layout = QVBoxLayout(self)
        layout.addWidget(hint(self._explanation()))
        layout.addLayout(form)
        buttons = QHBoxLayout()
        buttons.addWidget(self.export_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        layout.addWidget(self.done_line)
        layout.addStretch(1)
        self._fill_targets()

    def _explanation(self) -> str:
        if self.ctx.township:
            return self.tr(
                "回执包告诉各村乡镇已经收到了什么，各村下次只需导出其余的部分。"
                "插上U盘，选好位置，点“导出同步包”。"
            )
        return self.tr(
            "同步包是一个 .jfb 文件，装着乡镇还没有收到的本村记录，签有本机的密钥，"
            "别人改不了。插上U盘，选好位置（没有列出U盘时点“选择文件夹…”），点“导出同步包”。"
        )

    # -- where -------------------------------------------------------------------------------

    def _fill_targets(self, chosen: Path | None = None) -> None:
        self.target.clear()
        drives = removable_drives()
        for drive in drives:
            self.target.addItem(drive.label, str(drive.path))
            self.target.setItemData(
                self.target.count() - 1, str(drive.path), Qt.ItemDataRole.ToolTipRole
            )
        last = chosen or Path(str(QSettings().value(FOLDER_KEY, "")) or ".")
        if str(last) != "." and self.target.findData(str(last)) < 0:
            self.target.addItem(str(last), str(last))
        if chosen is not None:
            self.target.setCurrentIndex(self.target.findData(str(chosen)))
        self.export_button.setEnabled(self.target.count() > 0)
        self._say_no_drive(not drives)

    def _say_no_drive(self, none: bool) -> None:
        """保存到 with no stick plugged in: where the bundle goes now, and how to get the stick
        listed."""
        if not none:
            self.no_drive.hide()
            return
        if self.target.count():
            text = self.tr(
                "没有找到U盘，同步包会存到上面的文件夹。要存到U盘：插上U盘，稍等几秒，"
                "点“重新查找U盘”。"
            )
        else:
            text = self.tr(
                "没有找到U盘。请插上U盘，稍等几秒，点“重新查找U盘”；"
                "或点“选择文件夹…”，先存到这台电脑上的文件夹里。"
            )
        self.no_drive.setText(text)
        self.no_drive.show()

    def find_drives(self) -> None:
        """重新查找U盘: a stick plugged in since is listed (and chosen when it is the only one)."""
        current = self.target.currentData()
        before = {self.target.itemData(i) for i in range(self.target.count())}
        self._fill_targets(Path(current) if current else None)
        new = [d for d in removable_drives() if str(d.path) not in before]
        if len(new) == 1:
            self.target.setCurrentIndex(self.target.findData(str(new[0].path)))

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt override
        """A stick plugged in since shows up when the tab is shown again."""
        current = self.target.currentData()
        self._fill_targets(Path(current) if current else None)
        super().showEvent(event)

    def set_folder(self, folder: Path) -> None:
        """Save into ``folder`` (chosen in the dialog, or by a test)."""
        QSettings().setValue(FOLDER_KEY, str(folder))
        self._fill_targets(folder)

    def choose_folder(self) -> None:
        start = self.target.currentData() or str(Path.home())
        chosen = QFileDialog.getExistingDirectory(
            self, self.tr("选择保存同步包的文件夹或U盘"), start
        )
        if chosen:
            self.set_folder(Path(chosen))

    def choose_template(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(
            self, self.tr("选择积分细则模板"), str(Path.home()), self.tr("模板 (*.json)")
        )
        if chosen:
            self.template.setText(chosen)

    # -- writing -----------------------------------------------------------------------------

    def export(self) -> None:
        folder = Path(self.target.currentData())
        full, evidence = self.full.isChecked(), self.evidence.isChecked()
        template = Path(self.template.text().strip()) if self.template.text().strip() else None
        service = SyncService(self.ctx.ledger)
        self.done_line.clear()

        def work(progress: Progress, cancel: threading.Event) -> ExportResult:
            return service.export(
                folder,
                full=full,
                evidence=evidence,
                template=template,
                progress=progress,
                cancelled=cancel.is_set,
            )

        run_in_background(self, self.tr("导出同步包"), work, self._done)

    def _done(self, result: ExportResult) -> None:
        self.result = result
        where = self.tr(
            "请把这个文件拷给各村，在村里电脑的“同步 › 导入同步包”里导入。"
            if self.ctx.township
            else "请把这个文件带到乡镇办，在乡镇的电脑上导入。"
        )
        photos = (
            self.tr("，证明照片 {0} 张").format(result.evidence_files)
            if result.evidence_files
            else ""
        )
        self.done_line.setText(
            self.tr("已导出：{0}\n{1}，{2}，{3} 条记录{4}，保存在 {5}。\n").format(
                result.path.name,
                size_text(result.size),
                self.tr("全部记录") if result.full else self.tr("对方还没收到的记录"),
                result.total_rows,
                photos,
                result.path.parent,
            )
            + where
        )
