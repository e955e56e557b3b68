"""设置 › 备份与恢复 when the ledger is on a PostgreSQL server (a township or county that chose
连接乡镇/县服务器): the ``pg_dump`` files in the data folder's backups/ (``model.pg_backup``, the
services ``jifen backup`` / ``jifen restore`` use), 立即备份 and 备份到U盘或文件夹… (a dump, on a
worker with progress), and 从备份恢复… / 从其他位置恢复… (admins; the confirmation says what
happens to the clerks working at the time; the ledger replaced is dumped first).

The file-only parts do not apply and are said not to: no daily copy or rotation (nightly dumps
are scheduled on the server by the county IT office, docs/sync.md), and no evidence photos in a
dump (they stay on each clerk's computer). After a restore the program closes, as after a file
restore: every page holds what it read from the old ledger."""

from __future__ import annotations

import contextlib
import threading
from pathlib import Path

from PySide6.QtWidgets import QWidget

from jifen_desktop.model import pg_backup
from jifen_desktop.model.backup.files import BackupInfo, size_text
from jifen_desktop.model.errors import Cancelled, LedgerStateError
from jifen_desktop.model.pg_dump_file import DUMP_SUFFIX, backups_with_dumps, describe_dump
from jifen_desktop.model.server_link import address_of
from jifen_desktop.ui import messages
from jifen_desktop.ui.background import Progress, run_in_background
from jifen_desktop.ui.context import AppContext

from .backup_list import BackupListSection

DOCS_WORDING = "使用说明 docs/sync.md 的“Daily backups”一节"


RESTORE_STARTS = 0.02  # pg_backup.restore's progress once the ledger is being replaced


def heard(progress: Progress) -> Progress:
    """``progress`` for a restore: 取消 stops it only before the ledger is being replaced; after
    that the restore is one transaction that commits or fails as a whole (its progress comes
    from ``pg_backup``'s reader threads, which must keep reading), so 取消 is not heard."""

    def said(fraction: float, message: str) -> None:
        if fraction <= RESTORE_STARTS:
            progress(fraction, message)
            return
        with contextlib.suppress(Cancelled):
            progress(fraction, message)

    return said


class ServerBackupSection(BackupListSection):
    file_filter = "服务器台账备份 (*.dump)"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        self.folder = pg_backup.backups_dir(ctx.ledger.folder)
        super().__init__(ctx, parent)

    def note_text(self) -> str:
        return self.tr(
            "台账在数据库服务器上（{0}）。“立即备份”用 pg_dump 把它备份到这台电脑的 {1}"
            "（.dump 文件）；证明材料照片在各办事员电脑的数据目录里，不在备份中。"
            "每晚的自动备份和保留几天由县信息办在服务器上安排（见{2}），"
            "所以这里没有每天的自动备份和轮换。"
        ).format(address_of(self.ctx.ledger.engine).label, self.folder, DOCS_WORDING)

    def listed(self) -> list[BackupInfo]:
        return backups_with_dumps(self.folder)

    # -- backing up ---------------------------------------------------------------------------

    def run_backup(self, folder: Path | None) -> None:
        ledger = self.ctx.ledger

        def work(progress: Progress, _cancel: threading.Event) -> pg_backup.DumpResult:
            return pg_backup.dump(ledger, folder, progress)

        run_in_background(self, self.tr("正在备份服务器上的台账…"), work, self._backed_up)

    def _backed_up(self, result: pg_backup.DumpResult) -> None:
        self.done_line.setText(
            self.tr("已备份服务器上的台账：{0}（pg_dump 格式，{1}，用时 {2:.1f} 秒）。").format(
                result.backup.path, size_text(result.backup.size), result.seconds
            )
        )
        self.refresh()

    # -- restoring ----------------------------------------------------------------------------

    def restore_path(self, path: Path) -> None:
        if not path.name.endswith(DUMP_SUFFIX):
            messages.show_error(self, LedgerStateError(self._not_a_dump(path)))
            return
        if messages.confirm(self, self.tr("从备份恢复"), self._question(path)):
            self._run_restore(path)

    def _not_a_dump(self, path: Path) -> str:
        return self.tr(
            "{0} 是台账文件的备份，不能恢复到数据库服务器上：服务器上的备份是 pg_dump 做的 "
            ".dump 文件。要把乡镇的台账文件搬到服务器，请县信息办运行 jifen township move-to-server。"
        ).format(path.name)

    def _question(self, path: Path) -> str:
        info = describe_dump(path)
        made = f"{info.made_at:%Y年%m月%d日 %H:%M}的" if info is not None else ""
        return self.tr(
            "用{0}备份 {1} 替换服务器上现在的台账？\n\n这个时间之后录入、审核、兑换和导入的内容"
            "都会被换掉（之后各村送来的同步包请再导入一次）。现在的台账会先用 pg_dump 另存一份，"
            "需要时还能恢复回去。\n\n{2}\n\n恢复完成后程序会关闭，请再打开。"
        ).format(made, path.name, self.tr(pg_backup.CLERKS_MEANWHILE))

    def _run_restore(self, path: Path) -> None:
        ledger = self.ctx.ledger
        url = ledger.engine.url.render_as_string(hide_password=False)

        def work(progress: Progress, _cancel: threading.Event) -> pg_backup.RestoreResult:
            return pg_backup.restore(
                ledger.folder, url, path, replace=True, actor=ledger.actor, progress=heard(progress)
            )

        run_in_background(self, self.tr("正在从备份恢复…"), work, self._restored)

    def _restored(self, result: pg_backup.RestoreResult) -> None:
        lines = [
            self.tr("已恢复：{0}，{1} 户，{2} 条积分记录（用时 {3:.1f} 秒）。").format(
                result.contents.label, result.households, result.entries, result.seconds
            )
        ]
        if result.kept is not None:
            lines.append(self.tr("换下来的台账另存为：{0}").format(result.kept.path))
        if result.upgraded_from is not None:
            lines.append(
                self.tr("备份的数据库结构（{0}）已升级到本程序的版本。").format(
                    result.upgraded_from
                )
            )
        lines.append(self.tr("程序现在关闭，请重新打开积分台账并登录。"))
        messages.inform(self, self.tr("恢复完成"), "\n\n".join(lines))
        self.close_program()
