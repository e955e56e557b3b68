"""从备份恢复, the first-run wizard's page for a reinstalled computer: a backup file (from a
USB stick, or pasted), what it is as read from the file, and the restore's refusals in red under
it. Whether the file may be restored is the restore service's to say (``model.backup_restore``:
checksum, integrity, schema version); the wizard runs it (``SetupWizard.restore_backup``)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QDir
from PySide6.QtWidgets import QFileDialog, QLabel, QPushButton, QWizard

from jifen_desktop.model.backup.files import describe, size_text
from jifen_desktop.model.errors import ValidationError

from .forms import row
from .pages.sync.drives import removable_drives
from .wizard_pages import DONE, FieldsPage


class RestorePage(FieldsPage):
    """The commit page of a restore (恢复台账): the file, what it is (read from it), and a
    refusal of the restore's own checks in red under the file."""

    def __init__(self) -> None:
        super().__init__()
        self.setTitle(self.tr("从备份恢复"))
        self.setSubTitle(self.tr("台账会恢复成做备份时的样子；恢复后用以前的用户名和密码登录。"))
        self.file = self.add_field(
            "file",
            self.tr("备份文件"),
            self.tr("点“选择备份文件…”，或把文件的位置粘贴到这里"),
            self.tr(
                "备份文件名像 jifen_420881100001_20260301-083012_manual.sqlite3.xz"
                "（以前的备份是 .sqlite3），"
                "在U盘上（“备份到U盘或文件夹…”做的）或旧电脑数据目录的 backups 文件夹里；"
                "旁边的 evidence 文件夹里的证明材料照片会一起复制过来。"
            ),
        )
        self.browse = QPushButton(self.tr("选择备份文件…"))
        self.browse.clicked.connect(lambda: self.choose_file())
        self.about = QLabel()
        self.about.setObjectName("about_backup")
        self.about.setWordWrap(True)
        self.form.addRow("", row(self.browse, None))
        self.form.addRow("", self.about)
        self.file.textChanged.connect(self.clear_errors)  # (also when chosen in the dialog)
        self.file.textChanged.connect(self._describe)
        self.setCommitPage(True)
        self.setButtonText(QWizard.WizardButton.CommitButton, self.tr("恢复台账"))

    @property
    def path(self) -> Path | None:
        text = self.file.text().strip().strip('"')
        return Path(text) if text else None

    def choose_file(self, path: Path | None = None) -> None:
        """选择备份文件…: a file dialog that starts on a USB stick when one is plugged in
        (``path``: the file chosen, from a test)."""
        if path is None:
            drives = removable_drives()
            start = str(drives[0].path) if drives else QDir.homePath()
            chosen, _ = QFileDialog.getOpenFileName(
                self,
                self.tr("选择备份文件"),
                start,
                self.tr("积分台账备份 (*.sqlite3.xz *.sqlite3);;所有文件 (*)"),
            )
            if not chosen:
                return
            path = Path(chosen)
        self.file.setText(str(path))

    def _describe(self) -> None:
        """What the chosen file says it is; whether it may be restored is the restore's to say."""
        path = self.path
        if path is None or not path.is_file():
            self.about.clear()
            return
        backup = describe(path)
        if not backup.readable:
            self.about.setText(self.tr("读不出这个文件：它不是积分台账的备份，或者已经损坏。"))
            return
        self.about.setText(
            self.tr("{0}的{1}备份：{2}，{3}").format(
                f"{backup.made_at:%Y年%m月%d日 %H:%M}",
                self.tr(backup.kind_name),
                backup.village_name or backup.village_code or self.tr("村名读不出"),
                size_text(backup.size),
            )
        )

    def nextId(self) -> int:
        return DONE

    def validatePage(self) -> bool:
        """A file must be named; the wizard then restores it (``SetupWizard.restore_backup``)."""
        self.clear_errors()
        path = self.path
        if path is None:
            return self.refuse(ValidationError(self.tr("请先选择备份文件。"), field="file"))
        return True
