"""检查台账: runs ``ledger.verify`` (SQLite's integrity, the hash chain, the publication snapshots)
off the GUI thread and shows what it found: that the ledger is sound, or each record changed,
removed or slipped in behind the program's back, with what to do next. At a township it first
asks what to check (``VerifyScopeDialog``): the whole ledger, or one village's part of it
(``jifen verify --village``: a minute or less where the whole takes several)."""

from __future__ import annotations

import threading

from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from jifen_desktop.model.ledger import Ledger
from jifen_desktop.model.verify.service import VerifyReport
from jifen_desktop.model.villages import VillageInfo
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
        whose = self.tr("{0}的记录").format(self.report.village) if self.report.village else ""
        self.headline.setText(
            (whose or self.tr("台账"))
            + self.tr("完好：没有发现被改动、删除或私自添加的记录。")
            + "\n"
            + counts
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


class VerifyScopeDialog(QDialog):
    """At a township: check the whole ledger, or one village's part of it."""

    def __init__(
        self, villages: list[VillageInfo], chosen: str | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("检查台账"))
        self.whole = QRadioButton(self.tr("整个乡镇台账：全部村，连同数据库文件（要几分钟）"))
        self.one = QRadioButton(self.tr("一个村："))
        self.village = QComboBox()
        for village in villages:
            self.village.addItem(f"{village.name}（{village.code}）", village.code)
        picked = next((i for i, v in enumerate(villages) if v.id == chosen), -1)
        self.village.setCurrentIndex(max(0, picked))
        group = QButtonGroup(self)
        for button in (self.whole, self.one):
            group.addButton(button)
        (self.one if picked >= 0 else self.whole).setChecked(True)
        self.one.setEnabled(bool(villages))
        self.village.currentIndexChanged.connect(lambda _i: self.one.setChecked(True))
        self._lay_out()

    def _lay_out(self) -> None:
        hint = QLabel(
            self.tr(
                "只查一个村时，核对这个村的记录、哈希链、审计记录、公示快照和汇总，很快；"
                "数据库文件只做快速检查，完整检查请选整个乡镇台账。"
            )
        )
        hint.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.one)
        row.addWidget(self.village, 1)
        buttons = QDialogButtonBox()
        buttons.addButton(self.tr("开始检查"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.tr("取消"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("检查哪些记录？")))
        layout.addWidget(self.whole)
        layout.addLayout(row)
        layout.addWidget(hint)
        layout.addWidget(buttons)
        self.resize(px(560), self.sizeHint().height())

    def village_code(self) -> str | None:
        """The code of the village chosen; None for the whole ledger."""
        return str(self.village.currentData()) if self.one.isChecked() else None


def check_township(
    parent: QWidget | None, ledger: Ledger, chosen: str | None
) -> BackgroundTask | None:
    """Ask what to check (the village ``chosen`` on the page offered first), then check it."""
    dialog = VerifyScopeDialog(ledger.villages.list(), chosen, parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return check_ledger(parent, ledger, dialog.village_code())


def check_ledger(
    parent: QWidget | None, ledger: Ledger, village: str | None = None
) -> BackgroundTask:
    """Run the check (of one village's part, by its code) with a progress dialog; show the
    result when it is done."""

    def work(progress: Progress, _cancel: threading.Event) -> VerifyReport:
        return ledger.verify(progress, village)

    def show(report: VerifyReport) -> None:
        VerifyDialog(report, parent).exec()

    return run_in_background(parent, "正在检查台账", work, show)
