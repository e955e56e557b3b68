"""The last pages of the 年度结转 wizard: where the year archive and the backup go (a folder, a
USB stick), the one summary of what will be done with its confirmation tick, the progress while
it runs, and the result of each step."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from jifen_desktop.reports.year_close_run import StepOutcome

from .forms import hint
from .year_close_pages import done_label, title_label


def _documents() -> Path:
    where = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(where or Path.home())


class FolderChoice(QWidget):
    """A tick, a folder line and 选择…; ``folder`` is None when unticked or empty."""

    def __init__(self, name: str, text: str, start: Path | None) -> None:
        super().__init__()
        self.do = QCheckBox(text)
        self.do.setObjectName(f"{name}_do")
        self.do.setChecked(True)
        self.line = QLineEdit(str(start) if start else "")
        self.line.setObjectName(f"{name}_dir")
        self.line.setPlaceholderText(self.tr("选择文件夹或U盘"))
        choose = QPushButton(self.tr("选择…"))
        choose.setObjectName(f"{name}_choose")
        choose.clicked.connect(self.choose)
        row = QHBoxLayout()
        row.addWidget(self.line, 1)
        row.addWidget(choose)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.do)
        layout.addLayout(row)

    def choose(self) -> None:
        start = self.line.text() or str(_documents())
        folder = QFileDialog.getExistingDirectory(self, self.tr("选择文件夹"), start)
        if folder:
            self.line.setText(folder)

    @property
    def folder(self) -> Path | None:
        text = self.line.text().strip()
        return Path(text).expanduser() if self.do.isChecked() and text else None


class FilesPage(QWidget):
    """5. 年度档案和备份: where each goes."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("year_close_page_files")
        self.state = done_label("")
        self.archive = FolderChoice("archive", self.tr("生成年度档案，存到："), _documents())
        self.backup = FolderChoice("backup", self.tr("备份台账到U盘或另一个文件夹："), None)
        layout = QVBoxLayout(self)
        layout.addWidget(title_label(self.tr("年度档案和备份")))
        layout.addWidget(self.state)
        layout.addWidget(self.archive)
        layout.addWidget(
            hint(
                self.tr(
                    "档案文件夹里有：本年度积分台账（Excel）、全部户积分卡（一个PDF）、"
                    "四个季度的公示表、十二个月的审核会议记录。"
                )
            )
        )
        layout.addWidget(self.backup)
        layout.addWidget(
            hint(
                self.tr(
                    "备份请存到U盘，与电脑分开保管；证明材料照片一并复制。"
                    "恢复时在“设置 › 备份与恢复”里选这个备份文件。"
                )
            )
        )
        layout.addStretch(1)

    def show_done(self, archive: str, backup: str) -> None:
        """What was made before; a step done is not offered again."""
        self.state.setText("\n".join(t for t in (archive, backup) if t))
        self.state.setVisible(bool(archive or backup))
        for choice, done in ((self.archive, archive), (self.backup, backup)):
            choice.setVisible(not done)
            choice.do.setChecked(not done)

    def may_go_on(self) -> str:
        for choice in (self.archive, self.backup):
            if choice.do.isChecked() and choice.folder is None:
                return self.tr("请选择存放的文件夹，或去掉勾选。")
        return ""


class SummaryPage(QWidget):
    """6. 确认: what will be done, step by step, and the one confirmation."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("year_close_page_summary")
        self.text = QLabel()
        self.text.setObjectName("summary_text")
        self.text.setWordWrap(True)
        self.confirm = QCheckBox(self.tr("我已核对以上内容，确认结转"))
        self.confirm.setObjectName("confirm_check")
        layout = QVBoxLayout(self)
        layout.addWidget(title_label(self.tr("将要做的：")))
        layout.addWidget(self.text)
        layout.addWidget(
            hint(
                self.tr(
                    "每一步做完就记入台账；中途断电或关机，再打开向导会接着做，做过的不会重做。"
                    "荣誉称号、清零和基础分都记入审计日志。"
                )
            )
        )
        layout.addWidget(self.confirm)
        layout.addStretch(1)

    def show_lines(self, lines: list[str]) -> None:
        self.text.setText("\n".join(lines))
        self.confirm.setChecked(False)


class ProgressPage(QWidget):
    """7. 正在结转: the step under way."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("year_close_page_progress")
        self.bar = QProgressBar()
        self.bar.setObjectName("progress_bar")
        self.bar.setRange(0, 1000)
        self.text = QLabel()
        self.text.setObjectName("progress_text")
        self.text.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(title_label(self.tr("正在结转，请不要关机…")))
        layout.addWidget(self.bar)
        layout.addWidget(self.text)
        layout.addWidget(hint(self.tr("点“暂停”可以停下，以后再打开向导接着做。")))
        layout.addStretch(1)

    def show_progress(self, fraction: float, message: str) -> None:
        self.bar.setValue(int(fraction * 1000))
        self.text.setText(message)


class ResultPage(QWidget):
    """8. 结果: what each step did, or why it was not done."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("year_close_page_result")
        self.heading = title_label("")
        self.text = QLabel()
        self.text.setObjectName("result_text")
        self.text.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.text)
        layout.addStretch(1)

    def show_outcomes(self, year: int, outcomes: list[StepOutcome]) -> None:
        left = [o for o in outcomes if not o.done]
        self.heading.setText(
            self.tr(f"{year}年度结转完成。")
            if not left
            else self.tr(f"{year}年度结转已做完能做的步骤，还有 {len(left)} 步没做：")
        )
        self.text.setText(
            "\n".join(f"{'✓' if o.done else '○'} {o.title}：{o.text}" for o in outcomes)
        )

    def show_stopped(self, message: str) -> None:
        self.heading.setText(self.tr("年度结转没有做完"))
        self.text.setText(
            message + self.tr("\n已做完的步骤都已记入台账；再打开向导，会从没做完的步骤接着做。")
        )
