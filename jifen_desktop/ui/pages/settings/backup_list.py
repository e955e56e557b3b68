"""What the two 备份与恢复 sections of 设置 share — the one for a ledger file (``backup``) and
the one for a ledger on a database server (``backup_server``): the table of backups (date,
kind, size, village or township, file), the four buttons (立即备份, 备份到U盘或文件夹…,
从备份恢复…, 从其他位置恢复…), the note and the green line saying what was done. Each section
says where its backups are and how it makes and restores them."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QLabel, QPushButton, QVBoxLayout, QWidget

from jifen_desktop.model.backup.files import BackupInfo, size_text
from jifen_desktop.ui.context import AppContext
from jifen_desktop.ui.forms import DONE_STYLE

from .list_section import ListSection


class BackupListSection(ListSection[BackupInfo]):
    key = "backup"
    title_text = "备份与恢复"
    roles = ("admin",)
    what = "备份"
    file_filter = ""  # the 从其他位置恢复… dialog's filter

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.backup_button = QPushButton(self.tr("立即备份"))
        self.stick_button = QPushButton(self.tr("备份到U盘或文件夹…"))
        self.restore_button = QPushButton(self.tr("从备份恢复…"))
        self.file_button = QPushButton(self.tr("从其他位置恢复…"))
        place = self.tr("乡镇") if ctx.township else self.tr("村")
        self.set_up(
            [self.tr("日期"), self.tr("类型"), self.tr("大小"), place, self.tr("文件")],
            4,
            [
                (self.backup_button, self.back_up),
                (self.stick_button, lambda: self.back_up_to()),
                (self.restore_button, self.restore_picked),
                (self.file_button, lambda: self.restore_file()),
            ],
            self.note_text(),
        )
        self.done_line = QLabel()
        self.done_line.setWordWrap(True)
        self.done_line.setStyleSheet(DONE_STYLE)
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.addWidget(self.done_line)

    # -- what each section says -----------------------------------------------------------------

    def note_text(self) -> str:
        """The grey note under the table: where the backups are, what is kept."""
        raise NotImplementedError

    def listed(self) -> list[BackupInfo]:
        """The backups the table shows."""
        raise NotImplementedError

    def run_backup(self, folder: Path | None) -> None:
        """Back up into ``folder`` (None: the backups folder), off the GUI thread."""
        raise NotImplementedError

    def restore_path(self, path: Path) -> None:
        """Ask, then restore the backup at ``path``."""
        raise NotImplementedError

    # -- the table ------------------------------------------------------------------------------

    def refresh(self) -> None:
        found = self.listed()
        rows: list[tuple[object, ...]] = [
            (
                f"{b.made_at:%Y-%m-%d %H:%M}",
                self.tr(b.kind_name),
                size_text(b.size),
                b.village_name or self._whose(b.village_code),
                b.path.name,
            )
            for b in found
        ]
        self.show_rows(found, rows)

    def _whose(self, code: str) -> str:
        """A backup whose name holds a code only: this ledger's own show its name."""
        place = self.ctx.village
        return place.name if code == place.code else code

    def edit(self) -> None:
        """Double-click: nothing to edit in a backup."""

    # -- the buttons ----------------------------------------------------------------------------

    def back_up(self) -> None:
        """立即备份: into the backups folder."""
        self.done_line.clear()
        self.run_backup(None)

    def back_up_to(self, folder: Path | None = None) -> None:
        """备份到U盘或文件夹…: ``folder`` from the dialog (or given by a test)."""
        if folder is None:
            chosen = QFileDialog.getExistingDirectory(self, self.tr("选择U盘或文件夹"))
            if not chosen:
                return
            folder = Path(chosen)
        self.done_line.clear()
        self.run_backup(folder)

    def restore_picked(self) -> None:
        """从备份恢复…: the backup picked in the table."""
        backup = self.current()
        if backup is not None:
            self.restore_path(backup.path)

    def restore_file(self, path: Path | None = None) -> None:
        """从其他位置恢复…: a backup on a stick or elsewhere."""
        if path is None:
            chosen, _ = QFileDialog.getOpenFileName(
                self, self.tr("选择备份文件"), "", self.tr(self.file_filter)
            )
            if not chosen:
                return
            path = Path(chosen)
        self.restore_path(path)

    def close_program(self) -> None:
        """Close the main window after a restore: the last window closed, the program ends."""
        self.window().close()
