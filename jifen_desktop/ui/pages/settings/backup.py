"""设置 › 备份与恢复 (admins; a township database's too): the backups in the data folder's
backups/ (date, kind, size, village or township), 立即备份, 备份到U盘或文件夹… (with the evidence
photos), and 从备份恢复… (the picked backup, or a file chosen elsewhere), each off the GUI
thread with progress and cancel.

A restore asks first, naming the backup's date and what is lost; when it is done the program
closes and the clerk opens it again: every page holds what it read from the old ledger, and a
fresh start (log-in included, since the operators may differ) is the clean way to drop it.

A ledger on a PostgreSQL server gets ``backup_server.ServerBackupSection`` instead (pg_dump)."""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtWidgets import QWidget

from jifen_desktop.model.backup.files import BackupInfo, describe, size_text
from jifen_desktop.model.backup.restore import OtherVillageBackup
from jifen_desktop.model.backup.service import (
    BackupResult,
    BackupService,
    RestoreResult,
    backups_dir,
)
from jifen_desktop.model.errors import Cancelled
from jifen_desktop.ui import messages
from jifen_desktop.ui.background import Progress, run_in_background
from jifen_desktop.ui.context import AppContext

from .backup_list import BackupListSection


class BackupSection(BackupListSection):
    file_filter = "积分台账备份 (*.sqlite3.xz *.sqlite3)"

    def __new__(cls, ctx: AppContext, parent: QWidget | None = None) -> BackupSection:
        """A ledger on a database server has its own section (pg_dump files): ``backup_server``."""
        if cls is BackupSection and ctx.ledger.on_server:
            from .backup_server import ServerBackupSection

            return ServerBackupSection(ctx, parent)  # type: ignore[return-value]
        return super().__new__(cls)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        self.service = BackupService(ctx.ledger)
        super().__init__(ctx, parent)

    def note_text(self) -> str:
        return self.tr(
            "每天第一次打开程序时自动备份一次（压缩保存），保留最近7天、4周、12个月各一份，"
            "总共不超过台账大小的2.5倍（超出时先删最旧的）；升级程序和"
            "从备份恢复之前也会自动备份。备份在 {0}。电脑坏了备份也就没了：请常用"
            "“备份到U盘或文件夹…”另存一份（连同证明材料照片），U盘放在别处。"
        ).format(backups_dir(self.ctx.ledger.folder))

    def listed(self) -> list[BackupInfo]:
        return self.service.list()

    # -- backing up ---------------------------------------------------------------------------

    def run_backup(self, folder: Path | None) -> None:
        service = self.service

        def work(progress: Progress, cancel: threading.Event) -> BackupResult:
            return service.backup(folder, progress=progress, cancel=cancel).value

        run_in_background(self, self.tr("正在备份…"), work, self._backed_up)

    def _backed_up(self, result: BackupResult) -> None:
        text = self.tr("已备份：{0}（{1}）").format(
            result.backup.path, size_text(result.backup.size)
        )
        if result.backup.path.parent != backups_dir(self.ctx.ledger.folder):
            text += self.tr("，新复制证明材料照片 {0} 个").format(result.evidence_copied)
        self.done_line.setText(text + self.tr("。"))
        self.refresh()

    # -- restoring ----------------------------------------------------------------------------

    def restore_path(self, path: Path) -> None:
        self.restore(describe(path))

    def restore(self, backup: BackupInfo) -> None:
        village = backup.village_name or backup.village_code or self.tr("村名读不出")
        question = self.tr(
            "用 {0} 的{1}备份（{2}，{3}）替换现在的台账？\n\n"
            "这个时间之后录入、审核、兑换的内容都会被换掉。现在的台账会先另存为“恢复前”备份，"
            "需要时还能恢复回去。\n\n恢复完成后程序会关闭，请再打开。"
        ).format(
            f"{backup.made_at:%Y年%m月%d日 %H:%M}",
            self.tr(backup.kind_name),
            village,
            size_text(backup.size),
        )
        if messages.confirm(self, self.tr("从备份恢复"), question):
            self._run_restore(backup.path, other_village=False)

    def _run_restore(self, path: Path, *, other_village: bool) -> None:
        service = self.service

        def work(progress: Progress, cancel: threading.Event) -> RestoreResult:
            return service.restore(
                path, other_village=other_village, progress=progress, cancel=cancel
            )

        run_in_background(
            self,
            self.tr("正在从备份恢复…"),
            work,
            self._restored,
            lambda error: self._restore_failed(path, error),
        )

    def _restore_failed(self, path: Path, error: BaseException) -> None:
        if isinstance(error, Cancelled):
            return
        if isinstance(error, OtherVillageBackup):
            question = self.tr(
                "这个备份是{0}的，现在的台账是{1}的。\n\n仍要用它替换现在的台账吗？"
            ).format(error.backup.label, error.current.label)
            if messages.confirm(self, self.tr("别村的备份"), question):
                self._run_restore(path, other_village=True)
            return
        messages.show_error(self, error)

    def _restored(self, result: RestoreResult) -> None:
        lines = [
            self.tr("已恢复：{0} 户，{1} 条积分记录。").format(result.households, result.entries)
        ]
        if result.kept is not None:
            lines.append(self.tr("换下来的台账另存为：{0}").format(result.kept.path))
        if result.renewal is not None:
            lines.append(
                self.tr(
                    "恢复后这台电脑以新的编号（{0}）继续记账，签名的密钥不变：以后的记录不会和"
                    "恢复前已经发给乡镇或别的电脑的记录混在一起，照常导出同步包即可。"
                ).format(result.renewal.new[-8:])
            )
        lines.append(self.tr("程序现在关闭，请重新打开积分台账并登录。"))
        messages.inform(self, self.tr("恢复完成"), "\n\n".join(lines))
        self.close_program()
