"""检查台账: runs ``ledger.verify`` (SQLite's integrity, the hash chain, the publication snapshots)
off the GUI thread and shows what it found: that the ledger is sound, or each record changed,
removed or slipped in behind the program's back, with what to do next."""

from __future__ import annotations

import threading

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from jifen_desktop.model.ledger import Ledger
from jifen_desktop.model.verify.service import VerifyReport
from jifen_desktop.ui.type_size import px

from .background import BackgroundTask, Progress, run_in_background


class VerifyDialog(QDialog):
    """The result of one check."""

    def __init__(self, report: VerifyReport, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("检查台账"))
        self.resize(px(760), px(420))
        self.report = report
        self.headline = QLabel()
        self.headline.setWordWrap(True)
        self.details = QPlainTextEdit()
        self.details.setReadOnly(True)
        counts = self._what_was_checked(report)
        if report.ok:
            self._show_clean(counts)
        else:
            self._show_findings(report, counts)
        buttons = QDialogButtonBox()
        buttons.addButton(self.tr("关闭"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.headline)
        layout.addWidget(self.details, 1)
        layout.addWidget(buttons)
        if report.ok:  # only the headline: no empty space above and below it
            self.resize(self.width(), self.sizeHint().height())

    def _what_was_checked(self, report: VerifyReport) -> str:
        """The chains, rows and records checked, and those there was nothing to check against."""
        counts = self.tr(
            "核对了 {0} 段哈希链、{1} 条记录，{2} 条农户、细则等记录与审计日志。"
        ).format(report.links, report.rows, report.records)
        if report.unaudited:
            counts += self.tr("另有 {0} 条升级前建的细则等记录没有审计记录可对照。").format(
                report.unaudited
            )
        if report.unchained:
            counts += self.tr("另有 {0} 条升级前从别的电脑同步来的记录还没有哈希链。").format(
                report.unchained
            )
        return counts

    def _show_clean(self, counts: str) -> None:
        self.headline.setText(
            self.tr("台账完好：没有发现被改动、删除或私自添加的记录。") + "\n" + counts
        )
        self.headline.setStyleSheet("color: #1b5e20; font-weight: bold;")
        self.details.hide()

    def _show_findings(self, report: VerifyReport, counts: str) -> None:
        """What to do now (restore a backup from before, tell the township) and the list."""
        self.headline.setText(
            self.tr(
                "发现 {0} 处问题。请不要继续录入：在“设置 › 备份与恢复”里找一份问题出现前的"
                "备份恢复，并把下面的清单交给乡镇核对。"
            ).format(len(report.findings))
            + "\n"
            + counts
        )
        self.headline.setStyleSheet("color: #b71c1c; font-weight: bold;")
        self.details.setPlainText("\n".join(f"· {f.message}" for f in report.findings))


def check_ledger(parent: QWidget | None, ledger: Ledger) -> BackgroundTask:
    """Run the check with a progress dialog; show the result when it is done."""

    def work(progress: Progress, _cancel: threading.Event) -> VerifyReport:
        return ledger.verify(progress)

    def show(report: VerifyReport) -> None:
        VerifyDialog(report, parent).exec()

    return run_in_background(parent, "正在检查台账", work, show)
