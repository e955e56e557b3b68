"""排名与统计: the village's ranking for a quarter, a half-year, a year or all time, by grid,
with each household's grade (评星定级) and a vetoed household marked (still ranked, not honoured); the
honours of the period (the average, the top N, the grades, who is left out for a veto);
participation by grid; and the spreadsheets of the period and grid chosen: the ranking and the
积分台账 (every entry). A second tab, 网格员, shows each recorder's figures and the households
to visit (``recorder_report``); 荣誉称号 the titles awarded; 个人排名 the persons ranked in a
group with their rates (``rankings_persons``)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from jifen_desktop.model import periods
from jifen_desktop.model.calendar.honours import Honours, graded, two_years_name
from jifen_desktop.model.tx import Change
from jifen_desktop.model.wording import grade_text
from jifen_desktop.ui import printouts
from jifen_desktop.ui.context import AppContext
from jifen_desktop.ui.flow_layout import FlowLayout, tool_bar
from jifen_desktop.ui.forms import boxed
from jifen_desktop.ui.honour_list import HonourList
from jifen_desktop.ui.tables import fit_to_contents, read_only_rows

from .base import Page

# RIGHT and fill_table are still imported from here by other pages
from .rank_tables import RIGHT as RIGHT
from .rank_tables import beside, fill_table, mark_vetoed, period_box

if TYPE_CHECKING:
    from .recorder_report import RecorderReportTab


class RankingsPage(Page):
    key = "rankings"
    shows = Change.ENTRIES | Change.HOUSEHOLDS | Change.GRIDS | Change.CALENDAR | Change.VILLAGE

    title_text = "排名与统计"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        bar = self._tool_bar()
        self.summary = QLabel()
        tables = self._tables()
        ranking_tab = QWidget()
        layout = QVBoxLayout(ranking_tab)
        layout.addLayout(bar)
        layout.addWidget(self.summary)
        layout.addLayout(tables)
        self.tabs = QTabWidget()
        self.tabs.addTab(ranking_tab, self.tr("排名"))
        self.tabs.addTab(self._recorders_tab(), self.tr("网格员"))
        self.tabs.addTab(HonourList(ctx), self.tr("荣誉称号"))  # 授予、撤销、光荣榜、奖状
        from .rankings_persons import PersonRankingTab  # built with the page, loaded with it

        self.persons = PersonRankingTab(ctx)  # refreshed when first shown, as a page is
        self.tabs.addTab(self.persons, self.tr("个人排名"))
        QVBoxLayout(self).addWidget(self.tabs)
        self._fill_grids()

    def _tool_bar(self) -> FlowLayout:
        """The ranking's choices (期间, 网格, 只看高于平均分, 评优取前 N 名) and its exports."""
        self.period = period_box()
        self.grid = QComboBox()
        self.above = QCheckBox(self.tr("只看高于平均分的户"))
        for box in (self.period, self.grid):
            box.currentIndexChanged.connect(self.refresh)
        self.above.toggled.connect(self.refresh)
        self.top_n = QSpinBox()
        self.top_n.setRange(1, 100)
        self.top_n.setValue(10)
        self.top_n.valueChanged.connect(self.refresh)
        self.export_button = QPushButton(self.tr("导出排名(Excel)…"))
        self.export_button.clicked.connect(lambda: self.export())
        self.ledger_button = QPushButton(self.tr("导出积分台账(Excel)…"))
        self.ledger_button.setToolTip(
            self.tr("所选期间、网格的全部积分记录（含待审核、未通过），带记录人和审核人")
        )
        self.ledger_button.clicked.connect(lambda: self.export_ledger())
        return tool_bar(
            (QLabel(self.tr("期间")), self.period),
            (QLabel(self.tr("网格")), self.grid),
            self.above,
            (QLabel(self.tr("评优取前")), self.top_n, QLabel(self.tr("名"))),
            16,
            self.export_button,
            self.ledger_button,
        )

    def _tables(self) -> QHBoxLayout:
        """The ranking table, and beside it 评先评优 over 参与率 (by grid)."""
        headers = ("名次", "户号", "户主", "网格", "加分", "扣分", "合计", "等级", "备注")
        self.table = QTableWidget(0, len(headers))
        self.table.setHorizontalHeaderLabels([self.tr(t) for t in headers])
        self.honours = QLabel()
        self.honours.setWordWrap(True)
        self.honours.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.honours.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.participation = QTableWidget(0, 4)
        self.participation.setHorizontalHeaderLabels(
            [self.tr(t) for t in ("网格", "户数", "参与户数", "参与率")]
        )
        for table, stretch in ((self.table, len(headers) - 1), (self.participation, 0)):
            read_only_rows(table, wrap=False)
            fit_to_contents(table, stretch)  # 备注 gives way first: 等级 and 户主 are never cut
        side = QVBoxLayout()
        side.addWidget(boxed(self.tr("评先评优"), self.honours), 3)
        side.addWidget(boxed(self.tr("参与率"), self.participation), 2)
        return beside(self.table, side, 440)

    def _recorders_tab(self) -> QWidget:
        """网格员: the recorders' figures and the households to visit (``recorder_report``),
        built when first opened (after the ranking's widgets, and only if wanted)."""
        self.recorders: RecorderReportTab | None = None
        holder = QWidget()
        room = QVBoxLayout(holder)
        room.setContentsMargins(0, 0, 0, 0)
        self.tabs.currentChanged.connect(lambda: self._open_recorders(holder, room))
        return holder

    def _open_recorders(self, holder: QWidget, room: QVBoxLayout) -> None:
        if self.recorders is None and self.tabs.currentWidget() is holder:
            from .recorder_report import RecorderReportTab  # loaded when first opened

            self.recorders = RecorderReportTab(self.ctx)
            room.addWidget(self.recorders)
            self.recorders.show()  # now, not when the event loop next runs: it refreshes

    def _fill_grids(self) -> None:
        self.grid.blockSignals(True)
        self.grid.clear()
        self.grid.addItem(self.tr("全村"), None)
        for g in self.ctx.ledger.villages.grids(self.ctx.village_id):
            self.grid.addItem(g.name, g.id)
        self.grid.blockSignals(False)

    def refresh(self) -> None:
        period = periods.parse(self.period.currentData())
        grid_id = self.grid.currentData()
        ledger, village_id = self.ctx.ledger, self.ctx.village_id
        honours = ledger.honours.honours(village_id, period, self.top_n.value(), grid_id)
        ranking = honours.ranking
        above = {r.household_id for r in honours.above_average}
        rows = (
            [r for r in ranking if r.household_id in above] if self.above.isChecked() else ranking
        )
        yearly = graded(period)
        grades = [g for g, _ in honours.grades]
        fill_table(
            self.table,
            [
                (
                    r.rank,
                    r.number,
                    r.head_name,
                    r.grid_name,
                    r.added,
                    r.deducted,
                    r.points,
                    grade_text(r, grades),
                    self.tr("一票否决，不参评") if r.vetoed else "",
                )
                for r in rows
            ],
        )
        mark_vetoed(self.table, [r.vetoed for r in rows])
        self.summary.setText(
            self.tr(
                "{0}：共 {1} 户，平均 {2:.1f} 分，高于平均分的 {3} 户（不含一票否决户）"
            ).format(period.label, len(ranking), honours.average, len(honours.above_average))
        )
        self.honours.setText(self._honours_text(honours, yearly))
        share = ledger.rankings.participation(village_id, period)
        fill_table(
            self.participation,
            [(p.grid_name, p.active_households, p.participating, f"{p.rate:.0%}") for p in share],
        )

    def export(self, target: Path | None = None, **kw: object) -> None:
        """导出排名(Excel)…: the ranking shown (period and grid), with grades and veto marks."""
        period = periods.parse(self.period.currentData())
        printouts.ranking(self, self.ctx, period, self.grid.currentData(), target=target, **kw)

    def export_ledger(self, target: Path | None = None, **kw: object) -> None:
        """导出积分台账(Excel)…: every entry of the period and grid shown."""
        period = periods.parse(self.period.currentData())
        grid_id = self.grid.currentData()
        printouts.ledger_sheet(self, self.ctx, period, grid_id, target=target, **kw)

    def _honours_text(self, honours: Honours, yearly: bool) -> str:
        """The honour lists in words: top N, grades (for a year), who is left out for a veto."""
        top = "、".join(f"{r.number} {r.head_name}（{r.points}）" for r in honours.top)
        lines = [self.tr("前 {0} 名：{1}").format(self.top_n.value(), top or self.tr("无"))]
        for grade, members in honours.grades:
            bar = self.tr("≥{0}分").format(grade.minimum) if grade.minimum is not None else ""
            lines.append(self.tr("{0}{1}：{2} 户").format(grade.name, bar, len(members)))
        if yearly and honours.grades:
            two = "、".join(f"{r.number} {r.head_name}" for r in honours.two_years)
            name = two_years_name([g for g, _ in honours.grades])
            lines.append(self.tr("{0}：{1}").format(self.tr(name), two or self.tr("无")))
        if not yearly:
            lines.append(self.tr("评星定级按年度积分评定：请在“期间”选一个年度。"))
        vetoed = "、".join(f"{r.number} {r.head_name}" for r in honours.vetoed)
        lines.append(self.tr("一票否决、不参评：{0}").format(vetoed or self.tr("无")))
        return "\n\n".join(lines)
