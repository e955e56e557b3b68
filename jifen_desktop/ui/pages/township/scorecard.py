"""村庄考核, a tab of 村庄总览: the villages of the chosen year ranked by their 考核 score, each
figure read as "完成 / 目标" (the full reading, the weight and the points in the cell's tip),
and for the township's admin 考核指标与权重…; 打印考核表 for the village chosen or for all,
打印考核汇总 and 导出Excel. The figures are read when the tab is shown (and again after a
change while it is), on a worker, not with every refresh of the overview."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from jifen_desktop.reports.scorecard_pdf import (
    SUMMARY_NAMES,
    write_scorecard_sheets,
    write_scorecard_summary,
)
from jifen_desktop.reports.scorecard_xlsx import write_scorecard_excel
from jifen_desktop.sync.scorecard import Scorecard, ScorecardService, ScoreItem, VillageScorecard
from jifen_desktop.sync.scorecard_targets import actor_may_set
from jifen_desktop.ui import printouts
from jifen_desktop.ui.background import Progress, run_in_background
from jifen_desktop.ui.context import AppContext
from jifen_desktop.ui.forms import hint
from jifen_desktop.ui.pdf_preview import PdfPreview, show_report

from ..sync.texts import rows_table, show_rows
from .targets_dialog import TargetsDialog

# 总分 beside the village: at 特大 the figures scroll sideways, the score stays in sight
HEADERS = ("名次", "村", "总分", *SUMMARY_NAMES.values())
Make = Callable[[Path, Progress, threading.Event], object]


def cell_text(item: ScoreItem) -> str:
    """“12 / ≥12个月”, “10% / ≥50%”, “无误”."""
    if item.key == "chain":
        return item.brief
    return f"{item.brief} / {item.target.replace(' ', '')}"


def cell_tip(item: ScoreItem) -> str:
    return (
        f"{item.name}：{item.shown}；目标 {item.target}；权重 {item.weight}，得 {item.points:g} 分"
    )


class ScorecardTab(QWidget):
    def __init__(self, ctx: AppContext, year: QComboBox, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.year = year
        self.card: Scorecard | None = None
        self._dirty = True
        self._asked = 0  # counts the refreshes asked for: only the last one's result is shown
        self.on_shown: Callable[[PdfPreview], None] | None = None  # tests look at the preview
        self.targets_button = self._button("考核指标与权重…", "targets", self.edit_targets)
        self.print_one = self._button("打印本村考核表", "print_one", self.print_selected)
        self.print_all = self._button("打印全部考核表", "print_all", self.print_sheets)
        self.print_summary = self._button("打印考核汇总", "print_summary", self.print_ranking)
        self.export = self._button("导出Excel…", "export_scorecard", lambda: self.export_excel())
        self.table = rows_table([self.tr(h) for h in HEADERS], 1, "scorecard")
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.table.doubleClicked.connect(self.print_selected)
        self.note = QLabel()
        self.note.setObjectName("scorecard_note")
        self.note.setWordWrap(True)
        bar = QHBoxLayout()
        for button in (self.print_one, self.print_all, self.print_summary, self.export):
            bar.addWidget(button)
        bar.addStretch(1)
        bar.addWidget(self.targets_button)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.note)
        layout.addWidget(
            hint(
                self.tr(
                    "按时审核：当月记录在次月底前开审核会。达到目标得满权重，未达到按比例得分；"
                    "逾期未审、异议办结天数不超过目标得满权重。把鼠标停在格子上可看完成情况和得分；"
                    "双击一个村打印它的考核表。"
                )
            )
        )
        self.targets_button.setVisible(actor_may_set(ctx.actor))
        self._update_buttons()

    def _button(self, text: str, name: str, slot: Callable[[], None]) -> QPushButton:
        button = QPushButton(self.tr(text))
        button.setObjectName(name)
        button.clicked.connect(slot)
        return button

    def mark_dirty(self) -> None:
        """The year or the data changed: read again now if on screen, else when shown."""
        if self.isVisible():
            self.refresh()
        else:
            self._dirty = True

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt override
        if self._dirty:
            self.refresh()
        super().showEvent(event)

    def refresh(self) -> None:
        """Count the year on a worker (a village's chain check reads every row it sent: about
        a second for a village of 300 households), saying which village it is at."""
        self._dirty = False
        self._asked += 1
        asked, year = self._asked, int(self.year.currentData())
        service = ScorecardService(self.ctx.ledger)
        self.note.setText(self.tr("正在统计{0}年度各村的考核情况…").format(year))

        def work(progress: Progress, _cancel: threading.Event) -> Scorecard:
            return service.scorecard(year, progress=progress)

        run_in_background(
            self,
            self.tr("村庄考核"),
            work,
            lambda card: self._show(card) if asked == self._asked else None,
            show_dialog=False,
        )

    def _show(self, card: Scorecard) -> None:
        self.card = card
        show_rows(
            self.table,
            [
                (v.rank, v.name, f"{v.total:g}", *(cell_text(i) for i in v.items))
                for v in card.villages
            ],
            right=range(2, len(HEADERS)),
        )
        for row, village in enumerate(card.villages):
            for column, item in enumerate(village.items, 3):
                cell = self.table.item(row, column)
                if cell is not None:
                    cell.setToolTip(cell_tip(item))
        self.note.setText(self._note_text(card))
        self._update_buttons()

    def _note_text(self, card: Scorecard) -> str:
        if not card.villages:
            return self.tr("还没有导入任何村的同步包。请到“同步”页，导入各村用U盘带来的同步包。")
        return self.tr("{0}年度共 {1} 个村参加考核，满分 100 分，统计截至 {2}。").format(
            card.year, len(card.villages), card.as_of
        )

    def selected(self) -> VillageScorecard | None:
        rows = {i.row() for i in self.table.selectedIndexes()}
        if self.card is None or len(rows) != 1:
            return None
        return self.card.villages[rows.pop()]

    def _update_buttons(self) -> None:
        has = bool(self.card and self.card.villages)
        self.print_one.setEnabled(self.selected() is not None)
        for button in (self.print_all, self.print_summary, self.export):
            button.setEnabled(has)

    def edit_targets(self) -> None:
        dialog = TargetsDialog(self.ctx, self)
        dialog.open()

    def print_selected(self) -> None:
        village = self.selected()
        if village is not None:
            self.print_sheets([village.figures.village_id], village.name)

    def print_sheets(self, village_ids: list[str] | None = None, name: str = "各村") -> None:
        card = self.card
        if card is None:
            return
        self._preview(
            self.tr("考核表"),
            f"{card.year}年度考核表{name}.pdf",
            lambda path, p, c: write_scorecard_sheets(
                card,
                path,
                village_ids=village_ids,
                font=printouts.chosen_font(),
                progress=p,
                cancel=c,
            ),
        )

    def print_ranking(self) -> None:
        card = self.card
        if card is None:
            return
        self._preview(
            self.tr("考核汇总"),
            f"{card.township}{card.year}年度村庄考核汇总.pdf",
            lambda path, p, c: write_scorecard_summary(
                card, path, font=printouts.chosen_font(), progress=p, cancel=c
            ),
        )

    def _preview(self, title: str, name: str, make: Make) -> None:
        show_report(self, title, name, make, self.on_shown)

    def export_excel(self, target: Path | None = None, **kw: object) -> None:
        card = self.card
        if card is None:
            return
        printouts.save_spreadsheet(
            self,
            self.tr("导出村庄考核"),
            f"{card.township}{card.year}年度村庄考核.xlsx",
            lambda path, p, c: write_scorecard_excel(card, path, progress=p, cancel=c),
            target=target,
            **kw,  # type: ignore[arg-type]
        )
